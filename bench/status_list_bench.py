"""A published status list (/status/revocation/1) built from PostgreSQL at design scale, against
the same list signed from a bitstring already in memory, and against the build without the
index on certificates (status, serial), dropped inside a transaction that is rolled back: all in
the same run, alternating.

Needs the design-scale database of `make load` (bench/load/prepare.py: about 1 million
certificates). If list 1 holds fewer than half its positions, the bench first gives that many
certificates picked at random a position in it, as issuing would (committed: the list then
stays for the next run).

    .venv/bin/python bench/status_list_bench.py [--database-url URL] [--runs 15]
"""
import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.cert_common import timed  # noqa: E402
from bench.load.servers import bench_env  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/pkt_load"
INDEX = "ix_certificates_status_serial"


def fill() -> int:
    """Give list 1 half its positions (random certificates, random positions); returns how many
    were added."""
    from sqlalchemy import text

    from app.certification import status_list
    from app.extensions import db

    used = db.session.scalar(text("SELECT count(*) FROM status_slots WHERE list_no = 1"))
    missing = status_list.FILL - used
    if missing <= 0:
        return 0
    db.session.execute(text("""
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
        {"size": status_list.LIST_SIZE, "missing": missing})
    db.session.commit()
    db.session.execute(text("ANALYZE status_slots"))
    db.session.commit()
    return missing


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url",
                        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    os.environ.update(bench_env(args.database_url))
    from sqlalchemy import text

    from app import create_app
    from app.certification import status_list
    from app.config import Config
    from app.extensions import db

    app = create_app(Config)
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            raise SystemExit("this benchmark needs the PostgreSQL database of `make load`")
        added = fill()
        certificates = db.session.scalar(text("SELECT count(*) FROM certificates"))
        revoked = db.session.scalar(text(
            "SELECT count(*) FROM certificates WHERE status = 'revoked'"))
        bits = status_list.bitstring("revocation", 1)
        flagged = sum(bin(b).count("1") for b in bits)
        db.session.rollback()
        ours, base, unindexed = [], [], []

        def without_index():
            db.session.execute(text(f"DROP INDEX {INDEX}"))  # undone by the rollback below
            try:
                assert status_list.document("revocation", 1) is not None
            finally:
                db.session.rollback()

        status_list.document("revocation", 1)  # warm: connection, key, plan cache
        db.session.rollback()
        for n in range(args.runs):
            ours.append(timed(lambda: status_list.document("revocation", 1)))
            db.session.rollback()
            base.append(timed(lambda: status_list.signed("revocation", 1, bits)))
            if n % 3 == 0:  # the slow variant, on every third run
                unindexed.append(timed(without_index))
        assert status_list.bitstring("revocation", 1) == bits
        db.session.rollback()
    median = statistics.median
    print(f"status list: {certificates:,} certificates ({revoked:,} revoked), list 1 holds "
          f"{status_list.FILL:,} positions ({added:,} added now), {flagged:,} bits set")
    print(f"  built from the database: median {median(ours) * 1000:.1f} ms "
          f"({len(ours)} runs, {min(ours) * 1000:.1f}-{max(ours) * 1000:.1f} ms)")
    print(f"  signed from memory (baseline): median {median(base) * 1000:.1f} ms")
    print(f"  built without the index: median {median(unindexed) * 1000:.1f} ms "
          f"({len(unindexed)} runs)")
    print(f"  ratio to the baseline: {median(ours) / median(base):.1f}x; the index makes the "
          f"build {median(unindexed) / median(ours):.1f}x faster")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
