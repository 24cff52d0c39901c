"""The `auth` blueprint and how Flask-Login finds the user of a request.

A session carries "<user id>:<session version>": logout, a password change, a role change and
disabling an account bump the version, so every copy of an older cookie stops working.
The API answers 401 instead of redirecting to the sign-in page.
"""
from urllib.parse import urlsplit

from flask import Blueprint

from app.auth.models import User
from app.extensions import db, login_manager
from app.tenancy import NOTHING

bp = Blueprint("auth", __name__, url_prefix="/auth")
login_manager.login_view = "auth.login"
login_manager.login_message = None
login_manager.session_protection = "strong"
login_manager.blueprint_login_views["api"] = None  # anonymous API calls get 401, not a redirect


@login_manager.user_loader
def load_user(identity: str):
    """Identity is "<id>:<session_version>": a bumped version ends old sessions."""
    user_id, _sep, version = (identity or "").partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    # Users are not tenant-scoped; asking with an explicit scope keeps this look-up (which runs
    # while the request's scope is being worked out) from asking for that scope.
    user = db.session.get(User, int(user_id), execution_options={"scope": NOTHING})
    if user is None or user.session_version != int(version) or not user.is_enabled:
        return None
    return user


def safe_next(target: str | None) -> str | None:
    """Only a relative path on this site (no scheme, no host, no backslash or control tricks)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


@bp.app_context_processor
def _role_labels():
    from app.auth.messages import role_label

    return {"role_label": role_label}
