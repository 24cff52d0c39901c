"""In a real browser: a UN officer is refused Level 2 for an uncertified unit, succeeds once the
certifying officer has issued the unit certificate (through the certificates service), and the
dashboards render their charts."""
from datetime import timedelta
from types import SimpleNamespace

import pytest

from tests.browser.worlds import certifiable_battalion, sign_in_with_code
from tests.conftest import PASSWORD


@pytest.fixture
def pcrs_server(live_app, live_server):
    """A Kenyan battalion at Level 1 whose single soldier holds CD-1, signed off by a qualified
    trainer; a Level 2 profile that needs CD-1 and a certificate; a UN officer with two-step
    verification; a certifying officer; no certificate yet."""
    from app.auth import totp
    from app.auth.models import Role
    from app.auth.services import create_user
    from app.extensions import db

    with live_app.app_context():
        ken_id, unit_id = certifiable_battalion(live_app, name="1 KENBATT", soldiers=1)
        officer = create_user("un.officer@example.org", Role.UN_OFFICER, PASSWORD)
        officer.mfa_secret, officer.mfa_enabled = totp.new_secret(), True
        certifier = create_user("certifier@example.org", Role.CERTIFYING_OFFICER, PASSWORD,
                                state_id=ken_id)
        db.session.commit()
        return SimpleNamespace(url=live_server, unit_id=unit_id, secret=officer.mfa_secret,
                               certifier_id=certifier.id)


def ask_for_level_2(page, world):
    from app.timeutil import today

    page.goto(f"{world.url}/readiness/units/{world.unit_id}")
    page.select_option("#to_level", "L2")
    page.fill("#aav_on", (today() - timedelta(days=7)).isoformat())
    page.select_option("#aav_outcome", "successful")
    page.click("#record-decision")
    page.wait_for_load_state()


def issue_certificate(live_app, world):
    from app.auth.models import User
    from app.certification.services import issue_unit
    from app.extensions import db
    from app.timeutil import today
    from app.units.models import Unit

    with live_app.app_context():
        certificate = issue_unit(db.session.get(Unit, world.unit_id), "L2",
                                 db.session.get(User, world.certifier_id), today())
        db.session.commit()
        return certificate.serial


def test_level_2_refused_without_certificate_then_granted(live_app, pcrs_server, page):
    world = pcrs_server
    sign_in_with_code(page, world.url, "un.officer@example.org", world.secret)
    ask_for_level_2(page, world)
    refusal = page.locator("#decision-refused")
    assert refusal.is_visible()
    assert "holds no unit certificate covering profile INF-BN-L2" in refusal.inner_text()
    assert page.locator("#current-level").inner_text() == "Level 1"

    serial = issue_certificate(live_app, world)
    ask_for_level_2(page, world)
    assert page.locator("#decision-refused").count() == 0
    assert "PCRS decision recorded: Level 1 to Level 2." in page.locator("main").inner_text()
    assert page.locator("#current-level").inner_text() == "Level 2"
    history = page.locator("#pcrs-history").inner_text()
    assert serial in history and "successful" in history

    page.goto(world.url + "/readiness")
    charts = page.locator("main svg[role=img]")
    assert charts.count() == 8  # one chart per panel (individuals cleared among them), two for gender
    levels = page.locator("#chart-levels svg")
    assert levels.is_visible() and levels.bounding_box()["width"] > 300
    assert "1 (troops 1, police 0)" in page.locator("#chart-levels").inner_text()
    assert page.locator("#panel-levels table").is_visible()
