"""Writing course sessions over the API: the page's services (training.services.create_session,
add_attendees) with the page's choices (trainers: the caller's state's people holding a trainer
qualification; attendees: people the caller can see), standards named by code and version."""
from datetime import date

from flask import abort
from flask_babel import gettext as _
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from app.api import writes
from app.api.blueprint import bp
from app.api.openapi import schema
from app.auth.permissions import Action, authorize, require
from app.catalogue.models import MemberState, Standard, TrainingCentre
from app.catalogue.versions import version_current_during
from app.extensions import db, limiter
from app.training import queries, services
from app.training.models import CourseSession, SessionAttendee
from app.units.models import Person

MAX_STANDARDS = 50
MAX_TRAINERS = 50


@schema
class StandardRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=1, max_length=40)
    version: str | None = Field(default=None, max_length=20,
                                description="Omitted: the version current during the session")


@schema
class SessionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1, max_length=200)
    start_on: date
    end_on: date
    language: str = Field(min_length=2, max_length=2, description="en, fr, es, ar, ru or zh")
    centre: str | None = Field(default=None, max_length=40, description="Training centre code")
    partnership_id: writes.Id | None = None
    standards: list[StandardRef] = Field(min_length=1, max_length=MAX_STANDARDS)
    trainers: list[writes.Id] = Field(default_factory=list, max_length=MAX_TRAINERS,
                                description="Person ids of trainers of your Member State "
                                            "holding a trainer qualification")
    attendees: list[writes.Id] = Field(default_factory=list, max_length=writes.MAX_ITEMS,
                                 description="Person ids")


@schema
class AttendeesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    person_ids: list[writes.Id] = Field(min_length=1, max_length=writes.MAX_ITEMS)


@schema
class SessionOut(BaseModel):
    id: int
    title: str
    state: str
    start_on: date
    end_on: date
    language: str
    centre: str | None
    partnership_id: int | None
    standards: list[StandardRef]
    trainers: list[int]
    attendees: list[int]


@schema
class AttendeesAdded(BaseModel):
    session_id: int
    added: int
    attendees: list[int]


def session_out(session: CourseSession) -> dict:
    attendees = sorted(db.session.scalars(select(SessionAttendee.person_id).where(
        SessionAttendee.session_id == session.id)))
    state = db.session.get(MemberState, session.state_id)
    return SessionOut(
        id=session.id, title=session.title, state=state.iso3, start_on=session.start_on,
        end_on=session.end_on, language=session.language,
        centre=session.centre.code if session.centre else None,
        partnership_id=session.partnership_id,
        standards=[StandardRef(code=s.standard.code, version=s.standard.version)
                   for s in session.standards],
        trainers=sorted(t.person_id for t in session.trainers), attendees=attendees,
    ).model_dump(mode="json")


def _standard(ref: StandardRef, item: int, start_on: date, end_on: date) -> Standard:
    """The standard version named, or the one version current during the session."""
    versions = list(db.session.scalars(select(Standard).where(Standard.code == ref.code)))
    if ref.version is not None:
        versions = [s for s in versions if s.version == ref.version]
        label = f"{ref.code}@{ref.version}"
    else:
        label = ref.code
    if not versions:
        message = _("Unknown standard: %(ref)s.", ref=label)
    else:
        if ref.version is None:
            versions = [s for s in versions if version_current_during(
                s.effective_on, s.retired_on, start_on, end_on)]
        if len(versions) == 1:
            return versions[0]
        message = _("No version of %(code)s is current during the session; name the "
                    "version.", code=ref.code)
    raise writes.Refused([writes.problem("unknown_standard", message, item, "standards")])


def unseen_people(ids: list[int], name: str) -> list[dict]:
    """Items naming someone the caller cannot see (in another state, or no one)."""
    seen = set(db.session.scalars(select(Person.id).where(Person.id.in_(set(ids))))) \
        if ids else set()
    return [writes.problem("unknown_person", _("Unknown person."), i, name)
            for i, pid in enumerate(ids) if pid not in seen]


def _create(body: SessionIn, actor):
    if actor.state_id is None:
        raise writes.Refused([writes.problem("no_state", _("Your account has no Member State."))])
    standards = [_standard(ref, i, body.start_on, body.end_on)
                 for i, ref in enumerate(body.standards)]
    qualified = {p.id for p in queries.qualified_trainers([actor.state_id])}
    problems = [writes.problem("unknown_trainer", _("Unknown trainer."), i, "trainers")
                for i, pid in enumerate(body.trainers) if pid not in qualified]
    problems += unseen_people(body.attendees, "attendees")
    if problems:
        raise writes.Refused(problems)
    centre_id = None
    if body.centre is not None:
        centre_id = db.session.scalar(select(TrainingCentre.id).where(
            TrainingCentre.code == body.centre))
        if centre_id is None:
            raise writes.Refused([writes.problem("unknown_centre", _("Unknown training centre."),
                                                 field="centre")])
    session = services.create_session(
        actor.state_id, centre_id, body.title, body.start_on, body.end_on, body.language,
        [s.id for s in standards], body.trainers, partnership_id=body.partnership_id,
        actor=actor)
    services.add_attendees(session, body.attendees, actor=actor)
    return 201, session_out(session)


@bp.route("/sessions", methods=["POST"])
@limiter.shared_limit(writes.write_limit, scope="api-write", key_func=writes.writer_key)
@require(Action.SESSION_EDIT)
@writes.documented(
    "post", "Record a course session with its trainers and attendees",
    "A session of your Member State delivering one or more standards (by code; the version "
    "current during the session unless named), with the page's rules: dates in order, every "
    "standard current during the session, trainers of your state holding a trainer "
    "qualification, attendees of the states the session trains, a partnership session within "
    "the partnership's period. Training of Trainers sessions are not written here.",
    (201, "SessionOut"), body="SessionIn", tag="sessions")
def session_create():
    return writes.perform(SessionIn, _create)


def _add(session: CourseSession, body: AttendeesIn, actor):
    problems = unseen_people(body.person_ids, "person_ids")
    if problems:
        raise writes.Refused(problems)
    added = services.add_attendees(session, body.person_ids, actor=actor)
    return 200, AttendeesAdded(session_id=session.id, added=added,
                               attendees=session_out(session)["attendees"]).model_dump()


@bp.route("/sessions/<int:session_id>/attendees", methods=["POST"])
@limiter.shared_limit(writes.write_limit, scope="api-write", key_func=writes.writer_key)
@require(Action.SESSION_EDIT)
@writes.documented(
    "post", "Enrol people in a session",
    "People (by id) of the states the session trains; people already enrolled are left as "
    "they are (`added` counts the new ones).",
    (200, "AttendeesAdded"), body="AttendeesIn", path=("session_id",), tag="sessions")
def session_attendees_add(session_id):
    session = db.get_or_404(CourseSession, session_id)
    if session.is_tot:
        abort(404)
    authorize(Action.SESSION_EDIT, session)
    return writes.perform(AttendeesIn, lambda body, actor: _add(session, body, actor))
