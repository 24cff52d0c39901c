"""Factories for units, people, standards, sessions and qualifications (flushed, unique defaults).

Use from a conftest: `from tests.factories_records import *  # noqa: F401,F403`.
"""
from datetime import date
from itertools import count

import pytest

_seq = count(1)


@pytest.fixture
def make_standard(db):
    """make_standard(code="CD-1", version="2017", sign_off="TOT-CPTM", pass_mark=70, ...)."""
    from app.catalogue.models import Standard

    def make(code="CD-1", version="2017", *, sign_off="TOT-CPTM", pass_mark=70,
             category="core", effective_on=date(2017, 1, 1), retired_on=None,
             validity_months=12, assessment_kind="test"):
        existing = db.session.scalar(db.select(Standard).filter_by(code=code, version=version))
        if existing:
            return existing
        standard = Standard(code=code, version=version, title_en=f"{code} title",
                            title_fr=f"{code} titre", summary_en="s", summary_fr="s",
                            category=category, source_edition="CPTM-2017", audiences=[],
                            unit_types=[], minimum_minutes=60, assessment_kind=assessment_kind,
                            pass_mark=pass_mark, validity_months=validity_months,
                            sign_off=sign_off, effective_on=effective_on, retired_on=retired_on)
        db.session.add(standard)
        db.session.flush()
        return standard
    return make


@pytest.fixture
def make_centre(db, make_state):
    from app.catalogue.models import TrainingCentre

    def make(code="IPSTC", state="KEN", kind="national"):
        centre = db.session.scalar(db.select(TrainingCentre).filter_by(code=code))
        if centre:
            return centre
        centre = TrainingCentre(code=code, name=f"{code} centre", kind=kind, city="City",
                                state_id=make_state(state).id)
        db.session.add(centre)
        db.session.flush()
        return centre
    return make


@pytest.fixture
def make_person(db, make_state):
    """make_person(state="KEN", **fields) -> Person with a unique service number."""
    from app.units.models import Person

    def make(state="KEN", **kw):
        n = next(_seq)
        values = dict(service_number=f"SN{n:06d}", given_name=f"Given{n}",
                      family_name=f"Family{n}", rank="Capt", sex="F" if n % 3 == 0 else "M",
                      personnel_category="military_contingent", nationality=state,
                      birth_on=date(1990, 1, 1))
        values.update(kw)
        person = Person(state_id=make_state(state).id, **values)
        db.session.add(person)
        db.session.flush()
        return person
    return make


@pytest.fixture
def make_unit(db, make_state):
    from app.units.models import Unit

    def make(state="KEN", **kw):
        values = dict(name=f"Unit {next(_seq)}", unit_type="infantry_battalion",
                      authorised_strength=850, mission="UNMISS", mission_language="en",
                      pledge_capability="Infantry battalion")
        values.update(kw)
        unit = Unit(state_id=make_state(state).id, **values)
        db.session.add(unit)
        db.session.flush()
        return unit
    return make


@pytest.fixture
def make_qualification(db):
    from app.training.models import TrainerQualification

    def make(person, code="TOT-CPTM", valid_from=date(2024, 1, 1), valid_until=date(2026, 12, 31),
             revoked_on=None):
        q = TrainerQualification(state_id=person.state_id, person_id=person.id,
                                 qualification_code=code, valid_from=valid_from,
                                 valid_until=valid_until, revoked_on=revoked_on)
        db.session.add(q)
        db.session.flush()
        return q
    return make


@pytest.fixture
def course(db, make_state, make_standard, make_person, make_qualification, make_centre):
    """A KEN session 2025-03-03..2025-03-07 on CD-1@2017 with a qualified trainer and two
    attendees: `course.session`, `.standard`, `.trainer`, `.qualification`, `.attendees`."""
    from types import SimpleNamespace

    from app.training.models import CourseSession, SessionAttendee, SessionStandard, SessionTrainer

    ken = make_state("KEN")
    standard = make_standard("CD-1", "2017", retired_on=date(2025, 6, 30))
    trainer = make_person("KEN")
    qualification = make_qualification(trainer, "TOT-CPTM", date(2024, 1, 1), date(2025, 3, 5))
    attendees = [make_person("KEN"), make_person("KEN")]
    session = CourseSession(state_id=ken.id, centre_id=make_centre().id, title="PDT course",
                            start_on=date(2025, 3, 3), end_on=date(2025, 3, 7), language="en")
    session.standards = [SessionStandard(standard_id=standard.id)]
    session.trainers = [SessionTrainer(person_id=trainer.id)]
    session.attendees = [SessionAttendee(person_id=p.id) for p in attendees]
    db.session.add(session)
    db.session.flush()
    return SimpleNamespace(session=session, standard=standard, trainer=trainer,
                           qualification=qualification, attendees=attendees, state=ken)


UNIT_TYPES = ("infantry_battalion", "formed_police_unit", "engineer_company")
PERSONNEL = ("military_contingent", "staff_officer", "formed_police")


@pytest.fixture
def taxonomy(db):
    """The unit types and personnel categories the record forms offer."""
    from app.catalogue.models import TaxonomyTerm

    db.session.add_all(
        [TaxonomyTerm(kind="unit_types", code=c, name_en=c.replace("_", " ").title(),
                      name_fr=c, extra={}) for c in UNIT_TYPES]
        + [TaxonomyTerm(kind="personnel_categories", code=c, name_en=c.title(), name_fr=c,
                        extra={}) for c in PERSONNEL])
    db.session.flush()


@pytest.fixture
def settle(db):
    """Commit and drop tenant rows from the identity map, so the next request loads them through
    the tenancy hook as a real request (with its own session) would. Keep ids, not rows; users
    and states stay attached (they are not tenant rows)."""
    from app.auth.models import User
    from app.catalogue.models import MemberState

    def settle_():
        db.session.commit()
        for obj in list(db.session):
            if not isinstance(obj, (User, MemberState)):
                db.session.expunge(obj)
    return settle_
