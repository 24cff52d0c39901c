"""Signed checkpoints of the audit chain, kept outside the database.

A hash chain alone cannot show that rows were cut off its end, or that someone who can rewrite
the table recomputed every hash. A checkpoint vouches for the chain's length and head: the line

    v2 SEQ HEAD AT KID SIGNATURE

appended to AUDIT_CHECKPOINT_PATH, SIGNATURE an Ed25519 signature (base64url) of
"pkt-audit-checkpoint-v2 SEQ HEAD AT KID" by the key in AUDIT_CHECKPOINT_KEY_PATH: a key of
its own (neither SECRET_KEY nor the certificate key), in a file, never in the database; anyone
may check a line with its public key (`flask audit key show`).

Written with no one asking: after the commit that holds every AUDIT_CHECKPOINT_EVERY-th event
(seq a multiple of it), and on a schedule by the worker (app/worker.py) or cron
(`flask audit checkpoint --if-moved`). `audit verify` then requires every line to be signed by a
trusted key and the chain to still hold each checkpointed row with the same hash, so a chain
recomputed after an edit, or cut at the end, no longer matches.

Lines of the first format, "SEQ HEAD AT HMAC" (HMAC-SHA256 keyed by AUDIT_CHECKPOINT_KEY or
derived from SECRET_KEY), are still checked and counted as legacy: whoever holds that secret
could have written them.
"""
import base64
import hashlib
import hmac
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import event as sa_event
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from app import keyfiles
from app.audit.models import AuditEvent
from app.extensions import db
from app.tenancy import UNRESTRICTED
from app.timeutil import utcnow

log = logging.getLogger(__name__)
DOMAIN = "pkt-audit-checkpoint-v2"
PENDING = "audit_checkpoint_pending"
TAIL_BYTES = 4096  # the latest line is in the file's last few lines


class CheckpointKeyMissing(keyfiles.KeyFileError):
    """No usable key at AUDIT_CHECKPOINT_KEY_PATH."""


@dataclass(frozen=True)
class Checkpoint:
    seq: int  # the number of events vouched for (seq runs 1, 2, 3 ... with no gap)
    head: str  # the hash of event `seq`
    at: str  # when it was signed, UTC, ISO 8601
    kid: str | None  # None: a legacy HMAC line
    signature: str

    @property
    def legacy(self) -> bool:
        return self.kid is None

    def line(self) -> str:
        if self.legacy:
            return f"{self.seq} {self.head} {self.at} {self.signature}"
        return f"v2 {self.seq} {self.head} {self.at} {self.kid} {self.signature}"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _message(seq: int, head: str, at: str, kid: str) -> bytes:
    return f"{DOMAIN} {seq} {head} {at} {kid}".encode()


# -- keys --------------------------------------------------------------------------------------

def key_path(config) -> Path:
    return Path(config.get("AUDIT_CHECKPOINT_KEY_PATH") or
                Path(config["INSTANCE_DIR"]) / "audit_checkpoint_key.pem")


def generate_key(config, if_missing: bool = False) -> tuple[bool, str]:
    """Create the checkpoint key (mode 0600, never overwritten). Returns (created, kid)."""
    return keyfiles.generate_key(key_path(config), if_missing, CheckpointKeyMissing)


def public_key(config) -> Ed25519PublicKey:
    """The checkpoint key's public half (CheckpointKeyMissing when there is no key)."""
    return keyfiles.load_private(key_path(config), CheckpointKeyMissing).public_key()


def public_pem(public: Ed25519PublicKey) -> str:
    return public.public_bytes(serialization.Encoding.PEM,
                               serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def load_public(path: Path) -> Ed25519PublicKey:
    """A public key kept apart (the PEM that `flask audit key show` prints)."""
    key = serialization.load_pem_public_key(Path(path).read_bytes())
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError(f"{path} is not an Ed25519 public key")
    return key


def trusted_keys(config, pinned: list[Path] | None = None) -> dict[str, Ed25519PublicKey]:
    """kid -> public key of the keys whose checkpoints count: the public keys given (kept off
    the machine, say), else the current key's. A key named by a line is never trusted."""
    if pinned:
        keys = [load_public(path) for path in pinned]
    else:
        try:
            keys = [public_key(config)]
        except CheckpointKeyMissing:
            keys = []
    return {keyfiles.kid_for(key): key for key in keys}


def _legacy_key(config) -> bytes:
    explicit = config.get("AUDIT_CHECKPOINT_KEY") or os.environ.get("AUDIT_CHECKPOINT_KEY")
    if explicit:
        return explicit.encode()
    return hashlib.sha256(b"audit-checkpoint\0" + str(config["SECRET_KEY"]).encode()).digest()


def _legacy_mac(key: bytes, seq: int, head: str, at: str) -> str:
    return hmac.new(key, f"audit-v1 {seq} {head} {at}".encode(), hashlib.sha256).hexdigest()


# -- writing -----------------------------------------------------------------------------------

def checkpoint_path(config) -> Path:
    return Path(config.get("AUDIT_CHECKPOINT_PATH") or
                Path(config["INSTANCE_DIR"]) / "audit-checkpoints.txt")


def sign(config, seq: int, head: str, at: str | None = None) -> Checkpoint:
    private = keyfiles.load_private(key_path(config), CheckpointKeyMissing)
    kid = keyfiles.kid_for(private.public_key())
    at = at or utcnow().strftime("%Y-%m-%dT%H:%M:%SZ")
    return Checkpoint(seq, head, at, kid, _b64(private.sign(_message(seq, head, at, kid))))


def append_line(path: Path, checkpoint: Checkpoint) -> None:
    """One write of one line in append mode: lines from several processes do not interleave."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o640)
    try:
        os.write(fd, (checkpoint.line() + "\n").encode("ascii"))
    finally:
        os.close(fd)


def head_of_chain() -> tuple[int, str] | None:
    row = db.session.execute(select(AuditEvent.seq, AuditEvent.hash)
                             .order_by(AuditEvent.seq.desc()).limit(1),
                             execution_options={"scope": UNRESTRICTED}).first()
    return (row.seq, row.hash) if row else None


def write_checkpoint(path: Path, config, at: str | None = None,
                     if_moved: bool = False) -> Checkpoint | None:
    """Sign the chain's current head into `path`. None when the chain is empty, or when
    `if_moved` and the file's latest checkpoint already vouches for this head."""
    head = head_of_chain()
    if head is None:
        return None
    if if_moved:
        last = latest(path)
        if last is not None and (last.seq, last.head) == head:
            return None
    checkpoint = sign(config, *head, at=at)
    append_line(path, checkpoint)
    return checkpoint


# -- every N events: after the commit that holds the N-th ------------------------------------

def note_appended(event: AuditEvent, config) -> None:
    """Called for each appended event: remember a due checkpoint until its transaction ends."""
    every = int(config.get("AUDIT_CHECKPOINT_EVERY") or 0)
    if every > 0 and event.seq % every == 0:
        db.session.info[PENDING] = (event, event.seq, event.hash, config)


@sa_event.listens_for(Session, "after_commit")
def _write_due_checkpoint(session) -> None:
    pending = session.info.pop(PENDING, None)
    if pending is None:
        return
    event, seq, head, config = pending
    if not inspect(event).persistent:  # added in a savepoint that was rolled back
        return
    try:
        append_line(checkpoint_path(config), sign(config, seq, head))
    except (CheckpointKeyMissing, OSError) as exc:  # the events are committed: say, go on
        log.error("audit checkpoint at seq %s not written: %s", seq, exc)


@sa_event.listens_for(Session, "after_rollback")
def _drop_due_checkpoint(session) -> None:
    session.info.pop(PENDING, None)


# -- reading and checking ----------------------------------------------------------------------

def parse(line: str) -> Checkpoint | None:
    parts = line.split()
    if len(parts) == 6 and parts[0] == "v2" and parts[1].isdigit():
        return Checkpoint(int(parts[1]), parts[2], parts[3], parts[4], parts[5])
    if len(parts) == 4 and parts[0].isdigit():
        return Checkpoint(int(parts[0]), parts[1], parts[2], None, parts[3])
    return None


def latest(path: Path) -> Checkpoint | None:
    """The file's last checkpoint (read from its end), None when there is none."""
    if not path.is_file():
        return None
    with open(path, "rb") as handle:
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        handle.seek(max(0, size - TAIL_BYTES))
        lines = handle.read().decode("ascii", "replace").splitlines()
    for line in reversed(lines[1:] if size > TAIL_BYTES else lines):
        if line.strip():
            return parse(line)
    return None


def signature_problem(checkpoint: Checkpoint, config,
                      keys: dict[str, Ed25519PublicKey]) -> str | None:
    """Why the line's signature does not hold (None when it does)."""
    if checkpoint.legacy:
        mac = _legacy_mac(_legacy_key(config), checkpoint.seq, checkpoint.head, checkpoint.at)
        return None if hmac.compare_digest(mac, checkpoint.signature) else "a bad HMAC"
    public = keys.get(checkpoint.kid)
    if public is None:
        return f"a key that is not trusted (kid {checkpoint.kid})"
    try:
        public.verify(_unb64(checkpoint.signature),
                      _message(checkpoint.seq, checkpoint.head, checkpoint.at, checkpoint.kid))
    except (InvalidSignature, ValueError):
        return "a bad signature"
    return None


def chain_problem(checkpoint: Checkpoint) -> str | None:
    """Why the chain no longer holds what the checkpoint vouches for (None when it does)."""
    stored = db.session.execute(select(AuditEvent.hash).where(AuditEvent.seq == checkpoint.seq),
                                execution_options={"scope": UNRESTRICTED}).scalar()
    if stored is None:
        return (f"seq {checkpoint.seq} (checkpointed at {checkpoint.at}) is missing: rows were "
                "cut off")
    if stored != checkpoint.head:
        return f"seq {checkpoint.seq} differs from its checkpoint of {checkpoint.at}: chain rewritten"
    return None


@dataclass(frozen=True)
class CheckReport:
    checked: int
    legacy: int
    last: Checkpoint | None
    problem: str | None


def check_checkpoints(path: Path, config, pinned: list[Path] | None = None) -> CheckReport:
    """Every line of `path`: signed by a trusted key, and still matched by the chain."""
    keys, checked, legacy, last = trusted_keys(config, pinned), 0, 0, None
    for number, line in enumerate(path.read_text(encoding="ascii").splitlines(), start=1):
        if not line.strip():
            continue
        checkpoint = parse(line)
        if checkpoint is None:
            return CheckReport(checked, legacy, last, f"checkpoint line {number} is malformed")
        bad = signature_problem(checkpoint, config, keys)
        if bad:
            return CheckReport(checked, legacy, last,
                               f"checkpoint line {number} has {bad}: not a checkpoint of ours")
        problem = chain_problem(checkpoint)
        if problem:
            return CheckReport(checked, legacy, last, problem)
        checked, legacy, last = checked + 1, legacy + checkpoint.legacy, checkpoint
    return CheckReport(checked, legacy, last, None)


@dataclass(frozen=True)
class Status:
    """The latest checkpoint as the audit page shows it; `problem`: None when verified, else
    "signature" (not signed by our key), "cut" (its row is gone) or "rewritten" (its row
    differs)."""

    checkpoint: Checkpoint
    problem: str | None

    @property
    def verified(self) -> bool:
        return self.problem is None


def latest_status(config) -> Status | None:
    checkpoint = latest(checkpoint_path(config))
    if checkpoint is None:
        return None
    if signature_problem(checkpoint, config, trusted_keys(config)):
        return Status(checkpoint, "signature")
    problem = chain_problem(checkpoint)
    if problem:
        return Status(checkpoint, "cut" if "cut off" in problem else "rewritten")
    return Status(checkpoint, None)
