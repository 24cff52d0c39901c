"""Results for a session over the API: the service the session's results page uses
(app/imports/batch.py `record_results`: each entry judged as a results-import row is, by the one
result rule of app/training/rules.py), the whole batch or nothing. Here only the references are
resolved: a standard by code (and version) among the session's, the signer by default the
session's only trainer."""
from datetime import date
from typing import Literal

from flask_babel import gettext as _
from pydantic import BaseModel, ConfigDict, Field

from app.api import writes
from app.api.blueprint import bp
from app.api.openapi import schema
from app.auth.permissions import Action, authorize, require
from app.extensions import db, limiter
from app.imports import batch, messages
from app.imports import results as judged
from app.training.models import CourseSession

FIELDS = {"person": "person_id"}  # the service's field names -> this API's


@schema
class ResultIn(BaseModel):
    """One attendee's result on one of the session's standards."""

    model_config = ConfigDict(extra="forbid")
    person_id: writes.Id
    standard: str = Field(min_length=1, max_length=40, description="Standard code")
    version: str | None = Field(default=None, max_length=20,
                                description="Omitted: the session's version of the standard "
                                            "current on the day")
    completed_on: date
    result: Literal["pass", "fail"]
    score: int | None = Field(default=None, ge=0, le=100)
    signed_off_by: writes.Id | None = Field(default=None, description="Person id of the session "
                                                                "trainer who signed off "
                                                                "(omitted: the session's only "
                                                                "trainer)")


@schema
class ResultsPush(BaseModel):
    model_config = ConfigDict(extra="forbid")
    results: list[ResultIn] = Field(min_length=1, max_length=writes.MAX_ITEMS)


@schema
class ResultsPushed(BaseModel):
    session_id: int
    results_new: int
    results_same: int


def _entries(session: CourseSession, items: list[ResultIn]):
    """The service's entries, or Refused naming every item whose standard or signer is not
    the session's."""
    ctx = judged.Context(session, person_ids=[])
    only_trainer = next(iter(ctx.trainer_ids)) if len(ctx.trainer_ids) == 1 else None
    entries, problems = [], []
    for i, item in enumerate(items):
        standard, code = ctx.standard_for(item.standard, item.version, item.completed_on)
        if standard is None:
            field = "version" if code == "unknown_version" else "standard"
            problems.append(writes.problem(code, messages.row_message(
                code, {"value": item.version or item.standard}), i, field))
            continue
        signer = item.signed_off_by if item.signed_off_by is not None else only_trainer
        if signer is None:
            problems.append(writes.problem("signer_required", messages.row_message(
                "signer_required", {}), i, "signed_off_by"))
            continue
        entries.append(batch.Entry(item.person_id, standard.id, item.completed_on,
                                   item.result == "pass", item.score, signer))
    if problems:
        raise writes.Refused(problems)
    return entries


def _problem(p: batch.Problem) -> dict:
    if p.code == "duplicate_entry":  # the service counts entries from 1, items count from 0
        message = _("the same result is already item %(other)s", other=p.params["other"] - 1)
    elif p.code == "not_trainer":
        message = _("person %(value)s is not one of the session's trainers", **p.params)
    else:
        message = p.message
    return writes.problem(p.code, message, p.index, FIELDS.get(p.field, p.field))


def _push(session: CourseSession, body: ResultsPush, actor):
    entries = _entries(session, body.results)
    try:
        counts = batch.record_results(session, entries, actor=actor)
    except batch.ResultsRefused as refused:
        raise writes.Refused([_problem(p) for p in refused.problems]) from None
    return 200, ResultsPushed(session_id=session.id, **counts).model_dump()


@bp.route("/sessions/<int:session_id>/results", methods=["POST"])
@limiter.shared_limit(writes.write_limit, scope="api-write", key_func=writes.writer_key)
@require(Action.RESULT_RECORD)
@writes.documented(
    "post", "Record a session's results",
    "Results of the session's attendees, all or nothing, judged as the results page and the "
    "results import judge them: the person attends the session, the standard is taught in it, "
    "the date is within it and not in the future, and the one result rule (the version current "
    "that day, a pass at or above the pass mark with a score, signed off by one of the "
    "session's trainers holding a valid qualification that day, not by the person). A result "
    "already recorded is left as it is (results_same); a different result for the same "
    "person, standard and day is refused.",
    (200, "ResultsPushed"), body="ResultsPush", path=("session_id",), tag="sessions")
def session_results_push(session_id):
    session = db.get_or_404(CourseSession, session_id)
    authorize(Action.RESULT_RECORD, session)
    return writes.perform(ResultsPush, lambda body, actor: _push(session, body, actor))
