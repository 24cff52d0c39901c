"""A unit's computed readiness over the API: the same service as the unit page, scoped the same
way (a unit outside the caller's scope is a 404). People appear by opaque id only. And an
individually deployed person's clearance for deployment (no PCRS level)."""
from datetime import date
from typing import Literal

from flask import abort, jsonify, request
from pydantic import BaseModel

from app.api.blueprint import bp
from app.api.openapi import schema
from app.auth.permissions import Action, require
from app.catalogue.levels import LEVELS
from app.extensions import db
from app.readiness.clearance import person_clearance
from app.readiness.reasons import reason_text
from app.readiness.rules import Status
from app.readiness.services import UnitReadiness, profile_for, target_level, unit_readiness
from app.timeutil import today
from app.units.models import Person, Unit

StatusName = Literal[tuple(status.value for status in Status)]


@schema
class ReadinessReason(BaseModel):
    code: str
    message: str
    standard: str | None = None
    standards: list[str] = []
    people: list[int] = []
    have: int | None = None
    need: int | None = None
    language: str | None = None


@schema
class ReadinessCoverage(BaseModel):
    standard: str
    holding: int
    required: int
    share: float
    applies_to: list[str]  # all (a share of the roster) | key_appointments | commanders | nios
    met: bool


@schema
class ReadinessCell(BaseModel):
    standard: str
    status: StatusName
    expires_on: date | None = None
    not_counted_because: list[str] = []


@schema
class ReadinessPerson(BaseModel):
    person_id: int
    key_appointment: bool  # commanders are key appointments
    commander: bool
    nio: bool
    complete: bool
    cells: list[ReadinessCell]


@schema
class ReadinessProfile(BaseModel):
    code: str
    pcrs_level: str
    title_en: str
    title_fr: str


@schema
class UnitReadinessOut(BaseModel):
    unit_id: int
    on: date
    level: str
    profile: ReadinessProfile | None
    certifiable: bool
    roster_size: int
    expiring_days: int
    reasons: list[ReadinessReason]
    coverage: list[ReadinessCoverage]
    people: list[ReadinessPerson]


def _query_date() -> date:
    raw = request.args.get("on")
    if raw is None:
        return today()
    try:
        on = date.fromisoformat(raw)
    except ValueError:
        abort(400, description="`on` must be a date, YYYY-MM-DD")
    if not date(2000, 1, 1) <= on <= date(2100, 12, 31):
        abort(400, description="`on` must be between 2000-01-01 and 2100-12-31")
    return on


def _body(unit: Unit, level: str, readiness) -> dict:
    verdict, profile = readiness.verdict, readiness.profile
    return UnitReadinessOut(
        unit_id=unit.id, on=readiness.on, level=level, certifiable=readiness.certifiable,
        profile=ReadinessProfile(code=profile.code, pcrs_level=profile.pcrs_level,
                                 title_en=profile.title_en, title_fr=profile.title_fr)
        if profile else None,
        roster_size=verdict.roster_size if verdict else 0, expiring_days=readiness.expiring_days,
        reasons=[ReadinessReason(code=r.code, message=reason_text(readiness, r, False),
                                 standard=r.standard, standards=list(r.standards),
                                 people=list(r.people), have=r.have, need=r.need,
                                 language=r.language) for r in readiness.reasons],
        coverage=[ReadinessCoverage(standard=c.code, holding=c.coverage.holding,
                                    required=c.coverage.required, share=c.coverage.share,
                                    applies_to=list(c.coverage.applies_to),
                                    met=c.coverage.met) for c in readiness.columns],
        people=[ReadinessPerson(
            person_id=row.person_id, key_appointment=row.is_key_appointment, nio=row.is_nio,
            commander=row.is_commander,
            complete=row.complete,
            cells=[ReadinessCell(standard=col.code, status=cell.status.value,
                                 expires_on=cell.expires_on,
                                 not_counted_because=list(cell.not_counted_because))
                   for col, cell in zip(readiness.columns, row.cells)])
            for row in readiness.rows],
    ).model_dump(mode="json")


@bp.route("/units/<int:unit_id>/readiness", methods=["GET"])
@require(Action.READINESS_VIEW)
def unit_readiness_get(unit_id):
    """Readiness of a unit on a date against the profile for a PCRS level (default: the level
    above the unit's current one): per person and standard, and whether it is certifiable, with
    every reason.
    ---
    get:
      summary: Compute a unit's readiness
      security: [{bearer: []}]
      parameters:
        - {in: path, name: unit_id, required: true, schema: {type: integer}}
        - {in: query, name: "on", required: false, schema: {type: string, format: date},
           description: "Assess on this date (default: today)"}
        - {in: query, name: level, required: false,
           schema: {type: string, enum: [L1, L2, L3, RDL]},
           description: "PCRS level whose profile applies (default: the next level)"}
      responses:
        200: {description: The readiness, content: {application/json: {schema: UnitReadinessOut}}}
        400: {description: Bad date or level}
        401: {description: Not signed in}
        403: {description: Not allowed for this role}
        404: {description: No such unit in your scope}
    """
    unit = db.get_or_404(Unit, unit_id)
    on = _query_date()
    level = request.args.get("level") or target_level(unit)
    if level not in LEVELS:
        abort(400, description="`level` must be one of L1, L2, L3, RDL")
    profile = profile_for(unit, level)
    readiness = (unit_readiness(unit, on, profile) if profile is not None
                 else UnitReadiness(unit.id, on, unit.mission_language, None))
    return jsonify(_body(unit, level, readiness))


@schema
class ClearanceProfile(BaseModel):
    code: str
    version: int
    title_en: str
    title_fr: str


@schema
class PersonClearanceOut(BaseModel):
    """An individually deployed person (staff officer, military observer, individual police
    officer, civilian) is cleared for deployment by their own profile: no PCRS level, which
    belongs to pledged units. `profile` is null for a category that deploys with its unit (see
    the unit's readiness)."""

    person_id: int
    on: date
    personnel_category: str
    profile: ClearanceProfile | None
    cleared: bool | None
    cleared_for_languages: list[str]  # mission languages (en, fr) the person is cleared for
    missing: list[str]  # required standards not held on the date
    reasons: list[str]  # rule codes that fail (coverage_short, language_short, ...)


@bp.route("/people/<int:person_id>/clearance", methods=["GET"])
@require(Action.READINESS_VIEW)
def person_clearance_get(person_id):
    """Whether an individually deployed person is cleared for deployment on a date, by the
    current profile of their personnel category.
    ---
    get:
      summary: Compute a person's clearance for deployment
      security: [{bearer: []}]
      parameters:
        - {in: path, name: person_id, required: true, schema: {type: integer}}
        - {in: query, name: "on", required: false, schema: {type: string, format: date},
           description: "Assess on this date (default: today)"}
      responses:
        200: {description: The clearance, content: {application/json: {schema: PersonClearanceOut}}}
        400: {description: Bad date}
        401: {description: Not signed in}
        403: {description: Not allowed for this role}
        404: {description: No such person in your scope}
    """
    person = db.get_or_404(Person, person_id)
    on = _query_date()
    found = person_clearance(person, on)
    verdict = found.verdict if found else None
    return jsonify(PersonClearanceOut(
        person_id=person.id, on=on, personnel_category=person.personnel_category,
        profile=ClearanceProfile(code=found.profile.code, version=found.profile.version,
                                 title_en=found.profile.title_en, title_fr=found.profile.title_fr)
        if found else None,
        cleared=verdict.cleared if verdict else None,
        cleared_for_languages=list(verdict.languages) if verdict else [],
        missing=list(verdict.missing) if verdict else [],
        reasons=sorted({r.code for r in verdict.reasons}) if verdict and not verdict.cleared
        else []).model_dump(mode="json"))
