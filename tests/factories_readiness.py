"""Readiness and import test helpers: a unit with a roster, a profile, standards, a qualified
trainer, and `give()` to add completions directly (no session rules), flushed.

Use from a conftest: `from tests.factories_readiness import *  # noqa: F401,F403`.
"""
from datetime import date
from itertools import count
from types import SimpleNamespace

import pytest

_seq = count(1)
ON = date(2026, 3, 15)


@pytest.fixture
def readiness_world(db, make_state):
    """build(size=10, keys=1, nios=0, codes=("CD-1", "SEA-1"), share=0.8, state="KEN", ...) ->
    (`codes` apply to all, and to every key appointment when `keys_too`; `key_only` to key
    appointments, `commanders_only` to the first `commanders` people, `nio_only` to NIOs) ->
    namespace: unit, profile, people, memberships, standards {code: Standard}, trainer,
    qualification, give(person, code, completed_on, passed=True, signer=trainer, standard=None)."""
    from app.catalogue.models import ProfileRequirement, RequirementProfile, Standard
    from app.training.models import Completion, TrainerQualification
    from app.units.models import Membership, Person, Unit

    def build(size=10, keys=1, nios=0, codes=("CD-1", "SEA-1"), share=0.8, state="KEN",
              key_only=(), nio_per=0, language_level=None, screening_required=False,
              keys_too=True, unit_type="infantry_battalion", level="L2",
              mission_language="en", commanders_only=(), commanders=0, nio_only=()):
        n = next(_seq)
        st = make_state(state)
        standards = {}
        for code in list(codes) + list(key_only) + list(commanders_only) + list(nio_only):
            standard = db.session.scalar(db.select(Standard).filter_by(code=code, version="2025"))
            if standard is None:
                standard = Standard(
                    code=code, version="2025", title_en=f"{code} title",
                    title_fr=f"{code} titre", summary_en="s", summary_fr="s", category="core",
                    source_edition="CPTM-2025", audiences=[], unit_types=[], minimum_minutes=60,
                    assessment_kind="test", pass_mark=70, validity_months=12,
                    sign_off="TOT-CPTM", effective_on=date(2025, 1, 1), retired_on=None)
                db.session.add(standard)
            standards[code] = standard
        profile = RequirementProfile(
            code=f"P{n}-{level}", title_en=f"Profile {n}", title_fr=f"Profil {n}",
            unit_type=f"{unit_type}", pcrs_level=level, requires_certificate=True,
            certificate_validity_months=12, roster_share=share,
            screening_required=screening_required,
            nio_per=nio_per, language_applies_to="key_appointments" if language_level else None,
            language_min_level=language_level, language_mission=bool(language_level))
        everyone = ["all", "key_appointments"] if keys_too else ["all"]
        profile.requirements = (
            [ProfileRequirement(standard_code=c, applies_to=everyone) for c in codes]
            + [ProfileRequirement(standard_code=c, applies_to=["key_appointments"])
               for c in key_only]
            + [ProfileRequirement(standard_code=c, applies_to=["commanders"])
               for c in commanders_only]
            + [ProfileRequirement(standard_code=c, applies_to=["nios"]) for c in nio_only])
        db.session.add(profile)
        unit = Unit(state_id=st.id, name=f"Battalion {n}", unit_type=unit_type,
                    authorised_strength=max(size, 1), mission="MINUSCA",
                    mission_language=mission_language, pcrs_level="L1")
        db.session.add(unit)
        trainer = Person(state_id=st.id, service_number=f"TR{n:05d}", given_name="Tess",
                         family_name=f"Trainer{n}", rank="Maj", sex="F",
                         personnel_category="military_contingent", nationality=state)
        db.session.add(trainer)
        db.session.flush()
        qualification = TrainerQualification(
            state_id=st.id, person_id=trainer.id, qualification_code="TOT-CPTM",
            valid_from=date(2024, 1, 1), valid_until=date(2027, 12, 31))
        db.session.add(qualification)
        people = [Person(state_id=st.id, service_number=f"U{n}-{i:05d}", given_name=f"Given{i}",
                         family_name=f"Family{i:05d}", rank="Pte", sex="F" if i % 4 == 0 else "M",
                         personnel_category="military_contingent", nationality=state)
                  for i in range(size)]
        db.session.add_all(people)
        db.session.flush()
        memberships = [Membership(state_id=st.id, unit_id=unit.id, person_id=p.id,
                                  appointment=f"Post {i}", is_key_appointment=i < keys,
                                  is_nio=i < nios, is_commander=i < commanders)
                       for i, p in enumerate(people)]
        db.session.add_all(memberships)
        db.session.flush()

        def give(person, code, completed_on=date(2025, 9, 1), passed=True, signer=trainer,
                 standard=None):
            standard = standard or standards[code]
            completion = Completion(state_id=person.state_id, person_id=person.id,
                                    standard_id=standard.id, completed_on=completed_on,
                                    passed=passed, score=80 if passed else 40,
                                    signed_off_by_id=signer.id if signer else None)
            db.session.add(completion)
            return completion

        def give_all(code_list=None, completed_on=date(2025, 9, 1), who=None):
            for person in (who if who is not None else people):
                for code in (code_list or list(standards)):
                    give(person, code, completed_on)
            db.session.flush()

        return SimpleNamespace(unit=unit, profile=profile, people=people,
                               memberships=memberships, standards=standards, trainer=trainer,
                               qualification=qualification, give=give, give_all=give_all,
                               state=st)
    return build
