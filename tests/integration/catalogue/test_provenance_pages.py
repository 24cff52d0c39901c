"""The catalogue pages say where each fact comes from: sources, what they do not confirm, design
choices that are not UN practice, corrections, withdrawn versions; in English and in French.
Read-only: the tests share one database holding the real catalogue."""
import re

import pytest

from tests.factories_catalogue import REAL_CURRICULA, loaded_app


@pytest.fixture(scope="module")
def real_app():
    yield from loaded_app(REAL_CURRICULA)


@pytest.fixture
def client(real_app):
    return real_app.test_client()


def words(response) -> str:
    assert response.status_code == 200, response.status_code
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


def test_a_standard_names_its_sources_and_its_corrections(client):
    page = words(client.get("/catalogue/standards/CPTM-M2"))
    section = page[page.index("Where this comes from"):page.index("Versions")]
    assert "UN CPTM 2025, Module 2 – Lesson 2.5: Protection from Conflict-Related Sexual " \
           "Violence , UN Department of Peace Operations, Integrated Training Service , 2025." in section
    assert "In the source: Lesson 2.5; minimum lesson duration 45 minutes" in section
    assert "What the sources do not confirm: Only lesson 2.5 was found" in section
    assert "Design choice of this catalogue, not UN practice: The catalogue takes 1 July 2025" in section
    assert "2026-12-06 : Conflict-related sexual violence is lesson 2.5" in section
    html = client.get("/catalogue/standards/CPTM-M2").get_data(as_text=True)
    assert 'href="https://www.scribd.com/document/941899233/M2-Lesson-2-5-Protection-From-CRSV-Lesson"' in html
    assert 'href="/catalogue/sources#CPTM-2025-L2-5"' in html


def test_a_withdrawn_version_says_so_and_points_to_its_replacement(client):
    page = words(client.get("/catalogue/standards/FA-BFAC?version=2019"))
    assert "Withdrawn." in page and "Replaced by FA-BFAC@2018" in page
    current = words(client.get("/catalogue/standards/FA-BFAC"))
    assert "Version 2018" in current and "M – Controlling Massive Bleeding" in current
    assert "not stated in the sources" in current  # module durations the handbook does not give


def test_an_entry_without_a_public_source_says_why(client):
    page = words(client.get("/catalogue/standards/TOT-UNIT-EVAL"))
    assert "No public source was found. The UN leaves the evaluation of a unit's readiness" in page
    assert "Design choice of this catalogue, not UN practice: A design choice" in page


def test_a_profile_shows_its_sets_and_its_design_choices(client):
    page = words(client.get("/catalogue/profiles/INF-BN-L3"))
    assert "Shared requirement sets it includes" in page
    assert "Every military unit: core training, SEA, first aid" in page
    assert "Extra training at Level 3 is the catalogue's choice, not UN practice" in page
    rows = client.get("/catalogue/profiles/INF-BN-L3").get_data(as_text=True)
    body = rows[rows.index('id="required-standards"'):]
    assert body.count("badge text-bg-info") >= 4  # CIED-TM, CIED-CMD, RTP-POC, GENDER-ENG
    assert "POC-1" not in body and "SEA-1" not in body  # required once, inside the CPTM / PSEA


def test_the_sources_page_lists_every_source_and_who_cites_it(client):
    page = words(client.get("/catalogue/sources"))
    assert "56 sources" in page
    assert "DPKO/DFS Guidelines: Operational Readiness Preparation for Troop Contributing " \
           "Countries in Peacekeeping Missions , UN Department of Peacekeeping Operations and " \
           "Department of Field Support, Office of Military Affairs , 2018-12 ( Ref. 2018.29 )." in page
    html = client.get("/catalogue/sources").get_data(as_text=True)
    assert 'id="LONDON-2016"' in html
    assert 'href="/catalogue/standards/UNIT-EVAL?version=2018"' in html


def test_gender_targets_name_their_sources(client):
    page = words(client.get("/catalogue/gender-targets"))
    assert "2022, Formed police units: 12% — " in page
    assert "The 2022 target of 12% comes from the catalogue review" in page
    assert "justice and corrections personnel, but no figure was found" in page
    assert "Design choice of this catalogue, not UN practice: Starting the line" in page


def test_provenance_in_french(client):
    assert client.post("/lang/fr").status_code == 302
    page = words(client.get("/catalogue/standards/CPTM-M2"))
    assert "D'où cela provient" in page and "Dans la source :" in page
    assert "Choix de conception du catalogue, et non pratique de l'ONU :" in page
    assert "Le catalogue retient le 1er juillet 2025" in page
    assert "la leçon 2.5, « Protection contre les violences sexuelles liées aux conflits »" in page
    assert "Sources du catalogue" in words(client.get("/catalogue/sources"))


def test_individual_profiles_clear_people_without_a_pcrs_level(client):
    page = words(client.get("/catalogue/profiles/IPO-AMS"))
    assert "What clears individually deployed personnel of category" in page
    assert "have no PCRS level" in page and "Assessment for Mission Service" in page
    assert "Unit certificate" not in page and "None" not in page
    grid = words(client.get("/catalogue/profiles"))
    assert "IPO-AMS" in grid and "IPO-L2" not in grid
    assert "cleared for deployment by this profile: no PCRS level" in grid
    commanders = words(client.get("/catalogue/profiles/INF-BN-L2"))
    assert "every commander" in commanders and "the National Investigation Officers counted" \
        in commanders
    assert "An officer counts only when holding the NIO course as well as the appointment." \
        in commanders
