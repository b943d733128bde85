"""Cyclic garbage in a serving process is collected on the collector's own thread, never
on a thread that may hold a lock or sit inside SQLite (where finalising a cursor takes
its connection's mutex). Run in a subprocess: turning collection off is process-wide."""

from __future__ import annotations

import subprocess
import sys

PROGRAM = r"""
import gc, threading, time
from opendata.datasette_plugin import garbage

where = []

class Cycle:
    def __init__(self):
        self.me = self
    def __del__(self):
        where.append(threading.current_thread().name)

assert garbage.start() and not garbage.start()          # once per process
for _ in range(20000):
    Cycle()
deadline = time.monotonic() + 10
while len(where) < 20000 and time.monotonic() < deadline:
    time.sleep(0.05)
print(gc.isenabled(), len(where), sorted(set(where)))
"""


def test_cycles_are_collected_on_the_collector_thread_only():
    out = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    enabled, count, threads = out.stdout.split(" ", 2)
    assert enabled == "False"                               # no thread collects as it allocates
    assert int(count) == 20000                              # yet every cycle was collected
    assert threads.strip() == "['opendata-gc']"
