"""Mixed traffic against the real app under gunicorn.conf.py on 127.0.0.1, bounded in time:
locust (bench/load/locustfile.py) headless for LOAD_SECONDS with LOAD_USERS users: registrars,
and the other signed-in roles on their home pages. Targets (security.md item 29): p95 under
500 ms for pages (each role's home among them, and each home on its own) and under 200 ms for
verify, no failed request, and exactly as many new screening attestations in the database as
writes succeeded."""
import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.load.prepare import ensure  # noqa: E402
from bench.load.servers import OUT, bench_env, count_rows, serve  # noqa: E402
from bench.verdicts import Recorder, Target  # noqa: E402

LOCUST = ROOT / ".venv-load" / "bin" / "locust"
P95_MS = {"pages": 500, "verify": 200}  # security.md item 29


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--port", type=int, default=8103)
    args = parser.parse_args(argv)
    record = Recorder("mixed")
    ensure(args.database_url)
    before = count_rows(args.database_url, "screening_attestations")
    (OUT / "mixed.json").unlink(missing_ok=True)
    with serve("bench.load.bench_wsgi", args.port, bench_env(args.database_url)) as base:
        print(f"mixed traffic: {args.users} users for {args.seconds} s on {base} "
              f"(registrars: 70% signed-in pages, 20% verify, 10% writes; the other roles: "
              f"their homes and the page behind them)")
        subprocess.run(
            [str(LOCUST), "-f", str(ROOT / "bench" / "load" / "locustfile.py"), "--headless",
             "-u", str(args.users), "-r", str(max(1, args.users // 2)), "-t", f"{args.seconds}s",
             "--host", base, "--only-summary", "--stop-timeout", "5", "--loglevel", "WARNING"],
            cwd=ROOT, timeout=args.seconds + 120, env=dict(os.environ))
    summary = json.loads((OUT / "mixed.json").read_text())  # missing: locust did not finish
    written = count_rows(args.database_url, "screening_attestations") - before
    ok_writes = summary["writes"]["requests"] - summary["writes"]["failures"]
    summary["rows_written"] = written
    (OUT / "mixed.json").write_text(json.dumps(summary, indent=2))
    what = f"{args.users} users, {args.seconds} s"
    for group, limit in P95_MS.items():
        record.add(f"mixed traffic, {what}: {group} p95", value=summary[group]["p95"], unit="ms",
                   target=Target("<", limit, of="value"),
                   note=f"p50 {summary[group]['p50']} ms, p99 {summary[group]['p99']} ms, "
                        f"{summary[group]['requests']} requests")
    for name, home in sorted(summary.get("homes", {}).items()):
        record.add(f"mixed traffic, {what}: {name} p95", value=home["p95"], unit="ms",
                   target=Target("<", P95_MS["pages"], of="value"),
                   note=f"p50 {home['p50']} ms, p99 {home['p99']} ms, "
                        f"{home['requests']} requests")
    record.add(f"mixed traffic, {what}: failed requests", value=summary["total"]["failures"],
               unit="", target=Target("==", 0, of="value"),
               note=f"of {summary['total']['requests']} requests")
    record.add("mixed traffic: rows added minus writes accepted", value=written - ok_writes,
               unit="", target=Target("==", 0, of="value"),
               note=f"{ok_writes} writes accepted, {written} rows added")
    return record.finish()


if __name__ == "__main__":
    sys.exit(main())
