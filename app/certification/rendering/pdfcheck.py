"""Read the signed credentials (`credential.json`, `open-badge-credential.json`) out of an
untrusted PDF, with bounded work.

The limits a hostile upload meets (README, "Security"), beyond the 5 MB request limit:

- objects: at most MAX_OBJECTS (our largest certificate, a unit's with an 850-person annex,
  has 82);
- attached files: at most MAX_ATTACHMENTS (ours carry two);
- CPU time: parsing stops after PARSE_CPU_SECONDS of the child's CPU (a bomb that decompresses
  into slow work), and the child is killed after CPU_SECONDS in all, or TIMEOUT_SECONDS of wall
  clock; its address space is capped at MEMORY_BYTES.

A file over the object or attachment limit is usually refused before any parser runs, by
counting in the raw bytes (`precheck`, a few milliseconds for 5 MB). Objects and attachments
that compression hides from that count are counted again by the child, which stops at the limit.
pypdf has had infinite loops and memory blow-ups on crafted files, so the PDF is never parsed in
the web process: `extract(data)` runs this module as a child (`python -m`), which prints one JSON
line: {"ok": true, "files": {name: <base64>}} or {"ok": false, "error": <code>}.
"""
import base64
import json
import signal
import subprocess
import sys
from pathlib import Path

NAMES = ("credential.json", "open-badge-credential.json")
MAX_CREDENTIAL = 64 * 1024
MAX_OBJECTS = 2000
MAX_ATTACHMENTS = 8
PARSE_CPU_SECONDS = 0.25
CPU_SECONDS = 2
TIMEOUT_SECONDS = 10
MEMORY_BYTES = 768 * 1024 * 1024
ROOT = Path(__file__).resolve().parents[3]


class Unreadable(Exception):
    """The upload could not be read as a certificate PDF (`code` says why)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def precheck(data: bytes) -> str | None:
    """"too_complex" when the raw bytes alone show more objects or attached files than the
    limits allow (objects end with `endobj`, each embedded file's specification has `/EF`)."""
    if data.count(b"endobj") > MAX_OBJECTS or data.count(b"/EF") > MAX_ATTACHMENTS:
        return "too_complex"
    return None


def extract(data: bytes) -> dict[str, bytes]:
    """The embedded credentials' bytes by file name (at least one of NAMES). Raises
    Unreadable("unreadable" | "no_credential" | "timeout" | "too_large" | "too_complex")."""
    code = precheck(data)
    if code:
        raise Unreadable(code)
    try:
        done = subprocess.run([sys.executable, "-E", "-s", "-m", __name__],
                              input=data, capture_output=True, timeout=TIMEOUT_SECONDS,
                              cwd=ROOT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise Unreadable("timeout") from exc
    if done.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise Unreadable("timeout")
    try:
        answer = json.loads(done.stdout.decode().strip().splitlines()[-1])
    except (ValueError, IndexError) as exc:
        raise Unreadable("unreadable") from exc
    if not answer.get("ok"):
        raise Unreadable(answer.get("error", "unreadable"))
    return {name: base64.b64decode(text) for name, text in answer["files"].items()
            if name in NAMES}


class _OverBudget(BaseException):
    """Raised in the child when a limit is passed (a BaseException, so that no parser's
    `except Exception` swallows it)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _limit_self():
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def _out_of_time(signum, frame):
    raise _OverBudget("timeout")


def _credentials(reader) -> dict[str, bytes]:
    """NAMES' contents, walking the attachments lazily and stopping past MAX_ATTACHMENTS."""
    if sum(len(numbers) for numbers in reader.xref.values()) + len(reader.xref_objStm) \
            > MAX_OBJECTS:
        raise _OverBudget("too_complex")
    found: dict[str, bytes] = {}
    for count, entry in enumerate(reader.attachment_list, start=1):
        if count > MAX_ATTACHMENTS:
            raise _OverBudget("too_complex")
        for name in (entry.name, entry.alternative_name):
            if name in NAMES and name not in found:
                found[name] = entry.content
    return found


def _child() -> dict:
    _limit_self()
    import io
    import logging

    from pypdf import PdfReader

    logging.disable(logging.CRITICAL)
    data = sys.stdin.buffer.read()
    signal.signal(signal.SIGPROF, _out_of_time)
    signal.setitimer(signal.ITIMER_PROF, PARSE_CPU_SECONDS)
    try:
        found = _credentials(PdfReader(io.BytesIO(data), strict=False))
    except _OverBudget as exc:
        return {"ok": False, "error": exc.code}
    except (Exception, RecursionError):  # any parser failure is "unreadable", never a crash
        return {"ok": False, "error": "unreadable"}
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
    if not found:
        return {"ok": False, "error": "no_credential"}
    if any(len(data) > MAX_CREDENTIAL for data in found.values()):
        return {"ok": False, "error": "too_large"}
    return {"ok": True, "files": {name: base64.b64encode(data).decode()
                                  for name, data in found.items()}}


if __name__ == "__main__":
    import warnings

    warnings.simplefilter("ignore")
    try:
        result = _child()
    except MemoryError:
        result = {"ok": False, "error": "unreadable"}
    sys.stdout.write(json.dumps(result) + "\n")
