"""Web security of the running site: no file outside the build is served, nothing is
written over HTTP, the SQL API is read-only and bounded, and the server stays healthy."""

from __future__ import annotations

import http.client
import json
import time
import urllib.parse

import pytest
from conftest import copy_package, serving


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    return copy_package(tmp_path_factory.mktemp("secure"))


@pytest.fixture(scope="module")
def base(package):
    with serving(package) as url:
        yield url


def raw(base: str, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    """One request with the path sent exactly as written (no client-side normalising)."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.request(method, path, body=body, headers=headers or {})
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r.status, data


TRAVERSALS = [
    "/-/static/../../../../etc/passwd",
    "/-/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/-/static-plugins/commune-opendata/../../../../../etc/passwd",
    "/-/static-plugins/commune-opendata/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/-/static-plugins/commune-opendata/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/-/csv/..%2f..%2fetc%2fpasswd.csv",
    "/-/article/..%2f..%2fetc%2fpasswd",
    "/opendata/..%2f..%2f..%2fetc%2fpasswd",
    "/../../../../etc/passwd",
    "/opendata.db",
    "/-/static-plugins/commune-opendata/../../../datapackage.json",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_route_reads_files_outside(base, path):
    status, data = raw(base, "GET", path)
    assert b"root:x:0:0" not in data and b'"resources"' not in data
    assert status in (302, 400, 403, 404, 405), (status, data[:200])


@pytest.mark.parametrize("sql", [
    "insert into units(id) values ('x')",
    "update news set title = 'x'",
    "delete from news",
    "drop table news",
    "attach database '/tmp/evil.db' as evil",
    "pragma writable_schema = 1",
    "create table t(x)",
    "vacuum into '/tmp/copy.db'",
])
def test_sql_api_is_read_only(base, sql):
    status, data = raw(base, "GET", "/opendata.json?" + urllib.parse.urlencode({"sql": sql}))
    assert status in (400, 403), (status, data[:300])
    status, data = raw(base, "GET", "/opendata/news.json?_shape=array")
    assert status == 200 and len(json.loads(data)) == 1


@pytest.mark.parametrize("method, path", [
    ("POST", "/opendata/news"), ("POST", "/opendata/-/create"), ("POST", "/opendata/news/-/insert"),
    ("POST", "/-/search.json?q=x"), ("PUT", "/opendata/news"), ("DELETE", "/opendata/news/0939a2d78e482371"),
    ("POST", "/opendata/news/0939a2d78e482371/-/delete"), ("POST", "/-/permissions"),
])
def test_no_writes_over_http(base, method, path):
    status, _ = raw(base, method, path, body=b'{"row": {"id": "x"}}', headers={"Content-Type": "application/json"})
    assert status in (400, 403, 404, 405), status
    _, data = raw(base, "GET", "/opendata/news.json?_shape=array")
    assert [r["id"] for r in json.loads(data)] == ["0939a2d78e482371"]


@pytest.mark.parametrize("sql", [
    "select zeroblob(1000000000)",
    "select length(randomblob(500000000))",
    "select count(*) from units a, units b, units c, units d",
    "with recursive r(i) as (select 1 union all select i + 1 from r) select count(*) from r",
    "select group_concat(a.name || b.name) from units a, units b",
])
def test_expensive_sql_fails_fast_and_the_server_stays_healthy(base, sql):
    start = time.monotonic()
    status, data = raw(base, "GET", "/opendata.json?" + urllib.parse.urlencode({"sql": sql}))
    assert time.monotonic() - start < 10
    assert status == 400, (status, data[:300])
    status, _ = raw(base, "GET", "/-/search.json?q=cai+cach")
    assert status == 200


def test_rows_are_capped(base):
    sql = "with recursive r(i) as (select 1 union all select i + 1 from r where i < 5000) select i from r"
    status, data = raw(base, "GET", "/opendata.json?" + urllib.parse.urlencode({"sql": sql, "_shape": "objects"}))
    out = json.loads(data)
    assert status == 200 and len(out["rows"]) == 1000 and out["truncated"]


def test_errors_are_logged_without_local_variables(base, package):
    """A bad request costs the log one line, not a dump of the request's variables."""
    log = package.parent / "serve.log"
    before = log.stat().st_size
    for _ in range(3):
        raw(base, "GET", "/opendata.json?" + urllib.parse.urlencode({"sql": "delete from news"}))
    assert log.stat().st_size - before < 2000
