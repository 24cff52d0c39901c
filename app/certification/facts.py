"""Database rows -> the pure facts the readiness and certificate rules take.

A completion is judged exactly as readiness judges it (app/readiness/evidence.py, applying the
result rules of app/training/rules.py), so a certificate never disagrees with the matrix.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.catalogue.models import Standard
from app.extensions import db
from app.readiness import evidence
from app.readiness.rules import CompletionFact
from app.training.models import Completion


@dataclass(frozen=True)
class Done:
    """A completion with what a certificate prints about it."""

    fact: CompletionFact
    title_en: str
    title_fr: str


def completions(person_ids, codes, on: date) -> dict[tuple[int, str], list[Done]]:
    """Every pass or fail on or before `on` of the given people on the given standard codes,
    keyed by (person id, code)."""
    codes = sorted(set(codes))
    rows = []
    for chunk in evidence.chunks(person_ids):
        rows += db.session.execute(evidence.completions_query(
            Completion.person_id.in_(chunk), Standard.code.in_(codes),
            Completion.completed_on <= on, columns=(Standard.title_en, Standard.title_fr))).all()
    found: dict[tuple[int, str], list[Done]] = {}
    for row, fact in zip(rows, evidence.facts(rows)):
        found.setdefault((fact.person_id, fact.standard_code), []).append(
            Done(fact, row.title_en, row.title_fr))
    return found


def standard_titles(codes, on: date) -> dict[str, Standard]:
    """The version of each code current on `on` (for listing what a requirement names)."""
    found = {}
    for s in db.session.scalars(select(Standard).where(Standard.code.in_(sorted(set(codes))))
                                .order_by(Standard.effective_on)):
        if s.is_current(on) or s.code not in found:
            found[s.code] = s
    return found
