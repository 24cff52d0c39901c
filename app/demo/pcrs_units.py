"""Small formed police units whose every officer holds the whole PCRS ladder's training, so the
PCRS demo can climb them through the real gate: rosters, languages, screening, one training
session and its completions, dated `trained_on`."""
from datetime import date, timedelta

from sqlalchemy import select

from app.audit import services as audit
from app.catalogue.levels import LEVELS as PCRS_LEVELS
from app.catalogue.models import MemberState, Standard
from app.catalogue.queries import current_version
from app.extensions import db
from app.readiness import services as readiness
from app.training import services as training
from app.training.models import Completion, SessionAttendee, TrainerQualification
from app.units import services as units
from app.units.models import LanguageProficiency, Membership, Person, Unit

NAMES = {"KEN": (("Achieng", "Wanjiru", "Njeri", "Kiprop", "Otieno", "Mwangi", "Kibet", "Omondi"),
                 ("Kamau", "Ochieng", "Mutua", "Chebet", "Wafula", "Njoroge", "Koech")),
         "GHA": (("Akosua", "Ama", "Efua", "Kwame", "Kofi", "Yaw", "Kwabena", "Kojo"),
                 ("Mensah", "Owusu", "Boateng", "Asante", "Addo", "Appiah", "Darko"))}
KEY_APPOINTMENTS = ("Unit Commander", "Deputy Commander", "Operations Officer",
                    "Logistics Officer", "Gender Focal Point")
LEVELS = PCRS_LEVELS[1:]  # the levels a unit certificate is issued for


def _people(state: MemberState, tag: str, size: int, trained_on: date) -> list[Person]:
    given, family = NAMES[state.iso3]
    people = [Person(state_id=state.id, service_number=f"DEMO-{state.iso3}-{tag}-{n:03d}",
                     given_name=given[n % len(given)], family_name=family[n % len(family)],
                     rank="Inspector" if n < len(KEY_APPOINTMENTS) else "Constable",
                     sex="F" if given[n % len(given)] in given[:3] else "M",
                     personnel_category="formed_police", nationality=state.iso3,
                     birth_on=date(1980 + n % 20, 1 + n % 12, 1 + n % 28))
              for n in range(size)]
    db.session.add_all(people)
    db.session.flush()
    return people


def _signers(on: date, state_id: int) -> dict[str, int]:
    """sign-off code -> a trainer qualified for it on `on` (the unit's state first)."""
    found: dict[str, int] = {}
    rows = db.session.scalars(select(TrainerQualification).where(
        TrainerQualification.valid_from <= on, TrainerQualification.valid_until >= on,
        TrainerQualification.revoked_on.is_(None)).order_by(TrainerQualification.id))
    for q in sorted(rows, key=lambda q: q.state_id != state_id):
        found.setdefault(q.qualification_code, q.person_id)
    return found


def _current(code: str, on: date) -> Standard | None:
    return current_version(list(db.session.scalars(select(Standard).where(Standard.code == code))),
                           on)


def build_ready_fpu(state: MemberState, name: str, tag: str, size: int, trained_on: date,
                    since: date) -> Unit | None:
    """A formed police unit (English-speaking mission) trained on `trained_on` in every standard
    its Level 2, Level 3 and RDL profiles require, or None when the catalogue or the certified
    trainers it needs are missing."""
    unit = units.create_unit(state.id, name, "formed_police_unit", size, "UNMISS", "en",
                             f"Formed police unit, {size} officers", pledged_on=since)
    profiles = [readiness.profile_for(unit, level) for level in LEVELS]
    codes = sorted({r.standard_code for p in profiles if p for r in p.requirements})
    standards = {code: _current(code, trained_on) for code in codes}
    signers = _signers(trained_on, state.id)
    if not codes or any(s is None or s.sign_off not in signers for s in standards.values()):
        return None
    people = _people(state, tag, size, trained_on)
    db.session.add_all([Membership(
        state_id=state.id, unit_id=unit.id, person_id=p.id, start_on=since,
        appointment=KEY_APPOINTMENTS[i] if i < len(KEY_APPOINTMENTS) else None,
        is_key_appointment=i < len(KEY_APPOINTMENTS),
        is_commander=i < len(KEY_APPOINTMENTS) and "Commander" in KEY_APPOINTMENTS[i])
        for i, p in enumerate(people)])
    db.session.add_all([LanguageProficiency(
        state_id=state.id, person_id=p.id, language="en", level=3,
        assessed_by="UN language proficiency test", assessed_on=since,
        valid_until=since + timedelta(days=900)) for p in people[:len(KEY_APPOINTMENTS)]])
    units.record_screening(unit, "R1", "cleared", since + timedelta(days=10), on=trained_on)
    session = training.create_session(
        state.id, None, f"{name}: pre-deployment training", trained_on - timedelta(days=12),
        trained_on, "en", [s.id for s in standards.values()],
        sorted({signers[s.sign_off] for s in standards.values()}))
    db.session.add_all([SessionAttendee(session_id=session.id, person_id=p.id) for p in people])
    db.session.add_all([Completion(
        state_id=state.id, person_id=p.id, standard_id=s.id, session_id=session.id,
        completed_on=trained_on, passed=True, score=80 + (p.id % 20) if s.pass_mark else None,
        signed_off_by_id=signers[s.sign_off]) for p in people for s in standards.values()])
    db.session.flush()
    audit.append("demo.records_seeded", obj=unit, details={"people": size,
                                                          "session_id": session.id})
    return unit
