"""Certification requests: the hand-off from a registrar to the certifying officer.

A registrar asks for a unit's certificate at a PCRS level once readiness says the unit is
certifiable; the request waits in the certifying officer's queue with the unit's verdict as it is
now; the officer issues the unit certificate from the queue or declines with a reason the
registrar sees. Every step is an audit event. One request waits per unit and level at a time.
"""
import enum
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.audit import services as audit
from app.extensions import db
from app.readiness import services as readiness, verdict_cache
from app.tenancy import by_state
from app.timeutil import utcnow
from app.units.models import Unit

REASON_MAX = 500


class RequestStatus(enum.StrEnum):
    WAITING = "waiting"
    ISSUED = "issued"
    DECLINED = "declined"


class CertificationRequest(db.Model):
    __tablename__ = "certification_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("member_states.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    level: Mapped[str] = mapped_column(String(10))  # a PcrsLevel
    status: Mapped[str] = mapped_column(String(20), default=RequestStatus.WAITING)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    decline_reason: Mapped[str | None] = mapped_column(String(REASON_MAX))
    certificate_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    unit: Mapped[Unit] = relationship()
    requested_by = relationship("User", foreign_keys=[requested_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    certificate = relationship("Certificate")


by_state(CertificationRequest)  # tenancy: a state's requests are its own


class RequestRefused(Exception):
    """A request step that cannot be taken; `code` is stable, `reasons` the verdict's."""

    def __init__(self, code: str, reasons=()):
        super().__init__(code)
        self.code = code
        self.reasons = tuple(reasons)


def waiting_for(unit_id: int, level: str | None = None) -> CertificationRequest | None:
    """The request of `unit_id` (at `level`, when given) waiting in the queue, if any."""
    query = select(CertificationRequest).where(
        CertificationRequest.unit_id == unit_id,
        CertificationRequest.status == RequestStatus.WAITING)
    if level is not None:
        query = query.where(CertificationRequest.level == level)
    return db.session.scalar(query.order_by(CertificationRequest.id.desc()).limit(1))


def latest_for(unit_id: int) -> CertificationRequest | None:
    """The unit's newest request, whatever its state (the unit page shows it)."""
    return db.session.scalar(select(CertificationRequest)
                             .where(CertificationRequest.unit_id == unit_id)
                             .order_by(CertificationRequest.id.desc()).limit(1))


def request_certification(unit: Unit, level: str, actor, on: date) -> CertificationRequest:
    """Put the unit in the certifying officer's queue for `level`: refused while one waits, or
    when readiness says the unit is not certifiable against that level's profile on `on`."""
    from app.readiness import services as readiness

    if waiting_for(unit.id, level) is not None:
        raise RequestRefused("already_waiting")
    profile = readiness.profile_for(unit, level)
    if profile is None:
        raise RequestRefused("no_profile")
    verdict = readiness.unit_readiness(unit, on, profile=profile).verdict
    if not verdict.certifiable:
        raise RequestRefused("not_certifiable", verdict.reasons)
    found = CertificationRequest(state_id=unit.state_id, unit_id=unit.id, level=level,
                                 requested_by_id=actor.id)
    db.session.add(found)
    db.session.flush()
    audit.append("certification.request", actor=actor, obj=found, state_id=unit.state_id,
                 details={"unit_id": unit.id, "level": level})
    return found


def _waiting(found: CertificationRequest) -> None:
    if found.status != RequestStatus.WAITING:
        raise RequestRefused("not_waiting")


def issue_from_queue(found: CertificationRequest, actor, on: date, show_names: bool,
                     key: str | None):
    """Issue the unit certificate a waiting request asks for (NotEligible when the unit is
    no longer certifiable) and mark the request issued."""
    _waiting(found)
    return issue_unit_certificate(found.unit, found.level, actor, on, show_names, key)


def issue_unit_certificate(unit: Unit, level: str, actor, on: date, show_names: bool,
                           key: str | None):
    """Issue the unit's certificate for `level` (from the queue or the unit certification
    page alike) and mark the request waiting for it, if any, issued."""
    from app.certification import services

    cert = services.issue_unit(unit, level, actor, on, show_names=show_names, key=key)
    found = waiting_for(unit.id, level)
    if found is not None:
        settle(found, cert, actor)
    return cert


def settle(found: CertificationRequest, cert, actor) -> None:
    """Mark a waiting request answered by the unit certificate `cert`."""
    found.status, found.certificate_id = RequestStatus.ISSUED, cert.id
    found.decided_by_id, found.decided_at = actor.id, utcnow()
    db.session.flush()
    audit.append("certification.request_issued", actor=actor, obj=found,
                 state_id=found.state_id,
                 details={"unit_id": found.unit_id, "level": found.level,
                          "serial": cert.serial})


def decline(found: CertificationRequest, reason: str, actor) -> None:
    """Decline a waiting request with a reason the registrar reads (1 to REASON_MAX
    characters, printable)."""
    _waiting(found)
    reason = " ".join((reason or "").split())
    if not reason:
        raise RequestRefused("reason_missing")
    if len(reason) > REASON_MAX:
        raise RequestRefused("reason_long")
    found.status, found.decline_reason = RequestStatus.DECLINED, reason
    found.decided_by_id, found.decided_at = actor.id, utcnow()
    db.session.flush()
    audit.append("certification.request_declined", actor=actor, obj=found,
                 state_id=found.state_id,
                 details={"unit_id": found.unit_id, "level": found.level, "reason": reason})


def queue(limit: int = 100) -> list[CertificationRequest]:
    """Waiting requests in the caller's scope, oldest first."""
    from sqlalchemy.orm import selectinload

    return list(db.session.scalars(
        select(CertificationRequest).where(CertificationRequest.status == RequestStatus.WAITING)
        .options(selectinload(CertificationRequest.unit),
                 selectinload(CertificationRequest.requested_by))
        .order_by(CertificationRequest.requested_at, CertificationRequest.id).limit(limit)))


def recent(limit: int = 20) -> list[CertificationRequest]:
    """The newest requests in the caller's scope, whatever their state."""
    from sqlalchemy.orm import selectinload

    return list(db.session.scalars(
        select(CertificationRequest)
        .options(selectinload(CertificationRequest.unit))
        .order_by(CertificationRequest.requested_at.desc(), CertificationRequest.id.desc())
        .limit(limit)))


@dataclass(frozen=True)
class QueueLine:
    request: object  # app.certification.requests.CertificationRequest
    has_profile: bool
    certifiable: bool
    reasons: tuple = ()


def certification_queue(on: date) -> list[QueueLine]:
    """The waiting requests in scope, oldest first, each with its unit's verdict on `on` at the
    level asked (a unit no longer certifiable says so)."""
    waiting = queue()
    verdicts = verdict_cache.summaries([r.unit for r in waiting], on,
                                       levels={r.unit_id: r.level for r in waiting})
    lines = []
    for found in waiting:
        profile, verdict = verdicts[found.unit_id]
        lines.append(QueueLine(found, profile is not None, bool(verdict and verdict.certifiable),
                               verdict.reasons if verdict else ()))
    return lines
