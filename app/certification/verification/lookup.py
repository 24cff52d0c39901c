"""Public verification: what the verify page and API say about a token or an uploaded PDF.

Shown data always comes from the signed payload, re-verified on every look-up against our own
published keys, and compared with the row: a row edited in the database (a name, a date) without
a new signature reads as "invalid". Nothing personal beyond what the certificate prints: no
service number, sex, birth date or roster.
"""
import json
from dataclasses import dataclass, field
from datetime import date

import rfc8785
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.credentials import signing
from app.certification.kinds import CertificateStatus
from app.certification.models import Certificate
from app.certification.rendering import pdfcheck, storage
from app.certification.standing import authentic, effective_status
from app.certification.verification import badge_check, public_cache
from app.extensions import db
from app.tenancy import UNRESTRICTED
from app.units.services import folded_name

MAX_UPLOAD = 5 * 1024 * 1024
REASONED = (CertificateStatus.REVOKED, CertificateStatus.SUSPENDED)  # shown with their reason


def _by(column, value) -> Certificate | None:
    """The certificate with `column == value` in any Member State, its state loaded in the same
    query (authentic() reads it)."""
    return db.session.scalar(select(Certificate).where(column == value)
                             .options(joinedload(Certificate.state))
                             .execution_options(scope=UNRESTRICTED))


EMPTY = {"serial": None, "kind": None, "holder": None, "state": None, "standards": [],
         "profile": None, "qualification": None, "issued_on": None, "expires_on": None,
         "issuer": {}, "reason": None, "status_changed_on": None, "superseded_by_token": None,
         "superseded_by_serial": None, "supersedes_serial": None, "open_badge": False}


def public_record(cert: Certificate, on: date) -> dict:
    """The minimal public view of a certificate (plain values from the signed payload). A record
    that fails its signature check shows nothing but "invalid": its contents cannot be trusted."""
    if not authentic(cert):
        return {**EMPTY, "status": "invalid", "authentic": False, "kid": cert.kid}
    payload = json.loads(cert.payload)
    successor = _get(cert.superseded_by_id)
    predecessor = _get(cert.supersedes_id)
    return {
        "status": effective_status(cert, on), "authentic": True,
        "serial": payload["serial"], "kind": payload["kind"],
        "holder": payload["subject"]["name"], "state": payload["state"],
        "standards": payload["standards"],
        "profile": payload.get("profile"), "qualification": payload.get("qualification"),
        "issued_on": payload["issued_on"], "expires_on": payload["expires_on"],
        "issuer": payload["issuer"],
        "reason": cert.status_reason if cert.status in REASONED else None,
        "status_changed_on": cert.status_changed_at.date().isoformat()
        if cert.status_changed_at and cert.status != CertificateStatus.VALID else None,
        "superseded_by_token": successor.token if successor else None,
        "superseded_by_serial": successor.serial if successor else None,
        "supersedes_serial": predecessor.serial if predecessor else None,
        "kid": cert.kid, "open_badge": bool(cert.open_badge),
    }


def _get(cert_id) -> Certificate | None:
    return db.session.get(Certificate, cert_id, execution_options={"scope": UNRESTRICTED}) \
        if cert_id else None


def look_up(token: str, on: date) -> dict | None:
    """The public record for a verification token, or None (unknown token). Served from the
    verify cache when it holds a fresh copy (app/certification/verification/public_cache.py)."""
    if not token or len(token) > 64:
        return None
    key = public_cache.record_key(token, on)
    record = public_cache.get(key)
    if record is None:
        cert = _by(Certificate.token, token)
        if cert is None:
            return None
        record = public_record(cert, on)
        public_cache.put(key, record)
    return record


def find_by_serial(serial: str, surname: str) -> str | None:
    """The verification token of the certificate with this printed serial whose holder's name
    ends with `surname` (whole words; case and accents ignored), else None. A serial alone is
    guessable, so it is never enough; callers rate-limit this and answer a miss the same way
    whichever part was wrong."""
    cert = _by(Certificate.serial, serial)
    wanted, holder = folded_name(surname), folded_name(cert.holder_name) if cert else ""
    if not cert or not wanted or not (holder == wanted or holder.endswith(" " + wanted)):
        return None
    return cert.token


@dataclass
class UploadCheck:
    """What an uploaded PDF proves. `genuine` only when all three checks pass."""

    error: str | None = None  # too_large | not_pdf | unreadable | no_credential | timeout |
    #                           bad_credential | bad_json
    signature_ok: bool = False  # the embedded credential is signed by one of our keys
    record_ok: bool = False  # ...and is exactly what we issued under that serial
    file_ok: bool = False  # ...and this file is byte for byte the issued PDF
    record: dict | None = None
    signed: dict = field(default_factory=dict)  # the signed payload, to compare with the page
    # The Open Badges credential beside it (None: the PDF has none, as before it existed) is
    # signed by us and is the one issued with the certificate.
    open_badge_ok: bool | None = None
    json_only: bool = False  # a credential's JSON was checked, not a PDF (no file verdict)
    token: str | None = None  # the verify token of the certificate the file claims to be

    @property
    def genuine(self) -> bool:
        if self.json_only:
            return self.error is None and self.signature_ok and self.record_ok
        return (self.error is None and self.signature_ok and self.record_ok and self.file_ok
                and self.open_badge_ok is not False)


def check_upload(data: bytes, on: date) -> UploadCheck:
    """Check an uploaded PDF against our keys and our records (see UploadCheck)."""
    if len(data) > MAX_UPLOAD:
        return UploadCheck(error="too_large")
    if not data.startswith(b"%PDF-"):
        return UploadCheck(error="not_pdf")
    try:
        files = pdfcheck.extract(data)
    except pdfcheck.Unreadable as exc:
        return UploadCheck(error=exc.code)
    raw, badge = files.get(pdfcheck.NAMES[0]), files.get(pdfcheck.NAMES[1])
    result, cert = UploadCheck(), None
    if raw is not None:
        try:
            credential = json.loads(raw)
            payload, signature, kid = (credential["payload"], credential["signature"],
                                       credential["kid"])
            canonical = rfc8785.dumps(payload)
            serial = payload["serial"]
        except (ValueError, KeyError, TypeError, RecursionError):
            return UploadCheck(error="bad_credential")
        result.signed = payload if isinstance(payload, dict) else {}
        result.signature_ok = signing.verify(canonical, str(signature), str(kid))
        cert = _by(Certificate.serial, str(serial)) if result.signature_ok else None
        if cert is not None:
            result.record_ok = cert.payload == canonical.decode() and cert.signature == signature
    if badge is not None:
        try:
            found = badge_check.check(badge_check.parse(badge))
        except badge_check.Malformed:
            return UploadCheck(error="bad_credential")
        result.open_badge_ok = found.signature_ok and found.record_ok and \
            (cert is None or found.cert is cert)
        if raw is None:
            result.signature_ok, result.record_ok, cert = found.signature_ok, found.record_ok, \
                found.cert
    if cert is not None:
        result.file_ok = result.record_ok and storage.sha256(data) == cert.pdf_sha256
        result.record = public_record(cert, on)
        result.token = cert.token
    return result


def check_credential_json(data: bytes, on: date) -> UploadCheck:
    """Check an Open Badges credential's JSON (uploaded or pasted): signed by us, and the one
    issued with the certificate it names."""
    try:
        found = badge_check.check(badge_check.parse(data))
    except badge_check.Malformed:
        return UploadCheck(error="bad_json", json_only=True)
    result = UploadCheck(signature_ok=found.signature_ok, record_ok=found.record_ok,
                         json_only=True, open_badge_ok=found.signature_ok and found.record_ok)
    if found.cert is not None:
        result.record = public_record(found.cert, on)
        result.token = found.cert.token
    return result


def check_file(data: bytes, on: date) -> UploadCheck:
    """A PDF or an Open Badges credential's JSON, whichever `data` is."""
    if data.lstrip()[:1] in (b"{", b"["):
        return check_credential_json(data, on)
    return check_upload(data, on)
