"""Run every benchmark of a suite, whatever happens to each, then print one table of every figure
with its target, verdict and spread (bench/verdicts.py). Exit status 1 at the end when any figure
missed its target or any benchmark did not finish.

    .venv/bin/python bench/suite.py bench            # `make bench` (BENCH_QUICK=1: small sizes)
    .venv/bin/python bench/suite.py load URL          # `make load`, after run.sh's checks
    .venv/bin/python bench/suite.py bench --only cert_issue,cert_unit

Each benchmark runs in a process of its own and appends its figures to one results file
(bench/out/bench.jsonl, bench/out/load.jsonl), started afresh by each run of the suite.
"""
import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.pairs import load_average  # noqa: E402
from bench.verdicts import OUT, Recorder, failed, read, report  # noqa: E402

PG_URL = "postgresql://postgres@127.0.0.1:5432/pkt_bench"


def bench_steps(quick: bool) -> list[tuple[str, list[str]]]:
    """(name, script and arguments) of `make bench`; quick: sizes for a smoke run of the harness.
    The dashboards and the status list share one PostgreSQL database (BENCH_PG_URL)."""
    pg = os.environ.get("BENCH_PG_URL", PG_URL) + ("_quick" if quick else "")
    if quick:
        return [
            ("cert_issue", ["cert_issue.py", "--min-pairs", "5", "--max-pairs", "10"]),
            ("cert_unit", ["cert_unit.py", "--people", "40", "--min-pairs", "2",
                           "--max-pairs", "2"]),
            ("cert_bulk", ["cert_bulk.py", "--people", "40", "--min-pairs", "1",
                           "--max-pairs", "1"]),
            ("readiness", ["readiness_bench.py", "--db", str(OUT / "readiness_quick.db"),
                           "--completions", "50000", "--min-pairs", "3", "--max-pairs", "3"]),
            ("dashboard", ["dashboard_bench.py", "--database-url", pg, "--scale", "0.002",
                           "--min-pairs", "2", "--max-pairs", "2"]),
            ("status_list", ["status_list_bench.py", "--database-url", pg, "--scale", "0.002",
                             "--min-pairs", "3", "--max-pairs", "3"]),
        ]
    return [
        ("cert_issue", ["cert_issue.py"]),
        ("cert_unit", ["cert_unit.py", "--people", "850"]),
        ("cert_bulk", ["cert_bulk.py", "--people", "850"]),
        ("readiness", ["readiness_bench.py"]),
        ("dashboard", ["dashboard_bench.py", "--database-url", pg, "--scale", "0.05"]),
        ("status_list", ["status_list_bench.py", "--database-url", pg, "--scale", "0.05"]),
    ]


def load_steps(url: str) -> list[tuple[str, list[str]]]:
    """The steps of `make load` on the database bench/load/prepare.py filled, with its knobs."""
    env = os.environ.get
    rounds, port = int(env("LOAD_ROUNDS", "3")), int(env("LOAD_PORT", "8101"))
    return [
        ("verify_throughput", ["verify_throughput.py", "--database-url", url,
                               "--min-pairs", str(rounds), "--max-pairs", str(max(7, rounds)),
                               "--seconds", env("LOAD_WRK_SECONDS", "10"), "--port", str(port)]),
        ("mixed", ["load/mixed.py", "--database-url", url, "--seconds", env("LOAD_SECONDS", "60"),
                   "--users", env("LOAD_USERS", "20"), "--port", str(port + 2)]),
        ("flood", ["load/flood.py", "--database-url", url, "--port", str(port + 3)]),
        ("issue_series", ["load/issue_series.py", "--database-url", url,
                          "--port", str(port + 4)]),
        ("status_list", ["status_list_bench.py", "--database-url", url]),
    ]


def run(steps, results: Path) -> None:
    """Run each step, recording an ERROR figure for one that did not finish."""
    env = dict(os.environ, BENCH_RESULTS=str(results), BENCH_SUITE="1", PYTHONPATH=str(ROOT))
    for name, (script, *args) in steps:
        print(f"\n== {name}: bench/{script} {' '.join(args)}", flush=True)
        started = time.perf_counter()
        code = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args],
                              cwd=ROOT, env=env).returncode
        figures, finished = read(results)
        mine = [f for f in figures if f["bench"] == name]
        if name not in finished:
            Recorder(name, results).error("(run)", f"exit {code}: did not finish, see above")
        elif code and not any(failed(f) for f in mine):
            Recorder(name, results).error("(run)", f"exit {code} after its figures")
        print(f"== {name}: {time.perf_counter() - started:.0f} s, exit {code}", flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("suite", choices=("bench", "load"))
    parser.add_argument("database_url", nargs="?", help="load: the filled database")
    parser.add_argument("--only", help="comma-separated step names")
    parser.add_argument("--quick", action="store_true", default=bool(os.environ.get(
        "BENCH_QUICK", "") not in ("", "0")), help="small sizes (also BENCH_QUICK=1)")
    args = parser.parse_args(argv)
    if args.suite == "load" and not args.database_url:
        parser.error("load needs the database URL")
    steps = bench_steps(args.quick) if args.suite == "bench" else load_steps(args.database_url)
    if args.only:
        wanted = set(args.only.split(","))
        unknown = wanted - {name for name, _ in steps}
        if unknown:
            parser.error(f"no such step: {', '.join(sorted(unknown))}")
        steps = [step for step in steps if step[0] in wanted]
    OUT.mkdir(parents=True, exist_ok=True)
    results = OUT / f"{args.suite}.jsonl"
    results.write_text("")
    started, load = time.perf_counter(), load_average()
    run(steps, results)
    text, status = report(results)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip() or "?"
    print(f"\n== {args.suite}: {time.strftime('%Y-%m-%d %H:%M')}, commit {commit}, "
          f"{os.cpu_count()} CPUs, load average {load} at the start and {load_average()} at "
          f"the end, {time.perf_counter() - started:.0f} s; figures in {results}")
    if args.quick:
        print("QUICK run (BENCH_QUICK): sizes too small for the verdicts to mean anything")
    print(text)
    return status


if __name__ == "__main__":
    sys.exit(main())
