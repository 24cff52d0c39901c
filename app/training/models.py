"""Partnerships, course sessions, completions and trainer qualifications."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.catalogue.models import Standard, TrainingCentre
from app.extensions import db
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


class ImportBatch(db.Model):
    """One confirmed bulk import; the file hash makes a second import of the same file a no-op."""

    __tablename__ = "import_batches"
    __table_args__ = (UniqueConstraint("state_id", "kind", "sha256"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("member_states.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # roster | results
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    row_count: Mapped[int]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
