"""Crash safety: `ingest`, `index` and `build` killed with SIGKILL at random points.

Afterwards the package validates and holds the old or the new state, never a mix;
search works; the database is whole; and a server started before keeps answering
throughout. `OPENDATA_KILLS=20 pytest tests/test_crash.py` runs the full 20 kills a
command (CI runs a few).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from conftest import RETRIEVED, copy_package, run, serving

KILLS = int(os.environ.get("OPENDATA_KILLS", "3"))
WORDS = ("xã cán bộ người dân hội nghị cải cách hành chính thủ tục một cửa dịch vụ công trực tuyến kế hoạch "
         "năm tổ chức triển khai nhiệm vụ kiểm tra đánh giá kết quả hạn chế đồng chí chủ tịch ủy ban").split()


def write_batch(path, n: int, seed: int) -> None:
    """n articles of our own made-up text, as JSON Lines."""
    rnd = random.Random(seed)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            body = "\n".join(" ".join(rnd.choice(WORDS) for _ in range(60)).capitalize() + "." for _ in range(4))
            fh.write(json.dumps({
                "url": f"https://minhlong.example.gov.vn/tin-tuc/bai-{seed}-{i}.html",
                "title": f"Bài {i}: " + " ".join(rnd.choice(WORDS) for _ in range(8)),
                "body": body, "published_at": f"2025-{rnd.randint(7, 12):02d}-{rnd.randint(1, 28):02d}T08:00:00+07:00",
                "unit_code": "21361"}, ensure_ascii=False) + "\n")


def tables_state(package) -> str:
    h = hashlib.sha256()
    for path in sorted((package.parent / "data").glob("*.csv")):
        h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()


def command(package, *args) -> list[str]:
    return [sys.executable, "-m", "opendata", *args, "--package", str(package)]


def kill_at_random(argv, longest: float, rnd: random.Random) -> bool:
    """Start the command and SIGKILL it at a random moment; True if it was still running."""
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(rnd.uniform(0.05, longest))
    alive = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return alive


def timed(argv) -> float:
    start = time.monotonic()
    subprocess.run(argv, check=True, capture_output=True)
    return time.monotonic() - start


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A built package, served while the kills happen; a poller counts failed answers."""
    folder = tmp_path_factory.mktemp("crash")
    package = copy_package(folder)
    write_batch(folder / "first.jsonl", 150, seed=1)
    assert run("ingest", str(folder / "first.jsonl"), "--retrieved-at", RETRIEVED, package=package).exit_code == 0
    assert run("index", package=package).exit_code == 0
    assert run("build", package=package).exit_code == 0
    failures, answers, stop = [], [], threading.Event()
    with serving(package) as base:
        def poll():
            while not stop.is_set():
                for path in ("/-/search.json?q=cai+cach+hanh+chinh", "/opendata/news.json?_size=1&_shape=array"):
                    try:
                        with urllib.request.urlopen(base + path, timeout=10) as r:
                            json.loads(r.read())
                            answers.append(r.status)
                    except Exception as exc:  # noqa: BLE001 - every failure counts
                        failures.append(f"{path}: {exc}")
                time.sleep(0.05)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        yield package, folder
        stop.set()
        poller.join()
    assert answers and not failures, failures[:5]


def test_kill_ingest(site):
    package, folder = site
    rnd = random.Random(11)
    write_batch(folder / "second.jsonl", 300, seed=2)
    argv = command(package, "ingest", str(folder / "second.jsonl"), "--retrieved-at", RETRIEVED)
    backup = folder / "data-before"
    shutil.copytree(package.parent / "data", backup)
    before = tables_state(package)
    longest = timed(argv)
    after = tables_state(package)
    assert after != before
    seen = set()
    for _ in range(KILLS):
        shutil.rmtree(package.parent / "data")
        shutil.copytree(backup, package.parent / "data")
        kill_at_random(argv, longest, rnd)
        result = run("validate", package=package)           # opening the package completes a journaled write
        assert result.exit_code == 0, result.output
        state = tables_state(package)
        assert state in (before, after), "a mix of old and new tables"
        seen.add(state)
    print(f"ingest: {KILLS} kills, states seen: {len(seen)}")


def test_kill_index(site):
    package, _ = site
    rnd = random.Random(12)
    argv = command(package, "index", "--rebuild", "--wait", "0")
    longest = timed(argv)
    for _ in range(KILLS):
        kill_at_random(argv, longest, rnd)
        out = subprocess.run(command(package, "search", "cai cach hanh chinh", "--format", "json"),
                             capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout)["total"] > 0
    done = subprocess.run(command(package, "index", "--wait", "5"), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr                # no lock or half-built version left in the way


def test_kill_build(site):
    from opendata.database import register_collation

    package, _ = site
    rnd = random.Random(13)
    db = package.parent / "build" / "opendata.db"
    argv = command(package, "build")
    longest = timed(argv)
    for _ in range(KILLS):
        kill_at_random(argv, longest, rnd)
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            register_collation(conn)                # the `COLLATE vn` indexes are checked too
            assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
            assert conn.execute("select count(*) from news").fetchone()[0] > 150


KILL_AFTER_FIRST_TABLE = """
import os, signal, sys
import opendata.package
real_replace = os.replace
def replace(src, dst):
    real_replace(src, dst)
    if str(dst).endswith(".csv"):                    # one table renamed, the others not yet
        os.kill(os.getpid(), signal.SIGKILL)
opendata.package.os.replace = replace
from opendata.cli import main
sys.argv = ["opendata"] + sys.argv[1:]
main()
"""


def test_a_write_killed_between_two_renames_is_completed(tmp_path):
    from conftest import SEED_TEXT, read_table

    (tmp_path / "done").mkdir()
    done = copy_package(tmp_path / "done", empty_news=True)
    assert run("ingest", str(SEED_TEXT), "--retrieved-at", RETRIEVED, package=done).exit_code == 0
    expected = {name: read_table(done, name) for name in ("publishers", "news")}
    assert all(expected.values())                             # the page adds a publisher and a news row

    (tmp_path / "killed").mkdir()
    package = copy_package(tmp_path / "killed", empty_news=True)
    proc = subprocess.run([sys.executable, "-c", KILL_AFTER_FIRST_TABLE, "ingest", str(SEED_TEXT),
                           "--retrieved-at", RETRIEVED, "--package", str(package)], capture_output=True)
    assert proc.returncode == -signal.SIGKILL
    assert (package.parent / ".commit.json").exists()
    assert read_table(package, "publishers") == expected["publishers"] and read_table(package, "news") == []
    result = run("validate", package=package)                 # any command completes the write first
    assert result.exit_code == 0, result.output
    assert {name: read_table(package, name) for name in expected} == expected
    assert not (package.parent / ".commit.json").exists()
    assert not list((package.parent / "data").glob(".*.tmp"))


def test_files_of_a_writer_killed_before_its_journal_are_removed_by_the_next_write(package):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()                                           # a pid that no longer runs
    data = package.parent / "data"
    left = data / f".news.csv.staged.{dead.pid}.abc123.tmp"
    left.write_text("half a table", encoding="utf-8")
    mine = data / f".news.csv.staged.{os.getpid()}.def456.tmp"   # a live writer's: kept
    mine.write_text("in progress", encoding="utf-8")
    from conftest import SEED_HTML
    result = run("ingest", str(SEED_HTML), "--url", "https://example.gov.vn/tin/1.html",
                 "--retrieved-at", RETRIEVED, package=package)
    assert result.exit_code == 0, result.output
    assert not left.exists() and mine.exists()
