"""Limits at the door and bad parameters, against a real `opendata serve`: fuzzed requests
over every route find no 500 and no traceback in any body or in the log; silent and slow
clients are cut off; oversized request lines and heads are refused; OPTIONS has no body;
the visitor's Host never reaches a URL the site builds."""

from __future__ import annotations

import http.client
import socket
import time
import urllib.parse

import pytest
from conftest import copy_package, serving
from fuzz_requests import requests
from site_news import add_articles

from opendata import door


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    package = copy_package(tmp_path_factory.mktemp("door"))
    add_articles(package)
    with serving(package) as base:
        yield base, int(base.rsplit(":", 1)[1]), package.parent / "serve.log"


def request(port: int, target: str, method: str = "GET", headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, target, headers=headers or {})
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, body


def test_fuzzed_requests_find_no_500_and_no_traceback(site):
    _, port, log = site
    statuses: dict[int, int] = {}
    for target in requests(1500, seed=29):
        status, _, body = request(port, target)
        statuses[status] = statuses.get(status, 0) + 1
        assert status < 500 and b"Traceback" not in body, (status, target[:300], body[:300])
    assert statuses.get(400, 0) > 100 and statuses.get(200, 0) > 500, statuses      # both kinds were reached
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in text
    assert max(map(len, text.splitlines())) <= 320          # one short line per error


@pytest.mark.parametrize("target,name", [
    ("/opendata/news.json?_timelimit=%C2%B2", "_timelimit"), ("/opendata/news.json?_through=%5B", "_through"),
    ("/opendata/news.json?_sort=nope", "_sort"), ("/opendata/news.json?views__lt=9223372036854775808", "views__lt"),
    ("/opendata/news.json?published_at__gt=%C2%B2", "published_at__gt"), ("/opendata/news.json?q=%ff", ""),
    ("/opendata/news.json?_facet_date=%7B%7D", "_facet_date"), ("/opendata/news.json?_shape=x", "_shape"),
    ("/opendata/news.json?id__in=%5B", "id__in"), ("/opendata/news.json?_ttl=%C2%B2", "_ttl"),
    ("/opendata/news.json?_facet=unit_code&_facet_size=x", "_facet_size")])
def test_datasette_parameters_that_used_to_be_500s_are_400s(site, target, name):
    _, port, _ = site
    status, headers, body = request(port, target)
    assert status == 400 and headers["content-type"].startswith("application/json")
    assert f'"parameter": "{name}"' in body.decode("utf-8")


def test_sql_errors_are_400s_logged_in_one_short_line(site):
    _, port, log = site
    sql = "select json('x') as a, :p as b, '" + "z" * 5000 + "' as c"
    target = "/opendata.json?" + urllib.parse.urlencode({"sql": sql, "p": "y" * 1000})
    status, _, body = request(port, target)
    assert status == 400 and b"Traceback" not in body
    time.sleep(0.5)
    assert max(map(len, log.read_text(encoding="utf-8", errors="replace").splitlines())) <= 320


def test_options_has_no_body_and_host_is_never_echoed(site):
    _, port, _ = site
    status, headers, body = request(port, "/opendata/news.csv?_stream=on", method="OPTIONS")
    assert status == 204 and body == b"" and "GET" in headers["allow"]
    status, headers, body = request(port, "/opendata/units.json?_size=2", headers={"Host": "evil.example"})
    assert status == 200 and "evil.example" not in headers.get("link", "") + body.decode("utf-8")
    assert f"127.0.0.1:{port}" in headers["link"]


def _raw(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(data)
        out = b""
        while chunk := s.recv(65536):
            out += chunk
        return out


def test_oversized_request_line_and_head_are_refused(site):
    _, port, _ = site
    answer = _raw(port, b"GET /opendata/units.json?x=" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 414") and b"aaaa" not in answer
    head = b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: %s\r\n" % (i, b"b" * 900) for i in range(40))
    assert _raw(port, head + b"\r\n").startswith(b"HTTP/1.1 431")
    assert request(port, "/-/versions.json")[0] == 200


def test_silent_and_slow_clients_are_cut_off(site):
    _, port, _ = site
    silent = [socket.create_connection(("127.0.0.1", port), timeout=door.HEAD_SECONDS + 10) for _ in range(50)]
    slow = socket.create_connection(("127.0.0.1", port), timeout=door.HEAD_SECONDS + 10)
    slow.sendall(b"GET / HTTP/1.1\r\n")
    start = time.monotonic()
    closed_at = None
    for i in range(int(door.HEAD_SECONDS) + 8):            # one header line a second
        try:
            slow.sendall(b"X-%d: y\r\n" % i)
            time.sleep(1)
        except OSError:
            closed_at = time.monotonic() - start
            break
    assert closed_at is not None and closed_at <= door.HEAD_SECONDS + 3
    for s in silent:
        assert s.recv(1) == b""                              # closed by the server, not by us
        s.close()
    assert request(port, "/-/versions.json")[0] == 200


def test_connections_beyond_the_cap_get_503_not_a_hang(site):
    _, port, _ = site
    idle = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(door.MAX_CONNECTIONS + 5)]
    try:
        status, _, _ = request(port, "/-/versions.json")
        assert status == 503
    finally:
        for s in idle:
            s.close()
    time.sleep(0.5)
    assert request(port, "/-/versions.json")[0] == 200
