"""Fixtures for the API's write operations: a client per role with a personal token, and the
taxonomy the record forms offer."""
import itertools
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from tests.factories_records import *  # noqa: F401,F403

_keys = itertools.count(1)


@pytest.fixture(autouse=True)
def _taxonomy(taxonomy):
    return taxonomy


@pytest.fixture
def api(app, db, make_user):
    """api(role, state="KEN") -> a client calling the API with that user's personal token:
    .post(url, body, key=...) / .delete(url, key=...) / .get(url); a fresh Idempotency-Key
    unless one is given (key=None: no header)."""
    from app.auth.tokens import create_api_token

    def make(role, state="KEN"):
        user = make_user(role, state)
        _token, secret = create_api_token(user, "test")
        db.session.commit()
        client = app.test_client()
        auth = {"Authorization": f"Bearer {secret}"}

        def headers(key, extra=None):
            key = f"key-{next(_keys)}" if key == "fresh" else key
            return {**auth, **({"Idempotency-Key": key} if key is not None else {}),
                    **(extra or {})}

        return SimpleNamespace(
            user=user,
            post=lambda url, body, key="fresh", extra=None: client.post(
                url, json=body, headers=headers(key, extra)),
            delete=lambda url, key="fresh": client.delete(url, headers=headers(key)),
            get=lambda url: client.get(url, headers=auth))
    return make


@pytest.fixture
def count(db):
    """count(Model) -> rows in the table, whoever's (read outside any request scope)."""
    def count_(model):
        db.session.expire_all()
        return db.session.scalar(select(func.count()).select_from(model))
    return count_


@pytest.fixture
def audit_actions(db):
    def actions():
        from app.audit.models import AuditEvent

        db.session.expire_all()
        return [a for a in db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq))
                if a not in ("api_token.create", "user.create")]
    return actions
