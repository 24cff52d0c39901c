"""Session lifecycle (security.md check 13): logout really ends a session, idle and absolute
timeouts on a controlled clock, password change / disable / role change end other sessions,
cookie flags."""
from app.auth.models import Role
from tests.conftest import PASSWORD
from tests.integration.auth.conftest import add_user


def _signed_in(client) -> bool:
    return client.get("/auth/account").status_code == 200


def test_cookie_captured_before_logout_is_dead_afterwards(client, make_user, login_as):
    login_as(make_user())
    captured = client.get_cookie("session").value
    assert _signed_in(client)
    assert client.post("/auth/logout").status_code == 302
    assert not _signed_in(client)
    client.set_cookie("session", captured)  # replay the stolen cookie
    response = client.get("/auth/account")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert client.get("/api/v1/me").status_code == 401


def test_idle_timeout_at_30_minutes(client, make_user, login_as, clock):
    login_as(make_user())
    clock.advance(minutes=29)
    assert _signed_in(client)  # activity resets the idle clock
    clock.advance(minutes=29)
    assert _signed_in(client)
    clock.advance(minutes=31)
    assert not _signed_in(client)


def test_absolute_timeout_at_12_hours_despite_activity(client, make_user, login_as, clock):
    login_as(make_user())
    for _ in range(35):  # 11 h 40 min of activity every 20 minutes
        clock.advance(minutes=20)
        assert _signed_in(client)
    clock.advance(minutes=19)  # 11 h 59 min
    assert _signed_in(client)
    clock.advance(minutes=2)  # 12 h 1 min
    assert not _signed_in(client)


def test_password_change_ends_other_sessions_but_not_this_one(app, make_user, login_as):
    user = make_user()
    other = app.test_client()
    other.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert _signed_in(other)
    this = app.test_client()
    this.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    new = "a completely new passphrase for 2026"
    response = this.post("/auth/account/password", data={
        "current_password": PASSWORD, "new_password": new, "confirm": new})
    assert response.status_code == 302
    assert _signed_in(this)
    assert not _signed_in(other)


def test_password_change_needs_the_current_password_and_the_rules(client, make_user, login_as):
    login_as(make_user())
    wrong = client.post("/auth/account/password", data={
        "current_password": "not my password at all", "new_password": "x" * 20 + " fresh 2026",
        "confirm": "x" * 20 + " fresh 2026"})
    assert wrong.status_code == 200 and b"current password is wrong" in wrong.data
    weak = client.post("/auth/account/password", data={
        "current_password": PASSWORD, "new_password": "passwordpassword",
        "confirm": "passwordpassword"})
    assert weak.status_code == 200 and b"too common" in weak.data
    short = client.post("/auth/account/password", data={
        "current_password": PASSWORD, "new_password": "short one", "confirm": "short one"})
    assert short.status_code == 200 and b"at least 12" in short.data


def test_disabling_a_user_ends_their_sessions_and_tokens(app, make_user, login_as, db):
    from app.auth import tokens

    user = make_user()
    _token, secret = tokens.create_api_token(user, "t", days=30)
    db.session.commit()
    victim = app.test_client()
    victim.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert _signed_in(victim)
    admin_client = app.test_client()
    admin = make_user(Role.UN_ADMIN)
    from tests.conftest import complete_mfa

    admin_client.post("/auth/login", data={"email": admin.email, "password": PASSWORD})
    complete_mfa(admin_client, admin)
    assert admin_client.post(f"/admin/users/{user.id}/disable").status_code == 302
    assert not _signed_in(victim)
    bearer = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert bearer.status_code == 401


def test_role_change_ends_sessions(app, make_user, db):
    from app.auth.services import change_role

    user = make_user()
    admin = make_user(Role.UN_ADMIN)
    c = app.test_client()
    c.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    change_role(user, Role.CENTRE_REGISTRAR, make_user().state_id, actor=admin)
    db.session.commit()
    assert not _signed_in(c)


def test_production_cookie_flags(make_app):
    app = make_app(SESSION_COOKIE_NAME="__Host-session", SESSION_COOKIE_SECURE=True, HSTS=True)
    add_user(Role.CENTRE_REGISTRAR, "reg@example.org", state="KEN")
    client = app.test_client()
    response = client.post("/auth/login", base_url="https://localhost",
                           data={"email": "reg@example.org", "password": PASSWORD})
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies
    for cookie in cookies:
        assert cookie.startswith("__Host-session=")
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert "Path=/" in cookie and "Domain" not in cookie  # __Host- rules
    from app.config import Config

    assert Config.SESSION_COOKIE_NAME.startswith("__Host-") and Config.SESSION_COOKIE_SECURE
    assert Config.REMEMBER_COOKIE_SECURE and Config.REMEMBER_COOKIE_HTTPONLY
    assert Config.PERMANENT_SESSION_LIFETIME.total_seconds() == 12 * 3600
    assert Config.SESSION_IDLE_TIMEOUT.total_seconds() == 30 * 60


def test_a_new_secret_key_ends_every_session_and_a_listed_old_one_keeps_them(app, client,
                                                                            make_user, login_as):
    """The session signer is built once per secret key (app/security.py): rotating the key must
    still end the sessions signed with the old one, unless it is kept in SECRET_KEY_FALLBACKS."""
    login_as(make_user())
    assert _signed_in(client)
    signed_with_old = client.get_cookie("session").value
    old = app.secret_key
    app.secret_key = old + "-rotated"
    assert not _signed_in(client)
    app.config["SECRET_KEY_FALLBACKS"] = [old]
    client.set_cookie("session", signed_with_old)
    assert _signed_in(client)
