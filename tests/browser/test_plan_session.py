"""In a real browser, with CSRF on and the page's script running: from a unit page with gaps, a
registrar opens "Plan a session for the gaps", finds the standards short ticked in their
versions in force (the retired one not listed), filters the picker by typing, and creates the
session with the people who lack them in one submission; and records the key appointment's
language from the language gap's link, in one submission."""
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from tests.conftest import PASSWORD


@pytest.fixture
def gaps_server(live_app, live_server):
    from app.auth.models import Role
    from app.auth.services import create_user
    from app.catalogue.models import MemberState, ProfileRequirement, RequirementProfile, Standard
    from app.extensions import db
    from app.timeutil import today
    from app.training.models import TrainerQualification
    from app.units.models import Membership, Person, Unit

    on = today()
    with live_app.app_context():
        ken = MemberState(iso3="KEN", iso2="KE", name_en="Kenya", name_fr="Kenya")
        db.session.add(ken)
        db.session.flush()

        def standard(code, version, title, effective_on, retired_on=None):
            return Standard(code=code, version=version, title_en=title, title_fr=title,
                            summary_en="s", summary_fr="s", category="core",
                            source_edition="CPTM", audiences=[], unit_types=[],
                            minimum_minutes=60, assessment_kind="test", pass_mark=70,
                            validity_months=12, sign_off="TOT-CPTM", effective_on=effective_on,
                            retired_on=retired_on)
        profile = RequirementProfile(
            code="INF-BN-L2", title_en="Infantry battalion — Level 2",
            title_fr="Bataillon d'infanterie — Niveau 2", unit_type="infantry_battalion",
            pcrs_level="L2", requires_certificate=True, certificate_validity_months=12,
            roster_share=1.0, screening_required=False, nio_per=0,
            language_applies_to="key_appointments", language_min_level=2, language_mission=True)
        keys_too = ["all", "key_appointments"]
        profile.requirements = [ProfileRequirement(standard_code="CD-1", applies_to=keys_too),
                                ProfileRequirement(standard_code="SEA-1", applies_to=keys_too)]
        unit = Unit(state_id=ken.id, name="1 KENBATT", unit_type="infantry_battalion",
                    authorised_strength=850, mission="UNMISS", mission_language="en")
        trainer = Person(state_id=ken.id, service_number="TR-0042", given_name="Tess",
                         family_name="Trainer", sex="F", personnel_category="military_contingent",
                         nationality="KEN")
        people = [Person(state_id=ken.id, service_number=f"KE-{i}", given_name=f"Given{i}",
                         family_name=f"Soldier{i}", sex="M",
                         personnel_category="military_contingent", nationality="KEN")
                  for i in range(3)]
        db.session.add_all([
            standard("CD-1", "2017", "Conduct and discipline", date(2017, 1, 1),
                     on - timedelta(days=500)),
            standard("CD-1", "2025", "Conduct and discipline", on - timedelta(days=400)),
            standard("SEA-1", "2025", "Preventing sexual exploitation and abuse",
                     on - timedelta(days=400)),
            profile, unit, trainer, *people])
        db.session.flush()
        db.session.add_all([Membership(state_id=ken.id, unit_id=unit.id, person_id=p.id,
                                       appointment=f"Post {i}", is_key_appointment=i == 0)
                            for i, p in enumerate(people)])
        db.session.add(TrainerQualification(state_id=ken.id, person_id=trainer.id,
                                            qualification_code="TOT-CPTM",
                                            valid_from=on - timedelta(days=400),
                                            valid_until=on + timedelta(days=400)))
        create_user("registrar@example.org", Role.CENTRE_REGISTRAR, PASSWORD, state_id=ken.id)
        db.session.commit()
        unit_id = unit.id
    return SimpleNamespace(url=live_server, unit_id=unit_id)


def test_registrar_plans_a_session_for_the_gaps(page, gaps_server):
    url = gaps_server.url
    page.goto(url + "/auth/login")
    page.get_by_label("Email").fill("registrar@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"{url}/units/{gaps_server.unit_id}")
    page.get_by_role("link", name="Plan a session for the gaps").click()
    page.wait_for_selector("h1:has-text('Plan a session for the gaps')")

    cd1 = page.get_by_label("CD-1@2025 — Conduct and discipline")
    sea1 = page.get_by_label("SEA-1@2025 — Preventing sexual exploitation and abuse")
    assert cd1.is_checked() and sea1.is_checked()
    assert page.get_by_text("CD-1@2017").count() == 0  # retired: not listed
    for i in range(3):
        assert page.get_by_label(f"Given{i} Soldier{i} · Post {i}").is_checked()

    search = page.get_by_label("Find a standard (code or title)")
    search.fill("exploitation")
    assert sea1.is_visible() and not cd1.is_visible()
    search.fill("")
    assert cd1.is_visible()

    attendees = page.get_by_label("Find an attendee (name or appointment)")
    attendees.fill("post 1")
    assert page.get_by_label("Given1 Soldier1 · Post 1").is_visible()
    assert not page.get_by_label("Given0 Soldier0 · Post 0").is_visible()
    attendees.press("Enter")  # filters; does not submit the form
    assert "/plan-session" in page.url
    assert page.get_by_label("Given0 Soldier0 · Post 0").is_checked()  # hidden, still ticked
    attendees.fill("")

    trainers = page.get_by_role("group", name="Trainers", exact=True)
    trainers.get_by_label("Tess Trainer (TR-0042)", exact=True).check()
    page.get_by_role("button", name="Create the session with these attendees").click()
    page.wait_for_selector("text=Session created with 3 attendees.")
    assert "/training/sessions/" in page.url


def test_registrar_records_key_appointments_languages(page, gaps_server):
    url = gaps_server.url
    page.goto(url + "/auth/login")
    page.get_by_label("Email").fill("registrar@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"{url}/units/{gaps_server.unit_id}")
    assert "lack English at UN II" in page.locator("#readiness-reasons").inner_text()
    page.get_by_role("link", name="Record key appointments' languages").click()
    level = page.get_by_label("Level of Given0 Soldier0")
    assert level.input_value() == "2"  # the rule's minimum, pre-chosen for who lacks it
    assert page.get_by_label("Level of Given1 Soldier1").count() == 0  # key appointments only
    level.select_option(label="UN III")
    page.get_by_role("button", name="Save the languages").click()
    page.wait_for_selector("text=1 language record saved.")
    assert "lack English" not in page.locator("#readiness").inner_text()
