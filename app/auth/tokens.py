"""Secrets handed to people once: account invitations and personal API tokens.

Both are 256-bit values from `secrets`, shown once and stored only as SHA-256. An invitation
works once and expires; an API token works until it expires or is revoked.
"""
import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select

from app.audit import services as audit
from app.auth.models import ApiToken, Invitation, Role, User
from app.auth.services import AccountError, check_scope, create_user, find_user, normalise_email
from app.extensions import db
from app import timeutil

INVITE_LIFETIME = timedelta(hours=72)
API_TOKEN_PREFIX = "pkt_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_invitation(email: str, role: Role, *, state_id=None, display_name="", actor: User,
                      now: datetime | None = None) -> tuple[Invitation, str]:
    """Invite someone to a role; returns the invitation and its token (shown once)."""
    email, role = normalise_email(email), Role(role)
    check_scope(role, state_id)
    if find_user(email) is not None:
        raise AccountError("exists", email=email)
    now = now or timeutil.utcnow()
    token = secrets.token_urlsafe(32)
    invitation = Invitation(email=email, display_name=display_name, role=role, state_id=state_id,
                            token_hash=digest(token), created_by_id=actor.id, created_at=now,
                            expires_at=now + INVITE_LIFETIME)
    db.session.add(invitation)
    db.session.flush()
    audit.append("user.invite", actor=actor, obj=invitation, state_id=state_id,
                 details={"role": role.value})
    return invitation, token


def find_invitation(token: str, *, now: datetime | None = None) -> Invitation | None:
    """The open invitation for `token`: unknown, used and expired ones all give None."""
    if not token or len(token) > 100:
        return None
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == digest(token)))
    now = now or timeutil.utcnow()
    if invitation is None or invitation.used_at is not None or invitation.expires_at <= now:
        return None
    return invitation


def accept_invitation(invitation: Invitation, password: str, *,
                      now: datetime | None = None) -> User:
    """The invitee chooses a password; the account is created and the invitation used up."""
    user = create_user(invitation.email, invitation.role, password,
                       state_id=invitation.state_id, display_name=invitation.display_name)
    invitation.used_at, invitation.user_id = now or timeutil.utcnow(), user.id
    audit.append("user.invite_accept", actor=user, obj=invitation, state_id=invitation.state_id)
    return user


def create_api_token(user: User, name: str, *, days: int | None = None,
                     now: datetime | None = None) -> tuple[ApiToken, str]:
    """A personal API token for `Authorization: Bearer`; returns the row and the secret."""
    now = now or timeutil.utcnow()
    secret = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name.strip()[:100] or "token",
                     token_hash=digest(secret), prefix=secret[:12], created_at=now,
                     expires_at=now + timedelta(days=days) if days else None)
    db.session.add(token)
    db.session.flush()
    audit.append("api_token.create", actor=user, obj=token, state_id=user.state_id)
    return token, secret


def user_token(user: User, token_id: int) -> ApiToken | None:
    """One of the user's own tokens (another user's token is as good as missing)."""
    return db.session.scalar(select(ApiToken).where(ApiToken.id == token_id,
                                                    ApiToken.user_id == user.id))


def revoke_api_token(token: ApiToken, *, actor: User, now: datetime | None = None) -> None:
    if token.revoked_at is None:
        token.revoked_at = now or timeutil.utcnow()
        audit.append("api_token.revoke", actor=actor, obj=token, state_id=actor.state_id)

