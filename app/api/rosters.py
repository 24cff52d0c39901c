"""Writing a unit's people and roster over the API: the roster import's rules and bulk writer
(app/imports: formats for each value's shape, roster.check and roster.write), fed from JSON
instead of a file; the whole list or nothing. Taking someone off a roster is the page's service."""
from datetime import date

from flask_babel import gettext as _
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from app.api import writes
from app.api.blueprint import bp
from app.api.openapi import schema
from app.audit import services as audit
from app.auth.permissions import Action, authorize, require
from app.extensions import db, limiter
from app.imports import formats, messages, roster
from app.imports import services as imports
from app.units import services as unit_services
from app.units.models import Membership, Person, Unit


def limit(kind: str, column: str) -> int:
    """The import format's length limit of a column (one place for both ways in)."""
    return next(c.max_len for c in formats.FORMATS[kind] if c.name == column)


def text(kind: str, column: str, required: bool = False):
    if required:
        return Field(min_length=1, max_length=limit(kind, column))
    return Field(default=None, max_length=limit(kind, column))


@schema
class RosterEntryIn(BaseModel):
    """One person of the unit's Member State and their place on the roster (created, or
    updated when the service number is known)."""

    model_config = ConfigDict(extra="forbid")
    service_number: str = text("roster", "service_number", True)
    family_name: str = text("roster", "family_name", True)
    given_name: str = text("roster", "given_name", True)
    rank: str | None = text("roster", "rank")
    sex: str = Field(min_length=1, max_length=1, description="F or M")
    personnel_category: str = text("roster", "personnel_category", True)
    nationality: str = Field(min_length=3, max_length=3, description="ISO 3166 alpha-3")
    birth_on: date | None = None
    appointment: str | None = text("roster", "appointment")
    key_appointment: bool = False
    nio: bool = False
    commander: bool = False  # a commander is also a key appointment
    start_on: date | None = None
    end_on: date | None = None


@schema
class RosterPush(BaseModel):
    model_config = ConfigDict(extra="forbid")
    people: list[RosterEntryIn] = Field(min_length=1, max_length=writes.MAX_ITEMS)


@schema
class RosterPersonOut(BaseModel):
    service_number: str
    person_id: int


@schema
class RosterPushResult(BaseModel):
    unit_id: int
    people_new: int
    people_updated: int
    members_new: int
    members_updated: int
    people: list[RosterPersonOut]


@schema
class RosterRemoval(BaseModel):
    unit_id: int
    person_id: int


def raw_value(value) -> str:
    """A JSON value as the import reads a cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def row_problems(found) -> list[dict]:
    """Import row problems (line = item index) as API problems."""
    out = []
    for item, column, code, params in found:
        if code == "duplicate_in_file":
            message = _("the same person is already item %(other)s", other=params["other"])
        else:
            message = messages.row_message(code, params)
        out.append(writes.problem(code, message, item, column))
    return out


def _push(unit: Unit, body: RosterPush, actor):
    iso3 = unit.state.iso3
    raw = [(i, {**{k: raw_value(v) for k, v in entry.model_dump().items()},
                "member_state": iso3}) for i, entry in enumerate(body.people)]
    typed, found = imports.parse("roster", raw)
    if found:
        raise writes.Refused(row_problems(found))
    found, _plan = roster.check(unit, typed)
    if found:
        raise writes.Refused(row_problems(found))
    counts = roster.write(unit, typed, actor)
    audit.append("roster.push", actor=actor, obj=unit,
                 details={"via": "api", "items": len(typed), **counts})
    numbers = [t["service_number"] for _i, t in typed]
    ids = dict(db.session.execute(select(Person.service_number, Person.id).where(
        Person.state_id == unit.state_id, Person.service_number.in_(numbers))).all())
    return 200, RosterPushResult(
        unit_id=unit.id, **counts,
        people=[RosterPersonOut(service_number=n, person_id=ids[n]) for n in numbers]
    ).model_dump(mode="json")


@bp.route("/units/<int:unit_id>/roster", methods=["POST"])
@limiter.shared_limit(writes.write_limit, scope="api-write", key_func=writes.writer_key)
@require(Action.UNIT_EDIT)
@writes.documented(
    "post", "Add or update people on a unit's roster",
    "People of the unit's Member State by service number, with their place on the roster; "
    "the roster import's rules (a person twice in the list, an unknown personnel category, a "
    "value of the wrong shape are refused, naming the item). People not in the list stay.",
    (200, "RosterPushResult"), body="RosterPush", path=("unit_id",), tag="units")
def unit_roster_push(unit_id):
    unit = db.get_or_404(Unit, unit_id)
    authorize(Action.UNIT_EDIT, unit)
    return writes.perform(RosterPush, lambda body, actor: _push(unit, body, actor))


def _remove(unit: Unit, person_id: int, actor):
    membership = db.session.scalar(select(Membership).where(
        Membership.unit_id == unit.id, Membership.person_id == person_id))
    if membership is None:
        raise writes.Refused([writes.problem("not_on_roster", _(
            "This person is not on the unit's roster."), field="person_id")], 404)
    unit_services.remove_membership(membership, actor=actor)
    return 200, RosterRemoval(unit_id=unit.id, person_id=person_id).model_dump(mode="json")


@bp.route("/units/<int:unit_id>/roster/<int:person_id>", methods=["DELETE"])
@limiter.shared_limit(writes.write_limit, scope="api-write", key_func=writes.writer_key)
@require(Action.UNIT_EDIT)
@writes.documented(
    "delete", "Take a person off a unit's roster",
    "The person's record stays; the audit trail keeps the roster's history. A person who is "
    "not on the roster (any more): 404, unless this is a retry of the removal with its "
    "Idempotency-Key, which gets the first answer again.",
    (200, "RosterRemoval"), path=("unit_id", "person_id"), tag="units")
def unit_roster_remove(unit_id, person_id):
    unit = db.get_or_404(Unit, unit_id)
    authorize(Action.UNIT_EDIT, unit)
    return writes.perform(None, lambda _body, actor: _remove(unit, person_id, actor))
