"""PCRS decisions over the API: the same service as the page, so the same rule and answer."""
from datetime import date, datetime
from typing import Literal

from flask import jsonify, request
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.api.blueprint import bp
from app.api.openapi import schema
from app.auth.permissions import Action, require
from app.catalogue.levels import LEVEL_CODES
from app.extensions import db
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
    body = PcrsRefusal(error="Unprocessable Entity" if status == 422 else "Bad Request",
                       message="; ".join(p["message"] for p in problems), status=status,
                       problems=[PcrsProblem(**p) for p in problems])
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
@require(Action.PCRS_DECIDE)
def pcrs_decision_create(unit_id):
    """Record a PCRS decision (UN officers): one step up with evidence and a valid unit
    certificate for the level's profile, or down with a reason. Refusals name what is missing.
    ---
    post:
      summary: Record a PCRS level decision
      security: [{bearer: []}]
      parameters:
        - {in: path, name: unit_id, required: true, schema: {type: integer}}
      requestBody:
        required: true
        content: {application/json: {schema: PcrsDecisionIn}}
      responses:
        201: {description: Recorded, content: {application/json: {schema: PcrsDecisionOut}}}
        400: {description: Malformed body, content: {application/json: {schema: PcrsRefusal}}}
        401: {description: Not signed in, content: {application/json: {schema: ApiError}}}
        403: {description: Not a UN officer, content: {application/json: {schema: ApiError}}}
        404: {description: No such unit in your scope, content: {application/json: {schema: ApiError}}}
        422: {description: Refused by a PCRS rule, content: {application/json: {schema: PcrsRefusal}}}
    """
    unit = db.get_or_404(Unit, unit_id)
    try:
        body = PcrsDecisionIn.model_validate(request.get_json(silent=True) or {})
    except ValidationError as error:
        return _refusal([{"code": "invalid", "message": e["msg"],
                          "params": {"field": ".".join(map(str, e["loc"]))}}
                         for e in error.errors()], 400)
    actor = current_user._get_current_object()
    try:
        decision = pcrs.record_decision(unit, body.to_level, body.decided_on, actor, body.reason,
                                        body.evidence.model_dump(),
                                        expected_from=body.expected_from)
    except DecisionRefused as refused:
        db.session.rollback()
        pcrs.record_refusal(unit, body.to_level, actor, refused)
        db.session.commit()
        return _refusal([{"code": p.code, "message": pcrs.describe(p), "params": p.params}
                         for p in refused.problems], 422)
    db.session.commit()
    return jsonify(_out(decision)), 201
