"""One site, not two: Datasette's database, table, row, query and error pages of our
database carry the site's header, navigation, language switch, `lang` and Vietnamese
words; nothing internal (helper columns, NUL or control bytes) reaches a page, JSON or
CSV; each table names its own source; another database served beside ours keeps
Datasette's own pages and connections; and the whole site works under a `base_url`.

All against a real `opendata serve` (and, for layout, real Chromium).
"""

from __future__ import annotations

import json
import re
import sqlite3
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from datasette.utils import tilde_encode
from conftest import copy_package, serving
from site_news import add_articles

SEED = "0939a2d78e482371"
CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
TABLES = ["units", "unit_changes", "reform_areas", "publishers", "news", "news_sources", "reform_events",
          "event_people", "event_findings"]


def fetch(url: str, lang: str | None = None):
    """(status, body, headers: case-insensitive) of a GET, errors included; `lang` as the site's cookie."""
    req = urllib.request.Request(url, headers={"Cookie": f"opendata_lang={lang}"} if lang else {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read(), r.headers
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), exc.headers


def text(url: str, lang: str | None = None) -> tuple[int, str]:
    status, body, _ = fetch(url, lang)
    return status, body.decode("utf-8")


def other_database(folder: Path) -> Path:
    path = folder / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("create table things (id integer primary key, name text)")
        conn.executemany("insert into things (name) values (?)", [("Đông",), ("Dương",), ("Zô",)])
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    package = copy_package(folder)
    add_articles(package)
    with serving(package, "--with-db", str(other_database(folder))) as base:
        yield base


# --- one site ---------------------------------------------------------------------

def test_table_and_row_pages_show_our_header_and_vietnamese_words_and_switch_to_english(site):
    status, page = text(site + "/opendata/news")
    assert status == 200
    assert '<html lang="vi">' in page and 'class="od-nav"' in page and "Bảng dữ liệu</a>" in page
    for vi in ("Tìm:", 'value="Áp dụng"', "Xem và sửa SQL", "Xuất dữ liệu nâng cao", "4 dòng", "Dữ liệu này dạng"):
        assert vi in page, vi
    for en in ("Search:", 'value="Apply"', "View and edit SQL", "Advanced export", "4 rows", "This data as"):
        assert en not in page, en
    switch = re.search(r'<a class="od-lang" href="([^"]+)"', page).group(1)
    assert switch == "/opendata/news?lang=en"

    status, page = text(site + switch)                     # the switch itself: a table page, not a filter
    assert status == 200 and '<html lang="en">' in page
    for en in ("Search:", 'value="Apply"', "View and edit SQL", "Advanced export", "4 rows", ">Tables</a>"):
        assert en in page, en
    assert "Xuất dữ liệu nâng cao" not in page

    status, page = text(site + f"/opendata/news/{SEED}")
    assert status == 200 and '<html lang="vi">' in page and 'class="od-nav"' in page
    assert "Dữ liệu này dạng" in page and "Liên kết từ các bảng khác" in page and "This data as" not in page
    status, page = text(site + f"/opendata/news/{SEED}", lang="en")
    assert '<html lang="en">' in page and "This data as" in page and "Links from other tables" in page


def test_the_language_chosen_is_kept_by_a_cookie_on_datasette_pages(site):
    status, _, headers = fetch(site + "/opendata/units?lang=en")
    assert status == 200
    assert "opendata_lang=en" in headers.get("Set-Cookie", "")
    assert "Cookie" in headers.get("Vary", "")


def test_query_database_and_error_pages_are_ours_too(site):
    cases = [("/opendata", "Chạy SQL", "Run SQL"),
             ("/opendata/people_and_their_events", "Chạy SQL", "Run SQL"),
             ("/opendata?sql=select+1+as+n", "Truy vấn SQL trả về 1 dòng", "Custom SQL query returning 1 row"),
             ("/opendata/no_such_table", "Lỗi 404", "Error 404"),
             ("/no_such_database", "Không có cơ sở dữ liệu này", "Database not found"),
             ("/opendata/news/no-such-row", "Lỗi 404", "Error 404")]
    for path, vi, en in cases:
        status, page = text(site + path)
        assert status in (200, 404), path
        assert '<html lang="vi">' in page and 'class="od-nav"' in page and "opendata.css" in page, path
        assert vi in page and en not in page, path
        _, page = text(site + path, lang="en")
        assert '<html lang="en">' in page and en in page, path


def test_lang_on_every_page(site):
    paths = ["/", "/-/search", "/-/search?q=ubnd", f"/-/article/{SEED}", f"/-/event/{SEED}-1", "/-/reform",
             "/-/article/no-such-article", "/opendata", "/opendata?sql=select+1", "/opendata/reform_areas_by_year",
             "/opendata/units?_sort=name", "/opendata/units?era=2025&_facet=level", f"/opendata/news/{SEED}",
             "/opendata/nope", "/nope", "/opendata/news?_sort=nope"]
    paths += [f"/opendata/{t}" for t in TABLES]
    for path in paths:
        for lang in ("vi", "en"):
            _, page = text(site + path, lang=lang)
            assert re.search(rf'<html lang="{lang}"', page) or (lang == "en" and '<html lang="vi">' in page
                                                                and "Bad request" in page), (path, lang)


# --- nothing internal leaks ---------------------------------------------------------

def test_no_nul_or_control_byte_in_any_page_json_or_csv_of_every_table(site):
    for table in TABLES:
        status, body, _ = fetch(site + f"/opendata/{table}.json?_shape=array&_size=max")
        assert status == 200, table
        rows = json.loads(body)
        assert not CONTROL.search(body), table
        assert rows == [] or not [c for c in rows[0] if c.endswith("_sort")], table
        for url in (f"/opendata/{table}?_size=max", f"/opendata/{table}.csv?_stream=on&_labels=on",
                    f"/-/csv/{table}.csv", f"/opendata/{table}.json?_size=max"):
            status, body, _ = fetch(site + url)
            assert status == 200, url
            assert not CONTROL.search(body.replace(b"\r\n", b"\n")), url
            if ".csv" in url:
                assert b"_sort" not in body.split(b"\n", 1)[0], url
        if rows:                                                        # its first row's page
            first = json.loads(fetch(site + f"/opendata/{table}.json?_size=1")[1])
            keys = first["primary_keys"] or ["rowid"]
            row = dict(zip(first["columns"], first["rows"][0]))
            path = f"/opendata/{table}/" + ",".join(tilde_encode(str(row[k])) for k in keys)
            for url in (path, path + ".json"):
                status, body, _ = fetch(site + url)
                assert status == 200 and not CONTROL.search(body), url
                assert b"_sort" not in body, url
    queries = json.loads(fetch(site + "/opendata.json")[1])["queries"]
    assert len(queries) >= 7
    for query in queries:
        for url in (f"/opendata/{query['name']}", f"/opendata/{query['name']}.json?_shape=array"):
            status, body, _ = fetch(site + url)
            assert status == 200 and not CONTROL.search(body), url


def test_names_sort_in_vietnamese_order_in_datasette_and_canned_queries(site):
    url = site + "/opendata/units.json?_shape=array&_size=max&era=2025&level=commune&type=x%C3%A3&_sort=name"
    names = [r["short_name"] for r in json.loads(fetch(url)[1])]
    firsts = [n[0] for n in names]
    assert "Đ" in firsts and "D" in firsts
    assert firsts.index("Đ") > len(firsts) - 1 - firsts[::-1].index("D")      # every D… before any Đ…
    assert firsts[-1] != "Đ"                                                  # code point order ends in Đ
    status, body, _ = fetch(site + "/opendata/people_and_their_events.json?_shape=array&name=")
    people = [r["name"] for r in json.loads(body)]
    assert status == 200 and "Đinh Trung Hiếu" in people


def source_line(page: str) -> str:
    found = re.search(r"Nguồn dữ liệu:(.*?)</p>", page, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", found.group(1)).strip() if found else ""


def test_each_table_names_its_own_source_and_licence(site):
    expected = {"units": "vietnamadminunits", "unit_changes": "vietnamadminunits", "reform_areas": "76/NQ-CP",
                "news": "Xã Long Môn", "publishers": "Xã Long Môn", "reform_events": "Xã Long Môn"}
    for table, source in expected.items():
        _, page = text(site + f"/opendata/{table}")
        assert source in source_line(page), (table, source_line(page))
        assert "Creative Commons Attribution 4.0 International" in page, table
    assert "Long Môn" not in source_line(text(site + "/opendata/units")[1])


# --- a good Datasette citizen -----------------------------------------------------------

def test_a_second_database_served_beside_ours_is_untouched(site):
    for lang in (None, "vi"):
        status, page = text(site + "/other/things", lang=lang)
        assert status == 200
        assert "<html>" in page and "od-nav" not in page and "opendata.css" not in page
        assert "This data as" in page and 'value="Apply"' in page and "3 rows" in page
        _, page = text(site + "/other", lang=lang)
        assert "od-nav" not in page and "Custom SQL query" in page
    names = json.loads(fetch(site + "/other/things.json?_shape=array&_sort=name")[1])
    assert [r["name"] for r in names] == ["Dương", "Zô", "Đông"]                  # SQLite's own order
    for sql in ("select vn_fold('Đông') as x", "select name from things order by name collate vn"):
        status, body, _ = fetch(site + "/other.json?" + urllib.parse.urlencode({"sql": sql, "_shape": "array"}))
        assert status >= 400, sql
    big = "select length(hex(zeroblob(1500000))) as n"          # 3 MB: over our value cap, not theirs
    status, body, _ = fetch(site + "/other.json?" + urllib.parse.urlencode({"sql": big, "_shape": "array"}))
    assert status == 200 and json.loads(body) == [{"n": 3000000}]
    status, body, _ = fetch(site + "/opendata.json?" + urllib.parse.urlencode({"sql": big, "_shape": "array"}))
    assert status >= 400
    status, body, _ = fetch(site + "/opendata.json?" + urllib.parse.urlencode(
        {"sql": "select vn_fold('Đông') as x", "_shape": "array"}))
    assert status == 200 and json.loads(body) == [{"x": "dong"}]


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value:
                self.found.append(value)


def local_links(page: str) -> list[str]:
    parser = Links()
    parser.feed(page)
    return [u for u in parser.found if not re.match(r"^(https?:|mailto:|#|\?|data:)", u)]


def test_a_run_with_base_url_set(tmp_path):
    package = copy_package(tmp_path)
    add_articles(package)
    with serving(package, "--base-url", "/prefix/") as base:
        pages = ["/prefix/", "/prefix/-/search?q=ubnd", f"/prefix/-/article/{SEED}", f"/prefix/-/event/{SEED}-1",
                 "/prefix/-/reform", "/prefix/opendata", "/prefix/opendata/news", f"/prefix/opendata/news/{SEED}",
                 "/prefix/opendata/people_and_their_events", "/prefix/opendata/nope"]
        seen = set()
        for path in pages:
            status, page = text(base + path)
            assert status in (200, 404), path
            assert '<html lang="vi">' in page and 'class="od-nav"' in page, path
            links = local_links(page)
            assert links, path
            wrong = [u for u in links if not u.startswith("/prefix/")]
            assert not wrong, (path, wrong)
            if status == 200:
                seen.update(u.replace("&amp;", "&") for u in links)
        for url in sorted(seen):
            if "/-/csv/" in url or "_stream" in url:
                continue
            status, _, _ = fetch(base + url)
            assert status == 200, url
        status, _, headers = fetch(base + "/prefix/opendata/units?lang=en")
        assert "Path=/prefix/" in headers.get("Set-Cookie", "")
        status, body, _ = fetch(base + "/prefix/opendata/news.json?_sort=nope")   # the door still checks
        assert status == 400 and json.loads(body)["parameter"] == "_sort"
        status, page = text(base + "/prefix/opendata/news?_sort=nope")
        links = local_links(page)                     # the site's own page: header and links under the prefix
        assert status == 400 and "/prefix/" in links and "/prefix/-/search" in links
        assert all(u.startswith("/prefix/") for u in links), links


# --- layout, in a real browser ----------------------------------------------------------

def test_the_news_table_page_no_longer_squeezes_long_text(site, tmp_path):
    from conftest import CHROMIUM, FLAGS, chromium_or_skip

    chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
            page.goto(site + "/opendata/news")
            page.screenshot(path=str(tmp_path / "news-table.png"), full_page=True)
            height = page.evaluate("document.documentElement.scrollHeight")
            widths = page.eval_on_selector_all("td.col-lead, td.col-body",
                                               "cells => cells.map(c => c.getBoundingClientRect().width)")
            assert widths and min(widths) >= 200, widths    # 85 px before
            assert height < 3000, height                    # 9,500 px with four articles before
            page.click("a.od-lang")                                             # and the switch works here
            page.wait_for_url("**/opendata/news?lang=en")
            assert page.locator("label[for=_search]").inner_text() == "Search:"
            page.goto(site + f"/opendata/news/{SEED}")
            page.screenshot(path=str(tmp_path / "news-row.png"), full_page=True)
            assert page.locator("html").get_attribute("lang") == "en"            # the choice is kept
            right = page.eval_on_selector_all("td", "cells => Math.max(...cells.map(c => c.getBoundingClientRect().right))")
            assert right <= page.evaluate("window.innerWidth"), right          # no column cut off on the right
            body = page.locator("td.col-body").inner_text()
            assert "Năm 2023, UBND xã Long Môn đã chỉ đạo quyết liệt" in body  # the full text, on the row page
            page.goto(site + "/opendata/people_and_their_events")
            page.screenshot(path=str(tmp_path / "canned-query.png"), full_page=True)
            wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert wide <= 0, wide                          # its long SQL comment widened it to ~3,000 px
        finally:
            browser.close()


def test_a_plain_datasette_run_renders_as_without_our_templates(tmp_path):
    """The plugin is installed in the environment, so its template overrides load in every
    Datasette run: in a run it does not configure, each page is Datasette's own, byte for
    byte up to whitespace (compared with Datasette's original templates put first)."""
    import asyncio
    import os

    import datasette
    from datasette.app import Datasette

    path = other_database(tmp_path)
    original = os.path.join(os.path.dirname(datasette.__file__), "templates")
    urls = ["/other", "/other/things", "/other/things/1", "/other?sql=select+1", "/other/nope", "/nope",
            "/other/things?name__contains=D&_sort=name&_facet=name", "/-/metadata"]

    def normal(html: str) -> str:
        html = re.sub(r"Queries took [0-9.]+ms|\?[0-9a-f]{6}\b", "", html)
        return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()

    async def render(**options):
        ds = Datasette([str(path)], **options)
        return {u: (r.status_code, normal(r.text)) for u in urls for r in [await ds.client.get(u)]}

    ours, theirs = asyncio.run(render()), asyncio.run(render(template_dir=original))
    for url in urls:
        assert ours[url] == theirs[url], url
    assert "od-nav" not in ours["/other/things"][1] and "This data as" in ours["/other/things"][1]
