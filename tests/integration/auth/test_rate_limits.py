"""Brute force (security.md check 12): per-account and per-address limits on sign-in and on
the MFA code, answered with 429 and Retry-After, never a 500. Limits are off in TestConfig,
so these tests turn them on."""
from app.auth.models import Role
from tests.conftest import PASSWORD
from tests.integration.auth.conftest import add_user

LIMITS = {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://"}


def _login(client, email, password, ip):
    return client.post("/auth/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": ip})


def _is_refused(response):
    assert response.status_code == 429, response.status_code
    assert int(response.headers["Retry-After"]) > 0
    assert b"Traceback" not in response.data
    return True


def test_per_address_limit(make_app):
    app = make_app(**LIMITS, LOGIN_LIMIT_PER_IP="10 per minute")
    client = app.test_client()
    for n in range(10):
        assert _login(client, f"nobody{n}@example.org", "wrong password 12", "10.0.0.1") \
            .status_code == 200
    assert _is_refused(_login(client, "nobody@example.org", "wrong password 12", "10.0.0.1"))
    assert _login(client, "nobody@example.org", "wrong password 12", "10.0.0.2") \
        .status_code == 200  # another address is not affected


def test_101st_failure_on_one_account_is_refused_from_any_address(make_app):
    app = make_app(**LIMITS, LOGIN_LIMIT_PER_IP="1000 per minute")
    user = add_user(Role.CENTRE_REGISTRAR, "target@example.org", state="KEN")
    add_user(Role.CENTRE_REGISTRAR, "bystander@example.org", state="KEN")
    client = app.test_client()
    for n in range(100):  # 100 failures spread over 50 addresses
        assert _login(client, user.email, "wrong password 12", f"10.1.0.{n % 50}") \
            .status_code == 200
    assert _is_refused(_login(client, user.email, "wrong password 12", "10.9.9.9"))
    assert _is_refused(_login(client, user.email.upper(), PASSWORD, "10.9.9.8"))  # even right
    assert _login(client, "bystander@example.org", PASSWORD, "10.9.9.9").status_code == 302


def test_successful_sign_ins_do_not_count_against_the_account(make_app):
    app = make_app(**LIMITS, LOGIN_LIMIT_PER_IP="1000 per minute",
                   LOGIN_LIMIT_PER_ACCOUNT="3 per hour")
    user = add_user(Role.CENTRE_REGISTRAR, "often@example.org", state="KEN")
    for n in range(5):
        client = app.test_client()
        assert _login(client, user.email, PASSWORD, f"10.2.0.{n}").status_code == 302


def test_unknown_user_and_wrong_password_are_limited_alike(make_app):
    app = make_app(**LIMITS, LOGIN_LIMIT_PER_IP="1000 per minute",
                   LOGIN_LIMIT_PER_ACCOUNT="2 per hour")
    add_user(Role.CENTRE_REGISTRAR, "known@example.org", state="KEN")
    client = app.test_client()
    for email in ("known@example.org", "unknown@example.org"):
        for _ in range(2):
            assert _login(client, email, "wrong password 12", "10.3.0.1").status_code == 200
        assert _is_refused(_login(client, email, "wrong password 12", "10.3.0.1"))


def test_mfa_codes_are_limited_to_five_failures_in_five_minutes(make_app):
    app = make_app(**LIMITS, LOGIN_LIMIT_PER_IP="1000 per minute")
    user = add_user(Role.UN_OFFICER, "officer@example.org")
    client = app.test_client()
    assert _login(client, user.email, PASSWORD, "10.4.0.1").status_code == 302
    for _ in range(5):
        assert client.post("/auth/mfa", data={"code": "000000"}).status_code == 200
    _is_refused(client.post("/auth/mfa", data={"code": "000000"}))
    other = app.test_client()  # the limit follows the account, not the browser
    assert _login(other, user.email, PASSWORD, "10.4.0.2").status_code == 302
    _is_refused(other.post("/auth/mfa", data={"code": "000000"}))


def test_serial_lookups_are_limited(make_app):
    """Serial + surname look-ups (a serial alone is guessable) share the PDF check's limit."""
    app = make_app(**LIMITS, VERIFY_CHECK_LIMIT="3 per minute")
    client = app.test_client()
    codes = [client.post("/verify/lookup", data={"serial": "KEN-2026-000001",
                                                 "surname": "Nobody"}).status_code
             for _ in range(5)]
    assert codes == [404, 404, 404, 429, 429]


def test_the_idle_before_request_check_is_dropped_and_view_limits_still_hold(make_app):
    from app.extensions import limiter

    app = make_app(**LIMITS, VERIFY_LIMIT="3 per minute")
    assert limiter._check_request_limit not in app.before_request_funcs[None]
    client = app.test_client()
    answers = [client.get("/verify/no-such-token", environ_base={"REMOTE_ADDR": "10.9.0.1"})
               .status_code for _ in range(4)]
    assert answers == [404, 404, 404, 429]


def test_a_limit_spanning_views_keeps_the_before_request_check(make_app, monkeypatch):
    from flask import Blueprint

    from app.extensions import limiter

    manager = limiter.limit_manager
    monkeypatch.setattr(manager, "_blueprint_limits", dict(manager._blueprint_limits))
    limiter.limit("5 per minute")(Blueprint("verification", __name__))
    app = make_app(**LIMITS)
    assert limiter._check_request_limit in app.before_request_funcs[None]
