"""The `units` blueprint (deny by default): unit and roster pages in views.py, people pages in
people_views.py."""
from flask import Blueprint

from app.auth.permissions import require_login_for_blueprint

bp = Blueprint("units", __name__, url_prefix="/units")
require_login_for_blueprint(bp)
