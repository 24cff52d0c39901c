"""Render several certificate documents at once in worker processes (bulk jobs).

WeasyPrint is CPU-bound Python: a second process gives about 1.7x on two cores. Workers are
started with "spawn" (safe from a threaded web process), kept for the life of the process
(importing WeasyPrint costs ~1 s) and given only HTML strings and the static folder; each builds
its own locked-down renderer (app/certification/pdf.py). CERT_RENDER_PROCESSES sets how many
(default: 1 under tests, else up to 2 by the number of CPUs); 1 renders in the caller.
"""
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor

from flask import current_app

from app.certification import pdf

_lock = threading.Lock()
_pool: dict = {"executor": None, "size": 0}


def processes() -> int:
    configured = current_app.config.get("CERT_RENDER_PROCESSES")
    if configured:
        return max(1, int(configured))
    return 1 if current_app.testing else max(1, min(2, os.cpu_count() or 1))


def _watch_parent(parent: int) -> None:
    """Worker initializer: exit when the process that started us is gone (a killed web process
    must not leave render workers behind)."""
    def watch():
        while os.getppid() == parent:
            time.sleep(2)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _executor(size: int) -> ProcessPoolExecutor:
    with _lock:
        if _pool["executor"] is None or _pool["size"] != size:
            if _pool["executor"] is not None:
                _pool["executor"].shutdown(wait=False)
            _pool["executor"] = ProcessPoolExecutor(
                max_workers=size, mp_context=multiprocessing.get_context("spawn"),
                initializer=_watch_parent, initargs=(os.getpid(),))
            _pool["size"] = size
        return _pool["executor"]


def render_batches(batches: list[tuple[str, list]]) -> list[tuple[bytes, list[bytes]]]:
    """`pdf.render_batch` for each (html, items), in order, spread over the render processes
    (RenderError if any fails)."""
    size = min(processes(), len(batches))
    if size <= 1:
        return [pdf.render_batch(html, items) for html, items in batches]
    static = current_app.static_folder
    return list(_executor(size).map(pdf.render_batch, [h for h, _i in batches],
                                    [i for _h, i in batches], [static] * len(batches)))


def render_many(htmls: list[str]) -> list[bytes]:
    """PDF bytes of each HTML document, in order (the benchmarks' baseline uses this)."""
    size = min(processes(), len(htmls))
    if size <= 1:
        return [pdf.render_pdf(html) for html in htmls]
    static = current_app.static_folder
    return list(_executor(size).map(pdf.render_pdf, htmls, [static] * len(htmls)))
