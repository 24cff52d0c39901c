"""Helpers shared by the training views: who enrols attendees, and the session and attendee
forms' choices (what the user may pick)."""
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import Action, can
from app.training import queries, services
from app.training.forms import AttendeesForm, GrantForm, ResultForm, SessionForm
from app.training.models import CourseSession
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


def fill_session_form(form: SessionForm, *, tot: bool, trainers, state_choices=None,
                      centre_kind=None):
    locale = str(get_locale())
    form.standard_ids.choices = options((s.id, f"{s.ref} — {s.title(locale)}")
                                        for s in queries.standards(tot))
    form.trainer_ids.choices = options((p.id, f"{p.display_name} ({p.state.iso3})")
                                       for p in trainers)
    form.centre_id.choices = options([("", "—")] + [(c.id, c.name)
                                                     for c in queries.centres(centre_kind)])
    if state_choices is None:
        del form.state_id
    else:
        form.state_id.choices = options((s.id, s.name(locale)) for s in state_choices)
    return form


def create_from_form(form: SessionForm, state_id, *, partnership_id=None, is_tot=False):
    """Run the service for a validated form: the new session, or None with the error shown."""
    return save(form, lambda: services.create_session(
        state_id, form.centre_id.data, form.title.data, form.start_on.data, form.end_on.data,
        form.language.data, form.standard_ids.data, form.trainer_ids.data,
        partnership_id=partnership_id, is_tot=is_tot, actor=current_user),
        _("Session created. Now add its attendees."))




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
