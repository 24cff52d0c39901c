"""The `certification` blueprint (deny by default): certificate pages in views.py, issuing in
views_issue.py, bulk jobs in views_jobs.py, certification requests in views_requests.py. The
public verify pages are another blueprint, `verification` (app/certification/verification/
views.py)."""
from types import SimpleNamespace

from flask import Blueprint
from flask_login import current_user

from app.auth.permissions import Action, can, require_login_for_blueprint
from app.certification import queries
from app.certification import requests as handoff
from app.certification.forms import RequestForm
from app.certification.kinds import CertificateKind
from app.certification.standing import effective_status
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


@bp.app_template_global()
def held_certificates(person=None, unit=None):
    """The certificates a person holds, or a unit's unit certificates, for the person and unit
    pages of the units blueprint: None when the reader may not see certificates."""
    if not can(current_user, Action.CERT_VIEW):
        return None
    rows = queries.certificates_of(person_id=person.id) if person is not None else \
        queries.certificates_of(unit_id=unit.id, kind=CertificateKind.UNIT)
    return SimpleNamespace(rows=rows, on=today(), status=effective_status, words=Words)
