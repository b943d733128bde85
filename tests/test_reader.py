"""The page reader: every platform, every date form, units in both eras, pages that are
not articles, encodings and size. Fixtures under fixtures/portals/ are our own text."""

from __future__ import annotations

import re
import sys
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, SEED_TEXT, copy_package
from opendata.errors import NotAnArticle, OpendataError
from opendata.ingest import Ingester
from opendata.package import Package
from opendata.pages import html_lines, parse_html, parse_text

PORTALS = FIXTURES / "portals"
FETCHED = datetime.fromisoformat("2026-11-28T16:36:00+07:00")
NOT_IN_BODY = ("Tin liên quan", "Tin khác", "Các tin đã đưa", "Bài viết liên quan", "Facebook", "Zalo",
               "Chia sẻ", "In bài", "bình luận", "Họ và tên", "Họ tên", "Cơ quan chủ quản", "Bản quyền",
               "CỔNG THÔNG TIN", "Cổng thông tin", "Lượt xem", "Lượt đọc", "View count", "Cỡ chữ", "Trang chủ",
               "Tin nổi bật", "Hot News", "Liên kết website")


@pytest.fixture
def ingester(tmp_path) -> Ingester:
    return Ingester(Package(copy_package(tmp_path, empty_news=True)), retrieved_at=FETCHED)


def fetch(ingester: Ingester, name: str, url: str = "", **kw) -> dict:
    """Read a fixture the way the harvester does: bytes in, the stored row out."""
    what, row = ingester.add_page((PORTALS / name).read_bytes(), url or f"https://example.org/{name}", **kw)
    assert what == "added"
    return row


# (fixture, title, published_at, views, author, lead starts, body ends, unit_id)
ARTICLES = {
    "liferay/article.html": (
        "Xã Long Môn tập huấn dịch vụ công trực tuyến cho cán bộ thôn", "2024-04-08T16:06:00+07:00", "37", "MH",
        "Sáng ngày 5/4/2024, UBND xã Long Môn", "chỉ số cải cách hành chính của xã năm 2024./.", "pre2025-21358"),
    # a real Liferay 6 form: 'Ngày đăng' above '21/12/2012 | 12:00 AM', English 'View count:', a
    # 'Hot News' sidebar heading that trafilatura takes for the title
    "liferay/article_en.html": (
        "Long Mon commune opens its one-stop public service desk", "2012-12-21T00:00:00+07:00", "35", "LM",
        "The People's Committee of Long Mon commune", "on its portal in the coming year.", "pre2025-21358"),
    "sharepoint/article.aspx.html": (
        "Xã Long Môn rà soát thủ tục hành chính năm 2024", "2024-04-08T16:06:00+07:00", "245", "ĐT",
        "Thực hiện kế hoạch cải cách hành chính năm 2024", "hướng dẫn người dân nộp hồ sơ trực tuyến./.",
        "pre2025-21358"),
    # the new era: Xã Minh Long (21361) from 1/7/2025; the date shown has no time, <time>/meta do
    "wordpress/article.html": (
        "Xã Minh Long vận hành Trung tâm phục vụ hành chính công", "2025-09-03T08:15:00+07:00", "", "Thu Trang",
        "Từ ngày 1/7/2025, Trung tâm phục vụ hành chính công", "không phải đi lại nhiều lần./.", "2025-21361"),
    "vnpt/article.html": (
        "Long Môn: đối thoại với người dân về thủ tục đất đai", "2024-04-08T16:06:00+07:00", "842", "Minh Hà",
        "Chiều ngày 3/4/2024, UBND xã Long Môn", "ngay tại bộ phận một cửa./.", "pre2025-21358"),
    "generic/article.cp1258.html": (
        "Xã Long Môn tuyên truyền cải cách hành chính đến từng thôn", "2024-03-12T00:00:00+07:00", "58",
        "Đinh Thị Hoa", "Trong tháng 3 năm 2024, Ủy ban nhân dân xã Long Môn",
        "thực hiện thành công ngay tại buổi tuyên truyền.", "pre2025-21358"),
}


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_article_of_each_platform(ingester, name):
    title, published, views, author, lead, end, unit = ARTICLES[name]
    row = fetch(ingester, name)
    assert row["title"] == title
    assert row["published_at"] == published
    assert row["views"] == views
    assert row["author"] == author
    text = row["lead"] + "\n\n" + row["body"]
    assert text.startswith(lead), text[:120]
    assert text.endswith(end), text[-120:]
    assert row["unit_id"] == unit
    for noise in NOT_IN_BODY:
        assert noise.lower() not in text.lower(), noise
    assert author not in row["body"].split("\n\n")
    assert unicodedata.is_normalized("NFC", text + row["title"] + row["author"])


# --- dates ------------------------------------------------------------------

BODY = ("Sáng ngày 5/4/2024, UBND xã Long Môn tổ chức lớp tập huấn hướng dẫn sử dụng dịch vụ công trực tuyến "
        "cho cán bộ các thôn trên địa bàn xã.\n\n"
        "Qua lớp tập huấn, cán bộ thôn sẽ hỗ trợ người dân thực hiện thủ tục hành chính qua mạng, góp phần nâng "
        "cao chỉ số cải cách hành chính của xã năm 2024./.\n\nMH\n")
TITLE = "Xã Long Môn tập huấn dịch vụ công trực tuyến cho cán bộ thôn"


def text_page(date_block: str, banner: str = "UBND Xã Long Môn\n\nHuyện Minh Long\n\nTỉnh Quảng Ngãi",
              footer: str = "Xã Long Môn | Cổng thông tin điện tử Quảng Ngãi\n\nCơ quan chủ quản: UBND xã Long Môn\n",
              title: str = TITLE, body: str = BODY) -> str:
    return f"Truy cập nội dung luôn\n\n{banner}\n\n{title}\n\n{date_block}\n\n{body}\n{footer}"


DATE_FORMS = {
    "dd/mm/yyyy HH:MM": ("08/04/2024 16:06", "2024-04-08T16:06:00+07:00", None),
    "with views": ("08/04/2024 16:06    11", "2024-04-08T16:06:00+07:00", 11),
    "HH:MM dd/mm/yyyy": ("16:06 08/04/2024", "2024-04-08T16:06:00+07:00", None),
    "12-hour clock": ("08/04/2024 | 4:12 PM", "2024-04-08T16:12:00+07:00", None),
    "12 AM is midnight": ("21/12/2012 | 12:00 AM", "2012-12-21T00:00:00+07:00", None),
    "Ngày đăng: date": ("Ngày đăng: 08/04/2024", "2024-04-08T00:00:00+07:00", None),
    "label on its own line": ("Ngày đăng\n\n21/12/2012 | 12:00 AM\n\nView count: 35", "2012-12-21T00:00:00+07:00", 35),
    "label with colon, own line": ("Ngày đăng:\n08/04/2024 16:06\nLượt xem:\n842", "2024-04-08T16:06:00+07:00", 842),
    "weekday": ("Thứ Hai, 08/04/2024 - 16:06", "2024-04-08T16:06:00+07:00", None),
    "dashes": ("08-04-2024", "2024-04-08T00:00:00+07:00", None),
    "seconds and Lượt đọc": ("08/04/2024 16:06:35 | Lượt đọc: 1.204", "2024-04-08T16:06:35+07:00", 1204),
    "16h06 and Lượt xem": ("Cập nhật lúc 16h06 ngày 08/04/2024 | Lượt xem: 9", "2024-04-08T16:06:00+07:00", 9),
    "SA/CH clock": ("08/04/2024 04:12 CH", "2024-04-08T16:12:00+07:00", None),
    "ISO with offset": ("2024-04-08T09:06:00Z", "2024-04-08T16:06:00+07:00", None),
    "GMT+7 suffix": ("08/04/2024 16:06 (GMT+7)", "2024-04-08T16:06:00+07:00", None),
    "month in words": ("Thứ Hai, ngày 8 tháng 4 năm 2024", "2024-04-08T00:00:00+07:00", None),
    "WordPress vi": ("Tháng Tư 8, 2024", "2024-04-08T00:00:00+07:00", None),
}


@pytest.mark.parametrize("form", sorted(DATE_FORMS))
def test_every_date_form(form):
    block, expected, views = DATE_FORMS[form]
    page = parse_text(text_page(block))
    assert page.published_at.isoformat() == expected
    assert page.views == views
    assert page.title == TITLE
    assert page.author == "MH"
    assert page.lead.startswith("Sáng ngày 5/4/2024") and page.paragraphs[-1].endswith("năm 2024./.")


def test_a_date_inside_a_sentence_is_not_the_publish_date():
    with pytest.raises(OpendataError) as exc:
        parse_text(text_page("Ngày 08/04/2024, UBND xã Long Môn tổ chức lớp tập huấn cho cán bộ thôn về dịch vụ công."))
    assert "no publish date line" in str(exc.value) and TITLE in str(exc.value)
    assert "not a portal article" not in str(exc.value)


def html_article(head: str = "", date_html: str = "", extra_body: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY.strip().split("\n\n"))
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{TITLE}</title>{head}</head><body>"
            "<div class='banner'><span>UBND Xã Long Môn</span><span>Huyện Minh Long</span><span>Tỉnh Quảng Ngãi</span></div>"
            f"<article><h1>{TITLE}</h1>{date_html}<div class='content'>{paragraphs}</div></article>{extra_body}"
            "<footer><p>Cơ quan chủ quản: UBND xã Long Môn</p></footer></body></html>")


META_DATES = {
    "article:published_time": ("<meta property='article:published_time' content='2024-04-08T09:06:00+00:00'>", ""),
    "<time datetime>": ("", "<time class='entry-date published' datetime='2024-04-08T16:06:00+07:00'>8 Tháng Tư, 2024</time>"),
    "JSON-LD datePublished": ("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
                              "\"datePublished\": \"2024-04-08T16:06:00+07:00\"}</script>", ""),
}


@pytest.mark.parametrize("form", sorted(META_DATES))
def test_metadata_dates_when_the_page_shows_none(form):
    head, date_html = META_DATES[form]
    page = parse_html(html_article(head, date_html))
    assert page.published_at.isoformat() == "2024-04-08T16:06:00+07:00"
    assert page.title == TITLE and page.lead.startswith("Sáng ngày 5/4/2024")


def test_the_date_the_page_shows_wins_over_its_metadata():
    head = "<meta property='article:published_time' content='2024-04-10T08:00:00+07:00'>"
    page = parse_html(html_article(head, "<div class='date'>08/04/2024 16:06</div>"))
    assert (page.published_at.isoformat(), page.date_source) == ("2024-04-08T16:06:00+07:00", "text")
    # a date shown without a time takes the time from metadata of the same day
    head = "<meta property='article:published_time' content='2024-04-08T16:06:00+07:00'>"
    page = parse_html(html_article(head, "<div class='date'>Ngày đăng: 08/04/2024</div>"))
    assert (page.published_at.isoformat(), page.date_source) == ("2024-04-08T16:06:00+07:00", "meta")


# --- title and body: our reading against trafilatura ------------------------

def test_title_is_the_line_before_the_date_not_trafilaturas_sidebar_heading():
    import trafilatura

    html = (PORTALS / "liferay/article_en.html").read_text(encoding="utf-8")
    guessed = trafilatura.bare_extraction(html, with_metadata=True).as_dict().get("title")
    assert guessed != "Long Mon commune opens its one-stop public service desk"   # they disagree here
    assert parse_html(html).title == "Long Mon commune opens its one-stop public service desk"


def test_date_above_the_title_takes_the_h1():
    html = html_article().replace(f"<h1>{TITLE}</h1>", f"<div class='cat'>Cải cách hành chính</div>"
                                                     f"<div class='date'>08/04/2024 16:06</div><h1>{TITLE}</h1>")
    page = parse_html(html)
    assert page.title == TITLE and page.lead.startswith("Sáng ngày 5/4/2024")


def test_a_sidebar_after_the_article_is_cut_where_trafilatura_ends_the_main_text():
    sidebar = ("<aside class='widget'><div class='widget-title'>Giới thiệu chung</div><div>Xã Long Môn nằm ở phía "
               "tây huyện Minh Long, có địa hình đồi núi, dân cư sống chủ yếu bằng nghề trồng keo và chăn nuôi gia súc."
               "</div></aside>")
    html = html_article(date_html="<div class='date'>08/04/2024 16:06</div>", extra_body=sidebar)
    page = parse_html(html)
    assert page.paragraphs[-1].endswith("năm 2024./.") and page.author == "MH"
    assert "Giới thiệu chung" not in " ".join(page.paragraphs)
    # without trafilatura's boundary the same lines would keep the sidebar
    from opendata import pages
    lines = pages._clean_lines(pages.html_lines(html))
    assert pages._read(lines, "x", pages.Hints()).paragraphs[-1].startswith("Xã Long Môn nằm ở phía tây")


# --- markup ---------------------------------------------------------------

def test_adjacent_inline_elements_are_separated_but_words_are_not_split():
    lines = html_lines("<div class='banner'><span>UBND Xã Long Môn</span><span>Huyện Minh Long</span>"
                       "<span>Tỉnh Quảng Ngãi</span></div><p>Đồng chí Đinh Trung Hi<b>ếu</b> phát biểu</p>"
                       "<p><strong>Sáng</strong><em> ngày 5/4</em></p>"
                       "<div>Theo <a href='#'>Quyết định số 119</a><strong>/QĐ-UBND</strong>, xã triển khai.</div>"
                       ).split("\n")
    lines = [x for x in lines if x.strip()]
    assert lines[:3] == ["UBND Xã Long Môn", "Huyện Minh Long", "Tỉnh Quảng Ngãi"]
    assert lines[3] == "Đồng chí Đinh Trung Hiếu phát biểu" and lines[4] == "Sáng ngày 5/4"
    assert lines[5] == "Theo Quyết định số 119/QĐ-UBND, xã triển khai."


def test_deeply_nested_markup_does_not_hit_the_recursion_limit():
    assert "x" in html_lines("<div>" * 200 + "x" + "</div>" * 200)
    html_lines("<div>" * 50000 + "x" + "</div>" * 50000)      # lxml caps the depth; no RecursionError


# --- units --------------------------------------------------------------------

@pytest.mark.parametrize("banner", [
    "UBND Xã Long Môn / Huyện Minh Long / Tỉnh Quảng Ngãi",
    "UBND Xã Long Môn | Huyện Minh Long | Tỉnh Quảng Ngãi",
    "Ủy ban nhân dân xã Long Môn - huyện Minh Long - tỉnh Quảng Ngãi",
    "UBND XÃ LONG MÔN, HUYỆN MINH LONG, TỈNH QUẢNG NGÃI",
    "Tỉnh Quảng Ngãi / Huyện Minh Long / Xã Long Môn",
    "UBND Xã Long MônHuyện Minh LongTỉnh Quảng Ngãi".replace("MônHuyện", "Môn Huyện").replace("LongTỉnh", "Long Tỉnh"),
])
def test_a_banner_on_one_line_names_the_unit(ingester, banner):
    page = parse_text(text_page("08/04/2024 16:06", banner=banner, footer=""))
    rec, _ = ingester.page_record(page, "page.txt")
    assert rec["unit_id"] == "pre2025-21358"


def test_units_resolve_in_the_era_of_the_publish_date(ingester):
    before = parse_text(text_page("08/04/2024 16:06", banner="UBND Xã Long Môn / Huyện Minh Long", footer=""))
    assert ingester.page_record(before, "a.txt")[0]["unit_id"] == "pre2025-21358"
    after = parse_text(text_page("03/09/2025 08:15", banner="UBND Xã Minh Long / Tỉnh Quảng Ngãi", footer=""))
    assert ingester.page_record(after, "b.txt")[0]["unit_id"] == "2025-21361"
    # Long Môn no longer exists after 1/7/2025: refused, saying where the name came from
    stale = parse_text(text_page("03/09/2025 08:15", banner="UBND Xã Long Môn / Huyện Minh Long", footer=""))
    with pytest.raises(OpendataError) as exc:
        ingester.page_record(stale, "c.txt", unit_code="21361")
    assert "unknown unit 'Xã Long Môn / Huyện Minh Long' on 2025-09-03" in str(exc.value)
    assert "pre2025-21358 in the other era" in str(exc.value)


def test_unit_from_footer_owner_site_heading_domain_and_unit_code(ingester):
    bare = dict(banner="Cổng thông tin", footer="")
    owner = parse_text(text_page("08/04/2024 16:06", banner="", footer="Cơ quan chủ quản: UBND xã Long Môn, huyện Minh Long\n"))
    assert ingester.page_record(owner, "a.txt")[0]["unit_id"] == "pre2025-21358"
    heading = parse_text(text_page("08/04/2024 16:06", banner="", footer="CỔNG THÔNG TIN ĐIỆN TỬ XÃ LONG MÔN\n"))
    assert heading.site_unit == ["Xã LONG MÔN"]
    assert ingester.page_record(heading, "b.txt")[0]["unit_id"] == "pre2025-21358"
    silent = parse_text(text_page("03/09/2025 08:15", **bare))
    rec, _ = ingester.page_record(silent, "c", url="https://minhlong.quangngai.gov.vn/tin-tuc/a.html")
    assert rec["unit_id"] == "2025-21361"
    assert ingester.page_record(silent, "d", unit_code="21361")[0]["unit_id"] == "2025-21361"
    with pytest.raises(OpendataError) as exc:
        ingester.page_record(silent, "e", url="https://quangngai.gov.vn/web/portal-qni/a")
    message = str(exc.value)
    assert "no unit banner" in message and TITLE[:40] in message and "quangngai.gov.vn" in message
    assert "--unit CODE" in message
    # what the page says wins over --unit
    named = parse_text(text_page("08/04/2024 16:06", banner="UBND Xã Long Môn / Huyện Minh Long", footer=""))
    assert ingester.page_record(named, "f", unit_code="21361")[0]["unit_id"] == "pre2025-21358"


def test_footer_heading_is_not_body_and_the_unit_keeps_one_publisher(ingester):
    ingester.add_file(SEED_TEXT)                       # publisher 'xa-long-mon-cong-thong-tin-dien-tu-quang-ngai'
    row = fetch(ingester, "sharepoint/article.aspx.html", "https://longmon.quangngai.gov.vn/Pages/ChiTiet.aspx?ItemID=1234")
    assert row["author"] == "ĐT" and "CỔNG THÔNG TIN" not in row["body"] and "ĐT" not in row["body"].split("\n\n")
    assert row["publisher_id"] == "xa-long-mon-cong-thong-tin-dien-tu-quang-ngai"
    assert list(ingester.publishers) == ["xa-long-mon-cong-thong-tin-dien-tu-quang-ngai"]
    # and a page of the same unit whose only footer line is the owner
    row = fetch(ingester, "vnpt/article.html", "https://longmon.quangngai.gov.vn/tin-tuc/doi-thoai.html")
    assert row["publisher_id"] == "xa-long-mon-cong-thong-tin-dien-tu-quang-ngai"
    assert len(ingester.publishers) == 1


# --- not articles ---------------------------------------------------------------

@pytest.mark.parametrize("name, kind, url", [
    ("generic/listing.html", "listing", "https://longmon.quangngai.gov.vn/tin-tuc/cai-cach-hanh-chinh"),
    ("generic/home.html", "home", "https://longmon.quangngai.gov.vn/"),
    ("generic/404.html", "error", "https://longmon.quangngai.gov.vn/tin-tuc/khong-co.html"),
])
def test_listing_home_and_error_pages_are_recognised_and_not_stored(ingester, name, kind, url):
    with pytest.raises(NotAnArticle) as exc:
        ingester.add_page((PORTALS / name).read_bytes(), url, content_type="text/html; charset=utf-8")
    assert exc.value.kind == kind
    assert not ingester.news and not ingester.changed


def test_a_text_listing_is_recognised():
    items = "\n\n".join(f"Tin số {i} của xã Long Môn về cải cách hành chính\n\n0{i}/04/2024 08:00" for i in range(1, 7))
    with pytest.raises(NotAnArticle) as exc:
        parse_text("UBND Xã Long Môn\n\n" + items)
    assert exc.value.kind == "listing"


@pytest.mark.parametrize("url, kind", [("https://longmon.quangngai.gov.vn/tin-tuc", "listing"),
                                       ("https://longmon.quangngai.gov.vn/", "home")])
def test_an_undated_page_of_links_is_a_listing_or_home_page(url, kind):
    links = "".join(f'<li><a href="/tin-tuc/bai-{i}.html">Tin số {i} về cải cách hành chính</a></li>'
                    for i in range(8))
    page = f"<html><body><p>UBND Xã Long Môn</p><ul>{links}</ul></body></html>"
    with pytest.raises(NotAnArticle) as exc:
        parse_html(page, "page.html", url=url)
    assert exc.value.kind == kind
    with pytest.raises(OpendataError) as few:                  # two links: not evidence of a list
        parse_html(page.replace(links, links[:links.index("</li>") * 2 + 10]), "page.html", url=url)
    assert not isinstance(few.value, NotAnArticle)


def test_an_article_with_a_related_list_is_still_an_article():
    related = "Tin liên quan\n\n" + "\n\n".join(f"Tin cũ số {i} (0{i}/03/2024)" for i in range(1, 8))
    page = parse_text(text_page("08/04/2024 16:06", footer=related))
    assert page.title == TITLE and not any("Tin cũ" in p for p in page.paragraphs)


# --- encodings and size -------------------------------------------------------

def test_windows_1258_declared_in_the_http_header(ingester):
    data = (PORTALS / "generic/article.cp1258.html").read_bytes()
    data = re.sub(rb"<meta http-equiv[^>]*>", b"", data)
    assert b"charset" not in data
    what, row = ingester.add_page(data, "https://longmon.quangngai.gov.vn/a.html",
                                  content_type="text/html; charset=windows-1258")
    assert row["title"] == ARTICLES["generic/article.cp1258.html"][0]
    assert "Ủy ban nhân dân xã Long Môn" in row["lead"]
    assert unicodedata.is_normalized("NFC", row["lead"] + row["body"] + row["title"] + row["author"])


def test_windows_1258_saved_file_with_meta_is_read(tmp_path):
    package = copy_package(tmp_path, empty_news=True)
    ing = Ingester(Package(package), retrieved_at=FETCHED)
    ing.add_file(PORTALS / "generic/article.cp1258.html")
    [row] = ing.news.values()
    assert row["author"] == "Đinh Thị Hoa" and unicodedata.is_normalized("NFC", row["body"])


def test_a_utf8_page_declared_latin1_by_its_server_reads_as_utf8(ingester):
    data = (PORTALS / "vnpt/article.html").read_bytes()
    _, row = ingester.add_page(data, "https://longmon.quangngai.gov.vn/x.html",
                               content_type="text/html; charset=ISO-8859-1")
    assert row["author"] == "Minh Hà"


def test_a_10_mb_page_is_read_whole():
    """A 10 MB article body is read whole: title, author and every paragraph (our own
    reading stands alone; its time and memory against trafilatura's, in the same run,
    are `bench/read_big_page.py`'s, which makes the same page)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from read_big_page import big_page

    big = big_page(PORTALS / "liferay/article.html", 75_000)
    assert len(big.encode()) > 10_000_000
    page = parse_html(big, "big.html")
    assert (page.title, page.author) == (ARTICLES["liferay/article.html"][0], "MH")
    assert len(page.paragraphs) == 75_002


def test_a_fetched_page_over_the_size_limit_is_refused(ingester):
    from opendata.ingest import MAX_PAGE_BYTES

    with pytest.raises(OpendataError, match="too large"):
        ingester.add_page(b" " * (MAX_PAGE_BYTES + 1), "https://longmon.quangngai.gov.vn/big.html")


def test_a_banner_naming_an_unknown_unit_is_not_overruled_by_the_footer(ingester):
    page = parse_text(text_page("08/04/2024 16:06", banner="UBND Xã Không Có / Huyện Minh Long"))
    assert page.footer["owner"] == "UBND xã Long Môn"
    with pytest.raises(OpendataError, match="unknown unit 'Xã Không Có / Huyện Minh Long' on 2024-04-08"):
        ingester.page_record(page, "page.txt")


def test_author_above_a_source_link_and_filing_labels_are_not_body():
    body = BODY.replace("\n\nMH\n", "\n\nBài, ảnh: Đức Minh\n\nhttps://baoquangngai.example.vn/bai-goc.html\n")
    page = parse_text(text_page("08/04/2024 16:06\n\nChuyên mục: Cải cách hành chính", body=body))
    assert page.author == "Đức Minh"
    assert page.paragraphs[-1] == "https://baoquangngai.example.vn/bai-goc.html"    # the reprint's source stays
    assert not any("Chuyên mục" in p for p in [page.lead, *page.paragraphs])
    page = parse_text(text_page("08/04/2024 16:06", body=BODY.replace("\n\nMH\n", "\n\nMinh Hà - VP.\n")))
    assert page.author == "Minh Hà - VP"


def test_a_toolbar_on_one_line_is_not_the_end_of_the_body():
    body = BODY.replace("\n\nMH\n", "\n\nMH\n\nFacebook Twitter In bài viết\n")
    page = parse_text(text_page("08/04/2024 16:06", body=body))
    assert page.author == "MH" and page.paragraphs[-1].endswith("năm 2024./.")


def test_author_and_views_on_the_date_line():
    page = parse_text(text_page("08/04/2024 16:06 | Tác giả: Minh Hà | Lượt xem: 12", body=BODY.replace("\n\nMH\n", "\n")))
    assert (page.author, page.views, page.published_at.isoformat()) == ("Minh Hà", 12, "2024-04-08T16:06:00+07:00")
