"""While the site's index is not there yet, or is still on its first load, the search
routes say so in Vietnamese first, then English (JSON: `error_vi` beside `error`), with
a status a client can act on (404: none configured; 503 + Retry-After: loading), and
the first search after the load answers. A real Datasette with our plugin, in process,
on the seed package's real build."""

from __future__ import annotations

import asyncio
import json
import os
import time

from conftest import copy_package
from datasette.app import Datasette

from opendata.datasette_plugin import api
from opendata.package import Package
from opendata.serve import SETTINGS, ensure_fresh


def test_search_before_and_during_the_first_load_says_so_in_both_languages(tmp_path):
    package = copy_package(tmp_path)
    db = ensure_fresh(Package(package), tmp_path / "build", say=lambda _: None)
    metadata = json.loads((tmp_path / "build" / "metadata.json").read_text(encoding="utf-8"))
    index_dir = metadata["plugins"]["opendata"]["index_dir"]
    os.rename(index_dir, index_dir + ".later")             # the site starts before its index exists

    async def scenario():
        ds = Datasette(immutables=[str(db)], metadata=metadata, settings=SETTINGS)
        await ds.invoke_startup()
        missing = await ds.client.get("/-/search.json?q=xa")
        missing_csv = await ds.client.get("/-/search.csv?q=xa")
        os.rename(index_dir + ".later", index_dir)         # `opendata index` has written it
        loading = await ds.client.get("/-/search.json?q=xa")
        deadline = time.monotonic() + 60
        while True:
            answered = await ds.client.get("/-/search.json?q=xa")
            if answered.status_code != 503 or time.monotonic() > deadline:
                return missing, missing_csv, loading, answered
            await asyncio.sleep(0.1)

    missing, missing_csv, loading, answered = asyncio.run(scenario())
    assert missing.status_code == 404
    assert missing.json()["error_vi"].startswith("Trang này chưa có chỉ mục") and "no search index" in missing.json()["error"]
    assert missing_csv.status_code == 404
    assert missing_csv.text.splitlines() == list(api.NO_INDEX)
    assert loading.status_code == 503 and loading.headers["retry-after"] == "5"
    body = loading.json()
    assert "đang được nạp" in body["error_vi"] and "loading" in body["error"]
    assert answered.status_code == 200 and answered.json()["total"] > 0


def test_an_export_during_the_first_load_is_a_two_language_text():
    response = api.unavailable(api.IndexUnavailable(), as_json=False)
    assert response.status == 503 and response.headers["Retry-After"] == "5"
    vi, en = response.body.splitlines() if isinstance(response.body, str) else response.body.decode().splitlines()
    assert "đang được nạp" in vi and "loading" in en
