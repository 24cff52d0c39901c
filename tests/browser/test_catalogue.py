"""The public catalogue in a real browser: it renders, a filter works, French shows French."""
import re

import pytest

from tests.factories_catalogue import REAL_CURRICULA, ensure_translations, load


@pytest.fixture
def catalogue_server(live_app, live_server):
    ensure_translations()
    with live_app.app_context():
        load(REAL_CURRICULA)
    return live_server


def codes_on(page) -> list[str]:
    hrefs = page.locator("main table a[href^='/catalogue/standards/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    return [re.sub(r"^/catalogue/standards/|\?.*$", "", h) for h in hrefs]


def test_catalogue_renders_filters_and_switches_to_french(catalogue_server, page):
    page.goto(catalogue_server + "/catalogue")
    assert page.locator("h1").inner_text() == "Catalogue of standards"
    everything = codes_on(page)
    assert len(everything) >= 60
    assert page.locator("main h2").count() >= 10  # one heading per category

    page.select_option("#category", "sea")
    page.click("#apply-filters")
    page.wait_for_url(re.compile(r"category=sea"))
    sea = codes_on(page)
    assert sea == ["PSEA", "PSEA-CMD"]  # the withdrawn SEA-1..SEA-CMD are not current
    assert len(sea) < len(everything)
    assert page.locator("#category").input_value() == "sea"

    page.fill("#q", "commander")
    page.click("#apply-filters")
    page.wait_for_url(re.compile(r"q=commander"))
    assert codes_on(page) == ["PSEA-CMD"]

    page.click("#lang-switch")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Catalogue des normes"
    assert page.locator("#apply-filters").inner_text() == "Appliquer les filtres"
    assert "category=sea" in page.url  # the switch keeps the filters
    page.fill("#q", "")
    page.click("#apply-filters")
    page.wait_for_url(re.compile(r"category=sea"))
    body = page.locator("main").inner_text()
    assert "Prévention de l'exploitation et des atteintes sexuelles" in body
    assert "responsabilités de commandement et de gestion" in body


def test_profile_page_answers_level_2_for_an_infantry_battalion(catalogue_server, page):
    page.goto(catalogue_server + "/catalogue/profiles")
    page.click("a[href='/catalogue/profiles/INF-BN-L2']")
    page.wait_for_url(re.compile(r"/catalogue/profiles/INF-BN-L2$"))
    assert "Level 2" in page.locator("h1").inner_text()
    assert page.locator("#required-standards tbody tr").count() >= 10
    assert "National Investigation Officer per 150" in page.locator("#profile-rules").inner_text()
