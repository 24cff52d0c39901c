"""The id converter's pattern matches exactly 0..limit (tests/integration/test_out_of_range_ids.py
walks every route with it)."""
import re

from hypothesis import example, given
from hypothesis import strategies as st

from app.routing import MAX_ID, digits_up_to


@given(limit=st.integers(0, 10**12), number=st.integers(0, 10**13))
@example(limit=MAX_ID, number=MAX_ID)
@example(limit=MAX_ID, number=MAX_ID + 1)
@example(limit=MAX_ID, number=2**63)
@example(limit=100, number=99)
@example(limit=100, number=101)
@example(limit=0, number=1)
def test_pattern_matches_exactly_up_to_the_limit(limit, number):
    assert bool(re.fullmatch(digits_up_to(limit), str(number))) == (number <= limit)


def test_max_id_is_postgresql_integer():
    assert MAX_ID == 2_147_483_647
    assert not re.fullmatch(digits_up_to(MAX_ID), "9" * 5000)


def test_page_window_keeps_first_last_and_neighbours():
    from app.routing import page_window

    assert page_window(1, 1) == [1]
    assert page_window(1, 3) == [1, 2, 3]
    assert page_window(1, 10) == [1, 2, 3, None, 10]
    assert page_window(4, 10) == [1, 2, 3, 4, 5, 6, None, 10]
    assert page_window(6, 10) == [1, None, 4, 5, 6, 7, 8, None, 10]
    assert page_window(10, 10) == [1, None, 8, 9, 10]
