"""The cyclic garbage collector paused around work that makes many short-lived, acyclic objects
(reference counting still frees them); why and what it saves: docs/performance.md."""
import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    """Run the block with the cyclic collector off, and turn it back on after if it was on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
