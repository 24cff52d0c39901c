"""In a real browser: a Kenyan certifying officer (two-step sign-in) issues the unit
certificate, opens its PDF, sees it valid on the public verify page, revokes it, and the verify
page then says revoked, with the public reason."""
from types import SimpleNamespace

import pytest

from tests.browser.worlds import certifiable_battalion, sign_in_with_code
from tests.conftest import PASSWORD


@pytest.fixture
def world(live_app, live_server):
    """A Kenyan battalion whose two soldiers hold CD-1 (signed off by a qualified trainer); an
    L2 profile needing CD-1; a certifying officer enrolled in two-step verification."""
    from app.auth import totp
    from app.auth.models import Role
    from app.auth.services import create_user
    from app.extensions import db

    with live_app.app_context():
        ken_id, unit_id = certifiable_battalion(live_app, name="1st Kenya Battalion", soldiers=2)
        officer = create_user("certifier@example.org", Role.CERTIFYING_OFFICER, PASSWORD,
                              state_id=ken_id, display_name="Kenya certifying officer")
        officer.mfa_secret, officer.mfa_enabled = totp.new_secret(), True
        db.session.commit()
        return SimpleNamespace(url=live_server, unit_id=unit_id, secret=officer.mfa_secret)


def test_issue_open_verify_revoke(world, page):
    sign_in_with_code(page, world.url, "certifier@example.org", world.secret)
    page.click("nav >> text=Certificates")
    page.select_option("#unit_id", str(world.unit_id))
    page.click("text=Open unit certification")
    page.select_option("#u-level", "L2")
    page.click("#issue-unit")
    page.wait_for_load_state()
    assert "issued" in page.locator(".alert-success").inner_text()
    serial = page.locator("h1 small").inner_text()
    assert serial.startswith("KEN-")

    pdf_url = page.locator("#open-pdf").get_attribute("href")
    response = page.request.get(world.url + pdf_url)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    verify_url = page.locator("#verify-link").get_attribute("href")
    page.click("#verify-link")
    page.wait_for_url("**/verify/*")
    assert page.locator("[data-status]").get_attribute("data-status") == "valid"
    record = page.locator("#record").inner_text()
    assert serial in record and "1st Kenya Battalion" in record and "CD-1" in record
    assert "KE-SN-" not in page.content()  # no service numbers on the public page
    assert "Otieno" not in page.content()  # no roster either

    page.go_back()
    page.click("#revoke")  # asks first, on a page of its own
    page.wait_for_url("**/revoke")
    assert "is revoked for good" in page.locator("#confirm-what").inner_text()
    page.get_by_label("Public reason for revoking").select_option("issued_in_error")
    page.click("#confirm")
    page.wait_for_load_state()
    assert "Certificate updated." in page.locator("main").inner_text()

    page.goto(world.url + verify_url)
    assert page.locator("[data-status]").get_attribute("data-status") == "revoked"
    assert "Issued in error" in page.locator("#status-detail").inner_text()
