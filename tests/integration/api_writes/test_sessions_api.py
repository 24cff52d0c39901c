"""POST /api/v1/sessions and /api/v1/sessions/<id>/attendees: the page's services and choices,
standards by code (the version current during the session unless named), all or nothing."""
from datetime import date
from types import SimpleNamespace

import pytest

from app.auth.models import Role
from app.training.models import CourseSession, SessionAttendee


@pytest.fixture
def world(make_state, make_standard, make_person, make_qualification, make_centre, make_unit,
          settle):
    make_standard("CD-1", "2017", retired_on=date(2025, 6, 30))
    make_standard("CD-1", "2025", effective_on=date(2025, 7, 1))
    make_standard("TOT-1", "2020", category="tot", sign_off="tot_centre")
    trainer, unqualified = make_person("KEN"), make_person("KEN")
    make_qualification(trainer, "TOT-CPTM", date(2024, 1, 1), date(2027, 12, 31))
    gha_trainer = make_person("GHA")
    make_qualification(gha_trainer, "TOT-CPTM", date(2024, 1, 1), date(2027, 12, 31))
    people = [make_person("KEN"), make_person("KEN")]
    gha = make_person("GHA")
    make_centre("IPSTC", "KEN")
    from app.training.models import SessionStandard

    gha_session = CourseSession(state_id=make_state("GHA").id, title="GHA course",
                                start_on=date(2025, 3, 3), end_on=date(2025, 3, 7), language="en")
    from app.extensions import db

    db.session.add(gha_session)
    db.session.flush()
    db.session.add(SessionStandard(session_id=gha_session.id,
                                   standard_id=make_standard("CD-1", "2017").id))
    ids = SimpleNamespace(trainer=trainer.id, unqualified=unqualified.id,
                          gha_trainer=gha_trainer.id, people=[p.id for p in people], gha=gha.id,
                          gha_session=gha_session.id)
    settle()
    return ids


def session(world, **kw):
    body = dict(title="PDT rotation 4", start_on="2025-03-03", end_on="2025-03-07",
                language="en", centre="IPSTC", standards=[{"code": "CD-1"}],
                trainers=[world.trainer], attendees=world.people)
    body.update(kw)
    return body


def test_create_a_session_with_trainers_and_attendees(api, world, count, audit_actions):
    client = api(Role.CENTRE_REGISTRAR)
    first = client.post("/api/v1/sessions", session(world), key="s-1")
    assert first.status_code == 201, first.get_json()
    answer = first.get_json()
    assert answer["standards"] == [{"code": "CD-1", "version": "2017"}]
    assert (answer["state"], answer["centre"], answer["trainers"], answer["attendees"]) == \
        ("KEN", "IPSTC", [world.trainer], sorted(world.people))
    assert audit_actions() == ["session.create", "session.attendees_add"]
    again = client.post("/api/v1/sessions", session(world), key="s-1")
    assert again.status_code == 201 and again.get_json() == answer
    assert count(CourseSession) == 2 and audit_actions()[-1] == "session.attendees_add"
    # after 2025-06-30 the current version is 2025
    later = client.post("/api/v1/sessions", session(world, start_on="2025-07-01",
                                                    end_on="2025-07-02")).get_json()
    assert later["standards"] == [{"code": "CD-1", "version": "2025"}]


@pytest.mark.parametrize("change, item, field, code", [
    ({"standards": [{"code": "CD-1"}, {"code": "NOPE"}]}, 1, "standards", "unknown_standard"),
    ({"standards": [{"code": "CD-1", "version": "1999"}]}, 0, "standards", "unknown_standard"),
    # the session spans the day 2017 retires and 2025 takes over: neither is current throughout
    ({"start_on": "2025-06-30", "end_on": "2025-07-01"}, 0, "standards", "unknown_standard"),
    ({"standards": [{"code": "CD-1", "version": "2017"}], "start_on": "2025-07-01",
      "end_on": "2025-07-01"}, None, "standard_ids", "not_current"),
    ({"end_on": "2025-03-02"}, None, "end_on", "bad_dates"),
    ({"language": "xx"}, None, "language", "bad_language"),
    ({"centre": "NOPE"}, None, "centre", "unknown_centre"),
    ({"partnership_id": 987654}, None, "partnership_id", "unknown_partnership"),
    ({"standards": [{"code": "TOT-1"}]}, None, "standard_ids", "tot_mismatch"),
])
def test_refusals_name_the_item_and_write_nothing(api, world, count, audit_actions, change,
                                                  item, field, code):
    client = api(Role.CENTRE_REGISTRAR)
    response = client.post("/api/v1/sessions", session(world, **change))
    assert response.status_code == 422, response.get_json()
    assert [(p["item"], p["field"], p["code"]) for p in response.get_json()["problems"]] == \
        [(item, field, code)]
    assert count(CourseSession) == 1 and audit_actions() == []


def test_trainers_and_attendees_are_the_pages_choices(api, world, count):
    client = api(Role.CENTRE_REGISTRAR)
    body = session(world, trainers=[world.trainer, world.unqualified, world.gha_trainer],
                   attendees=[world.people[0], world.gha, 987654])
    problems = client.post("/api/v1/sessions", body).get_json()["problems"]
    assert [(p["item"], p["field"], p["code"]) for p in problems] == [
        (1, "trainers", "unknown_trainer"), (2, "trainers", "unknown_trainer"),
        (1, "attendees", "unknown_person"), (2, "attendees", "unknown_person")]
    assert count(CourseSession) == 1 and count(SessionAttendee) == 0


def test_enrol_attendees(api, world, count, audit_actions):
    client = api(Role.CENTRE_REGISTRAR)
    created = client.post("/api/v1/sessions", session(world, attendees=[])).get_json()
    url = f"/api/v1/sessions/{created['id']}/attendees"
    first = client.post(url, {"person_ids": world.people}, key="enrol")
    assert first.status_code == 200
    assert (first.get_json()["added"], first.get_json()["attendees"]) == (2, sorted(world.people))
    assert client.post(url, {"person_ids": world.people}, key="enrol").get_json() == \
        first.get_json()
    assert client.post(url, {"person_ids": world.people}).get_json()["added"] == 0
    refused = client.post(url, {"person_ids": [world.people[0], world.gha]})
    assert refused.status_code == 422 and refused.get_json()["problems"][0]["item"] == 1
    assert client.post(url, {"person_ids": []}).status_code == 400
    assert client.post(url, {"person_ids": list(range(1, 1002))}).status_code == 400
    assert count(SessionAttendee) == 2
    assert audit_actions() == ["session.create", "session.attendees_add"]


def test_tenancy_and_roles(api, world, count, audit_actions):
    ken = api(Role.CENTRE_REGISTRAR)
    url = f"/api/v1/sessions/{world.gha_session}/attendees"
    assert ken.post(url, {"person_ids": world.people}).status_code == 404
    assert ken.post("/api/v1/sessions/987654/attendees",
                    {"person_ids": world.people}).status_code == 404
    gha = api(Role.CENTRE_REGISTRAR, "GHA")
    assert gha.post("/api/v1/sessions", session(world)).status_code == 422  # KEN's people
    for role in (Role.UN_OFFICER, Role.UN_ADMIN, Role.PARTNER_TRAINER, Role.TOT_TRAINER):
        assert api(role).post("/api/v1/sessions", session(world)).status_code == 403
    assert count(CourseSession) == 1 and count(SessionAttendee) == 0
    assert set(audit_actions()) <= {"access.denied"}
    assert api(Role.CERTIFYING_OFFICER).post("/api/v1/sessions",
                                             session(world)).status_code == 201


def test_trainers_of_the_callers_state_by_id(api, world):
    listing = api(Role.CENTRE_REGISTRAR).get("/api/v1/trainers").get_json()
    assert [(t["person_id"], t["state"]) for t in listing["trainers"]] == [(world.trainer, "KEN")]
    assert listing["trainers"][0]["qualifications"][0]["code"] == "TOT-CPTM"
    assert "given_name" not in str(listing) and "family_name" not in str(listing)
    assert {t["state"] for t in api(Role.UN_OFFICER).get("/api/v1/trainers")
            .get_json()["trainers"]} == {"KEN", "GHA"}
