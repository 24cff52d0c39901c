"""docs/api_push_example.py, run as a national system would run it: a separate process talking
HTTP to the app serving the demo (its users and records), with the demo registrar's token."""
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from app import create_app
from app.config import TestConfig
from app.extensions import db

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _taxonomy():
    """This test builds its own app: no `app` fixture (and its database) beside it; on
    PostgreSQL the two would share one database and lock each other."""


@pytest.fixture
def demo_server(tmp_path):
    class DemoConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'demo.db'}"
        INSTANCE_DIR = str(tmp_path)

    app = create_app(DemoConfig)
    with app.app_context():
        from app.demo import records, users
        from app.demo.context import DemoContext

        db.create_all()
        ctx = DemoContext(password="push example demo password")
        users.seed(ctx)
        records.seed(ctx)
        db.session.commit()
        token = next(login["api_token"] for login in ctx.logins
                     if login["email"] == "registrar.ken@demo.example.org")
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}", token
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_the_push_example_pushes_a_roster_a_session_and_its_results(demo_server):
    app, base_url, token = demo_server
    from app.audit.models import AuditEvent

    with app.app_context():
        seq = db.session.scalar(select(func.max(AuditEvent.seq)))
        db.session.remove()
    env = {**os.environ, "PKT_API_TOKEN": token}
    run = subprocess.run([sys.executable, str(ROOT / "docs/api_push_example.py"),
                          "--base-url", base_url], env=env, capture_output=True, text=True,
                         timeout=120)
    print(run.stdout[-3000:], run.stderr[-2000:])
    assert run.returncode == 0
    assert "(replayed)" in run.stdout and "3 results" in run.stdout
    from app.training.models import Completion, CourseSession
    from app.units.models import Person

    with app.app_context():
        pushed = db.session.scalars(select(Person.id).where(
            Person.service_number.like("API-%"))).all()
        assert len(pushed) == 3
        session = db.session.scalar(select(CourseSession).where(
            CourseSession.title.like("%pushed by API%")))
        assert db.session.scalar(select(func.count(Completion.id)).where(
            Completion.session_id == session.id, Completion.passed.is_(True))) == 3
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.seq > seq)
                                     .order_by(AuditEvent.seq)).all()
        assert actions == ["roster.push", "session.create", "session.attendees_add",
                           "session.results_record"]  # the retry wrote nothing
        db.session.remove()


def test_the_push_example_needs_a_token():
    run = subprocess.run([sys.executable, str(ROOT / "docs/api_push_example.py")],
                         env={k: v for k, v in os.environ.items() if k != "PKT_API_TOKEN"},
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "PKT_API_TOKEN" in run.stderr
