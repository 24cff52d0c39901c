"""Sign-in: one answer for every failure, audit events, re-hashing, `next`, a new session."""
import re

from argon2 import PasswordHasher
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.auth.passwords import verify_password
from tests.conftest import PASSWORD


def _post(client, email, password, **kw):
    return client.post("/auth/login", data={"email": email, "password": password}, **kw)


def _events(db, action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_unknown_user_wrong_password_and_disabled_account_get_the_same_answer(client, make_user,
                                                                              db):
    user = make_user()
    disabled = make_user(email="off@example.org")
    disabled.is_enabled = False
    db.session.commit()
    tries = [("nobody@example.org", PASSWORD), (user.email, PASSWORD + "x"),
             (disabled.email, PASSWORD)]
    answers = [(email, _post(client, email, password)) for email, password in tries]
    assert {a.status_code for _e, a in answers} == {200}
    # The CSRF token carries a timestamp in seconds, so it may tick between two answers.
    bodies = {re.sub(r'name="csrf_token" value="[^"]*"', "", a.get_data(as_text=True))
              .replace(email, "EMAIL") for email, a in answers}
    assert len(bodies) == 1
    assert "Wrong email or password." in bodies.pop()
    assert len(_events(db, "auth.login_failed")) == 3


def test_successful_sign_in_is_audited_and_updates_last_login(client, make_user, db):
    user = make_user()
    response = _post(client, user.email, PASSWORD)
    assert response.status_code == 302
    event = _events(db, "auth.login")[-1]
    assert event.actor_id == user.id and event.ts.tzinfo is not None and event.request_id
    assert user.last_login_at is not None


def test_email_is_case_insensitive(client, make_user):
    user = make_user(email="Mixed.Case@Example.org")
    assert _post(client, user.email.upper(), PASSWORD).status_code == 302


def test_old_parameter_hash_is_upgraded_at_sign_in(client, make_user, db):
    user = make_user()
    user.password_hash = PasswordHasher(time_cost=2, memory_cost=16384, parallelism=2).hash(
        PASSWORD)
    db.session.commit()
    old = user.password_hash
    assert _post(client, user.email, PASSWORD).status_code == 302
    db.session.refresh(user)
    assert user.password_hash != old and verify_password(user.password_hash, PASSWORD)
    assert "t=1" in user.password_hash  # the current (test) parameters


def test_password_is_not_truncated(client, make_user):
    long_password = "Ngong hills at dawn, seven herons over Lake Naivasha, " * 2
    user = make_user(email="long@example.org")
    from app.auth.passwords import hash_password

    user.password_hash = hash_password(long_password)
    from app.extensions import db

    db.session.commit()
    changed = long_password[:79] + "#" + long_password[80:]
    assert _post(client, user.email, changed).status_code == 200
    assert _post(client, user.email, long_password).status_code == 302


def test_relative_next_is_followed_and_absolute_is_ignored(client, make_user):
    user = make_user()
    response = client.post("/auth/login?next=/auth/account",
                           data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/auth/account"
    client.post("/auth/logout")
    response = client.post("/auth/login?next=https://evil.example/x",
                           data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/home"


def test_sign_in_starts_a_new_session(client, make_user):
    user = make_user()
    client.get("/auth/login")
    client.post("/lang/fr")  # something in the pre-login session
    before = client.get_cookie("session").value
    _post(client, user.email, PASSWORD)
    after = client.get_cookie("session").value
    assert before != after
    with client.session_transaction() as s:
        assert "lang" not in s  # the old session's contents were dropped
        assert s["_user_id"] == user.get_id()


def test_signed_in_user_visiting_login_is_sent_home(client, make_user, login_as):
    login_as(make_user())
    assert client.get("/auth/login").status_code == 302


def test_auth_pages_in_french(client, make_user, login_as):
    client.post("/lang/fr")
    page = client.get("/auth/login").get_data(as_text=True)
    assert "Se connecter" in page and "Mot de passe" in page
    wrong = client.post("/auth/login", data={"email": "x@example.org", "password": "nope nope 12"})
    assert "Adresse électronique ou mot de passe erroné." in wrong.get_data(as_text=True)
    login_as(make_user())
    client.post("/lang/fr")
    account = client.get("/auth/account").get_data(as_text=True)
    assert "Mon compte" in account and "Jetons d’API personnels" in account
