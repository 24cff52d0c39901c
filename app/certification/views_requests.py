"""The certification hand-off: a registrar requests a unit's certificate; the certifying
officer issues it from the queue or declines with a reason (app/certification/requests.py)."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import Action, authorize, can, require
from app.certification import requests as handoff
from app.certification.forms import DeclineForm, IssueForm, RequestForm
from app.certification.blueprint import bp
from app.certification.words import request_refusal
from app.extensions import db
from app.names import code_name
from app.timeutil import today
from app.units.models import Unit


@bp.route("/certificates/units/<int:unit_id>/request", methods=["POST"])
@require(Action.CERTIFICATION_REQUEST)
def request_create(unit_id):
    unit = db.get_or_404(Unit, unit_id)
    authorize(Action.CERTIFICATION_REQUEST, unit)
    form = RequestForm(prefix="q")
    if form.validate_on_submit():
        try:
            handoff.request_certification(unit, form.level.data, current_user, today())
        except handoff.RequestRefused as refused:
            db.session.rollback()
            flash(request_refusal(refused), "danger")
        else:
            db.session.commit()
            flash(_("Certification requested: the request waits in the certifying officer's "
                    "queue."), "success")
    return redirect(url_for("units.unit_detail", unit_id=unit.id) + "#certification-h")


@bp.route("/certificates/requests")
@require(Action.CERT_ISSUE_UNIT)
def request_queue():
    from app.readiness.reasons import short_reasons

    queue = handoff.certification_queue(today())
    return render_template("certificates/requests.html", queue=queue, queue_forms=forms_for(queue),
                           short_reasons=short_reasons)


def forms_for(queue) -> dict:
    """request id -> its issue form (declining asks first, on a page of its own)."""
    return {line.request.id: IssueForm(prefix=f"i{line.request.id}") for line in queue}


def _decline_form(found) -> DeclineForm:
    form = DeclineForm(prefix=f"d{found.id}")
    form.reason.label.text = _("Reason for declining %(unit)s (%(level)s)", unit=found.unit.name,
                               level=code_name("pcrs_levels", found.level))
    return form


def _waiting_request(request_id):
    found = db.get_or_404(handoff.CertificationRequest, request_id)
    authorize(Action.CERT_ISSUE_UNIT, found.unit)
    return found


@bp.route("/certificates/requests/<int:request_id>/issue", methods=["POST"])
@require(Action.CERT_ISSUE_UNIT)
def request_issue(request_id):
    from app.certification.views_issue import _issue

    found = _waiting_request(request_id)
    form, refusals = IssueForm(prefix=f"i{found.id}"), []
    if not form.validate_on_submit():
        flash(_("The form could not be read; nothing was issued. Try again."), "danger")
    elif found.status != handoff.RequestStatus.WAITING:
        flash(request_refusal(handoff.RequestRefused("not_waiting")), "danger")
    else:
        show_names = can(current_user, Action.PERSONAL_DATA_VIEW)
        cert = _issue(lambda key: handoff.issue_from_queue(found, current_user, today(),
                                                           show_names, key), refusals, form)
        if cert is not None:
            return redirect(url_for("certification.certificate_detail", certificate_id=cert.id))
        for text in refusals:
            flash(text, "danger")
    return redirect(url_for("main.home"))


@bp.route("/certificates/requests/<int:request_id>/decline", methods=["GET", "POST"])
@require(Action.CERT_ISSUE_UNIT)
def request_decline(request_id):
    """GET: what declining means and the reason the registrar will read; POST: decline."""
    found = _waiting_request(request_id)
    form = _decline_form(found)
    if found.status != handoff.RequestStatus.WAITING:
        flash(request_refusal(handoff.RequestRefused("not_waiting")), "danger")
        return redirect(url_for("main.home"))
    if form.validate_on_submit():
        try:
            handoff.decline(found, form.reason.data, current_user)
        except handoff.RequestRefused as refused:
            db.session.rollback()
            flash(request_refusal(refused), "danger")
        else:
            db.session.commit()
            flash(_("Request declined; the registrar sees your reason on the unit's page."),
                  "success")
        return redirect(url_for("main.home"))
    level = code_name("pcrs_levels", found.level)
    return render_template(
        "confirm.html", heading=_("Decline the request"), form=form,
        what=_("The request to certify %(unit)s at %(level)s is declined.",
               unit=found.unit.name, level=level),
        consequences=[_("The registrar reads your reason on the unit's page."),
                      _("The request leaves your queue; the registrar may request again.")],
        action=url_for("certification.request_decline", request_id=found.id),
        button=_("Decline the request"), back=url_for("certification.request_queue"))
