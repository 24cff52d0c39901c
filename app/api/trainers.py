"""Trainers over the API: who holds which trainer qualification (the trainers page's list, by
opaque person id, no names), so a national system can name a session's trainers and signers."""
from datetime import date

from flask import jsonify
from pydantic import BaseModel

from app.api.blueprint import bp
from app.api.openapi import schema
from app.auth.permissions import Action, require
from app.timeutil import today
from app.training import queries
from app.training.rules import qualification_valid_on


@schema
class QualificationOut(BaseModel):
    code: str
    valid_from: date
    valid_until: date
    revoked_on: date | None
    valid_today: bool


@schema
class TrainerOut(BaseModel):
    person_id: int
    state: str
    qualifications: list[QualificationOut]


@schema
class TrainerList(BaseModel):
    count: int
    trainers: list[TrainerOut]


@bp.route("/trainers", methods=["GET"])
@require(Action.QUALIFICATION_VIEW)
def trainer_list():
    """Trainers the caller may see and their qualifications.
    ---
    get:
      summary: List trainers and their qualifications
      tags: [sessions]
      security: [{bearer: []}]
      responses:
        200: {description: The trainers, content: {application/json: {schema: TrainerList}}}
        401: {description: Not signed in, content: {application/json: {schema: ApiError}}}
        403: {description: Not allowed for this role, content: {application/json: {schema: ApiError}}}
    """
    on = today()
    trainers = [TrainerOut(person_id=person.id, state=person.state.iso3, qualifications=[
        QualificationOut(code=q.qualification_code, valid_from=q.valid_from,
                         valid_until=q.valid_until, revoked_on=q.revoked_on,
                         valid_today=qualification_valid_on(q, on)) for q in quals])
        for person, quals in queries.trainer_list()]
    body = TrainerList(count=len(trainers), trainers=trainers)
    return jsonify(body.model_dump(mode="json"))
