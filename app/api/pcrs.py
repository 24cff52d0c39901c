"""PCRS decisions over the API: the same service as the page, so the same rule and answer."""
from datetime import date, datetime
from functools import partial
from typing import Literal

from flask import jsonify
from pydantic import BaseModel, ConfigDict, Field

from app.api import writes
from app.api.blueprint import bp
from app.api.openapi import schema
from app.auth.permissions import Action, require
from app.catalogue.levels import LEVEL_CODES
from app.extensions import db, limiter
from app.pcrs import decisions as pcrs
from app.pcrs.decisions import DecisionRefused
from app.units.models import Unit

Level = Literal[LEVEL_CODES]


@schema
class PcrsEvidenceIn(BaseModel):
    """Evidence for a move up: AAV for Level 2, SUR alignment for Level 3, RDL visit and days."""

    model_config = ConfigDict(extra="forbid")
    aav_on: date | None = None
    aav_outcome: Literal["successful", "unsuccessful"] | None = None
    sur_aligned: bool | None = None
    sur_aligned_on: date | None = None
    sur_reference: str | None = Field(default=None, max_length=100)
    verification_visit_on: date | None = None
    deployable_days: Literal[30, 60, 90] | None = None


@schema
class PcrsDecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    to_level: Level
    decided_on: date
    reason: str | None = Field(default=None, max_length=500)
    expected_from: Level | None = None
    evidence: PcrsEvidenceIn = Field(default_factory=PcrsEvidenceIn)


@schema
class PcrsDecisionOut(BaseModel):
    id: int
    unit_id: int
    from_level: str
    to_level: str
    decided_on: date
    decided_by_id: int
    reason: str | None
    evidence: dict
    certificate_id: int | None
    created_at: datetime


@schema
class PcrsDecisionList(BaseModel):
    unit_id: int
    pcrs_level: str
    decisions: list[PcrsDecisionOut]


@schema
class PcrsProblem(BaseModel):
    code: str
    message: str
    params: dict


@schema
class PcrsRefusal(BaseModel):
    error: str
    message: str
    status: int
    problems: list[PcrsProblem]


def _out(decision) -> dict:
    return PcrsDecisionOut.model_validate(decision, from_attributes=True).model_dump(mode="json")


def _refusal(problems, status: int):
    """The PcrsRefusal answer; `problems` are PCRS problems (code, message, params) or the
    WriteProblem dicts every write shares (their item and field become params)."""
    names = {400: "Bad Request", 409: "Conflict", 422: "Unprocessable Entity"}
    body = PcrsRefusal(
        error=names.get(status, "Bad Request"),
        message="; ".join(p["message"] for p in problems), status=status,
        problems=[PcrsProblem(code=p["code"], message=p["message"], params=p.get("params") or {
            k: p[k] for k in ("item", "field") if p.get(k) is not None}) for p in problems])
    return jsonify(body.model_dump()), status


@bp.route("/units/<int:unit_id>/pcrs-decisions", methods=["GET"])
@require(Action.PCRS_VIEW)
def pcrs_decision_list(unit_id):
    """A unit's PCRS decisions, latest first.
    ---
    get:
      summary: List a unit's PCRS level decisions
      security: [{bearer: []}]
      parameters:
        - {in: path, name: unit_id, required: true, schema: {type: integer}}
      responses:
        200: {description: The decisions, content: {application/json: {schema: PcrsDecisionList}}}
        401: {description: Not signed in, content: {application/json: {schema: ApiError}}}
        403: {description: Not allowed for this role, content: {application/json: {schema: ApiError}}}
        404: {description: No such unit in your scope, content: {application/json: {schema: ApiError}}}
    """
    unit = db.get_or_404(Unit, unit_id)
    return jsonify(unit_id=unit.id, pcrs_level=unit.pcrs_level,
                   decisions=[_out(d) for d in pcrs.decisions_for(unit.id)])


@bp.route("/units/<int:unit_id>/pcrs-decisions", methods=["POST"])
@limiter.shared_limit(writes.write_limit, scope="api-write", key_func=writes.writer_key)
@require(Action.PCRS_DECIDE)
def pcrs_decision_create(unit_id):
    """Record a PCRS decision (UN officers): one step up with evidence and a valid unit
    certificate for the level's profile, or down with a reason. Refusals name what is missing.
    Like every write, it takes an Idempotency-Key: a retry with the same key and body returns
    the first answer (header Idempotent-Replayed: true) and records nothing twice.
    ---
    post:
      summary: Record a PCRS level decision
      security: [{bearer: []}]
      parameters:
        - {in: path, name: unit_id, required: true, schema: {type: integer}}
        - in: header
          name: Idempotency-Key
          required: true
          description: Chosen by the client, unique per write (a UUID, say).
          schema: {type: string, minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$'}
      requestBody:
        required: true
        content: {application/json: {schema: PcrsDecisionIn}}
      responses:
        201: {description: Recorded, content: {application/json: {schema: PcrsDecisionOut}}}
        400: {description: Malformed body, missing or bad Idempotency-Key,
              content: {application/json: {schema: PcrsRefusal}}}
        401: {description: Not signed in, content: {application/json: {schema: ApiError}}}
        403: {description: Not a UN officer, content: {application/json: {schema: ApiError}}}
        404: {description: No such unit in your scope, content: {application/json: {schema: ApiError}}}
        409: {description: "The unit changed at the same time: send it again",
              content: {application/json: {schema: PcrsRefusal}}}
        413: {description: Body over the request size limit,
              content: {application/json: {schema: ApiError}}}
        422: {description: "Refused by a PCRS rule, or the Idempotency-Key was used for another
                            request", content: {application/json: {schema: PcrsRefusal}}}
        429: {description: Rate limit reached, content: {application/json: {schema: ApiError}}}
    """
    unit = db.get_or_404(Unit, unit_id)
    return writes.perform(PcrsDecisionIn, lambda body, actor: _decide(unit, body, actor),
                          refuse=_refusal)


def _decide(unit: Unit, body: PcrsDecisionIn, actor):
    try:
        decision = pcrs.record_decision(unit, body.to_level, body.decided_on, actor, body.reason,
                                        body.evidence.model_dump(),
                                        expected_from=body.expected_from)
    except DecisionRefused as refused:
        raise writes.Refused(
            [{"code": p.code, "message": pcrs.describe(p), "params": p.params}
             for p in refused.problems],
            record=partial(pcrs.record_refusal, unit, body.to_level, actor, refused)) from None
    return 201, _out(decision)
