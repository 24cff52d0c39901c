"""Mixed traffic against the real app under gunicorn.conf.py on 127.0.0.1, bounded in time:
locust (bench/load/locustfile.py) headless for LOAD_SECONDS with LOAD_USERS users. Afterwards
the database must hold exactly as many new screening attestations as writes succeeded."""
import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.load.servers import OUT, bench_env, count_rows, serve  # noqa: E402

LOCUST = ROOT / ".venv-load" / "bin" / "locust"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--port", type=int, default=8103)
    args = parser.parse_args(argv)
    before = count_rows(args.database_url, "screening_attestations")
    with serve("bench.load.bench_wsgi", args.port, bench_env(args.database_url)) as base:
        print(f"mixed traffic: {args.users} users for {args.seconds} s on {base} "
              f"(70% signed-in pages, 20% verify, 10% writes)")
        result = subprocess.run(
            [str(LOCUST), "-f", str(ROOT / "bench" / "load" / "locustfile.py"), "--headless",
             "-u", str(args.users), "-r", str(max(1, args.users // 2)), "-t", f"{args.seconds}s",
             "--host", base, "--only-summary", "--stop-timeout", "5", "--loglevel", "WARNING"],
            cwd=ROOT, timeout=args.seconds + 120, env=dict(os.environ))
    summary = json.loads((OUT / "mixed.json").read_text())
    written = count_rows(args.database_url, "screening_attestations") - before
    ok_writes = summary["writes"]["requests"] - summary["writes"]["failures"]
    print(f"  writes: {ok_writes} accepted, {written} rows added "
          f"({'consistent' if written == ok_writes else 'MISMATCH'})")
    summary["rows_written"] = written
    (OUT / "mixed.json").write_text(json.dumps(summary, indent=2))
    return 1 if result.returncode or written != ok_writes else 0


if __name__ == "__main__":
    sys.exit(main())
