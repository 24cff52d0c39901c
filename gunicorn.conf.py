"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app`.

Every value can be changed through the environment (see .env.example and docs/operations.md).
Workers are processes: each imports the app (and WeasyPrint, about 0.9 s) once and then serves
for a long time; PDF rendering is CPU work, so more workers than cores buys nothing.
"""
import multiprocessing
import os
import re

from gunicorn.glogging import Logger


def _int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count()))
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

# A unit certificate with an 850-person roster annex renders in about 10 s on one core; bulk work
# goes to the task queue, so two minutes is a generous ceiling for one request.
timeout = _int("GUNICORN_TIMEOUT", 120)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# The app is imported once, in the master (with WeasyPrint, about 1 s), and workers are forked from
# it: a recycled worker is back in milliseconds, so recycling never stalls requests (without
# preloading, each recycle re-imported the app and held requests for about 2 s). Nothing opens a
# connection while the app is built (create_app has no side effects); post_fork still drops any
# pooled database connection a worker may have inherited. A code change needs a full restart
# (not HUP). Workers are recycled at staggered times as a guard against slow leaks.
preload_app = _int("GUNICORN_PRELOAD", 1) == 1
max_requests = _int("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 2000)


def _preloaded(server):
    """The app the master loaded (None when each worker loads its own)."""
    return server.app.wsgi() if preload_app else None


def when_ready(server):
    """Compile every template once in the master: forked workers inherit them, so a fresh (or
    recycled) worker's first pages do not pay for compiling (that showed as p99 spikes)."""
    env = getattr(_preloaded(server), "jinja_env", None)
    if env is not None:
        for name in env.list_templates(extensions=["html", "txt", "xml"]):
            env.get_template(name)


def post_fork(server, worker):
    """A forked worker must never share the master's pooled connections."""
    app = _preloaded(server)
    state = getattr(app, "extensions", {}).get("sqlalchemy")
    if state is not None:
        with app.app_context():
            for engine in state.engines.values():
                engine.dispose(close=False)


# Only the reverse proxy in front may set X-Forwarded-Proto; the app's ProxyFix (TRUSTED_PROXIES)
# takes the client address from X-Forwarded-For for rate limits.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
limit_request_line = 4094
limit_request_fields = 100

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# No client address, query string, referrer or user agent: they can carry personal data.
access_log_format = '%(t)s %(p)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'

_TOKEN_SEGMENT = re.compile(r"/[A-Za-z0-9_\-]{20,}")


class PrivateAccessLogger(Logger):
    """Access log without secrets in paths: long token-like path segments (verify tokens) are
    replaced by `/<token>`."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = _TOKEN_SEGMENT.sub("/<token>", atoms.get("U") or "")
        return atoms


logger_class = PrivateAccessLogger
