"""Application factory. No side effects: no migrations, no file loading, no network at start-up."""
from flask import Flask

from app import routing
from app.config import Config, config_from_env


def create_app(config=None):
    """Build the app from a config class or mapping (default: `APP_ENV` from the environment)."""
    # imported here, not above: the upload parser's child process imports `app` and must start
    # light (app/certification/rendering/pdfcheck.py)
    from app.extensions import drop_idle_limit_hook

    app = Flask(__name__, template_folder="../templates", static_folder="../static",
                instance_path=None)
    config = config or config_from_env()
    if isinstance(config, dict):
        app.config.from_object(config_from_env())
        app.config.update(config)
    else:
        app.config.from_object(config)
    if app.config["ENV_NAME"] == "production":
        problems = Config.problems(app.config)
        if problems:
            raise RuntimeError("Refusing to start in production: " + "; ".join(problems))
    trust_proxies(app)
    routing.init_app(app)
    register_extensions(app)
    register_blueprints(app)
    drop_idle_limit_hook(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def trust_proxies(app):
    """Behind TRUSTED_PROXIES reverse proxies, take the client address and scheme from their
    X-Forwarded-* headers (rate limits count per real client, not per proxy)."""
    count = int(app.config.get("TRUSTED_PROXIES") or 0)
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)


def register_extensions(app):
    from app import models  # noqa: F401  (every table on the metadata)
    from app.extensions import babel, bootstrap, cache, csrf, db, limiter, login_manager, migrate
    from app.i18n import select_locale
    from app import tenancy, security
    from app.auth.scopes import scope_for
    from app.certification.verification import public_cache
    from app.readiness import verdict_cache

    db.init_app(app)
    migrate.init_app(app, db)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    cache.init_app(app)
    bootstrap.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    tenancy.init_app(app, user_scope=scope_for)
    public_cache.init_app(app)
    verdict_cache.init_app(app)
    security.init_app(app)


def register_blueprints(app):
    from app.admin.views import bp as admin_bp
    from app.api.views import bp as api_bp
    from app.admin.audit_views import bp as audit_bp
    from app.auth.views import bp as auth_bp
    from app.catalogue.views import bp as catalogue_bp
    from app.certification.verification.views import bp as verification_bp
    from app.certification.views import bp as certification_bp
    from app.imports.views import bp as imports_bp
    from app.main.views import bp as main_bp
    from app.pcrs.views import bp as readiness_bp
    from app.training.views import bp as training_bp
    from app.units.views import bp as units_bp

    for bp in (main_bp, catalogue_bp, auth_bp, admin_bp, audit_bp, units_bp, training_bp,
               imports_bp, certification_bp, verification_bp, readiness_bp, api_bp):
        app.register_blueprint(bp)


def register_errorhandlers(app):
    from app.errors import register

    register(app)


def register_commands(app):
    from app.cli import register

    register(app)
