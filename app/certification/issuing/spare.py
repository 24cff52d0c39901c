"""The spare token: a verification token and its QR code made while a certificate renders in a
worker, taken by this process's next certificate (why: docs/performance.md). Random like any
token, kept only in memory, used at most once, and only for the PUBLIC_BASE_URL it was made
for; the first certificate a process issues makes its own."""
from collections import deque
from collections.abc import Callable

from flask import current_app

Made = tuple[str, str, str]  # (token, verify URL, QR code)
held: deque = deque(maxlen=1)  # (PUBLIC_BASE_URL, token, verify URL, QR code)


def make(new: Callable[[], Made]) -> None:
    """Make the spare for the next certificate (while this one renders)."""
    held.append((current_app.config["PUBLIC_BASE_URL"], *new()))


def take(new: Callable[[], Made]) -> Made:
    """The spare if it was made for this PUBLIC_BASE_URL, else a `new()` one."""
    try:
        base, *made = held.pop()
    except IndexError:
        return new()
    return tuple(made) if base == current_app.config["PUBLIC_BASE_URL"] else new()
