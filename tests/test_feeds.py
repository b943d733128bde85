"""Followed and found, and downloads for journalists, on a real `opendata serve`: Atom
feeds, JSON-LD, OpenGraph, sitemap.xml, robots.txt, the DCAT catalogue, XLSX of
tables and searches, and table pages that lead with our spreadsheet downloads.

The server runs with a configured public address, and every request here carries a
visitor's Host of its own: no absolute URL may name the visitor's host."""

from __future__ import annotations

import html
import io
import json
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlencode

import feedparser
import openpyxl
import pytest
from conftest import copy_package, serving
from site_news import add_articles

PUBLIC = "https://dulieu.example.vn"
VISITOR = "visitor-host.invalid"
SEED = "0939a2d78e482371"
FORMULA = '=HYPERLINK("https://evil.example/x","Bấm vào đây")'
HOSTILE = "bam-vao-day"
TEMPLATES = Path(__file__).resolve().parent.parent / "opendata" / "datasette_plugin" / "templates"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("feeds")
    package = copy_package(folder)
    add_articles(package)
    add_articles(package, [(HOSTILE, "pre2025-21358", "21358", "2022-01-05T09:00:00+07:00", FORMULA,
                            "@SUM(1+1) là một dòng thử.\n\n-2+3 cũng vậy; tiếng Việt: Đắk Lắk, Quảng Ngãi.")])
    with open(package.parent / "data" / "units.csv", "a", encoding="utf-8", newline="") as fh:
        fh.write("pre2025-01,pre2025,01,province,thành phố,Thành phố Hà Nội,Hà Nội,,,,2025-06-30\n")
    mp = pytest.MonkeyPatch()
    mp.setenv("OPENDATA_PUBLIC_URL", PUBLIC)
    try:
        with serving(package) as base:
            yield base
    finally:
        mp.undo()


def fetch(base: str, path: str):
    """(status, headers, body bytes) of a GET sent with a visitor's own Host header."""
    req = urllib.request.Request(base + path, headers={"Host": VISITOR})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def text(base: str, path: str) -> str:
    status, _, body = fetch(base, path)
    assert status == 200, (path, status, body[:300])
    assert VISITOR.encode() not in body
    return body.decode("utf-8")


def head_of(page: str) -> str:
    return page.split("</head>", 1)[0]


# --- Atom feeds ----------------------------------------------------------------------

def parsed_feed(base: str, path: str):
    status, headers, body = fetch(base, path)
    assert status == 200 and headers["Content-Type"].startswith("application/atom+xml")
    assert VISITOR.encode() not in body
    feed = feedparser.parse(body)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_the_site_feed_parses_newest_first_with_links_to_our_pages_and_the_sources(server):
    feed = parsed_feed(server, "/-/feed.atom")
    ids = [e.id for e in feed.entries]
    assert ids == [f"{PUBLIC}/-/article/{i}" for i in
                   ("minh-long-mot-cua-2025", "long-hiep-cchc-2024", SEED, "cho-chua-le-hoi", HOSTILE)]
    first = feed.entries[0]
    assert first.title == "Xã Minh Long sau sắp xếp: bộ phận một cửa phục vụ người dân ba xã cũ"
    assert first.link == f"{PUBLIC}/-/article/minh-long-mot-cua-2025"
    assert {"rel": "via", "type": "text/html", "href": "https://example.gov.vn/tin-tuc/minh-long-mot-cua-2025.html"} \
        in [dict(link) for link in first.links]
    assert first.updated == "2025-09-02T10:00:00+07:00"
    assert first.summary.startswith("Từ ngày 1/7/2025, Xã Minh Long được thành lập")
    assert feed.entries[-1].title == FORMULA                       # text, as written
    assert feed.feed.links[0]["href"] == f"{PUBLIC}/-/feed.atom" and feed.feed.links[0]["rel"] == "self"


def test_a_unit_feed_covers_both_eras_and_a_search_feed_uses_the_search(server):
    unit = parsed_feed(server, "/-/feed.atom?unit=21361")
    assert [e.link.rsplit("/", 1)[1] for e in unit.entries] == ["minh-long-mot-cua-2025", "long-hiep-cchc-2024",
                                                                 SEED, HOSTILE]     # Long Môn merged into Minh Long
    assert "Xã Long Hiệp" in unit.feed.title and "Xã Minh Long" in unit.feed.title
    one_era = parsed_feed(server, "/-/feed.atom?unit=pre2025-21361")
    assert [e.link.rsplit("/", 1)[1] for e in one_era.entries] == ["long-hiep-cchc-2024"]
    search = parsed_feed(server, "/-/feed.atom?" + urlencode({"q": "cai cach hanh chinh", "unit": "pre2025-21361"}))
    assert [e.link.rsplit("/", 1)[1] for e in search.entries] == ["long-hiep-cchc-2024"]
    newest = parsed_feed(server, "/-/feed.atom?q=cai+cach+hanh+chinh")
    assert [e.link.rsplit("/", 1)[1] for e in newest.entries] == ["minh-long-mot-cua-2025", "long-hiep-cchc-2024", SEED]
    assert "cải cách hành chính" in newest.entries[0].summary and "<mark>" not in newest.entries[0].summary


@pytest.mark.parametrize("query", ["unit=abc", "year=2024", "q=x&limit=abc"])
def test_bad_feed_parameters_are_400s_in_both_languages(server, query):
    status, _, body = fetch(server, "/-/feed.atom?" + query)
    assert status == 400
    vi, en = body.decode("utf-8").splitlines()[:2]
    assert re.search(r"[ảạếộđ]", vi) and en.isascii()


def test_pages_name_their_feeds_in_the_head(server):
    assert f'<link rel="alternate" type="application/atom+xml" title="Tin mới (Atom)" href="{PUBLIC}/-/feed.atom">' \
        in head_of(text(server, "/"))
    article = head_of(text(server, f"/-/article/{SEED}"))
    assert f'type="application/atom+xml" title="Tin mới của đơn vị (Atom)" href="{PUBLIC}/-/feed.atom?unit=21358"' \
        in article
    search = head_of(text(server, "/-/search?q=cai+cach"))
    assert f'type="application/atom+xml" title="Theo dõi tìm kiếm này (Atom)" href="{PUBLIC}/-/feed.atom?q=cai+cach"' \
        in search


# --- JSON-LD and OpenGraph ---------------------------------------------------------

def json_lds(page: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head_of(page), re.S)
    return [json.loads(b) for b in blocks]


def og(page: str) -> dict[str, str]:
    return {p: html.unescape(c) for p, c in re.findall(r'<meta property="([a-z:_]+)" content="([^"]*)">',
                                                         head_of(page))}


def test_home_json_ld_is_a_dataset_naming_the_licence_and_og_tags(server):
    page = text(server, "/")
    [data] = json_lds(page)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Dataset"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["name"].startswith("Tin tức xã và siêu dữ liệu cải cách hành chính")
    assert f"{PUBLIC}/-/csv/news.csv" in [d["contentUrl"] for d in data["distribution"]]
    tags = og(page)
    assert tags["og:type"] == "website" and tags["og:url"] == f"{PUBLIC}/" and tags["og:locale"] == "vi_VN"
    assert tags["og:title"] == "Tin tức xã và siêu dữ liệu cải cách hành chính"


def test_article_json_ld_is_a_news_article_naming_the_licence_and_og_tags(server):
    page = text(server, f"/-/article/{SEED}")
    [data] = json_lds(page)
    assert data["@type"] == "NewsArticle"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["headline"].startswith("Hội nghị đánh giá thực hiện công tác cải cách hành chính năm 2023")
    assert data["datePublished"] == "2024-04-08T16:06:00+07:00" and data["url"] == f"{PUBLIC}/-/article/{SEED}"
    tags = og(page)
    assert tags["og:type"] == "article" and tags["og:url"] == f"{PUBLIC}/-/article/{SEED}"
    assert tags["og:title"] == data["headline"] and tags["article:published_time"] == "2024-04-08T16:06:00+07:00"
    hostile = text(server, f"/-/article/{HOSTILE}")
    assert json_lds(hostile)[0]["headline"] == FORMULA                        # quotes survive, nothing breaks out


# --- sitemap, robots, DCAT ---------------------------------------------------------

def test_sitemap_lists_article_and_event_pages_as_valid_xml(server):
    root = ET.fromstring(text(server, "/sitemap.xml"))
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert root.tag == ns + "urlset"
    locs = [u.find(ns + "loc").text for u in root]
    for page in (f"/-/article/{SEED}", "/-/article/long-hiep-cchc-2024", f"/-/event/{SEED}-1", "/"):
        assert PUBLIC + page in locs


def test_robots_allows_all_points_to_the_sitemap_and_keeps_crawlers_off_sql(server):
    status, headers, body = fetch(server, "/robots.txt")
    lines = body.decode("utf-8").splitlines()
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in lines
    assert "Disallow: /opendata.json?sql=" in lines and "Disallow: /opendata?sql=" in lines


def test_dcat_catalogue_from_the_package_linked_from_home(server):
    assert 'href="/-/dcat.jsonld"' in text(server, "/")
    status, headers, body = fetch(server, "/-/dcat.jsonld")
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")
    assert VISITOR.encode() not in body
    catalogue = json.loads(body)
    assert catalogue["@type"] == "dcat:Catalog" and catalogue["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    [dataset] = catalogue["dcat:dataset"]
    package = json.loads((Path(__file__).resolve().parent.parent / "datapackage.json").read_text(encoding="utf-8"))
    assert {"@value": "Commune news and administrative-reform metadata", "@language": "en"} in dataset["dct:title"]
    assert dataset["dct:license"] == {"@id": "https://creativecommons.org/licenses/by/4.0/"}
    assert dataset["dct:publisher"]["foaf:name"] == "UBND xã Long Môn (Cổng thông tin điện tử Quảng Ngãi)"
    assert dataset["dct:description"][0]["@value"].startswith("Tin bài của cổng thông tin điện tử cấp xã")
    csvs = {d["dcat:downloadURL"]["@id"]: d for d in dataset["dcat:distribution"] if d["dct:format"] == "CSV"}
    assert set(csvs) == {f"{PUBLIC}/-/csv/{r['name']}.csv" for r in package["resources"]}
    assert csvs[f"{PUBLIC}/-/csv/units.csv"]["dcat:mediaType"] == \
        {"@id": "https://www.iana.org/assignments/media-types/text/csv"}


# --- XLSX and CSV downloads --------------------------------------------------------

def workbook(base: str, path: str):
    status, headers, body = fetch(base, path)
    assert status == 200, body[:300]
    assert headers["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in headers["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(body)).active


def test_table_xlsx_keeps_codes_as_text_vietnamese_intact_and_formulas_as_text(server):
    units = workbook(server, "/-/xlsx/units.xlsx")
    rows = list(units.iter_rows(values_only=True))
    assert rows[0][:4] == ("id", "era", "code", "level")
    hanoi = [r for r in rows if r[0] == "pre2025-01"][0]
    assert hanoi[2] == "01" and hanoi[5] == "Thành phố Hà Nội"
    news = workbook(server, "/-/xlsx/news.xlsx")
    cells = {row[0].value: row for row in news.iter_rows(min_row=2)}
    title = cells[HOSTILE][5]
    assert title.value == FORMULA and title.data_type == "s"                   # a string, not a formula
    assert cells[HOSTILE][11].value.startswith("@SUM(1+1) là một dòng thử.") and cells[HOSTILE][11].data_type == "s"
    assert cells[SEED][7].value is None or cells[SEED][7].data_type == "n"     # views: a number
    assert fetch(server, "/-/xlsx/nope.xlsx")[0] == 404


def test_search_xlsx_is_the_search_csv_as_a_workbook(server):
    sheet = workbook(server, "/-/search.xlsx?q=bam+vao+day")
    rows = list(sheet.iter_rows(min_row=2))
    assert rows[0][0].value == HOSTILE and rows[0][1].value == FORMULA and rows[0][1].data_type == "s"
    assert rows[0][4].value == "21358" and rows[0][4].data_type == "s"
    sheet = workbook(server, "/-/search.xlsx?q=cai+cach+hanh+chinh&sort=newest")
    assert [r[0].value for r in sheet.iter_rows(min_row=2)] == ["minh-long-mot-cua-2025", "long-hiep-cchc-2024", SEED]
    status, _, body = fetch(server, "/-/search.xlsx?q=x&year=abc")
    assert status == 400 and "year" in body.decode("utf-8")


def test_unknown_table_csv_is_a_404_in_vietnamese_and_english(server):
    status, _, body = fetch(server, "/-/csv/nope.csv")
    vi, en = body.decode("utf-8").splitlines()[:2]
    assert status == 404
    assert vi.startswith("Không có bảng 'nope'") and en.startswith("No such table 'nope'")


def test_table_pages_lead_with_our_spreadsheet_downloads(server):
    page = text(server, "/opendata/news")
    ours, datasettes = page.find('href="/-/csv/news.csv"'), page.find('href="/opendata/news.csv')
    assert 0 < ours < datasettes
    assert page.find('href="/-/xlsx/news.xlsx"') < datasettes
    package = json.loads((Path(__file__).resolve().parent.parent / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:                        # no table forgotten
        assert (TEMPLATES / f"table-opendata-{resource['name']}.html").exists(), resource["name"]
