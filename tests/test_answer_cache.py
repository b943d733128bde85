"""The server's answer cache (`OPENDATA_CACHED_ANSWERS`, `OPENDATA_CACHED_MB`), seen from
outside: real `opendata serve` processes, HTTP on 127.0.0.1.

How a cached answer is told from a computed one: the index files under a running server
are overwritten in place with zeros (same files, same sizes; the manifest untouched, so
the server does not reload). A search the server computes afterwards reads the zeros and
answers wrongly (or fails); an answer it kept is served unchanged. So, after that:
an answer equal to the one before = served from the cache; a different one = computed.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import shutil
import time
import urllib.error
import urllib.request
import zlib
from pathlib import Path
from urllib.parse import urlencode

import pytest
from conftest import copy_package, run, serving
from many_news import WORDS, add_many
from site_news import add_articles


def fetch(base: str, path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(base + path, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def search(base: str, **params) -> tuple[int, bytes]:
    return fetch(base, "/-/search.json?" + urlencode(params))


def export(base: str, **params) -> tuple[int, bytes]:
    return fetch(base, "/-/search.csv?" + urlencode(params))


@contextlib.contextmanager
def server(folder: Path, articles: int = 200, **env: str):
    """`opendata serve` on a fresh package of generated articles, with cache settings
    (`env`, given to the server process only)."""
    folder.mkdir()
    package = copy_package(folder)
    add_many(package, articles)
    stack = contextlib.ExitStack()
    with pytest.MonkeyPatch.context() as patch:   # the server starts with them; this process gets its own back
        for name, value in env.items():
            patch.setenv(name, value)
        base = stack.enter_context(serving(package))
    with stack:
        yield base, package


PROBE = "lua ngo"           # asked only after the index files were zeroed


def zero_index_files(package: Path) -> dict:
    """Overwrite every file of the index in place with zeros, except the manifest (which
    decides when the server reloads). Returns what the intact index answers to PROBE
    (the library, on a copy made first)."""
    from opendata.search import Searcher

    index = package.parent / "build" / "index"
    intact = package.parent / "intact-index"
    shutil.copytree(index, intact)
    truth = Searcher(intact).search(PROBE, limit=10)
    assert truth["total"] > 0
    for path in index.rglob("*"):
        if path.is_file() and path.name != "manifest.json" and not path.name.startswith("."):
            size = path.stat().st_size
            with open(path, "r+b") as fh:
                fh.write(b"\0" * size)
    return truth


def assert_zeros_are_read(base: str, truth: dict) -> None:
    """PROBE, never asked before, no longer gets the intact index's answer: else this
    module cannot tell a cached answer from a computed one."""
    status, body = search(base, q=PROBE)
    computed = json.loads(body) if status == 200 else {}
    assert (computed.get("total"), [r["id"] for r in computed.get("results", [])]) != \
        (truth["total"], [r["id"] for r in truth["results"]]), \
        "the server still computes right answers from zeroed index files: this test cannot observe the cache"


# --- hits ----------------------------------------------------------------------------

def test_a_repeat_is_served_from_the_cache(tmp_path):
    with server(tmp_path / "pkg") as (base, package):
        page = search(base, q="cai cach hanh chinh", limit=20)
        second = search(base, q="keo", page=2, sort="newest")
        csv = export(base, q="nong thon moi")
        assert page[0] == second[0] == csv[0] == 200 and json.loads(page[1])["total"] > 20
        truth = zero_index_files(package)
        assert_zeros_are_read(base, truth)
        assert search(base, q="cai cach hanh chinh", limit=20) == page
        assert search(base, q="keo", page=2, sort="newest") == second
        assert export(base, q="nong thon moi") == csv
        # typed another way, the same search: the same entry (`query` echoes what was typed)
        status, body = search(base, q="  CAI cach   HANH chinh ", limit=20)
        retyped, first = json.loads(body), json.loads(page[1])
        assert status == 200 and retyped["results"] == first["results"] and retyped["total"] == first["total"]


# --- bounds --------------------------------------------------------------------------

def test_at_most_the_newest_entries_are_kept(tmp_path):
    """OPENDATA_CACHED_ANSWERS=3: of five distinct searches (one repeated meanwhile), the
    three used last are kept, the others were dropped."""
    words = WORDS[:5]
    with server(tmp_path / "pkg", OPENDATA_CACHED_ANSWERS="3") as (base, package):
        before = {}
        for word in words[:3]:
            before[word] = search(base, q=word)
        assert search(base, q=words[0]) == before[words[0]]      # used again: now the newest
        for word in words[3:]:
            before[word] = search(base, q=word)
        assert all(status == 200 and json.loads(body)["total"] > 0 for status, body in before.values())
        truth = zero_index_files(package)
        # the kept ones first: each search that misses is cached in turn, pushing one out
        kept = {word for word in (words[0], words[3], words[4], words[1], words[2])
                if search(base, q=word) == before[word]}
        assert_zeros_are_read(base, truth)
        assert kept == {words[0], words[3], words[4]}


def test_cached_bytes_stay_under_the_bound(tmp_path):
    """OPENDATA_CACHED_MB=1: exports (tens of kB each compressed) past 2 MB of zlib output
    in all; the first ones were dropped, the last is kept."""
    with server(tmp_path / "pkg", articles=300, OPENDATA_CACHED_MB="1", OPENDATA_CACHED_ANSWERS="100000") as (base, package):
        asked, compressed = [], 0
        starts = (f"2022-{month:02d}-{day:02d}" for day, month in itertools.product(range(1, 29), range(1, 13)))
        while compressed <= 2 * 2**20:                   # twice the bound, as zlib compresses them
            params = {"q": "xa", "from": next(starts)}
            status, body = export(base, **params)
            assert status == 200 and len(body) < 2**17    # each fits the eighth of the bound an entry may take
            asked.append((params, body))
            compressed += len(zlib.compress(body, 1))
        truth = zero_index_files(package)
        assert export(base, **asked[-1][0]) == (200, asked[-1][1])            # the newest: kept
        dropped = [params for params, body in asked[:5] if export(base, **params) != (200, body)]
        assert_zeros_are_read(base, truth)
        assert dropped == [params for params, _ in asked[:5]]


def test_an_answer_over_an_eighth_of_the_bound_is_not_kept_and_pushes_nothing_out(tmp_path):
    """OPENDATA_CACHED_MB=1: an export of ~1,300 rows (well over 128 kB of zlib output)
    is computed each time; the small exports asked before it stay kept."""
    with server(tmp_path / "pkg", articles=1400, OPENDATA_CACHED_MB="1") as (base, package):
        small = [{"q": "xa", "from": f"2024-0{month}-01", "to": f"2024-0{month}-03"} for month in (1, 5, 9)]
        before = [export(base, **params) for params in small]
        assert all(status == 200 and body.count(b"\r\n") > 5 for status, body in before)
        big = export(base, q="xa")
        assert big[0] == 200 and len(zlib.compress(big[1], 1)) > 1.2 * 2**17 and big[1].count(b"\r\n") > 1000
        total = json.loads(search(base, q="xa")[1])["total"]
        sql = urlencode({"sql": "select count(*) as n from json_each(vn_search('xa'))", "_shape": "array"})
        assert total > 1000 and json.loads(fetch(base, "/opendata.json?" + sql)[1]) == [{"n": 1000}]   # README's cap
        truth = zero_index_files(package)
        assert export(base, q="xa") != big, "the big export was kept"
        assert [export(base, **params) for params in small] == before, "a small export was pushed out"
        assert_zeros_are_read(base, truth)


# --- what makes an entry ---------------------------------------------------------------

@pytest.fixture(scope="module")
def plain_server(tmp_path_factory):
    with server(tmp_path_factory.mktemp("plain") / "pkg") as running:
        yield running


def results(base: str, **params) -> list[dict]:
    status, body = search(base, **params)
    assert status == 200, body
    return json.loads(body)["results"]


def test_every_part_of_a_search_makes_its_own_entry(plain_server):
    """Searches one part apart, asked in a row: each answer is its own (an entry keyed
    without that part would hand back the previous one)."""
    base, _ = plain_server
    assert len(results(base, q="xa", limit=5)) == 5 and len(results(base, q="xa", limit=7)) == 7
    first, second = results(base, q="xa", limit=10), results(base, q="xa", limit=10, page=2)
    assert len(second) == 10 and not {r["id"] for r in first} & {r["id"] for r in second}
    newest = [r["published_at"] for r in results(base, q="xa", limit=10, sort="newest")]
    assert newest == sorted(newest, reverse=True) and newest != [r["published_at"] for r in first]
    for code in ("21358", "21364"):
        found = results(base, q="xa", limit=20, unit=f"pre2025-{code}")
        assert found and {r["unit_code"] for r in found} == {code}
    for year in ("2023", "2024"):
        found = results(base, q="xa", limit=20, year=year)
        assert found and {r["published_at"][:4] for r in found} == {year}
    found = results(base, q="xa", limit=20, year="2024", **{"from": "2024-06-01"})
    assert found and min(r["published_at"] for r in found) >= "2024-06-01"
    found = results(base, q="xa", limit=20, year="2024", **{"from": "2024-05-01", "to": "2024-05-31"})
    assert found and {r["published_at"][:7] for r in found} == {"2024-05"}
    status, csv = export(base, q="xa")
    assert status == 200 and csv.startswith("\ufeff".encode("utf-8"))
    status, xlsx = fetch(base, "/-/search.xlsx?q=xa")
    assert status == 200 and xlsx.startswith(b"PK")                  # a zip: the workbook, not the CSV
    assert json.loads(search(base, q="xa")[1])["results"] == first   # and a page is still a page


def test_a_shared_answer_echoes_what_each_visitor_typed(plain_server):
    """Two typings of one search share an entry; each answer still says what its own
    visitor typed (as typed, spaces collapsed), never the other's."""
    base, _ = plain_server
    typings = ["  NÔNG thôn   mới ", "nong thon moi", "Nông   Thôn mới"]     # the first and last: one entry
    echoed = [json.loads(search(base, q=typed)[1])["query"] for typed in typings + typings[::-1]]
    assert echoed == ["NÔNG thôn mới", "nong thon moi", "Nông Thôn mới", "Nông Thôn mới", "nong thon moi",
                      "NÔNG thôn mới"]
    for typed in ("NONG   thon moi", "nong thon moi", "NONG   thon moi"):       # the page keeps it as typed
        status, page = fetch(base, "/-/search?" + urlencode({"q": typed}))
        assert status == 200 and f'name="q" value="{typed}"' in page.decode("utf-8")


# --- reload ----------------------------------------------------------------------------

def test_a_rebuilt_index_gives_new_answers_at_once(plain_server):
    """A search cached on the old index is answered from the new one as soon as the
    server has loaded it (seen on another search, asked only after the rebuild).
    Last in this module: it changes the package of `plain_server`."""
    base, package = plain_server
    if True:
        old_page = json.loads(search(base, q="mot cua", limit=100)[1])
        old_csv = export(base, q="mot cua")[1]
        assert json.loads(search(base, q="kangaroo")[1])["total"] == 0
        sql = urlencode({"sql": "select value from json_each(vn_search('kangaroo')) order by value", "_shape": "array"})
        assert json.loads(fetch(base, "/opendata.json?" + sql)[1]) == []
        assert search(base, q="mot cua", limit=100)[1] == json.dumps(old_page, ensure_ascii=False).encode()
        add_articles(package, [(f"mot-cua-moi-{i}", "2025-21361", "21361", f"2025-11-0{i + 1}T08:00:00+07:00",
                                f"Bộ phận một cửa xã Minh Long: đợt tiếp dân thứ {i}",
                                f"Người dân đến bộ phận một cửa làm thủ tục lần {i}; đoàn khách nuôi kangaroo đến thăm.")
                               for i in range(3)])
        result = run("index", package=package)
        assert result.exit_code == 0, result.output
        deadline = time.monotonic() + 30
        while json.loads(search(base, q="kangaroo")[1])["total"] == 0:
            assert time.monotonic() < deadline, "the new index was never loaded"
            time.sleep(0.2)
        new_page = json.loads(search(base, q="mot cua", limit=100)[1])
        assert new_page["total"] == old_page["total"] + 3
        assert {f"mot-cua-moi-{i}" for i in range(3)} <= {r["id"] for r in new_page["results"]}
        status, body = fetch(base, "/opendata.json?" + sql)                # SQL reads the same new index
        assert status == 200 and [row["value"] for row in json.loads(body)] == [f"mot-cua-moi-{i}" for i in range(3)]
        new_csv = export(base, q="mot cua")[1].decode("utf-8-sig")
        assert new_csv.count("\r\n") == old_csv.decode("utf-8-sig").count("\r\n") + 3
        assert "mot-cua-moi-0" in new_csv
