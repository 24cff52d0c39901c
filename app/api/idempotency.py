"""Idempotency keys for API writes: a retried request with the same key and body gets the first
answer back and changes nothing twice; the same key with another body is refused.

Keys belong to the user who sent them (two users may use the same key) and are kept for
API_IDEMPOTENCY_HOURS after the first answer. Only successful answers are kept: a refused write
wrote nothing, so sending it again simply runs it again.
"""
import hashlib
import json
import re
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from app.auth.models import IdempotencyRecord
from app.extensions import db

KEY = re.compile(r"^[\x21-\x7e]{1,200}$")  # 1 to 200 visible ASCII characters


def fingerprint(method: str, path: str, body) -> str:
    """SHA-256 of the method, the path and the body as JSON with sorted keys and no spaces, so
    spacing and key order do not make two equal bodies differ."""
    digest = hashlib.sha256(f"{method} {path}\n".encode())
    digest.update(json.dumps(body, sort_keys=True, separators=(",", ":")).encode())
    return digest.hexdigest()


def find(user_id: int, key: str, now: datetime, hours: int) -> IdempotencyRecord | None:
    """The user's record of `key`, unless older than `hours`."""
    record = db.session.scalar(select(IdempotencyRecord).where(
        IdempotencyRecord.user_id == user_id, IdempotencyRecord.key == key))
    if record is None or record.created_at < now - timedelta(hours=hours):
        return None
    return record


def remember(user_id: int, key: str, fingerprint_: str, status: int, body: dict,
             now: datetime, hours: int) -> None:
    """Keep the answer in the caller's transaction (so it is kept exactly when the write is),
    after dropping every user's expired records."""
    db.session.execute(delete(IdempotencyRecord).where(
        IdempotencyRecord.created_at < now - timedelta(hours=hours)))
    db.session.execute(delete(IdempotencyRecord).where(
        IdempotencyRecord.user_id == user_id, IdempotencyRecord.key == key))
    db.session.add(IdempotencyRecord(user_id=user_id, key=key, fingerprint=fingerprint_,
                                     status=status, body=body, created_at=now))
    db.session.flush()
