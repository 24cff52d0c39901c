"""The unit certification page and the API give the same answer, because both call the same
service; refusals name what is missing; the page shows everything needed to decide."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.pcrs.models import PcrsDecision
from app.timeutil import today


def page_form(unit, to_level, **extra):
    on = today()
    data = {"to_level": to_level, "decided_on": on.isoformat(), "expected_from": unit.pcrs_level,
            "aav_on": (on - timedelta(days=10)).isoformat(), "aav_outcome": "successful"}
    data.update(extra)
    return data


def api_body(to_level, **extra):
    on = today()
    body = {"to_level": to_level, "decided_on": on.isoformat(),
            "evidence": {"aav_on": (on - timedelta(days=10)).isoformat(),
                         "aav_outcome": "successful"}}
    body.update(extra)
    return body


@pytest.fixture
def two_units(world, make_unit, db):
    twin = make_unit("KEN", name="2 KENBATT")
    db.session.commit()
    return world.unit, twin


def keyed(token):
    """The bearer header and a fresh Idempotency-Key, as every API write takes."""
    import uuid

    return {**token, "Idempotency-Key": str(uuid.uuid4())}


def page_messages(html):
    import re

    block = html.split('id="decision-refused"', 1)[1].split("</div>", 1)[0]
    return [re.sub(r"\s+", " ", m).strip() for m in re.findall(r"<li>(.*?)</li>", block, re.S)]


def unescape(text):
    import html

    return html.unescape(text)


def test_page_and_api_refuse_alike_then_accept_alike(client, sign_in, bearer, world, two_units,
                                                     make_unit_certificate, db):
    by_page, by_api = two_units
    token = bearer(world.officer)
    sign_in(world.officer)
    page = client.post(f"/readiness/units/{by_page.id}/decisions", data=page_form(by_page, "L2"))
    api = client.post(f"/api/v1/units/{by_api.id}/pcrs-decisions", json=api_body("L2"),
                      headers=keyed(token))
    assert page.status_code == 422 and api.status_code == 422, api.get_data(as_text=True)
    assert [p["code"] for p in api.json["problems"]] == ["no_certificate"]
    assert [unescape(m) for m in page_messages(page.get_data(as_text=True))] == \
        [p["message"].replace(by_api.name, by_page.name) for p in api.json["problems"]]
    # one step at a time, the same on both
    page = client.post(f"/readiness/units/{by_page.id}/decisions", data=page_form(by_page, "L3"))
    api = client.post(f"/api/v1/units/{by_api.id}/pcrs-decisions", json=api_body("L3"),
                      headers=keyed(token))
    assert page.status_code == api.status_code == 422
    assert [unescape(m) for m in page_messages(page.get_data(as_text=True))] == \
        [p["message"] for p in api.json["problems"]]
    assert db.session.scalar(select(func.count(PcrsDecision.id))) == 0
    for unit in two_units:
        make_unit_certificate(unit, world.profiles["L2"], issued_on=today() - timedelta(30),
                              expires_on=today() + timedelta(300))
    db.session.commit()
    page = client.post(f"/readiness/units/{by_page.id}/decisions", data=page_form(by_page, "L2"))
    api = client.post(f"/api/v1/units/{by_api.id}/pcrs-decisions", json=api_body("L2"),
                      headers=keyed(token))
    assert page.status_code == 302 and api.status_code == 201
    assert api.json["to_level"] == "L2" and api.json["certificate_id"]
    db.session.expire_all()
    assert by_page.pcrs_level == by_api.pcrs_level == "L2"
    listed = client.get(f"/api/v1/units/{by_api.id}/pcrs-decisions", headers=token).json
    assert listed["pcrs_level"] == "L2" and len(listed["decisions"]) == 1
    history = client.get(f"/readiness/units/{by_page.id}").get_data(as_text=True)
    assert "pcrs-history" in history and "successful" in history


def test_refusals_are_audited_with_codes_only(client, sign_in, world, db):
    from app.audit.models import AuditEvent

    sign_in(world.officer)
    client.post(f"/readiness/units/{world.unit.id}/decisions", data=page_form(world.unit, "L2"))
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "pcrs.decision_refused"))
    assert event.details == {"unit_id": world.unit.id, "to": "L2",
                             "problems": ["no_certificate"]}


def test_api_rejects_malformed_bodies_and_extra_fields(client, bearer, world):
    token = bearer(world.officer)
    url = f"/api/v1/units/{world.unit.id}/pcrs-decisions"
    assert client.post(url, json={"to_level": "L9", "decided_on": "2025-01-01"},
                       headers=keyed(token)).status_code == 400
    extra = api_body("L2", pcrs_level="RDL", state_id=999)
    response = client.post(url, json=extra, headers=keyed(token))
    assert response.status_code == 400
    assert {p["params"]["field"] for p in response.json["problems"]} == {"pcrs_level", "state_id"}


@pytest.mark.parametrize("role", [Role.CENTRE_REGISTRAR, Role.CERTIFYING_OFFICER, Role.UN_ADMIN])
def test_other_roles_cannot_decide_on_page_or_api(client, sign_in, bearer, world, make_user,
                                                  role):
    user = make_user(role, state="KEN")
    token = bearer(user)
    sign_in(user)
    page = client.post(f"/readiness/units/{world.unit.id}/decisions",
                       data=page_form(world.unit, "L2"))
    api = client.post(f"/api/v1/units/{world.unit.id}/pcrs-decisions", json=api_body("L2"),
                      headers=keyed(token))
    assert page.status_code == api.status_code == 403


def test_state_staff_see_their_units_page_without_the_form_and_not_others(
        client, sign_in, bearer, world, make_user, make_unit, settle):
    foreign_id, own_id = make_unit("GHA", name="GHANBATT").id, world.unit.id
    officer = make_user(Role.CERTIFYING_OFFICER, state="KEN")
    token = bearer(officer)
    sign_in(officer)
    settle()
    own = client.get(f"/readiness/units/{own_id}")
    assert own.status_code == 200
    assert "decision-form" not in own.get_data(as_text=True)
    assert client.get(f"/readiness/units/{foreign_id}").status_code == 404
    assert client.get(f"/api/v1/units/{foreign_id}/pcrs-decisions",
                      headers=token).status_code == 404
    assert client.get(f"/api/v1/units/{own_id}/pcrs-decisions",
                      headers=token).status_code == 200


def test_unit_page_shows_gate_certificates_screening_and_nio(client, sign_in, world,
                                                             make_unit_certificate, db):
    from app.units.models import ScreeningAttestation

    cert = make_unit_certificate(world.unit, world.profiles["L2"], status="suspended",
                                 expires_on=today() + timedelta(100))
    db.session.add(ScreeningAttestation(state_id=world.unit.state_id, unit_id=world.unit.id,
                                        rotation="R1", status="cleared",
                                        attested_on=today() - timedelta(3)))
    db.session.commit()
    sign_in(world.officer)
    html = client.get(f"/readiness/units/{world.unit.id}").get_data(as_text=True)
    assert 'id="gate-problems"' in html and cert.serial in html and "suspended" in html
    assert "cleared" in html and 'id="nio-status"' in html
    assert 'id="decision-form"' in html
