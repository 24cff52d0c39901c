"""Serving details: the client address behind a trusted proxy, and an access log without
tokens, query strings or client addresses."""
import importlib.util
import types
from datetime import timedelta
from pathlib import Path

from flask import request

from app import create_app
from app.config import TestConfig

ROOT = Path(__file__).resolve().parents[3]


def _client_address(trusted_proxies):
    class Proxied(TestConfig):
        TRUSTED_PROXIES = trusted_proxies

    app = create_app(Proxied)
    app.add_url_rule("/_whoami", "whoami", lambda: request.remote_addr or "")
    response = app.test_client().get("/_whoami", headers={"X-Forwarded-For": "203.0.113.7"},
                                     environ_base={"REMOTE_ADDR": "127.0.0.1"})
    return response.get_data(as_text=True)


def test_client_address_from_trusted_proxy_only():
    assert _client_address(1) == "203.0.113.7"
    assert _client_address(0) == "127.0.0.1"


def _gunicorn_conf():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_access_log_hides_tokens_queries_and_addresses():
    conf = _gunicorn_conf()
    logger = conf.PrivateAccessLogger.__new__(conf.PrivateAccessLogger)
    logger.cfg = types.SimpleNamespace(logger_class=None)
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": "/verify/x?q=Jane", "SERVER_PROTOCOL": "HTTP/1.1",
               "PATH_INFO": "/verify/Zx9_abcdefghijklmnopqrstuvwxyz0123", "QUERY_STRING": "q=Jane",
               "REMOTE_ADDR": "198.51.100.4"}
    resp = types.SimpleNamespace(status="200 OK", sent=1234, headers=[])
    atoms = logger.atoms(resp, types.SimpleNamespace(headers=[]), environ, timedelta(milliseconds=7))
    line = conf.access_log_format % atoms
    assert "/verify/<token>" in line and "Zx9_" not in line
    assert "Jane" not in line and "198.51.100.4" not in line
    assert " 200 1234 7ms" in line


def test_workers_are_preloaded_and_recycle_with_jitter():
    conf = _gunicorn_conf()
    assert conf.preload_app is True
    assert conf.max_requests > 0 and conf.max_requests_jitter > 0
    assert conf.timeout >= 60


def test_a_forked_worker_drops_the_inherited_database_connections(tmp_path):
    """post_fork empties the preloaded app's pool: a connection opened in the master is never
    used by a worker (it would be shared by two processes)."""
    conf = _gunicorn_conf()

    class FileDb(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'app.db'}"

    app = create_app(FileDb)
    from sqlalchemy import text

    from app.extensions import db

    with app.app_context():
        db.session.execute(text("SELECT 1"))
        db.session.remove()  # the connection goes back to the pool
        engine = db.engine
        before = engine.pool.checkedin()
    server = types.SimpleNamespace(app=types.SimpleNamespace(wsgi=lambda: app))
    conf.post_fork(server, worker=None)
    assert before == 1 and engine.pool.checkedin() == 0


def test_load_test_app_refuses_a_non_loopback_bind():
    """The load-test app (rate limits off for 127.0.0.1, plain-http cookies) never serves
    beyond loopback."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, GUNICORN_BIND="0.0.0.0:8000", PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", "import bench.load.bench_wsgi"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "loopback" in result.stderr


def test_the_master_compiles_every_template_before_forking():
    conf = _gunicorn_conf()
    app = create_app(TestConfig)
    server = types.SimpleNamespace(app=types.SimpleNamespace(wsgi=lambda: app))
    conf.when_ready(server)
    cached = {key[1] for key in app.jinja_env.cache.keys()}
    assert {"base.html", "certificates/verify.html", "errors/404.html"} <= cached
    assert len(cached) == len(app.jinja_env.list_templates(extensions=["html", "txt", "xml"]))
