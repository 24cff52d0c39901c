"""Pure date rules: month arithmetic and qualification validity."""
from datetime import date
from types import SimpleNamespace

import pytest

from app.training.rules import add_months, qualification_valid_on


@pytest.mark.parametrize("start,months,expected", [
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2023, 1, 31), 1, date(2023, 2, 28)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
    (date(2024, 11, 15), 3, date(2025, 2, 15)),
    (date(2024, 5, 1), 36, date(2027, 5, 1)),
])
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


def q(valid_from=date(2025, 1, 1), valid_until=date(2025, 12, 31), revoked_on=None):
    return SimpleNamespace(valid_from=valid_from, valid_until=valid_until, revoked_on=revoked_on)


def test_validity_is_inclusive_at_both_ends():
    assert not qualification_valid_on(q(), date(2024, 12, 31))
    assert qualification_valid_on(q(), date(2025, 1, 1))
    assert qualification_valid_on(q(), date(2025, 12, 31))
    assert not qualification_valid_on(q(), date(2026, 1, 1))


def test_revocation_counts_from_its_day():
    revoked = q(revoked_on=date(2025, 6, 1))
    assert qualification_valid_on(revoked, date(2025, 5, 31))
    assert not qualification_valid_on(revoked, date(2025, 6, 1))
