"""Issued certificates. Never edited: status changes only, and a correction supersedes."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, false, or_, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.catalogue.models import MemberState
from app.certification.kinds import CertificateKind, CertificateStatus
from app.extensions import db
from app.tenancy import Scope, by_state, in_states, visible
from app.timeutil import utcnow


class Certificate(db.Model):
    __tablename__ = "certificates"
    # The status lists read the serials of revoked (or suspended) certificates only: this index
    # answers that without reading every certificate (docs/performance.md).
    __table_args__ = (
        Index("ix_certificates_status_serial", "status", "serial"),
        # Unit certificates among a million individual ones (homes, the watch list, a unit's
        # page): without it PostgreSQL walks every row of ix_certificates_unit_id.
        Index("ix_certificates_unit_certificates", "unit_id", "expires_on",
              postgresql_where=text("kind = 'unit'"), sqlite_where=text("kind = 'unit'")),
        # The revocation list also sets the superseded ones (few among many).
        Index("ix_certificates_superseded_serial", "serial",
              postgresql_where=text("superseded_by_id IS NOT NULL"),
              sqlite_where=text("superseded_by_id IS NOT NULL")),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(40), unique=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # a CertificateKind
    state_id: Mapped[int] = mapped_column(ForeignKey("member_states.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    profile_id: Mapped[int | None] = mapped_column(ForeignKey("requirement_profiles.id"))
    holder_name: Mapped[str] = mapped_column(String(300))
    issued_on: Mapped[date]
    expires_on: Mapped[date]
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issuer_name: Mapped[str] = mapped_column(String(300))
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON (RFC 8785), as signed
    signature: Mapped[str] = mapped_column(String(200))  # base64url Ed25519
    kid: Mapped[str] = mapped_column(String(64))
    # The same certificate as an Open Badges 3.0 credential with its Data Integrity proof (JSON,
    # as issued; app/credentials). None for certificates issued before it existed.
    open_badge: Mapped[str | None] = mapped_column(Text)
    pdf_path: Mapped[str] = mapped_column(String(300))
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    # a stored CertificateStatus: valid | suspended | revoked
    status: Mapped[str] = mapped_column(String(20), default=CertificateStatus.VALID)
    status_reason: Mapped[str | None] = mapped_column(String(300))
    status_changed_at: Mapped[datetime | None]
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    # The issuing form's one-time key: the same form sent twice (a double click, a retry on a
    # slow link) issues one certificate. None for bulk, CLI and demo issues.
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    state: Mapped[MemberState] = relationship()

    @property
    def managed_by_tot_centre(self) -> bool:
        """Trainer certificates are the ToT centre's to manage; the others their state's."""
        return self.kind == CertificateKind.TRAINER


class SerialCounter(db.Model):
    """Next serial number per state and year; locked while a certificate is issued."""

    __tablename__ = "serial_counters"
    __table_args__ = (UniqueConstraint("state_id", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("member_states.id"))
    year: Mapped[int]
    last: Mapped[int] = mapped_column(default=0)


class StatusSlot(db.Model):
    """A certificate's position in the published status lists (W3C Bitstring Status List):
    list `list_no`, bit `index`, the same position in the revocation and the suspension list.
    Reserved at random when the certificate is prepared, in the issuing transaction, so a
    rollback gives it back (app/certification/verification/status_list.py). `serial` names the
    certificate (known before its row exists, so no foreign key)."""

    __tablename__ = "status_slots"
    list_no: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    index: Mapped[int] = mapped_column("list_index", primary_key=True, autoincrement=False)
    serial: Mapped[str] = mapped_column(String(40), unique=True)


class Job(db.Model):
    """Long work (bulk PDF generation) with progress shown to the user who started it."""

    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("member_states.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[str] = mapped_column(Text, default="{}")
    status: Mapped[str] = mapped_column(String(20), default="queued")  # queued|running|done|failed
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    # members not issued one because they already hold a valid certificate for the same
    # standards (the default choice; app/certification/issuing/eligibility.py `apply_choice`)
    skipped: Mapped[int] = mapped_column(default=0)
    result_path: Mapped[str | None] = mapped_column(String(300))
    error: Mapped[str | None] = mapped_column(String(500))
    # The starting form's one-time key: the same form sent twice starts one job (a second
    # job would issue every certificate of the unit a second time).
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]


def _visible_certificates(scope: Scope):
    """A state's certificates are its own; the ToT centre sees every trainer certificate."""
    return or_(in_states(Certificate.state_id, scope),
               Certificate.kind == CertificateKind.TRAINER if scope.tot_centre else false())


by_state(Job)  # tenancy
visible(Certificate, _visible_certificates)
