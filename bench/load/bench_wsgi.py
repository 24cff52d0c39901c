"""The real app, for load tests on 127.0.0.1 only (gunicorn -c gunicorn.conf.py
bench.load.bench_wsgi:app).

Production configuration and checks, with two differences a benchmark needs:
- session cookies without Secure (the load generator speaks plain http on loopback);
- with BENCH_EXEMPT_LOOPBACK=1, requests from 127.0.0.1/::1 skip the rate limits, so one client
  address can send thousands of verify and sign-in requests. Production never loads this module.
It refuses to load unless gunicorn binds to a loopback address.
"""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from flask import request  # noqa: E402

from app import create_app  # noqa: E402
from app.config import Config  # noqa: E402
from app.extensions import limiter  # noqa: E402

LOOPBACK = ("127.0.0.1", "::1")

if not os.environ.get("GUNICORN_BIND", "").startswith(("127.0.0.1:", "[::1]:")):
    raise SystemExit("bench_wsgi serves on a loopback GUNICORN_BIND only (127.0.0.1:PORT)")


class LoadTestConfig(Config):
    ENV_NAME = "benchmark"
    SESSION_COOKIE_NAME = "session"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    HSTS = False
    TRUSTED_PROXIES = 0


app = create_app(LoadTestConfig)
_problems = [p for p in Config.problems(app.config) if "SESSION_COOKIE_SECURE" not in p]
if _problems:
    raise SystemExit("bench_wsgi: " + "; ".join(_problems))

if os.environ.get("BENCH_EXEMPT_LOOPBACK") == "1":
    @limiter.request_filter
    def _loopback_exempt() -> bool:
        return request.remote_addr in LOOPBACK
