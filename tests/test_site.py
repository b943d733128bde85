"""The public pages (home, search, article) through Datasette's own test client."""

from __future__ import annotations

import asyncio
import csv
import html
import io
import json
import re
from urllib.parse import urlencode

import pytest
from conftest import copy_package
from datasette.app import Datasette
from site_news import add_articles

from opendata.package import Package
from opendata.serve import SETTINGS, ensure_fresh

SEED = "0939a2d78e482371"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    package = copy_package(folder)
    add_articles(package)
    db = ensure_fresh(Package(package), folder / "build", say=lambda _: None)
    metadata = json.loads((folder / "build" / "metadata.json").read_text(encoding="utf-8"))
    ds = Datasette(immutables=[str(db)], metadata=metadata, settings=SETTINGS)

    def get(path, **kw):
        return asyncio.run(ds.client.get(path, **kw))

    get.package = package
    return get


def text_of(page: str) -> str:
    """Visible text of the content section, tags removed."""
    content = page.split('<section class="content">', 1)[1].split("</section>\n</div>", 1)[0]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", content)))


def test_home_is_vietnamese_first_with_search_latest_tables_and_licence(site):
    r = site("/")
    assert r.status_code == 200
    page = r.text
    assert 'action="/-/search"' in page and "Tin mới nhất" in page
    assert f'href="/-/article/{SEED}"' in page
    assert 'href="/-/csv/news.csv"' in page
    assert "creativecommons.org/licenses/by/4.0" in page and "Nghị định 47/2020" in page
    assert re.search(r"Tin bài .*? 4 dòng", text_of(page))                                     # row counts
    assert "Commune news" not in text_of(page)                         # only the Vietnamese half
    css = re.search(r'<link rel="stylesheet" href="(/-/static-plugins/[^"]+)"', page).group(1)
    assert site(css).status_code == 200 and ".od-hit" in site(css).text


def test_search_page_first_result_highlighted_with_facets_and_exports(site):
    r = site("/-/search?" + urlencode({"q": "cai cach hanh chinh long mon"}))
    assert r.status_code == 200
    page = r.text
    hits = re.findall(r'<li class="od-hit">\s*<h3><a href="/-/article/([^"]+)"', page)
    assert hits[0] == SEED
    assert "<mark>cải cách hành chính</mark>" in page
    assert "Có phải bạn muốn tìm" in page and "cải cách hành chính" in page
    assert 'href="/-/search.csv?q=cai+cach+hanh+chinh+long+mon"' in page
    assert 'href="/-/search.json?q=cai+cach+hanh+chinh+long+mon"' in page
    provinces = re.findall(r'unit=(?:pre)?2025-51">([^<]+)</a>', page)       # one province, two eras
    assert provinces == ["Tỉnh Quảng Ngãi (trước 1/7/2025)", "Tỉnh Quảng Ngãi (từ 1/7/2025)"] or \
        provinces == ["Tỉnh Quảng Ngãi (từ 1/7/2025)", "Tỉnh Quảng Ngãi (trước 1/7/2025)"]


def test_a_facet_link_narrows_the_results(site):
    page = site("/-/search?q=cai+cach+hanh+chinh").text
    total = int(re.search(r'class="od-count">(\d+)', page).group(1))
    assert total == 3
    link = re.search(r'<a href="(\?[^"]*unit=pre2025-21361[^"]*)">Xã Long Hiệp</a>', page).group(1)
    narrowed = site("/-/search" + html.unescape(link)).text
    assert re.search(r'class="od-count">(\d+)', narrowed).group(1) == "1"
    assert "/-/article/long-hiep-cchc-2024" in narrowed and SEED not in narrowed
    assert 'class="od-chip"' in narrowed                     # the active filter, removable


def test_newest_first_and_pages(site):
    page = site("/-/search?q=xa&sort=newest&limit=1").text
    assert re.findall(r'/-/article/([^"]+)"', page.split('class="od-hits"')[1])[0] == "minh-long-mot-cua-2025"
    assert 'rel="next"' in page and 'rel="prev"' not in page
    second = site("/-/search?q=xa&sort=newest&limit=1&page=2").text
    assert 'rel="prev"' in second


@pytest.mark.parametrize("query", ["", "   ", '"unbalanced AND OR * title:', "\x00\u200b\u202e", "x" * 5000])
def test_empty_and_hostile_queries_get_a_friendly_page(site, query):
    r = site("/-/search?" + urlencode({"q": query, "page": "-1", "year": "abc", "limit": "9" * 30}))
    assert r.status_code == 200 and "Traceback" not in r.text
    assert "Nhập từ cần tìm" in r.text or "Không tìm thấy" in r.text or "kết quả" in r.text


def test_everything_echoed_is_escaped(site):
    evil = "<script>alert(1)</script>"
    page = site("/-/search?" + urlencode({"q": evil, "unit": evil, "area": '"><img src=x onerror=alert(1)>'})).text
    assert evil not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    article = site("/-/article/cho-chua-le-hoi").text       # an article whose text holds a tag
    assert "<b>đông đủ</b>" not in article and "&lt;b&gt;đông đủ&lt;/b&gt;" in article


def test_article_page_unit_then_and_now_body_once_event_people_findings(site):
    r = site(f"/-/article/{SEED}")
    assert r.status_code == 200
    text = text_of(r.text)
    assert "Xã Long Môn, Huyện Minh Long, Tỉnh Quảng Ngãi, nay là Xã Minh Long, Tỉnh Quảng Ngãi" in text
    assert text.count("Năm 2023, UBND xã Long Môn đã chỉ đạo quyết liệt") == 1
    assert "08/04/2024 16:06" in text and "11 lượt xem" in text
    assert "Chủ trì: Đinh Trung Hiếu — Phó Bí thư Đảng ủy - Chủ tịch UBND xã" in text
    assert "Tồn tại, hạn chế" in text and "chưa thường xuyên" in text
    assert "UBND xã Long Môn" in text and "longmon@quangngai.gov.vn" in text
    assert site("/-/article/khong-co-bai-nay").status_code == 404


def test_english_switch_is_kept_by_a_cookie(site):
    r = site(f"/-/article/{SEED}?lang=en")
    assert r.status_code == 200 and "opendata_lang=en" in r.headers.get("set-cookie", "")
    text = text_of(r.text)
    assert "Published 08/04/2024 16:06" in text and "now Xã Minh Long" in text and "Limitations" in text
    again = site("/-/search?q=ubnd", cookies={"opendata_lang": "en"}).text
    assert "Best match" in again and 'href="/-/search?q=ubnd&amp;lang=vi"' in again


def test_datasette_keeps_its_own_pages_and_exports(site):
    assert site("/opendata").status_code == 200
    row = site(f"/opendata/news/{SEED}")
    assert row.status_code == 200 and f'href="/-/article/{SEED}"' in row.text        # the row links its article
    r = site("/opendata/news.csv?_stream=on&_dl=1")
    assert r.status_code == 200 and "Hội nghị đánh giá" in r.text
    rows = site("/opendata/news.json?_shape=array").json()
    assert len(rows) == 4


def test_table_csv_for_spreadsheets(site, monkeypatch):
    from opendata.datasette_plugin import downloads

    monkeypatch.setattr(downloads, "CHUNK_ROWS", 50)           # several chunks
    r = site("/-/csv/news.csv")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    body = r.content
    assert body.startswith(b"\xef\xbb\xbf") and b"\r\n" in body
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:3] == ["id", "url", "unit_id"] and "title_sort" not in rows[0]
    assert len(rows) == 5 and rows[1][5].startswith("Hội nghị đánh giá")
    units = list(csv.reader(io.StringIO(site("/-/csv/units.csv").content.decode("utf-8-sig"))))
    with open(site.package.parent / "data" / "units.csv", encoding="utf-8", newline="") as fh:
        assert units == list(csv.reader(fh))                        # the package's table, row for row
    assert site("/-/csv/sqlite_master.csv").status_code == 404


def test_table_csv_neutralises_formulas(tmp_path):
    from opendata.datasette_plugin.downloads import _csv_lines

    assert _csv_lines([["=1+1", "-2", -2, None, "@x"]]) == "'=1+1,'-2,-2,,'@x\r\n"
