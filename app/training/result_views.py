"""Attendees, results and qualification grants of a session (POST only; back to the session)."""
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import Action, authorize, require
from app.catalogue.models import Standard
from app.extensions import db
from app.routing import page_arg
from app.training import queries, services
from app.training.blueprint import bp
from app.training.viewhelpers import fill_attendees_form, fill_grant_form, fill_result_form
from app.training.forms import AttendeesForm, GrantForm, ResultForm
from app.training.models import CourseSession, SessionAttendee
from app.units.errors import RecordError
from app.units.models import Person
from app.units.viewhelpers import field_errors


def _back(session, anchor=None):
    """Back to the session page the form was on (the page number travels in the query)."""
    page = page_arg(queries.PAGE)
    return redirect(url_for("training.session_detail", session_id=session.id,
                            page=page if page > 1 else None, _anchor=anchor))


def _session(session_id: int, tot: bool) -> CourseSession:
    """The session (404 outside the caller's scope, or when it is not of the expected kind)."""
    session = db.get_or_404(CourseSession, session_id)
    if session.is_tot != tot:
        abort(404)
    return session


def _enrol(session: CourseSession):
    """Enrol a unit's roster and/or people named by service number (nobody when one is
    unknown). A ToT session takes nominees of any state by service number and family name:
    that lookup crosses tenants on purpose, and a miss never says which part was wrong."""
    form = fill_attendees_form(AttendeesForm(), session)
    if not form.validate_on_submit():
        flash(_("Check the attendees form: %(errors)s", errors=field_errors(form)), "danger")
        return _back(session, "attendees")
    ids = []
    if "unit_id" in form and form.unit_id.data:
        ids += queries.roster_person_ids(form.unit_id.data)
    lines = (form.service_numbers.data or "").splitlines()
    if any(line.strip() for line in lines) and session.is_tot:
        people, misses = queries.nominees(form.state_id.data, lines)
        if misses:
            flash(_("No person of this Member State has both this service number and this "
                    "family name (nobody added): %(n)s", n=", ".join(misses[:20])), "danger")
            return _back(session, "attendees")
        ids += [p.id for p in people]
    elif any(line.strip() for line in lines):
        people, unknown = queries.people_by_service_numbers(form.state_id.data, lines)
        if unknown:
            flash(_("Unknown service numbers (nobody added): %(n)s",
                    n=", ".join(unknown[:20])), "danger")
            return _back(session, "attendees")
        ids += [p.id for p in people]
    try:
        added = services.add_attendees(session, ids, actor=current_user)
    except RecordError as error:
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(_("%(n)d attendees added.", n=added), "success")
    return _back(session, "attendees")


def _withdraw(session: CourseSession, person_id: int):
    person = db.get_or_404(Person, person_id)
    try:
        services.remove_attendee(session, person, actor=current_user)
    except RecordError as error:
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(_("Attendee withdrawn."), "success")
    return _back(session, "attendees")


@bp.route("/sessions/<int:session_id>/attendees", methods=["POST"])
@require(Action.SESSION_EDIT)
def attendees_add(session_id):
    session = _session(session_id, tot=False)
    authorize(Action.SESSION_EDIT, session)
    return _enrol(session)


@bp.route("/sessions/<int:session_id>/attendees/<int:person_id>/remove", methods=["POST"])
@require(Action.SESSION_EDIT)
def attendee_remove(session_id, person_id):
    session = _session(session_id, tot=False)
    authorize(Action.SESSION_EDIT, session)
    return _withdraw(session, person_id)


@bp.route("/tot/sessions/<int:session_id>/attendees", methods=["POST"])
@require(Action.TOT_SESSION_EDIT)
def tot_attendees_add(session_id):
    return _enrol(_session(session_id, tot=True))


@bp.route("/tot/sessions/<int:session_id>/attendees/<int:person_id>/remove", methods=["POST"])
@require(Action.TOT_SESSION_EDIT)
def tot_attendee_remove(session_id, person_id):
    return _withdraw(_session(session_id, tot=True), person_id)


def _attendee(session, person_id):
    """The attendee named by a posted id (404 unless they attend this session)."""
    try:
        person_id = int(person_id)
    except (TypeError, ValueError):
        abort(400)
    if db.session.get(SessionAttendee, (session.id, person_id)) is None:
        abort(404)
    return db.get_or_404(Person, person_id)


@bp.route("/sessions/<int:session_id>/results", methods=["POST"])
@require(Action.RESULT_RECORD)
def result_record(session_id):
    session = db.get_or_404(CourseSession, session_id)
    authorize(Action.RESULT_RECORD, session)
    form = fill_result_form(ResultForm(), session)
    if not form.validate_on_submit():
        flash(_("Check the result form: %(errors)s", errors=field_errors(form)), "danger")
        return _back(session, "attendees")
    person = _attendee(session, form.person_id.data)
    # the signer is one of this session's trainers (the choice is validated), possibly another
    # state's instructor whom the user cannot list: load it for the rule check only
    signer = db.session.get(Person, form.signed_off_by.data, execution_options=services.FACTS)
    try:
        services.record_result(session, person, db.session.get(Standard, form.standard_id.data),
                               form.completed_on.data, form.passed.data == "1", form.score.data,
                               signer, actor=current_user)
    except RecordError as error:
        flash(_("Result for %(name)s refused: %(reason)s", name=person.display_name,
                reason=str(error)), "danger")
    else:
        db.session.commit()
        flash(_("Result recorded for %(name)s.", name=person.display_name), "success")
    return _back(session, f"p{person.id}")


@bp.route("/sessions/<int:session_id>/qualifications", methods=["POST"])
@require(Action.QUALIFICATION_GRANT)
def qualification_grant(session_id):
    session = _session(session_id, tot=True)
    form = fill_grant_form(GrantForm(), session)
    if not form.validate_on_submit():
        flash(_("Check the qualification form: %(errors)s", errors=field_errors(form)), "danger")
        return _back(session, "attendees")
    person = _attendee(session, form.person_id.data)
    try:
        services.grant_qualification(person, form.qualification_code.data, form.valid_from.data,
                                     form.valid_until.data, session, actor=current_user)
    except RecordError as error:
        flash(_("Qualification for %(name)s refused: %(reason)s", name=person.display_name,
                reason=str(error)), "danger")
    else:
        db.session.commit()
        flash(_("Qualification granted to %(name)s.", name=person.display_name), "success")
    return _back(session, f"p{person.id}")
