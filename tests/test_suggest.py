"""`/-/suggest.json` and the search box's completions, on a real server (and in Chromium).

The site holds the seed and the articles of `site_news` (our own text)."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from urllib.parse import quote, urlencode

import pytest
from conftest import serving
from site_news import add_articles

from opendata import vntext


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from conftest import copy_package

    package = copy_package(tmp_path_factory.mktemp("suggest"))
    add_articles(package)
    with serving(package) as base:
        yield base


def fetch(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read().decode("utf-8")


def suggest(site, q, **params):
    status, kind, body = fetch(site + "/-/suggest.json?" + urlencode({"q": q, **params}))
    assert status == 200, body
    assert kind.startswith("application/json")
    return json.loads(body)["suggestions"]


def test_the_last_word_is_completed_into_phrases_and_titles(site):
    found = suggest(site, "cai cach hanh ch")
    assert found[0] == {"kind": "phrase", "text": "cải cách hành chính", "count": 3,
                        "href": "/-/search?" + urlencode({"q": "cải cách hành chính"})}
    titles = [s["href"] for s in found if s["kind"] == "title"]
    assert "/-/article/long-hiep-cchc-2024" in titles and "/-/article/0939a2d78e482371" in titles
    assert "/-/article/cho-chua-le-hoi" not in titles


def test_telex_keys_and_a_title_start(site):
    found = suggest(site, "hooij ngh")
    assert found[0]["text"] == "hội nghị"
    assert found[1] == {"kind": "title", "href": "/-/article/0939a2d78e482371", "text": found[1]["text"]}
    assert found[1]["text"].startswith("Hội nghị đánh giá")
    assert suggest(site, "thij traans ch")[0]["text"] == "thị trấn chợ"


def test_units_say_their_era_and_what_they_became(site):
    units = [s for s in suggest(site, "long m") if s["kind"] == "unit"]
    names = [u["text"] for u in units]
    assert names.index("Xã Long Môn") < names.index("Xã Minh Long")          # the name as typed first
    long_mon = units[names.index("Xã Long Môn")]
    assert long_mon["era"] == "pre2025" and long_mon["id"] == "pre2025-21358"
    assert long_mon["note"] == "trước 1/7/2025 · nay là Xã Minh Long"
    assert long_mon["href"] == "/-/don-vi?q=pre2025-21358"
    minh_long = [u for u in suggest(site, "minh long", lang="en") if u["text"] == "Xã Minh Long"]
    assert minh_long and minh_long[0]["era"] == "2025" and minh_long[0]["note"] == "from 1 July 2025"


def test_one_or_two_letters_suggest_units(site):
    """`ba` looking for Ba Tơ: short prefixes come from the prefix table, units with news
    and their province's first (the site holds Quảng Ngãi's units and news)."""
    for typed in ("ba", "bà", "b"):
        units = [s for s in suggest(site, typed) if s["kind"] == "unit"]
        assert [u["id"] for u in units][:1] == ["pre2025-535"], (typed, units)     # Huyện Ba Tơ
        assert units[0]["text"] == "Huyện Ba Tơ" and units[0]["era"] == "pre2025"
        assert all(any(word.startswith("b") for word in vntext.fold(u["text"]).lower().split()[1:]) for u in units)
    near = [s["text"] for s in suggest(site, "lo") if s["kind"] == "unit"]
    assert set(near[:2]) == {"Xã Long Môn", "Xã Long Hiệp"}              # the units with news first
    assert [s for s in suggest(site, "b t") if s["kind"] == "unit"] == []   # two words of one letter: none


def test_search_routes_forgive_too(site):
    status, _, body = fetch(site + "/-/search.json?" + urlencode({"q": "cai cach hanh chnh"}))
    out = json.loads(body)
    assert status == 200 and out["results"][0]["id"] in ("long-hiep-cchc-2024", "0939a2d78e482371")
    assert out["suggestion"] == "cải cách hành chính"
    status, _, body = fetch(site + "/-/search?" + urlencode({"q": "ho65i ngh5i"}))
    assert status == 200 and "/-/article/0939a2d78e482371" in body
    assert "Có phải bạn muốn tìm" in body and "hội nghị" in body.lower()


@pytest.mark.parametrize("q", ["", "   ", '"', "*", "AND OR", "%", "\u0301\u0301", "9999 8888"])
def test_odd_text_is_an_empty_list_or_suggestions(site, q):
    assert isinstance(suggest(site, q), list)
    if not q.strip():
        assert suggest(site, q) == []


@pytest.mark.parametrize("raw", ["a\u0000b", "x\u0007y", "cai\u001bcach", "\u007f"])
def test_control_characters_are_a_clear_400(site, raw):
    status, kind, body = fetch(site + "/-/suggest.json?q=" + quote(raw))
    assert status == 400 and kind.startswith("application/json")
    assert json.loads(body)["parameter"] == "q"


def test_too_long_is_refused_clearly(site):
    status, _, body = fetch(site + "/-/suggest.json?q=" + "a" * 3000)
    assert status == 400 and json.loads(body)["parameter"] == "q" and "200" in json.loads(body)["error"]
    status, _, body = fetch(site + "/-/suggest.json?q=" + "a" * 10_000)     # 10 kB: over the request-line limit
    assert status in (400, 414) and "too long" in body
    status, _, body = fetch(site + "/-/suggest.json?q=a&q=b")
    assert status == 400 and json.loads(body)["parameter"] == "q"


def test_the_search_box_names_its_completions(site):
    status, _, body = fetch(site + "/-/search")
    assert status == 200
    assert 'data-suggest="/-/suggest.json"' in body and "suggest.js" in body
    assert re.search(r'data-label-unit="Đơn vị"', body)
    status, _, script = fetch(site + "/-/static-plugins/commune-opendata/suggest.js")
    assert status == 200 and "aria-activedescendant" in script


# --- in Chromium ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chromium():
    from conftest import CHROMIUM, FLAGS, chromium_or_skip

    chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def test_completions_by_keyboard_in_a_browser(chromium, site):
    from playwright.sync_api import expect

    context = chromium.new_context(locale="vi-VN")
    page = context.new_page()
    page.goto(site + "/-/search")
    box = page.locator("form.od-search input[name=q]")
    box.click()
    page.keyboard.type("cai cach hanh ch", delay=30)         # one request per keystroke, as a reader types
    options = page.locator("[role=listbox] [role=option]")
    # The list shows each prefix's answer as it comes (an earlier keystroke's list may also
    # hold the phrase further down): wait until the last keystroke's answer leads with it.
    expect(options.first).to_contain_text("cải cách hành chính", timeout=10_000)
    assert box.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    assert options.first.get_attribute("aria-selected") == "true"
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert page.locator("[role=listbox]").is_hidden()
    page.keyboard.press("ArrowDown")                           # opens the list again
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/-/search?q=" in page.url
    assert page.locator("li.od-hit").count() == 3              # the phrase's search: three articles
    context.close()


def test_the_search_box_works_without_script(chromium, site):
    context = chromium.new_context(locale="vi-VN", java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/")
    box = page.locator("form.od-search input[name=q]")
    box.fill("cai cach hanh chnh")
    with page.expect_navigation():
        box.press("Enter")
    assert page.locator("li.od-hit").count() >= 2
    assert page.locator("[role=listbox]").count() == 0
    context.close()
