"""Readiness dashboards at the design scale: seconds per dashboard, against a bare COUNT(*).

Fills a dedicated PostgreSQL database (default pkt_bench_dash) through bench/datagen.py (binary
COPY via psycopg: 500 units, 400,000 people on rosters, about 10,000,000 completions at
--scale 1), adds what the dashboards read beyond it (language proficiencies of key appointments
and a share of others, triangular partnerships owning 1 % of the sessions) with INSERT ... SELECT,
then times each dashboard panel (its SQL GROUP BY queries plus chart layout), the whole dashboard
page (every panel and the template) and the watch list, as UN staff (every state) and as one
state's staff (the tenancy hook's scoping), each in alternated pairs with a bare COUNT(*) over
the tables it reads (bench/pairs.py). Target: under 2 s per dashboard (the median). A database
that is missing, empty or filled at another scale is (re)filled first.

    .venv/bin/python bench/dashboard_bench.py --scale 1     # a few minutes to fill the first time
    .venv/bin/python bench/dashboard_bench.py --scale 0.1   # quick
    .venv/bin/python bench/dashboard_bench.py --reset       # drop and refill
"""
import argparse
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from bench import databases, datagen  # noqa: E402
from bench.pairs import add_arguments, alternate, timed  # noqa: E402
from bench.verdicts import Recorder, Target  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/pkt_bench_dash"
TARGET = Target("<", 2.0, of="value")  # seconds per dashboard
# The tables each panel reads: its baseline is a bare COUNT(*) over each of them.
PANEL_TABLES = {
    "levels": ("units", "memberships"),
    "deployable": ("units", "memberships"),
    "gender": ("people",),
    "language": ("memberships", "language_proficiencies"),
    "trainers": ("trainer_qualifications",),
    "partnerships": ("completions", "course_sessions"),
    "individuals": ("people", "completions", "language_proficiencies"),
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


def fill_if_needed(app, scale: float, reset: bool) -> None:
    """Fill at `scale` unless the database holds it already; add the extras unless present."""
    from app.extensions import db

    if not databases.ensure_filled(app, scale, reset):
        print(f"Reusing the database filled at scale {scale:g} (use --reset to refill).")
    with app.app_context():
        if db.session.scalar(sa.text(
                "SELECT count(*) FROM partnerships WHERE code LIKE 'TPP-BENCH-%'")):
            return
        started = time.perf_counter()
        with db.engine.begin() as conn:
            for statement in EXTRAS:
                conn.exec_driver_sql(statement) if statement == "ANALYZE" else \
                    conn.execute(sa.text(statement))
        print(f"Dashboard extras (partnerships, language records) in "
              f"{time.perf_counter() - started:.1f} s")


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
    from app.auth.scopes import scope_for

    context = app.test_request_context(path)
    context.push()
    user = db.session.get(User, user_id)
    login_user(user)
    g.scope = scope_for(user)
    return context


def run(app, args, record: Recorder) -> None:
    """Each dashboard measure, as UN staff and as one state's staff, alternated with the bare
    COUNT(*)s of the tables it reads."""
    from app.auth.models import Role, User
    from app.extensions import db
    from app.pcrs import panels, views, watch
    from app.timeutil import today

    on = today()
    with app.app_context():
        users = {u.role: u.id for u in db.session.scalars(sa.select(User))}
        tables = sorted(counts(app))

    def bare_counts(names) -> float:
        return timed(lambda: [db.session.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar()
                              for t in names])

    for who, role in (("UN", Role.UN_OFFICER), ("state", Role.CENTRE_REGISTRAR)):
        context = as_user(app, users[role])
        try:
            measures = [(key, lambda key=key: panels.build(key, on, "en"), names)
                        for key, names in PANEL_TABLES.items()]
            measures += [("whole page", views.dashboard, tables),
                         ("watch list", lambda: watch.watch_list(on), ("memberships",))]
            for key, work, names in measures:
                work()  # warm-up: plans and caches, as on a serving worker
                pairs = alternate(lambda work=work: timed(work),
                                  lambda names=names: bare_counts(names),
                                  min_pairs=args.min_pairs, max_pairs=args.max_pairs,
                                  targets=[TARGET], max_seconds=args.max_seconds)
                read = ", ".join(names) if len(names) < 3 else f"the {len(names)} tables"
                record.add(f"dashboard as {who}: {key}", pairs=pairs, target=TARGET,
                           note=f"baseline: bare COUNT(*) of {read}")
        finally:
            db.session.remove()
            context.pop()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--scale", type=float, default=1.0, help="1 = design scale")
    add_arguments(parser, min_pairs=5, max_pairs=11, max_seconds=30)
    parser.add_argument("--reset", action="store_true", help="drop and refill the database")
    args = parser.parse_args(argv)
    record = Recorder("dashboard")
    databases.ensure_database(args.database_url)
    app = datagen.bench_app(args.database_url)
    app.config["SECRET_KEY"] = app.config.get("SECRET_KEY") or secrets.token_urlsafe(32)
    fill_if_needed(app, args.scale, args.reset)
    print("Rows: " + ", ".join(f"{t} {n:,}" for t, n in counts(app).items()))
    run(app, args, record)
    return record.finish()


if __name__ == "__main__":
    sys.exit(main())
