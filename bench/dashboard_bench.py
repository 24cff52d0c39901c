"""Readiness dashboards at the design scale: seconds per dashboard, against a bare COUNT(*).

Fills a dedicated PostgreSQL database (default pkt_bench_dash) through bench/datagen.py (binary
COPY via psycopg: 500 units, 400,000 people on rosters, about 10,000,000 completions at
--scale 1), adds what the dashboards read beyond it (language proficiencies of key appointments
and a share of others, triangular partnerships owning 1 % of the sessions) with INSERT ... SELECT,
then times each dashboard panel (its SQL GROUP BY queries plus chart layout), the whole dashboard
page (every panel and the template) and the watch list, as UN staff (every state) and as one
state's staff (the tenancy hook's scoping). Prints medians and the ratio to a bare COUNT(*) over
the tables each panel reads. Target: under 2 s per dashboard.

    .venv/bin/python bench/dashboard_bench.py --scale 1 --reset     # a few minutes to fill
    .venv/bin/python bench/dashboard_bench.py --scale 0.1 --reset   # quick
    .venv/bin/python bench/dashboard_bench.py                       # reuse the filled database
"""
import argparse
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/pkt_bench_dash"
TARGET_SECONDS = 2.0
# The tables each panel reads: its baseline is a bare COUNT(*) over each of them.
PANEL_TABLES = {
    "levels": ("units", "memberships"),
    "deployable": ("units", "memberships"),
    "gender": ("people",),
    "language": ("memberships", "language_proficiencies"),
    "trainers": ("trainer_qualifications",),
    "partnerships": ("completions", "course_sessions"),
}
EXTRAS = (
    # five partnerships sharing 1 % of the sessions (about 100,000 results at scale 1: more than
    # the Triangular Partnership Programme's real volume, some 7,000 people trained)
    """INSERT INTO partnerships (code, name, un_entity, stream, start_on)
       SELECT 'TPP-BENCH-' || n, 'Bench partnership ' || n, 'DOS',
              (ARRAY['engineering','medical','c4isr','other','engineering'])[n],
              current_date - 1000
       FROM generate_series(1, 5) AS n""",
    """UPDATE course_sessions SET partnership_id =
         (SELECT min(id) FROM partnerships) + (course_sessions.id / 100) % 5
       WHERE course_sessions.id % 100 = 0""",
    # every key appointment has a mission-language record (levels 1-4, a fifth lapsed); one in
    # ten other people has one too
    """INSERT INTO language_proficiencies (state_id, person_id, language, level, assessed_by,
                                          assessed_on, valid_until)
       SELECT m.state_id, m.person_id, u.mission_language, 1 + m.person_id % 4, 'bench',
              current_date - 200,
              CASE WHEN m.person_id % 5 = 0 THEN current_date - 1 ELSE current_date + 300 END
       FROM memberships m JOIN units u ON u.id = m.unit_id
       WHERE m.is_key_appointment OR m.person_id % 10 = 0""",
    "ANALYZE",
)


def ensure_database(url: str) -> None:
    """Create the bench database when it does not exist (PostgreSQL only)."""
    target = sa.engine.make_url(url)
    if target.get_backend_name() != "postgresql":
        return
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                              {"name": target.database}).scalar()
        if not exists:
            conn.exec_driver_sql(f'CREATE DATABASE "{target.database}"')
    admin.dispose()


def fill_if_needed(app, scale: float, reset: bool) -> None:
    from bench import datagen
    from app.extensions import db
    from app.units.models import Person

    if reset:
        datagen._reset(app)
    with app.app_context():
        if db.session.scalar(sa.select(Person.id).limit(1)) is not None:
            print("Reusing the filled database (use --reset to refill).")
            return
        datagen.fill(scale)
        started = time.perf_counter()
        with db.engine.begin() as conn:
            for statement in EXTRAS:
                conn.exec_driver_sql(statement) if statement == "ANALYZE" else \
                    conn.execute(sa.text(statement))
        print(f"Dashboard extras (partnerships, language records) in "
              f"{time.perf_counter() - started:.1f} s")


def median_seconds(work, runs: int) -> float:
    work()  # warm-up: plans and caches, as on a serving worker
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def counts(app) -> dict[str, int]:
    from app.extensions import db

    with app.app_context():
        return {table: db.session.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
                for table in sorted({t for ts in PANEL_TABLES.values() for t in ts})}


def as_user(app, user_id: int, path: str = "/readiness"):
    """A request context signed in as `user_id`, with that user's tenancy scope."""
    from flask import g
    from flask_login import login_user

    from app.auth.models import User
    from app.extensions import db
    from app.tenancy import scope_for

    context = app.test_request_context(path)
    context.push()
    user = db.session.get(User, user_id)
    login_user(user)
    g.scope = scope_for(user)
    return context


def run(app, runs: int) -> list[tuple]:
    from app.auth.models import Role, User
    from app.extensions import db
    from app.readiness import panels, views, watch
    from app.timeutil import today

    on = today()
    with app.app_context():
        users = {u.role: u.id for u in db.session.scalars(sa.select(User))}
        un_id, state_id = users[Role.UN_OFFICER], users[Role.CENTRE_REGISTRAR]
        baseline = {t: median_seconds(lambda t=t: db.session.execute(
            sa.text(f"SELECT count(*) FROM {t}")).scalar(), runs) for t in counts(app)}
    results = []
    for who, user_id in (("UN", un_id), ("state", state_id)):
        context = as_user(app, user_id)
        try:
            for key, tables in PANEL_TABLES.items():
                seconds = median_seconds(lambda key=key: panels.build(key, on, "en"), runs)
                results.append((who, key, seconds, sum(baseline[t] for t in tables)))
            page = median_seconds(lambda: views.dashboard(), runs)
            results.append((who, "whole page", page, sum(baseline.values())))
            listed = median_seconds(lambda: watch.watch_list(on), runs)
            results.append((who, "watch list", listed, baseline["memberships"]))
        finally:
            db.session.remove()
            context.pop()
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--scale", type=float, default=1.0, help="1 = design scale")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measure (median)")
    parser.add_argument("--reset", action="store_true", help="drop and refill the database")
    args = parser.parse_args(argv)
    from bench import datagen

    ensure_database(args.database_url)
    app = datagen.bench_app(args.database_url)
    app.config["SECRET_KEY"] = app.config.get("SECRET_KEY") or secrets.token_urlsafe(32)
    fill_if_needed(app, args.scale, args.reset)
    sizes = counts(app)
    print("Rows: " + ", ".join(f"{t} {n:,}" for t, n in sizes.items()))
    results = run(app, args.runs)
    print(f"\n{'as':<6} {'dashboard':<13} {'median s':>9} {'COUNT(*) s':>11} {'ratio':>7}  "
          f"target < {TARGET_SECONDS} s")
    slow = 0
    for who, key, seconds, base in results:
        ok = seconds < TARGET_SECONDS
        slow += not ok
        print(f"{who:<6} {key:<13} {seconds:>9.3f} {base:>11.3f} {seconds / base:>7.1f}  "
              f"{'ok' if ok else 'SLOW'}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
