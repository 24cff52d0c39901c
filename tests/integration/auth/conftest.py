"""Helpers for the auth tests: apps with other settings (limits on, CSRF on, production-like
cookies), a controllable clock, and TOTP codes."""
import pyotp
import pytest

from app import create_app
from app.config import TestConfig
from app.extensions import db as _db


@pytest.fixture
def make_app():
    """make_app(**settings) -> a fresh app (own database) with TestConfig plus `settings`.
    Use instead of the `app` fixture, not together with it."""
    made = []

    def make(**settings):
        config = type("CustomTestConfig", (TestConfig,), settings)
        app = create_app(config)
        ctx = app.app_context()
        ctx.push()
        _db.drop_all()
        _db.create_all()
        made.append(ctx)
        return app

    yield make
    for ctx in reversed(made):
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()
        ctx.pop()


@pytest.fixture
def clock(monkeypatch):
    """clock.advance(minutes=...) moves app.timeutil.utcnow (sessions, MFA steps) forward."""
    from datetime import timedelta

    from app import timeutil

    real = timeutil.utcnow

    class Clock:
        offset = timedelta()

        def advance(self, **delta):
            self.offset += timedelta(**delta)

        def now(self):
            return real() + self.offset

    c = Clock()
    monkeypatch.setattr(timeutil, "utcnow", c.now)
    return c


def totp_now(user, offset_steps=0):
    import time

    return pyotp.TOTP(user.mfa_secret).at(int(time.time()) + 30 * offset_steps)


def add_user(role, email, *, state=None, mfa=None, password=None):
    """A user straight into the current app's database (for make_app apps)."""
    from app.auth.models import Role
    from app.auth.services import create_user
    from app.catalogue.models import MemberState
    from tests.conftest import PASSWORD

    role = Role(role)
    state_id = None
    if state:
        row = _db.session.scalar(_db.select(MemberState).filter_by(iso3=state))
        if row is None:
            row = MemberState(iso3=state, iso2=state[:2], name_en=state, name_fr=state)
            _db.session.add(row)
            _db.session.flush()
        state_id = row.id
    user = create_user(email, role, password or PASSWORD, state_id=state_id)
    if mfa if mfa is not None else role.requires_mfa:
        user.mfa_secret, user.mfa_enabled = pyotp.random_base32(), True
    _db.session.commit()
    return user
