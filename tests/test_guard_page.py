"""The page a visitor sees when the door refuses a request (guard.py): the site's own page
(header, navigation, language switch), Vietnamese first and English on `?lang=en`, with
the refusal's status, `no-store`, and Retry-After when the refusal has one. JSON and CSV
refusals keep their formats. A real `opendata serve`; the Retry-After case renders through
a real Datasette of the same package (no route refuses for load on a test machine)."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request

import pytest
from conftest import copy_package, serving
from datasette.app import Datasette
from datasette.utils.asgi import Response

from opendata.datasette_plugin import guard
from opendata.package import Package
from opendata.serve import SETTINGS, ensure_fresh

BAD_SORT = "/opendata/news?_sort=no_such_column"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    package = copy_package(tmp_path_factory.mktemp("guard_page"))
    with serving(package) as base:
        yield base


def refused(url: str):
    try:
        urllib.request.urlopen(url, timeout=30)
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read().decode("utf-8")
    raise AssertionError(f"{url} was not refused")


def test_refusal_is_a_site_page_in_vietnamese(server):
    status, headers, page = refused(server + BAD_SORT)
    assert status == 400 and headers["cache-control"] == "no-store"
    assert '<html lang="vi">' in page
    assert 'class="od-nav"' in page and 'href="/-/search"' in page and 'href="/-/don-vi"' in page
    assert "<h1>Yêu cầu không hợp lệ</h1>" in page
    assert "bảng không có cột &#39;no_such_column&#39;" in page or "bảng không có cột 'no_such_column'" in page
    assert '<p lang="en" class="od-hint">' in page and "the table has no column" in page
    assert "lang=en" in page and ">English<" in page                # the switch


def test_refusal_in_english_on_request(server):
    status, headers, page = refused(server + BAD_SORT + "&lang=en")
    assert status == 400
    assert '<html lang="en">' in page and "<h1>Bad request</h1>" in page and 'class="od-nav"' in page
    assert "opendata_lang=en" in headers.get("set-cookie", "")      # the choice is kept
    assert "lang=vi" in page


def test_refusals_keep_their_formats(server):
    status, headers, body = refused(server + "/opendata/news.json?_sort=no_such_column")
    assert status == 400 and json.loads(body)["parameter"] == "_sort"
    status, headers, body = refused(server + "/opendata/news.csv?_sort=no_such_column")
    assert status == 400 and headers["content-type"].startswith("text/plain") and "<html" not in body


def test_refusal_under_load_keeps_its_status_and_retry_after(tmp_path):
    package = copy_package(tmp_path)
    db = ensure_fresh(Package(package), tmp_path / "build", say=lambda _: None)
    metadata = json.loads((tmp_path / "build" / "metadata.json").read_text(encoding="utf-8"))
    ds = Datasette(immutables=[str(db)], metadata=metadata, settings=SETTINGS)
    busy = guard.Refused(503, "", "máy chủ đang quá tải", "the server is overloaded", retry_after=7)
    scope = {"type": "http", "method": "GET", "path": "/-/search", "raw_path": b"/-/search",
             "query_string": b"q=xa", "headers": [(b"host", b"localhost")], "scheme": "http"}

    async def refuse() -> Response:
        await ds.invoke_startup()
        return await guard.refusal(ds, busy, scope, None)

    response = asyncio.run(refuse())
    assert response.status == 503 and response.headers["Retry-After"] == "7"
    page = response.body if isinstance(response.body, str) else response.body.decode("utf-8")
    assert "<h1>Máy chủ đang bận</h1>" in page and "thử lại sau 7 giây" in page.lower()
    assert 'class="od-nav"' in page and "máy chủ đang quá tải" in page
