"""The production config refuses to start on an insecure setting (security.md item 26): one test
per reason, a clean config that does start, and gunicorn exiting non-zero on a refusal."""
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from app.config import Config, database_url

ROOT = Path(__file__).resolve().parents[3]
PEM = b"-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n" \
      b"-----END PRIVATE KEY-----\n"


@pytest.fixture
def production(tmp_path):
    """prod(**overrides) -> a production config class that passes every check unless overridden."""
    key = tmp_path / "signing_key.pem"
    key.write_bytes(PEM)

    def make(**overrides):
        attrs = {
            "SECRET_KEY": secrets.token_urlsafe(48),
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://app@127.0.0.1:5432/pkt",
            "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
            "SIGNING_KEY_PATH": str(key),
            "CERTIFICATE_DIR": str(tmp_path / "certificates"),
            "INSTANCE_DIR": str(tmp_path),
        }
        attrs.update(overrides)
        return type("Prod", (Config,), attrs)
    return make


def refusal(config_class) -> str:
    with pytest.raises(RuntimeError, match="Refusing to start in production") as excinfo:
        create_app(config_class)
    return str(excinfo.value)


def test_clean_production_config_starts(production):
    app = create_app(production())
    assert app.config["ENV_NAME"] == "production" and not app.debug


@pytest.mark.parametrize("secret", [None, "", "short-secret-of-31-characters!!"])
def test_refuses_missing_or_short_secret(production, secret):
    assert "SECRET_KEY must be set" in refusal(production(SECRET_KEY=secret))


def test_refuses_published_example_secret(production):
    from app.config import TestConfig
    for secret in (TestConfig.SECRET_KEY, example_env()["SECRET_KEY"]):
        assert "published example value" in refusal(production(SECRET_KEY=secret))


def test_refuses_missing_signing_key(production, tmp_path):
    message = refusal(production(SIGNING_KEY_PATH=str(tmp_path / "absent.pem")))
    assert "no certificate signing key" in message


def test_refuses_signing_key_that_is_not_a_key(production, tmp_path):
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a key")
    assert "signing key" in refusal(production(SIGNING_KEY_PATH=str(garbage)))


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_refuses_unreadable_signing_key(production, tmp_path):
    locked = tmp_path / "locked.pem"
    locked.write_bytes(PEM)
    locked.chmod(0)
    assert "unreadable" in refusal(production(SIGNING_KEY_PATH=str(locked)))


def test_refuses_insecure_session_cookie(production):
    assert "SESSION_COOKIE_SECURE" in refusal(production(SESSION_COOKIE_SECURE=False))


def test_refuses_debug(production):
    assert "DEBUG must be off" in refusal(production(DEBUG=True))


@pytest.mark.parametrize("storage", [None, "memory://"])
def test_refuses_per_worker_rate_limit_storage(production, storage):
    assert "shared storage" in refusal(production(RATELIMIT_STORAGE_URI=storage))


def test_refuses_rate_limits_switched_off(production):
    assert "RATELIMIT_ENABLED" in refusal(production(RATELIMIT_ENABLED=False))


def test_refuses_sqlite(production):
    message = refusal(production(SQLALCHEMY_DATABASE_URI="sqlite:////tmp/app.db"))
    assert "production needs PostgreSQL" in message


@pytest.mark.parametrize("given", ["postgres://u@h/db", "postgresql://u@h/db",
                                   "postgresql+psycopg://u@h/db"])
def test_postgres_urls_use_psycopg3(given):
    assert database_url(given) == "postgresql+psycopg://u@h/db"


def test_sqlite_url_unchanged():
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"


def example_env() -> dict:
    pairs = (line.split("=", 1) for line in (ROOT / ".env.example").read_text().splitlines()
             if line and not line.startswith("#") and "=" in line)
    return {k.strip(): v.strip() for k, v in pairs}


def test_gunicorn_exits_non_zero_on_refusal(tmp_path):
    """The whole server stops (not one worker retrying forever) when the config is refused."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECRET_KEY", "TEST_"))}
    env.update(APP_ENV="production", DATABASE_URL="sqlite:///" + str(tmp_path / "x.db"),
               GUNICORN_BIND="127.0.0.1:0", WEB_CONCURRENCY="1",
               SIGNING_KEY_PATH=str(tmp_path / "none.pem"), GUNICORN_ACCESS_LOG="-")
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "wsgi:app"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "Refusing to start in production" in result.stderr


def _flask_run(tmp_path, *args, **env_extra):
    """`flask --app wsgi [args] run` as production, with a config that passes every other check
    (nothing is connected to at start-up, so the database and Redis need not be there)."""
    key = tmp_path / "signing_key.pem"
    key.write_bytes(PEM)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SECRET_KEY", "TEST_", "FLASK_", "DATABASE_URL", "REDIS_URL"))}
    env.update(APP_ENV="production", SECRET_KEY=secrets.token_urlsafe(48),
               DATABASE_URL="postgresql://app@127.0.0.1:5432/pkt_never_opened",
               REDIS_URL="redis://127.0.0.1:6379/15", SIGNING_KEY_PATH=str(key),
               CERTIFICATE_DIR=str(tmp_path / "certificates"), **env_extra)
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args, "run", "--host", "127.0.0.1",
         "--port", "0", "--no-reload"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.mark.parametrize("how", [{"FLASK_DEBUG": "1"}, {"FLASK_DEBUG": "true"}, "--debug"])
def test_flask_run_with_debug_refuses_to_start_in_production(tmp_path, how):
    args, env = ((how,), {}) if isinstance(how, str) else ((), how)
    with _flask_run(tmp_path, *args, **env) as process:
        try:
            output, _ = process.communicate(timeout=60)
        finally:
            process.kill()
    assert process.returncode != 0
    assert "Refusing to start in production" in output and "FLASK_DEBUG" in output
    assert "Debugger is active" not in output and "Running on" not in output


def test_flask_run_without_debug_starts_in_production(tmp_path):
    lines = []
    with _flask_run(tmp_path, FLASK_DEBUG="0") as process:
        try:
            for line in process.stdout:
                lines.append(line)
                if "Running on" in line or len(lines) > 50:
                    break
        finally:
            process.terminate()
    assert any("Running on http://127.0.0.1:" in line for line in lines), lines
    assert not any("Debugger is active" in line for line in lines)
