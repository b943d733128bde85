"""The server never freezes: `vn_search()` inside SQL, searches of 100 results and failing
SQL run together for a minute against a real server with a few thousand articles, while a
watchdog asks a cheap route every half second. Before the fix this mix deadlocked the
server within seconds (a lock-order inversion between the search lock and SQLite's
connection mutex): every route stopped answering, SIGTERM included."""

from __future__ import annotations

import os
import sys

import pytest
from conftest import ROOT, copy_package, serving
from many_news import add_many

sys.path.insert(0, str(ROOT / "bench"))
from hostile_mix import Mix  # noqa: E402

SECONDS = float(os.environ.get("OPENDATA_FREEZE_SECONDS", "60"))


@pytest.fixture(scope="module")
def crowded(tmp_path_factory):
    package = copy_package(tmp_path_factory.mktemp("crowded"))
    add_many(package, 3000)
    with serving(package) as base:
        yield int(base.rsplit(":", 1)[1])


def test_hostile_mix_never_freezes_the_server(crowded):
    mix = Mix(crowded, SECONDS, loops=4, timeout=30).run(watchdog_limit=10)
    print(mix.summary())
    assert mix.watchdog and all(w < 10 for w in mix.watchdog), mix.summary()
    assert all(n > 0 for n in mix.counts.values()), mix.summary()
    assert not [s for s in mix.statuses if s not in (200, 400)], mix.summary()   # no 500, no timeout
