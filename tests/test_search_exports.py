"""`/-/search.csv` and `/-/search.xlsx` past one page: every matching article is
exported (a page of JSON holds at most 100), the same ids as the JSON pages in the same
order, and the files are safe in a spreadsheet (CSV: UTF-8 with a BOM, cells starting
with `= + - @` neutralised; XLSX: text cells, never formulas). A real `opendata serve`
on a package of a few hundred generated articles (tests/many_news.py)."""

from __future__ import annotations

import csv
import io
import json
import math
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest
from conftest import copy_package, serving
from many_news import add_many
from site_news import add_articles

FORMULAS = [
    # id, title, body: each starts with a character a spreadsheet would run
    ("formula-eq", '=HYPERLINK("http://example.invalid";"xã")', "=1+1 xã Long Môn họp dân."),
    ("formula-plus", "+84 xã Long Môn tiếp công dân", "+84 255 3866154 là số điện thoại của xã."),
    ("formula-minus", "-5 độ, xã Long Môn chống rét cho trâu bò", "-5 độ: xã hướng dẫn người dân che chắn."),
    ("formula-at", "@xã Long Môn: lịch tiếp dân", "@UBND xã Long Môn thông báo lịch tiếp dân."),
]
DANGEROUS = ("=", "+", "-", "@")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    package = copy_package(folder)
    add_many(package, 320)
    add_articles(package, [(news_id, "pre2025-21358", "21358", "2024-03-01T08:00:00+07:00", title, body)
                           for news_id, title, body in FORMULAS])
    with serving(package) as base:
        yield base


def fetch(url: str):
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


def json_ids(base: str, params: dict) -> tuple[int, list[str]]:
    """Every id of a search, page by page of 100 (the most a page holds)."""
    first = json.loads(fetch(f"{base}/-/search.json?{urlencode({**params, 'limit': 100})}")[2])
    ids = [r["id"] for r in first["results"]]
    for page in range(2, math.ceil(first["total"] / 100) + 1):
        out = json.loads(fetch(f"{base}/-/search.json?{urlencode({**params, 'limit': 100, 'page': page})}")[2])
        ids += [r["id"] for r in out["results"]]
    return first["total"], ids


def csv_rows(base: str, params: dict) -> tuple[dict, bytes, list[dict]]:
    status, headers, body = fetch(f"{base}/-/search.csv?{urlencode(params)}")
    assert status == 200
    text = body.decode("utf-8")
    assert text.startswith("\ufeff"), "no BOM: Excel would garble the Vietnamese"
    return headers, body, list(csv.DictReader(io.StringIO(text[1:], newline="")))


@pytest.mark.parametrize("params", [
    {"q": "xa"},
    {"q": "xã", "sort": "newest"},
    {"q": "xa", "unit": "2025-21361"},          # a 2025 unit: its own news and its merged units'
    {"q": "cai cach", "from": "2022-01-01", "to": "2024-12-31"},
])
def test_search_csv_holds_every_result_in_the_json_order(server, params):
    total, ids = json_ids(server, params)
    assert total > 100 and len(ids) == total == len(set(ids))      # more than one page of JSON
    headers, _, rows = csv_rows(server, params)
    assert headers["content-type"].startswith("text/csv") and "attachment" in headers["content-disposition"]
    assert [row["id"] for row in rows] == ids


def test_search_csv_is_safe_in_a_spreadsheet(server):
    _, body, rows = csv_rows(server, {"q": "xa long mon"})
    assert b"\r\n" in body
    assert {row["id"] for row in rows} >= {news_id for news_id, _, _ in FORMULAS}
    for row in rows:
        for column, value in row.items():
            assert not value.startswith(DANGEROUS), (row["id"], column, value)
    by_id = {row["id"]: row for row in rows}
    for news_id, title, _ in FORMULAS:
        assert by_id[news_id]["title"] == "'" + title                # neutralised, not changed otherwise
    assert by_id["formula-eq"]["snippet"].startswith("'=1+1 xã")
    assert by_id["formula-plus"]["unit_name"] == "Xã Long Môn"


def test_search_xlsx_holds_every_result_as_text(server):
    from openpyxl import load_workbook

    params = {"q": "xa"}
    total, ids = json_ids(server, params)
    status, headers, body = fetch(f"{server}/-/search.xlsx?{urlencode(params)}")
    assert status == 200 and headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(body)).active
    header, *rows = list(sheet.iter_rows())
    columns = [cell.value for cell in header]
    assert columns[:3] == ["id", "title", "url"]
    assert [row[0].value for row in rows] == ids and len(rows) == total > 100
    titles = {row[0].value: row[columns.index("title")] for row in rows}
    for news_id, title, _ in FORMULAS:
        cell = titles[news_id]
        assert cell.data_type == "s" and cell.value == title       # a string, never a formula
    assert all(cell.data_type != "f" for row in rows for cell in row)


def fetch_any(url: str):
    try:
        return fetch(url)
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


@pytest.mark.parametrize("route", ["/-/search.csv", "/-/search.xlsx", "/-/search.json"])
def test_search_routes_are_shareable_and_their_errors_are_not_kept(server, route):
    """README: the search routes send CORS and `max-age=300`; a 400 must not be kept by a
    proxy or CDN (the next request may be good), nor named as a download."""
    status, headers, _ = fetch_any(f"{server}{route}?q=xa")
    assert status == 200
    assert headers["access-control-allow-origin"] == "*" and headers["cache-control"] == "public, max-age=300"
    status, headers, body = fetch_any(f"{server}{route}?q=xa&year=20x4")
    assert status == 400 and "year" in body.decode("utf-8")
    assert headers["cache-control"] == "no-store" and headers["access-control-allow-origin"] == "*"
    assert "content-disposition" not in headers
