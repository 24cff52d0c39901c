#!/usr/bin/env bash
# Load test, on 127.0.0.1 only and bounded in time. Start it with `make load` or bench/load/run.sh.
#
#  0. fills PostgreSQL (BENCH_DATABASE_URL, default pkt_load on 127.0.0.1) once at LOAD_SCALE
#     (default 1 = the design scale: 400k people, ~10M completions, ~1M certificates; about
#     5 minutes the first time, then reused);
#  1. verify page vs bare Flask under the same gunicorn.conf.py (wrk, bench/verify_throughput.py):
#     requests per second >= 0.5x bare Flask, in alternated pairs;
#  2. mixed traffic, signed-in pages / verify / writes (locust, bench/load/mixed.py): p95 pages
#     < 500 ms, verify < 200 ms, no failure, one row per write;
#  3. floods on the verify page and the sign-in form with rate limits on: 429s, no 5xx;
#  4. 50 individual certificates issued one after another through the form: p95 < 3 s;
#  5. a published status list built from the database, against the same list signed from memory
#     and without its index (bench/status_list_bench.py; gives half a list of positions once).
# Every step runs; the table at the end gives each figure, its target and verdict, and the run
# fails when any target is missed (docs/benchmarks.md).
# Needs: PostgreSQL and Redis on 127.0.0.1, Debian's wrk; locust goes into .venv-load.
# Knobs: LOAD_SCALE, LOAD_SECONDS (60), LOAD_USERS (20), LOAD_ROUNDS (3: alternated pairs at
# least, up to 7 while a verdict is close), LOAD_WRK_SECONDS (10), LOAD_PORT (8101: ports
# 8101-8105 on 127.0.0.1),
# WEB_CONCURRENCY (gunicorn workers, default = cores). Results: bench/out/load.jsonl, bench/out/*.json.
set -euo pipefail
cd "$(dirname "$0")/../.."

PY=.venv/bin/python
URL=${BENCH_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/pkt_load}
case "$URL" in
  *@127.0.0.1[:/]*|*@localhost[:/]*|*@\[::1\][:/]*) ;;
  *) echo "BENCH_DATABASE_URL must point at 127.0.0.1" >&2; exit 2 ;;
esac

[ -x "$PY" ] || { echo "run 'make setup' first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: sudo apt-get install wrk" >&2; exit 1; }
pg_isready -h 127.0.0.1 -q || { echo "PostgreSQL is not answering on 127.0.0.1" >&2; exit 1; }
"$PY" -c "import redis; redis.Redis(host='127.0.0.1', socket_timeout=2).ping()" 2>/dev/null \
  || { echo "Redis is not answering on 127.0.0.1:6379" >&2; exit 1; }
if [ ! -x .venv-load/bin/locust ] || [ bench/requirements.txt -nt .venv-load/bin/locust ]; then
  python3 -m venv .venv-load
  .venv-load/bin/pip install -q -r bench/requirements.txt
  touch .venv-load/bin/locust
fi
mkdir -p bench/out

echo "== 0. data (scale ${LOAD_SCALE:-1})"
"$PY" bench/load/prepare.py --database-url "$URL" --scale "${LOAD_SCALE:-1}"

# Steps 1-5, each whatever happened to the others; one table of every figure and its verdict at
# the end (bench/suite.py, bench/out/load.jsonl); exit 1 when any target was missed.
exec "$PY" bench/suite.py load "$URL"
