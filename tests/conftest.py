"""Fixtures: a fresh app and database per test (SQLite in memory, or TEST_DATABASE_URL)."""
import os

import pytest
from sqlalchemy import event

from app import create_app
from app.config import TestConfig
from app.extensions import db as _db


@pytest.fixture
def app(tmp_path):
    """Each test's app keeps its files (PDFs, keys, checkpoints) in its own temp dir."""
    app = create_app(TestConfig)
    app.config.update(INSTANCE_DIR=str(tmp_path), CERTIFICATE_DIR=str(tmp_path / "certificates"),
                      SIGNING_KEY_PATH=str(tmp_path / "signing_key.pem"),
                      AUDIT_CHECKPOINT_PATH=str(tmp_path / "audit-checkpoints.txt"),
                      AUDIT_CHECKPOINT_KEY_PATH=str(tmp_path / "audit_checkpoint_key.pem"))
    with app.app_context():
        _db.drop_all()
        _db.create_all()
        yield app
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_state(db):
    """A Member State row (ISO3 given)."""
    from app.catalogue.models import MemberState

    def make(iso3="KEN", name_en=None, name_fr=None):
        state = db.session.scalar(db.select(MemberState).filter_by(iso3=iso3))
        if state:
            return state
        state = MemberState(iso3=iso3, iso2=iso3[:2], name_en=name_en or iso3,
                            name_fr=name_fr or iso3)
        db.session.add(state)
        db.session.flush()
        return state
    return make


PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def make_user(db, make_state):
    """make_user(role, state="KEN") -> User with password PASSWORD."""
    from app.auth.models import Role
    from app.auth.services import create_user

    counter = {"n": 0}

    def make(role=Role.CENTRE_REGISTRAR, state="KEN", email=None, mfa=None, **kw):
        """Roles that require two-step verification come enrolled (mfa=False: not enrolled)."""
        import pyotp

        counter["n"] += 1
        role = Role(role)
        state_id = make_state(state).id if (state and role not in (Role.UN_OFFICER, Role.UN_ADMIN)) else None
        user = create_user(email or f"user{counter['n']}.{role.value}@example.org", role, PASSWORD,
                           state_id=state_id, **kw)
        if mfa if mfa is not None else role.requires_mfa:
            user.mfa_secret, user.mfa_enabled = pyotp.random_base32(), True
        db.session.commit()
        return user
    return make


@pytest.fixture
def login_as(client):
    """Sign a user in through the real login form (MFA-enrolled users get their code)."""
    def login(user, password=PASSWORD):
        response = client.post("/auth/login", data={"email": user.email, "password": password})
        assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
        if response.headers["Location"].endswith("/auth/mfa"):
            response = complete_mfa(client, user)
        return response
    return login


def complete_mfa(client, user):
    """Second sign-in step with the user's current TOTP code (a code works once, so the stored
    last-used step is reset first: tests may sign the same user in several times a step)."""
    import pyotp

    from app.extensions import db as _db

    user.mfa_last_step = 0
    _db.session.commit()
    response = client.post("/auth/mfa", data={"code": pyotp.TOTP(user.mfa_secret).now()})
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
    return response


# --- CI strictness: browser and PostgreSQL tests may not be skipped when required -----------

def pytest_collection_modifyitems(config, items):
    import shutil

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    on_postgres = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")
    for item in items:
        if "browser" in item.keywords and not chromium:
            if os.environ.get("REQUIRE_BROWSER"):
                raise pytest.UsageError("REQUIRE_BROWSER is set but Debian's chromium is missing "
                                        "(apt-get install chromium)")
            item.add_marker(pytest.mark.skip(
                reason="BROWSER TESTS NOT RUN: install Debian's chromium (apt-get install chromium)"))
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs TEST_DATABASE_URL=postgresql://..."))


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    skipped = reporter.stats.get("skipped", [])
    must = []
    for report in skipped:
        keywords = getattr(report, "keywords", {})
        if os.environ.get("REQUIRE_BROWSER") and "browser" in keywords:
            must.append(report.nodeid)
        if os.environ.get("REQUIRE_POSTGRES") and "postgres" in keywords:
            must.append(report.nodeid)
    if must:
        reporter.write_line(f"FAILED: {len(must)} required tests were skipped: {must[:5]}", red=True)
        session.exitstatus = 1


# --- Figures: what the passing tests printed (counts of pages checked, examples run, timings) ------

def pytest_terminal_summary(terminalreporter):
    printed = [report for report in terminalreporter.stats.get("passed", [])
               if report.when == "call" and report.capstdout.strip()]
    if not printed:
        return
    terminalreporter.section("figures printed by passing tests")
    for report in printed:
        terminalreporter.write_line(f"{report.nodeid}:")
        for line in report.capstdout.strip().splitlines():
            terminalreporter.write_line(f"    {line}")
