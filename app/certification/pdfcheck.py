"""Read the signed credentials (`credential.json`, `open-badge-credential.json`) out of an
untrusted PDF, in a child process with limits.

pypdf has had infinite loops and memory blow-ups on crafted files, so an uploaded PDF is never
parsed in the web process: `extract(data)` runs this module as a child (`python -m`) with a wall
clock timeout, and the child caps its own address space and CPU time before parsing. The child
prints one JSON line: {"ok": true, "files": {name: <base64>}} or {"ok": false, "error": <code>}.
"""
import base64
import json
import subprocess
import sys
from pathlib import Path

NAMES = ("credential.json", "open-badge-credential.json")
MAX_CREDENTIAL = 64 * 1024
TIMEOUT_SECONDS = 10
MEMORY_BYTES = 768 * 1024 * 1024
ROOT = Path(__file__).resolve().parent.parent.parent


class Unreadable(Exception):
    """The upload could not be read as a certificate PDF (`code` says why)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def extract(data: bytes) -> dict[str, bytes]:
    """The embedded credentials' bytes by file name (at least one of NAMES). Raises
    Unreadable("unreadable" | "no_credential" | "timeout" | "too_large")."""
    try:
        done = subprocess.run([sys.executable, "-E", "-s", "-m", "app.certification.pdfcheck"],
                              input=data, capture_output=True, timeout=TIMEOUT_SECONDS,
                              cwd=ROOT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise Unreadable("timeout") from exc
    try:
        answer = json.loads(done.stdout.decode().strip().splitlines()[-1])
    except (ValueError, IndexError) as exc:
        raise Unreadable("unreadable") from exc
    if not answer.get("ok"):
        raise Unreadable(answer.get("error", "unreadable"))
    return {name: base64.b64decode(text) for name, text in answer["files"].items()
            if name in NAMES}


def _limit_self():
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (TIMEOUT_SECONDS, TIMEOUT_SECONDS))


def _child() -> dict:
    _limit_self()
    import io
    import logging

    from pypdf import PdfReader

    logging.disable(logging.CRITICAL)
    data = sys.stdin.buffer.read()
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        attachments = reader.attachments
        found = {name: attachments[name][0] for name in NAMES if attachments.get(name)}
    except Exception:  # any parser failure is "unreadable", never a crash
        return {"ok": False, "error": "unreadable"}
    except RecursionError:
        return {"ok": False, "error": "unreadable"}
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
