"""Helpers shared by the training views: who enrols attendees, and the session and attendee
forms' choices (what the user may pick)."""
from datetime import date

from flask import request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import Action, can
from app.catalogue.queries import current_version, group_by_category
from app.names import code_name
from app.timeutil import today
from app.training import queries, services
from app.training.forms import AttendeesForm, GrantForm, ResultForm, SessionForm, StandardsField
from app.training.models import CourseSession
from app.extensions import db
from app.forms import PickerField, PickerItem, fill_picker
from app.units.errors import RecordError
from app.units.forms import options
from app.units.viewhelpers import save


def may_enrol(session: CourseSession) -> bool:
    """Who enrols and withdraws attendees: the ToT centre in ToT sessions; the session's state
    staff otherwise (partnership sessions included: the trainee state sends its people)."""
    if session.is_tot:
        return can(current_user, Action.TOT_SESSION_EDIT)
    return can(current_user, Action.SESSION_EDIT, session)


def attendee_endpoints(session: CourseSession) -> tuple[str, str]:
    """(enrol, withdraw) endpoints for this kind of session."""
    if session.is_tot:
        return "training.tot_attendees_add", "training.tot_attendee_remove"
    return "training.attendees_add", "training.attendee_remove"


def fill_attendees_form(form: AttendeesForm, session: CourseSession) -> AttendeesForm:
    """Units to enrol come from the states the session trains; ToT sessions enrol nominees of
    any state by service number."""
    allowed = services.attendee_states(session)
    locale = str(get_locale())
    if allowed is None:
        del form.unit_id
        form.service_numbers.label.text = _("Nominees, one per line: service number, family name")
        form.state_id.choices = options((s.id, s.name(locale)) for s in queries.states())
    else:
        form.unit_id.choices = options([("", "—")] + [(u.id, u.name)
                                                     for u in queries.units_of(allowed)])
        form.state_id.choices = options((s.id, s.name(locale)) for s in queries.states(allowed))
    return form


def current_ids(standards, on: date) -> dict[str, int]:
    """code -> id of the version in force on `on` (the catalogue's `current_version`)."""
    by_code: dict[str, list] = {}
    for s in standards:
        by_code.setdefault(s.code, []).append(s)
    found = {code: current_version(versions, on) for code, versions in by_code.items()}
    return {code: v.id for code, v in found.items() if v is not None}


def fill_standards(field: StandardsField, standards, *, on: date | None = None,
                   show_retired: bool | None = None) -> StandardsField:
    """A standards picker: every version of `standards` is accepted (the service says why a
    version is refused for the session's dates), but the page lists the versions in force on
    `on`, grouped by category; the others (retired, not yet in force) only when asked for with
    ?retired=1, or when one of them is already ticked, each marked."""
    on = on or today()
    locale = str(get_locale())
    standards = list(standards)
    field.choices = options((s.id, f"{s.ref} — {s.title(locale)}") for s in standards)
    in_force = set(current_ids(standards, on).values())
    ticked = set(field.data or ())
    if show_retired is None:
        show_retired = request.args.get("retired") == "1"
    field.retired_shown = show_retired or bool(ticked - in_force)
    shown = [s for s in standards if s.id in in_force or field.retired_shown]
    field.groups = [
        (term.name(locale) if term else code_name("categories", members[0].category),
         [PickerItem(s.id, f"{s.ref} — {s.title(locale)}",
                     badge=None if s.id in in_force else
                     (_("not yet in force") if s.effective_on > on else _("retired")),
                     detail=_("pass mark %(n)d", n=s.pass_mark) if s.pass_mark else None)
          for s in members])
        for term, members in group_by_category(shown)]
    return field


def fill_trainers(field: PickerField, trainers) -> PickerField:
    """The trainers to tick: each named so namesakes differ (`Person.distinct_name`), with
    their state and the qualifications valid today beside the name."""
    trainers = list(trainers)
    show_numbers = can(current_user, Action.PERSONAL_DATA_VIEW)
    codes = queries.valid_qualification_codes([p.id for p in trainers], today())

    def detail(person) -> str:
        held = codes.get(person.id)
        return " · ".join((person.state.iso3, _("qualified: %(codes)s", codes=", ".join(held))
                           if held else _("no qualification valid today")))
    return fill_picker(field, (PickerItem(p.id, p.distinct_name(show_numbers), detail=detail(p))
                               for p in trainers), ticked_first=True)


def fill_session_form(form: SessionForm, *, tot: bool, trainers, state_choices=None,
                      centre_kind=None):
    locale = str(get_locale())
    fill_standards(form.standard_ids, queries.standards(tot))
    fill_trainers(form.trainer_ids, trainers)
    form.centre_id.choices = options([("", "—")] + [(c.id, c.name)
                                                     for c in queries.centres(centre_kind)])
    if state_choices is None:
        del form.state_id
    else:
        form.state_id.choices = options((s.id, s.name(locale)) for s in state_choices)
    return form


def create_from_form(form: SessionForm, state_id, *, partnership_id=None, is_tot=False,
                     attendee_ids=()):
    """Run the services for a validated form: create the session and enrol `attendee_ids`, both
    or neither; the new session, or None with the refusal shown on the form."""
    def create():
        try:
            session = services.create_session(
                state_id, form.centre_id.data, form.title.data, form.start_on.data,
                form.end_on.data, form.language.data, form.standard_ids.data,
                form.trainer_ids.data, partnership_id=partnership_id, is_tot=is_tot,
                actor=current_user)
            try:
                services.add_attendees(session, attendee_ids, actor=current_user)
            except RecordError as error:
                error.field = "attendee_ids"  # shown next to the form's attendees
                raise
        except RecordError:
            db.session.rollback()
            raise
        return session
    done = (_("Session created with %(n)d attendees.", n=len(attendee_ids)) if attendee_ids
            else _("Session created. Now add its attendees."))
    return save(form, create, done)




def trainer_label(trainer) -> str:
    """A trainer's name, or a neutral label when the trainer is another state's person whom
    the user may not see (a partner state's instructor, seen by the trainee state)."""
    if trainer.person is None:
        return _("Trainer from another Member State (no. %(id)d)", id=trainer.person_id)
    return trainer.person.display_name


def fill_result_form(form: ResultForm, session: CourseSession) -> ResultForm:
    """A result names one of the session's standards and one of its trainers."""
    form.standard_id.choices = options((s.standard_id, s.standard.ref) for s in session.standards)
    form.signed_off_by.choices = options((t.person_id, trainer_label(t))
                                         for t in session.trainers)
    return form


def fill_grant_form(form: GrantForm, session: CourseSession) -> GrantForm:
    """A ToT session grants the trainer qualifications it teaches."""
    form.qualification_code.choices = options(sorted(
        {(s.standard.code, s.standard.code) for s in session.standards}))
    return form


def session_page_forms(session: CourseSession) -> dict:
    """The forms the session page shows this user (None where the user may not act)."""
    enrol = may_enrol(session)
    grant = session.is_tot and can(current_user, Action.QUALIFICATION_GRANT)
    return dict(
        manage=enrol, endpoints=attendee_endpoints(session),
        may_record=can(current_user, Action.RESULT_RECORD, session),
        result_form=fill_result_form(ResultForm(formdata=None, completed_on=session.end_on),
                                     session),
        grant_form=fill_grant_form(GrantForm(formdata=None, valid_from=session.end_on),
                                   session) if grant else None,
        attendees_form=fill_attendees_form(AttendeesForm(formdata=None), session)
        if enrol else None)
