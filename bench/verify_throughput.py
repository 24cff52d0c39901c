"""Verify-page throughput against bare Flask, same gunicorn.conf.py, same run, loopback only.

Starts the real app (bench/load/bench_wsgi.py) and a bare Flask app that returns bodies of the
same sizes (bench/load/bare_wsgi.py), both under gunicorn.conf.py, then wrk runs over thousands
of real tokens from the database in alternated pairs (bench/pairs.py): the verify page
/verify/<token> and bare, then the status API /api/v1/certificates/<token> and bare. Records each
median per-pair ratio of requests per second, its spread and p99 latencies. Targets: each ratio
>= 0.5, and no error response. Every request goes to 127.0.0.1 and every run is bounded in time.
An empty database is filled first (bench/load/prepare.py).

    .venv/bin/python bench/verify_throughput.py --database-url postgresql://postgres@127.0.0.1/pkt_load
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.load.prepare import ensure, sample_tokens  # noqa: E402
from bench.load.servers import OUT, bench_env, fetch, serve  # noqa: E402
from bench.pairs import add_arguments, alternate  # noqa: E402
from bench.verdicts import Recorder, Target  # noqa: E402

TARGET = Target(">=", 0.5)  # requests per second, ours / bare Flask
API = "/api/v1/certificates/"
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/pkt_load"


def wrk(base: str, seconds: float, connections: int, threads: int, tokens: Path,
        prefix: str = "/verify/") -> dict:
    result = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s",
         "-s", str(ROOT / "bench" / "load" / "verify.lua"), base],
        capture_output=True, text=True, timeout=seconds + 60,
        env=dict(os.environ, TOKENS_FILE=str(tokens), VERIFY_PREFIX=prefix))
    match = re.search(r"^RESULT (.*)$", result.stdout, re.M)
    if result.returncode != 0 or not match:
        raise RuntimeError(f"wrk failed: {result.stdout}\n{result.stderr}")
    figures = {k: int(v) for k, v in (pair.split("=") for pair in match.group(1).split())}
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    figures["errors"] = sum(figures[k] for k in ("connect", "read", "write", "status", "timeout"))
    return figures


def warm_up(url_prefix: str, tokens: list[str], passes: int, connections: int) -> float:
    """Request every token `passes` times from `connections` threads (not measured): the
    steady state of a hot set, where every web process has seen every token. Returns seconds."""
    import time
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    def get(token):
        with urllib.request.urlopen(url_prefix + token, timeout=30) as response:
            response.read()

    start = time.monotonic()
    with ThreadPoolExecutor(connections) as pool:
        list(pool.map(get, tokens * passes))
    return time.monotonic() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    add_arguments(parser, min_pairs=3, max_pairs=7)
    parser.add_argument("--seconds", type=float, default=10, help="each wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--tokens", type=int, default=5000)
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--warm-passes", type=int, default=4,
                        help="cache on: before the timed runs, request every token this many "
                             "times (the steady state of a hot set of --tokens certificates)")
    parser.add_argument("--cache-seconds", type=int, default=900,
                        help="cache on: VERIFY_CACHE_SECONDS for the run (production: 120)")
    parser.add_argument("--no-cache", action="store_true",
                        help="turn the verify cache off (VERIFY_CACHE_SECONDS=0): every request "
                             "reads the database, as for tokens nobody looked up recently")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    record = Recorder("verify_throughput")
    OUT.mkdir(parents=True, exist_ok=True)
    ensure(args.database_url)
    tokens, total = sample_tokens(args.database_url, args.tokens)
    env = bench_env(args.database_url)
    if args.no_cache:
        env["VERIFY_CACHE_SECONDS"] = "0"
    else:  # the runs take minutes and each target waits for the others: entries warmed at
        # the start must not all expire together in the middle of the measurement
        env["VERIFY_CACHE_SECONDS"] = str(args.cache_seconds)
        import redis  # start empty: what the cache holds comes from this run's requests only

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    runs = {name: [] for name in ("verify", "bare", "api", "bare_api")}
    cache_note = "OFF" if args.no_cache else (f"on, warmed {args.warm_passes} passes, entries "
                                              f"kept {args.cache_seconds} s")
    token_list = tokens.read_text().split()
    with serve("bench.load.bench_wsgi", args.port, env) as app_base:
        first = token_list[0]
        size = len(fetch(f"{app_base}/verify/{first}"))
        api_size = len(fetch(f"{app_base}{API}{first}"))
        bare_env = dict(env, BARE_BODY_BYTES=str(size), BARE_API_BYTES=str(api_size))
        with serve("bench.load.bare_wsgi", args.port + 1, bare_env) as bare_base:
            print(f"verify vs bare Flask: {total:,} certificates in the database, verify page "
                  f"{size:,} bytes, status API {api_size:,} bytes, "
                  f"workers={env.get('WEB_CONCURRENCY', 'default')}, "
                  f"wrk -t{args.threads} -c{args.connections} {args.seconds:g}s per run, "
                  f"verify cache {cache_note} ({args.tokens:,} tokens)")
            targets = {"verify": (app_base, "/verify/"), "bare": (bare_base, "/verify/"),
                       "api": (app_base, API), "bare_api": (bare_base, API)}
            for name, (base, prefix) in targets.items():  # warm-up, not counted
                passes = 0 if args.no_cache or name.startswith("bare") else args.warm_passes
                if passes:
                    seconds = warm_up(base + prefix, token_list, passes, args.connections)
                    print(f"  warm-up {name:<8} every token {passes} times in {seconds:.0f} s")
                wrk(base, 2, args.connections, args.threads, tokens, prefix)

            def rps(name):
                def one() -> float:
                    base, prefix = targets[name]
                    figures = wrk(base, args.seconds, args.connections, args.threads, tokens,
                                  prefix)
                    runs[name].append(figures)
                    print(f"  {name:<8} {figures['rps']:8.0f} req/s  "
                          f"p50 {figures['p50_us'] / 1000:6.1f} ms  "
                          f"p99 {figures['p99_us'] / 1000:6.1f} ms  errors {figures['errors']}")
                    return figures["rps"]
                return one

            paired = {name: alternate(rps(name), rps(bare), min_pairs=args.min_pairs,
                                      max_pairs=args.max_pairs, targets=[TARGET],
                                      max_seconds=args.max_seconds)
                      for name, bare in (("verify", "bare"), ("api", "bare_api"))}
    summary = summarise(runs, total, size)
    summary["cache"] = not args.no_cache
    name = "verify_throughput_nocache.json" if args.no_cache else "verify_throughput.json"
    (OUT / name).write_text(json.dumps({"summary": summary, "runs": runs}, indent=2))
    cache = "cache off" if args.no_cache else "hot set warm"
    for label, name, bare in (("verify page /verify/<token>", "verify", "bare"),
                              (f"status API {API}<token>", "api", "bare_api")):
        record.add(f"{label}, {cache}", pairs=paired[name], unit="req/s", target=TARGET,
                   note=f"bare Flask, same size and gunicorn config; p99 "
                        f"{summary[f'{name}_p99_ms']:.1f} ms vs {summary[f'{bare}_p99_ms']:.1f} ms")
    record.add("error responses (verify and API runs)", value=summary["errors"], unit="",
               target=Target("==", 0, of="value"))
    return record.finish()


def summarise(runs: dict, total: int, size: int) -> dict:
    summary = {"certificates": total, "body_bytes": size,
               "errors": sum(r["errors"] for rs in runs.values() for r in rs)}
    for name, figures in runs.items():
        summary[f"{name}_rps"] = statistics.median(r["rps"] for r in figures)
        summary[f"{name}_p99_ms"] = statistics.median(r["p99_us"] for r in figures) / 1000
    summary["ratio"] = summary["verify_rps"] / summary["bare_rps"]
    summary["api_ratio"] = summary["api_rps"] / summary["bare_api_rps"]
    return summary


if __name__ == "__main__":
    sys.exit(main())
