#!/usr/bin/env bash
# Load test, on 127.0.0.1 only and bounded in time. Start it with `make load` or bench/load/run.sh.
#
#  0. fills PostgreSQL (BENCH_DATABASE_URL, default pkt_load on 127.0.0.1) once at LOAD_SCALE
#     (default 1 = the design scale: 400k people, ~10M completions, ~1M certificates; about
#     5 minutes the first time, then reused);
#  1. verify page vs bare Flask under the same gunicorn.conf.py (wrk, bench/verify_throughput.py);
#  2. mixed traffic, signed-in pages / verify / writes (locust, bench/load/mixed.py);
#  3. floods on the verify page and the sign-in form with rate limits on: 429s, no 5xx;
#  4. 50 individual certificates issued one after another through the form: p95 < 3 s;
#  5. a published status list built from the database, against the same list signed from memory
#     and without its index (bench/status_list_bench.py; gives half a list of positions once).
# Needs: PostgreSQL and Redis on 127.0.0.1, Debian's wrk; locust goes into .venv-load.
# Knobs: LOAD_SCALE, LOAD_SECONDS (60), LOAD_USERS (20), LOAD_ROUNDS (3), LOAD_WRK_SECONDS (10),
# WEB_CONCURRENCY (gunicorn workers, default = cores). Results: bench/out/*.json.
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

echo "== 1. verify vs bare Flask"
status=0
"$PY" bench/verify_throughput.py --database-url "$URL" --rounds "${LOAD_ROUNDS:-3}" \
  --seconds "${LOAD_WRK_SECONDS:-10}" || status=1

echo "== 2. mixed traffic"
"$PY" bench/load/mixed.py --database-url "$URL" --seconds "${LOAD_SECONDS:-60}" \
  --users "${LOAD_USERS:-20}" || status=1

echo "== 3. floods (rate limits on)"
"$PY" bench/load/flood.py --database-url "$URL" || status=1

echo "== 4. certificates issued one after another"
"$PY" bench/load/issue_series.py --database-url "$URL" || status=1

echo "== 5. status list"
"$PY" bench/status_list_bench.py --database-url "$URL" || status=1

echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$status" = 0 ] && echo "load test passed" || echo "load test FAILED (see above)"
exit "$status"
