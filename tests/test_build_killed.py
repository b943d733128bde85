"""An index build killed mid-way while a server answers from the previous index.

A server serves index A (the seed and four articles of ours). 2,200 generated articles
and five more of ours (about "đà điểu") are added, and `opendata index --rebuild` (a
parallel build: two worker processes) is SIGKILLed at set points: early, while its
workers run (the whole process group; then the main process alone, whose workers must
go with it), and just before the manifest moves. All along the server answers exactly as
it did from A, with no error, and a fresh reader (the library, as the CLI) still finds A.
A later plain `opendata index` completes and the server then serves B. Then the same for
an incremental build killed just before its manifest moves (it writes into the index
folder the server reads): the next build completes it, each article found once. First of
all, a manifest the server cannot open is ridden out.

tests/test_crash.py kills at random moments and checks that answers keep coming; this
checks that they are A's answers, at the points named above, and that B follows.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from conftest import copy_package, serving
from many_news import add_many
from procs import alive, children
from site_news import add_articles

SEED = "0939a2d78e482371"
OSTRICH = [(f"da-dieu-{i}", "pre2025-21358", "21358", f"2024-08-{i + 10:02d}T08:00:00+07:00",
            f"Mô hình nuôi đà điểu ở thôn {i}",
            f"Hộ dân thôn {i} nuôi đà điểu theo hướng dẫn của cán bộ khuyến nông xã.") for i in range(5)]
KANGAROO = [(f"kangaroo-{i}", "2025-21361", "21361", f"2025-12-0{i + 1}T08:00:00+07:00",
             f"Đoàn khách tham quan trang trại kangaroo lần {i}",
             f"Trang trại kangaroo đón đoàn khách thứ {i} của xã Minh Long.") for i in range(3)]
WATCHED = ["/-/search.json?q=cai+cach+hanh+chinh", "/-/search.json?q=xa&limit=100&sort=newest",
           "/-/search.json?q=%22da+dieu%22", "/-/search.json?q=kangaroo", "/opendata/news.json?_shape=array&_size=1"]
KILL_BEFORE_MANIFEST = """
import os, signal, sys
real_replace = os.replace
def replace(src, dst):
    if os.path.basename(str(dst)) == "manifest.json":     # everything written, nothing switched
        os.kill(os.getpid(), signal.SIGKILL)
    real_replace(src, dst)
os.replace = replace
from opendata.cli import main
sys.argv = ["opendata"] + sys.argv[1:]
main()
"""


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


class Watcher(threading.Thread):
    """Asks WATCHED over and over; every error, and every answer that differs from
    `expected` (when set), is a failure."""

    def __init__(self, base: str):
        super().__init__(daemon=True)
        self.base, self.expected, self.failures, self.answers = base, None, [], 0
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            expected = self.expected
            for path in WATCHED:
                try:
                    status, body = fetch(self.base + path)
                except Exception as exc:  # noqa: BLE001 - every failure counts
                    self.failures.append(f"{path}: {exc!r}")
                    continue
                self.answers += 1
                if status != 200:
                    self.failures.append(f"{path}: HTTP {status} {body[:200]!r}")
                elif expected is not None and body != expected[path]:
                    self.failures.append(f"{path}: not the answer of the index being served")
            time.sleep(0.05)

    def settle(self) -> dict[str, bytes]:
        """Take the answers of now as the ones to keep giving."""
        self.expected = {path: fetch(self.base + path)[1] for path in WATCHED}
        return self.expected


def command(package, *args) -> list[str]:
    return [sys.executable, "-m", "opendata", *args, "--package", str(package)]


def reader_ids(package, query: str) -> list[str]:
    """What a fresh reader of build/index/ finds (the library opens the index anew, as
    `opendata search` does)."""
    from opendata.search import Searcher

    searcher = Searcher(package.parent / "build" / "index")
    try:
        out = searcher.search(query, limit=1000)
    finally:
        searcher.close()
    assert out["total"] == len(out["results"])
    return [r["id"] for r in out["results"]]


def kill_group(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def start(argv) -> subprocess.Popen:
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def wait_for_workers(proc: subprocess.Popen, timeout: float = 120, settle: float = 0.5) -> list[int]:
    """The build's worker processes, once both run (then `settle` seconds more)."""
    deadline = time.monotonic() + timeout
    while True:
        workers = [pid for pid in children(proc.pid) if alive(pid)]
        if len(workers) >= 2:
            time.sleep(settle)
            return workers
        assert proc.poll() is None, "the build ended before its workers were seen: " + proc.stderr.read().decode()
        assert time.monotonic() < deadline, "no worker processes seen"
        time.sleep(0.02)


def wait_gone(pids: list[int], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while any(alive(pid) for pid in pids):
        assert time.monotonic() < deadline, f"orphaned index workers still running {timeout} s after their build " \
            f"was killed (they hold its lock, so the next build waits or fails): {pids}"
        time.sleep(0.1)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("killed")
    package = copy_package(folder)
    add_articles(package)
    with serving(package) as base:
        watcher = Watcher(base)
        watcher.start()
        yield package, base, watcher
        watcher.stop.set()
        watcher.join()


def search_ids(base: str, query: str) -> list[str]:
    status, body = fetch(f"{base}/-/search.json?limit=100&q={query}")
    assert status == 200
    return [r["id"] for r in json.loads(body)["results"]]


def assert_still_a(package, watcher, a_answers, a_ids) -> None:
    assert not watcher.failures, watcher.failures[:5]
    assert watcher.expected is a_answers
    assert reader_ids(package, "cai cach hanh chinh") == a_ids and reader_ids(package, '"da dieu"') == []


def test_a_manifest_the_server_cannot_open_is_ridden_out(site):
    """A manifest the server cannot read (another program's, or an index format this
    server does not know) leaves it answering from what it has; the next good build is
    then loaded as usual. First in this module: its rebuild is of four articles."""
    package, base, watcher = site
    watcher.settle()
    manifest = package.parent / "build" / "index" / "manifest.json"
    unknown = manifest.with_name(".manifest.unknown")
    unknown.write_text(json.dumps({"format": "from-the-future", "version": "v999"}), encoding="utf-8")
    os.replace(unknown, manifest)
    log = package.parent / "serve.log"
    for _ in range(20):                                     # every request finds the manifest changed
        fetch(base + "/-/search.json?q=xa")
        time.sleep(0.1)
    assert not watcher.failures, watcher.failures[:5]
    told = [line for line in log.read_text(encoding="utf-8").splitlines() if "search index" in line]
    assert len(told) == 1 and len(told[0]) <= 300, told[:3]        # said once, on one line: not tried again and
    assert "Traceback" not in log.read_text(encoding="utf-8")      # again (each try reads the whole manifest)
    watcher.expected = None
    add_articles(package, [("emu-farm", "2025-21361", "21361", "2025-12-20T08:00:00+07:00",
                            "Trang trại emu mở cửa đón khách", "Trang trại emu của xã Minh Long.")])
    done = subprocess.run(command(package, "index"), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    deadline = time.monotonic() + 60
    while search_ids(base, "emu") != ["emu-farm"]:
        assert time.monotonic() < deadline, "the server never loaded the good index that followed"
        time.sleep(0.2)
    assert SEED in search_ids(base, "cai+cach+hanh+chinh")
    assert not watcher.failures, watcher.failures[:5]


def test_a_rebuild_killed_anywhere_leaves_the_server_on_a_then_b_follows(site):
    package, base, watcher = site
    a_answers = watcher.settle()
    a_ids = reader_ids(package, "cai cach hanh chinh")
    assert a_ids and SEED in a_ids and search_ids(base, "%22da+dieu%22") == []
    add_many(package, 2200)
    add_articles(package, OSTRICH)
    rebuild = command(package, "index", "--rebuild")

    proc = start(rebuild)                                   # early: reading and checking the package
    time.sleep(0.3)
    assert proc.poll() is None
    kill_group(proc)
    assert_still_a(package, watcher, a_answers, a_ids)

    proc = start(rebuild)                                   # its workers are writing: all of it killed
    wait_for_workers(proc)
    kill_group(proc)
    assert_still_a(package, watcher, a_answers, a_ids)

    proc = start(rebuild)                                   # the main process alone (an OOM killer's choice):
    workers = wait_for_workers(proc, settle=0)              # its workers, seconds of work ahead, go with it
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    wait_gone(workers, timeout=1.5)
    assert_still_a(package, watcher, a_answers, a_ids)

    proc = start([sys.executable, "-c", KILL_BEFORE_MANIFEST] + rebuild[3:])   # all written, not switched
    proc.wait(timeout=300)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()
    assert_still_a(package, watcher, a_answers, a_ids)

    watcher.expected = None                                 # A, then B: errors only
    done = subprocess.run(command(package, "index"), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    ostrich = sorted(news_id for news_id, *_ in OSTRICH)
    deadline = time.monotonic() + 60
    while sorted(search_ids(base, "%22da+dieu%22")) != ostrich:
        assert time.monotonic() < deadline, "the server never served the completed index"
        time.sleep(0.2)
    assert sorted(reader_ids(package, '"da dieu"')) == ostrich
    status, body = fetch(base + "/-/search.json?q=xa")
    assert json.loads(body)["total"] > 2000 > json.loads(a_answers["/-/search.json?q=xa&limit=100&sort=newest"])["total"]
    assert not watcher.failures, watcher.failures[:5]


def test_an_update_killed_before_its_manifest_is_completed_by_the_next(site):
    """The incremental build writes into the index folder the server reads."""
    package, base, watcher = site
    b_answers = watcher.settle()
    ostrich = sorted(reader_ids(package, '"da dieu"'))
    assert len(ostrich) == len(OSTRICH)
    add_articles(package, KANGAROO)
    proc = start([sys.executable, "-c", KILL_BEFORE_MANIFEST] + command(package, "index")[3:])
    proc.wait(timeout=300)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()
    assert not watcher.failures, watcher.failures[:5]
    assert watcher.expected is b_answers
    # The server stays on B until a manifest names more. A fresh reader opens the index's latest
    # Whoosh generation: B, or the killed build's whole commit (Whoosh's TOC is replaced by
    # rename and the older one removed), never a part of one.
    assert sorted(reader_ids(package, "kangaroo")) in ([], sorted(news_id for news_id, *_ in KANGAROO))
    assert sorted(reader_ids(package, '"da dieu"')) == ostrich

    watcher.expected = None
    done = subprocess.run(command(package, "index"), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    kangaroo = sorted(news_id for news_id, *_ in KANGAROO)
    deadline = time.monotonic() + 60
    while sorted(search_ids(base, "kangaroo")) != kangaroo:
        assert time.monotonic() < deadline, f"served: {search_ids(base, 'kangaroo')}"
        time.sleep(0.2)
    assert sorted(reader_ids(package, "kangaroo")) == kangaroo           # each once
    assert sorted(reader_ids(package, '"da dieu"')) == ostrich
    status, body = fetch(base + "/-/search.json?q=kangaroo")
    assert json.loads(body)["total"] == len(KANGAROO)
    assert not watcher.failures, watcher.failures[:5]

