"""Configuration read from the environment. See README.md and .env.example for every variable."""
import os
from datetime import timedelta
from pathlib import Path

from flask.helpers import get_debug_flag

ROOT = Path(__file__).resolve().parent.parent


def _env(name, default=None):
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def database_url(url: str) -> str:
    """PostgreSQL URLs always go through psycopg 3 (`postgres://` and `postgresql://` accepted)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


# Secrets that appear in this repository (tests, examples): never acceptable in production.
KNOWN_DEV_SECRETS = frozenset({
    "test-secret-key-not-for-production-0123456789",
    "change-me-to-a-random-value-of-at-least-32-characters",
    "dev", "secret", "changeme", "change-me",
})


def _readable_private_key(path: Path) -> bool:
    try:
        return b"PRIVATE KEY-----" in path.read_bytes()[:4096]
    except OSError:
        return False


class Config:
    """Production defaults: secure cookies, real secrets required (see `check_production`)."""

    ENV_NAME = "production"
    DEBUG = False
    TESTING = False
    SECRET_KEY = _env("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = database_url(
        _env("DATABASE_URL", f"sqlite:///{ROOT / 'instance' / 'app.db'}"))
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    CURRICULA_DIR = _env("CURRICULA_DIR", str(ROOT / "curricula"))
    INSTANCE_DIR = _env("INSTANCE_DIR", str(ROOT / "instance"))
    SIGNING_KEY_PATH = _env("SIGNING_KEY_PATH", str(ROOT / "instance" / "signing_key.pem"))
    CERTIFICATE_DIR = _env("CERTIFICATE_DIR", str(ROOT / "instance" / "certificates"))
    PUBLIC_BASE_URL = _env("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    REDIS_URL = _env("REDIS_URL")
    TRUSTED_PROXIES = int(_env("TRUSTED_PROXIES", "0"))
    RATELIMIT_STORAGE_URI = _env("RATELIMIT_STORAGE_URI", _env("REDIS_URL", "memory://"))
    RATELIMIT_HEADERS_ENABLED = True
    HUEY_IMMEDIATE = False
    # The public verify answers (app/certification/verification/public_cache.py): shared by
    # every worker, so Redis in production; without REDIS_URL nothing is cached.
    CACHE_TYPE = "RedisCache" if _env("REDIS_URL") else "NullCache"
    CACHE_REDIS_URL = _env("REDIS_URL")
    CACHE_KEY_PREFIX = "pkt:"
    VERIFY_CACHE_SECONDS = int(_env("VERIFY_CACHE_SECONDS", "120"))
    # Each process's near copy of it (app/certification/verification/near_cache.py; 0 entries
    # = off).
    VERIFY_NEAR_ENTRIES = int(_env("VERIFY_NEAR_ENTRIES", "10000"))
    # Certificate renders (app/certification/rendering/render_pool.py): in worker processes,
    # killed after CERT_RENDER_TIMEOUT s (plus CERT_RENDER_SECONDS_PER_PAGE for each further
    # expected page), each worker's address space capped at CERT_RENDER_MEMORY_MB.
    CERT_RENDER_ISOLATED = True
    CERT_RENDER_TIMEOUT = float(_env("CERT_RENDER_TIMEOUT", "10"))
    CERT_RENDER_SECONDS_PER_PAGE = float(_env("CERT_RENDER_SECONDS_PER_PAGE", "1"))
    CERT_RENDER_MEMORY_MB = int(_env("CERT_RENDER_MEMORY_MB", "2048"))
    CERT_RENDER_PROCESSES = int(_env("CERT_RENDER_PROCESSES", "0"))  # 0: up to 2, by CPUs

    LANGUAGES = ("en", "fr")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    BABEL_TRANSLATION_DIRECTORIES = ";".join(
        str(p) for p in sorted((ROOT / "app").glob("*/translations"))
    )
    BOOTSTRAP_SERVE_LOCAL = True

    # Signed audit checkpoints (app/audit/checkpoints.py): the file and the Ed25519 key, both
    # outside the database (unset: in INSTANCE_DIR); one after every AUDIT_CHECKPOINT_EVERY-th
    # event and every AUDIT_CHECKPOINT_MINUTES from the worker (0 = never).
    AUDIT_CHECKPOINT_PATH = _env("AUDIT_CHECKPOINT_PATH")
    AUDIT_CHECKPOINT_KEY_PATH = _env("AUDIT_CHECKPOINT_KEY_PATH")
    AUDIT_CHECKPOINT_EVERY = int(_env("AUDIT_CHECKPOINT_EVERY", "100"))
    AUDIT_CHECKPOINT_MINUTES = int(_env("AUDIT_CHECKPOINT_MINUTES", "60"))

    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    API_IDEMPOTENCY_HOURS = int(_env("API_IDEMPOTENCY_HOURS", "24"))
    API_WRITE_LIMIT = _env("API_WRITE_LIMIT", "60 per minute")
    SESSION_COOKIE_NAME = "__Host-session"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    REMEMBER_COOKIE_DURATION = timedelta(hours=12)
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    HSTS = True
    WTF_CSRF_TIME_LIMIT = 3600
    DEMO_ALLOWED = False

    @classmethod
    def problems(cls, config) -> list[str]:
        """Reasons this configuration must not serve production traffic (empty when fine)."""
        found = []
        secret = config.get("SECRET_KEY") or ""
        if len(secret) < 32:
            found.append("SECRET_KEY must be set to a random value of at least 32 characters")
        elif secret in KNOWN_DEV_SECRETS:
            found.append("SECRET_KEY is a published example value: generate a random one")
        if config.get("DEBUG"):
            found.append("DEBUG must be off")
        elif get_debug_flag():  # `flask run` turns debug (and the debugger) on after create_app
            found.append("DEBUG must be off: unset FLASK_DEBUG (or drop `flask --debug`)")
        if not config.get("SESSION_COOKIE_SECURE"):
            found.append("SESSION_COOKIE_SECURE must be on")
        key_path = Path(config.get("SIGNING_KEY_PATH") or "")
        if not key_path.is_file():
            found.append(
                f"no certificate signing key at {config.get('SIGNING_KEY_PATH')} "
                "(create one with `flask --app wsgi keys generate`)"
            )
        elif not _readable_private_key(key_path):
            found.append(f"the certificate signing key at {key_path} is unreadable "
                         "(no permission, or not a PEM private key)")
        if (config.get("RATELIMIT_STORAGE_URI") or "memory://").startswith("memory://"):
            found.append("rate limits need shared storage: set REDIS_URL or "
                         "RATELIMIT_STORAGE_URI (memory:// counts per worker and forgets)")
        if config.get("RATELIMIT_ENABLED") is False:
            found.append("rate limiting must be on (RATELIMIT_ENABLED)")
        if config.get("CACHE_TYPE") in ("SimpleCache", "FileSystemCache"):
            found.append("the verify cache must be shared by every worker (RedisCache or "
                         "NullCache): a per-process cache could not be invalidated on revocation")
        if (config.get("SQLALCHEMY_DATABASE_URI") or "sqlite").startswith("sqlite"):
            found.append("production needs PostgreSQL: set DATABASE_URL=postgresql://...")
        return found


class DevelopmentConfig(Config):
    """`make run`: plain http on 127.0.0.1, demo data allowed."""

    ENV_NAME = "development"
    SESSION_COOKIE_NAME = "session"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    HSTS = False
    DEMO_ALLOWED = True
    HUEY_IMMEDIATE = _env("HUEY_IMMEDIATE", "0") == "1"
    CACHE_TYPE = "SimpleCache"  # `flask run` is one process


class TestConfig(DevelopmentConfig):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production-0123456789"
    SQLALCHEMY_DATABASE_URI = _env("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    HUEY_IMMEDIATE = True
    PASSWORD_HASH_FAST = True
    # In the test process, so fault-injection tests can patch WeasyPrint; the worker path has
    # its own tests (tests/integration/certification/test_render_limits.py) and the browser
    # tests' server uses it.
    CERT_RENDER_ISOLATED = False
    CERT_RENDER_PROCESSES = 1


CONFIGS = {"production": Config, "development": DevelopmentConfig, "testing": TestConfig}


def config_from_env():
    return CONFIGS[_env("APP_ENV", "production")]
