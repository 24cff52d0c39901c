"""Start gunicorn with the project's gunicorn.conf.py on a loopback port, wait until it answers,
and stop it (by its own pid) afterwards."""
import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench import OUT  # noqa: F401 (the load scripts import it from here)

ROOT = Path(__file__).resolve().parents[2]


def bench_env(database_url: str, **extra) -> dict:
    """Environment for the bench app: the filled database, Redis, the datagen signing key."""
    import secrets

    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(48),
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
        SIGNING_KEY_PATH=str(OUT / "signing_key.pem"),
        CERTIFICATE_DIR=str(OUT / "certificates"),
        BENCH_EXEMPT_LOOPBACK="1",
        GUNICORN_ACCESS_LOG=str(OUT / "gunicorn-access.log"),
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


@contextlib.contextmanager
def serve(module: str, port: int, env: dict, ready_path: str = "/healthz", timeout: float = 60):
    """Run `gunicorn -c gunicorn.conf.py MODULE:app` on 127.0.0.1:PORT; yield the base URL."""
    env = dict(env, GUNICORN_BIND=f"127.0.0.1:{port}")
    OUT.mkdir(parents=True, exist_ok=True)
    log = open(OUT / f"gunicorn-{port}.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), f"{module}:app"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base + ready_path, process, timeout, OUT / f"gunicorn-{port}.log")
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait(url: str, process, timeout: float, log_path: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}); see {log_path}:\n"
                               + log_path.read_text()[-2000:])
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout} s; see {log_path}")


def count_rows(database_url: str, table: str) -> int:
    """Rows in `table` now, read on a connection of its own (outside any app)."""
    import sqlalchemy as sa

    from app.config import database_url as normalise

    engine = sa.create_engine(normalise(database_url))
    with engine.connect() as conn:
        count = conn.scalar(sa.text(f"SELECT count(*) FROM {table}"))
    engine.dispose()
    return count


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()
