"""Two-step verification (security.md check 11): required for UN staff and certifying officers
before any protected page; codes work once; enrolment with a QR code and a typed key."""
import re

import pyotp
import pytest

from app.auth.models import Role
from tests.conftest import PASSWORD
from tests.integration.auth.conftest import totp_now

MFA_ROLES = [Role.UN_OFFICER, Role.UN_ADMIN, Role.CERTIFYING_OFFICER]
PROTECTED = ["/auth/account", "/audit/events", "/admin/users", "/api/v1/me"]


def _password_step(client, user):
    return client.post("/auth/login", data={"email": user.email, "password": PASSWORD})


@pytest.mark.parametrize("role", MFA_ROLES, ids=lambda r: r.value)
def test_roles_needing_mfa_reach_nothing_protected_after_the_password_alone(client, make_user,
                                                                           role):
    user = make_user(role)
    response = _password_step(client, user)
    assert response.headers["Location"].endswith("/auth/mfa")
    for path in PROTECTED:
        answer = client.get(path)
        assert answer.status_code in (302, 401), path
        if answer.status_code == 302:
            assert "/auth/login" in answer.headers["Location"]
    assert client.post("/auth/mfa", data={"code": totp_now(user)}).status_code == 302
    assert client.get("/auth/account").status_code == 200


@pytest.mark.parametrize("role", MFA_ROLES, ids=lambda r: r.value)
def test_unenrolled_required_role_must_enrol_first(client, make_user, role, db):
    user = make_user(role, mfa=False)
    response = _password_step(client, user)
    assert response.headers["Location"].endswith("/auth/mfa/enrol")
    assert client.get("/auth/mfa").headers["Location"].endswith("/auth/mfa/enrol")
    page = client.get("/auth/mfa/enrol").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page and "<script" not in page.split("</nav>")[1]
    secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    token = re.search(r'name="enrolment" type="hidden" value="([^"]+)"', page).group(1)
    assert client.get("/auth/account").status_code == 302  # still not signed in
    wrong = client.post("/auth/mfa/enrol", data={"enrolment": token, "code": "000000"})
    assert wrong.status_code == 200 and secret[:4] in wrong.get_data(as_text=True)
    ok = client.post("/auth/mfa/enrol", data={"enrolment": token,
                                              "code": pyotp.TOTP(secret).now()})
    assert ok.status_code == 302
    assert client.get("/auth/account").status_code == 200
    db.session.refresh(user)
    assert user.mfa_enabled and user.mfa_secret == secret


def test_enrolment_token_is_bound_to_its_user_and_signed(client, make_user):
    first = make_user(Role.UN_OFFICER, mfa=False)
    _password_step(client, first)
    page = client.get("/auth/mfa/enrol").get_data(as_text=True)
    token = re.search(r'name="enrolment" type="hidden" value="([^"]+)"', page).group(1)
    secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    second = make_user(Role.UN_OFFICER, mfa=False)
    _password_step(client, second)
    answer = client.post("/auth/mfa/enrol", data={"enrolment": token,
                                                  "code": pyotp.TOTP(secret).now()})
    assert answer.status_code == 200  # a new secret is offered instead
    assert client.get("/auth/account").status_code == 302
    forged = client.post("/auth/mfa/enrol", data={"enrolment": token[:-2] + "xx",
                                                  "code": pyotp.TOTP(secret).now()})
    assert forged.status_code == 200


def test_enrolled_user_cannot_re_enrol_during_sign_in(client, make_user):
    user = make_user(Role.UN_ADMIN)
    _password_step(client, user)
    assert client.get("/auth/mfa/enrol").headers["Location"].endswith("/auth/mfa")


def test_a_code_works_only_once(app, make_user, db):
    user = make_user(Role.UN_OFFICER)
    code = totp_now(user)
    first = app.test_client()
    _password_step(first, user)
    assert first.post("/auth/mfa", data={"code": code}).status_code == 302
    second = app.test_client()
    _password_step(second, user)
    replay = second.post("/auth/mfa", data={"code": code})
    assert replay.status_code == 200 and b"not valid" in replay.data
    assert second.get("/auth/account").status_code == 302


def test_code_outside_one_step_is_refused(client, make_user):
    user = make_user(Role.UN_OFFICER)
    _password_step(client, user)
    assert client.post("/auth/mfa", data={"code": totp_now(user, -3)}).status_code == 200
    assert client.post("/auth/mfa", data={"code": totp_now(user, 3)}).status_code == 200
    assert client.post("/auth/mfa", data={"code": totp_now(user, 1)}).status_code == 302


def test_pending_sign_in_expires_after_ten_minutes(client, make_user, clock):
    user = make_user(Role.UN_OFFICER)
    _password_step(client, user)
    clock.advance(minutes=11)
    response = client.post("/auth/mfa", data={"code": totp_now(user)})
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_session_of_an_mfa_role_without_mfa_is_refused(client, make_user, login_as, db):
    user = make_user(Role.CENTRE_REGISTRAR)
    login_as(user)
    assert client.get("/auth/account").status_code == 200
    user.role = Role.CERTIFYING_OFFICER  # changed behind the session's back
    db.session.commit()
    assert client.get("/auth/account").status_code == 302


def test_optional_mfa_for_other_roles(client, make_user, login_as, db):
    user = make_user(Role.CENTRE_REGISTRAR)
    login_as(user)  # no second step
    page = client.get("/auth/mfa/enrol").get_data(as_text=True)
    token = re.search(r'name="enrolment" type="hidden" value="([^"]+)"', page).group(1)
    secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    assert client.post("/auth/mfa/enrol", data={
        "enrolment": token, "code": pyotp.TOTP(secret).now()}).status_code == 302
    client.post("/auth/logout")
    assert _password_step(client, user).headers["Location"].endswith("/auth/mfa")
    db.session.refresh(user)
    user.mfa_last_step = 0
    db.session.commit()
    client.post("/auth/mfa", data={"code": pyotp.TOTP(secret).now()})
    off = client.post("/auth/mfa/disable", data={"password": PASSWORD})
    assert off.status_code == 302
    db.session.refresh(user)
    assert not user.mfa_enabled


def test_required_roles_cannot_turn_mfa_off(client, make_user, login_as, db):
    user = make_user(Role.UN_OFFICER)
    login_as(user)
    client.post("/auth/mfa/disable", data={"password": PASSWORD})
    db.session.refresh(user)
    assert user.mfa_enabled
