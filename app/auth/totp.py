"""Time-based one-time passwords (RFC 6238, 30 s steps, 6 digits) and the enrolment QR code.

Rules: the secret is 160 random bits from the OS CSPRNG; a code is accepted for the current step
and one step either side (clock skew); a step, once used, is never accepted again for that user
(the caller stores the returned step). Pure: no Flask, no database; times are passed in.
"""
import hmac

import pyotp
import segno

STEP_SECONDS = 30
SKEW_STEPS = 1
ISSUER = "PKT Standards"


def new_secret() -> str:
    return pyotp.random_base32()  # 32 base32 characters = 160 bits, from `secrets`


def step_at(timestamp: float) -> int:
    return int(timestamp) // STEP_SECONDS


def code_at(secret: str, step: int) -> str:
    return pyotp.TOTP(secret).at(step * STEP_SECONDS)


def match_step(secret: str, code: str, timestamp: float, last_used_step: int) -> int | None:
    """The step `code` belongs to (now, or one step either side) if it is newer than the last
    used step; None otherwise (wrong, too old, or a replay)."""
    code = (code or "").strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    now = step_at(timestamp)
    for step in range(now - SKEW_STEPS, now + SKEW_STEPS + 1):
        if step > last_used_step and hmac.compare_digest(code_at(secret, step), code):
            return step
    return None


def provisioning_uri(secret: str, account: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=ISSUER)


def qr_data_uri(uri: str) -> str:
    """The otpauth URI as an SVG QR code in a data: URI (allowed by our CSP's img-src)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def grouped(secret: str) -> str:
    """The secret in groups of four characters, for typing into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
