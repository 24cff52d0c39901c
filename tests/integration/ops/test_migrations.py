"""Migrations: `upgrade` on an empty database gives exactly the models' schema (SQLite and, under
`make test-postgres`, PostgreSQL), downgrade removes it, and `init-db` is safe to repeat."""
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app.extensions import db

FIX = ("models and migrations differ. Before the first release run `make migration-baseline`; "
       "after it, add a revision: `flask --app wsgi db migrate -m \"what changed\"`.")


def schema_differences(engine) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_gives_exactly_the_models_schema(empty_database_url, app_on):
    app = app_on(empty_database_url)
    with app.app_context():
        upgrade()
        differences = schema_differences(db.engine)
        tables = set(sa.inspect(db.engine).get_table_names())
    assert differences == [], f"{FIX}\n" + "\n".join(map(str, differences))
    assert tables == set(db.metadata.tables) | {"alembic_version"}


def test_downgrade_to_base_removes_every_table(empty_database_url, app_on):
    app = app_on(empty_database_url)
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        tables = set(sa.inspect(db.engine).get_table_names())
    assert tables <= {"alembic_version"}


def test_parity_check_can_fail(empty_database_url, app_on):
    """The comparison above really sees a difference (here a missing index)."""
    app = app_on(empty_database_url)
    with app.app_context():
        upgrade()
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP INDEX ix_audit_events_action"))
        differences = schema_differences(db.engine)
    assert any(d[0] == "add_index" for d in differences)


def test_init_db_upgrades_and_is_idempotent(empty_database_url, app_on):
    app = app_on(empty_database_url)
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["init-db"])
        assert result.exit_code == 0, result.output
        assert "Database ready." in result.output
    with app.app_context():
        assert schema_differences(db.engine) == []
        head = db.session.scalar(sa.text("SELECT version_num FROM alembic_version"))
    assert head


def test_init_db_adopts_a_database_made_without_migrations(empty_database_url, app_on):
    app = app_on(empty_database_url)
    with app.app_context():
        db.create_all()
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "marked as current" in result.output
    again = app.test_cli_runner().invoke(args=["init-db"])
    assert again.exit_code == 0 and "marked as current" not in again.output


@pytest.mark.postgres
def test_postgres_upgrade_uses_psycopg3(empty_database_url, app_on):
    app = app_on(empty_database_url)
    with app.app_context():
        assert db.engine.dialect.driver == "psycopg"
