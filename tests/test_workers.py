"""`opendata serve --workers 2`: two worker processes share the port; each answers search
and Datasette pages, each sees one index rebuild, and SIGTERM to the server stops them all.

Which worker answered a request is read from Linux itself: the server end of a
keep-alive connection (found in /proc/net/tcp by the two ports) is an open file of
exactly one process (/proc/PID/fd). Linux only, like the rest of the project.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import time
from urllib.parse import urlencode

import pytest
from conftest import copy_package, run, serving
from procs import alive, children, parent_of
from site_news import add_articles

SEED = "0939a2d78e482371"
NEW = [("worker-reload-2025", "2025-21361", "21361", "2025-11-20T08:00:00+07:00",
        "Xã Minh Long tổ chức hội thi tìm hiểu pháp luật về đà điểu",
        "Hội thi về nuôi đà điểu thu hút đông đảo người dân tham gia.")]


def _socket_inode(local_port: int, remote_port: int) -> str | None:
    """The inode of the loopback TCP socket bound to local_port, connected to remote_port."""
    with open("/proc/net/tcp") as fh:
        next(fh)
        for line in fh:
            fields = line.split()
            local, remote = fields[1], fields[2]
            if int(local.split(":")[1], 16) == local_port and int(remote.split(":")[1], 16) == remote_port:
                return fields[9]
    return None


def _owner(inode: str, candidates: list[int]) -> int | None:
    target = f"socket:[{inode}]"
    for pid in candidates:
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                try:
                    if os.readlink(f"/proc/{pid}/fd/{fd}") == target:
                        return pid
                except OSError:
                    continue
        except OSError:
            continue
    return None


class Cluster:
    """The server under test: its port, its main process and worker processes."""

    def __init__(self, base: str):
        self.base = base
        self.port = int(base.rsplit(":", 1)[1])
        self.main: int | None = None

    def connect(self) -> tuple[http.client.HTTPConnection, int]:
        """A new keep-alive connection and the pid of the worker that accepted it."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request("GET", "/-/versions.json")
        response = conn.getresponse()
        response.read()
        assert response.status == 200
        inode = _socket_inode(self.port, conn.sock.getsockname()[1])
        assert inode, "the server end of the connection is not in /proc/net/tcp"
        if self.main is None:
            owner = _owner(inode, [int(p) for p in os.listdir("/proc") if p.isdigit()])
            self.main = parent_of(owner)
        pid = _owner(inode, children(self.main))
        assert pid, "the connection is not held by a child of the server process"
        return conn, pid

    def workers(self, want: int = 2, tries: int = 200) -> dict[int, http.client.HTTPConnection]:
        """One open connection to each of `want` different workers."""
        pinned: dict[int, http.client.HTTPConnection] = {}
        for _ in range(tries):
            conn, pid = self.connect()
            if pid in pinned:
                conn.close()
            else:
                pinned[pid] = conn
            if len(pinned) == want:
                return pinned
        raise AssertionError(f"{tries} connections, all answered by {sorted(pinned)}")

    def get_from(self, pid: int, path: str) -> tuple[int, bytes]:
        """GET path from that worker (a fresh connection to it: idle ones close in 5 s)."""
        for _ in range(200):
            conn, owner = self.connect()
            try:
                if owner == pid:
                    conn.request("GET", path)
                    response = conn.getresponse()
                    return response.status, response.read()
            finally:
                conn.close()
        raise AssertionError(f"no connection reached worker {pid}")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    folder = tmp_path_factory.mktemp("workers")
    package = copy_package(folder)
    add_articles(package)
    with serving(package, "--workers", "2") as base:
        yield Cluster(base), package


def test_both_workers_answer_search_and_datasette_pages(cluster):
    servers, _ = cluster
    pinned = servers.workers()
    assert len(pinned) == 2 and servers.main not in pinned
    for conn in pinned.values():
        conn.close()
    for pid in pinned:
        status, body = servers.get_from(pid, "/-/search.json?" + urlencode({"q": "cai cach hanh chinh long mon"}))
        assert status == 200 and [r["id"] for r in json.loads(body)["results"]][:1] == [SEED]
        status, body = servers.get_from(pid, "/-/search?" + urlencode({"q": "mot cua"}))
        assert status == 200 and "/-/article/minh-long-mot-cua-2025" in body.decode("utf-8")
        status, body = servers.get_from(pid, "/-/search.csv?q=cai+cach")
        assert status == 200 and body.startswith("\ufeffid,".encode("utf-8"))
        status, body = servers.get_from(pid, "/opendata/news.json?_shape=array&_sort=id")
        assert status == 200 and SEED in {row["id"] for row in json.loads(body)}
        status, body = servers.get_from(pid, "/opendata/units.json?_shape=array&code=21361")
        assert status == 200 and {r["name"] for r in json.loads(body)} == {"Xã Long Hiệp", "Xã Minh Long"}
        status, body = servers.get_from(pid, "/")
        assert status == 200 and 'lang="vi"' in body.decode("utf-8")


def test_one_rebuild_is_seen_by_both_workers(cluster):
    servers, package = cluster
    pinned = servers.workers()
    for conn in pinned.values():
        conn.close()
    query = "/-/search.json?" + urlencode({"q": '"da dieu"'})
    for pid in pinned:
        assert json.loads(servers.get_from(pid, query)[1])["total"] == 0
    add_articles(package, NEW)
    result = run("index", package=package)
    assert result.exit_code == 0, result.output
    for pid in pinned:
        deadline = time.monotonic() + 30
        while True:
            out = json.loads(servers.get_from(pid, query)[1])
            if out["total"]:
                break
            assert time.monotonic() < deadline, f"worker {pid} never loaded the new index"
            time.sleep(0.2)
        assert [r["id"] for r in out["results"]] == ["worker-reload-2025"]


def test_sigterm_stops_every_process(cluster):
    """Last in this module: it stops the server."""
    servers, _ = cluster
    pinned = servers.workers()
    for conn in pinned.values():
        conn.close()
    processes = [servers.main, *children(servers.main)]
    assert set(pinned) <= set(processes)
    os.kill(servers.main, signal.SIGTERM)
    deadline = time.monotonic() + 20
    try:
        while any(alive(pid) for pid in processes):
            assert time.monotonic() < deadline, f"still running after SIGTERM: {[p for p in processes if alive(p)]}"
            time.sleep(0.1)
    finally:
        for pid in processes:               # a failed stop leaves no orphan behind
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
    with pytest.raises(OSError):
        http.client.HTTPConnection("127.0.0.1", servers.port, timeout=5).request("GET", "/-/versions.json")
