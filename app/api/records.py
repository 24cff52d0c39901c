"""Language records and screening attestations over the API: the pages' services
(app/units/services.py record_language, record_screening), a batch all or nothing."""
from datetime import date
from typing import Literal

from flask_babel import gettext as _
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from app.api import writes
from app.api.blueprint import bp
from app.api.openapi import schema
from app.auth.permissions import Action, authorize, can, require
from app.extensions import db, limiter
from app.units import services
from app.units.errors import RecordError
from app.units.models import Person, Unit


@schema
class LanguageRecordIn(BaseModel):
    """A language assessment on the UN Language Framework (UN I to UN IV as 1 to 4)."""

    model_config = ConfigDict(extra="forbid")
    person_id: writes.Id
    language: str = Field(min_length=2, max_length=2, description="en, fr, es, ar, ru or zh")
    level: int = Field(ge=1, le=4)
    assessed_by: str = Field(min_length=1, max_length=60, description="How it was assessed")
    assessed_on: date
    valid_until: date | None = None


@schema
class LanguageRecordsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    records: list[LanguageRecordIn] = Field(min_length=1, max_length=writes.MAX_ITEMS)


@schema
class LanguageRecordsOut(BaseModel):
    recorded: int
    ids: list[int]


@schema
class ScreeningIn(BaseModel):
    """The Member State's screening attestation for a rotation: status and date only."""

    model_config = ConfigDict(extra="forbid")
    rotation: str = Field(min_length=1, max_length=40)
    status: Literal["cleared", "pending", "not_cleared"]
    attested_on: date


@schema
class ScreeningRecorded(BaseModel):
    id: int
    unit_id: int
    rotation: str
    status: str
    attested_on: date


def _languages(body: LanguageRecordsIn, actor):
    ids = {r.person_id for r in body.records}
    people = {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(ids)))}
    problems, rows = [], []
    for i, record in enumerate(body.records):
        person = people.get(record.person_id)
        if person is None or not can(actor, Action.PERSON_EDIT, person):
            problems.append(writes.problem("unknown_person", _("Unknown person."), i,
                                           "person_id"))
            continue
        try:
            rows.append(services.record_language(
                person, record.language, record.level, record.assessed_by, record.assessed_on,
                record.valid_until, actor=actor))
        except RecordError as error:
            problems.append(writes.problem(error.code, error, i, error.field))
    if problems:
        raise writes.Refused(problems)
    return 201, LanguageRecordsOut(recorded=len(rows), ids=[r.id for r in rows]).model_dump()


@bp.route("/languages", methods=["POST"])
@limiter.shared_limit(writes.write_limit, scope="api-write", key_func=writes.writer_key)
@require(Action.PERSON_EDIT)
@writes.documented(
    "post", "Record language assessments",
    "Assessments of people of your Member State (by person id) on the UN Language Framework, "
    "with the person page's rules: one of the six UN languages, level 1 to 4, not dated in the "
    "future, valid until on or after the assessment.",
    (201, "LanguageRecordsOut"), body="LanguageRecordsIn", tag="people")
def language_records_create():
    return writes.perform(LanguageRecordsIn, _languages)


def _screening(unit: Unit, body: ScreeningIn, actor):
    row = services.record_screening(unit, body.rotation, body.status, body.attested_on,
                                    actor=actor)
    return 201, ScreeningRecorded(id=row.id, unit_id=unit.id, rotation=row.rotation,
                                  status=row.status, attested_on=row.attested_on).model_dump(
        mode="json")


@bp.route("/units/<int:unit_id>/screenings", methods=["POST"])
@limiter.shared_limit(writes.write_limit, scope="api-write", key_func=writes.writer_key)
@require(Action.UNIT_EDIT)
@writes.documented(
    "post", "File a screening attestation",
    "The Member State's attestation that a rotation of the unit was screened: status and date "
    "only, never any detail of allegations; not dated in the future.",
    (201, "ScreeningRecorded"), body="ScreeningIn", path=("unit_id",), tag="units")
def unit_screening_create(unit_id):
    unit = db.get_or_404(Unit, unit_id)
    authorize(Action.UNIT_EDIT, unit)
    return writes.perform(ScreeningIn, lambda body, actor: _screening(unit, body, actor))
