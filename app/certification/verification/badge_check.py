"""An Open Badges credential presented to the verify page (pasted, uploaded as JSON, or found
in an uploaded PDF): signed by one of our published keys as the site's DID, and exactly the
credential we hold for the certificate it names (by the verification token in its `id`)."""
import json
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.certification.models import Certificate
from app.credentials import issuing
from app.extensions import db
from app.tenancy import UNRESTRICTED

MAX_JSON = 64 * 1024


class Malformed(ValueError):
    """Not a JSON object that could be a credential."""


@dataclass
class BadgeCheck:
    signature_ok: bool = False  # the proof verifies with one of our keys, the issuer is our DID
    record_ok: bool = False  # ...and it is the credential issued for that certificate
    cert: Certificate | None = None


def parse(raw: bytes) -> dict:
    """The credential's JSON object (Malformed otherwise)."""
    if len(raw) > MAX_JSON:
        raise Malformed("too large")
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise Malformed(str(exc)) from exc
    if not isinstance(value, dict):
        raise Malformed("not a JSON object")
    return value


def _token(credential: dict) -> str | None:
    prefix = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + "/verify/"
    ident = credential.get("id")
    if isinstance(ident, str) and ident.startswith(prefix) and 0 < len(ident) - len(prefix) <= 64:
        return ident[len(prefix):]
    return None


def check(credential: dict) -> BadgeCheck:
    result = BadgeCheck(signature_ok=issuing.verify(credential).ok)
    token = _token(credential) if result.signature_ok else None
    if token is not None:
        result.cert = db.session.scalar(
            select(Certificate).where(Certificate.token == token)
            .options(joinedload(Certificate.state)).execution_options(scope=UNRESTRICTED))
    if result.cert is not None and result.cert.open_badge:
        result.record_ok = json.loads(result.cert.open_badge) == credential
    return result
