"""Pure eligibility rules: boundaries and refusal reasons."""
from datetime import date

import pytest

from app.certification.rules import (Held, MAX_STANDARDS, QualificationFact, RequirementCover,
                                     assess_individual, assess_trainer, last_valid_day,
                                     unit_expiry)
from app.readiness.rules import CompletionFact


def held(code, completed_on, passed=True, qualified=True, current=True, months=12, version="1"):
    return Held(CompletionFact(1, code, version, completed_on, passed, qualified, current, months),
                f"{code} en", f"{code} fr")


def test_eligible_until_the_earliest_covered_expiry():
    verdict = assess_individual(["A", "B"], {"A": [held("A", date(2025, 6, 1))],
                                             "B": [held("B", date(2025, 3, 1))]}, date(2026, 1, 1))
    assert verdict.eligible
    assert verdict.expires_on == last_valid_day(date(2026, 3, 1))
    assert [(c.code, c.completed_on) for c in verdict.covered] == \
        [("A", date(2025, 6, 1)), ("B", date(2025, 3, 1))]


@pytest.mark.parametrize("on, eligible", [
    (date(2026, 6, 1), True),    # the completion's last valid day (same date 12 months on)
    (date(2026, 6, 2), False),   # one day later it has expired
])
def test_expiry_boundary(on, eligible):
    verdict = assess_individual(["A"], {"A": [held("A", date(2025, 6, 1))]}, on)
    assert verdict.eligible is eligible
    if not eligible:
        assert verdict.refusals[0].code == "expired"


def test_a_fail_then_a_pass_counts_and_a_fail_alone_does_not():
    on = date(2025, 7, 1)
    fail_then_pass = [held("A", date(2025, 5, 1), passed=False), held("A", date(2025, 5, 8))]
    assert assess_individual(["A"], {"A": fail_then_pass}, on).eligible
    only_fail = assess_individual(["A"], {"A": [held("A", date(2025, 5, 1), passed=False)]}, on)
    assert [r.code for r in only_fail.refusals] == ["missing"]


def test_pass_dated_after_the_issue_date_does_not_count():
    verdict = assess_individual(["A"], {"A": [held("A", date(2025, 7, 2))]}, date(2025, 7, 1))
    assert [r.code for r in verdict.refusals] == ["missing"]


def test_uncounted_pass_is_named_with_its_reason():
    verdict = assess_individual(["A"], {"A": [held("A", date(2025, 5, 1), qualified=False)]},
                                date(2025, 6, 1))
    assert verdict.refusals[0].code == "not_counted"
    assert verdict.refusals[0].params["why"] == ("unqualified_signer",)


def test_every_reason_is_listed():
    verdict = assess_individual(["A", "B", "C", "Z"], {
        "A": [held("A", date(2020, 1, 1))],
        "B": [held("B", date(2025, 1, 1), current=False)]}, date(2025, 6, 1),
        known={"A", "B", "C"})
    assert [(r.code, r.params.get("standard")) for r in verdict.refusals] == [
        ("expired", "A"), ("not_counted", "B"), ("missing", "C"), ("unknown_standard", "Z")]


def test_no_standards_and_too_many_standards():
    assert assess_individual([], {}, date(2025, 1, 1)).refusals[0].code == "no_standards"
    codes = [f"S{i}" for i in range(MAX_STANDARDS + 1)]
    verdict = assess_individual(codes, {c: [held(c, date(2025, 1, 1))] for c in codes},
                                date(2025, 2, 1))
    assert [r.code for r in verdict.refusals] == ["too_many_standards"]


@pytest.mark.parametrize("on, codes", [
    (date(2024, 12, 31), ["qualification_not_yet_valid"]),
    (date(2025, 1, 1), []),
    (date(2026, 12, 31), []),
    (date(2027, 1, 1), ["qualification_expired"]),
])
def test_trainer_qualification_window(on, codes):
    q = QualificationFact("TOT-SEA", date(2025, 1, 1), date(2026, 12, 31))
    verdict = assess_trainer(q, ["SEA-1"], on)
    assert [r.code for r in verdict.refusals] == codes
    assert verdict.eligible is (not codes)
    if verdict.eligible:
        assert verdict.expires_on == date(2026, 12, 31)


def test_trainer_revoked_and_signing_nothing():
    q = QualificationFact("TOT-X", date(2025, 1, 1), date(2026, 12, 31), revoked_on=date(2025, 6, 1))
    assert assess_trainer(q, ["A"], date(2025, 5, 31)).eligible
    verdict = assess_trainer(q, [], date(2025, 6, 1))
    assert [r.code for r in verdict.refusals] == ["qualification_revoked",
                                                  "qualification_signs_nothing"]


def test_unit_expiry_is_the_kth_longest_holder_for_a_share():
    days = (date(2026, 1, 1), date(2026, 3, 1), date(2026, 5, 1), date(2026, 7, 1))
    cover = RequirementCover("A", holder_days=days, needed=3)
    # 3 of 4 must hold: the third-longest holder lapses first -> 2026-03-01
    assert unit_expiry(date(2025, 9, 1), 12, [cover]) == date(2026, 3, 1)


def test_unit_expiry_capped_by_profile_validity_and_key_appointments():
    cover = RequirementCover("A", holder_days=(date(2030, 1, 1),), needed=1,
                             key_days=(date(2029, 1, 1),))
    assert unit_expiry(date(2025, 9, 1), 12, [cover]) == date(2026, 8, 31)
    key_only = RequirementCover("K", key_days=(date(2026, 2, 1), date(2026, 4, 1)))
    assert unit_expiry(date(2025, 9, 1), 12, [cover, key_only]) == date(2026, 2, 1)
