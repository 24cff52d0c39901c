"""Signed checkpoints of the audit chain, kept outside the database.

A hash chain alone cannot show that rows were cut off its end, or that someone who can rewrite
the table recomputed every hash. A checkpoint line "seq head_hash time hmac" (HMAC-SHA256 with
a key outside the database: AUDIT_CHECKPOINT_KEY, or one derived from SECRET_KEY) is appended to
a file (AUDIT_CHECKPOINT_PATH, or --file); `audit verify` then also requires that the chain
still holds every checkpointed row with the same hash. Copy the file off the machine as well.
"""
import hashlib
import hmac
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.tenancy import UNRESTRICTED


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    head: str
    at: str
    mac: str


def _key(config) -> bytes:
    explicit = config.get("AUDIT_CHECKPOINT_KEY") or os.environ.get("AUDIT_CHECKPOINT_KEY")
    if explicit:
        return explicit.encode()
    return hashlib.sha256(b"audit-checkpoint\0" + str(config["SECRET_KEY"]).encode()).digest()


def _mac(key: bytes, seq: int, head: str, at: str) -> str:
    return hmac.new(key, f"audit-v1 {seq} {head} {at}".encode(), hashlib.sha256).hexdigest()


def write_checkpoint(path: Path, config, at: str) -> Checkpoint | None:
    """Append the current head of the chain to `path` (None when the chain is empty)."""
    head = db.session.execute(select(AuditEvent.seq, AuditEvent.hash)
                              .order_by(AuditEvent.seq.desc()).limit(1),
                              execution_options={"scope": UNRESTRICTED}).first()
    if head is None:
        return None
    checkpoint = Checkpoint(head.seq, head.hash, at, _mac(_key(config), head.seq, head.hash, at))
    with open(path, "a", encoding="ascii") as out:
        out.write(f"{checkpoint.seq} {checkpoint.head} {checkpoint.at} {checkpoint.mac}\n")
    return checkpoint


def check_checkpoints(path: Path, config) -> tuple[int, str | None]:
    """(checkpoints checked, the first problem or None)."""
    key, checked = _key(config), 0
    for number, line in enumerate(path.read_text(encoding="ascii").splitlines(), start=1):
        parts = line.split()
        if len(parts) != 4 or not parts[0].isdigit():
            return checked, f"checkpoint line {number} is malformed"
        seq, head, at, mac = int(parts[0]), parts[1], parts[2], parts[3]
        if not hmac.compare_digest(mac, _mac(key, seq, head, at)):
            return checked, f"checkpoint line {number} has a bad signature"
        stored = db.session.execute(select(AuditEvent.hash).where(AuditEvent.seq == seq),
                                    execution_options={"scope": UNRESTRICTED}).scalar()
        if stored is None:
            return checked, f"seq {seq} (checkpointed at {at}) is missing: rows were cut off"
        if stored != head:
            return checked, f"seq {seq} differs from its checkpoint of {at}: chain rewritten"
        checked += 1
    return checked, None
