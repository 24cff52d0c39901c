"""A batch of results for one course session, recorded all at once: the session's results page
(a grid of attendees by standards) and the write API both call `record_results`.

Each entry is judged exactly as a results-import row is (app/imports/results.py `judge`: the
date within the session and not in the future, then the one result rule of
app/training/rules.py, then no different result already recorded). The batch adds what a grid
can get wrong: the person attends the session, the standard is taught in it, an entry appears
once. One refused entry refuses the batch: nothing is written, and every problem names its
entry (by position) and field, so a page can show it in its cell.

A result already recorded identically is left alone (recording the same batch twice writes
nothing the second time). One audit event per recorded batch (counts, never names).
"""
from datetime import date
from typing import NamedTuple

from sqlalchemy import insert

from app.audit import services as audit
from app.extensions import db
from app.imports import messages, results
from app.training.models import Completion, CourseSession
from app.units.errors import RecordError


class Entry(NamedTuple):
    """One result to record: a person's pass or fail on one of the session's standard versions,
    signed off by one of the session's trainers (a person id)."""

    person_id: int
    standard_id: int
    completed_on: date
    passed: bool
    score: int | None
    signer_id: int | None


class Problem(NamedTuple):
    """Why entry number `index` (0-based, in the order given) cannot be recorded: `field` is
    one of person, standard, completed_on, score, signed_off_by; `code` a stable code of
    app/imports/messages.py ROW_MESSAGES with its `params`."""

    index: int
    field: str
    code: str
    params: dict

    @property
    def message(self) -> str:
        return messages.row_message(self.code, self.params)


class ResultsRefused(RecordError):
    """The batch was refused whole; `problems` lists every refused entry."""

    def __init__(self, problems: list[Problem]):
        super().__init__("results_refused", messages.row_message("batch_refused",
                                                                 {"n": len(problems)}))
        self.problems = problems


def _problems(ctx: results.Context, entries: list[Entry]) -> list[Problem]:
    standards = {s.id: s for s in ctx.standards}
    seen: dict[tuple, int] = {}
    problems = []
    for index, e in enumerate(entries):
        person = ctx.by_id.get(e.person_id)
        if person is None or person.id not in ctx.attendees:
            problems.append(Problem(index, "person", "not_attendee", {}))
            continue
        standard = standards.get(e.standard_id)
        if standard is None:
            problems.append(Problem(index, "standard", "not_in_session",
                                    {"value": str(e.standard_id)}))
            continue
        key = (e.person_id, e.standard_id, e.completed_on)
        if key in seen:
            problems.append(Problem(index, "person", "duplicate_entry", {"other": seen[key] + 1}))
            continue
        seen[key] = index
        found = results.judge(ctx, person, standard, e.completed_on, bool(e.passed), e.score,
                              e.signer_id)
        if found is not None:
            field, code, params = found
            if field == "standard":  # tot_only: the sign-off is what cannot be given here
                field = "signed_off_by"
            if code == "not_trainer":
                params = {"value": str(e.signer_id or "")}
            problems.append(Problem(index, field, code, params))
    return problems


def check_results(session: CourseSession, entries) -> list[Problem]:
    """Every problem of the batch (none: `record_results` would record it). Reads only."""
    entries = [Entry(*e) for e in entries]
    return _problems(results.Context(session, person_ids=[e.person_id for e in entries]),
                     entries)


def record_results(session: CourseSession, entries, actor=None) -> dict:
    """Record every entry, or raise `ResultsRefused` and write nothing. Returns the counts
    {"results_new": n, "results_same": n}. The caller commits."""
    entries = [Entry(*e) for e in entries]
    if not entries:
        raise RecordError("no_results", messages.row_message("no_results", {}))
    ctx = results.Context(session, person_ids=[e.person_id for e in entries])
    problems = _problems(ctx, entries)
    if problems:
        raise ResultsRefused(problems)
    new = []
    for e in entries:
        if (e.person_id, e.standard_id, e.completed_on) in ctx.existing:
            continue
        new.append(dict(state_id=ctx.by_id[e.person_id].state_id, person_id=e.person_id,
                        standard_id=e.standard_id, session_id=session.id,
                        completed_on=e.completed_on, passed=bool(e.passed), score=e.score,
                        signed_off_by_id=e.signer_id, recorded_by_id=getattr(actor, "id", None)))
    if new:
        db.session.execute(insert(Completion), new)
        db.session.flush()
    counts = dict(results_new=len(new), results_same=len(entries) - len(new))
    audit.append("session.results_record", actor=actor, obj=session,
                 details={"entries": len(entries), **counts})
    return counts
