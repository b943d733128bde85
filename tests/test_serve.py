"""`opendata serve`: a real Datasette server on the shipped data."""

from __future__ import annotations

import json
import time
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import free_port, get, serving


@pytest.fixture
def server(package):
    with serving(package) as base:
        yield base, package


def test_serve_builds_what_is_missing_and_answers(server):
    base, package = server
    status, html = get(base + "/")
    assert status == 200 and "opendata" in html
    _, body = get(base + "/opendata/news.json?_shape=array")
    [news] = json.loads(body)
    assert news["unit_code"] == "21358" and news["views"] == 11
    query = urllib.parse.urlencode({"_search": "dinh trung hieu", "_shape": "array"})
    _, body = get(base + "/opendata/news.json?" + query)
    assert [r["id"] for r in json.loads(body)] == [news["id"]]
    _, body = get(base + "/opendata/units.json?_shape=array&code=21361")
    assert {r["name"] for r in json.loads(body)} == {"Xã Long Hiệp", "Xã Minh Long"}
    assert (package.parent / "build" / "opendata.db").exists()
    assert (package.parent / "build" / "index" / "manifest.json").exists()


def test_serve_refuses_an_invalid_package(package):
    news = package.parent / "data" / "news.csv"
    news.write_text(news.read_text(encoding="utf-8").replace("+07:00,11,", ",11,", 1), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "opendata", "serve", "--port", str(free_port()), "--package",
                           str(package)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "invalid" in proc.stderr and "published_at" in proc.stderr


def get_full(url: str):
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()


def test_search_routes_json_and_csv(server):
    base, _ = server
    query = urllib.parse.urlencode({"q": "cai cach hanh chinh long mon"})
    status, headers, body = get_full(base + "/-/search.json?" + query)
    out = json.loads(body)
    assert status == 200 and headers["access-control-allow-origin"] == "*" and "max-age" in headers["cache-control"]
    assert out["total"] == 1 and out["results"][0]["unit_code"] == "21358"
    assert "<mark>" in out["results"][0]["snippet"] and out["suggestion"]
    status, headers, body = get_full(base + "/-/search.csv?" + query)
    assert body.startswith(b"\xef\xbb\xbf")                       # BOM: Excel reads UTF-8
    text = body.decode("utf-8-sig")
    assert "Hội nghị đánh giá" in text and "attachment" in headers["content-disposition"]
    hostile = urllib.parse.urlencode({"q": '"<script>alert(1)</script> AND OR * title:'})
    status, headers, body = get_full(base + "/-/search.json?" + hostile)
    assert status == 200 and headers["content-type"].startswith("application/json")
    out = json.loads(body)                     # the query is echoed as JSON data, never as HTML
    assert out["results"] == [] and out["page"] == 1 and out["limit"] == 10


@pytest.mark.parametrize("name,value", [("limit", "abc"), ("limit", "0"), ("limit", "101"), ("page", "-3"),
                                        ("page", "²"), ("year", "x"), ("year", "²"), ("year", "20245"),
                                        ("from", "2024-13-45"), ("to", "yesterday"), ("sort", "oldest"),
                                        ("unit", "'; drop"), ("area", "TTHC!")])
def test_bad_search_parameters_are_400s_naming_the_parameter(server, name, value):
    base, _ = server
    query = urllib.parse.urlencode({"q": "cai cach", name: value})
    for route in ("/-/search.json", "/-/search.csv", "/-/search"):
        with pytest.raises(urllib.error.HTTPError) as err:
            get_full(base + route + "?" + query)
        assert err.value.code == 400, route
        body = err.value.read().decode("utf-8")
        assert "Traceback" not in body
        if route.endswith(".json"):
            assert json.loads(body)["parameter"] == name
        else:
            assert ("năm" in body or name in body)


def test_a_search_export_holds_every_result_whatever_the_spacing_and_case(server):
    base, _ = server
    first = get_full(base + "/-/search.csv?q=cai+cach")[2]
    again = get_full(base + "/-/search.csv?q=%20CAI%20%20Cach%20")[2]
    assert first == again and first.decode("utf-8-sig").count("\r\n") == 2     # header and the one article


def test_sql_functions_and_limits(server):
    base, _ = server
    sql = urllib.parse.urlencode({"sql": "select vn_fold('Đinh Trung Hiếu') as f", "_shape": "array"})
    _, body = get(base + "/opendata.json?" + sql)
    assert json.loads(body) == [{"f": "dinh trung hieu"}]
    big = urllib.parse.urlencode({"sql": "select length(zeroblob(100000000)) as n", "_shape": "array"})
    try:
        status, _ = get(base + "/opendata.json?" + big)
    except urllib.error.HTTPError as exc:
        status = exc.code
    assert status == 400                                           # refused, server still answers
    assert get(base + "/-/versions.json")[0] == 200


def test_canned_queries(server):
    base, _ = server
    _, body = get(base + "/opendata/news_by_unit_and_year.json?unit_code=21358&year=2024&_shape=array")
    [row] = json.loads(body)
    assert row["unit"] == "Xã Long Môn" and row["era"] == "pre2025"
    _, body = get(base + "/opendata/reform_events_with_people.json?_shape=array")
    people = json.loads(body)
    assert [p["name"] for p in people][:2] == ["Đinh Trung Hiếu", "Đinh Ra Ói"]
    assert people[0]["participation"] == "chair"
    _, body = get(base + "/opendata/unit_successions.json?name=long+mon&_shape=array")
    [succession] = json.loads(body)
    assert (succession["old_name"], succession["new_name"], succession["old_district"]) == (
        "Xã Long Môn", "Xã Minh Long", "Huyện Minh Long")


def test_vn_search_sql_function(server):
    base, _ = server
    sql = ("select id, title from news where id in (select value from json_each(vn_search('cai cach'))) "
           "union all select 'none', count(*) from json_each(vn_search('khong ton tai gi ca'))")
    _, body = get(base + "/opendata.json?" + urllib.parse.urlencode({"sql": sql, "_shape": "array"}))
    rows = json.loads(body)
    assert rows[0]["title"].startswith("Hội nghị đánh giá") and rows[-1] == {"id": "none", "title": 0}


def test_a_rebuilt_index_is_served_without_a_restart(server):
    from conftest import run
    from site_news import add_articles

    base, package = server
    query = "/-/search.json?" + urllib.parse.urlencode({"q": "Chợ Chùa đại đoàn kết"})
    assert json.loads(get(base + query)[1])["total"] == 0
    add_articles(package)
    assert run("index", package=package).exit_code == 0
    deadline = time.monotonic() + 20
    while json.loads(get(base + query)[1])["total"] == 0:     # answered by the old index meanwhile
        assert time.monotonic() < deadline, "the new index was never loaded"
        time.sleep(0.2)
    assert json.loads(get(base + query)[1])["results"][0]["id"] == "cho-chua-le-hoi"
