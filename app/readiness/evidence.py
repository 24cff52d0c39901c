"""Completions as the readiness and certificate rules see them: database rows judged by the result
rules of app/training/rules.py (the ones the form and the import apply when recording), turned
into `CompletionFact`s for app/readiness/rules.py.

Trainer qualifications are read across Member States on purpose (a partner-state trainer may sign
off another state's people): whether a sign-off counts must not depend on who is looking. Only
validity dates leave that query, never personal data.
"""
from datetime import date
from typing import Iterable

from sqlalchemy import and_, select

from app.catalogue.models import Standard
from app.extensions import db
from app.readiness.rules import CompletionFact
from app.tenancy import UNRESTRICTED
from app.training import rules
from app.training.models import Completion, CourseSession, SessionTrainer, TrainerQualification

CHUNK = 500

# What judging a completion needs, in this order (`facts` unpacks it).
COLUMNS = (Completion.person_id, Completion.completed_on, Completion.passed, Completion.score,
           Completion.signed_off_by_id, Completion.session_id, Standard.code, Standard.version,
           Standard.validity_months, Standard.effective_on, Standard.retired_on,
           Standard.pass_mark, Standard.sign_off, CourseSession.is_tot,
           SessionTrainer.person_id.label("session_signer"))


def completions_query(*where, columns=()):
    """SELECT `COLUMNS` (and `columns`) of the completions matching `where`, with their standard
    version, their session and whether the signer is one of that session's trainers."""
    return (select(*COLUMNS, *columns)
            .join(Standard, Standard.id == Completion.standard_id)
            .outerjoin(CourseSession, CourseSession.id == Completion.session_id)
            .outerjoin(SessionTrainer, and_(
                SessionTrainer.session_id == Completion.session_id,
                SessionTrainer.person_id == Completion.signed_off_by_id))
            .where(*where))


def chunks(ids: Iterable[int]):
    ids = sorted(set(ids))
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def signer_qualifications(signer_ids: Iterable[int]) -> dict[tuple[int, str], list]:
    """(signer id, qualification code) -> validity rows, across states (see above)."""
    found: dict[int, list] = {}
    for chunk in chunks(signer_ids):
        for row in db.session.execute(
                select(TrainerQualification.person_id, TrainerQualification.qualification_code,
                       TrainerQualification.valid_from, TrainerQualification.valid_until,
                       TrainerQualification.revoked_on)
                .where(TrainerQualification.person_id.in_(chunk))
                .execution_options(scope=UNRESTRICTED)):
            found.setdefault((row.person_id, row.qualification_code), []).append(row)
    return found


def facts(rows) -> list[CompletionFact]:
    """Facts from rows of `completions_query`, in order. A sign-off is judged once for equal
    circumstances (people trained together share them)."""
    qualifications = signer_qualifications({r.signed_off_by_id for r in rows} - {None})
    by_signer: dict[tuple, bool] = {}
    found = []
    for row in rows:
        (person_id, completed_on, passed, score, signer, session_id, code, version, months,
         effective_on, retired_on, pass_mark, sign_off, is_tot, session_signer) = row[:15]
        key = (signer, signer == person_id, session_id is None, session_signer is None, sign_off,
               completed_on, is_tot)
        signer_ok = by_signer.get(key)
        if signer_ok is None:
            # the signer is the session's trainer (the outer join found them), or there is no
            # session to check against
            trainers = None if session_id is None else \
                (() if session_signer is None else (session_signer,))
            signer_ok = by_signer[key] = rules.sign_off_problem(
                person_id, signer, trainers, sign_off, bool(is_tot), completed_on,
                qualifications.get((signer, sign_off), ())) is None
        found.append(CompletionFact(
            person_id, code, version, completed_on,
            bool(passed) and rules.score_problem(passed, score, pass_mark) is None, signer_ok,
            rules.version_current(effective_on, retired_on, completed_on), months))
    return found


def passes_up_to(person_ids_query, codes: list[str], on: date):
    """Rows of the passes on `codes` dated up to `on` by the people `person_ids_query` selects
    (failed attempts never change a status, so they are not read)."""
    return db.session.execute(completions_query(
        Completion.person_id.in_(person_ids_query), Standard.code.in_(codes),
        Completion.passed.is_(True), Completion.completed_on <= on)).all()
