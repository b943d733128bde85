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


@pytest.mark.parametrize("query", ["", "   ", '"unbalanced AND OR * title:', "\x00\u200b\u202e", "x" * 900])
def test_empty_and_hostile_queries_get_a_friendly_page(site, query):
    r = site("/-/search?" + urlencode({"q": query}))
    assert r.status_code == 200 and "Traceback" not in r.text
    assert "Nhập từ cần tìm" in r.text or "Không tìm thấy" in r.text or "kết quả" in r.text


@pytest.mark.parametrize("params,says", [({"q": "xa", "page": "-1"}, "page"), ({"q": "xa", "year": "abc"}, "năm"),
                                         ({"q": "xa", "limit": "9" * 30}, "limit"), ({"q": "x" * 5000}, "quá dài"),
                                         ({"q": "", "from": "2024-13-45"}, "YYYY-MM-DD")])
def test_bad_parameters_get_a_400_page_that_says_why(site, params, says):
    r = site("/-/search?" + urlencode(params))
    assert r.status_code == 400 and "Traceback" not in r.text
    assert says in r.text and 'class="od-chip"' not in r.text


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


# --- reform events: event page, overview, canned queries, facets ----------------------------

EVENT = f"{SEED}-1"


def event_text(page: str) -> str:
    """text_of, with a space after each term, heading and summary."""
    for tag in ("</dt>", "</h2>", "</h3>", "</summary>"):
        page = page.replace(tag, tag + " ")
    return text_of(page)


def seed_area_counts(package) -> dict[str, tuple[int, int]]:
    """(events, findings) per reform area in the package's CSV, every event in 2024."""
    findings = {}
    events = {}
    with open(package.parent / "data" / "event_findings.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for code in filter(None, row["areas"].split(";")):
                findings[code] = findings.get(code, 0) + 1
                events.setdefault(code, set()).add(row["event_id"])
    return {code: (len(events[code]), findings[code]) for code in findings}


def test_event_page_in_vietnamese(site):
    r = site(f"/-/event/{EVENT}")
    assert r.status_code == 200
    text = event_text(r.text)
    assert "Hội nghị đánh giá thực hiện công tác cải cách hành chính năm 2023" in text
    assert "Loại sự kiện Hội nghị" in text and "Thời gian sáng, 28/03/2024" in text
    assert "UBND xã Long Môn — Xã Long Môn, Huyện Minh Long, Tỉnh Quảng Ngãi (trước 1/7/2025)" in text
    assert "Năm đánh giá 2023" in text and "Năm kế hoạch 2024" in text
    assert "Nguồn gốc do người biên tập nhập" in text
    assert "Chủ trì Đinh Trung Hiếu — Phó Bí thư Đảng ủy, Chủ tịch UBND xã" in text      # positions
    assert "Tham dự Đinh Ra Ói — Bí thư đảng ủy" in text and "Thành viên BCĐ CCHC xã (tập thể)" in text
    kinds = [text.index(k) for k in ("Kết quả", "Tồn tại, hạn chế", "Nhiệm vụ")]
    assert kinds == sorted(kinds)
    assert r.text.count('<details class="od-source-sentence">') == 1 + 10              # the event + 10 findings
    assert "Câu gốc trong bài" in text and "Qua đó, công tác CCHC nhất là" in text
    assert 'href="/-/reform?area=tthc">Cải cách thủ tục hành chính</a>' in r.text
    assert f'href="/-/article/{SEED}"' in r.text                                      # back to the article
    assert f'href="/opendata/reform_events/{EVENT}"' in r.text


def test_event_page_in_english(site):
    r = site(f"/-/event/{EVENT}?lang=en")
    assert r.status_code == 200
    text = event_text(r.text)
    assert "Kind of event Conference" in text and "When morning, 28/03/2024" in text
    assert "(before 1 July 2025)" in text and "entered by an editor" in text
    assert "Chaired by Đinh Trung Hiếu" in text and "Attended by" in text
    assert "Results" in text and "Limitations" in text and "Tasks" in text
    assert "Administrative procedure reform" in text and "Read the article" in text
    assert "Chủ trì" not in text


@pytest.mark.parametrize("path", [f"{SEED}-9", "abcdef-1", "ABCDEF-1", SEED, f"{SEED}-1x", f"{SEED}-", f"-{SEED}-1",
                                  "0" * 65 + "-1", f"{SEED}-1234567", "..%2F..%2Fetc-1",
                                  f"{SEED}-1%3Cscript%3E", "cho-chua-le-hoi-1"])
def test_event_page_unknown_or_malformed_id_is_404(site, path):
    r = site(f"/-/event/{path}", follow_redirects=True)     # Datasette redirects a trailing slash or %2F
    assert r.status_code == 404 and "Traceback" not in r.text and "1<script>" not in r.text


def test_article_and_row_pages_link_to_the_event_page(site):
    article = site(f"/-/article/{SEED}").text
    assert f'href="/-/event/{EVENT}"' in article
    row = site(f"/opendata/reform_events/{EVENT}")
    assert row.status_code == 200
    assert f'href="/-/event/{EVENT}"' in row.text and f'href="/-/article/{SEED}"' in row.text


def test_reform_page_chart_table_and_events(site):
    r = site("/-/reform")
    assert r.status_code == 200
    page = r.text
    assert "/-/reform" in site("/").text.split('<section class="content">')[1]         # linked from home
    nav = page.split('<section class="content">')[0]
    assert 'href="/-/reform"' in nav                                                     # and the nav
    svg = re.search(r"<svg .*?</svg>", page, re.S).group(0)
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    assert "<script" not in svg and "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    expected = seed_area_counts(site.package)
    assert expected["tthc"] == (1, 1) and expected["chi-dao-dieu-hanh"] == (1, 9) and expected["tac-dong"] == (1, 2)
    table = {m[0]: (int(m[2]), int(m[3])) for m in re.findall(
        r'<tr data-area="([^"]+)" data-year="(\d+)">.*?<td class="od-num">(\d+)</td><td class="od-num">(\d+)</td>',
        page)}
    assert set(re.findall(r'data-year="(\d+)"', page)) == {"2024"}
    assert table == {code: expected.get(code, (0, 0)) for code in table} and len(table) == 8
    assert "<title>Cải cách thủ tục hành chính, 2024: 1 sự kiện</title>" in svg
    assert "<title>Công tác chỉ đạo, điều hành cải cách hành chính, 2024: 9 nội dung</title>" in svg
    assert re.search(r'class="od-chart-value">9</text>', svg)
    assert f'href="/-/event/{EVENT}"' in page and f'href="/-/article/{SEED}"' in page
    for name in ("reform_areas_by_year", "reform_events_by_unit_and_year", "findings_by_area",
                 "people_and_their_events"):
        assert f'href="/opendata/{name}"' in page
    assert 'href="/opendata/reform_events"' in page and 'href="/opendata/event_findings"' in page


def test_reform_page_in_english_and_by_area(site):
    en = site("/-/reform?lang=en").text
    assert "Events and findings by administrative-reform area and year" in en
    assert "Impact of administrative reform" in en
    tthc = site("/-/reform?area=tthc").text
    assert re.findall(r'<tr data-area="([^"]+)"', tthc) == ["tthc"]
    assert f'href="/-/event/{EVENT}"' in tthc and 'href="/opendata/findings_by_area?area=tthc"' in tthc
    assert 'href="/opendata/event_findings?areas_list__arraycontains=tthc"' in tthc
    none = site("/-/reform?area=the-che").text                        # an area nothing was said about
    assert "Chưa có dữ liệu" in none and "Chưa có sự kiện nào." in none and f"/-/event/{EVENT}" not in none
    evil = '"><img src=x onerror=alert(1)>'
    bad = site("/-/reform?" + urlencode({"area": evil}))
    assert bad.status_code == 404 and "<img src=x" not in bad.text and "Không có lĩnh vực này" in bad.text


def test_canned_queries_for_reform_events(site):
    queries = site("/-/metadata.json").json()["databases"]["opendata"]["queries"]
    assert {"reform_areas_by_year", "reform_events_by_unit_and_year", "findings_by_area",
            "people_and_their_events"} <= set(queries)
    expected = seed_area_counts(site.package)
    rows = site("/opendata/reform_areas_by_year.json?_shape=array").json()
    assert {r["area"]: (r["events"], r["findings"]) for r in rows} == expected
    assert {r["year"] for r in rows} == {2024}
    [tthc] = site("/opendata/reform_areas_by_year.json?_shape=array&area=tthc").json()
    assert (tthc["name_en"], tthc["results"], tthc["limitations"], tthc["tasks"]) == (
        "Administrative procedure reform", 1, 0, 0)
    [unit] = site("/opendata/reform_events_by_unit_and_year.json?_shape=array").json()
    assert (unit["unit"], unit["unit_code"], unit["year"], unit["events"], unit["findings"]) == (
        "Xã Long Môn", "21358", 2024, 1, 10)
    assert site("/opendata/reform_events_by_unit_and_year.json?_shape=array&unit_code=21358&year=2024").json()
    assert site("/opendata/reform_events_by_unit_and_year.json?_shape=array&year=2023").json() == []
    people = site("/opendata/people_and_their_events.json?_shape=array").json()
    assert len(people) == 5 and people[0]["name"] == "Đinh Trung Hiếu"
    assert (people[0]["chaired"], people[0]["attended"], people[0]["events"]) == (1, 0, 1)
    assert "Hội nghị đánh giá" in people[0]["event_titles"]
    assert sum(p["attended"] for p in people) == 4
    [hieu] = site("/opendata/people_and_their_events.json?_shape=array&name=dinh+trung+hieu").json()
    assert hieu["role"] == "Phó Bí thư Đảng ủy - Chủ tịch UBND xã"
    everything = site("/opendata/findings_by_area.json?_shape=array").json()
    assert len(everything) == sum(f for _, f in expected.values())                      # one row per finding and area
    assert site("/opendata/findings_by_area.json?_shape=array&area=").json() == everything   # blank means all
    [finding] = site("/opendata/findings_by_area.json?_shape=array&area=tthc").json()
    assert finding["kind"] == "result" and finding["event_id"] == EVENT and finding["news_id"] == SEED
    assert site("/opendata/findings_by_area.json?_shape=array&area=khong-co").json() == []
    assert site("/opendata/findings_by_area").status_code == 200                      # the HTML form


def test_facets_on_reform_tables(site):
    findings = site("/opendata/event_findings.json").json()["facet_results"]
    areas = {r["value"]: r["count"] for r in findings["areas_list"]["results"]}
    assert areas == {code: f for code, (_, f) in seed_area_counts(site.package).items()}
    assert findings["areas_list"]["type"] == "array"
    kinds = {r["value"]: r["count"] for r in findings["kind"]["results"]}
    assert kinds == {"result": 1, "limitation": 3, "task": 6}
    asked = site("/opendata/event_findings.json?_facet_array=areas_list&_shape=objects").json()
    assert "areas_list" in asked["facet_results"]
    narrowed = site("/opendata/event_findings.json?areas_list__arraycontains=cong-vu&_shape=array").json()
    assert [r["seq"] for r in narrowed] == [3]
    events = site("/opendata/reform_events.json").json()["facet_results"]
    assert {k: [(r["value"], r["count"]) for r in v["results"]] for k, v in events.items()} == {
        "kind": [("hoi-nghi", 1)], "reform_focus": [("core", 1)], "event_year": [(2024, 1)], "year_reviewed": [(2023, 1)],
        "organiser_unit_id": [("pre2025-21358", 1)], "provenance": [("curated", 1)]}
    people = site("/opendata/event_people.json").json()["facet_results"]
    assert {r["value"]: r["count"] for r in people["participation"]["results"]} == {"attendee": 4, "chair": 1}


def test_helper_columns_stay_out_of_the_package_csv(site):
    for table, helper in (("reform_events", "event_year"), ("event_findings", "areas_list")):
        header = site(f"/-/csv/{table}.csv").content.decode("utf-8-sig").splitlines()[0]
        with open(site.package.parent / "data" / f"{table}.csv", encoding="utf-8") as fh:
            assert header == fh.readline().strip() and helper not in header


# --- everything of a reform event is escaped -------------------------------------------------

HOSTILE_NEWS = "abcdef0123456789"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The package plus an article whose event, person and finding carry markup."""
    folder = tmp_path_factory.mktemp("hostile")
    package = copy_package(folder)
    add_articles(package, [(HOSTILE_NEWS, "pre2025-21358", "21358", "2025-03-01T08:00:00+07:00",
                            "Bài <i>thử</i>", "Đoạn một <script>alert(1)</script>.")])

    def append(table, row):
        path = package.parent / "data" / f"{table}.csv"
        with open(path, encoding="utf-8", newline="") as fh:
            fields = csv.DictReader(fh).fieldnames
        with open(path, "a", encoding="utf-8", newline="") as fh:
            csv.DictWriter(fh, fieldnames=fields, lineterminator="\n").writerow(row)

    evil = "<script>alert(1)</script>"
    event = f"{HOSTILE_NEWS}-1"
    append("reform_events", {"id": event, "news_id": HOSTILE_NEWS, "kind": "hop", "title": f"Họp {evil}",
                             "event_date": "2025-02-20", "part_of_day": "chiều", "organiser_unit_id": "pre2025-21358",
                             "organiser": '"><img src=x onerror=alert(1)>', "year_reviewed": "", "plan_year": "",
                             "reform_focus": "core",
                             "provenance": "extracted", "source_text": f"Câu {evil}"})
    append("event_people", {"event_id": event, "seq": "1", "participation": "speaker", "is_group": "false",
                            "name": "<b>Ông A</b>", "role": "", "positions": "Chủ tịch <u>x</u> ; Bí thư",
                            "provenance": "extracted", "source_text": evil})
    append("event_findings", {"event_id": event, "seq": "1", "kind": "task", "text": f"Làm {evil}",
                              "areas": "tthc;the-che", "provenance": "extracted", "source_text": f"Nguồn {evil}"})
    db = ensure_fresh(Package(package), folder / "build", say=lambda _: None)
    metadata = json.loads((folder / "build" / "metadata.json").read_text(encoding="utf-8"))
    ds = Datasette(immutables=[str(db)], metadata=metadata, settings=SETTINGS)
    return lambda path, **kw: asyncio.run(ds.client.get(path, **kw))


def test_reform_event_text_is_escaped_everywhere(hostile_site):
    event = f"{HOSTILE_NEWS}-1"
    page = hostile_site(f"/-/event/{event}")
    assert page.status_code == 200
    for raw in ("<script>alert(1)</script>", "<img src=x", "<b>Ông A</b>", "<u>x</u>"):
        assert raw not in page.text
    assert "Họp &lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    text = event_text(page.text)
    assert "trích tự động" in text and "Phát biểu <b>Ông A</b> — Chủ tịch <u>x</u>, Bí thư" in text
    assert "Nguồn <script>alert(1)</script>" in text                            # the source sentence, as text
    reform = hostile_site("/-/reform").text
    assert "<script>alert(1)</script>" not in reform and "<img src=x" not in reform
    assert set(re.findall(r'data-year="(\d+)"', reform)) == {"2024", "2025"}       # a second year
    assert re.search(r'<tr data-area="the-che" data-year="2025">.*?<td class="od-num">1</td>'
                     r'<td class="od-num">1</td>', reform)
    assert f'href="/-/event/{event}"' in reform.split(f'href="/-/event/{SEED}-1"')[0]   # newest first
    english = hostile_site(f"/-/event/{event}?lang=en").text
    assert "afternoon, 20/02/2025" in event_text(english) and "Speakers" in event_text(english)
