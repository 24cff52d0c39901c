"""Public catalogue pages, in English and in French, with filters and search. Read-only: the
tests share one database holding the fixture catalogue."""
import re

import pytest

from tests.factories_catalogue import loaded_app


@pytest.fixture(scope="module")
def catalogue_app():
    yield from loaded_app()


@pytest.fixture
def client(catalogue_app):
    return catalogue_app.test_client()


@pytest.fixture
def french(client):
    assert client.post("/lang/fr").status_code == 302
    return client


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def standard_codes(html: str) -> list[str]:
    return re.findall(r'href="/catalogue/standards/([A-Z0-9-]+)[?"]', html)


def test_catalogue_lists_current_versions_grouped_by_category(client):
    html = text(client.get("/catalogue"))
    assert "Catalogue of standards" in html
    headings = re.findall(r'<h2 class="h4" id="cat-\d+">([^<]+)</h2>', html)
    assert headings == ["Core pre-deployment training",
                        "Prevention of sexual exploitation and abuse", "Training of trainers"]
    assert standard_codes(html) == ["CORE-1", "SEA-1", "SEA-CMD", "TOT-CORE"]
    assert "The 2017 module" not in html  # retired version hidden by default
    assert "4 standards" in html


def test_include_retired_shows_old_versions(client):
    html = text(client.get("/catalogue?include_retired=y"))
    assert "The 2017 module" in html and "5 standards" in html
    assert "Retired" in html


@pytest.mark.parametrize("query, expected", [
    ("category=sea", ["SEA-1", "SEA-CMD"]),
    ("audience=staff_officer", ["CORE-1", "SEA-1", "TOT-CORE"]),
    ("unit_type=formed_police_unit", ["CORE-1", "SEA-1", "SEA-CMD", "TOT-CORE"]),
    ("unit_type=infantry_battalion&category=sea", ["SEA-1", "SEA-CMD"]),
    ("edition=CPTM-2017", []),
    ("edition=CPTM-2017&include_retired=y", ["CORE-1"]),
    ("q=definitions", ["SEA-1"]),
    ("q=sea-cmd", ["SEA-CMD"]),
    ("q=commanders", ["SEA-CMD"]),
    ("q=nothing+matches+this", []),
    ("category=no-such-category", ["CORE-1", "SEA-1", "SEA-CMD", "TOT-CORE"]),
    ("category=%27%20OR%201%3D1--", ["CORE-1", "SEA-1", "SEA-CMD", "TOT-CORE"]),
    ("q=" + "x" * 500, ["CORE-1", "SEA-1", "SEA-CMD", "TOT-CORE"]),
])
def test_filters_and_search(client, query, expected):
    html = text(client.get(f"/catalogue?{query}"))
    assert standard_codes(html) == expected
    if not expected:
        assert "No standard matches these filters." in html


def test_filter_form_keeps_the_choice(client):
    html = text(client.get("/catalogue?category=sea&q=abuse"))
    assert '<option selected value="sea">' in html
    assert 'value="abuse"' in html


def test_catalogue_in_french(french):
    html = text(french.get("/catalogue"))
    assert '<html lang="fr">' in html
    assert "Catalogue des normes" in html                          # interface
    assert "Prévention de l&#39;exploitation et des atteintes sexuelles" in html  # taxonomy
    assert "Exploitation et atteintes sexuelles : définitions" in html            # content
    assert "Appliquer les filtres" in html and "Toutes les catégories" in html
    assert "Sexual exploitation and abuse: definitions" not in html


def test_french_search_ignores_accents(french):
    html = text(french.get("/catalogue?q=definitions"))
    assert standard_codes(html) == ["SEA-1"]
    assert standard_codes(text(french.get("/catalogue?q=responsabilit%C3%A9"))) == ["SEA-CMD"]


def test_standard_detail_shows_every_field(client):
    html = text(client.get("/catalogue/standards/CORE-1"))
    assert "Core module: UN peacekeeping overview" in html
    assert "Version 2025" in html
    for expected in ("Core pre-deployment training", "Core Pre-Deployment Training Materials, 2025",
                     "Military contingent member", "All unit types", "1 h 30 min",
                     "Test, pass mark 70%", "12 months", "Principles of peacekeeping",
                     "The legal framework", "standards/core.toml"):
        assert expected in html, expected
    assert 'href="/catalogue/standards/TOT-CORE"' in html                    # sign-off
    assert 'href="/catalogue/standards/CORE-1?version=2017"' in html         # versions + supersedes
    assert 'href="/catalogue/profiles/INF-L2"' in html and 'href="/catalogue/profiles/SO-L2"' in html


def test_standard_detail_older_version(client):
    html = text(client.get("/catalogue/standards/CORE-1?version=2017"))
    assert "The 2017 module" in html and "Retired" in html
    assert "See the current version (2025)" in html


def test_tot_standard_is_granted_by_the_centre(client):
    assert "Granted by the UN Training of Trainers Centre" in \
        text(client.get("/catalogue/standards/TOT-CORE"))


@pytest.mark.parametrize("url", ["/catalogue/standards/NOPE", "/catalogue/standards/CORE-1?version=1999",
                                 "/catalogue/profiles/NOPE"])
def test_unknown_is_404(client, url):
    assert client.get(url).status_code == 404


def test_profile_list_is_a_grid(client):
    html = text(client.get("/catalogue/profiles"))
    assert "Infantry battalion" in html and "Staff officer" in html
    assert re.findall(r"<th scope=\"col\">([^<]+)</th>", html)[1:] == [
        "Level 1", "Level 2", "Level 3", "Rapid Deployment Level"]
    assert 'href="/catalogue/profiles/INF-L2"' in html


def test_profile_detail_answers_what_a_battalion_needs_for_level_2(client):
    html = text(client.get("/catalogue/profiles/INF-L2"))
    assert "What a unit of type “Infantry battalion” must complete to reach Level 2." in html
    assert "At least one National Investigation Officer per 150 personnel" in html
    assert "Key appointments must reach at least UN level II in the mission's language" in html
    assert "A screening attestation (status and date only) must be on file." in html
    assert "At least 90% of the roster" in html
    assert standard_codes(html) == ["CORE-1", "SEA-1", "SEA-CMD"]
    assert "100% of the roster" in html          # SEA-1 states its own share
    assert "every key appointment" in html       # SEA-CMD, and CORE-1 and SEA-1 too
    assert "3 standards · minimum training time 3 h 45 min" in html


def test_profile_detail_in_french(french):
    html = text(french.get("/catalogue/profiles/INF-L2"))
    assert "Bataillon d&#39;infanterie — Niveau 2" in html
    assert "Au moins un enquêteur national pour 150 personnes" in html
    assert "niveau ONU II dans la langue de la mission" in html
    assert "Au moins 90\xa0% de l'effectif" in html  # French number format and wording


def test_gender_targets_marks_interpolated_years(client):
    html = text(client.get("/catalogue/gender-targets"))
    rows = re.findall(r"<tr><th scope=\"row\">(\d+)</th>(.*?)</tr>", html, flags=re.S)
    assert [year for year, _ in rows] == ["2025", "2026"]
    assert "12%" in rows[0][1] and "(interpolated)" not in rows[0][1]
    assert "22.7%" in rows[0][1]  # 22.7 / 100 is 0.22699999999999998 in binary
    assert "13%" in rows[1][1] and "(interpolated)" in rows[1][1]


def test_pages_need_no_login(client):
    for url in ("/catalogue", "/catalogue/standards/SEA-1", "/catalogue/profiles",
                "/catalogue/profiles/SO-L2", "/catalogue/gender-targets", "/"):
        assert client.get(url).status_code == 200, url


def test_home_and_error_pages_in_french(french):
    assert "Consulter le catalogue des normes" in text(french.get("/"))
    missing = french.get("/no/such/page")
    assert missing.status_code == 404 and "Page introuvable" in missing.get_data(as_text=True)


def test_unfiltered_form_shows_no_error(client):
    html = text(client.get("/catalogue"))
    assert "is-invalid" not in html
    assert "is-invalid" in text(client.get("/catalogue?category=bogus"))  # ignored, and shown
