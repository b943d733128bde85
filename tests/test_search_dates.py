"""Date filters are whole local days, both ends included: `from`/`to` and `year` follow
the date printed on the portal (+07:00), not UTC, in which an article published at
00:30 in Việt Nam is still the day before. Library, `/-/search.json` and the CLI."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import urlencode

import pytest
from conftest import copy_package, run
from datasette.app import Datasette
from site_news import add_articles

from opendata.package import Package
from opendata.search import Filters, Searcher
from opendata.serve import SETTINGS, ensure_fresh

FAIR = [
    ("hoi-cho-truoc", "2024-02-29T23:59:00+07:00", "trước"),
    ("hoi-cho-dau", "2024-03-01T00:30:00+07:00", "đầu"),       # 29/2 17:30 in UTC
    ("hoi-cho-cuoi", "2024-03-31T23:45:00+07:00", "cuối"),
    ("hoi-cho-sau", "2024-04-01T00:00:00+07:00", "sau"),       # 31/3 17:00 in UTC
    ("hoi-cho-nam-moi", "2025-01-01T00:15:00+07:00", "năm mới"),  # 31/12/2024 in UTC
]
CASES = [
    ({"date_from": "2024-03-01", "date_to": "2024-03-31"}, {"hoi-cho-dau", "hoi-cho-cuoi"}),
    ({"date_from": "2024-03-01", "date_to": "2024-03-01"}, {"hoi-cho-dau"}),
    ({"date_from": "2024-03-31", "date_to": "2024-03-31"}, {"hoi-cho-cuoi"}),
    ({"date_to": "2024-02-29"}, {"hoi-cho-truoc"}),
    ({"date_from": "2024-04-01"}, {"hoi-cho-sau", "hoi-cho-nam-moi"}),
    ({"year": 2025}, {"hoi-cho-nam-moi"}),
    ({"year": 2024}, {"hoi-cho-truoc", "hoi-cho-dau", "hoi-cho-cuoi", "hoi-cho-sau"}),
]
QUERY = "hoi cho hoa xuan"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dates")
    package = copy_package(folder)
    add_articles(package, [(news_id, "pre2025-21358", "21358", when, f"Hội chợ hoa xuân: đợt {label}",
                            f"Xã Long Môn tổ chức hội chợ hoa xuân, đợt {label}.") for news_id, when, label in FAIR])
    db = ensure_fresh(Package(package), folder / "build", say=lambda _: None)
    metadata = json.loads((folder / "build" / "metadata.json").read_text(encoding="utf-8"))
    ds = Datasette(immutables=[str(db)], metadata=metadata, settings=SETTINGS)
    return package, Searcher(folder / "build" / "index"), lambda path: asyncio.run(ds.client.get(path))


@pytest.mark.parametrize("filters, expected", CASES)
def test_library(built, filters, expected):
    _, searcher, _ = built
    assert {r["id"] for r in searcher.search(QUERY, limit=50, filters=Filters(**filters))["results"]} == expected


@pytest.mark.parametrize("filters, expected", CASES)
def test_search_json(built, filters, expected):
    _, _, get = built
    names = {"date_from": "from", "date_to": "to", "year": "year"}
    response = get("/-/search.json?" + urlencode({"q": QUERY, "limit": 50, **{names[k]: v for k, v in filters.items()}}))
    assert response.status_code == 200 and {r["id"] for r in response.json()["results"]} == expected


def test_cli(built):
    package, _, _ = built
    result = run("search", QUERY, "--from", "2024-03-01", "--to", "2024-03-31", "--format", "json", package=package)
    assert result.exit_code == 0, result.output
    assert {r["id"] for r in json.loads(result.output)["results"]} == {"hoi-cho-dau", "hoi-cho-cuoi"}
