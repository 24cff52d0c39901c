"""Extension instances, created here and initialised in the factory."""
from flask_babel import Babel
from flask_caching import Cache
from flask_bootstrap import Bootstrap5
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase, registry
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Stored as naive UTC on every database, always returned timezone-aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass a timezone-aware UTC value")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=timezone.utc)


class Base(DeclarativeBase):
    registry = registry(metadata=MetaData(naming_convention=NAMING),
                        type_annotation_map={datetime: UTCDateTime()})


db = SQLAlchemy(model_class=Base)
migrate = Migrate(directory=str(Path(__file__).resolve().parent.parent / "migrations"))
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
bootstrap = Bootstrap5()
cache = Cache()  # public verification answers (app/certification/verification/public_cache.py)
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def drop_idle_limit_hook(app) -> None:
    """Take off Flask-Limiter's before_request check when it has nothing to check. That hook looks for the limits that span views (application-wide, default, meta and
    blueprint limits); a limit decorating a view is checked by its decorator either way. This
    app declares only the latter, and the idle hook cost about a tenth of a cached verify
    answer (docs/performance.md). Called once the blueprints are registered; the first limit of
    another kind keeps the hook."""
    manager = limiter.limit_manager
    spanning = (manager.application_limits or manager.default_limits or limiter._meta_limits
                or any(manager._blueprint_limits.values()))
    hooks = app.before_request_funcs.get(None, [])
    if not spanning and limiter._check_request_limit in hooks:
        hooks.remove(limiter._check_request_limit)
