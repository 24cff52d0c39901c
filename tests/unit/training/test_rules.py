"""The result rules (app/training/rules.py) at their boundaries, and the order they are applied."""
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from app.training import rules

DAY = date(2026, 3, 5)
PERSON, TRAINER, OTHER = 1, 2, 3


def qualification(code="TOT-CPTM", valid_from=date(2024, 1, 1), valid_until=date(2027, 1, 1),
                  revoked_on=None):
    return SimpleNamespace(qualification_code=code, valid_from=valid_from,
                           valid_until=valid_until, revoked_on=revoked_on)


def result(**over):
    values = dict(person_id=PERSON, completed_on=DAY, passed=True, score=80, signer_id=TRAINER,
                  effective_on=date(2025, 1, 1), retired_on=None, pass_mark=70,
                  sign_off="TOT-CPTM", session_trainers={TRAINER}, in_tot_session=False)
    values.update(over)
    return rules.Result(**values)


@pytest.mark.parametrize("over,quals,code", [
    ({}, [qualification()], None),
    ({"effective_on": DAY}, [qualification()], None),
    ({"effective_on": DAY + timedelta(days=1)}, [qualification()], "not_current"),
    ({"retired_on": DAY}, [qualification()], None),
    ({"retired_on": DAY - timedelta(days=1)}, [qualification()], "not_current"),
    ({"score": 101}, [qualification()], "bad_score"),
    ({"score": -1, "passed": False}, [qualification()], "bad_score"),
    ({"score": None}, [qualification()], None),  # a pass on the trainer's word
    ({"score": None, "pass_mark": 0}, [qualification()], None),
    ({"score": 70}, [qualification()], None),
    ({"score": 69}, [qualification()], "below_pass_mark"),
    ({"score": 10, "passed": False}, [qualification()], None),  # a fail may be recorded
    ({"signer_id": None}, [qualification()], "not_trainer"),
    ({"signer_id": OTHER}, [qualification()], "not_trainer"),
    ({"signer_id": OTHER, "session_trainers": None}, [qualification()], None),  # no session
    ({"signer_id": PERSON, "session_trainers": {TRAINER, PERSON}}, [qualification()],
     "self_sign_off"),
    ({}, [], "unqualified"),
    ({}, [qualification(code="TOT-OTHER")], "unqualified"),
    ({}, [qualification(valid_until=DAY)], None),
    ({}, [qualification(valid_until=DAY - timedelta(days=1))], "unqualified"),
    ({}, [qualification(valid_from=DAY)], None),
    ({}, [qualification(valid_from=DAY + timedelta(days=1))], "unqualified"),
    ({}, [qualification(revoked_on=DAY + timedelta(days=1))], None),
    ({}, [qualification(revoked_on=DAY)], "unqualified"),
    ({"sign_off": rules.TOT_SIGN_OFF}, [], "tot_only"),
    ({"sign_off": rules.TOT_SIGN_OFF, "in_tot_session": True}, [], None),
    # the first rule broken is named
    ({"retired_on": DAY - timedelta(days=1), "score": 10, "signer_id": PERSON}, [],
     "not_current"),
    ({"score": 10, "signer_id": OTHER}, [], "below_pass_mark"),
    ({"signer_id": PERSON, "session_trainers": {PERSON}}, [], "self_sign_off"),
])
def test_refusal_at_each_boundary(over, quals, code):
    r = result(**over)
    assert rules.refusal(r, quals) == code
    assert rules.counts(r, quals) == (code is None and r.passed)


def test_a_fail_never_counts():
    assert not rules.counts(result(passed=False, score=10), [qualification()])


@pytest.mark.parametrize("on,revoked_on,problems", [
    (date(2025, 1, 1), None, ()), (date(2025, 12, 31), None, ()),
    (date(2024, 12, 31), None, ("not_yet_valid",)), (date(2026, 1, 1), None, ("expired",)),
    (date(2025, 5, 31), date(2025, 6, 1), ()), (date(2025, 6, 1), date(2025, 6, 1), ("revoked",)),
    (date(2026, 1, 1), date(2025, 6, 1), ("revoked", "expired")),
])
def test_qualification_problems(on, revoked_on, problems):
    assert rules.qualification_problems(date(2025, 1, 1), date(2025, 12, 31), revoked_on,
                                        on) == problems


@pytest.mark.parametrize("offset", range(-3, 4))
@pytest.mark.parametrize("revoked", [None, -1, 0, 1])
def test_qualification_valid_exactly_when_it_has_no_problem(offset, revoked):
    start, end = date(2025, 1, 1), date(2025, 1, 3)
    on = start + timedelta(days=offset)
    q = qualification(valid_from=start, valid_until=end,
                      revoked_on=None if revoked is None else on + timedelta(days=revoked))
    assert rules.qualification_valid_on(q, on) == (
        not rules.qualification_problems(q.valid_from, q.valid_until, q.revoked_on, on))


def test_a_result_dated_after_today_is_refused_today_is_not():
    day = date(2026, 3, 5)
    assert rules.date_problem(day, day) is None
    assert rules.date_problem(day - timedelta(days=1), day) is None
    assert rules.date_problem(day + timedelta(days=1), day) == "future_date"


@pytest.mark.parametrize("score,in_range,reaches_70", [
    (None, None, True), (0, True, False), (69, True, False), (70, True, True),
    (100, True, True), (-1, False, False), (101, False, True)])
def test_score_range_and_pass_mark_at_their_boundaries(score, in_range, reaches_70):
    """The two score tests the form, the import, the API and the results grid share."""
    if score is not None:
        assert rules.score_in_range(score) is in_range
    assert rules.reaches_pass_mark(score, 70) is reaches_70
