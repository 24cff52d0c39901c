"""Signing in, in one or two steps.

After the password, a user who needs two-step verification is only "half signed in": the
session holds a pending identity (valid 10 minutes) but no Flask-Login user, so every protected
page still treats them as anonymous. Only a valid TOTP code (or a completed enrolment) turns it
into a full session. A full session records whether it passed MFA (`_mfa_ok`), and app/security.py
refuses a session of an MFA role that did not.
"""
from flask import session
from flask_login import login_user

from app import timeutil
from app.audit import services as audit
from app.auth.blueprint import load_user
from app.auth.models import User

PENDING_SECONDS = 600


def start_pending(user: User, next_url: str | None) -> None:
    """Password accepted; a second step is still needed."""
    session.clear()
    session["_mfa_user"] = user.get_id()
    session["_mfa_at"] = timeutil.utcnow().timestamp()
    session["_mfa_next"] = next_url


def pending_user() -> User | None:
    """The half-signed-in user of this session, if the password step was recent."""
    identity, started = session.get("_mfa_user"), session.get("_mfa_at")
    if not identity or not isinstance(started, (int, float)):
        return None
    if timeutil.utcnow().timestamp() - started > PENDING_SECONDS:
        return None
    return load_user(identity)


def pending_next() -> str | None:
    return session.get("_mfa_next")


def complete_login(user: User, *, mfa: bool) -> None:
    """Start a brand-new session for `user` (the old session's contents are dropped)."""
    session.clear()
    login_user(user)
    now = timeutil.utcnow()
    session["_mfa_ok"] = mfa
    session["_started"] = session["_last"] = now.timestamp()
    user.last_login_at = now
    audit.append("auth.login", actor=user, obj=user, details={"mfa": mfa})


def renew_session(user: User) -> None:
    """Keep this browser signed in after the user's sessions were ended (password change)."""
    mfa_ok, started = bool(session.get("_mfa_ok")), session.get("_started")
    session.clear()
    login_user(user)
    now = timeutil.utcnow().timestamp()
    session["_mfa_ok"] = mfa_ok
    session["_started"], session["_last"] = started or now, now
