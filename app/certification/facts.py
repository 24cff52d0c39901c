"""Database rows -> the pure facts the readiness and certificate rules take.

A completion counts per the readiness rules (app/readiness/rules.py, the one definition used by the
readiness matrix too): a pass, by a signer holding a valid qualification for the standard's
`sign_off` on the completion date, of a version current that day. The signer's qualification is
read across tenants on purpose (a partner state's trainer may have signed a Kenyan result); only
the yes/no answer is used.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.catalogue.models import Standard
from app.extensions import db
from app.readiness.rules import CompletionFact
from app.tenancy import UNRESTRICTED
from app.training.models import Completion, CourseSession, TrainerQualification
from app.training.qualifications import TOT_SIGN_OFF, qualification_valid_on

CHUNK = 500


@dataclass(frozen=True)
class Done:
    """A completion with what a certificate prints about it."""

    fact: CompletionFact
    title_en: str
    title_fr: str


def _chunks(ids):
    ids = sorted(set(ids))
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def completions(person_ids, codes, on: date) -> dict[tuple[int, str], list[Done]]:
    """Every pass or fail on or before `on` of the given people on the given standard codes,
    keyed by (person id, code)."""
    codes = sorted(set(codes))
    rows = []
    for chunk in _chunks(person_ids):
        rows += db.session.execute(
            select(Completion.person_id, Completion.completed_on, Completion.passed,
                   Completion.signed_off_by_id, Standard.code, Standard.version,
                   Standard.validity_months, Standard.effective_on, Standard.retired_on,
                   Standard.sign_off, Standard.title_en, Standard.title_fr, CourseSession.is_tot)
            .join(Standard, Standard.id == Completion.standard_id)
            .outerjoin(CourseSession, CourseSession.id == Completion.session_id)
            .where(Completion.person_id.in_(chunk), Standard.code.in_(codes),
                   Completion.completed_on <= on)).all()
    signers = _qualifications({r.signed_off_by_id for r in rows if r.signed_off_by_id})
    found: dict[tuple[int, str], list[Done]] = {}
    for r in rows:
        if r.sign_off == TOT_SIGN_OFF:
            qualified = bool(r.is_tot) and r.signed_off_by_id is not None
        else:
            qualified = any(q.qualification_code == r.sign_off and
                            qualification_valid_on(q, r.completed_on)
                            for q in signers.get(r.signed_off_by_id, ()))
        current = r.effective_on <= r.completed_on and (r.retired_on is None or
                                                        r.completed_on <= r.retired_on)
        fact = CompletionFact(person_id=r.person_id, standard_code=r.code, version=r.version,
                              completed_on=r.completed_on, passed=bool(r.passed),
                              signer_qualified=qualified, version_current_on_completion=current,
                              validity_months=r.validity_months)
        found.setdefault((r.person_id, r.code), []).append(Done(fact, r.title_en, r.title_fr))
    return found


def _qualifications(person_ids) -> dict[int, list[TrainerQualification]]:
    by_person: dict[int, list[TrainerQualification]] = {}
    for chunk in _chunks(person_ids):
        for q in db.session.scalars(select(TrainerQualification).where(
                TrainerQualification.person_id.in_(chunk)).execution_options(scope=UNRESTRICTED)):
            by_person.setdefault(q.person_id, []).append(q)
    return by_person


def standard_titles(codes, on: date) -> dict[str, Standard]:
    """The version of each code current on `on` (for listing what a requirement names)."""
    found = {}
    for s in db.session.scalars(select(Standard).where(Standard.code.in_(sorted(set(codes))))
                                .order_by(Standard.effective_on)):
        if s.is_current(on) or s.code not in found:
            found[s.code] = s
    return found
