"""In a real browser, with CSRF on: a registrar creates a unit and a person, puts the person on
the roster, creates a session with a qualified trainer, enrols the unit, and records results:
a pass below the pass mark is refused with the reason, a proper pass is recorded."""
from datetime import timedelta
from types import SimpleNamespace

import pytest

from tests.conftest import PASSWORD


@pytest.fixture
def records_server(live_app, live_server):
    from app.auth.models import Role
    from app.auth.services import create_user
    from app.catalogue.models import MemberState, Standard, TaxonomyTerm, TrainingCentre
    from app.extensions import db
    from app.timeutil import today
    from app.training.models import TrainerQualification
    from app.units.models import Person

    on = today()
    with live_app.app_context():
        ken = MemberState(iso3="KEN", iso2="KE", name_en="Kenya", name_fr="Kenya")
        db.session.add(ken)
        db.session.flush()
        db.session.add_all([
            TaxonomyTerm(kind="unit_types", code="infantry_battalion",
                         name_en="Infantry battalion", name_fr="Bataillon d'infanterie",
                         extra={}),
            TaxonomyTerm(kind="personnel_categories", code="military_contingent",
                         name_en="Military contingent member", name_fr="Contingent", extra={}),
            TrainingCentre(code="IPSTC", name="IPSTC", kind="regional", state_id=ken.id),
            Standard(code="CD-1", version="2017", title_en="Conduct and discipline",
                     title_fr="Conduite et discipline", summary_en="s", summary_fr="s",
                     category="conduct_discipline", source_edition="CPTM-2017", audiences=[],
                     unit_types=[], minimum_minutes=60, assessment_kind="test", pass_mark=70,
                     validity_months=12, sign_off="TOT-CPTM",
                     effective_on=on - timedelta(days=3000))])
        trainer = Person(state_id=ken.id, service_number="KE-TRAINER", given_name="Grace",
                         family_name="Trainer", sex="F", personnel_category="military_contingent",
                         nationality="KEN")
        db.session.add(trainer)
        db.session.flush()
        db.session.add(TrainerQualification(
            state_id=ken.id, person_id=trainer.id, qualification_code="TOT-CPTM",
            valid_from=on - timedelta(days=400), valid_until=on + timedelta(days=400)))
        create_user("registrar@example.org", Role.CENTRE_REGISTRAR, PASSWORD, state_id=ken.id)
        db.session.commit()
    return SimpleNamespace(url=live_server, on=on)


def test_registrar_builds_a_roster_and_records_results(page, records_server):
    url, on = records_server.url, records_server.on
    page.goto(url + "/auth/login")
    page.fill("#email", "registrar@example.org")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda u: "/auth/login" not in u)

    page.goto(url + "/units/new")
    page.fill("#name", "KENBATT 1")
    page.select_option("#unit_type", "infantry_battalion")
    page.fill("#authorised_strength", "850")
    page.fill("#mission", "UNMISS")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Unit created.")
    unit_url = page.url

    page.goto(url + "/units/people/new")
    page.fill("#service_number", "KA-1001")
    page.fill("#given_name", "James")
    page.fill("#family_name", "Otieno")
    page.select_option("#personnel_category", "military_contingent")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Person registered.")

    page.goto(unit_url)
    page.fill("#m-service_number", "KA-1001")
    page.fill("#m-appointment", "Rifleman")
    page.click("text=Add to roster >> nth=-1")
    page.wait_for_selector("text=Roster updated.")
    assert page.locator("section[aria-labelledby=roster-h] tbody tr", has_text="Otieno").count() == 1

    page.goto(url + "/training/sessions/new")
    page.fill("#title", "PDT course")
    page.fill("#start_on", (on - timedelta(days=5)).isoformat())
    page.fill("#end_on", on.isoformat())
    page.get_by_label("CD-1@2017 — Conduct and discipline").check()
    page.get_by_role("group", name="Trainers").get_by_label("Grace Trainer (KE-TRAINER)").check()
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Session created.")

    page.click("text=Add attendees >> nth=0")
    page.select_option("#unit_id", label="KENBATT 1")
    page.click("form button:has-text('Add attendees')")
    page.wait_for_selector("text=1 attendees added.")

    row = page.locator("tr", has_text="Otieno")
    row.locator("input[name=score]").fill("55")
    row.locator("button:has-text('Record')").click()
    page.wait_for_selector(".alert-danger")
    assert "below the pass mark of 70" in page.inner_text(".alert-danger")

    row = page.locator("tr", has_text="Otieno")
    row.locator("input[name=score]").fill("82")
    row.locator("button:has-text('Record')").click()
    page.wait_for_selector("text=Result recorded")
    assert "CD-1 pass 82" in page.locator("tr", has_text="Otieno").inner_text()
