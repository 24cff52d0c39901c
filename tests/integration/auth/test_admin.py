"""User administration: invitations (random, hashed, one-time, expiring), role changes,
disabling, and the list."""
import re

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.auth.models import Invitation, Role, User
from app.auth.tokens import digest
from tests.conftest import PASSWORD

NEW_PASSWORD = "a fresh passphrase for the new registrar"


@pytest.fixture
def admin_client(client, make_user, login_as):
    admin = make_user(Role.UN_ADMIN)
    login_as(admin)
    client.admin = admin
    return client


def _invite(client, **data):
    response = client.post("/admin/users/invite", data=data)
    assert response.status_code == 200, response.data
    match = re.search(r'id="invite-link">[^<]*/auth/invite/([^<]+)<', response.get_data(as_text=True))
    return match.group(1) if match else None


def test_invitation_round_trip(admin_client, app, make_state, db):
    state = make_state("GHA")
    token = _invite(admin_client, email="new.reg@example.org", role="centre_registrar",
                    state=str(state.id), display_name="New Registrar")
    assert token and len(token) >= 43  # 256 bits
    invitation = db.session.scalar(select(Invitation))
    assert invitation.token_hash == digest(token) and token not in invitation.token_hash
    invitee = app.test_client()
    assert invitee.get(f"/auth/invite/{token}").status_code == 200
    weak = invitee.post(f"/auth/invite/{token}", data={"password": "passwordpassword",
                                                       "confirm": "passwordpassword"})
    assert weak.status_code == 200 and b"too common" in weak.data
    done = invitee.post(f"/auth/invite/{token}", data={"password": NEW_PASSWORD,
                                                       "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "new.reg@example.org"))
    assert user.role is Role.CENTRE_REGISTRAR and user.state_id == state.id
    assert invitee.get(f"/auth/invite/{token}").status_code == 404  # works once
    assert invitee.post("/auth/login", data={"email": user.email, "password": NEW_PASSWORD}) \
        .status_code == 302


def test_invitation_expires(admin_client, app, db, clock):
    token = _invite(admin_client, email="late@example.org", role="un_officer", state="")
    invitee = app.test_client()
    clock.advance(hours=71, minutes=59)
    assert invitee.get(f"/auth/invite/{token}").status_code == 200
    clock.advance(minutes=2)
    assert invitee.get(f"/auth/invite/{token}").status_code == 404


def test_invitation_needs_a_state_for_state_roles_and_none_for_un(admin_client, make_state):
    state = make_state("KEN")
    assert _invite(admin_client, email="a@example.org", role="certifying_officer",
                   state="") is None
    assert _invite(admin_client, email="b@example.org", role="un_officer",
                   state=str(state.id)) is None
    assert _invite(admin_client, email=admin_client.admin.email, role="un_officer",
                   state="") is None  # exists already


def test_role_change_is_audited_and_refused_for_oneself(admin_client, make_user, db):
    user = make_user(Role.CENTRE_REGISTRAR)
    response = admin_client.post(f"/admin/users/{user.id}/role",
                                 data={"role": "certifying_officer", "state": str(user.state_id)})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.role is Role.CERTIFYING_OFFICER
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.role_change"))
    assert event.details["from"]["role"] == "centre_registrar"
    assert event.details["to"]["role"] == "certifying_officer"
    admin_client.post(f"/admin/users/{admin_client.admin.id}/role",
                      data={"role": "un_officer", "state": ""})
    db.session.refresh(admin_client.admin)
    assert admin_client.admin.role is Role.UN_ADMIN


def test_disable_and_enable(admin_client, app, make_user, db):
    user = make_user()
    page = admin_client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert f'id="disable" href="/admin/users/{user.id}/disable"' in page  # asks first
    confirm = admin_client.get(f"/admin/users/{user.id}/disable").get_data(as_text=True)
    assert f"The account of {user.display_name} ({user.email}) is disabled." in confirm
    assert "revoked for good" in confirm
    db.session.refresh(user)
    assert user.is_enabled
    assert admin_client.post(f"/admin/users/{user.id}/disable").status_code == 302
    other = app.test_client()
    assert other.post("/auth/login", data={"email": user.email, "password": PASSWORD}) \
        .status_code == 200
    admin_client.post(f"/admin/users/{user.id}/enable")
    assert other.post("/auth/login", data={"email": user.email, "password": PASSWORD}) \
        .status_code == 302
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"user.disable", "user.enable"} <= actions


def test_sign_out_everywhere(admin_client, app, make_user):
    user = make_user()
    other = app.test_client()
    other.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert other.get("/auth/account").status_code == 200
    admin_client.post(f"/admin/users/{user.id}/sessions/end")
    assert other.get("/auth/account").status_code == 302


def test_user_list_filters(admin_client, make_user):
    make_user(Role.TOT_TRAINER, email="trainer.one@example.org")
    make_user(Role.CENTRE_REGISTRAR, email="registrar.one@example.org")
    page = admin_client.get("/admin/users?role=tot_trainer").get_data(as_text=True)
    assert "trainer.one@example.org" in page and "registrar.one@example.org" not in page
    page = admin_client.get("/admin/users?q=REGISTRAR.ONE").get_data(as_text=True)
    assert "registrar.one@example.org" in page and "trainer.one@example.org" not in page


def test_only_un_admin_manages_users(client, make_user, login_as, db):
    login_as(make_user(Role.UN_OFFICER))
    assert client.get("/admin/users").status_code == 403
    denied = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "access.denied"))
    assert [e.details["what"] for e in denied] == ["user.manage"]


def test_admin_and_audit_pages_in_french(admin_client):
    admin_client.post("/lang/fr")
    users = admin_client.get("/admin/users").get_data(as_text=True)
    assert "Inviter un utilisateur" in users and "Invitations en attente" in users
    assert "Administrateur de l’ONU" in users
    assert "Journal d’audit" in admin_client.get("/audit/events").get_data(as_text=True)


def test_name_and_function_printed_on_certificates_are_set_and_audited(admin_client, make_user,
                                                                        db):
    officer = make_user(Role.CERTIFYING_OFFICER)
    url = f"/admin/users/{officer.id}/details"
    response = admin_client.post(url, data={"display_name": " Col Amina Otieno ",
                                            "job_title": "Director, Peace Support Training"})
    assert response.status_code == 302
    db.session.refresh(officer)
    assert (officer.display_name, officer.job_title) == ("Col Amina Otieno",
                                                        "Director, Peace Support Training")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.details"))
    assert event.details["to"]["job_title"] == "Director, Peace Support Training"
    page = admin_client.get(f"/admin/users/{officer.id}").get_data(as_text=True)
    assert "Director, Peace Support Training" in page
    # an empty function prints the role alone; a function over 120 characters is refused
    admin_client.post(url, data={"display_name": "Col Amina Otieno", "job_title": " "})
    db.session.refresh(officer)
    assert officer.job_title is None
    admin_client.post(url, data={"display_name": "Col Amina Otieno", "job_title": "x" * 121})
    db.session.refresh(officer)
    assert officer.job_title is None
    admin_client.post("/lang/fr")
    page = admin_client.get(f"/admin/users/{officer.id}").get_data(as_text=True)
    assert "Nom et fonction sur les certificats" in page
