"""Trainer qualifications: granted by the UN Training of Trainers Centre, they let a trainer teach
and sign off every standard whose `sign_off` names the qualification's code."""
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.audit import services as audit
from app.catalogue.models import Standard
from app.catalogue.terms import TOT_CATEGORY
from app.extensions import db
from app.tenancy import UNRESTRICTED
from app.training.models import Completion, CourseSession, SessionAttendee, TrainerQualification
from app.training.rules import add_months, qualification_valid_on
from app.units.errors import RecordError
from app.units.models import Person
from app.units.services import clean_text

# Rule checks read every fact they need whoever asks (a partner trainer cannot list the partner
# state's qualifications, yet its sign-off must be checked against them). Nothing read this way
# is returned to the caller beyond the verdict.
FACTS = {"scope": UNRESTRICTED}


def valid_qualification(person_id: int, code: str, on: date) -> TrainerQualification | None:
    """The person's qualification `code` valid on `on`, if any."""
    rows = db.session.scalars(select(TrainerQualification).where(
        TrainerQualification.person_id == person_id,
        TrainerQualification.qualification_code == code,
        TrainerQualification.valid_from <= on, TrainerQualification.valid_until >= on),
        execution_options=FACTS)
    return next((q for q in rows if qualification_valid_on(q, on)), None)


def tot_standard(code: str, on: date | None = None) -> Standard | None:
    """The trainer (`tot` category) standard with this code: the version current on `on`, else
    the newest."""
    rows = list(db.session.scalars(select(Standard).where(
        Standard.code == code, Standard.category == TOT_CATEGORY)
        .order_by(Standard.effective_on.desc())))
    if on is not None:
        current = [s for s in rows if s.is_current(on)]
        if current:
            return current[0]
    return rows[0] if rows else None


def grant_qualification(person: Person, qualification_code: str, valid_from: date,
                        valid_until: date | None = None, session: CourseSession | None = None,
                        actor=None) -> TrainerQualification:
    """Grant a trainer qualification (a `tot` standard code). `valid_until` defaults to the
    standard's validity. When granted from a ToT session, the person must have attended it and
    passed that trainer standard there."""
    standard = tot_standard(qualification_code, valid_from)
    if standard is None:
        raise RecordError("not_tot_code", _l("%(code)s is not a trainer qualification in the "
                                             "catalogue.", code=qualification_code),
                          "qualification_code")
    if valid_until is None:
        valid_until = add_months(valid_from, standard.validity_months) - timedelta(days=1)
    if valid_until < valid_from:
        raise RecordError("bad_dates", _l("Valid until is before valid from."), "valid_until")
    if session is not None:
        if not session.is_tot:
            raise RecordError("not_tot_session", _l("Qualifications are granted from Training of "
                                                    "Trainers sessions only."), "session")
        if db.session.get(SessionAttendee, (session.id, person.id)) is None:
            raise RecordError("not_attendee", _l("This person did not attend the session."),
                              "person")
        passed = db.session.scalar(select(Completion.id).join(Standard).where(
            Completion.session_id == session.id, Completion.person_id == person.id,
            Completion.passed.is_(True), Standard.code == qualification_code),
            execution_options=FACTS)
        if passed is None:
            raise RecordError("not_passed", _l("This person has no pass on %(code)s in the "
                                               "session.", code=qualification_code), "person")
    duplicate = db.session.scalar(select(TrainerQualification.id).where(
        TrainerQualification.person_id == person.id,
        TrainerQualification.qualification_code == qualification_code,
        TrainerQualification.valid_from == valid_from,
        TrainerQualification.revoked_on.is_(None)), execution_options=FACTS)
    if duplicate is not None:
        raise RecordError("duplicate", _l("This qualification is already granted from that "
                                          "date."), "qualification_code")
    q = TrainerQualification(state_id=person.state_id, person_id=person.id,
                             qualification_code=qualification_code, valid_from=valid_from,
                             valid_until=valid_until, session_id=getattr(session, "id", None),
                             granted_by_id=getattr(actor, "id", None))
    db.session.add(q)
    db.session.flush()
    audit.append("qualification.grant", actor=actor, obj=q,
                 details={"person_id": person.id, "code": qualification_code,
                          "valid_until": valid_until.isoformat()})
    return q


def revoke_qualification(q: TrainerQualification, revoked_on: date, reason: str,
                         actor=None) -> TrainerQualification:
    """Revoke from `revoked_on`: sign-offs from that day on are refused. Revoking is final."""
    if q.revoked_on is not None:
        raise RecordError("already_revoked", _l("This qualification is already revoked."))
    q.revoked_on = revoked_on
    q.revoked_reason = clean_text(reason, "reason", 300)
    db.session.flush()
    audit.append("qualification.revoke", actor=actor, obj=q,
                 details={"revoked_on": revoked_on.isoformat()})
    return q
