"""Whether a training result counts, pure: the one definition the per-row form, the results
import, readiness and certificates all apply. No Flask, no SQLAlchemy; dates are passed in.

A result counts as evidence when every rule below holds; `refusal` names the first one broken,
in this order:

* ``not_current`` — the standard version was current on the completion date
  (app/catalogue/versions.py: from `effective_on` to `retired_on`, both inclusive);
* ``bad_score`` — a score, when given, is 0 to 100;
* ``below_pass_mark`` — a pass given with a score reaches the standard's pass mark (a lower
  score cannot be a pass); a pass without a score is the signing trainer's word that the person
  passed the standard's assessment, and counts like one with a score;
* ``not_trainer`` — someone signed it off, and that signer is one of the session's trainers (a
  result recorded outside any session has no trainer list to check);
* ``self_sign_off`` — the signer is not the person whose result it is;
* ``tot_only`` / ``unqualified`` — a trainer standard (sign-off `tot_centre`) is signed off in a
  Training of Trainers session; any other standard by a signer holding, on the completion date,
  a qualification whose code is the standard's `sign_off`, valid that day
  (`qualification_valid_on`).

A failed attempt may be recorded (it has no refusal) but never counts.
"""
import calendar
from datetime import date
from functools import lru_cache
from typing import Collection, Iterable, NamedTuple

from app.catalogue.terms import TOT_SIGN_OFF
from app.catalogue.versions import version_current

__all__ = ["TOT_SIGN_OFF", "Result", "refusal", "counts", "version_refusal", "version_current",
           "score_refusal", "score_problem", "date_problem", "sign_off_refusal", "sign_off_problem",
           "qualification_valid_on", "qualification_problems"]


class Result(NamedTuple):
    """One result as the rules see it (a named tuple: readiness judges tens of thousands)."""

    person_id: int
    completed_on: date
    passed: bool
    score: int | None
    signer_id: int | None
    # the standard version
    effective_on: date
    retired_on: date | None
    pass_mark: int
    sign_off: str
    # the session: its trainers' person ids (None: recorded outside a session), and whether it
    # is a Training of Trainers session
    session_trainers: Collection[int] | None
    in_tot_session: bool


def qualification_problems(valid_from: date, valid_until: date, revoked_on: date | None,
                           on: date) -> tuple[str, ...]:
    """Why a trainer qualification is not valid on `on` (none: valid): ``revoked`` on or before
    that day, ``not_yet_valid`` before `valid_from`, ``expired`` after `valid_until`.
    A sign-off made while the qualification was valid stays valid after a later revocation."""
    problems = []
    if revoked_on is not None and revoked_on <= on:
        problems.append("revoked")
    if on < valid_from:
        problems.append("not_yet_valid")
    if on > valid_until:
        problems.append("expired")
    return tuple(problems)


def qualification_valid_on(q, on: date) -> bool:
    """`q` (anything with valid_from, valid_until, revoked_on) is valid on `on`: from
    `valid_from` to `valid_until` inclusive, and not revoked on or before `on`; exactly when
    `qualification_problems` finds none (a test holds them to that)."""
    return q.valid_from <= on <= q.valid_until and (q.revoked_on is None or on < q.revoked_on)


def date_problem(completed_on: date, today: date) -> str | None:
    """``future_date``: a result is recorded once it happened, never dated after `today`
    (checked when a result is recorded, with the session's dates; readiness judges on a date)."""
    return "future_date" if completed_on > today else None


def version_refusal(r: Result) -> str | None:
    return None if version_current(r.effective_on, r.retired_on, r.completed_on) else \
        "not_current"


def score_refusal(r: Result) -> str | None:
    return score_problem(r.passed, r.score, r.pass_mark)


def score_problem(passed: bool, score: int | None, pass_mark: int) -> str | None:
    """`score_refusal` on the three values it reads."""
    if score is not None and not score_in_range(score):
        return "bad_score"
    if passed and not reaches_pass_mark(score, pass_mark):
        return "below_pass_mark"
    return None


def score_in_range(score: int) -> bool:
    return 0 <= score <= 100


def reaches_pass_mark(score: int | None, pass_mark: int) -> bool:
    """A pass may stand with this score: none given (the trainer's word), or the mark reached."""
    return score is None or score >= pass_mark


def sign_off_refusal(r: Result, qualifications: Iterable) -> str | None:
    """`qualifications`: the signer's trainer qualifications (anything with
    qualification_code, valid_from, valid_until, revoked_on), of any Member State."""
    return sign_off_problem(r.person_id, r.signer_id, r.session_trainers, r.sign_off,
                            r.in_tot_session, r.completed_on, qualifications)


def sign_off_problem(person_id: int, signer: int | None, session_trainers, sign_off: str,
                     in_tot_session: bool, on: date, qualifications: Iterable) -> str | None:
    """`sign_off_refusal` on the values it reads."""
    if signer is None or (session_trainers is not None and signer not in session_trainers):
        return "not_trainer"
    if signer == person_id:
        return "self_sign_off"
    if sign_off == TOT_SIGN_OFF:
        return None if in_tot_session else "tot_only"
    if not any(q.qualification_code == sign_off and qualification_valid_on(q, on)
               for q in qualifications):
        return "unqualified"
    return None


def refusal(r: Result, qualifications: Iterable) -> str | None:
    """The first rule `r` breaks (see the module docstring), or None."""
    return version_refusal(r) or score_refusal(r) or sign_off_refusal(r, qualifications)


def counts(r: Result, qualifications: Iterable) -> bool:
    """`r` is a pass that breaks no rule: evidence that the person holds the standard."""
    return bool(r.passed) and refusal(r, qualifications) is None


@lru_cache(maxsize=8192)
def add_months(day: date, months: int) -> date:
    """`day` plus calendar months, the day clamped to the last day of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))
