"""A 2025 unit finds the news of the units merged into it, on every way in to search:
the library, `/-/search.json?unit=…`, the search page (results and unit facet) and the
CLI; and an old unit's code or id still finds its own news.

On 1/7/2025 Xã Long Môn (21358), Xã Long Hiệp (pre2025-21361) and Xã Thanh An (21355)
became Xã Minh Long (2025-21361); Xã Long Sơn (21349) went into Xã Sơn Mai (2025-21349)
instead (data/unit_changes.csv). The articles below are our own text.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
from urllib.parse import urlencode

import pytest
from conftest import copy_package, run
from datasette.app import Datasette
from site_news import add_articles

from opendata.package import Package
from opendata.search import Filters, Searcher
from opendata.serve import SETTINGS, ensure_fresh

SEED = "0939a2d78e482371"          # Xã Long Môn, 8/4/2024
QUERY = "cai cach hanh chinh"
OURS = [
    ("thanh-an-cchc-2024", "pre2025-21355", "21355", "2024-06-03T08:00:00+07:00",
     "Xã Thanh An rà soát thủ tục cải cách hành chính",
     "UBND xã Thanh An rà soát các thủ tục cải cách hành chính tại bộ phận một cửa."),
    ("long-son-cchc-2024", "pre2025-21349", "21349", "2024-06-10T08:00:00+07:00",
     "Xã Long Sơn sơ kết công tác cải cách hành chính",
     "Hội nghị sơ kết công tác cải cách hành chính của xã Long Sơn sáu tháng đầu năm."),
    ("son-mai-cchc-2025", "2025-21349", "21349", "2025-10-01T08:00:00+07:00",
     "Xã Sơn Mai kiện toàn bộ phận một cửa, đẩy mạnh cải cách hành chính",
     "Sau sắp xếp, Xã Sơn Mai tiếp tục cải cách hành chính và dịch vụ công trực tuyến."),
]
# Everything that matches QUERY, by the unit it was published under.
MINH_LONG_AND_ITS_PAST = {SEED, "thanh-an-cchc-2024", "long-hiep-cchc-2024", "minh-long-mot-cua-2025"}
SON_MAI_AND_ITS_PAST = {"long-son-cchc-2024", "son-mai-cchc-2025"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("merged")
    package = copy_package(folder)
    add_articles(package)
    add_articles(package, OURS)
    db = ensure_fresh(Package(package), folder / "build", say=lambda _: None)
    metadata = json.loads((folder / "build" / "metadata.json").read_text(encoding="utf-8"))
    ds = Datasette(immutables=[str(db)], metadata=metadata, settings=SETTINGS)

    def get(path):
        return asyncio.run(ds.client.get(path))

    return package, Searcher(folder / "build" / "index"), get


def library_ids(searcher, unit) -> set[str]:
    out = searcher.search(QUERY, limit=100, filters=Filters(unit=unit))
    assert out["total"] == len(out["results"])
    return {r["id"] for r in out["results"]}


def test_everything_matches_without_a_filter(built):
    _, searcher, _ = built
    assert library_ids(searcher, None) >= MINH_LONG_AND_ITS_PAST | SON_MAI_AND_ITS_PAST


@pytest.mark.parametrize("unit, expected", [
    ("2025-21361", MINH_LONG_AND_ITS_PAST),                  # the new unit: its own news and its three parts'
    ("2025-21349", SON_MAI_AND_ITS_PAST),                    # another new unit takes none of them
    ("21358", {SEED}),                                       # the old code: Long Môn's own news
    ("pre2025-21358", {SEED}),
    ("pre2025-21355", {"thanh-an-cchc-2024"}),
    ("pre2025-21361", {"long-hiep-cchc-2024"}),              # one era only: Long Hiệp, not Minh Long
    ("21361", {"long-hiep-cchc-2024", "minh-long-mot-cua-2025", SEED, "thanh-an-cchc-2024"}),   # both eras
])
def test_library_unit_filter(built, unit, expected):
    _, searcher, _ = built
    assert library_ids(searcher, unit) == expected


def test_a_2025_province_finds_the_news_of_the_old_provinces_merged_into_it(built):
    _, searcher, _ = built
    everything = library_ids(searcher, None)
    assert library_ids(searcher, "2025-51") == everything           # all our units are in Quảng Ngãi
    assert library_ids(searcher, "pre2025-51") == everything - {"minh-long-mot-cua-2025", "son-mai-cchc-2025"}


def test_search_json_by_the_new_unit(built):
    _, _, get = built
    response = get("/-/search.json?" + urlencode({"q": QUERY, "unit": "2025-21361", "limit": 100}))
    assert response.status_code == 200
    out = response.json()
    assert {r["id"] for r in out["results"]} == MINH_LONG_AND_ITS_PAST and out["total"] == 4
    units = {f["value"]: (f["label"], f["count"]) for f in out["facets"]["unit"]}
    assert units == {"pre2025-21358": ("Xã Long Môn", 1), "pre2025-21355": ("Xã Thanh An", 1),
                     "pre2025-21361": ("Xã Long Hiệp", 1), "2025-21361": ("Xã Minh Long", 1)}
    old = get("/-/search.json?" + urlencode({"q": QUERY, "unit": "21358"})).json()
    assert [r["id"] for r in old["results"]] == [SEED]


def test_search_page_by_the_new_unit_lists_the_old_units_news_and_facet(built):
    _, _, get = built
    response = get("/-/search?" + urlencode({"q": QUERY, "unit": "2025-21361"}))
    assert response.status_code == 200
    page = response.text
    assert re.search(r'class="od-chip"[^>]*>Xã Minh Long ×</a>', page)
    for news_id in MINH_LONG_AND_ITS_PAST:
        assert f"/-/article/{news_id}" in page, news_id
    assert "/-/article/long-son-cchc-2024" not in page
    facet = re.search(r'<a href="([^"]*unit=pre2025-21358[^"]*)">Xã Long Môn</a> <span class="od-meta">(\d+)</span>',
                      page)
    assert facet and facet.group(2) == "1"
    narrowed = get("/-/search" + html.unescape(facet.group(1))).text      # the facet link narrows to Long Môn
    assert "/-/article/" + SEED in narrowed and "/-/article/thanh-an-cchc-2024" not in narrowed


def test_cli_search_by_the_new_unit(built):
    package, _, _ = built
    result = run("search", QUERY, "--unit", "2025-21361", "--limit", "100", "--format", "json", package=package)
    assert result.exit_code == 0, result.output
    assert {r["id"] for r in json.loads(result.output)["results"]} == MINH_LONG_AND_ITS_PAST
    result = run("search", QUERY, "--unit", "21358", "--format", "json", package=package)
    assert [r["id"] for r in json.loads(result.output)["results"]] == [SEED]
