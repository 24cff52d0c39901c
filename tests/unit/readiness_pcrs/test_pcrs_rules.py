"""The PCRS ladder rules, pure: moves, evidence and certificate explanations."""
from datetime import date

import pytest

from app.pcrs.rules import (CertificateFact, check_dates, check_evidence, check_move,
                                      explain_certificate, next_level)

D = date(2025, 6, 1)


def codes(problems):
    return [p.code for p in problems]


@pytest.mark.parametrize("start,to", [("L1", "L2"), ("L2", "L3"), ("L3", "RDL")])
def test_one_step_up_is_allowed(start, to):
    assert check_move(start, to, None) == []


@pytest.mark.parametrize("start,to,nxt", [("L1", "L3", "L2"), ("L1", "RDL", "L2"),
                                          ("L2", "RDL", "L3")])
def test_skipping_a_level_is_refused_and_names_the_next_level(start, to, nxt):
    [problem] = check_move(start, to, None)
    assert problem.code == "one_step"
    assert problem.params == {"from": start, "to": to, "next": nxt}


@pytest.mark.parametrize("start,to", [("L2", "L1"), ("RDL", "L1"), ("L3", "L2")])
def test_going_down_needs_a_reason(start, to):
    assert codes(check_move(start, to, None)) == ["reason_required"]
    assert codes(check_move(start, to, "   ")) == ["reason_required"]
    assert check_move(start, to, "AAV findings not addressed") == []


def test_same_level_unknown_level_and_stale_page():
    assert codes(check_move("L2", "L2", "x")) == ["same_level"]
    assert codes(check_move("L2", "L9", None)) == ["unknown_level"]
    assert codes(check_move("L2", "L3", None, expected_from="L1")) == ["level_changed"]
    assert check_move("L2", "L3", None, expected_from="L2") == []


def test_next_level_stops_at_rdl():
    assert next_level("L1") == "L2"
    assert next_level("RDL") is None


def test_decision_dates():
    assert check_dates(D, D, None) == []
    assert codes(check_dates(date(2025, 6, 2), D, None)) == ["date_in_future"]
    assert check_dates(D, D, D) == []  # same day as the latest decision is fine
    assert codes(check_dates(date(2025, 5, 31), D, D)) == ["date_before_last"]


def test_level_2_needs_a_successful_aav_on_or_before_the_decision():
    assert codes(check_evidence("L2", {}, D)) == ["aav_missing", "aav_not_successful"]
    assert codes(check_evidence("L2", {"aav_on": D, "aav_outcome": "unsuccessful"}, D)) == \
        ["aav_not_successful"]
    assert check_evidence("L2", {"aav_on": D, "aav_outcome": "successful"}, D) == []
    assert codes(check_evidence("L2", {"aav_on": date(2025, 6, 2),
                                       "aav_outcome": "successful"}, D)) == \
        ["evidence_after_decision"]


def test_level_3_needs_sur_alignment_and_rdl_a_visit_and_30_60_90_days():
    assert codes(check_evidence("L3", {"sur_aligned_on": D}, D)) == ["sur_not_aligned"]
    assert check_evidence("L3", {"sur_aligned": True, "sur_aligned_on": D}, D) == []
    assert codes(check_evidence("RDL", {"verification_visit_on": D, "deployable_days": 45},
                                D)) == ["rdl_days"]
    for days in (30, 60, 90):
        assert check_evidence("RDL", {"verification_visit_on": D, "deployable_days": days},
                              D) == []
    assert codes(check_evidence("RDL", {"deployable_days": 60}, D)) == ["rdl_visit_missing"]


def fact(status, profile="INF-L2", serial="S1", by=None):
    return CertificateFact(serial, profile, status, date(2025, 12, 31), by)


def test_certificate_explanations_name_what_is_missing():
    assert codes(explain_certificate("INF-L2", [])) == ["no_certificate"]
    for status in ("expired", "suspended", "revoked", "not_yet_valid"):
        [problem] = explain_certificate("INF-L2", [fact(status)])
        assert problem.code == f"certificate_{status}"
        assert problem.params["serial"] == "S1"
    [superseded] = explain_certificate("INF-L2", [fact("superseded", by="S2")])
    assert superseded.params["by"] == "S2"
    [wrong] = explain_certificate("INF-L2", [fact("valid", profile="INF-L1")])
    assert wrong.code == "wrong_profile" and wrong.params["other"] == "INF-L1"
    # an expired certificate for the wrong profile is not worth mentioning
    assert codes(explain_certificate("INF-L2", [fact("expired", profile="INF-L1")])) == \
        ["no_certificate"]
