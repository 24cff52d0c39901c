"""GET /api/v1/units/<id>/readiness: same verdict as the page, scoped, ids not names."""
from app.auth.models import Role
from tests.factories_readiness import ON


def test_readiness_api_returns_verdict_and_cells(client, db, make_user, login_as,
                                                 readiness_world):
    w = readiness_world(size=4, keys=1, codes=("CD-1", "SEA-1"), share=0.75)
    w.give_all(["CD-1"])
    db.session.commit()
    login_as(make_user(Role.CENTRE_REGISTRAR, state="KEN"))
    body = client.get(f"/api/v1/units/{w.unit.id}/readiness?on={ON.isoformat()}").get_json()
    assert body["certifiable"] is False and body["level"] == "L2"
    assert body["profile"]["code"] == w.profile.code and body["roster_size"] == 4
    codes = {r["code"] for r in body["reasons"]}
    assert codes == {"coverage_short", "key_appointment_incomplete"}
    short = next(r for r in body["reasons"] if r["code"] == "coverage_short")
    assert (short["standard"], short["have"], short["need"]) == ("SEA-1", 0, 3)
    assert "SEA-1: 0 of 4 people hold it; 3 are needed." == short["message"]
    assert {c["standard"]: (c["holding"], c["required"]) for c in body["coverage"]} == \
        {"CD-1": (4, 3), "SEA-1": (0, 3)}
    cells = {c["standard"]: c["status"] for c in body["people"][0]["cells"]}
    assert cells == {"CD-1": "valid", "SEA-1": "missing"}
    text = client.get(f"/api/v1/units/{w.unit.id}/readiness").get_data(as_text=True)
    assert "Family0000" not in text and w.people[0].service_number not in text


def test_readiness_api_level_without_profile_and_bad_input(client, db, make_user, login_as,
                                                           readiness_world):
    w = readiness_world(size=1)
    db.session.commit()
    login_as(make_user(Role.UN_OFFICER))
    body = client.get(f"/api/v1/units/{w.unit.id}/readiness?level=RDL").get_json()
    assert body["profile"] is None and body["certifiable"] is False and body["people"] == []
    for query in ("level=L9", "on=2026-02-30", "on=1800-01-01", "on=x"):
        response = client.get(f"/api/v1/units/{w.unit.id}/readiness?{query}")
        assert response.status_code == 400 and response.is_json


def test_readiness_api_is_scoped(client, db, make_user, login_as, readiness_world, settle):
    w = readiness_world(size=1, state="GHA")
    unit_id = w.unit.id
    settle()
    assert client.get(f"/api/v1/units/{unit_id}/readiness").status_code == 401
    login_as(make_user(Role.CENTRE_REGISTRAR, state="KEN"))
    assert client.get(f"/api/v1/units/{unit_id}/readiness").status_code == 404
    assert client.get("/api/v1/units/999999/readiness").status_code == 404


def test_partner_trainer_may_not_read_readiness(client, db, make_user, login_as,
                                                readiness_world):
    w = readiness_world(size=1)
    db.session.commit()
    login_as(make_user(Role.PARTNER_TRAINER, state="JPN"))
    assert client.get(f"/api/v1/units/{w.unit.id}/readiness").status_code == 403


def test_openapi_documents_readiness(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/units/{unit_id}/readiness"]["get"]
    assert operation["responses"]["200"]
    assert "UnitReadinessOut" in spec["components"]["schemas"]
