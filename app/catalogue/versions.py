"""When a standard version is current, pure: the one definition every part uses.

A version is current from its `effective_on` day to its `retired_on` day, both inclusive (no
`retired_on`: still current). No Flask, no SQLAlchemy; dates are passed in.
"""
from datetime import date


def version_current(effective_on: date, retired_on: date | None, on: date) -> bool:
    """The version was current on `on`."""
    return effective_on <= on and (retired_on is None or on <= retired_on)


def version_current_during(effective_on: date, retired_on: date | None, start: date,
                           end: date) -> bool:
    """The version was current on at least one day from `start` to `end`."""
    return effective_on <= end and (retired_on is None or start <= retired_on)
