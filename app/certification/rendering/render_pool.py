"""Certificate renders run in worker processes, with a time limit and a memory cap.

WeasyPrint runs whatever a template asks for: a pathological one (a huge page size, a table that
never ends) could hold a web or job process for minutes or exhaust its memory. So every render
is sent to a worker process (pebble's ProcessPool): it is killed when its time is up (the pool
starts a fresh worker) and raises RenderTimeout; a worker that dies (its address space is capped
with RLIMIT_AS) raises RenderError. The time limit is CERT_RENDER_TIMEOUT seconds (10) for a
one-page certificate, plus CERT_RENDER_SECONDS_PER_PAGE (1) for each further page the caller
expects (a unit certificate's roster annex, a bulk batch).

Workers are started with "spawn" (safe from a threaded web process), kept for the life of the
process and given only HTML strings, credentials and the static folder; each builds its own
locked-down renderer (app/certification/rendering/pdf.py). A certificate's credentials can be
signed while its page is laid out: the worker reads them when it needs them (`_Handover`). They
also run bulk batches in parallel: CERT_RENDER_PROCESSES sets how many (default: up to 2 by the
number of CPUs).
CERT_RENDER_ISOLATED = False renders in the calling process instead, without the limits (the unit
tests that inject faults into WeasyPrint).

Garbage: a render of more than one page (a bulk batch, a unit certificate's annex) runs in a
child process forked for it (`_in_child`) with the cyclic collector off, and its memory is thrown
away with it. The child is killed with its worker (PR_SET_PDEATHSIG), so a render killed at its
time limit leaves nothing running. Linux only (prctl). A one-page certificate renders in the
worker with the collector paused (`_collected_after`), and its garbage is collected once its
answer has gone back and the worker is idle (`_collect_when_idle`), or before the next render
when renders come back to back for MAX_PENDING seconds. A worker renders a small document when it
starts (`pdf.warm_up`), so that its children are forked with the fonts, stylesheet and emblem
already loaded. Why, and the figures: docs/performance.md.
"""
import ctypes
import gc
import logging
import multiprocessing
import os
import pickle
import secrets
import select
import signal
import socket
import struct
import threading
import time
from concurrent.futures import TimeoutError as FutureTimeout

import pebble
from flask import current_app

from app.certification.rendering import overlay, pdf

PR_SET_PDEATHSIG = 1  # prctl(2)
IDLE = 0.05  # s without a render before a worker collects the garbage of its one-page renders
MAX_PENDING = 1.0  # s that garbage may wait (renders back to back) before a render collects it
_lock = threading.Lock()
_pool: dict = {"pool": None, "key": None}
# In a worker: one-page renders not yet collected after (since: when the first of them ended)
_pending: dict = {"lock": threading.Lock(), "wake": threading.Event(), "since": None,
                  "ended": 0.0}


class RenderTimeout(pdf.RenderError):
    """A render ran past its time limit; its worker was killed."""

    def __init__(self, seconds: float, pages: int):
        super().__init__(f"rendering took longer than {seconds:g} s (expected {pages} page(s))")
        self.seconds, self.pages = seconds, pages


def processes() -> int:
    configured = current_app.config.get("CERT_RENDER_PROCESSES")
    if configured:
        return max(1, int(configured))
    return max(1, min(2, os.cpu_count() or 1))


def isolated() -> bool:
    return bool(current_app.config.get("CERT_RENDER_ISOLATED", True))


def time_limit(pages: int = 1) -> float:
    """Seconds a render of `pages` expected pages may take before it is killed."""
    config = current_app.config
    return float(config.get("CERT_RENDER_TIMEOUT", 10)) + \
        float(config.get("CERT_RENDER_SECONDS_PER_PAGE", 1)) * max(0, pages - 1)


def _start_worker(parent: int, memory_bytes: int, static_folder: str) -> None:
    """Worker initializer: cap the address space, exit when the process that started us is gone
    (a killed web process must not leave render workers behind), and warm up for the renders'
    children (fonts, stylesheet, emblem)."""
    if memory_bytes:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))

    def watch():
        while os.getppid() == parent:
            time.sleep(2)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()
    threading.Thread(target=_collect_when_idle, daemon=True).start()
    try:
        pdf.warm_up(static_folder)
    except Exception:  # the renders will fail with the reason; the worker starts cold
        logging.getLogger(__name__).exception("render worker warm-up failed")


def _workers(size: int) -> pebble.ProcessPool:
    memory = int(current_app.config.get("CERT_RENDER_MEMORY_MB", 2048)) * 1024 * 1024
    static = current_app.static_folder
    key = (size, memory, static)
    with _lock:
        if _pool["pool"] is None or _pool["key"] != key or not _pool["pool"].active:
            if _pool["pool"] is not None:
                _pool["pool"].stop()
            _pool["pool"] = pebble.ProcessPool(
                max_workers=size, context=multiprocessing.get_context("spawn"),
                initializer=_start_worker, initargs=(os.getpid(), memory, static))
            _pool["key"] = key
        return _pool["pool"]


def restart() -> set[int]:
    """Stop the render workers and start fresh ones, each warmed up; their process ids (the bulk
    benchmark starts each timed run so: docs/performance.md)."""
    size = processes()
    with _lock:
        if _pool["pool"] is not None:
            _pool["pool"].stop()
            _pool["pool"].join()
            _pool["pool"] = None
    workers, pids = _workers(size), set()
    while len(pids) < size:  # each worker's first task waits for its warm-up
        pids.update(f.result() for f in [workers.schedule(_pid_after, args=(0.05,))
                                         for _ in range(size)])
    return pids


def _pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def _collected_after(function, *args):
    """In a worker: `function(*args)` with the cyclic garbage collector paused. What it leaves
    is collected by `_collect_when_idle`, or before the next render if that has not happened
    within MAX_PENDING seconds."""
    with _pending["lock"]:
        gc.disable()
        now = time.monotonic()
        if _pending["since"] is not None and now - _pending["since"] > MAX_PENDING:
            gc.collect(0)
            _pending["since"] = None
        try:
            return function(*args)
        finally:
            _pending["ended"] = time.monotonic()
            _pending["since"] = _pending["since"] or _pending["ended"]
            _pending["wake"].set()


def _collect_when_idle() -> None:
    """A worker's thread: once a render has ended and no other has started for IDLE seconds,
    turn the collector back on and collect the young generation (what the renders made)."""
    while True:
        _pending["wake"].wait()
        with _pending["lock"]:
            quiet = IDLE - (time.monotonic() - _pending["ended"])
            if quiet <= 0:
                _pending["wake"].clear()
                _pending["since"] = None
                gc.enable()
                gc.collect(0)
        if quiet > 0:
            time.sleep(quiet)


def _in_child(function, *args):
    """In a worker: `function(*args)` in a child process forked for it; its result, or its
    exception raised here. RenderError if the child dies without an answer."""
    worker = os.getpid()
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError as exc:  # out of memory or processes
        os.close(read)
        os.close(write)
        raise pdf.RenderError(f"the render process could not be started ({exc})") from exc
    if pid == 0:
        os.close(read)
        _answer(write, worker, function, args)  # never returns
    os.close(write)
    with open(read, "rb") as answer:
        data = answer.read()
    _pid, status = os.waitpid(pid, 0)
    if not data:
        raise pdf.RenderError(f"the render process ended unexpectedly ({_ending(status)})")
    try:
        ok, value = pickle.loads(data)
    except Exception as exc:  # an exception that pickles but cannot be rebuilt
        raise pdf.RenderError("the render failed and its error could not be read") from exc
    if ok:
        return value
    raise value


def _answer(write: int, worker: int, function, args) -> None:
    """The child: die with the worker, run `function(*args)` with the collector off, send
    (True, result) or (False, exception) through `write`, and exit without any clean-up."""
    code = 1
    try:
        if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
        if os.getppid() != worker:  # the worker died before the line above
            return
        gc.disable()
        try:
            outcome = (True, function(*args))
        except BaseException as exc:
            outcome = (False, exc)
        try:
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            data = pickle.dumps((False, pdf.RenderError(repr(outcome[1]))))
        with open(write, "wb") as out:
            out.write(data)
        code = 0
    finally:
        os._exit(code)


def _ending(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit code {os.waitstatus_to_exitcode(status)}"


def _outcome(future, seconds: float, pages: int):
    try:
        return future.result()
    except FutureTimeout as exc:
        raise RenderTimeout(seconds, pages) from exc
    except pebble.ProcessExpired as exc:  # killed by its memory cap, or crashed
        raise pdf.RenderError(f"the render process ended unexpectedly ({exc})") from exc
    except MemoryError as exc:
        raise pdf.RenderError("the render ran out of memory") from exc


def _run_all(function, calls, meanwhile=None, in_worker: bool = False) -> list:
    """`function(*args)` for each (args, expected pages) in `calls`, in the workers, each with
    its time limit; results in order. `calls` may be a generator: each call is scheduled as it
    comes, so the caller prepares the next while the workers run the first. The first failure
    is raised once every call has ended. A render of more than one page runs in a child of its
    worker (unless `in_worker`); one page, in the worker itself. `meanwhile()` is called once
    every call is scheduled, before waiting for them."""
    static = current_app.static_folder
    workers = _workers(processes())
    scheduled = []
    for args, pages in calls:
        limit = time_limit(pages)
        scheduled.append((workers.schedule(
            _in_child if pages > 1 and not in_worker else _collected_after,
            args=(function, *args, static), timeout=limit), limit, pages))
    if meanwhile is not None:
        meanwhile()
    results, failure = [], None
    for future, limit, pages in scheduled:
        try:
            results.append(_outcome(future, limit, pages))
        except pdf.RenderError as exc:
            failure = failure or exc
    if failure is not None:
        raise failure
    return results


def render_pdf(html: str, attachments=None, pages: int = 1, meanwhile=None) -> bytes:
    """`pdf.render_pdf` in a worker, killed after `time_limit(pages)` seconds. `attachments`
    ({name: bytes}) may be a function that returns them: it is then called here while the
    worker lays the document out, and handed over for the worker to write them into the PDF
    (`_Handover`); if it raises, the worker drops the render. `meanwhile()`, if given, is called
    while the worker renders (not when rendering in this process)."""
    late = attachments if callable(attachments) else None
    if not isolated():
        return pdf.render_pdf(html, attachments=late() if late else attachments)
    if late is None:
        return _run_all(_render_one, [((html, attachments), pages)], meanwhile)[0]
    limit = time_limit(pages)
    with _Handover() as handover:
        future = _workers(processes()).schedule(
            _in_child if pages > 1 else _collected_after,
            args=(_render_handed, html, handover.address, current_app.static_folder),
            timeout=limit)
        handover.give(pickle.dumps(late(), protocol=pickle.HIGHEST_PROTOCOL), future, limit)
    if meanwhile is not None:
        meanwhile()
    return _outcome(future, limit, pages)


class _Handover:
    """Hands a render worker, once it is running, what it could not be given when it was sent:
    an abstract Unix socket this process listens on for the one task (a random name; only a
    process of this user is answered). The worker connects as it starts, lays out, then reads
    to the end. Closed without giving (the caller's exception), the worker's read fails and it
    drops the render."""

    def __init__(self):
        self.address = "\0pkt-render-" + secrets.token_hex(16)
        self._server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._server.bind(self.address)
        self._server.listen(1)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self._server.close()

    def give(self, data: bytes, future, limit: float) -> None:
        """Send `data` to the worker running `future` once it connects; nothing if the task
        ends first (its outcome says why)."""
        while not future.done():
            if not select.select([self._server], [], [], 0.05)[0]:
                continue
            connection, _address = self._server.accept()
            with connection:
                _pid, uid, _gid = struct.unpack("3i", connection.getsockopt(
                    socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))
                if uid != os.getuid():
                    continue
                connection.settimeout(limit)
                try:
                    connection.sendall(data)
                except OSError:  # the worker ended (killed at its time limit, a failed layout)
                    pass
                return


def _render_handed(html, address, static_folder):
    """In a worker: lay out `html`, then write it with the attachments `_Handover.give` sends
    to `address`."""
    abandoned = "the certificate was abandoned before its files came"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as channel:
        try:
            channel.connect(address)
        except OSError as exc:
            raise pdf.RenderError(abandoned) from exc
        document = pdf.layout(html, static_folder)  # its own RenderError when it fails
        try:
            data = b"".join(iter(lambda: channel.recv(1 << 16), b""))
            attachments = pickle.loads(data)
        except (OSError, EOFError, ValueError, pickle.UnpicklingError) as exc:
            raise pdf.RenderError(abandoned) from exc
    return pdf.write(document, attachments=attachments)


def _render_one(html, attachments, static_folder):
    return pdf.render_pdf(html, static_folder, attachments)


def render_batches(batches: list[tuple[str, list]]) -> list[tuple[bytes, list[bytes]]]:
    """`pdf.render_batch` for each (html, items), in order, spread over the workers (one page
    per item; RenderError if any fails)."""
    if not isolated():
        return [pdf.render_batch(html, items) for html, items in batches]
    return _run_all(pdf.render_batch, [((html, items), len(items)) for html, items in batches])


def render_overlaid(batches) -> list[tuple[bytes, list[bytes]]]:
    """`overlay.render_batch` for each (shell, items) of `batches`, in order, spread over the
    workers, each sent as soon as `batches` (a generator: the bulk job prepares and signs the
    next batch meanwhile) yields it; run in the workers themselves, not in children, so that
    each keeps its templates between batches."""
    if not isolated():
        return [overlay.render_batch(shell, items) for shell, items in batches]
    return _run_all(overlay.render_batch, (((shell, items), len(items))
                                           for shell, items in batches), in_worker=True)


def render_many(htmls: list[str]) -> list[bytes]:
    """PDF bytes of each HTML document, in order, in the workers (the benchmarks' baseline uses
    this; no time limit)."""
    static = current_app.static_folder
    workers = _workers(processes())
    return [f.result() for f in [workers.schedule(pdf.render_pdf, args=(html, static))
                                 for html in htmls]]
