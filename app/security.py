"""Security headers on every response; session rules on every request.

Session rules (cookie sessions only; API tokens carry no session): re-authenticate after 30
minutes idle (`SESSION_IDLE_TIMEOUT`) or 12 hours after sign-in (`PERMANENT_SESSION_LIFETIME`);
a session of a user who needs two-step verification but did not pass it is refused.
Every 403 is written to the audit trail once (views using `require` record it themselves).
"""
from flask import current_app, g, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user, logout_user

from app import timeutil

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
PRIVATE_BLUEPRINTS = {"auth", "admin", "audit", "api"}


def _fresh_request_state():
    """Start every request with empty `g` (a test client may reuse one app context; without
    this, Flask-Login's cached user or Babel's locale could leak from the previous request)."""
    for key in list(g):
        g.pop(key, None)


def _session_rules():
    if "_user_id" not in session or not current_user.is_authenticated:
        return
    from app.auth.services import needs_mfa

    now = timeutil.utcnow().timestamp()
    started = session.get("_started")
    last = session.get("_last")
    config = current_app.config
    expired = (not isinstance(started, (int, float)) or not isinstance(last, (int, float))
               or now - last > config["SESSION_IDLE_TIMEOUT"].total_seconds()
               or now - started > config["PERMANENT_SESSION_LIFETIME"].total_seconds())
    if expired or (needs_mfa(current_user) and not session.get("_mfa_ok")):
        logout_user()
        session.clear()
        return
    session["_last"] = now


def _headers(response):
    h = response.headers
    h.setdefault("Content-Security-Policy", CSP)
    h["X-Content-Type-Options"] = "nosniff"
    h["X-Frame-Options"] = "DENY"
    h["Referrer-Policy"] = "no-referrer"
    h["Cross-Origin-Opener-Policy"] = "same-origin"
    h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if current_app.config.get("HSTS"):
        h["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    private = _signed_in() or request.blueprint in PRIVATE_BLUEPRINTS
    if private and not (request.endpoint or "").endswith("static"):
        h["Cache-Control"] = "no-store"
        h.setdefault("Vary", "Cookie")
    if response.status_code == 403 and not g.get("denied_recorded"):
        _record_denied()
    return response


def _signed_in() -> bool:
    """current_user.is_authenticated, without loading anyone for a request that carries none of
    the three things Flask-Login signs a user in from (a session user, a remember-me cookie, an
    API token): the common anonymous visit, like a QR-code scan of a verify page."""
    if not ("_user_id" in session or "Authorization" in request.headers
            or current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies):
        return False
    return current_user.is_authenticated


def _record_denied():
    from app.audit.services import record_denied

    try:
        record_denied(request.endpoint or "unknown")
    except Exception:  # never turn a 403 into a 500; the error is logged
        current_app.logger.exception("could not record a denied request")
        from app.extensions import db

        db.session.rollback()


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the signing serializer built once per secret key
    instead of on every request (Flask builds it, and test-serialises with it, even for a
    request without a cookie: about a tenth of a cached verify page's time)."""

    _built: tuple | None = None

    def get_signing_serializer(self, app):
        key = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        built = self._built
        if built is None or built[0] != key:
            built = self._built = (key, super().get_signing_serializer(app))
        return built[1]


def init_app(app):
    app.session_interface = SessionInterface()
    # Run before every other request hook (tenancy computes the scope after these).
    funcs = app.before_request_funcs.setdefault(None, [])
    funcs[0:0] = [_fresh_request_state, _session_rules]
    app.after_request(_headers)
