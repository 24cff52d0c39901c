"""The navigation fits on one line at 1,366 px wide, for every role, in English and in French,
on every page it leads to (the current page's link is bold, so a little wider): measured in
Chromium with the demo's users (their display names are shown in the bar too)."""
from types import SimpleNamespace

import pytest

from tests.conftest import PASSWORD

WIDTH = 1366
MEASURE_JS = """() => {
  const bar = document.querySelector('nav.navbar');
  const parts = [...bar.querySelectorAll('.navbar-brand, .nav-item, #lang-switch, #logout')];
  const tops = parts.map(p => Math.round(p.getBoundingClientRect().top));
  return {height: Math.round(bar.getBoundingClientRect().height),
          spread: Math.max(...tops) - Math.min(...tops),
          items: bar.querySelectorAll('.nav-item').length,
          need: Math.round(  // what the bar's parts take side by side
            [...bar.querySelectorAll('.navbar-brand, .nav-item, .container-fluid > div')]
            .reduce((sum, el) => sum + el.getBoundingClientRect().width, 0)),
          room: Math.round(bar.querySelector('.container-fluid').clientWidth),
          scroll: document.documentElement.scrollWidth};
}"""


@pytest.fixture
def users(live_app, live_server):
    """One demo user per role, with the demo's display name (two-step verification enrolled
    where the role needs it)."""
    import pyotp

    from app.auth.services import create_user
    from app.demo.users import USERS, _state
    from app.extensions import db

    out, seen = [], set()
    with live_app.app_context():
        for key, role, iso3, name in USERS:
            if role in seen:
                continue
            seen.add(role)
            user = create_user(f"{key}@example.org", role, PASSWORD,
                               state_id=_state(iso3).id if iso3 else None, display_name=name)
            if role.requires_mfa:
                user.mfa_secret, user.mfa_enabled = pyotp.random_base32(), True
            out.append(SimpleNamespace(role=role, email=user.email, secret=user.mfa_secret))
        db.session.commit()
    return SimpleNamespace(url=live_server, users=out)


def sign_in(page, base, user):
    from app.auth import totp
    from app.timeutil import utcnow

    page.goto(base + "/auth/login")
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    if user.secret:
        page.wait_for_url("**/auth/mfa")
        page.fill("#code", totp.code_at(user.secret, totp.step_at(utcnow().timestamp())))
        page.click("main button[type=submit]")
    page.wait_for_url(base + "/home")


def test_navigation_is_one_line_at_1366_px_for_every_role_in_both_languages(users, page):
    page.set_viewport_size({"width": WIDTH, "height": 768})
    wrapped, report = [], []
    for user in users.users:
        page.context.clear_cookies()
        sign_in(page, users.url, user)
        for lang in ("en", "fr"):
            if page.get_attribute("html", "lang") != lang:
                page.click("#lang-switch")
                page.wait_for_load_state()
            links = page.eval_on_selector_all("nav.navbar .nav-item a",
                                              "links => links.map(a => a.getAttribute('href'))")
            worst = None
            for href in ["/home", *links]:
                page.goto(users.url + href)
                found = page.evaluate(MEASURE_JS)
                if worst is None or found["need"] > worst[1]["need"]:
                    worst = (href, found)
                if found["spread"] > 20 or found["scroll"] > WIDTH:  # a second line is 40 px lower
                    wrapped.append(f"{user.role.value} {lang} {href}: {found}")
            report.append(f"{user.role.value:18} {lang}: {worst[1]['items']:2} links, "
                          f"{worst[1]['need']} of {worst[1]['room']} px used at most "
                          f"({worst[0]}), bar {worst[1]['height']} px high")
    print("\nnavigation at 1366 px:\n" + "\n".join(report))
    assert not wrapped, "the navigation wraps:\n" + "\n".join(wrapped)
