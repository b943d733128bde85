"""Issue 12, finding a unit: `/-/don-vi` (and `.json`) on a real `opendata serve`, folded
`?_search=` on Datasette's tables, and every parameter checked (a clear message, a 400,
never a chip that pretends to filter; a page past the end links back to the last page).

Expected values come from the shipped CSV files and the domain notes (Long Môn 21358,
Huyện Minh Long, Tỉnh Quảng Ngãi, merged whole into Xã Minh Long 21361 on 1/7/2025)."""

from __future__ import annotations

import html
import json
import re
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest
from conftest import copy_package, read_table, serving

LONG_MON, MINH_LONG = "pre2025-21358", "2025-21361"


def fetch(base: str, path: str) -> tuple[int, str, str]:
    """(status, content type, body) without raising on 4xx."""
    try:
        with urllib.request.urlopen(base + path, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read().decode("utf-8")


def visible(page: str) -> str:
    body = page.split("<body", 1)[-1].split("<script", 1)[0]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The shipped package (Quảng Ngãi's units, its few news items)."""
    package = copy_package(tmp_path_factory.mktemp("units-shipped"))
    with serving(package) as base:
        base_url = base
        yield base_url, package


@pytest.fixture(scope="module")
def no_news(tmp_path_factory):
    package = copy_package(tmp_path_factory.mktemp("units-empty"), empty_news=True)
    with serving(package) as base:
        yield base


def lookup(base: str, q: str, **extra) -> dict:
    status, kind, body = fetch(base, "/-/don-vi.json?" + urlencode({"q": q, **extra}))
    assert status == 200 and kind.startswith("application/json"), (status, body[:300])
    return json.loads(body)


@pytest.mark.parametrize("q", ["long mon", "Long Môn", "LONG  MON", "xa long mon", "Xã Long Môn", "long mo",
                               "Long Mo\u0302n", "21358", "long mon minh long"])
def test_lookup_finds_long_mon_and_what_it_became(shipped, q):
    base, _ = shipped
    first = lookup(base, q)["units"][0]
    assert (first["id"], first["name"], first["era"]) == (LONG_MON, "Xã Long Môn", "pre2025")
    assert (first["district"], first["province"]) == ("Huyện Minh Long", "Tỉnh Quảng Ngãi")
    [became] = first["became"]
    assert (became["id"], became["name"], became["kind"], became["province"]) == (
        MINH_LONG, "Xã Minh Long", "full", "Tỉnh Quảng Ngãi")
    assert "1677/NQ-UBTVQH15" in became["basis"]


def test_lookup_page_in_vietnamese_then_english(shipped):
    base, _ = shipped
    status, kind, page = fetch(base, "/-/don-vi?q=long+mon")
    assert status == 200 and kind.startswith("text/html")
    text = visible(page)
    first = text.split("Xã Long Môn", 1)[1]
    assert "trước 1/7/2025" in first and "Huyện Minh Long" in first and "Tỉnh Quảng Ngãi" in first
    assert "Xã Minh Long (toàn bộ)" in first
    assert f'href="/-/don-vi?q={MINH_LONG}"' in page
    status, _, page = fetch(base, "/-/don-vi?q=long+mon&lang=en")
    text = visible(page)
    assert status == 200 and "before 1 July 2025" in text and "Xã Minh Long (whole)" in text
    assert "From 1 July 2025 it became" in text


def test_new_unit_shows_what_it_was_formed_from(shipped):
    base, package = shipped
    expected = sorted(r["old_unit_id"] for r in read_table(package, "unit_changes") if r["new_unit_id"] == MINH_LONG)
    assert LONG_MON in expected and len(expected) == 3                   # Long Môn, Long Hiệp, Thanh An
    out = lookup(base, "minh long")
    new = next(u for u in out["units"] if u["id"] == MINH_LONG)
    assert new["era"] == "2025" and new["province"] == "Tỉnh Quảng Ngãi" and new["district"] is None
    assert sorted(c["id"] for c in new["formed_from"]) == expected
    assert {c["district"] for c in new["formed_from"]} == {"Huyện Minh Long"}
    district = next(u for u in out["units"] if u["id"] == "pre2025-531")   # Huyện Minh Long ended
    assert MINH_LONG in {c["id"] for c in district["communes_became"]}
    both = lookup(base, "21361")["units"]                                  # one code, two units
    assert {(u["id"], u["name"]) for u in both} == {(MINH_LONG, "Xã Minh Long"), ("pre2025-21361", "Xã Long Hiệp")}


def test_a_unit_split_in_parts_says_part(shipped):
    base, package = shipped
    units = {r["id"]: r for r in read_table(package, "units")}
    part = next(r for r in read_table(package, "unit_changes") if r["kind"] == "partial")
    name = units[part["old_unit_id"]]["name"]
    found = lookup(base, part["old_unit_id"])["units"]
    assert [u["name"] for u in found] == [name]
    kinds = {c["id"]: c["kind"] for c in found[0]["became"]}
    assert kinds[part["new_unit_id"]] == "partial"
    status, _, page = fetch(base, "/-/don-vi?" + urlencode({"q": part["old_unit_id"]}))
    assert f'{units[part["new_unit_id"]]["name"]}</a> (một phần)' in page


def test_lookup_links_to_the_units_news(shipped):
    base, package = shipped
    news = [r for r in read_table(package, "news") if r["unit_id"] == LONG_MON]
    assert news
    first = lookup(base, "long mon")["units"][0]
    assert first["news_count"] == len(news)
    assert {n["id"] for n in first["news"]} <= {r["id"] for r in news}
    status, _, page = fetch(base, "/-/don-vi?q=long+mon")
    assert f'href="/-/article/{news[0]["id"]}"' in page
    assert f'href="/opendata/news?unit_id={LONG_MON}"' in page
    status, _, table = fetch(base, f"/opendata/news.json?unit_id={LONG_MON}&_shape=array")
    assert status == 200 and len(json.loads(table)) == len(news)


def test_lookup_works_with_no_news_at_all(no_news):
    out = lookup(no_news, "long mon")
    first = out["units"][0]
    assert first["id"] == LONG_MON and first["news_count"] == 0 and first["news"] == []
    assert first["became"][0]["id"] == MINH_LONG
    status, _, page = fetch(no_news, "/-/don-vi?q=Long+M%C3%B4n")
    assert status == 200 and "Chưa có tin bài của đơn vị này." in visible(page)


def test_home_and_nav_link_to_the_lookup(shipped):
    base, _ = shipped
    for path in ("/", "/-/search?q=cai", "/-/reform"):
        status, _, page = fetch(base, path)
        assert status == 200 and 'href="/-/don-vi"' in page, path


def test_lookup_no_match_and_empty(shipped):
    base, _ = shipped
    assert lookup(base, "khong co don vi nao ten nay")["units"] == []
    status, _, page = fetch(base, "/-/don-vi?q=khong+co+don+vi+nao+ten+nay")
    assert status == 200 and "Không tìm thấy đơn vị nào" in visible(page)
    status, _, page = fetch(base, "/-/don-vi")
    assert status == 200 and "Nhập tên hoặc mã đơn vị" in visible(page)


# --- folded table search on the served site ------------------------------------------

def test_table_search_is_folded_on_the_site(shipped):
    base, _ = shipped
    for q in ("long mon", "Long Môn"):
        status, _, body = fetch(base, "/opendata/units.json?" + urlencode({"_search": q, "_shape": "array"}))
        assert status == 200 and [r["id"] for r in json.loads(body)] == [LONG_MON], q
    status, _, body = fetch(base, "/opendata/event_people.json?_search=dinh+trung+hieu&_shape=array")
    assert status == 200 and [r["name"] for r in json.loads(body)] == ["Đinh Trung Hiếu"]


# --- bad parameters ------------------------------------------------------------------

BAD = [
    ("/-/don-vi?" + urlencode({"q": "x" * 201}), "q"),
    ("/-/don-vi?" + urlencode({"q": "long\x01mon"}), "q"),
    ("/-/search?q=cai&year=abc", "year"),
    ("/-/search?q=cai&year=20245", "year"),
    ("/-/search?q=cai&from=2024-13-01", "from"),
    ("/-/search?q=cai&from=2024-05-01&to=2024-04-01", "to"),
    ("/-/search?q=cai&page=0", "page"),
    ("/-/search?q=cai&page=abc", "page"),
    ("/-/search?q=cai&unit=abc", "unit"),
    ("/-/search?q=cai&unit=99999", "unit"),                     # the right form, no such unit
    ("/-/search?q=cai&unit=pre2025-21361&unit=2025-21361", "unit"),
    ("/-/search?q=cai&area=khong-co", "area"),                  # no such reform area
    ("/-/search?unit=99999", "unit"),                           # even without a query
]


@pytest.mark.parametrize("path, name", BAD, ids=[b[0][:60] for b in BAD])
def test_bad_parameter_is_a_clear_400_in_both_languages(shipped, path, name):
    base, _ = shipped
    status, kind, page = fetch(base, path)
    assert status == 400 and kind.startswith("text/html"), (status, path)
    assert "od-chip" not in page and "\x01" not in page                    # a message, never a chip
    vi = visible(re.search(r'<p class="od-notice">(.*?)</p>', page, re.S).group(1))
    status, _, english = fetch(base, path + "&lang=en")
    en = visible(re.search(r'<p class="od-notice">(.*?)</p>', english, re.S).group(1))
    assert status == 400 and vi.strip() and en.strip() and vi != en
    assert re.search(r"\b(must|too long|no administrative unit|no reform area|not valid|given several)\b", en), en
    if path.startswith("/-/search"):
        for ext in (".json", ".csv"):
            status, kind, body = fetch(base, path.replace("/-/search", "/-/search" + ext, 1))
            assert status == 400, (ext, path)
            if ext == ".json":
                assert json.loads(body)["parameter"] == name
    else:
        status, kind, body = fetch(base, path.replace("/-/don-vi", "/-/don-vi.json", 1))
        assert status == 400 and json.loads(body)["parameter"] == name


def test_search_on_a_table_without_full_text_search_is_a_400(shipped):
    base, _ = shipped
    for path in ("/opendata/unit_changes.json?_search=long+mon", "/opendata/unit_changes?_search=long+mon",
                 "/opendata/publishers.csv?_search=x"):
        status, _, body = fetch(base, path)
        assert status == 400 and "unit_changes" in body or "publishers" in body, (path, status)
        assert "full-text search" in body


def test_a_page_past_the_end_links_back_to_the_last_page(shipped):
    base, _ = shipped
    status, _, first = fetch(base, "/-/search?q=cai")
    total = int(re.search(r'class="od-count">([\d.]+) kết quả<', first).group(1).replace(".", ""))
    last = -(-total // 10)
    assert total > 0
    status, _, page = fetch(base, "/-/search?q=cai&page=99")
    text = visible(page)
    assert status == 404
    assert not re.search(r"\d+ kết quả", text) and 'class="od-count"' not in page    # no "N kết quả"
    assert "Không tìm thấy" not in text
    assert f"Trang 99 vượt quá số trang: kết quả chỉ có {last} trang." in text
    link = re.search(r'<a href="([^"]+)" rel="prev">Về trang cuối', page).group(1)
    assert html.unescape(link) == f"?q=cai&page={last}"
    status, _, back = fetch(base, "/-/search" + html.unescape(link))
    assert status == 200 and 'class="od-hit"' in back
    status, _, english = fetch(base, "/-/search?q=cai&page=99&lang=en")
    assert status == 404 and f"Go to the last page ({last})" in visible(english)


def test_a_valid_unit_filter_chip_names_the_unit(shipped):
    base, _ = shipped
    status, _, page = fetch(base, "/-/search?q=khong+co+gi+ca+xyz&unit=21361")     # no results: no facets
    assert status == 200
    chip = re.search(r'class="od-chip"[^>]*>([^<]+)<', page).group(1)
    assert "Xã Minh Long" in chip and "Xã Long Hiệp" in chip                      # both eras' units of code 21361
