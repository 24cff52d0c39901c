"""The `certification` blueprint (deny by default): certificate pages in views.py, issuing in
views_issue.py, bulk jobs in views_jobs.py. The public verify pages are another blueprint,
`verification` (app/certification/verification/views.py)."""
from flask import Blueprint

from app.auth.permissions import require_login_for_blueprint
from app.certification.words import Words
from app.timeutil import today

bp = Blueprint("certification", __name__)
require_login_for_blueprint(bp)


@bp.context_processor
def _words():
    return {"cert_words": Words, "on_today": today()}
