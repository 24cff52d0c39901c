"""Password hashing (argon2id) and the password rules: 12 to 128 characters, not a common one.

No composition rules and no truncation: the password is checked exactly as typed (any Unicode).
Common and easily guessed passwords are refused with zxcvbn's offline frequency lists (30,000
leaked passwords plus dictionaries); a zxcvbn score under 3 is refused.
"""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from zxcvbn import zxcvbn

MIN_LENGTH, MAX_LENGTH = 12, 128
MIN_SCORE = 3
_STRONG = PasswordHasher()  # argon2id t=3, m=64 MiB, p=4: above ASVS 5.0 appendix C
_FAST = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)  # tests only

TOO_SHORT, TOO_LONG, TOO_COMMON = "too_short", "too_long", "too_common"


def _hasher() -> PasswordHasher:
    if has_app_context() and current_app.config.get("PASSWORD_HASH_FAST"):
        return _FAST
    return _STRONG


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with other parameters than today's (upgrade it at login)."""
    try:
        return _hasher().check_needs_rehash(stored_hash)
    except (InvalidHashError, ValueError):
        return True


def password_problem_codes(password: str, *, user_inputs=()) -> list[str]:
    """Why a new password is refused, as codes (TOO_SHORT, TOO_LONG, TOO_COMMON); empty = fine."""
    if len(password) < MIN_LENGTH:
        return [TOO_SHORT]
    if len(password) > MAX_LENGTH:
        return [TOO_LONG]
    score = zxcvbn(password, user_inputs=[u for u in user_inputs if u],
                   max_length=MAX_LENGTH)["score"]
    return [TOO_COMMON] if score < MIN_SCORE else []


# A hash to verify against when the user does not exist, so both answers take as long.
DUMMY_HASH = _STRONG.hash("not-a-real-password-for-timing")
_DUMMY_FAST = _FAST.hash("not-a-real-password-for-timing")


def dummy_hash() -> str:
    """A hash made with the current hasher's parameters (same cost as a real user's check)."""
    return _DUMMY_FAST if _hasher() is _FAST else DUMMY_HASH
