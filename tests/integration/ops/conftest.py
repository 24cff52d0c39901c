"""Fixtures for the operations tests: a brand-new empty database on the suite's database kind."""
import os
import uuid

import pytest
import sqlalchemy as sa

from app import create_app
from app.config import TestConfig, database_url


def _on_postgres() -> bool:
    return os.environ.get("TEST_DATABASE_URL", "").startswith("postgres")


@pytest.fixture
def empty_database_url(tmp_path):
    """A URL to an empty database: a temp SQLite file, or a fresh PostgreSQL database that is
    dropped afterwards when the suite runs on PostgreSQL."""
    if not _on_postgres():
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    base = sa.make_url(database_url(os.environ["TEST_DATABASE_URL"]))
    name = f"pkt_ops_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def app_on(tmp_path):
    """app_on(url) -> a test app bound to that database (no tables created)."""
    made = []

    def make(url, **extra):
        class OpsConfig(TestConfig):
            SQLALCHEMY_DATABASE_URI = url
            CERTIFICATE_DIR = str(tmp_path / "certificates")
            SIGNING_KEY_PATH = str(tmp_path / "signing_key.pem")
            INSTANCE_DIR = str(tmp_path)

        for key, value in extra.items():
            setattr(OpsConfig, key, value)
        app = create_app(OpsConfig)
        made.append(app)
        return app

    yield make
    from app.extensions import db
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
