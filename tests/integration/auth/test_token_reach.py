"""Where a personal API token works, and when it stops working for good.

- Only the JSON API accepts `Authorization: Bearer`: every other GET route of the inventory
  answers a UN administrator's token (no cookie) exactly as it answers an anonymous visitor
  (sign-in redirect for pages such as /admin/users and /audit/events, the page itself when public).
- A password change, a role change, an administrator's "sign out everywhere" and disabling the
  account revoke every token of the user; re-enabling the account does not bring them back.
"""
import pytest
from sqlalchemy import select

from app import create_app
from app.auth import services, tokens
from app.auth.models import ApiToken, Role
from app.config import TestConfig
from app.extensions import db
from tests.access_policy import load_policy
from tests.conftest import PASSWORD
from tests.integration.test_access_matrix import _fresh_world, _routes, _url
from tests.integration.auth.access_world import own_and_foreign

NEW_PASSWORD = "a brand new passphrase 2027"


@pytest.fixture
def world_app():
    app = create_app(TestConfig)
    yield app, _fresh_world(app)
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def test_a_token_opens_no_page_outside_the_api(world_app):
    app, world = world_app
    token = {"Authorization": f"Bearer {world.bearer[Role.UN_ADMIN]}"}
    policy, client, differing, count = load_policy(), app.test_client(), [], 0
    for rule, method in _routes(app):
        if method != "GET" or rule.rule.startswith("/api/"):
            continue
        row = policy[rule.endpoint, method]
        values = dict(row.params)
        if row.obj:
            values.update(own_and_foreign(world, row.obj, Role.UN_ADMIN)[0])
        url = _url(rule, values)
        anonymous = client.get(url)
        with_token = client.get(url, headers=token)
        count += 1
        if (with_token.status_code, with_token.headers.get("Location")) != \
                (anonymous.status_code, anonymous.headers.get("Location")):
            differing.append(f"{url}: {anonymous.status_code} anonymous, "
                             f"{with_token.status_code} with a token")
    print(f"\nbearer outside the API: {count} GET pages, {len(differing)} answering differently")
    assert count > 50
    assert differing == []
    for page in ("/admin/users", "/audit/events"):
        response = client.get(page, headers=token)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert client.get("/api/v1/me", headers=token).json["role"] == "un_admin"


def _me(app, secret) -> int:
    return app.test_client().get("/api/v1/me",
                                 headers={"Authorization": f"Bearer {secret}"}).status_code


def _token(db, user, name="scripts"):
    _row, secret = tokens.create_api_token(user, name, days=30)
    db.session.commit()
    return secret


def test_password_change_revokes_every_token(app, db, make_user):
    user = make_user(Role.CENTRE_REGISTRAR)
    secrets = [_token(db, user, "one"), _token(db, user, "two")]
    assert [_me(app, s) for s in secrets] == [200, 200]
    services.change_password(user, PASSWORD, NEW_PASSWORD)
    db.session.commit()
    assert [_me(app, s) for s in secrets] == [401, 401]
    assert all(t.revoked_at is not None for t in db.session.scalars(select(ApiToken)))
    assert _me(app, _token(db, user, "after")) == 200  # a new token works


@pytest.mark.parametrize("change", ["role", "sessions_end"])
def test_role_change_and_sign_out_everywhere_revoke_tokens(app, db, make_user, change):
    admin, user = make_user(Role.UN_ADMIN), make_user(Role.CENTRE_REGISTRAR)
    secret = _token(db, user)
    if change == "role":
        services.change_role(user, Role.CERTIFYING_OFFICER, user.state_id, actor=admin)
    else:
        services.end_user_sessions(user, actor=admin)
    db.session.commit()
    assert _me(app, secret) == 401


def test_a_disabled_accounts_tokens_stay_dead_after_re_enabling(app, db, make_user):
    admin, user = make_user(Role.UN_ADMIN), make_user(Role.UN_OFFICER)
    secret = _token(db, user)
    assert _me(app, secret) == 200
    services.set_enabled(user, False, actor=admin)
    db.session.commit()
    assert _me(app, secret) == 401
    services.set_enabled(user, True, actor=admin)
    db.session.commit()
    assert _me(app, secret) == 401
    assert _me(app, _token(db, user, "new")) == 200


def test_signing_out_leaves_tokens_alone(app, db, make_user):
    user = make_user(Role.CENTRE_REGISTRAR)
    secret = _token(db, user)
    services.end_sessions(user)  # what sign-out does
    db.session.commit()
    assert _me(app, secret) == 200
