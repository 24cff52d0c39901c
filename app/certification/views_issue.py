"""Issuing pages: an individual certificate for a person, a trainer certificate for a
qualification, the unit certification page (unit certificate, bulk individual certificates)."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from wtforms import SelectChoice

from app.auth.permissions import Action, authorize, can, require
from app.certification.issuing import issue as issuing
from app.certification import requests as handoff
from app.certification import queries, services
from app.certification.forms import BulkForm, IssueIndividualForm, IssueUnitForm, ReissueForm
from app.certification.kinds import CertificateKind
from app.certification.models import Certificate
from app.certification.rendering.pdf import RenderError
from app.credentials.signing import SigningKeyMissing
from app.certification.blueprint import bp
from app.certification.words import refusal_messages
from app.extensions import db
from app.readiness.services import target_level
from app.timeutil import today
from app.training.models import TrainerQualification
from app.units.models import Person, Unit

FAILED = _l("The certificate could not be produced, so nothing was issued. Try again; if it "
            "keeps failing, tell the administrators.")


def _issue(make, refused_into: list, form):
    """Run an issuing service with the form's idempotency key; commit once on success.
    Returns the certificate, or None. The same form sent again (double click, retry) gets the
    certificate its first sending issued, never a second one: checked before issuing, and by
    the key's unique constraint when two sendings race (the loser rolls back)."""
    key = form.idempotency_key
    if key:
        done = _already_issued(form)
        if done is not False:
            return done
    try:
        cert = make(key)
        db.session.commit()
    except services.NotEligible as refused:
        db.session.rollback()
        if key:  # the same form's other sending may have issued it meanwhile (already held)
            done = _already_issued(form)
            if done is not False:
                return done
        refused_into.extend(refusal_messages(refused.refusals))
        return None
    except (RenderError, SigningKeyMissing, OSError) as failure:
        db.session.rollback()
        if issuing.record_failure(failure, current_user):
            db.session.commit()
        flash(str(FAILED), "danger")
        return None
    except IntegrityError:
        db.session.rollback()
        done = _already_issued(form) if key else False
        if done is False:
            raise
        return done
    flash(_("Certificate %(serial)s issued.", serial=cert.serial), "success")
    return cert


def _already_issued(form):
    """False when no certificate was issued with the form's key; else that certificate (when
    the same user issued it) or None, with a message either way (and a fresh key in the form
    shown again)."""
    cert = services.made_with(Certificate, form.idempotency_key)
    if cert is None:
        return False
    if cert.issued_by_id == current_user.id:
        flash(_("This form was already sent: certificate %(serial)s was issued then, and no "
                "other.", serial=cert.serial), "info")
        return cert
    flash(_("This form was already used by someone else; nothing was issued. Send it again "
            "to issue a certificate."), "danger")
    form.key.data = form.key.default()
    return None


@bp.route("/certificates/people/<int:person_id>/issue", methods=["GET", "POST"])
@require(Action.CERT_ISSUE_INDIVIDUAL)
def issue_individual(person_id):
    person = db.get_or_404(Person, person_id)
    authorize(Action.CERT_ISSUE_INDIVIDUAL, person)
    form = IssueIndividualForm()
    form.standards.choices = [SelectChoice(code, f"{code}: {title}") for code, title in
                              queries.passed_codes(person, str(get_locale()))]
    refusals: list[str] = []
    if form.validate_on_submit():
        cert = _issue(lambda key: services.issue_individual(
            person, form.standards.data, current_user, today(), key, form.choice.data),
            refusals, form)
        if cert is not None:
            return redirect(url_for("certification.certificate_detail", certificate_id=cert.id))
    return render_template("certificates/issue_individual.html", person=person, form=form,
                           refusals=refusals, status=services.effective_status,
                           issued=queries.certificates_of(person_id=person.id))


@bp.route("/certificates/qualifications/<int:qualification_id>/issue", methods=["GET", "POST"])
@require(Action.CERT_ISSUE_TRAINER)
def issue_trainer(qualification_id):
    qualification = db.get_or_404(TrainerQualification, qualification_id)
    form, refusals = ReissueForm(), []
    if form.validate_on_submit():
        cert = _issue(lambda key: services.issue_trainer(qualification, current_user, today(),
                                                         key, form.choice.data), refusals, form)
        if cert is not None:
            return redirect(url_for("certification.certificate_detail", certificate_id=cert.id))
    person = db.session.get(Person, qualification.person_id)
    return render_template("certificates/issue_trainer.html", q=qualification, person=person,
                           form=form, refusals=refusals, status=services.effective_status,
                           issued=queries.certificates_of(person_id=person.id,
                                                          kind=CertificateKind.TRAINER))


@bp.route("/certificates/units/<int:unit_id>")
@require(Action.UNIT_VIEW)
def unit_certificates(unit_id):
    unit = db.get_or_404(Unit, unit_id)
    return _unit_page(unit, IssueUnitForm(prefix="u", level=target_level(unit)), [])


@bp.route("/certificates/units/<int:unit_id>/issue", methods=["POST"])
@require(Action.CERT_ISSUE_UNIT)
def issue_unit(unit_id):
    unit = db.get_or_404(Unit, unit_id)
    authorize(Action.CERT_ISSUE_UNIT, unit)
    form, refusals = IssueUnitForm(prefix="u"), []
    if form.validate_on_submit():
        show_names = can(current_user, Action.PERSONAL_DATA_VIEW)
        cert = _issue(lambda key: handoff.issue_unit_certificate(
            unit, form.level.data, current_user, today(), show_names, key), refusals, form)
        if cert is not None:
            return redirect(url_for("certification.certificate_detail", certificate_id=cert.id))
    return _unit_page(unit, form, refusals)


def _unit_page(unit, form, refusals):
    on = today()
    bulk_form = BulkForm(prefix="b", level=target_level(unit))
    form.level.label.text = _("PCRS level of the unit certificate")  # two level boxes: told apart
    bulk_form.level.label.text = _("PCRS level of the members' certificates")
    return render_template(
        "certificates/unit.html", unit=unit, form=form, refusals=refusals, on=on,
        bulk_form=bulk_form,
        certificates=queries.certificates_of(unit_id=unit.id, kind=CertificateKind.UNIT),
        members=queries.roster_choices(unit, on), status=services.effective_status,
        jobs=queries.jobs_for(current_user.id))
