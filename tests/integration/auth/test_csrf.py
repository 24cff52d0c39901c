"""CSRF protection with CSRF switched on (security.md check 14): every state-changing page
request without a token, or with another session's token, is refused with 400."""
import re

from app.auth.models import Role
from tests.conftest import PASSWORD
from tests.integration.auth.conftest import add_user, totp_now

CSRF = {"WTF_CSRF_ENABLED": True}
# POSTs that change nothing (a PDF upload checked and answered): no session, no token; see
# test_public_pages_carry_no_token_and_need_none.
READ_ONLY_POSTS = {"/verify/check", "/verify/lookup"}


def _token(client, path="/auth/login") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def _sign_in(client, user):
    token = _token(client)
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD,
                                                "csrf_token": token})
    assert response.status_code == 302
    if response.headers["Location"].endswith("/auth/mfa"):
        token = _token(client, "/auth/mfa")
        assert client.post("/auth/mfa", data={"code": totp_now(user),
                                              "csrf_token": token}).status_code == 302


def test_login_without_token_is_refused(make_app):
    app = make_app(**CSRF)
    user = add_user(Role.CENTRE_REGISTRAR, "reg@example.org", state="KEN")
    client = app.test_client()
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/auth/account").status_code == 302


def test_missing_and_foreign_tokens_are_refused_and_change_nothing(make_app):
    app = make_app(**CSRF)
    user = add_user(Role.CENTRE_REGISTRAR, "reg@example.org", state="KEN")
    victim, attacker = app.test_client(), app.test_client()
    _sign_in(victim, user)
    _sign_in(attacker, add_user(Role.CENTRE_REGISTRAR, "att@example.org", state="KEN"))
    foreign = _token(attacker, "/auth/account")
    for data in ({}, {"csrf_token": foreign}, {"csrf_token": "garbage"}):
        assert victim.post("/auth/logout", data=data).status_code == 400
        assert victim.post("/auth/account/tokens", data={"name": "x", "days": "30",
                                                         **data}).status_code == 400
    assert victim.get("/auth/account").status_code == 200  # still signed in
    from app.auth.models import ApiToken
    from app.extensions import db

    assert db.session.scalar(db.select(db.func.count(ApiToken.id))) == 0
    own = _token(victim, "/auth/account")
    assert victim.post("/auth/logout", data={"csrf_token": own}).status_code == 302
    assert victim.get("/auth/account").status_code == 302


def test_every_state_changing_page_route_needs_a_token(make_app):
    app = make_app(**CSRF)
    admin = add_user(Role.UN_ADMIN, "admin@example.org")
    client = app.test_client()
    _sign_in(client, admin)
    checked = []
    for rule in app.url_map.iter_rules():
        methods = rule.methods & {"POST", "PUT", "PATCH", "DELETE"}
        if not methods or rule.rule.startswith("/api/") or rule.rule in READ_ONLY_POSTS:
            continue
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", "1", rule.rule)
        for method in methods:
            response = client.open(path, method=method, data={"x": "1"})
            assert response.status_code == 400, f"{method} {rule.rule}: {response.status_code}"
            checked.append(f"{method} {rule.rule}")
    print(f"\nCSRF: {len(checked)} state-changing page routes refuse a request without token")
    assert len(checked) >= 10
    assert client.get("/auth/account").status_code == 200


def test_api_with_a_cookie_session_needs_the_csrf_header_but_a_token_does_not(make_app):
    app = make_app(**CSRF)
    from app.auth import tokens
    from app.extensions import db

    user = add_user(Role.UN_OFFICER, "officer@example.org")
    _token_row, secret = tokens.create_api_token(user, "t", days=30)
    db.session.commit()
    cookie_client = app.test_client()
    _sign_in(cookie_client, user)
    posts = [r.rule for r in app.url_map.iter_rules()
             if r.rule.startswith("/api/") and "POST" in r.methods]
    for rule in posts:
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", "1", rule)
        assert cookie_client.post(path, json={}).status_code == 400, rule
        bearer = app.test_client().post(path, json={},
                                        headers={"Authorization": f"Bearer {secret}"})
        assert bearer.status_code != 400 or b"CSRF" not in bearer.data, rule


def test_expired_token_is_refused(make_app, monkeypatch):
    """A token signed just over WTF_CSRF_TIME_LIMIT ago (for this very session) is refused."""
    import itsdangerous.timed
    from itsdangerous import URLSafeTimedSerializer

    app = make_app(**CSRF)
    user = add_user(Role.CENTRE_REGISTRAR, "reg@example.org", state="KEN")
    client = app.test_client()
    _sign_in(client, user)
    _token(client, "/auth/account")
    with client.session_transaction() as session:
        raw = session["csrf_token"]
    real = itsdangerous.timed.TimestampSigner.get_timestamp
    with monkeypatch.context() as patch:
        patch.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp",
                      lambda self: real(self) - app.config["WTF_CSRF_TIME_LIMIT"] - 5)
        expired = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw)
    assert client.post("/auth/logout", data={"csrf_token": expired}).status_code == 400
    assert client.get("/auth/account").status_code == 200
    fresh = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw)
    assert client.post("/auth/logout", data={"csrf_token": fresh}).status_code == 302


def test_public_pages_carry_no_token_and_need_none(make_app):
    """Anonymous visitors get no session: the language switch and the PDF check (which change
    nothing but the visitor's own display language, or nothing at all) take no token from
    them; a signed-in user still needs one for the language switch."""
    app = make_app(**CSRF)
    anonymous = app.test_client()
    page = anonymous.get("/catalogue")
    assert "Set-Cookie" not in page.headers
    assert 'name="csrf_token"' not in page.get_data(as_text=True)
    switched = anonymous.post("/lang/fr", data={"next": "/catalogue"})
    assert switched.status_code == 302
    assert '<html lang="fr">' in anonymous.get("/catalogue").get_data(as_text=True)
    import io

    check = anonymous.post("/verify/check", data={"pdf": (io.BytesIO(b"not a pdf"), "c.pdf")},
                           content_type="multipart/form-data")
    assert check.status_code == 422  # checked (and found not to be a PDF), not refused
    user = add_user(Role.CENTRE_REGISTRAR, "reg@example.org", state="KEN")
    member = app.test_client()
    _sign_in(member, user)
    assert member.post("/lang/fr", data={"next": "/"}).status_code == 400
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      member.get("/catalogue").get_data(as_text=True)).group(1)
    assert member.post("/lang/fr", data={"next": "/", "csrf_token": token}).status_code == 302
