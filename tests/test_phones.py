"""Issue 12 on phones, in Debian's Chromium: from 360 to 414 px wide no page of the site
scrolls sideways, search shows its results before its facets (folded away), the reform
chart's text stays readable, and the units lookup answers "long mon".

Screenshots of every page at every width are kept in pytest's temporary directory
(`phones0/`, printed by the last test)."""

from __future__ import annotations

import pytest
from conftest import copy_package, serving
from site_news import add_articles

SEED = "0939a2d78e482371"
WIDTHS = (360, 390, 414)
# One of every page kind: ours, Datasette's own, errors.
PAGES = {
    "home": "/", "home-en": "/?lang=en", "search": "/-/search?q=cai+cach+hanh+chinh",
    "search-empty": "/-/search", "search-none": "/-/search?q=khong+co+gi+ca+xyz",
    "search-past-end": "/-/search?q=cai&page=99", "search-bad": "/-/search?q=cai&year=abc",
    "units": "/-/don-vi?q=long+mon", "units-new": "/-/don-vi?q=minh+long", "units-empty": "/-/don-vi",
    "article": f"/-/article/{SEED}", "event": f"/-/event/{SEED}-1", "reform": "/-/reform",
    "reform-area": "/-/reform?area=tthc", "database": "/opendata", "table-units": "/opendata/units",
    "table-news": "/opendata/news", "table-search": "/opendata/units?_search=long+mon",
    "row": "/opendata/units/pre2025-21358", "canned": "/opendata/unit_successions?name=long+mon",
    "sql": "/opendata?sql=select+*+from+news", "not-found": "/-/article/khong-co-bai-nay",
    "refused": "/opendata/unit_changes?_search=x",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    package = copy_package(tmp_path_factory.mktemp("phones-site"))
    add_articles(package)
    with serving(package) as base:
        yield base


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    return tmp_path_factory.mktemp("phones")


def phone(browser, width: int):
    return browser.new_context(viewport={"width": width, "height": 800}, locale="vi-VN", is_mobile=True,
                               has_touch=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(browser, site, shots, width):
    context = phone(browser, width)
    page = context.new_page()
    wide = {}
    try:
        for name, path in PAGES.items():
            page.goto(site + path)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                wide[name] = scroll
            page.screenshot(path=str(shots / f"{width}-{name}.png"), full_page=True)
    finally:
        context.close()
    assert wide == {}, f"pages wider than {width} px: {wide}"


@pytest.mark.parametrize("width", (360, 414))
def test_search_results_come_first_and_facets_fold_away(browser, site, shots, width):
    context = phone(browser, width)
    page = context.new_page()
    try:
        page.goto(site + "/-/search?q=cai+cach+hanh+chinh")
        first_hit = page.locator("li.od-hit").first.bounding_box()
        facets = page.locator(".od-facets").bounding_box()
        assert first_hit["y"] < facets["y"]                              # results before the facets
        assert first_hit["y"] < 800                                       # on the first screen
        assert not page.locator(".od-facet").first.is_visible()          # folded away
        page.locator(".od-facets summary").click()                       # open without script
        assert page.locator(".od-facet").first.is_visible()
        page.screenshot(path=str(shots / f"{width}-search-facets-open.png"), full_page=True)
        page.locator(".od-facets a:text-is('Xã Long Hiệp')").click()
        page.wait_for_url("**unit=pre2025-21361**")
        assert page.locator("li.od-hit").count() == 1
    finally:
        context.close()


def test_wide_screen_keeps_facets_open_beside_the_results(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(site + "/-/search?q=cai+cach+hanh+chinh")
        assert page.locator(".od-facet").first.is_visible()
        assert not page.locator(".od-facets summary").is_visible()
        facets, results = page.locator(".od-facets").bounding_box(), page.locator(".od-results").bounding_box()
        assert facets["x"] + facets["width"] <= results["x"] and abs(facets["y"] - results["y"]) < 2
    finally:
        page.close()


@pytest.mark.parametrize("width", (360, 414))
def test_reform_chart_stays_readable(browser, site, width):
    context = phone(browser, width)
    page = context.new_page()
    try:
        page.goto(site + "/-/reform")
        report = page.evaluate("""() => {
            const svg = document.querySelector('svg.od-chart');
            const box = svg.getBoundingClientRect();
            const scale = box.width / svg.viewBox.baseVal.width;
            return [...svg.querySelectorAll('text')].map(t => ({
                text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale,
                left: t.getBoundingClientRect().left - box.left, right: box.right - t.getBoundingClientRect().right}));
        }""")
    finally:
        context.close()
    assert report
    small = [(r["text"], round(r["px"], 1)) for r in report if r["px"] < 12]
    cut = [r["text"] for r in report if r["left"] < -1 or r["right"] < -1]
    assert small == [] and cut == [], (small, cut)


def test_units_lookup_on_a_phone(browser, site, shots):
    context = phone(browser, 360)
    page = context.new_page()
    try:
        page.goto(site + "/")
        page.locator(".od-units-link a").click()
        page.wait_for_url("**/-/don-vi")
        page.fill("input[name=q]", "long mon")
        page.press("input[name=q]", "Enter")
        page.wait_for_url("**/-/don-vi?q=long+mon")
        first = page.locator("li.od-unit").first
        assert first.locator("h2 a").inner_text() == "Xã Long Môn"
        assert "trước 1/7/2025" in first.locator("h2").inner_text()
        assert "Huyện Minh Long" in first.inner_text() and "Tỉnh Quảng Ngãi" in first.inner_text()
        page.screenshot(path=str(shots / "360-units-long-mon.png"), full_page=True)
        first.locator("ul.od-became a:text-is('Xã Minh Long')").click()
        page.wait_for_url("**/-/don-vi?q=2025-21361")
        new = page.locator("li.od-unit").first
        assert "từ 1/7/2025" in new.locator("h2").inner_text()
        assert "Xã Long Môn" in new.locator("ul.od-formed").inner_text()
        page.screenshot(path=str(shots / "360-units-minh-long.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()
    print(f"screenshots: {shots}")
