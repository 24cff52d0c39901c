"""PCRS decisions over the API take an Idempotency-Key like every other write (issue 20): a
retry changes nothing twice, a key reused for another body is refused, none is refused."""
from datetime import timedelta

from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.pcrs.models import PcrsDecision
from app.timeutil import today
from tests.integration.pcrs.test_pages_and_api import api_body


def count(db, model, *where):
    column = model.seq if model is AuditEvent else model.id
    return db.session.scalar(select(func.count(column)).where(*where))


def decisions(db):
    return count(db, PcrsDecision)


def events(db, action):
    return count(db, AuditEvent, AuditEvent.action == action)


def certify(world, make_unit_certificate, db):
    make_unit_certificate(world.unit, world.profiles["L2"], issued_on=today() - timedelta(30),
                          expires_on=today() + timedelta(300))
    db.session.commit()


def test_a_decision_without_a_key_is_refused_and_records_nothing(client, bearer, world, db,
                                                                  make_unit_certificate):
    certify(world, make_unit_certificate, db)
    url = f"/api/v1/units/{world.unit.id}/pcrs-decisions"
    for key in (None, "", "with space", "é", "k" * 201):
        headers = bearer(world.officer) | ({} if key is None else {"Idempotency-Key": key})
        response = client.post(url, json=api_body("L2"), headers=headers)
        assert response.status_code == 400, key
        assert [p["code"] for p in response.json["problems"]] == ["idempotency_key"]
        assert response.json["problems"][0]["params"] == {"field": "Idempotency-Key"}
    assert decisions(db) == 0 and events(db, "pcrs.decision") == 0
    # the boundary: 200 visible characters is a key
    response = client.post(url, json=api_body("L2"),
                           headers=bearer(world.officer) | {"Idempotency-Key": "k" * 200})
    assert response.status_code == 201, response.json


def test_a_retry_gets_the_first_answer_and_records_once(client, bearer, world, db,
                                                        make_unit_certificate):
    certify(world, make_unit_certificate, db)
    url = f"/api/v1/units/{world.unit.id}/pcrs-decisions"
    headers = bearer(world.officer) | {"Idempotency-Key": "decision-1"}
    first = client.post(url, json=api_body("L2"), headers=headers)
    again = client.post(url, json=api_body("L2"), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert decisions(db) == 1 and events(db, "pcrs.decision") == 1
    other = client.post(url, json=api_body("L1", reason="down again"), headers=headers)
    assert other.status_code == 422
    assert [p["code"] for p in other.json["problems"]] == ["idempotency_key_reused"]
    assert decisions(db) == 1
    # a new key is a new decision (here refused by the rules: L2 already, L3 needs more)
    fresh = client.post(url, json=api_body("L2"),
                        headers=bearer(world.officer) | {"Idempotency-Key": "decision-2"})
    assert fresh.status_code == 422 and decisions(db) == 1


def test_a_refusal_is_audited_and_not_kept_for_the_key(client, bearer, world, db,
                                                       make_unit_certificate):
    url = f"/api/v1/units/{world.unit.id}/pcrs-decisions"
    headers = bearer(world.officer) | {"Idempotency-Key": "try-1"}
    refused = client.post(url, json=api_body("L2"), headers=headers)
    assert refused.status_code == 422
    assert [p["code"] for p in refused.json["problems"]] == ["no_certificate"]
    assert events(db, "pcrs.decision_refused") == 1 and decisions(db) == 0
    # refusals are not kept: once the certificate is there, the same key and body go through
    certify(world, make_unit_certificate, db)
    accepted = client.post(url, json=api_body("L2"), headers=headers)
    assert accepted.status_code == 201 and "Idempotent-Replayed" not in accepted.headers
    assert decisions(db) == 1
