"""The pickers in a real browser (templates/_macros/forms.html picker, static/js/picker.js): a
UN administrator records a triangular partnership by ticking states, found with the filter box,
and reads what is ticked in each list's summary; a refused submission keeps them ticked."""
from types import SimpleNamespace

import pytest

from tests.browser.worlds import sign_in_with_code
from tests.conftest import PASSWORD

STATES = (("BRA", "Brazil", "Brésil"), ("GHA", "Ghana", "Ghana"), ("JPN", "Japan", "Japon"),
          ("KEN", "Kenya", "Kenya"), ("NOR", "Norway", "Norvège"))


@pytest.fixture
def admin_server(live_app, live_server):
    from app.auth import totp
    from app.auth.models import Role
    from app.auth.services import create_user
    from app.catalogue.models import MemberState
    from app.extensions import db

    with live_app.app_context():
        db.session.add_all([MemberState(iso3=iso3, iso2=iso3[:2], name_en=en, name_fr=fr)
                            for iso3, en, fr in STATES])
        admin = create_user("un.admin@example.org", Role.UN_ADMIN, PASSWORD)
        admin.mfa_secret, admin.mfa_enabled = totp.new_secret(), True
        db.session.commit()
        return SimpleNamespace(url=live_server, secret=admin.mfa_secret)


def test_un_admin_ticks_the_states_of_a_partnership(page, admin_server):
    world = admin_server
    sign_in_with_code(page, world.url, "un.admin@example.org", world.secret)
    page.goto(world.url + "/training/partnerships/new")
    trainees = page.get_by_role("group", name="Trainee states", exact=True)
    partners = page.get_by_role("group", name="Partner states (trainers, equipment)", exact=True)
    donors = page.get_by_role("group", name="Donor states", exact=True)
    assert donors.locator("[data-picker-chosen]").inner_text() == "Chosen: none"

    page.get_by_label("Code").fill("TPP-1")
    page.get_by_label("Name").fill("Engineers")
    page.get_by_label("Start").fill("2025-01-01")
    find = page.get_by_label("Find a trainee state")
    find.fill("KÉN")  # accents and case ignored
    assert trainees.get_by_label("Kenya").is_visible()
    assert not trainees.get_by_label("Ghana").is_visible()
    assert partners.get_by_label("Ghana").is_visible()  # each list filters alone
    trainees.get_by_label("Kenya").check()
    find.fill("zz")
    assert trainees.get_by_text("Nothing matches.").is_visible()
    find.press("Enter")  # does not submit the form
    assert page.url.endswith("/training/partnerships/new")
    find.fill("")
    trainees.get_by_label("Ghana").check()
    partners.get_by_label("Kenya").check()
    assert trainees.locator("[data-picker-chosen]").inner_text() == "Chosen: Ghana, Kenya"
    assert partners.locator("[data-picker-chosen]").inner_text() == "Chosen: Kenya"

    with page.expect_navigation():
        page.get_by_role("button", name="Create partnership").click()
    assert partners.get_by_text("A state cannot be both trainee and partner.").is_visible()
    assert trainees.locator("input[type=checkbox]").first.get_attribute("value") == \
        trainees.get_by_label("Ghana").get_attribute("value")  # the ticked lead the list
    assert trainees.get_by_label("Ghana").is_checked() and trainees.get_by_label("Kenya").is_checked()
    assert trainees.locator("[data-picker-chosen]").inner_text() == "Chosen: Ghana, Kenya"

    partners.get_by_label("Kenya").uncheck()
    page.get_by_label("Find a partner state").fill("jap")
    partners.get_by_label("Japan").check()
    assert partners.locator("[data-picker-chosen]").inner_text() == "Chosen: Japan"
    with page.expect_navigation():
        page.get_by_role("button", name="Create partnership").click()
    assert "Partnership created." in page.locator("main").inner_text()
    for name in ("Ghana", "Kenya", "Japan"):
        assert name in page.locator("main").inner_text()


def test_without_javascript_the_whole_list_posts(admin_server):
    """No script: no filter box and no summary, the plain list of checkboxes, which posts."""
    import shutil

    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_ARGS

    world = admin_server
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_context(locale="en-GB", java_script_enabled=False).new_page()
        page.set_default_timeout(15000)
        sign_in_with_code(page, world.url, "un.admin@example.org", world.secret)
        page.goto(world.url + "/training/partnerships/new")
        assert not page.get_by_label("Find a trainee state").is_visible()
        assert not page.locator("[data-picker-chosen]").first.is_visible()
        page.get_by_label("Code").fill("TPP-2")
        page.get_by_label("Name").fill("Medics")
        page.get_by_label("Start").fill("2025-01-01")
        page.get_by_role("group", name="Trainee states").get_by_label("Norway").check()
        page.get_by_role("group", name="Partner states (trainers, equipment)") \
            .get_by_label("Brazil").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Create partnership").click()
        assert "Partnership created." in page.locator("main").inner_text()
        browser.close()
