"""PCRS level decisions, recorded by UN staff."""
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.tenancy import by_state
from app.timeutil import utcnow


class PcrsDecision(db.Model):
    __tablename__ = "pcrs_decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("member_states.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    from_level: Mapped[str] = mapped_column(String(4))
    to_level: Mapped[str] = mapped_column(String(4))
    decided_on: Mapped[date]
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(String(500))
    evidence: Mapped[dict] = mapped_column(JSON, default=dict)
    certificate_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


by_state(PcrsDecision)  # tenancy: a state's decisions are its own
