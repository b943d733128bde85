"""The site in a real browser: Debian's Chromium driven by Playwright.

Screenshots of each step are kept in tests/artifacts/ (not committed).
Without Chromium the tests are skipped, unless OPENDATA_REQUIRE_BROWSER=1
(as in CI, which installs it), where a missing browser fails them.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import serving
from site_news import add_articles

SEED = "0939a2d78e482371"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from conftest import copy_package

    package = copy_package(tmp_path_factory.mktemp("browser"))
    add_articles(package)
    with serving(package) as base:
        yield base


@pytest.fixture
def page(browser, request):
    context = browser.new_context(accept_downloads=True, locale="vi-VN")
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_type_an_unaccented_query_on_the_home_page(page, site):
    page.goto(site + "/")
    page.fill("input[name=q]", "cai cach hanh chinh long mon")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/-/search?q=*")
    first = page.locator("li.od-hit").first
    assert first.locator("h3 a").get_attribute("href") == f"/-/article/{SEED}"
    marks = [m.lower() for m in first.locator("mark").all_inner_texts()]
    assert "cải cách hành chính" in marks                              # highlights on the accented text
    assert page.locator(".od-suggest a").inner_text() == "cải cách hành chính Long Môn"
    shot(page, "search-results")


def test_click_a_facet_narrows_the_results(page, site):
    page.goto(site + "/-/search?q=cai+cach+hanh+chinh")
    assert page.locator("li.od-hit").count() == 3
    page.click(".od-facets a:text-is('Xã Long Hiệp')")
    page.wait_for_url(re.compile(r".*unit=pre2025-21361.*"))
    assert page.locator("li.od-hit").count() == 1
    assert page.locator(".od-count").inner_text() == "1 kết quả"
    assert "Xã Long Hiệp" in page.locator(".od-active").inner_text()
    shot(page, "facet-narrowed")


def test_open_the_article_body_appears_once(page, site):
    page.goto(site + "/-/search?q=dinh+trung+hieu")
    page.click(f"li.od-hit h3 a[href='/-/article/{SEED}']")
    page.wait_for_url(f"**/-/article/{SEED}")
    text = page.inner_text("section.content")
    assert text.count("Năm 2023, UBND xã Long Môn đã chỉ đạo quyết liệt") == 1
    assert text.count("Sáng ngày 28/3/2024, UBND xã Long Môn tổ chức Hội nghị") == 1
    assert "nay là Xã Minh Long" in text and "Đinh Trung Hiếu" in text
    shot(page, "article")


def test_download_the_search_csv(page, site):
    page.goto(site + "/-/search?q=cai+cach+hanh+chinh")
    with page.expect_download() as info:
        page.click(".od-export a:text-is('CSV')")
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "Hội nghị đánh giá thực hiện công tác cải cách hành chính năm 2023" in text
    assert "Xã Long Hiệp triển khai kế hoạch cải cách hành chính năm 2024" in text
    assert len(text.strip().splitlines()) == 4


def test_switch_to_english_and_back(page, site):
    page.goto(site + "/")
    assert page.locator("h2").first.inner_text() == "Tin mới nhất"
    shot(page, "home")
    page.click("a.od-lang")
    assert page.locator("h2").first.inner_text() == "Latest articles"
    page.goto(site + f"/-/article/{SEED}")                                  # the choice is kept
    assert "now Xã Minh Long" in page.inner_text("section.content")
    shot(page, "article-english")
    page.click("a.od-lang")
    assert "nay là Xã Minh Long" in page.inner_text("section.content")


def test_home_to_reform_overview_to_event_to_article(page, site):
    page.goto(site + "/")
    page.click(".od-reform-link a")
    page.wait_for_url("**/-/reform")
    chart = page.locator("svg.od-chart")
    assert chart.is_visible() and chart.get_attribute("role") == "img"
    assert "Sự kiện và nội dung theo lĩnh vực" in chart.locator("title").first.text_content()
    assert page.locator("tr[data-area='chi-dao-dieu-hanh'] td.od-num").all_inner_texts() == ["1", "9"]
    shot(page, "reform-overview")
    page.click(f"ul.od-events a[href='/-/event/{SEED}-1']")
    page.wait_for_url(f"**/-/event/{SEED}-1")
    assert page.locator("h1").inner_text().startswith("Hội nghị đánh giá thực hiện công tác cải cách hành chính")
    source = page.locator("ul.od-findings details").first
    assert not source.locator("blockquote").is_visible()
    source.locator("summary").click()                                   # the source sentence opens
    assert "Qua đó, công tác CCHC" in source.locator("blockquote").inner_text()
    shot(page, "reform-event")
    page.click("a.od-article-link")
    page.wait_for_url(f"**/-/article/{SEED}")
    assert "Sáng ngày 28/3/2024, UBND xã Long Môn tổ chức Hội nghị" in page.inner_text("section.content")
    assert page.locator(f"a[href='/-/event/{SEED}-1']").count() >= 1         # and back to the event
