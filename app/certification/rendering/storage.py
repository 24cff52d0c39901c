"""Certificate files, tied to the database transaction.

A PDF is written to a temporary file in CERTIFICATE_DIR/.tmp and registered on the session. Just
before the COMMIT is sent, the files are flushed to disk (fsync, several at once: a bulk chunk's
fifty one after another waited on the disk for most of the chunk's time) and each is moved into
place with os.replace (atomic on one filesystem); if a flush or a move fails the commit does not
happen. After any rollback (a failed flush, a
failed COMMIT, an exception anywhere) the temporary and the moved files are deleted. So a
certificate row exists if and only if its file does. (Moving after the COMMIT, as first planned,
would leave a committed row without a file when the move fails.)
"""
import hashlib
import os
import secrets
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

KEY = "certificate_files"
SYNC_THREADS = 8  # files flushed to disk at once before a commit


def directory() -> Path:
    return Path(current_app.config["CERTIFICATE_DIR"])


def path_of(name: str) -> Path:
    """The stored file for a certificate's `pdf_path` (a bare file name under CERTIFICATE_DIR)."""
    if Path(name).name != name or name.startswith("."):
        raise ValueError("not a certificate file name")
    return directory() / name


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stage(session: Session, name: str, data: bytes) -> None:
    """Write `data` to a temporary file that becomes CERTIFICATE_DIR/`name` when `session`
    commits, and disappears if it rolls back."""
    final = path_of(name)
    tmp_dir = final.parent / ".tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    entry = {"tmp": tmp_dir / f"{name}.{secrets.token_hex(8)}", "final": final, "moved": False}
    session.info.setdefault(KEY, []).append(entry)
    with open(entry["tmp"], "xb") as handle:
        handle.write(data)


def _sync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _move_into_place(session):
    waiting = [entry["tmp"] for entry in session.info.get(KEY, ()) if not entry["moved"]]
    if len(waiting) == 1:
        _sync(waiting[0])
    elif waiting:
        with ThreadPoolExecutor(min(SYNC_THREADS, len(waiting))) as pool:
            list(pool.map(_sync, waiting))  # raises the first failure
    for entry in session.info.get(KEY, ()):
        if entry["moved"]:
            continue
        if entry["final"].exists():
            raise FileExistsError(f"{entry['final'].name} already exists; not replacing it")
        os.replace(entry["tmp"], entry["final"])
        entry["moved"] = True


def _committed(session):
    session.info.pop(KEY, None)


def _ended(session, transaction):
    """The outermost transaction ended without a commit (rollback, failed commit, close):
    remove every file it staged, moved or not. Savepoint rollbacks are left alone."""
    if transaction.parent is not None or transaction.nested:
        return
    for entry in session.info.pop(KEY, ()):
        paths = (entry["tmp"], entry["final"]) if entry["moved"] else (entry["tmp"],)
        for path in paths:
            try:
                path.unlink()
            except FileNotFoundError:
                pass


def init_events():
    """Hook file moves into every session's commit and rollback (idempotent)."""
    for name, handler in (("before_commit", _move_into_place), ("after_commit", _committed),
                          ("after_transaction_end", _ended)):
        if not event.contains(Session, name, handler):
            event.listen(Session, name, handler)


init_events()
