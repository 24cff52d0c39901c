"""In a real browser at 1,366 px: a readiness matrix wider and taller than its box scrolls in its
box, not the page; it keeps the name column and the header in view while it scrolls, scrolls
from the keyboard (a focusable, named region), and shows no unmet requirement in green."""
from datetime import timedelta
from types import SimpleNamespace

import pytest

from tests.conftest import PASSWORD

STANDARDS, PEOPLE = 40, 60


@pytest.fixture
def world(live_app, live_server):
    """A Kenyan battalion of 60 whose Level 2 profile asks 40 standards of everyone; the first
    standard held by all, the others by nobody."""
    from app.auth.models import Role
    from app.auth.services import create_user
    from app.catalogue.models import MemberState, ProfileRequirement, RequirementProfile, Standard
    from app.extensions import db
    from app.timeutil import today
    from app.training.models import Completion, TrainerQualification
    from app.units.models import Membership, Person, Unit

    on = today()
    with live_app.app_context():
        ken = MemberState(iso3="KEN", iso2="KE", name_en="Kenya", name_fr="Kenya")
        db.session.add(ken)
        db.session.flush()
        standards = [Standard(code=f"STD-{n:02d}", version="2025", title_en=f"Standard {n}",
                              title_fr=f"Norme {n}", summary_en="s", summary_fr="s",
                              category="core", source_edition="CPTM-2025", audiences=[],
                              unit_types=[], minimum_minutes=60, assessment_kind="test",
                              pass_mark=None, validity_months=36, sign_off="TOT-CPTM",
                              effective_on=on - timedelta(days=400))
                     for n in range(1, STANDARDS + 1)]
        profile = RequirementProfile(
            code="INF-BN-L2", title_en="Infantry battalion — Level 2",
            title_fr="Bataillon d'infanterie — Niveau 2", unit_type="infantry_battalion",
            pcrs_level="L2", requires_certificate=True, certificate_validity_months=12,
            roster_share=1.0, screening_required=False, nio_per=0)
        profile.requirements = [ProfileRequirement(standard_code=s.code) for s in standards]
        unit = Unit(state_id=ken.id, name="1 KENBATT", unit_type="infantry_battalion",
                    authorised_strength=850, mission="UNMISS", mission_language="en")
        people = [Person(state_id=ken.id, service_number=f"KE-{n}", given_name="Amina",
                         family_name=f"Otieno{n:02d}", rank="Pte", sex="F",
                         personnel_category="military_contingent", nationality="KEN")
                  for n in range(PEOPLE + 1)]
        trainer = people.pop()
        db.session.add_all([*standards, profile, unit, *people, trainer])
        db.session.flush()
        db.session.add(TrainerQualification(state_id=ken.id, person_id=trainer.id,
                                            qualification_code="TOT-CPTM",
                                            valid_from=on - timedelta(400),
                                            valid_until=on + timedelta(400)))
        for person in people:
            db.session.add_all([
                Membership(state_id=ken.id, unit_id=unit.id, person_id=person.id),
                Completion(state_id=ken.id, person_id=person.id, standard_id=standards[0].id,
                           completed_on=on - timedelta(30), passed=True,
                           signed_off_by_id=trainer.id)])
        create_user("registrar@example.org", Role.CENTRE_REGISTRAR, PASSWORD, state_id=ken.id)
        db.session.commit()
        return SimpleNamespace(url=live_server, unit_id=unit.id)


BOXES_JS = """() => {
  const box = document.querySelector('.matrix-scroll').getBoundingClientRect();
  const name = document.querySelector('.matrix tbody th.sticky-col').getBoundingClientRect();
  const head = document.querySelector('.matrix thead th').getBoundingClientRect();
  return {boxLeft: box.left, boxTop: box.top, nameLeft: name.left, headTop: head.top};
}"""


def test_matrix_scrolls_by_keyboard_with_names_and_header_in_view(world, page):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(world.url + "/auth/login")
    page.get_by_label("Email").fill("registrar@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/home")
    page.goto(f"{world.url}/units/{world.unit_id}")
    region = page.get_by_role("region", name="60 people need attention")
    assert region.get_attribute("tabindex") == "0"
    size = region.evaluate("r => [r.scrollWidth, r.clientWidth, r.scrollHeight, r.clientHeight]")
    assert size[0] > size[1] and size[2] > size[3], size  # wider and taller than its box
    # only the box scrolls: its hidden text (visually-hidden, absolutely placed) stays inside it
    # instead of widening the page
    assert page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]") == \
        [1366, 1366]
    # the first column is the only one met: green header mark; the others are not green
    heads = page.eval_on_selector_all(".matrix thead th.coverage-head",
                                      "hs => hs.map(h => h.className)")
    assert heads[-1].endswith("met") and all("short" in h for h in heads[:-1])
    missing = page.eval_on_selector(".matrix td.missing",
                                    "td => getComputedStyle(td).backgroundColor")
    assert missing == "rgb(246, 201, 202)"  # red, with its symbol and hidden text
    before = page.evaluate(BOXES_JS)
    region.focus()
    for _ in range(8):
        page.keyboard.press("ArrowRight")
    for _ in range(8):
        page.keyboard.press("ArrowDown")
    # the keyboard scrolls it (Chromium animates each step: wait for the scroll to settle)
    settled = region.evaluate("""r => new Promise(done => {
        let last = null;
        const look = () => {
            const now = [r.scrollLeft, r.scrollTop];
            if (last && now[0] === last[0] && now[1] === last[1]) return done(now);
            last = now;
            setTimeout(look, 150);
        };
        look();
    })""")
    assert settled[0] > 100 and settled[1] > 100, settled
    after = page.evaluate(BOXES_JS)
    assert abs(after["nameLeft"] - after["boxLeft"]) <= 2  # the names stay at the left edge
    assert abs(after["headTop"] - after["boxTop"]) <= 2  # the header stays at the top
    assert abs(after["nameLeft"] - before["nameLeft"]) <= 2
