"""Python's cyclic garbage collection on one thread of its own, in a serving process.

The collector runs finalisers in whatever thread happens to allocate. A SQLite cursor
left in a reference cycle (failing SQL leaves them, through the traceback) is finalised
with `sqlite3_reset`, which takes its connection's mutex. When that thread holds a lock
another thread waits for while inside SQLite (a SQL function), or is the event loop
while a long query holds the mutex, the site stalls or deadlocks. So automatic
collection is turned off and this thread collects instead: it holds no lock, runs no
query and serves no request, so waiting on a connection's mutex only delays it.

Generations follow CPython's own thresholds, checked every POLL seconds. `settle()`
asks for a full collection and gives the freed C heap back (after an index load), then
freezes what survives: the index's arrays and metadata are long-lived, and later full
collections need not walk them again.
"""

from __future__ import annotations

import gc
import threading
import time

POLL = 0.05
_started = False
_start_lock = threading.Lock()
_settle = threading.Event()


def start() -> bool:
    """Move collection to the collector thread (once per process); False if already done."""
    global _started
    with _start_lock:
        if _started:
            return False
        _started = True
    gc.disable()
    threading.Thread(target=_collect_forever, name="opendata-gc", daemon=True).start()
    return True


def running() -> bool:
    return _started


def settle() -> None:
    """A full collection and heap trim soon, on the collector's thread (or now, when it
    is not running: a command-line process)."""
    if _started:
        _settle.set()
    else:
        _full()


def _full() -> None:
    from ..serve import free_heap

    gc.unfreeze()
    free_heap()
    gc.freeze()


def _collect_forever() -> None:
    first, second, third = gc.get_threshold()
    young = middle = 0
    while True:
        if _settle.wait(POLL):
            _settle.clear()
            _full()
            young = middle = 0
            continue
        if gc.get_count()[0] < first:
            continue
        young += 1
        if young < second:
            gc.collect(0)
            continue
        young, middle = 0, middle + 1
        if middle < third:
            gc.collect(1)
        else:
            middle = 0
            gc.collect(2)
        time.sleep(0)
