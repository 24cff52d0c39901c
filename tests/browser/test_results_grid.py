"""In a real browser, with CSRF on: a registrar opens a finished session, follows the link to
its results grid and fills it through the controls' labels, as a screen-reader user would find
them: SEA-1, asked of the unit's commander only, starts "Absent" for the others; a bad score
refuses the whole grid and is shown in its cell and in the summary at the top; fixed, one
submission records every attendee's results and the session page offers the readiness of their
unit."""
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from tests.browser.conformance.crawl import AXE, AXE_OPTIONS
from tests.conftest import PASSWORD


@pytest.fixture
def grid_server(live_app, live_server):
    from app.auth.models import Role
    from app.auth.services import create_user
    from app.catalogue.models import MemberState, ProfileRequirement, RequirementProfile, Standard
    from app.extensions import db
    from app.timeutil import today
    from app.training.models import (CourseSession, SessionAttendee, SessionStandard,
                                     SessionTrainer, TrainerQualification)
    from app.units.models import Membership, Person, Unit

    on = today()
    with live_app.app_context():
        ken = MemberState(iso3="KEN", iso2="KE", name_en="Kenya", name_fr="Kenya")
        db.session.add(ken)
        db.session.flush()
        standards = [Standard(code=code, version="2025", title_en=f"{code} title",
                              title_fr=f"{code} titre", summary_en="s", summary_fr="s",
                              category="core", source_edition="CPTM-2025", audiences=[],
                              unit_types=[], minimum_minutes=60, assessment_kind=kind,
                              pass_mark=mark, validity_months=12, sign_off="TOT-CPTM",
                              effective_on=date(2020, 1, 1))
                     for code, kind, mark in (("CD-1", "test", 70), ("SEA-1", "none", 0))]
        db.session.add_all(standards)

        def person(number, given, family):
            return Person(state_id=ken.id, service_number=number, given_name=given,
                          family_name=family, sex="F", personnel_category="military_contingent",
                          nationality="KEN")
        trainer = person("KE-TRAINER", "Grace", "Trainer")
        people = [person(f"KE-{i}", given, family) for i, (given, family) in enumerate(
            (("Amina", "Achieng"), ("Brian", "Barasa"), ("Cyrus", "Chege")))]
        unit = Unit(state_id=ken.id, name="Kenya Battalion 9", unit_type="infantry_battalion",
                    authorised_strength=850, mission="UNMISS", mission_language="en")
        db.session.add_all([trainer, unit, *people])
        db.session.flush()
        db.session.add_all([Membership(state_id=ken.id, unit_id=unit.id, person_id=p.id,
                                       is_commander=i == 0) for i, p in enumerate(people)])
        profile = RequirementProfile(
            code="INF-L2", title_en="Infantry L2", title_fr="Infanterie N2",
            unit_type="infantry_battalion", pcrs_level="L2", requires_certificate=True,
            certificate_validity_months=12, roster_share=1.0, screening_required=False)
        profile.requirements = [ProfileRequirement(standard_code="CD-1", applies_to=["all"]),
                                ProfileRequirement(standard_code="SEA-1",
                                                   applies_to=["commanders"])]
        db.session.add(profile)
        db.session.add(TrainerQualification(
            state_id=ken.id, person_id=trainer.id, qualification_code="TOT-CPTM",
            valid_from=on - timedelta(days=400), valid_until=on + timedelta(days=400)))
        session = CourseSession(state_id=ken.id, title="PDT week", start_on=on - timedelta(5),
                                end_on=on - timedelta(1), language="en")
        session.standards = [SessionStandard(standard_id=s.id) for s in standards]
        session.trainers = [SessionTrainer(person_id=trainer.id)]
        session.attendees = [SessionAttendee(person_id=p.id) for p in people]
        db.session.add(session)
        create_user("registrar@example.org", Role.CENTRE_REGISTRAR, PASSWORD, state_id=ken.id)
        db.session.commit()
        ids = SimpleNamespace(session=session.id, unit=unit.id)
    return SimpleNamespace(url=live_server, app=live_app, ids=ids)


def test_registrar_records_a_whole_session_through_the_grid(page, grid_server):
    from app.extensions import db
    from app.training.models import Completion

    url, ids = grid_server.url, grid_server.ids
    page.goto(url + "/auth/login")
    page.get_by_label("Email").fill("registrar@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda u: "/auth/login" not in u)
    page.goto(f"{url}/training/sessions/{ids.session}")
    page.get_by_role("link", name="Record every attendee's results on one page").click()
    page.wait_for_url(f"**/training/sessions/{ids.session}/results/grid")

    # the grid region scrolls by keyboard; the defaults: the only trainer, the last day
    region = page.get_by_role("region", name="Attendees (rows) by the session's standards")
    assert region.get_attribute("tabindex") == "0"
    assert page.get_by_label("Signed off by", exact=True).input_value() != ""
    assert page.get_by_label("Date of the results").input_value()

    def score(who, code):
        return page.get_by_label(f"Score: {who}, {code}@2025")

    def result(who, code):
        return page.get_by_label(f"Result: {who}, {code}@2025")

    amina, brian, cyrus = ("Amina Achieng (KE-0)", "Brian Barasa (KE-1)", "Cyrus Chege (KE-2)")
    # SEA-1 is asked of the commander (Amina) only: the others' cells start "Absent", saying why
    assert [result(who, "SEA-1").input_value() for who in (amina, brian, cyrus)] == [
        "pass", "absent", "absent"]
    assert "2 cells below start as" in page.locator("#preset-absent").inner_text()
    hint = page.locator("#" + result(brian, "SEA-1").get_attribute("aria-describedby"))
    assert hint.inner_text() == "Not asked of this person by Kenya Battalion 9's profile."
    score(amina, "CD-1").fill("70")  # at the pass mark: a pass
    score(brian, "CD-1").fill("69")  # one below: a fail
    score(cyrus, "CD-1").fill("1000")  # three characters at most: "100"
    assert score(cyrus, "CD-1").input_value() == "100"
    score(cyrus, "CD-1").fill("x")
    # with JavaScript, a menu in a heading sets a whole column or row
    page.get_by_label("Set every open cell of SEA-1@2025").select_option(label="Fail")
    assert [result(who, "SEA-1").input_value() for who in (amina, brian, cyrus)] == ["fail"] * 3
    page.get_by_label(f"Set every open cell of {cyrus}").select_option(label="Absent")
    assert [result(cyrus, code).input_value() for code in ("CD-1", "SEA-1")] == ["absent"] * 2
    page.get_by_label("Set every open cell of SEA-1@2025").select_option(label="Pass")
    result(cyrus, "CD-1").select_option(label="Pass")
    result(brian, "SEA-1").select_option(label="Absent")
    page.get_by_role("button", name="Record the results of 3 attendees").click()

    summary = page.locator("#error-summary")
    summary.wait_for()
    assert "Nothing was recorded" in summary.inner_text()
    bad = score(cyrus, "CD-1")
    assert bad.get_attribute("aria-invalid") == "true"
    described = page.locator("#" + bad.get_attribute("aria-describedby").split()[0])
    assert "the score is a whole number from 0 to 100" in described.inner_text()
    # the refused grid as axe-core sees it (the conformance crawl sees only pages as opened)
    page.evaluate("() => { " + AXE.read_text() + "\n; window.axe = axe; }")
    found = page.evaluate(f"() => axe.run(document, {AXE_OPTIONS})")["violations"]
    assert not [(v["id"], [n["target"] for n in v["nodes"]]) for v in found
                if v["impact"] in ("serious", "critical")]
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == bad.get_attribute("id")
    with grid_server.app.app_context():
        assert db.session.scalars(select(Completion)).first() is None

    # what was typed stays; fix the one cell and record
    assert score(amina, "CD-1").input_value() == "70"
    bad.fill("85")
    page.get_by_role("button", name="Record the results of 3 attendees").click()
    page.wait_for_url(f"**/training/sessions/{ids.session}#next-step")
    assert "5 results recorded" in page.locator("main").inner_text()
    page.get_by_role("link", name="Readiness of Kenya Battalion 9").wait_for()
    with grid_server.app.app_context():
        got = {(c.person.family_name, c.standard.code): (c.passed, c.score)
               for c in db.session.scalars(select(Completion))}
    assert got == {("Achieng", "CD-1"): (True, 70), ("Barasa", "CD-1"): (False, 69),
                   ("Chege", "CD-1"): (True, 85), ("Achieng", "SEA-1"): (True, None),
                   ("Chege", "SEA-1"): (True, None)}

    # recorded cells are read-only; the absent one can still be filled
    page.goto(f"{url}/training/sessions/{ids.session}/results/grid")
    assert score(amina, "CD-1").count() == 0
    assert result(brian, "SEA-1").count() == 1
