"""In a real browser: sign in as a UN administrator, enrol two-step verification with the key
shown on the page, reach the account page, sign out."""
import pyotp

from app.auth.models import Role
from app.auth.services import create_user
from app.extensions import db

PASSWORD = "browser test passphrase 2026"


def test_sign_in_enrol_mfa_and_sign_out(live_app, live_server, page):
    with live_app.app_context():
        create_user("admin@browser.example.org", Role.UN_ADMIN, PASSWORD)
        db.session.commit()
    page.goto(live_server + "/auth/login")
    page.get_by_label("Email").fill("admin@browser.example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/auth/mfa/enrol")
    assert page.locator("img[src^='data:image/svg+xml']").is_visible()
    page.goto(live_server + "/auth/account")  # not signed in yet
    assert "/auth/login" in page.url
    page.goto(live_server + "/auth/mfa/enrol")
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("6-digit code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-step verification").click()
    page.wait_for_url(live_server + "/home")
    page.goto(live_server + "/auth/account")
    assert page.locator("h1").inner_text() == "My account"
    page.click("#logout")
    page.wait_for_load_state()
    page.goto(live_server + "/auth/account")
    assert "/auth/login" in page.url
