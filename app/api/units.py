"""Units over the API: list, detail (roster by opaque person id) and a unit's completion records,
scoped exactly like the pages (a unit outside the caller's scope is a 404). No names, service
numbers, sex or birth dates are returned."""
from datetime import date

from flask import abort, jsonify, request
from pydantic import BaseModel

from app.api.blueprint import bp
from app.api.openapi import schema
from app.auth.permissions import Action, require
from app.extensions import db
from app.training import queries as training_queries
from app.units import queries
from app.units.models import Unit

MAX_LIMIT = 1000


@schema
class UnitOut(BaseModel):
    id: int
    name: str
    state: str
    unit_type: str
    authorised_strength: int
    roster_size: int
    mission: str | None
    mission_language: str
    pledge_capability: str | None
    pledged_on: date | None
    pcrs_level: str
    deployable_days: int | None
    rotation: str


@schema
class UnitList(BaseModel):
    count: int
    units: list[UnitOut]


@schema
class RosterEntry(BaseModel):
    person_id: int
    appointment: str | None
    key_appointment: bool
    nio: bool
    commander: bool  # a commander is also a key appointment
    start_on: date | None
    end_on: date | None


@schema
class ScreeningOut(BaseModel):
    rotation: str
    status: str
    attested_on: date


@schema
class UnitDetail(UnitOut):
    women: int
    key_appointments: int
    nios: int
    screenings: list[ScreeningOut]
    roster: list[RosterEntry]


@schema
class CompletionOut(BaseModel):
    id: int
    person_id: int
    standard: str
    version: str
    completed_on: date
    passed: bool
    score: int | None
    session_id: int | None
    signed_off_by_id: int | None


@schema
class CompletionPage(BaseModel):
    unit_id: int
    total: int
    offset: int
    limit: int
    completions: list[CompletionOut]


def _unit(unit: Unit, roster_size: int) -> dict:
    return dict(id=unit.id, name=unit.name, state=unit.state.iso3, unit_type=unit.unit_type,
                authorised_strength=unit.authorised_strength, roster_size=roster_size,
                mission=unit.mission, mission_language=unit.mission_language,
                pledge_capability=unit.pledge_capability, pledged_on=unit.pledged_on,
                pcrs_level=unit.pcrs_level, deployable_days=unit.deployable_days,
                rotation=unit.rotation)


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        abort(400, description=f"`{name}` must be an integer")
    if not low <= value <= high:
        abort(400, description=f"`{name}` must be between {low} and {high}")
    return value


@bp.route("/units", methods=["GET"])
@require(Action.UNIT_VIEW)
def unit_list():
    """Every unit the caller may see, with its roster size.
    ---
    get:
      summary: List units
      tags: [units]
      security: [{bearer: []}]
      parameters:
        - {in: query, name: state, required: false, schema: {type: string},
           description: "Only this Member State (ISO 3166 alpha-3)"}
      responses:
        200: {description: The units, content: {application/json: {schema: UnitList}}}
        401: {description: Not signed in, content: {application/json: {schema: ApiError}}}
        403: {description: Not allowed for this role, content: {application/json: {schema: ApiError}}}
    """
    state = (request.args.get("state") or "").upper()
    rows = [(u, n) for u, n in queries.units_with_counts() if not state or u.state.iso3 == state]
    body = UnitList(count=len(rows), units=[UnitOut(**_unit(u, n)) for u, n in rows])
    return jsonify(body.model_dump(mode="json"))


@bp.route("/units/<int:unit_id>", methods=["GET"])
@require(Action.UNIT_VIEW)
def unit_detail(unit_id):
    """A unit, its pledge, screening attestations and roster (people by opaque id).
    ---
    get:
      summary: A unit and its roster
      tags: [units]
      security: [{bearer: []}]
      parameters:
        - {in: path, name: unit_id, required: true, schema: {type: integer}}
      responses:
        200: {description: The unit, content: {application/json: {schema: UnitDetail}}}
        401: {description: Not signed in, content: {application/json: {schema: ApiError}}}
        403: {description: Not allowed for this role, content: {application/json: {schema: ApiError}}}
        404: {description: No such unit in your scope, content: {application/json: {schema: ApiError}}}
    """
    unit = db.get_or_404(Unit, unit_id)
    summary = queries.roster_summary(unit)
    roster = [RosterEntry(person_id=m.person_id, appointment=m.appointment,
                          key_appointment=m.is_key_appointment, nio=m.is_nio,
                          commander=m.is_commander,
                          start_on=m.start_on, end_on=m.end_on)
              for m in queries.roster(unit)]
    body = UnitDetail(**_unit(unit, summary["people"]), women=summary["women"],
                      key_appointments=summary["key"], nios=summary["nio"],
                      screenings=[ScreeningOut(rotation=s.rotation, status=s.status,
                                               attested_on=s.attested_on)
                                  for s in queries.screenings(unit)],
                      roster=roster)
    return jsonify(body.model_dump(mode="json"))


@bp.route("/units/<int:unit_id>/completions", methods=["GET"])
@require(Action.UNIT_VIEW)
def unit_completions(unit_id):
    """Completion records (passes and fails) of the people on a unit's roster, newest first.
    ---
    get:
      summary: A unit's completion records
      tags: [units]
      security: [{bearer: []}]
      parameters:
        - {in: path, name: unit_id, required: true, schema: {type: integer}}
        - {in: query, name: offset, required: false,
           schema: {type: integer, minimum: 0, maximum: 10000000}}
        - {in: query, name: limit, required: false,
           schema: {type: integer, minimum: 1, maximum: 1000, default: 500}}
      responses:
        200: {description: One page of records, content: {application/json: {schema: CompletionPage}}}
        400: {description: Bad offset or limit, content: {application/json: {schema: ApiError}}}
        401: {description: Not signed in, content: {application/json: {schema: ApiError}}}
        403: {description: Not allowed for this role, content: {application/json: {schema: ApiError}}}
        404: {description: No such unit in your scope, content: {application/json: {schema: ApiError}}}
    """
    unit = db.get_or_404(Unit, unit_id)
    offset = _int_arg("offset", 0, 0, 10_000_000)
    limit = _int_arg("limit", 500, 1, MAX_LIMIT)
    total, rows = training_queries.unit_completions(unit, offset, limit)
    body = CompletionPage(unit_id=unit.id, total=total, offset=offset, limit=limit, completions=[
        CompletionOut(id=c.id, person_id=c.person_id, standard=c.standard.code,
                      version=c.standard.version, completed_on=c.completed_on, passed=c.passed,
                      score=c.score, session_id=c.session_id,
                      signed_off_by_id=c.signed_off_by_id) for c in rows])
    return jsonify(body.model_dump(mode="json"))
