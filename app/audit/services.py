"""The audit trail: append in the caller's transaction, verify the whole chain.

hash_n = SHA-256("audit-v1\\0" || hash_{n-1} || JCS(entry_n)), where entry_n holds every column but
the hash (its seq included), so an edited, deleted, inserted or reordered row breaks the chain.
"""
import hashlib
import uuid
from dataclasses import dataclass

import rfc8785
from flask import current_app, g, has_request_context, request
from sqlalchemy import select, text

from app.audit import checkpoints
from app.audit.models import AuditEvent
from app.extensions import db
from app.tenancy import UNRESTRICTED
from app.timeutil import utcnow

GENESIS = "0" * 64
DOMAIN = b"audit-v1\x00"


def _entry(event: AuditEvent) -> dict:
    return {
        "seq": event.seq,
        "ts": event.ts.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor_id": event.actor_id,
        "actor_role": event.actor_role,
        "state_id": event.state_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "request_id": event.request_id,
        "details": event.details or {},
    }


def chain_hash(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256(DOMAIN + prev_hash.encode() + rfc8785.dumps(_entry(event))).hexdigest()


def request_id() -> str | None:
    if not has_request_context():
        return None
    if "request_id" not in g:
        g.request_id = request.headers.get("X-Request-Id", "")[:40] or uuid.uuid4().hex
    return g.request_id


def append(action: str, *, actor=None, state_id=None, obj=None, object_type=None,
           object_id=None, details=None) -> AuditEvent:
    """Add one event to the chain in the current transaction (the caller commits; every
    AUDIT_CHECKPOINT_EVERY-th event is checkpointed once that commit is done)."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(727272)"))
    head = db.session.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1),
        execution_options={"scope": UNRESTRICTED},
    ).first()
    if obj is not None:
        object_type = object_type or type(obj).__name__
        object_id = object_id if object_id is not None else getattr(obj, "id", None)
        if state_id is None:
            state_id = getattr(obj, "state_id", None)
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_id, actor_role = actor.id, actor.role.value
        if state_id is None:
            state_id = actor.state_id
    else:
        actor_id, actor_role = None, None
    event = AuditEvent(
        seq=(head.seq + 1) if head else 1, ts=utcnow(),
        actor_id=actor_id, actor_role=actor_role, state_id=state_id, action=action,
        object_type=object_type, object_id=None if object_id is None else str(object_id),
        request_id=request_id(), details=details or {},
        prev_hash=head.hash if head else GENESIS,
    )
    event.hash = chain_hash(event.prev_hash, event)
    db.session.add(event)
    db.session.flush()
    checkpoints.note_appended(event, current_app.config)
    return event


def record_denied(what: str) -> None:
    """Log an authorisation failure in its own small transaction (the request is aborted, so
    anything the request had not committed is dropped first). Once per request."""
    from flask_login import current_user

    if has_request_context():
        if g.get("denied_recorded"):
            return
        g.denied_recorded = True
    db.session.rollback()
    append("access.denied", actor=current_user, details={
        "what": what, "method": request.method if has_request_context() else None,
        "endpoint": request.endpoint if has_request_context() else None})
    db.session.commit()


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    bad_seq: int | None = None
    reason: str = ""


def verify_chain() -> ChainReport:
    """Walk the chain in seq order; the first row that does not follow is reported."""
    result = db.session.execute(select(AuditEvent).order_by(AuditEvent.seq).execution_options(
        scope=UNRESTRICTED, yield_per=2000))
    try:
        return _walk(result.scalars())
    finally:
        result.close()  # also closes PostgreSQL's server-side cursor after an early return


def _walk(rows) -> ChainReport:
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    for event in rows:
        if event.seq != expected_seq:
            return ChainReport(False, checked, event.seq,
                               f"sequence gap: expected {expected_seq}, found {event.seq}")
        if event.prev_hash != prev_hash:
            return ChainReport(False, checked, event.seq, "previous-hash link does not match")
        if chain_hash(prev_hash, event) != event.hash:
            return ChainReport(False, checked, event.seq, "row content does not match its hash")
        prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    return ChainReport(True, checked)
