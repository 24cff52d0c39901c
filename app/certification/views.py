"""Certificate pages for signed-in staff: list, detail, the stored PDF and credential, lifecycle
actions.

Issuing pages are in views_issue.py and bulk jobs in views_jobs.py (same blueprint, which needs a
login throughout); the public verify pages are the `verification` blueprint
(app/certification/verification/views.py).
"""
import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.auth.forms import EmptyForm
from app.auth.permissions import Action, authorize, can, require
from app.certification import (queries, services, views_issue, views_jobs,  # noqa: F401  (routes)
                               views_requests)
from app.certification.blueprint import bp
from app.certification.rendering import storage
from app.certification.forms import RevokeForm, SuspendForm
from app.certification.kinds import KINDS, STATUSES, CertificateKind, CertificateStatus
from app.certification.models import Certificate
from app.certification.rendering.pdf import RenderError
from app.credentials.signing import SigningKeyMissing
from app.certification.verification.views import open_badge_response
from app.certification.words import Words, lifecycle_message, refusal_messages
from app.extensions import db
from app.routing import page_arg, page_window
from app.timeutil import today

__all__ = ["bp"]
PAGE = 50


@bp.route("/certificates")
@require(Action.CERT_VIEW)
def certificate_list():
    """Certificates found by serial, holder, service number or unit, by kind and by status."""
    search = queries.CertificateSearch(
        text=request.args.get("q", "")[:100],
        kind=request.args.get("kind") if request.args.get("kind") in KINDS else None,
        status=CertificateStatus(request.args["status"])
        if request.args.get("status") in STATUSES else None,
        by_number=can(current_user, Action.PERSONAL_DATA_VIEW))
    page = page_arg(PAGE)
    rows, total = queries.search_certificates(search, today(), page, PAGE)
    pages = max(1, -(-min(total, queries.COUNT_CAP) // PAGE))
    if page > pages:
        page = pages
        rows, total = queries.search_certificates(search, today(), page, PAGE)
    issuing = can(current_user, Action.CERT_ISSUE_INDIVIDUAL) or can(current_user,
                                                                     Action.CERT_ISSUE_UNIT)
    return render_template(
        "certificates/list.html", rows=rows, total=total, page=page, pages=pages,
        search=search, per_page=PAGE, page_numbers=page_window(page, pages), on=today(),
        more_than=queries.COUNT_CAP if total > queries.COUNT_CAP else None,
        status=services.effective_status,
        units=queries.units() if issuing else [],
        qualifications=queries.qualifications_valid_on(today())
        if can(current_user, Action.CERT_ISSUE_TRAINER) else [])


@bp.route("/certificates/pick-unit")
@require(Action.CERT_VIEW)
def unit_pick():
    return redirect(url_for("certification.unit_certificates",
                            unit_id=request.args.get("unit_id", 0, type=int)))


@bp.route("/certificates/pick-person")
@require(Action.CERT_ISSUE_INDIVIDUAL)
def person_pick():
    return redirect(url_for("certification.issue_individual",
                            person_id=request.args.get("person_id", 0, type=int)))


@bp.route("/certificates/<int:certificate_id>")
@require(Action.CERT_VIEW)
def certificate_detail(certificate_id):
    cert = db.get_or_404(Certificate, certificate_id)
    return render_template("certificates/detail.html", cert=cert, on=today(),
                           status=services.effective_status(cert, today()),
                           suspend_form=SuspendForm(prefix="s"),
                           button=EmptyForm())


@bp.route("/certificates/<int:certificate_id>/pdf")
@require(Action.CERT_VIEW)
def certificate_pdf(certificate_id):
    """The PDF exactly as issued (never re-rendered), as a download named by its serial;
    refused if the file no longer matches."""
    cert = db.get_or_404(Certificate, certificate_id)
    path = storage.path_of(cert.pdf_path)
    data = path.read_bytes() if path.is_file() else b""
    if storage.sha256(data) != cert.pdf_sha256:
        abort(410)
    response = send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True,
                         download_name=f"{cert.serial}.pdf", max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/certificates/<int:certificate_id>/credential.json")
@require(Action.CERT_VIEW)
def certificate_credential(certificate_id):
    return open_badge_response(db.get_or_404(Certificate, certificate_id))


def _lifecycle(certificate_id, action: Action, form, change):
    """Load (404), check the object rule (403), validate the form (400), change, commit once."""
    cert = db.get_or_404(Certificate, certificate_id)
    authorize(action, cert)
    if not form.validate_on_submit():
        abort(400)
    try:
        change(cert)
    except services.LifecycleError as error:
        db.session.rollback()
        flash(lifecycle_message(error.code), "danger")
    except services.NotEligible as refused:
        db.session.rollback()
        flash(_("The correction was refused: %(reasons)s",
                reasons="; ".join(refusal_messages(refused.refusals))), "danger")
    except (RenderError, SigningKeyMissing, OSError):
        db.session.rollback()
        flash(_("The certificate could not be produced, so nothing was issued. Try again; if it "
                "keeps failing, tell the administrators."), "danger")
    else:
        db.session.commit()
        flash(_("Certificate updated."), "success")
    return redirect(url_for("certification.certificate_detail", certificate_id=cert.id))


@bp.route("/certificates/<int:certificate_id>/suspend", methods=["POST"])
@require(Action.CERT_SUSPEND)
def certificate_suspend(certificate_id):
    form = SuspendForm(prefix="s")
    return _lifecycle(certificate_id, Action.CERT_SUSPEND, form,
                      lambda c: services.suspend(c, form.reason.data, current_user))


@bp.route("/certificates/<int:certificate_id>/reinstate", methods=["POST"])
@require(Action.CERT_SUSPEND)
def certificate_reinstate(certificate_id):
    return _lifecycle(certificate_id, Action.CERT_SUSPEND, EmptyForm(),
                      lambda c: services.reinstate(c, current_user))


@bp.route("/certificates/<int:certificate_id>/revoke", methods=["GET", "POST"])
@require(Action.CERT_REVOKE)
def certificate_revoke(certificate_id):
    """GET: what revoking means, the public reason to choose and the button that revokes;
    POST: revoke (final)."""
    form = RevokeForm(prefix="r")
    if request.method == "GET":
        cert = db.get_or_404(Certificate, certificate_id)
        authorize(Action.CERT_REVOKE, cert)
        if cert.status == CertificateStatus.REVOKED:
            flash(lifecycle_message("already_revoked"), "danger")
            return redirect(url_for("certification.certificate_detail", certificate_id=cert.id))
        return _confirm(cert, form, heading=_("Revoke for good"), what=_(
            "%(kind)s %(serial)s, held by %(holder)s, is revoked for good.",
            kind=Words.kind_label(cert.kind), serial=cert.serial, holder=cert.holder_name),
            consequences=[_("The public verify page says revoked, with the reason you choose, "
                            "from now on."),
                          _("A revocation is final: it cannot be lifted. To pause the "
                            "certificate instead, suspend it.")],
            action="certification.certificate_revoke", button=_("Revoke for good"))
    return _lifecycle(certificate_id, Action.CERT_REVOKE, form,
                      lambda c: services.revoke(c, form.reason.data, current_user))


@bp.route("/certificates/<int:certificate_id>/correct", methods=["GET", "POST"])
@require(Action.CERT_REVOKE)
@require(Action.CERT_ISSUE_INDIVIDUAL, Action.CERT_ISSUE_UNIT, Action.CERT_ISSUE_TRAINER)
def certificate_correct(certificate_id):
    """Revoke and re-issue from the records as they are now (also needs the issue right);
    GET asks first."""
    cert = db.get_or_404(Certificate, certificate_id)
    authorize(ISSUE_ACTION[cert.kind], cert)
    if request.method == "GET":
        authorize(Action.CERT_REVOKE, cert)
        return _confirm(cert, EmptyForm(), heading=_("Revoke and re-issue"), what=_(
            "%(kind)s %(serial)s, held by %(holder)s, is revoked and a new certificate is "
            "issued from the records as they are now.",
            kind=Words.kind_label(cert.kind), serial=cert.serial, holder=cert.holder_name),
            consequences=[_("The public verify page of this certificate says it was replaced "
                            "by a corrected certificate; the new one has its own serial."),
                          _("If the records no longer allow a certificate, nothing changes.")],
            action="certification.certificate_correct", button=_("Revoke and re-issue"))
    return _lifecycle(certificate_id, Action.CERT_REVOKE, EmptyForm(),
                      lambda c: services.correct(c, current_user, today()))


def _confirm(cert, form, *, action, **words):
    return render_template(
        "confirm.html", form=form, action=url_for(action, certificate_id=cert.id),
        back=url_for("certification.certificate_detail", certificate_id=cert.id), **words)


ISSUE_ACTION = {CertificateKind.INDIVIDUAL: Action.CERT_ISSUE_INDIVIDUAL,
                CertificateKind.TRAINER: Action.CERT_ISSUE_TRAINER,
                CertificateKind.UNIT: Action.CERT_ISSUE_UNIT}
