"""Partnerships, course sessions, completions and trainer qualifications."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint, false, or_, select, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.catalogue.models import Standard, TrainingCentre
from app.extensions import db
from app.tenancy import Scope, in_states, visible
from app.timeutil import utcnow
from app.units.models import Person


class Partnership(db.Model):
    """A triangular partnership: the UN runs it, partner states give trainers or funds,
    trainee states send trainees."""

    __tablename__ = "partnerships"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    un_entity: Mapped[str] = mapped_column(String(100))
    stream: Mapped[str] = mapped_column(String(20))  # engineering | medical | c4isr | other
    donors: Mapped[str | None] = mapped_column(String(300))
    start_on: Mapped[date]
    end_on: Mapped[date | None]
    states: Mapped[list["PartnershipState"]] = relationship(cascade="all, delete-orphan")


class PartnershipState(db.Model):
    __tablename__ = "partnership_states"
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("member_states.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(10), primary_key=True)  # trainee | partner | donor


class CourseSession(db.Model):
    """A delivery of one or more standards. `state_id` is the state whose people it trains
    (for a ToT session, the ToT centre's state)."""

    __tablename__ = "course_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("member_states.id"), index=True)
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("training_centres.id"))
    title: Mapped[str] = mapped_column(String(200))
    start_on: Mapped[date]
    end_on: Mapped[date]
    language: Mapped[str] = mapped_column(String(2), default="en")
    partnership_id: Mapped[int | None] = mapped_column(ForeignKey("partnerships.id"), index=True)
    is_tot: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    centre: Mapped[TrainingCentre | None] = relationship()
    partnership: Mapped[Partnership | None] = relationship()
    standards: Mapped[list["SessionStandard"]] = relationship(cascade="all, delete-orphan")
    trainers: Mapped[list["SessionTrainer"]] = relationship(cascade="all, delete-orphan")
    attendees: Mapped[list["SessionAttendee"]] = relationship(cascade="all, delete-orphan")


class SessionStandard(db.Model):
    __tablename__ = "session_standards"
    session_id: Mapped[int] = mapped_column(ForeignKey("course_sessions.id"), primary_key=True)
    standard_id: Mapped[int] = mapped_column(ForeignKey("standards.id"), primary_key=True)
    standard: Mapped[Standard] = relationship()


class SessionTrainer(db.Model):
    __tablename__ = "session_trainers"
    session_id: Mapped[int] = mapped_column(ForeignKey("course_sessions.id"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    person: Mapped[Person] = relationship()


class SessionAttendee(db.Model):
    __tablename__ = "session_attendees"
    session_id: Mapped[int] = mapped_column(ForeignKey("course_sessions.id"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True, index=True)
    person: Mapped[Person] = relationship()


class Completion(db.Model):
    """A person's result on one standard version. `state_id` is the person's state."""

    __tablename__ = "completions"
    __table_args__ = (UniqueConstraint("person_id", "standard_id", "completed_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("member_states.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    standard_id: Mapped[int] = mapped_column(ForeignKey("standards.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("course_sessions.id"), index=True)
    completed_on: Mapped[date]
    passed: Mapped[bool]
    score: Mapped[int | None]
    signed_off_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    standard: Mapped[Standard] = relationship()
    signed_off_by: Mapped[Person | None] = relationship(foreign_keys=[signed_off_by_id])


class TrainerQualification(db.Model):
    """Granted by the ToT centre: the trainer may teach and sign off every standard whose
    `sign_off` names `qualification_code`, from `valid_from` to `valid_until` inclusive."""

    __tablename__ = "trainer_qualifications"
    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("member_states.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    qualification_code: Mapped[str] = mapped_column(String(40), index=True)
    valid_from: Mapped[date]
    valid_until: Mapped[date]
    session_id: Mapped[int | None] = mapped_column(ForeignKey("course_sessions.id"))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_on: Mapped[date | None]
    revoked_reason: Mapped[str | None] = mapped_column(String(300))
    person: Mapped[Person] = relationship()


# -- tenancy: what each scope sees of the training records ---------------------------------------

def _visible_sessions(scope: Scope):
    """A state's sessions; a partner's partnership sessions; the ToT centre's ToT sessions."""
    parts = tuple(scope.partnership_ids)
    return or_(in_states(CourseSession.state_id, scope),
               CourseSession.partnership_id.in_(parts) if parts else false(),
               CourseSession.is_tot.is_(true()) if scope.tot_centre else false())


def _through_sessions(scope: Scope) -> bool:
    """Whether the scope sees people and results through the sessions it sees (partners, ToT)."""
    return bool(scope.partnership_ids) or scope.tot_centre


def _session_ids(scope: Scope):
    return select(CourseSession.id).where(_visible_sessions(scope))


def _people_in_sessions(scope: Scope):
    """Beyond its state's people: those attending or teaching a session the scope sees."""
    if not _through_sessions(scope):
        return false()
    ids = _session_ids(scope)
    return Person.id.in_(
        select(SessionAttendee.person_id).where(SessionAttendee.session_id.in_(ids))
        .union(select(SessionTrainer.person_id).where(SessionTrainer.session_id.in_(ids))))


def _visible_completions(scope: Scope):
    return or_(in_states(Completion.state_id, scope),
               Completion.session_id.in_(_session_ids(scope)) if _through_sessions(scope)
               else false())


def _visible_qualifications(scope: Scope):
    """The ToT centre grants qualifications, so it sees all of them; a state its own."""
    return true() if scope.tot_centre else in_states(TrainerQualification.state_id, scope)


visible(CourseSession, _visible_sessions)
visible(Person, _people_in_sessions)
visible(Completion, _visible_completions)
visible(TrainerQualification, _visible_qualifications)
