"""A published status list (/status/revocation/1) built from PostgreSQL at design scale, against
the same list signed from a bitstring already in memory, and the build without the index on
certificates (status, serial), dropped inside a transaction that is rolled back, against the
build with it: alternated pairs (bench/pairs.py). No target is stated: the figures are "info".

Uses the database of `make load` (default pkt_load; filled at design scale, about 1 million
certificates, when empty; --scale for another size). If list 1 holds fewer than half its
positions, the bench first gives that many certificates picked at random a position in it, as
issuing would (committed: the list then stays for the next run).

    .venv/bin/python bench/status_list_bench.py [--database-url URL] [--scale S] [--min-pairs 15]
"""
import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import databases, datagen  # noqa: E402
from bench.load.servers import bench_env  # noqa: E402
from bench.pairs import add_arguments, alternate, load_average, timed  # noqa: E402
from bench.verdicts import Recorder  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/pkt_load"
INDEX = "ix_certificates_status_serial"


def fill() -> int:
    """Give list 1 half its positions (random certificates, random positions; fewer when the
    database holds fewer certificates without one); returns how many were added."""
    from sqlalchemy import text

    from app.certification.verification import status_list
    from app.extensions import db

    used = db.session.scalar(text("SELECT count(*) FROM status_slots WHERE list_no = 1"))
    missing = status_list.FILL - used
    if missing <= 0:
        return 0
    added = db.session.execute(text("""
        INSERT INTO status_slots (list_no, list_index, serial)
        SELECT 1, free.list_index, picked.serial
        FROM (SELECT list_index, row_number() OVER () AS n FROM (
                SELECT i AS list_index FROM generate_series(0, :size - 1) AS i
                WHERE NOT EXISTS (SELECT 1 FROM status_slots s
                                  WHERE s.list_no = 1 AND s.list_index = i)
                ORDER BY random() LIMIT :missing) AS f) AS free
        JOIN (SELECT serial, row_number() OVER () AS n FROM (
                SELECT c.serial FROM certificates c
                WHERE NOT EXISTS (SELECT 1 FROM status_slots s WHERE s.serial = c.serial)
                ORDER BY random() LIMIT :missing) AS p) AS picked USING (n)"""),
        {"size": status_list.LIST_SIZE, "missing": missing}).rowcount
    db.session.commit()
    db.session.execute(text("ANALYZE status_slots"))
    db.session.commit()
    return added


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url",
                        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--scale", type=float, default=None,
                        help="fill the database at this scale unless it holds it (default: "
                             "reuse any filled database, fill an empty one at scale 1)")
    add_arguments(parser, min_pairs=15, max_pairs=15)
    args = parser.parse_args(argv)
    record = Recorder("status_list")
    os.environ.update(bench_env(args.database_url))  # before app.config is first imported
    databases.ensure_database(args.database_url)
    if not databases.is_at_scale(datagen.bench_app(args.database_url), args.scale):
        databases.ensure_filled(datagen.bench_app(args.database_url), args.scale or 1.0,
                                reset=True)
    from sqlalchemy import text

    from app import create_app
    from app.certification.verification import status_list
    from app.config import Config
    from app.extensions import db

    app = create_app(Config)
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            raise SystemExit("this benchmark needs PostgreSQL")
        added = fill()
        certificates = db.session.scalar(text("SELECT count(*) FROM certificates"))
        revoked = db.session.scalar(text(
            "SELECT count(*) FROM certificates WHERE status = 'revoked'"))
        bits = status_list.bitstring("revocation", 1)
        flagged = sum(bin(b).count("1") for b in bits)
        db.session.rollback()

        def from_database() -> float:
            try:
                return timed(lambda: status_list.document("revocation", 1))
            finally:
                db.session.rollback()

        def without_index() -> float:
            db.session.execute(text(f"DROP INDEX {INDEX}"))  # undone by the rollback below
            try:
                return timed(lambda: status_list.document("revocation", 1))
            finally:
                db.session.rollback()

        from_database()  # warm: connection, key, plan cache
        load = load_average()
        pairs = alternate(from_database,
                          lambda: timed(lambda: status_list.signed("revocation", 1, bits)),
                          min_pairs=args.min_pairs, max_pairs=args.max_pairs,
                          max_seconds=args.max_seconds)
        slow = alternate(without_index, from_database, min_pairs=max(3, args.min_pairs // 3),
                         max_pairs=max(3, args.min_pairs // 3))
        assert status_list.bitstring("revocation", 1) == bits
        db.session.rollback()
    what = (f"{certificates:,} certificates ({revoked:,} revoked), list 1 with "
            f"{status_list.FILL:,} positions wanted ({added:,} added now), {flagged:,} bits set")
    print(f"status list: {what}")
    record.add("status list built from the database", pairs=pairs,
               note=f"baseline: the same list signed from memory; {what}; load {load}")
    record.add("status list built without the (status, serial) index", pairs=slow,
               note="baseline: built with the index")
    return record.finish()


if __name__ == "__main__":
    raise SystemExit(main())
