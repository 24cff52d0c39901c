from datetime import date

import pytest

from app.certification.rules import lifecycle_status

EXPIRES = date(2026, 6, 30)


@pytest.mark.parametrize("on, expected", [
    (date(2026, 6, 29), "valid"),
    (date(2026, 6, 30), "valid"),      # expires today: still valid today
    (date(2026, 7, 1), "expired"),     # expired yesterday
])
def test_expiry_boundary(on, expected):
    assert lifecycle_status("valid", False, EXPIRES, on) == expected


def test_lifecycle_precedence():
    on = date(2027, 1, 1)  # also past expiry
    assert lifecycle_status("revoked", True, EXPIRES, on) == "superseded"
    assert lifecycle_status("revoked", False, EXPIRES, on) == "revoked"
    assert lifecycle_status("suspended", False, EXPIRES, on) == "suspended"
    assert lifecycle_status("valid", False, EXPIRES, on) == "expired"
    assert lifecycle_status("suspended", False, EXPIRES, date(2026, 1, 1)) == "suspended"
