"""POST /api/v1/units/<id>/roster and DELETE /api/v1/units/<id>/roster/<person_id>: the roster
import's rules from JSON, all or nothing, scoped like the pages, idempotent by key."""
from datetime import timedelta

import pytest

from app.auth.models import IdempotencyRecord, Role
from app.units.models import Membership, Person


def entry(n, **kw):
    values = dict(service_number=f"KA-{n:05d}", family_name=f"Otieno{n}", given_name="Grace",
                  rank="Capt", sex="F", personnel_category="military_contingent",
                  nationality="KEN", birth_on="1990-05-17", appointment="Platoon commander",
                  key_appointment=False, nio=False, start_on="2026-01-05", end_on=None)
    values.update(kw)
    return values


@pytest.fixture
def units(make_unit, settle):
    ids = {"ken": make_unit("KEN", name="KENBATT").id, "gha": make_unit("GHA").id}
    settle()
    return ids


def test_push_creates_people_and_roster_and_a_retry_changes_nothing(api, units, count,
                                                                     audit_actions):
    client = api(Role.CENTRE_REGISTRAR)
    body = {"people": [entry(1, key_appointment=True), entry(2, nio=True)]}
    first = client.post(f"/api/v1/units/{units['ken']}/roster", body, key="roster-1")
    assert first.status_code == 200, first.get_json()
    answer = first.get_json()
    assert (answer["people_new"], answer["members_new"]) == (2, 2)
    assert [p["service_number"] for p in answer["people"]] == ["KA-00001", "KA-00002"]
    assert count(Person) == 2 and count(Membership) == 2
    assert audit_actions() == ["roster.push"]

    again = client.post(f"/api/v1/units/{units['ken']}/roster", body, key="roster-1")
    assert again.status_code == 200 and again.get_json() == answer
    assert again.headers["Idempotent-Replayed"] == "true"
    assert count(Person) == 2 and audit_actions() == ["roster.push"]

    # the same data under a new key: nothing new (natural keys), an update counts what changed
    body["people"][1]["appointment"] = "Investigator"
    third = client.post(f"/api/v1/units/{units['ken']}/roster", body).get_json()
    assert (third["people_new"], third["members_new"], third["members_updated"]) == (0, 0, 1)
    detail = client.get(f"/api/v1/units/{units['ken']}").get_json()
    assert {r["appointment"] for r in detail["roster"]} == {"Platoon commander", "Investigator"}


def test_same_key_other_body_is_refused_and_writes_nothing(api, units, count):
    client = api(Role.CENTRE_REGISTRAR)
    url = f"/api/v1/units/{units['ken']}/roster"
    assert client.post(url, {"people": [entry(1)]}, key="k").status_code == 200
    other = client.post(url, {"people": [entry(2)]}, key="k")
    assert other.status_code == 422
    assert other.get_json()["problems"][0]["code"] == "idempotency_key_reused"
    assert count(Person) == 1


def test_keys_belong_to_each_user_and_expire(api, units, count, db):
    one, two = api(Role.CENTRE_REGISTRAR), api(Role.CERTIFYING_OFFICER)
    url = f"/api/v1/units/{units['ken']}/roster"
    assert one.post(url, {"people": [entry(1)]}, key="shared").status_code == 200
    assert two.post(url, {"people": [entry(2)]}, key="shared").status_code == 200
    assert count(Person) == 2
    record = db.session.scalar(db.select(IdempotencyRecord).filter_by(user_id=one.user.id))
    record.created_at -= timedelta(hours=24, seconds=1)  # kept 24 hours, then forgotten
    db.session.commit()
    fresh = one.post(url, {"people": [entry(3)]}, key="shared")
    assert fresh.status_code == 200 and "Idempotent-Replayed" not in fresh.headers
    assert count(Person) == 3


def test_a_key_is_required_and_bounded(api, units, count):
    client = api(Role.CENTRE_REGISTRAR)
    url = f"/api/v1/units/{units['ken']}/roster"
    for key in (None, "", "x" * 201, "with space", "é"):
        response = client.post(url, {"people": [entry(1)]}, key=key)
        assert response.status_code == 400, key
        assert response.get_json()["problems"][0]["code"] == "idempotency_key"
    assert client.post(url, {"people": [entry(1)]}, key="x" * 200).status_code == 200
    assert count(Person) == 1


def test_one_bad_item_refuses_the_batch_naming_every_item(api, units, count, audit_actions):
    client = api(Role.CENTRE_REGISTRAR)
    body = {"people": [entry(1), entry(2, sex="X"), entry(3, personnel_category="astronaut"),
                       entry(1, given_name="Twice"), entry(5, nationality="K1N"),
                       entry(6, start_on="2026-02-01", end_on="2026-01-31")]}
    response = client.post(f"/api/v1/units/{units['ken']}/roster", body)
    assert response.status_code == 422
    found = {(p["item"], p["field"], p["code"]) for p in response.get_json()["problems"]}
    assert found == {(1, "sex", "bad_sex"), (3, "service_number", "duplicate_in_file"),
                     (4, "nationality", "bad_iso3"), (5, "end_on", "end_before_start")}
    assert count(Person) == 0 and count(Membership) == 0 and audit_actions() == []
    # shape passes, then the records check: the unknown category is named too
    body["people"] = [entry(1), entry(3, personnel_category="astronaut")]
    response = client.post(f"/api/v1/units/{units['ken']}/roster", body)
    assert [(p["item"], p["code"]) for p in response.get_json()["problems"]] == \
        [(1, "unknown_category")]
    assert count(Person) == 0


def test_lengths_and_list_size_at_their_limits(api, units, count):
    client = api(Role.CENTRE_REGISTRAR)
    url = f"/api/v1/units/{units['ken']}/roster"
    too_long = client.post(url, {"people": [entry(1, family_name="x" * 101)]})
    assert too_long.status_code == 400
    assert too_long.get_json()["problems"][0] == {
        "item": 0, "field": "family_name", "code": "invalid",
        "message": too_long.get_json()["problems"][0]["message"]}
    assert client.post(url, {"people": []}).status_code == 400
    assert client.post(url, {"people": [entry(n) for n in range(1001)]}).status_code == 400
    assert count(Person) == 0
    assert client.post(url, {"people": [entry(1, family_name="x" * 100)]}).status_code == 200
    full = client.post(url, {"people": [entry(n) for n in range(1000)]})
    assert full.status_code == 200 and full.get_json()["people_new"] == 999
    assert count(Membership) == 1000


def test_malformed_bodies_are_400(api, units, count):
    client = api(Role.CENTRE_REGISTRAR)
    url = f"/api/v1/units/{units['ken']}/roster"
    for body in (None, [], "text", {"people": [entry(1)], "extra": 1},
                 {"people": [{**entry(1), "birth_on": "1990-02-30"}]},
                 {"people": [entry(1, family_name="Nul\x00")]},
                 {"people": [entry(1, family_name="Half \ud800")]}):
        assert client.post(url, body).status_code == 400, body
    assert count(Person) == 0


def test_tenancy_and_roles(api, units, count, audit_actions):
    ken = api(Role.CENTRE_REGISTRAR, "KEN")
    body = {"people": [entry(1)]}
    assert ken.post(f"/api/v1/units/{units['gha']}/roster", body).status_code == 404
    assert ken.post("/api/v1/units/987654/roster", body).status_code == 404
    assert ken.delete(f"/api/v1/units/{units['gha']}/roster/1").status_code == 404
    for role in (Role.UN_OFFICER, Role.UN_ADMIN, Role.PARTNER_TRAINER, Role.TOT_TRAINER):
        assert api(role).post(f"/api/v1/units/{units['ken']}/roster", body).status_code == 403
    assert count(Person) == 0 and count(Membership) == 0
    assert set(audit_actions()) <= {"access.denied"}
    assert api(Role.CERTIFYING_OFFICER).post(f"/api/v1/units/{units['ken']}/roster",
                                             body).status_code == 200


def test_anonymous_is_401(client, units):
    response = client.post(f"/api/v1/units/{units['ken']}/roster", json={"people": [entry(1)]},
                           headers={"Idempotency-Key": "k"})
    assert response.status_code == 401


def test_remove_from_roster_once(api, units, count, audit_actions):
    client = api(Role.CENTRE_REGISTRAR)
    pushed = client.post(f"/api/v1/units/{units['ken']}/roster",
                         {"people": [entry(1), entry(2)]}).get_json()
    person_id = pushed["people"][0]["person_id"]
    url = f"/api/v1/units/{units['ken']}/roster/{person_id}"
    assert client.delete(url, key=None).status_code == 400
    first = client.delete(url, key="remove-1")
    assert first.status_code == 200
    assert first.get_json() == {"unit_id": units["ken"], "person_id": person_id}
    again = client.delete(url, key="remove-1")
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert client.delete(url, key="remove-2").status_code == 404  # not on the roster any more
    assert count(Membership) == 1 and count(Person) == 2
    assert audit_actions() == ["roster.push", "membership.remove"]



def test_refusals_read_in_french(api, units):
    client = api(Role.CENTRE_REGISTRAR)
    response = client.post(f"/api/v1/units/{units['ken']}/roster",
                           {"people": [entry(1), entry(1)]}, extra={"Accept-Language": "fr"})
    assert response.status_code == 422
    assert response.get_json()["problems"][0]["message"] == \
        "la même personne figure déjà à l'élément 0"
    missing = client.post(f"/api/v1/units/{units['ken']}/roster", {"people": [entry(1)]},
                          key=None, extra={"Accept-Language": "fr"})
    assert missing.get_json()["message"].startswith("Envoyez un en-tête Idempotency-Key")
