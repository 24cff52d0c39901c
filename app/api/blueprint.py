"""The `api` blueprint (/api/v1): session or personal-token (Bearer) authentication, scoped like
pages; cookie sessions must send the CSRF token."""
import hashlib

from flask import Blueprint, request
from flask_login import current_user
from werkzeug.routing import BaseConverter

from app.extensions import csrf, db, login_manager

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


class TokenConverter(BaseConverter):
    """A certificate's verification token in a path: any segment but the word `check`, which is
    the upload check's own path (POST /certificates/check), so that path answers and advertises
    POST only instead of also a GET of a token named "check"."""

    regex = r"(?!check$)[^/]+"


bp.record_once(lambda state: state.app.url_map.converters.setdefault("token", TokenConverter))


@login_manager.request_loader
def load_user_from_token(req):
    """`Authorization: Bearer <token>`: a personal API token, stored hashed.

    The one place that decides where a token is accepted: only on requests routed to this
    blueprint (the JSON API). Pages (/admin/users, /audit/events, ...) need a signed-in session
    that passed two-step verification where the role requires it; a token there signs nobody in.
    """
    if req.blueprint != bp.name:
        return None
    from app.auth.models import ApiToken
    from app.timeutil import utcnow
    from sqlalchemy import select

    from app.tenancy import NOTHING

    header = req.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    digest = hashlib.sha256(header[7:].strip().encode()).hexdigest()
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest)
                              .execution_options(scope=NOTHING))  # see load_user
    now = utcnow()
    if token is None or token.revoked_at or (token.expires_at and token.expires_at < now):
        return None
    if not token.user.is_enabled:
        return None
    token.last_used_at = now
    db.session.commit()
    return token.user


@bp.before_request
def _csrf_for_cookie_sessions():
    """Token requests carry no ambient credential; cookie sessions must send X-CSRFToken."""
    if request.method in ("POST", "PUT", "PATCH", "DELETE") and not \
            request.headers.get("Authorization", "").startswith("Bearer "):
        if current_user.is_authenticated:
            csrf.protect()
