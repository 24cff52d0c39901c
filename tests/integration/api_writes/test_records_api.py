"""POST /api/v1/languages and /api/v1/units/<id>/screenings: the person and unit pages'
services, all or nothing, scoped like the pages."""
from datetime import date, timedelta

import pytest

from app.auth.models import Role
from app.units.models import LanguageProficiency, ScreeningAttestation


@pytest.fixture
def ids(make_person, make_unit, settle):
    from types import SimpleNamespace

    values = SimpleNamespace(ken=[make_person("KEN").id, make_person("KEN").id],
                             gha=make_person("GHA").id, unit=make_unit("KEN").id,
                             gha_unit=make_unit("GHA").id)
    settle()
    return values


def language(person_id, **kw):
    values = dict(person_id=person_id, language="fr", level=3, assessed_by="UN LPE",
                  assessed_on="2026-01-10", valid_until="2028-01-09")
    values.update(kw)
    return values


def test_record_languages_and_retry(api, ids, count, audit_actions):
    client = api(Role.CENTRE_REGISTRAR)
    body = {"records": [language(ids.ken[0]), language(ids.ken[1], language="en", level=4,
                                                       valid_until=None)]}
    first = client.post("/api/v1/languages", body, key="lang-1")
    assert first.status_code == 201 and first.get_json()["recorded"] == 2
    assert client.post("/api/v1/languages", body, key="lang-1").get_json() == first.get_json()
    assert count(LanguageProficiency) == 2
    assert audit_actions() == ["language.record", "language.record"]


TOMORROW = object()  # resolved when the test runs


@pytest.mark.parametrize("change, field, code", [
    (dict(language="de"), "language", "bad_language"),
    (dict(assessed_on=TOMORROW, valid_until=None), "assessed_on", "future_date"),
    (dict(valid_until="2026-01-09"), "valid_until", "bad_dates"),
    (dict(assessed_by="   "), "assessed_by", "required"),
])
def test_language_refusals_name_the_item(api, ids, count, change, field, code):
    from app.timeutil import today

    # the app's tomorrow when the test runs, not when it was collected (a run crossing
    # midnight sent today's date)
    change = {k: (today() + timedelta(days=1)).isoformat() if v is TOMORROW else v
              for k, v in change.items()}
    client = api(Role.CENTRE_REGISTRAR)
    body = {"records": [language(ids.ken[0]), language(ids.ken[1], **change)]}
    response = client.post("/api/v1/languages", body)
    assert response.status_code == 422
    assert [(p["item"], p["field"], p["code"]) for p in response.get_json()["problems"]] == \
        [(1, field, code)]
    assert count(LanguageProficiency) == 0


def test_language_boundaries(api, ids, count):
    client = api(Role.CENTRE_REGISTRAR)
    for bad in (dict(level=0), dict(level=5), dict(assessed_by="x" * 61)):
        assert client.post("/api/v1/languages",
                           {"records": [language(ids.ken[0], **bad)]}).status_code == 400
    ok = [language(ids.ken[0], level=1, assessed_by="x" * 60, valid_until="2026-01-10",
                   assessed_on="2026-01-10"),
          language(ids.ken[1], level=4, assessed_on=date.today().isoformat(), valid_until=None)]
    assert client.post("/api/v1/languages", {"records": ok}).status_code == 201
    assert count(LanguageProficiency) == 2


def test_another_states_person_is_unknown(api, ids, count, audit_actions):
    client = api(Role.CENTRE_REGISTRAR)
    response = client.post("/api/v1/languages",
                           {"records": [language(ids.ken[0]), language(ids.gha),
                                        language(987654)]})
    assert [(p["item"], p["code"]) for p in response.get_json()["problems"]] == \
        [(1, "unknown_person"), (2, "unknown_person")]
    for role in (Role.UN_OFFICER, Role.PARTNER_TRAINER, Role.TOT_TRAINER):
        assert api(role).post("/api/v1/languages",
                              {"records": [language(ids.ken[0])]}).status_code == 403
    assert count(LanguageProficiency) == 0 and set(audit_actions()) <= {"access.denied"}


def test_file_a_screening_attestation(api, ids, count, audit_actions):
    client = api(Role.CERTIFYING_OFFICER)
    url = f"/api/v1/units/{ids.unit}/screenings"
    body = {"rotation": "R4", "status": "cleared", "attested_on": date.today().isoformat()}
    first = client.post(url, body, key="scr")
    assert first.status_code == 201
    assert {k: first.get_json()[k] for k in ("unit_id", "rotation", "status")} == \
        {"unit_id": ids.unit, "rotation": "R4", "status": "cleared"}
    assert client.post(url, body, key="scr").get_json() == first.get_json()
    assert count(ScreeningAttestation) == 1 and audit_actions() == ["screening.record"]
    detail = client.get(f"/api/v1/units/{ids.unit}").get_json()
    assert [s["rotation"] for s in detail["screenings"]] == ["R4"]


def test_screening_refusals_and_tenancy(api, ids, count):
    client = api(Role.CENTRE_REGISTRAR)
    url = f"/api/v1/units/{ids.unit}/screenings"
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    future = client.post(url, {"rotation": "R4", "status": "cleared", "attested_on": tomorrow})
    assert future.status_code == 422
    assert future.get_json()["problems"][0]["code"] == "future_date"
    for bad in ({"rotation": "R4", "status": "suspected", "attested_on": "2026-01-01"},
                {"rotation": "x" * 41, "status": "cleared", "attested_on": "2026-01-01"},
                {"rotation": "R4", "status": "cleared", "attested_on": "2026-01-01",
                 "allegation": "details"}):
        assert client.post(url, bad).status_code == 400
    body = {"rotation": "R4", "status": "cleared", "attested_on": "2026-01-01"}
    assert client.post(f"/api/v1/units/{ids.gha_unit}/screenings", body).status_code == 404
    assert api(Role.UN_OFFICER).post(url, body).status_code == 403
    assert count(ScreeningAttestation) == 0
