"""The databases the benchmarks fill: created when missing, filled by bench/datagen.py when they
do not hold the wanted scale, reused otherwise. Every benchmark starts from here, so each one runs
on a fresh database as on a filled one."""
import sqlalchemy as sa

from bench import datagen


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named in `url` when it does not exist (SQLite files are
    created on first use)."""
    target = sa.make_url(url)
    if target.get_backend_name() != "postgresql":
        return
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"),
                           {"n": target.database}):
            conn.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def people(app) -> int | None:
    """People in the app's database; None when it has no schema yet."""
    from app.extensions import db

    with app.app_context():
        if not sa.inspect(db.engine).has_table("people"):
            return None
        return db.session.scalar(sa.text("SELECT count(*) FROM people"))


def is_at_scale(app, scale: float | None) -> bool:
    """Filled by the generator at exactly `scale` (None: at any scale)."""
    found = people(app)
    if scale is None:
        return bool(found)
    return found == datagen.sizes(scale)["people"]


def ensure_filled(app, scale: float, reset: bool = False) -> bool:
    """Fill the database at `scale` unless it already holds that scale; True when it filled."""
    if not reset and is_at_scale(app, scale):
        return False
    datagen.reset_schema(app)
    with app.app_context():
        datagen.fill(scale)
    return True
