"""Personal API tokens: shown once, stored hashed, usable as Bearer, revocable; GET /api/v1/me."""
import re
from datetime import timedelta

from sqlalchemy import select

from app import timeutil
from app.auth import tokens
from app.auth.models import ApiToken, Role


def _create(client, name="scripts"):
    page = client.post("/auth/account/tokens", data={"name": name, "days": "30"})
    assert page.status_code == 200
    return re.search(r'id="new-token">([^<]+)<', page.get_data(as_text=True)).group(1)


def test_token_is_shown_once_and_stored_hashed(client, app, make_user, login_as, db):
    user = make_user()
    login_as(user)
    secret = _create(client)
    assert secret.startswith("pkt_") and len(secret) > 40
    row = db.session.scalar(select(ApiToken))
    assert row.token_hash == tokens.digest(secret) and secret not in (row.token_hash, row.prefix)
    assert secret not in client.get("/auth/account").get_data(as_text=True)
    api = app.test_client()
    me = api.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.status_code == 200
    assert me.json["email"] == user.email and me.json["state"] == "KEN"
    assert me.json["role"] == "centre_registrar" and me.json["sees_all_states"] is False


def test_revoked_expired_and_wrong_tokens_get_401(client, app, make_user, login_as, db):
    user = make_user()
    login_as(user)
    secret = _create(client)
    row = db.session.scalar(select(ApiToken))
    api = app.test_client()
    assert api.get("/api/v1/me", headers={"Authorization": "Bearer pkt_nope"}).status_code == 401
    assert api.get("/api/v1/me").status_code == 401
    account = client.get("/auth/account").get_data(as_text=True)
    assert f'href="/auth/account/tokens/{row.id}/revoke"' in account  # asks first
    confirm = client.get(f"/auth/account/tokens/{row.id}/revoke").get_data(as_text=True)
    assert f"(<code class=\"text-reset\">{row.prefix}</code>…) is revoked." in confirm and 'id="confirm"' in confirm
    row.name = "<b>mine</b>"  # a token's name is the user's text: shown, never markup
    db.session.commit()
    confirm = client.get(f"/auth/account/tokens/{row.id}/revoke").get_data(as_text=True)
    assert "“&lt;b&gt;mine&lt;/b&gt;”" in confirm and "<b>mine</b>" not in confirm
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    assert client.post(f"/auth/account/tokens/{row.id}/revoke").status_code == 302
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    _t, expiring = tokens.create_api_token(user, "x", days=1,
                                           now=timeutil.utcnow() - timedelta(days=1, seconds=1))
    db.session.commit()
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {expiring}"}).status_code \
        == 401


def test_another_users_token_cannot_be_revoked(client, make_user, login_as, db):
    owner = make_user(Role.UN_OFFICER)
    row, _secret = tokens.create_api_token(owner, "theirs", days=30)
    db.session.commit()
    login_as(make_user(Role.UN_ADMIN))
    assert client.post(f"/auth/account/tokens/{row.id}/revoke").status_code == 404
    assert client.get(f"/auth/account/tokens/{row.id}/revoke").status_code == 404
    db.session.refresh(row)
    assert row.revoked_at is None


def test_me_is_in_the_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").json
    assert "get" in spec["paths"]["/api/v1/me"]
    assert "Me" in spec["components"]["schemas"]
