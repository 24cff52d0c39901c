"""Individually deployed personnel are cleared for deployment by their own profile, never by a
PCRS level (issue 17 item 4): the person page, the API and the dashboard say so."""
from datetime import date, timedelta

from app.auth.models import Role
from app.catalogue.models import ProfileRequirement, RequirementProfile
from app.readiness.clearance import cleared_counts, person_clearance
from app.timeutil import today
from app.units.models import LanguageProficiency
from tests.factories_readiness import ON


def officer_world(db, readiness_world, language=True):
    """Two staff officers of Kenya (on a unit's roster, which changes nothing) and the staff
    officers' profile: CD-1 and SEA-1, UN II in English or French."""
    w = readiness_world(size=2, keys=0, codes=("CD-1", "SEA-1"))
    for person in w.people:
        person.personnel_category = "staff_officer"
    profile = RequirementProfile(
        code="SO-DEPLOY", title_en="Staff officers — cleared for deployment",
        title_fr="Officiers d'état-major — aptes au déploiement", unit_type=None,
        personnel_category="staff_officer", pcrs_level=None, requires_certificate=False,
        certificate_validity_months=12, roster_share=1.0, screening_required=False, nio_per=0,
        language_applies_to="all" if language else None,
        language_min_level=2 if language else None, language_mission=language)
    profile.requirements = [ProfileRequirement(standard_code="CD-1"),
                            ProfileRequirement(standard_code="SEA-1")]
    db.session.add(profile)
    db.session.flush()
    return w, profile


def speaks(db, person, language, valid_until=date(2027, 1, 1)):
    db.session.add(LanguageProficiency(state_id=person.state_id, person_id=person.id,
                                       language=language, level=2, assessed_by="test",
                                       assessed_on=date(2025, 1, 1), valid_until=valid_until))


def test_a_staff_officer_is_cleared_by_their_profile(db, readiness_world):
    w, profile = officer_world(db, readiness_world)
    amina, ben = w.people
    w.give_all(["CD-1", "SEA-1"], who=[amina])
    w.give_all(["CD-1"], who=[ben])
    speaks(db, amina, "fr")
    speaks(db, ben, "en")
    db.session.flush()
    cleared = person_clearance(amina, ON)
    assert cleared.profile.code == "SO-DEPLOY" and cleared.profile.pcrs_level is None
    assert cleared.cleared and cleared.verdict.languages == ("fr",)
    short = person_clearance(ben, ON)
    assert not short.cleared and short.verdict.missing == ("SEA-1",)
    counts = cleared_counts(ON)
    assert [(c.category, c.people, c.cleared) for c in counts] == [("staff_officer", 2, 1)]
    assert person_clearance(w.trainer, ON) is None  # a contingent member deploys with a unit


def test_the_person_page_api_and_dashboard_say_cleared_without_a_level(
        client, db, make_user, login_as, readiness_world):
    """The pages read today's clearance: Amina trained ten days ago, Ben not at all."""
    w, _profile = officer_world(db, readiness_world, language=False)
    amina, ben = w.people
    w.give_all(["CD-1", "SEA-1"], completed_on=today() - timedelta(days=10), who=[amina])
    db.session.commit()
    login_as(make_user(Role.CENTRE_REGISTRAR, state="KEN"))
    page = client.get(f"/units/people/{amina.id}").get_data(as_text=True)
    assert "Cleared for deployment" in page and "/catalogue/profiles/SO-DEPLOY" in page
    assert "have no PCRS level" in page
    other = client.get(f"/units/people/{ben.id}").get_data(as_text=True)
    assert "Not cleared for deployment" in other and "Does not hold: CD-1, SEA-1." in other
    body = client.get(f"/api/v1/people/{ben.id}/clearance").get_json()
    assert body == {"person_id": ben.id, "on": today().isoformat(), "personnel_category": "staff_officer",
                    "profile": {"code": "SO-DEPLOY", "version": 1,
                                "title_en": "Staff officers — cleared for deployment",
                                "title_fr": "Officiers d'état-major — aptes au déploiement"},
                    "cleared": False, "cleared_for_languages": [], "missing": ["CD-1", "SEA-1"],
                    "reasons": ["coverage_short"]}
    assert "pcrs_level" not in body
    contingent = client.get(f"/api/v1/people/{w.trainer.id}/clearance").get_json()
    assert contingent["profile"] is None and contingent["cleared"] is None
    login_as(make_user(Role.UN_OFFICER))
    dashboard = client.get("/readiness").get_data(as_text=True)
    assert "Individually deployed personnel cleared for deployment" in dashboard
    assert "1 of 2 cleared" in dashboard
