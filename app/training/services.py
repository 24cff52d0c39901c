"""Course sessions, attendees and results.

A result counts as evidence only when the rules of app/training/rules.py hold; `record_result`
refuses anything else with a `SignOffRefused` naming the reason. Partnerships live in
app/training/partnerships.py and trainer qualifications in app/training/qualifications.py (both
re-exported here).
"""
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.audit import services as audit
from app.catalogue.models import MemberState, Standard, TrainingCentre
from app.catalogue.terms import TOT_CATEGORY
from app.catalogue.versions import version_current_during
from app.extensions import db
from app.timeutil import today
from app.training import rules
from app.training.models import (Completion, CourseSession, Partnership, PartnershipState,
                                 SessionAttendee, SessionStandard, SessionTrainer,
                                 TrainerQualification)
from app.training.partnerships import (create_partnership, link_partner_trainer,  # noqa: F401
                                       unlink_partner_trainer)
from app.training.qualifications import (FACTS, grant_qualification,  # noqa: F401
                                         revoke_qualification)
from app.training.rules import qualification_valid_on  # noqa: F401
from app.units.errors import RecordError, SignOffRefused
from app.units.models import Person
from app.units.services import LANGUAGES, clean_text

__all__ = ["RecordError", "SignOffRefused", "create_session", "add_attendees", "remove_attendee",
           "record_result", "create_partnership", "link_partner_trainer",
           "unlink_partner_trainer", "grant_qualification", "revoke_qualification",
           "qualification_valid_on", "attendee_states"]


def attendee_states(session: CourseSession) -> set[int] | None:
    """Whose people may attend: the session's state; under a partnership, its trainee states;
    a ToT session takes trainers from every state (None = any)."""
    if session.is_tot:
        return None
    if session.partnership_id is not None:
        return set(db.session.scalars(select(PartnershipState.state_id).where(
            PartnershipState.partnership_id == session.partnership_id,
            PartnershipState.role == "trainee")))
    return {session.state_id}


def create_session(state_id: int, centre_id: int | None, title: str, start_on: date,
                   end_on: date, language: str, standard_ids, trainer_person_ids,
                   partnership_id: int | None = None, is_tot: bool = False,
                   actor=None) -> CourseSession:
    """Record a course session delivering one or more standards. A ToT session delivers only
    trainer (`tot`) standards, and only a ToT session may; a partnership session trains one of
    the partnership's trainee states within the partnership's period."""
    if db.session.get(MemberState, state_id) is None:
        raise RecordError("unknown_state", _l("Unknown Member State."), "state_id")
    title = clean_text(title, "title", 200)
    if end_on < start_on:
        raise RecordError("bad_dates", _l("The end date is before the start date."), "end_on")
    if language not in LANGUAGES:
        raise RecordError("bad_language", _l("Unknown language."), "language")
    if centre_id is not None and db.session.get(TrainingCentre, centre_id) is None:
        raise RecordError("unknown_centre", _l("Unknown training centre."), "centre_id")
    standard_ids = sorted(set(standard_ids or ()))
    standards = list(db.session.scalars(select(Standard).where(Standard.id.in_(standard_ids))))
    if not standards or len(standards) != len(standard_ids):
        raise RecordError("no_standards", _l("Choose at least one standard from the catalogue."),
                          "standard_ids")
    for standard in standards:
        if (standard.category == TOT_CATEGORY) != bool(is_tot):
            reason = (_l("A Training of Trainers session delivers only trainer standards.")
                      if is_tot else _l("Trainer standards are delivered only in a Training of "
                                        "Trainers session: %(ref)s.", ref=standard.ref))
            raise RecordError("tot_mismatch", reason, "standard_ids")
        if not version_current_during(standard.effective_on, standard.retired_on, start_on,
                                      end_on):
            raise RecordError("not_current", _l("%(ref)s is not current during the session.",
                                                ref=standard.ref), "standard_ids")
    if partnership_id is not None:
        _check_partnership(partnership_id, state_id, start_on, end_on)
    trainer_ids = sorted(set(trainer_person_ids or ()))
    found = set(db.session.scalars(select(Person.id).where(Person.id.in_(trainer_ids)),
                                   execution_options=FACTS))
    if found != set(trainer_ids):
        raise RecordError("unknown_trainer", _l("Unknown trainer."), "trainer_person_ids")
    session = CourseSession(state_id=state_id, centre_id=centre_id, title=title,
                            start_on=start_on, end_on=end_on, language=language,
                            partnership_id=partnership_id, is_tot=bool(is_tot),
                            created_by_id=getattr(actor, "id", None))
    session.standards = [SessionStandard(standard_id=s.id) for s in standards]
    session.trainers = [SessionTrainer(person_id=pid) for pid in trainer_ids]
    db.session.add(session)
    db.session.flush()
    audit.append("session.create", actor=actor, obj=session,
                 details={"standards": [s.ref for s in standards], "trainers": trainer_ids,
                          "partnership_id": partnership_id, "is_tot": bool(is_tot)})
    return session


def _check_partnership(partnership_id: int, state_id: int, start_on: date, end_on: date):
    partnership = db.session.get(Partnership, partnership_id)
    if partnership is None:
        raise RecordError("unknown_partnership", _l("Unknown partnership."), "partnership_id")
    trainees = {ps.state_id for ps in partnership.states if ps.role == "trainee"}
    if state_id not in trainees:
        raise RecordError("not_trainee", _l("That Member State is not a trainee state of the "
                                            "partnership."), "state_id")
    if start_on < partnership.start_on or (partnership.end_on and end_on > partnership.end_on):
        raise RecordError("outside_partnership", _l("The session falls outside the "
                                                    "partnership's period."), "start_on")


def add_attendees(session: CourseSession, person_ids, actor=None) -> int:
    """Enrol people in a session; returns how many were new. Only people of the states the
    session trains may attend (see `attendee_states`)."""
    wanted = set(person_ids or ())
    if not wanted:
        return 0
    rows = db.session.execute(select(Person.id, Person.state_id).where(Person.id.in_(wanted)),
                              execution_options=FACTS)
    states = dict(rows.all())
    if set(states) != wanted:
        raise RecordError("unknown_person", _l("Unknown person."), "person_ids")
    allowed = attendee_states(session)
    if allowed is not None and not set(states.values()) <= allowed:
        raise RecordError("foreign_attendee", _l("Only people of the Member States this session "
                                                 "trains can attend it."), "person_ids")
    already = set(db.session.scalars(select(SessionAttendee.person_id).where(
        SessionAttendee.session_id == session.id)))
    new = sorted(wanted - already)
    db.session.add_all([SessionAttendee(session_id=session.id, person_id=pid) for pid in new])
    db.session.flush()
    if new:
        audit.append("session.attendees_add", actor=actor, obj=session,
                     details={"count": len(new)})
    return len(new)


def remove_attendee(session: CourseSession, person: Person, actor=None) -> None:
    """Withdraw an attendee who has no recorded result in this session."""
    if db.session.scalar(select(Completion.id).where(Completion.session_id == session.id,
                                                     Completion.person_id == person.id),
                         execution_options=FACTS):
        raise RecordError("has_results", _l("This attendee already has results in the session."))
    row = db.session.get(SessionAttendee, (session.id, person.id))
    if row is not None:
        db.session.delete(row)
        db.session.flush()
        audit.append("session.attendee_remove", actor=actor, obj=session,
                     details={"person_id": person.id})


def _signer_qualifications(person_id: int | None, code: str):
    """The signer's qualifications `code`, of any state (read only when the rule needs them)."""
    if person_id is not None:
        yield from db.session.scalars(select(TrainerQualification).where(
            TrainerQualification.person_id == person_id,
            TrainerQualification.qualification_code == code), execution_options=FACTS)


def _refusal_message(code: str, standard: Standard, completed_on: date, score: int | None):
    day = completed_on.isoformat()
    return {
        "not_current": _l("Version %(ref)s was not current on %(d)s.", ref=standard.ref, d=day),
        "bad_score": _l("The score must be between 0 and 100."),
        "below_pass_mark": _l("A score of %(s)d is below the pass mark of %(m)d: it cannot be a "
                              "pass.", s=score, m=standard.pass_mark),
        "not_trainer": _l("The sign-off must be by one of the session's trainers."),
        "self_sign_off": _l("Trainers cannot sign off their own results."),
        "tot_only": _l("Trainer standards are signed off only in a Training of Trainers "
                       "session."),
        "unqualified": _l("The signer held no valid %(q)s trainer qualification on %(d)s, which "
                          "%(ref)s requires.", q=standard.sign_off, d=day, ref=standard.ref),
    }[code]


RULE_FIELDS = {"not_current": "completed_on", "bad_score": "score",
               "below_pass_mark": "score"}


def check_result(session: CourseSession, person: Person, standard: Standard, completed_on: date,
                 passed: bool, score: int | None, signed_off_by: Person | None) -> None:
    """Raise `SignOffRefused` with the first reason this result cannot be recorded: the
    standard is not taught in the session; the person did not attend; the date is outside the
    session; then the first rule of app/training/rules.py it breaks."""
    if not any(s.standard_id == standard.id for s in session.standards):
        raise SignOffRefused("not_in_session", _l("%(ref)s is not taught in this session.",
                                                  ref=standard.ref), "standard")
    if db.session.get(SessionAttendee, (session.id, person.id)) is None:
        raise SignOffRefused("not_attendee", _l("This person did not attend the session."),
                             "person")
    if not session.start_on <= completed_on <= session.end_on:
        raise SignOffRefused("outside_session", _l(
            "The date %(d)s is outside the session (%(a)s to %(b)s).",
            d=completed_on.isoformat(), a=session.start_on.isoformat(),
            b=session.end_on.isoformat()), "completed_on")
    if rules.date_problem(completed_on, today()):
        raise SignOffRefused("future_date", _l("The date %(d)s is in the future.",
                                               d=completed_on.isoformat()), "completed_on")
    result = rules.Result(
        person.id, completed_on, passed, score, getattr(signed_off_by, "id", None),
        standard.effective_on, standard.retired_on, standard.pass_mark, standard.sign_off,
        {t.person_id for t in session.trainers}, bool(session.is_tot))
    code = rules.refusal(result, _signer_qualifications(result.signer_id, standard.sign_off))
    if code is not None:
        raise SignOffRefused(code, _refusal_message(code, standard, completed_on, score),
                             RULE_FIELDS.get(code, "signed_off_by"))


def record_result(session: CourseSession, person: Person, standard: Standard, completed_on: date,
                  passed: bool, score: int | None, signed_off_by: Person, actor=None, *,
                  import_batch_id: int | None = None, audit_event: bool = True) -> Completion:
    """Record one attendee's result on one standard version (see `check_result` for every
    refusal). Recording the same result twice returns the first; a different result for the
    same person, standard and day is refused."""
    check_result(session, person, standard, completed_on, passed, score, signed_off_by)
    existing = db.session.scalar(select(Completion).where(
        Completion.person_id == person.id, Completion.standard_id == standard.id,
        Completion.completed_on == completed_on), execution_options=FACTS)
    if existing is not None:
        if (existing.session_id, existing.passed, existing.score, existing.signed_off_by_id) == \
                (session.id, bool(passed), score, signed_off_by.id):
            return existing
        raise SignOffRefused("duplicate", _l("A different result for %(ref)s on %(d)s is already "
                                             "recorded.", ref=standard.ref,
                                             d=completed_on.isoformat()), "completed_on")
    completion = Completion(state_id=person.state_id, person_id=person.id,
                            standard_id=standard.id, session_id=session.id,
                            completed_on=completed_on, passed=bool(passed), score=score,
                            signed_off_by_id=signed_off_by.id,
                            recorded_by_id=getattr(actor, "id", None),
                            import_batch_id=import_batch_id)
    db.session.add(completion)
    db.session.flush()
    if audit_event:
        audit.append("completion.record", actor=actor, obj=completion,
                     details={"session_id": session.id, "person_id": person.id,
                              "standard": standard.ref, "passed": bool(passed)})
    return completion
