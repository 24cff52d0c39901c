"""The PCRS gate, through the service: every path, the one-step rule and the role rule."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.auth.models import Role
from app.pcrs.models import PcrsDecision
from app.pcrs.decisions import DecisionRefused, record_decision
from tests.integration.pcrs.conftest import D, L2_EVIDENCE, L3_EVIDENCE, RDL_EVIDENCE


def decide(world, to_level, evidence=L2_EVIDENCE, reason=None, on=D, actor=None):
    return record_decision(world.unit, to_level, on, actor or world.officer, reason,
                           dict(evidence), today=D)


def refused_codes(world, *args, **kw):
    with pytest.raises(DecisionRefused) as info:
        decide(world, *args, **kw)
    return [p.code for p in info.value.problems], info.value


def test_no_certificate_is_refused_and_names_the_profile(world, db):
    codes, refusal = refused_codes(world, "L2")
    assert codes == ["no_certificate"]
    assert "INF-L2" in refusal.messages[0]
    assert world.unit.pcrs_level == "L1"
    assert db.session.scalar(select(PcrsDecision.id)) is None


@pytest.mark.parametrize("status", ["suspended", "revoked"])
def test_suspended_or_revoked_certificate_is_refused(world, make_unit_certificate, status):
    cert = make_unit_certificate(world.unit, world.profiles["L2"], status=status)
    codes, refusal = refused_codes(world, "L2")
    assert codes == [f"certificate_{status}"]
    assert cert.serial in refusal.messages[0]


def test_expired_yesterday_is_refused_but_expiring_on_the_decision_date_passes(
        world, make_unit_certificate, db):
    cert = make_unit_certificate(world.unit, world.profiles["L2"], expires_on=D - timedelta(1))
    codes, refusal = refused_codes(world, "L2")
    assert codes == ["certificate_expired"]
    assert (D - timedelta(1)).isoformat() in refusal.messages[0]
    cert.expires_on = D  # last valid day is the decision date itself
    db.session.flush()
    decision = decide(world, "L2")
    assert decision.certificate_id == cert.id


def test_superseded_certificate_is_refused_its_replacement_passes(world, make_unit_certificate):
    old = make_unit_certificate(world.unit, world.profiles["L2"])
    new = make_unit_certificate(world.unit, world.profiles["L2"], status="revoked")
    old.superseded_by_id = new.id
    codes, _refusal = refused_codes(world, "L2")
    assert set(codes) == {"certificate_superseded", "certificate_revoked"}
    new.status = "valid"
    assert decide(world, "L2").certificate_id == new.id


def test_certificate_for_the_wrong_profile_is_refused(world, make_unit_certificate):
    make_unit_certificate(world.unit, world.profiles["L3"])
    codes, refusal = refused_codes(world, "L2")
    assert codes == ["wrong_profile"]
    assert "INF-L3" in refusal.messages[0] and "INF-L2" in refusal.messages[0]


def test_certificate_issued_after_the_decision_date_is_refused(world, make_unit_certificate):
    make_unit_certificate(world.unit, world.profiles["L2"], issued_on=D + timedelta(1))
    codes, _refusal = refused_codes(world, "L2")
    assert codes == ["certificate_not_yet_valid"]


def test_another_units_certificate_does_not_count(world, make_unit, make_unit_certificate):
    other = make_unit("KEN", name="2 KENBATT")
    make_unit_certificate(other, world.profiles["L2"])
    assert refused_codes(world, "L2")[0] == ["no_certificate"]


def test_valid_certificate_passes_and_the_decision_records_its_evidence(
        world, make_unit_certificate, db):
    cert = make_unit_certificate(world.unit, world.profiles["L2"])
    decision = decide(world, "L2")
    db.session.commit()
    assert world.unit.pcrs_level == "L2"
    assert (decision.from_level, decision.to_level, decision.decided_on) == ("L1", "L2", D)
    assert decision.decided_by_id == world.officer.id
    assert decision.evidence["aav_outcome"] == "successful"
    assert decision.evidence["aav_on"] == L2_EVIDENCE["aav_on"].isoformat()
    assert decision.evidence["certificate"]["serial"] == cert.serial
    assert decision.evidence["certificate"]["profile"] == "INF-L2"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "pcrs.decision"))
    assert event.details["to"] == "L2" and event.details["certificate_id"] == cert.id
    assert event.object_id == str(decision.id)


def test_the_whole_ladder_and_back_down(world, make_unit_certificate, db):
    for level in ("L2", "L3", "RDL"):
        make_unit_certificate(world.unit, world.profiles[level])
    decide(world, "L2")
    decide(world, "L3", L3_EVIDENCE)
    decision = decide(world, "RDL", RDL_EVIDENCE)
    assert decision.evidence["deployable_days"] == 60
    assert world.unit.deployable_days == 60
    codes, _r = refused_codes(world, "L1")
    assert codes == ["reason_required"]
    down = decide(world, "L1", {}, reason="Equipment shortfall found at the visit")
    assert down.evidence == {} and down.reason.startswith("Equipment")
    assert world.unit.pcrs_level == "L1" and world.unit.deployable_days is None


def test_going_down_needs_no_certificate(world, db):
    world.unit.pcrs_level = "L3"
    db.session.flush()
    assert decide(world, "L2", {}, reason="SUR no longer met").to_level == "L2"


def test_one_step_at_a_time(world, make_unit_certificate):
    make_unit_certificate(world.unit, world.profiles["L3"])
    codes, refusal = refused_codes(world, "L3", L3_EVIDENCE)
    assert codes == ["one_step"]
    assert "L2" in refusal.messages[0]


def test_missing_evidence_is_listed_with_the_certificate(world):
    codes, _r = refused_codes(world, "L2", {})
    assert codes == ["aav_missing", "aav_not_successful", "no_certificate"]


@pytest.mark.parametrize("role", [Role.CENTRE_REGISTRAR, Role.CERTIFYING_OFFICER,
                                  Role.UN_ADMIN, Role.TOT_TRAINER, Role.PARTNER_TRAINER])
def test_only_un_officers_decide(world, make_user, make_unit_certificate, role):
    make_unit_certificate(world.unit, world.profiles["L2"])
    codes, _r = refused_codes(world, "L2", actor=make_user(role))
    assert codes == ["not_un_officer"]
    assert world.unit.pcrs_level == "L1"


def test_no_profile_for_the_level_is_refused(world, make_unit):
    world.unit = make_unit("KEN", unit_type="signals_company")
    codes, _r = refused_codes(world, "L2")
    assert codes == ["no_profile"]


def test_profile_without_certificate_requirement_passes_without_one(world, make_profile,
                                                                    make_unit):
    make_profile("L2", "level_2_hospital", requires_certificate=False)
    world.unit = make_unit("KEN", unit_type="level_2_hospital")
    decision = decide(world, "L2")
    assert decision.certificate_id is None
    assert decision.evidence["certificate"] == {"required": False, "profile": "LEV-L2"}


def test_dates_future_and_before_the_latest_decision(world, make_unit_certificate, db):
    make_unit_certificate(world.unit, world.profiles["L2"])
    assert refused_codes(world, "L2", on=D + timedelta(1))[0] == ["date_in_future"]
    decide(world, "L2")
    codes, _r = refused_codes(world, "L1", {}, reason="x", on=D - timedelta(1))
    assert codes == ["date_before_last"]


def test_reasons_are_stored_without_control_characters(world, db):
    world.unit.pcrs_level = "L2"
    db.session.flush()
    assert refused_codes(world, "L1", {}, reason="\x00\x07 ")[0] == ["reason_required"]
    decision = decide(world, "L1", {}, reason="AAV\x00 follow-up\nnot met")
    assert decision.reason == "AAV follow-up\nnot met"
