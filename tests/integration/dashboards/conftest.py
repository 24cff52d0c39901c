"""A small world whose dashboard figures are computed by hand in the tests (see each test)."""
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from tests.factories_pcrs import *  # noqa: F401,F403
from tests.factories_records import *  # noqa: F401,F403

D = date(2025, 6, 1)


@pytest.fixture
def dash(db, make_state, make_unit, make_person, make_standard):
    from app.catalogue.models import GenderTarget, TaxonomyTerm
    from app.training.models import (Completion, CourseSession, Partnership,
                                     TrainerQualification)
    from app.units.models import LanguageProficiency, Membership

    ken, gha = make_state("KEN"), make_state("GHA")
    for kind, code, extra in [
            ("unit_types", "infantry_battalion", {"kind": "military"}),
            ("unit_types", "formed_police_unit", {"kind": "police"}),
            ("personnel_categories", "military_contingent", {"gender_category": "troops"}),
            ("personnel_categories", "staff_officer",
             {"gender_category": "staff_officers_military_observers"}),
            ("personnel_categories", "formed_police", {"gender_category": "formed_police_units"}),
            ("personnel_categories", "civilian", {"gender_category": "none"})]:
        db.session.add(TaxonomyTerm(kind=kind, code=code, name_en=code, name_fr=code, extra=extra))
    for category, target in [("troops", 12.0), ("staff_officers_military_observers", 22.0),
                             ("formed_police_units", 15.0), ("individual_police", 20.0)]:
        db.session.add(GenderTarget(year=2025, category=category, target_percent=target,
                                    interpolated=False, provenance={"sources": ["TEST"]}))
        db.session.add(GenderTarget(year=2024, category=category, target_percent=1.0,
                                    interpolated=True, provenance={"sources": ["TEST"]}))

    def unit(state, level, unit_type="infantry_battalion", days=None, language="en"):
        return make_unit(state, unit_type=unit_type, pcrs_level=level, deployable_days=days,
                         mission_language=language)

    k1 = unit("KEN", "L3", language="fr")
    k2 = unit("KEN", "RDL", "formed_police_unit", days=60)
    k3 = unit("KEN", "L1")
    k4 = unit("KEN", "L1", days=30)  # Level 1: never counted as deployable
    g1 = unit("GHA", "L2", days=30)
    g2 = unit("GHA", "RDL", days=30)

    def member(u, sex, category="military_contingent", key=False, start=None, end=None):
        person = make_person(u.state.iso3, sex=sex, personnel_category=category)
        db.session.add(Membership(state_id=u.state_id, unit_id=u.id, person_id=person.id,
                                  is_key_appointment=key, start_on=start, end_on=end))
        return person

    def speaks(person, language, level, assessed_on=date(2024, 1, 1), valid_until=None):
        db.session.add(LanguageProficiency(state_id=person.state_id, person_id=person.id,
                                           language=language, level=level, assessed_by="test",
                                           assessed_on=assessed_on, valid_until=valid_until))

    k1_people = [member(k1, "F", key=True), member(k1, "M", key=True), member(k1, "M"),
                 member(k1, "M"), member(k1, "M")]
    speaks(k1_people[0], "fr", 2)
    speaks(k1_people[1], "fr", 1)
    speaks(k1_people[1], "en", 4)  # English does not help in a francophone mission
    member(k1, "M", key=True, end=D - timedelta(days=1))  # left the roster
    member(k1, "M", start=D + timedelta(days=1))  # not yet on it
    k2_people = [member(k2, "F", "formed_police", key=True), member(k2, "F", "formed_police"),
                 member(k2, "M", "formed_police")]
    speaks(k2_people[0], "en", 2, assessed_on=D + timedelta(days=1))  # assessed after D
    member(k3, "M", "staff_officer")
    member(k3, "M", "staff_officer")
    g1_people = [member(g1, "F", key=True), member(g1, "M", key=True), member(g1, "M"),
                 member(g1, "M")]
    speaks(g1_people[0], "en", 3)
    speaks(g1_people[1], "en", 2, valid_until=D - timedelta(days=1))  # lapsed
    member(g2, "M")
    for _ in range(5):
        make_person("GHA", sex="M", personnel_category="military_contingent")
    make_person("GHA", sex="F", personnel_category="civilian")

    # trainers
    a = make_person("KEN", sex="F", personnel_category="military_contingent")
    b, c = (make_person("KEN", sex="M", personnel_category="military_contingent")
            for _ in range(2))
    d_, e = (make_person("GHA", sex="M", personnel_category="military_contingent")
             for _ in range(2))

    def qualify(person, code, start=date(2024, 1, 1), until=date(2026, 12, 31), revoked=None):
        db.session.add(TrainerQualification(state_id=person.state_id, person_id=person.id,
                                            qualification_code=code, valid_from=start,
                                            valid_until=until, revoked_on=revoked))
    qualify(a, "TOT-CPTM")
    qualify(a, "TOT-SEA")
    qualify(b, "TOT-CPTM", until=D - timedelta(days=1))
    qualify(c, "TOT-CPTM", revoked=D - timedelta(days=10))
    qualify(d_, "TOT-CPTM", start=D + timedelta(days=1))
    qualify(e, "TOT-CPTM", until=date(2025, 6, 1))  # last valid day is D itself
    qualify(e, "TOT-CPTM", start=date(2025, 6, 2), until=date(2027, 1, 1))  # renewal

    # partnerships
    standard = make_standard("HEE-BASIC", "2015")
    p1 = Partnership(code="TPP-HEE", name="Heavy engineering", un_entity="DOS",
                     stream="engineering", start_on=date(2024, 1, 1))
    p2 = Partnership(code="TPP-MED", name="Field medical", un_entity="DOS", stream="medical",
                     start_on=date(2024, 1, 1))
    db.session.add_all([p1, p2])
    db.session.flush()

    def session(state, partnership):
        s = CourseSession(state_id=state.id, title="course", start_on=date(2025, 1, 1),
                          end_on=date(2025, 1, 5), partnership_id=partnership)
        db.session.add(s)
        db.session.flush()
        return s

    s1, s2, s3 = session(ken, p1.id), session(gha, p1.id), session(ken, None)

    def result(s, person, passed, on=date(2025, 1, 5)):
        db.session.add(Completion(state_id=person.state_id, person_id=person.id,
                                  standard_id=standard.id, session_id=s.id, completed_on=on,
                                  passed=passed))
    result(s1, k1_people[2], True)
    result(s1, k1_people[3], True)
    result(s1, k1_people[4], False)
    result(s1, k1_people[4], True, on=D + timedelta(days=2))  # after D: not counted on D
    result(s2, g1_people[2], True)
    result(s3, k1_people[0], True)  # not a partnership session
    db.session.commit()
    return SimpleNamespace(ken=ken, gha=gha, units=dict(k1=k1, k2=k2, k3=k3, k4=k4, g1=g1, g2=g2))
