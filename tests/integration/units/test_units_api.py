"""GET /api/v1/units, /units/<id>, /units/<id>/completions: scoped like the pages, no personal
data, in the OpenAPI document."""
from datetime import date

import pytest

from app.auth.models import Role
from app.auth.tokens import create_api_token
from app.units.models import Membership


@pytest.fixture
def api(app, db, make_user):
    """api(role, state) -> a client function calling with that user's personal token."""
    def make(role, state="KEN"):
        user = make_user(role, state)
        _token, secret = create_api_token(user, "test")
        db.session.commit()
        client = app.test_client()
        return lambda url: client.get(url, headers={"Authorization": f"Bearer {secret}"})
    return make


@pytest.fixture
def units(db, make_unit, make_person, course, settle):
    """A KEN unit whose roster holds the course's first attendee (with one completion), and a
    GHA unit."""
    from app.training import services

    ken, gha = make_unit("KEN", name="KENBATT"), make_unit("GHA", name="GHANBATT")
    person = course.attendees[0]
    db.session.add(Membership(state_id=ken.state_id, unit_id=ken.id, person_id=person.id,
                              appointment="CO", is_key_appointment=True))
    services.record_result(course.session, person, course.standard, date(2025, 3, 4), True, 91,
                           course.trainer)
    ids = {"ken": ken.id, "gha": gha.id, "person": person.id, "sn": person.service_number,
           "family": person.family_name}
    settle()
    return ids


def test_registrar_sees_own_units_only(api, units):
    get = api(Role.CENTRE_REGISTRAR, "KEN")
    listing = get("/api/v1/units").get_json()
    assert [u["name"] for u in listing["units"]] == ["KENBATT"]
    assert listing["units"][0]["roster_size"] == 1 and listing["units"][0]["state"] == "KEN"
    assert get(f"/api/v1/units/{units['gha']}").status_code == 404
    assert get(f"/api/v1/units/{units['gha']}/completions").status_code == 404
    detail = get(f"/api/v1/units/{units['ken']}")
    assert detail.status_code == 200
    body = detail.get_data(as_text=True)
    assert units["sn"] not in body and units["family"] not in body  # people by opaque id only
    roster = detail.get_json()["roster"]
    assert roster == [{"person_id": units["person"], "appointment": "CO",
                       "key_appointment": True, "nio": False, "commander": False,
                       "start_on": None, "end_on": None}]


def test_completions_page(api, units):
    get = api(Role.CENTRE_REGISTRAR, "KEN")
    page = get(f"/api/v1/units/{units['ken']}/completions").get_json()
    assert page["total"] == 1
    assert page["completions"][0] | {"id": 0, "session_id": 0, "signed_off_by_id": 0} == {
        "id": 0, "person_id": units["person"], "standard": "CD-1", "version": "2017",
        "completed_on": "2025-03-04", "passed": True, "score": 91, "session_id": 0,
        "signed_off_by_id": 0}
    assert get(f"/api/v1/units/{units['ken']}/completions?limit=0").status_code == 400
    assert get(f"/api/v1/units/{units['ken']}/completions?offset=x").status_code == 400
    assert get(f"/api/v1/units/{units['ken']}/completions?offset=5").get_json()[
        "completions"] == []


def test_un_officer_sees_every_state_and_filters(api, units):
    get = api(Role.UN_OFFICER)
    assert {u["name"] for u in get("/api/v1/units").get_json()["units"]} == {"KENBATT",
                                                                              "GHANBATT"}
    assert [u["name"] for u in get("/api/v1/units?state=gha").get_json()["units"]] == [
        "GHANBATT"]


def test_other_roles_and_anonymous(app, api, units):
    assert api(Role.PARTNER_TRAINER, "JPN")("/api/v1/units").status_code == 403
    assert app.test_client().get("/api/v1/units").status_code == 401


def test_openapi_documents_the_units_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in ("/api/v1/units", "/api/v1/units/{unit_id}",
                 "/api/v1/units/{unit_id}/completions"):
        assert "get" in paths[path], path
