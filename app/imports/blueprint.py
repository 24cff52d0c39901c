"""The `imports` blueprint (deny by default): uploads, previews and confirmations in views.py,
templates and exports in export_views.py."""
from flask import Blueprint
from flask_login import current_user

from app.auth.permissions import require_login_for_blueprint

bp = Blueprint("imports", __name__)
require_login_for_blueprint(bp)

# Anti-automation on costly and exfiltrating work (security.md 1.5/1.12), per signed-in user.
UPLOAD_LIMIT = "60 per hour"
EXPORT_LIMIT = "120 per hour"


def user_key() -> str:
    return f"user:{current_user.get_id()}"
