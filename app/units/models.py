"""Pledged units, their people and rosters, screening and language records.

Every table here carries `state_id`: the tenancy hook in app/tenancy.py filters on it.
"""
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.catalogue.models import MemberState
from app.extensions import db
from app.tenancy import by_state
from app.timeutil import utcnow


class Unit(db.Model):
    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("member_states.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    unit_type: Mapped[str] = mapped_column(String(60))
    authorised_strength: Mapped[int]
    mission: Mapped[str | None] = mapped_column(String(100))
    mission_language: Mapped[str] = mapped_column(String(2), default="en")  # en | fr
    pledge_capability: Mapped[str | None] = mapped_column(String(200))
    pledged_on: Mapped[date | None]
    pcrs_level: Mapped[str] = mapped_column(String(4), default="L1")
    deployable_days: Mapped[int | None]  # 30 / 60 / 90 for RDL commitments
    rotation: Mapped[str] = mapped_column(String(40), default="R1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # raised, in the same transaction, by any change a readiness verdict of the unit reads
    # (app/readiness/verdict_cache.py); never set by hand
    verdict_stamp: Mapped[int] = mapped_column(default=0, server_default="0")
    state: Mapped[MemberState] = relationship()
    memberships: Mapped[list["Membership"]] = relationship(back_populates="unit",
                                                           cascade="all, delete-orphan")


def display_name(rank: str | None, given_name: str, family_name: str) -> str:
    """How a person is named on pages and certificates: "Capt Amina Otieno"."""
    return f"{rank + ' ' if rank else ''}{given_name} {family_name}"


class Person(db.Model):
    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("state_id", "service_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("member_states.id"), index=True)
    service_number: Mapped[str] = mapped_column(String(40))
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    rank: Mapped[str | None] = mapped_column(String(60))
    sex: Mapped[str] = mapped_column(String(1))  # F | M
    personnel_category: Mapped[str] = mapped_column(String(60))
    nationality: Mapped[str] = mapped_column(String(3))
    birth_on: Mapped[date | None]  # personal data: shown only with Action.PERSONAL_DATA_VIEW
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    state: Mapped[MemberState] = relationship()

    @property
    def display_name(self) -> str:
        return display_name(self.rank, self.given_name, self.family_name)

    def distinct_name(self, show_number: bool) -> str:
        """The name with what tells namesakes apart on a page (its fields' labels): the service
        number for those who may see it, else the record's number."""
        return f"{self.display_name} ({self.service_number if show_number else f'#{self.id}'})"


class Membership(db.Model):
    """A person on a unit's roster."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("unit_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("member_states.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    appointment: Mapped[str | None] = mapped_column(String(120))
    is_key_appointment: Mapped[bool] = mapped_column(default=False)
    is_nio: Mapped[bool] = mapped_column(default=False)
    is_commander: Mapped[bool] = mapped_column(default=False)  # commanders are key appointments
    start_on: Mapped[date | None]
    end_on: Mapped[date | None]
    unit: Mapped[Unit] = relationship(back_populates="memberships")
    person: Mapped[Person] = relationship()


class ScreeningAttestation(db.Model):
    """The state's attestation that a rotation was screened. Status and date only, never details."""

    __tablename__ = "screening_attestations"
    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("member_states.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    rotation: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))  # cleared | pending | not_cleared
    attested_on: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class LanguageProficiency(db.Model):
    __tablename__ = "language_proficiencies"
    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("member_states.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    language: Mapped[str] = mapped_column(String(2))  # en | fr
    level: Mapped[int]  # UN I-IV as 1-4
    assessed_by: Mapped[str] = mapped_column(String(60))  # how assessed
    assessed_on: Mapped[date]
    valid_until: Mapped[date | None]


# Tenancy: a state's rows are its own (a person is also seen through a visible course session:
# app/training/models.py adds that rule).
by_state(Unit, Membership, ScreeningAttestation, LanguageProficiency, Person)
