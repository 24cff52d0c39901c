"""Account services: create users, authenticate, passwords, roles, enabling, MFA, end sessions.

Services take plain arguments (actor, now) and only flush; the caller commits once. Every change
appends an audit event in the same transaction; no personal values go into the details.
"""
from datetime import datetime

from sqlalchemy import func, select

from app.audit import services as audit
from app.auth import totp
from app.auth.models import ApiToken, Role, User
from app.auth.passwords import (dummy_hash, hash_password, needs_rehash, password_problem_codes,
                                verify_password)
from app.extensions import db
from app.timeutil import utcnow

ENGLISH = {
    "needs_state": "role {role} needs a Member State (--state ISO3)",
    "no_state_for_role": "role {role} is not bound to a Member State",
    "exists": "a user with email {email} already exists",
    "too_short": "Use at least 12 characters.",
    "too_long": "Use at most 128 characters.",
    "too_common": "This password is too common or too easy to guess.",
    "wrong_password": "The current password is wrong.",
    "same_password": "The new password must differ from the current one.",
    "bad_code": "That code is not valid. Enter the current 6-digit code from your app.",
    "mfa_required": "Your role requires two-step verification; it cannot be turned off.",
    "self_change": "You cannot change your own role or disable your own account.",
}


class AccountError(ValueError):
    """A refused account change. `code` selects the (translated) message in views."""

    def __init__(self, code: str, **params):
        self.code, self.params = code, params
        super().__init__(ENGLISH.get(code, code).format(**params))


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def check_new_password(password: str, *, user_inputs=()) -> None:
    codes = password_problem_codes(password, user_inputs=user_inputs)
    if codes:
        raise AccountError(codes[0])


def check_scope(role: Role, state_id) -> None:
    if role.needs_state and state_id is None:
        raise AccountError("needs_state", role=role.value)
    if role.sees_all_states and state_id is not None:
        raise AccountError("no_state_for_role", role=role.value)


def create_user(email: str, role: Role, password: str, *, state_id=None, display_name="",
                actor=None, is_demo=False) -> User:
    """Create an account; state roles must name their Member State, UN roles none."""
    email = normalise_email(email)
    role = Role(role)
    check_scope(role, state_id)
    check_new_password(password, user_inputs=[email, display_name])
    if find_user(email) is not None:
        raise AccountError("exists", email=email)
    user = User(email=email, role=role, state_id=state_id, display_name=display_name or email,
                password_hash=hash_password(password), is_demo=is_demo,
                password_changed_at=utcnow())
    db.session.add(user)
    db.session.flush()
    audit.append("user.create", actor=actor, obj=user, state_id=state_id,
                 details={"role": role.value})
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user for these credentials, or None. Unknown user, wrong password and a disabled
    account look the same and cost the same (one argon2 check each)."""
    user = find_user(email)
    if user is None:
        verify_password(dummy_hash(), password)
        return None
    if not verify_password(user.password_hash, password) or not user.is_enabled:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def end_sessions(user: User) -> None:
    """Invalidate every session and remember cookie of `user` (logout, password change, disable)."""
    user.session_version = (user.session_version or 1) + 1


def end_credentials(user: User, reason: str) -> None:
    """End every session and revoke every API token of `user` for good (password change, role
    change, disable, an administrator signing the user out): a token made before stays dead even
    when the account is re-enabled; the user makes a new one."""
    end_sessions(user)
    now = utcnow()
    tokens = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id,
                                                       ApiToken.revoked_at.is_(None))).all()
    for token in tokens:
        token.revoked_at = now
    if tokens:
        audit.append("api_token.revoke_all", actor=None, obj=user, state_id=user.state_id,
                     details={"reason": reason, "count": len(tokens)})


def needs_mfa(user: User) -> bool:
    """Two-step verification is required for UN staff and certifying officers, and for anyone
    who turned it on."""
    return user.role.requires_mfa or bool(user.mfa_enabled)


def change_password(user: User, current: str, new: str) -> None:
    """A user changes their own password: the current one is required; every session of the
    user ends (the caller signs the current browser back in)."""
    if not verify_password(user.password_hash, current):
        raise AccountError("wrong_password")
    if current == new:
        raise AccountError("same_password")
    check_new_password(new, user_inputs=[user.email, user.display_name])
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    end_credentials(user, "password_change")
    audit.append("user.password_change", actor=user, obj=user)


def change_role(user: User, role: Role, state_id, *, actor: User) -> None:
    """An administrator moves a user to another role (and scope); the user's sessions end so the
    new role (and its MFA rule) applies from the next sign-in."""
    role = Role(role)
    if actor is not None and actor.id == user.id:
        raise AccountError("self_change")
    check_scope(role, state_id)
    before = {"role": user.role.value, "state_id": user.state_id}
    user.role, user.state_id = role, state_id
    end_credentials(user, "role_change")
    audit.append("user.role_change", actor=actor, obj=user, state_id=state_id,
                 details={"from": before, "to": {"role": role.value, "state_id": state_id}})


def set_details(user: User, display_name: str, job_title: str | None, *, actor: User) -> None:
    """An administrator sets how a user is named on pages and on the certificates they issue
    from now on (certificates already issued keep what they print)."""
    before = {"display_name": user.display_name, "job_title": user.job_title}
    user.display_name = display_name.strip() or user.email
    user.job_title = (job_title or "").strip() or None
    audit.append("user.details", actor=actor, obj=user,
                 details={"from": before, "to": {"display_name": user.display_name,
                                                 "job_title": user.job_title}})


def set_enabled(user: User, enabled: bool, *, actor: User) -> None:
    """Disable (which ends every session and revokes every API token for good) or re-enable an
    account."""
    if actor is not None and actor.id == user.id:
        raise AccountError("self_change")
    user.is_enabled = enabled
    if enabled:
        end_sessions(user)
    else:
        end_credentials(user, "disable")
    audit.append("user.enable" if enabled else "user.disable", actor=actor, obj=user)


def end_user_sessions(user: User, *, actor: User) -> None:
    """An administrator signs a user out everywhere (API tokens included)."""
    end_credentials(user, "sessions_end")
    audit.append("user.sessions_end", actor=actor, obj=user)


# --- two-step verification ---------------------------------------------------------------

def verify_mfa(user: User, code: str, *, now: datetime | None = None) -> bool:
    """Check a TOTP code for an enrolled user; a code works once (its step is stored)."""
    step = None
    if user.mfa_secret and user.mfa_enabled:
        step = totp.match_step(user.mfa_secret, code, (now or utcnow()).timestamp(),
                               user.mfa_last_step or 0)
    if step is None:
        audit.append("auth.mfa_failed", actor=None, obj=user)
        return False
    user.mfa_last_step = step
    audit.append("auth.mfa_ok", actor=user, obj=user)
    return True


def enrol_mfa(user: User, secret: str, code: str, *, now: datetime | None = None) -> bool:
    """Turn on two-step verification with a new secret once the user proves their app has it."""
    step = totp.match_step(secret, code, (now or utcnow()).timestamp(), 0)
    if step is None:
        audit.append("auth.mfa_failed", actor=None, obj=user, details={"enrolment": True})
        return False
    user.mfa_secret, user.mfa_enabled, user.mfa_last_step = secret, True, step
    audit.append("auth.mfa_enrolled", actor=user, obj=user)
    return True


def disable_mfa(user: User, current_password: str) -> None:
    """Roles that do not require it may turn two-step verification off (password needed)."""
    if user.role.requires_mfa:
        raise AccountError("mfa_required")
    if not verify_password(user.password_hash, current_password):
        raise AccountError("wrong_password")
    user.mfa_secret, user.mfa_enabled, user.mfa_last_step = None, False, 0
    end_sessions(user)
    audit.append("auth.mfa_disabled", actor=user, obj=user)
