"""Brute-force limits for the sign-in and two-step verification forms.

Two limits apply to each form: per client address (every attempt counts; default 10 a minute)
and per account (only failures count: at most 100 failed passwords an hour, 5 failed codes in
5 minutes). Limiting per address too keeps one attacker from locking a real user out cheaply:
locking an account needs 100 failures, i.e. 10 addresses for a whole hour. Storage is
`RATELIMIT_STORAGE_URI` (memory:// by default; Redis in production, see app/config.py).
"""
import hashlib

from flask import current_app, request, session
from flask_limiter.util import get_remote_address

from app.auth.services import normalise_email


def per_ip() -> str:
    return current_app.config.get("LOGIN_LIMIT_PER_IP", "10 per minute")


def per_account() -> str:
    return current_app.config.get("LOGIN_LIMIT_PER_ACCOUNT", "100 per hour")


def mfa_per_account() -> str:
    return current_app.config.get("MFA_LIMIT_PER_ACCOUNT", "5 per 5 minutes")


def ip_key() -> str:
    return get_remote_address() or "unknown"


def account_key() -> str:
    email = normalise_email(request.form.get("email", ""))
    return "acct:" + hashlib.sha256(email.encode()).hexdigest()


def pending_account_key() -> str:
    identity = session.get("_mfa_user") or "none"
    return "mfa:" + identity.partition(":")[0]


def login_failed(response) -> bool:
    """A sign-in attempt failed unless it redirected (to the next page or the MFA step)."""
    return response.status_code != 302


def code_failed(response) -> bool:
    return response.status_code != 302
