"""The `certification` blueprint (deny by default): certificate pages in views.py, issuing in
views_issue.py, bulk jobs in views_jobs.py, certification requests in views_requests.py. The
public verify pages are another blueprint, `verification` (app/certification/verification/
views.py)."""
from flask import Blueprint

from app.auth.permissions import require_login_for_blueprint
from app.certification import requests as handoff
from app.certification.forms import RequestForm
from app.certification.words import Words, request_status_label
from app.readiness.services import target_level
from app.timeutil import today

bp = Blueprint("certification", __name__)
require_login_for_blueprint(bp)


@bp.context_processor
def _words():
    return {"cert_words": Words, "on_today": today()}


@bp.app_template_global()
def unit_certification_request(unit):
    """(the unit's newest certification request, the form to make one, the words for its status)
    for the unit page of the units blueprint, which knows no certification."""
    return (handoff.latest_for(unit.id), RequestForm(prefix="q", level=target_level(unit)),
            request_status_label)
