"""The `training` blueprint (deny by default): sessions (views.py), attendees and results
(result_views.py), partnerships (partnership_views.py), trainers (trainer_views.py)."""
from flask import Blueprint

from app.auth.permissions import require_login_for_blueprint
from app.training import queries

bp = Blueprint("training", __name__, url_prefix="/training")
require_login_for_blueprint(bp)


@bp.app_template_global()
def training_records(person):
    """A person's training records, for the person page of the units blueprint (which knows no
    training)."""
    return queries.training_records(person)
