"""Users, their scopes, and personal API tokens."""
import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.catalogue.models import MemberState
from app.extensions import db
from app.timeutil import utcnow


class Role(str, enum.Enum):
    CENTRE_REGISTRAR = "centre_registrar"
    CERTIFYING_OFFICER = "certifying_officer"
    TOT_TRAINER = "tot_trainer"
    PARTNER_TRAINER = "partner_trainer"
    UN_OFFICER = "un_officer"
    UN_ADMIN = "un_admin"

    @property
    def needs_state(self) -> bool:
        return self in (Role.CENTRE_REGISTRAR, Role.CERTIFYING_OFFICER)

    @property
    def requires_mfa(self) -> bool:
        return self in (Role.UN_OFFICER, Role.UN_ADMIN, Role.CERTIFYING_OFFICER)

    @property
    def sees_all_states(self) -> bool:
        return self in (Role.UN_OFFICER, Role.UN_ADMIN)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    # What the person is, as printed under their name on the certificates they issue
    # ("Director, Peace Support Training"); None: their role's name is printed alone.
    job_title: Mapped[str | None] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=30,
                                            values_callable=lambda e: [m.value for m in e]))
    state_id: Mapped[int | None] = mapped_column(ForeignKey("member_states.id"), index=True)
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("training_centres.id"))
    is_enabled: Mapped[bool] = mapped_column(default=True)
    is_demo: Mapped[bool] = mapped_column(default=False)
    session_version: Mapped[int] = mapped_column(default=1)
    mfa_secret: Mapped[str | None] = mapped_column(String(64))
    mfa_enabled: Mapped[bool] = mapped_column(default=False)
    mfa_last_step: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    password_changed_at: Mapped[datetime | None]
    state: Mapped[MemberState | None] = relationship()
    partnership_links: Mapped[list["UserPartnership"]] = relationship(
        cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses disabled users
        return self.is_enabled

    def get_id(self) -> str:
        """Session identity carries the session version: bumping it ends every session."""
        return f"{self.id}:{self.session_version}"


class UserPartnership(db.Model):
    """A partner trainer's membership of a triangular partnership (its scope)."""

    __tablename__ = "user_partnerships"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), primary_key=True)


class ApiToken(db.Model):
    """A personal API token; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    user: Mapped[User] = relationship()


class IdempotencyRecord(db.Model):
    """The first successful answer to an API write sent with an `Idempotency-Key`, kept per user
    for API_IDEMPOTENCY_HOURS so a retry with the same key and body gets it back unchanged."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    key: Mapped[str] = mapped_column(String(200))
    fingerprint: Mapped[str] = mapped_column(String(64))  # SHA-256 of method, path and body
    status: Mapped[int]
    body: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Invitation(db.Model):
    """A one-time, expiring invitation to create an account; only the token's SHA-256 is stored."""

    __tablename__ = "invitations"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=30,
                                            values_callable=lambda e: [m.value for m in e]))
    state_id: Mapped[int | None] = mapped_column(ForeignKey("member_states.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    state: Mapped[MemberState | None] = relationship()
