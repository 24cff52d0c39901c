"""In a real browser: a registrar imports a roster into an empty unit and a results file for a
session (each small file checked as it uploads), confirms each, and sees the readiness matrix
change from "nobody on the roster" to missing training to certifiable."""
from datetime import timedelta
from types import SimpleNamespace

import pytest

from tests.conftest import PASSWORD

PEOPLE = 12


@pytest.fixture
def world(live_app, live_server):
    """A Kenyan battalion at Level 1 with no roster; a Level 2 profile needing CD-1 and SEA-1
    (90% of the roster, every key appointment); a session teaching both, with a qualified
    trainer; a registrar."""
    from app.auth.models import Role
    from app.auth.services import create_user
    from app.catalogue.models import MemberState, ProfileRequirement, RequirementProfile, Standard
    from app.extensions import db
    from app.timeutil import today
    from app.training.models import (CourseSession, SessionStandard, SessionTrainer,
                                     TrainerQualification)
    from app.units.models import Person, Unit

    on = today()
    with live_app.app_context():
        ken = MemberState(iso3="KEN", iso2="KE", name_en="Kenya", name_fr="Kenya")
        db.session.add(ken)
        db.session.flush()
        standards = [Standard(code=code, version="2025", title_en=title, title_fr=title,
                              summary_en="s", summary_fr="s", category="core",
                              source_edition="CPTM-2025", audiences=[], unit_types=[],
                              minimum_minutes=60, assessment_kind="test", pass_mark=70,
                              validity_months=12, sign_off="TOT-CPTM",
                              effective_on=on - timedelta(days=400))
                     for code, title in (("CD-1", "Conduct and discipline"),
                                         ("SEA-1", "Preventing sexual exploitation and abuse"))]
        profile = RequirementProfile(
            code="INF-BN-L2", title_en="Infantry battalion — Level 2",
            title_fr="Bataillon d'infanterie — Niveau 2", unit_type="infantry_battalion",
            pcrs_level="L2", requires_certificate=True, certificate_validity_months=12,
            roster_share=0.9, screening_required=False, nio_per=0)
        keys_too = ["all", "key_appointments"]
        profile.requirements = [ProfileRequirement(standard_code="CD-1", applies_to=keys_too),
                                ProfileRequirement(standard_code="SEA-1", applies_to=keys_too)]
        unit = Unit(state_id=ken.id, name="1 KENBATT", unit_type="infantry_battalion",
                    authorised_strength=850, mission="UNMISS", mission_language="en")
        trainer = Person(state_id=ken.id, service_number="TR-0042", given_name="Tess",
                         family_name="Trainer", sex="F", personnel_category="military_contingent",
                         nationality="KEN")
        db.session.add_all([*standards, profile, unit, trainer])
        db.session.flush()
        db.session.add(TrainerQualification(state_id=ken.id, person_id=trainer.id,
                                            qualification_code="TOT-CPTM",
                                            valid_from=on - timedelta(days=400),
                                            valid_until=on + timedelta(days=400)))
        session = CourseSession(state_id=ken.id, title="PDT course", language="en",
                                start_on=on - timedelta(days=10), end_on=on - timedelta(days=5))
        session.standards = [SessionStandard(standard_id=s.id) for s in standards]
        session.trainers = [SessionTrainer(person_id=trainer.id)]
        db.session.add(session)
        create_user("registrar@example.org", Role.CENTRE_REGISTRAR, PASSWORD, state_id=ken.id)
        db.session.commit()
        return SimpleNamespace(url=live_server, unit_id=unit.id, session_id=session.id,
                               completed_on=(on - timedelta(days=6)).isoformat())


def roster_file(tmp_path):
    lines = ["member_state,service_number,family_name,given_name,rank,sex,personnel_category,"
             "nationality,appointment,key_appointment,nio"]
    lines += [f"KEN,KA-{i:04d},Family{i:02d},Given,Pte,{'F' if i % 3 == 0 else 'M'},"
              f"military_contingent,KEN,Post {i},{'yes' if i == 0 else 'no'},no"
              for i in range(PEOPLE)]
    path = tmp_path / "roster.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")  # Excel's "CSV UTF-8"
    return path


def results_file(tmp_path, completed_on):
    lines = ["member_state,service_number,standard,completed_on,result,score,signed_off_by"]
    for i in range(PEOPLE):
        for code in ("CD-1", "SEA-1"):
            lines.append(f"KEN,KA-{i:04d},{code},{completed_on},pass,85,TR-0042")
    path = tmp_path / "results.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def import_file(page, link_id, path, back):
    """Upload, see every row check out, confirm; the import returns to the unit or session."""
    page.click(f"#{link_id}")
    page.set_input_files("#file", str(path))
    page.click("#upload-submit")
    page.wait_for_selector("#import-ready")  # checked at once (a small file), rows all fine
    page.click("#import-confirm-button")
    page.wait_for_url(back)
    assert "Imported" in page.locator(".alert-success").first.inner_text()


def matrix(page):
    return page.locator("#readiness")


def test_registrar_imports_roster_and_results_and_the_matrix_changes(world, page, tmp_path):
    errors = []  # a CSP violation or a script error shows up here
    page.on("console", lambda message: message.type == "error" and "favicon" not in
            message.location.get("url", "") and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(world.url + "/auth/login")
    page.fill("#email", "registrar@example.org")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(world.url + "/home")

    page.goto(f"{world.url}/units/{world.unit_id}")
    assert matrix(page).get_attribute("data-certifiable") == "no"
    assert "Nobody is on the roster" in matrix(page).inner_text()

    import_file(page, "roster-import-link", roster_file(tmp_path),
                f"**/units/{world.unit_id}#readiness-h")
    text = matrix(page).inner_text()
    assert matrix(page).get_attribute("data-certifiable") == "no"
    assert f"CD-1: 0 of {PEOPLE} people hold it; 11 are needed." in text
    assert page.locator("#readiness table tbody tr").count() == PEOPLE
    assert page.locator("#readiness td.missing").count() == 2 * PEOPLE

    page.goto(f"{world.url}/training/sessions/{world.session_id}")
    import_file(page, "results-import-link", results_file(tmp_path, world.completed_on),
                f"**/training/sessions/{world.session_id}")
    page.goto(f"{world.url}/units/{world.unit_id}")
    assert matrix(page).get_attribute("data-certifiable") == "yes"
    assert "Certifiable." in page.locator("#readiness-verdict").inner_text()
    assert page.locator("#readiness td.missing").count() == 0
    summary = page.locator("#matrix-complete summary").inner_text()
    assert f"{PEOPLE} people hold every standard asked of them" in summary
    assert errors == []
