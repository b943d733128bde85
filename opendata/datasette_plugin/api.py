"""Search over HTTP: the index behind `/-/search.json`, `/-/search.csv` and `vn_search()`.

One Searcher per index folder, refreshed when the index was rebuilt; a lock
serialises searches (the Searcher's caches are not thread-safe). Answers are kept in
a small LRU cache keyed by the index version and the request's arguments: people
repeat popular searches, and the index is immutable until the next build.

The cache holds each answer as zlib-compressed JSON: a CSV export caches pages of 100
results with snippets (about 110 kB each as Python objects, 25 kB compressed), and
reading one back costs what the deep copy it replaces did. It is bounded both in
entries and in bytes, and answers of an index version that was replaced are dropped
when the new one is loaded: no request can ask for them again.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import zlib
from collections import OrderedDict
from dataclasses import astuple
from pathlib import Path

from datasette.utils.asgi import Response

from ..export import search_csv
from ..serve import free_heap

CACHED_ANSWERS = int(os.environ.get("OPENDATA_CACHED_ANSWERS", "1024"))   # 0: no cache (benchmarks)
CACHED_BYTES = int(os.environ.get("OPENDATA_CACHED_MB", "32")) * 2**20     # compressed answers, at most
_searchers: dict[str, object] = {}
_answers: OrderedDict[tuple, bytes] = OrderedDict()
_cached_bytes = 0
_lock = threading.Lock()


def _cache_get(key: tuple) -> dict | None:
    """A fresh copy of a cached answer (callers change what they get), or None. Under _lock."""
    blob = _answers.get(key)
    if blob is None:
        return None
    _answers.move_to_end(key)
    return json.loads(zlib.decompress(blob))


def _cache_put(key: tuple, answer: dict) -> None:
    """Keep a copy of `answer`; the least recently used go past the bounds. Under _lock."""
    global _cached_bytes
    blob = zlib.compress(json.dumps(answer, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)
    if len(blob) > CACHED_BYTES // 8:
        return
    old = _answers.pop(key, None)
    _cached_bytes += len(blob) - (len(old) if old is not None else 0)
    _answers[key] = blob
    while len(_answers) > CACHED_ANSWERS or _cached_bytes > CACHED_BYTES:
        _cached_bytes -= len(_answers.popitem(last=False)[1])


def _forget_index(index_dir: str) -> None:
    """Drop the cached answers of an index folder (its searcher loaded a newer version). Under _lock."""
    global _cached_bytes
    for key in [k for k in _answers if k[0] == index_dir]:
        _cached_bytes -= len(_answers.pop(key))


def searcher_for(datasette):
    config = datasette.plugin_config("opendata") or {}
    index_dir = config.get("index_dir")
    if not index_dir or not (Path(index_dir) / "manifest.json").exists():
        return None
    from ..search import Searcher

    with _lock:
        searcher = _searchers.get(index_dir)
        if searcher is None:
            searcher = _searchers[index_dir] = Searcher(Path(index_dir))
        elif searcher.refresh():
            _forget_index(str(searcher.index_dir))
            free_heap()     # the replaced index's and answers' memory
        return searcher


def search_args(request) -> dict:
    from ..search import Filters

    q = request.args

    def number(name, default, low, high):
        try:
            return max(low, min(high, int(q.get(name, default))))
        except (TypeError, ValueError):
            return default

    year = q.get("year", "")
    return {
        "text": q.get("q", ""),
        "limit": number("limit", 10, 1, 100),
        "page": number("page", 1, 1, 10_000),
        "sort": "newest" if q.get("sort") == "newest" else "relevance",
        "filters": Filters(unit=q.get("unit") or None, year=int(year) if year.isdigit() else None,
                           area=q.get("area") or None, date_from=q.get("from") or None,
                           date_to=q.get("to") or None),
    }


HEADERS = {"Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=300"}


async def run_search(datasette, request, **overrides):
    searcher = searcher_for(datasette)
    if searcher is None:
        return None
    args = {**search_args(request), **overrides}

    key = (str(searcher.index_dir), searcher.version, args["text"], args["limit"], args["page"], args["sort"],
           astuple(args["filters"]))
    with _lock:
        cached = _cache_get(key) if CACHED_ANSWERS else None
    if cached is not None:
        return cached

    def work():
        with _lock:
            out = searcher.search(args.pop("text"), **args)
            if CACHED_ANSWERS and searcher.version == key[1]:
                _cache_put(key, out)
            return out

    return await asyncio.get_running_loop().run_in_executor(None, work)


async def search_json(datasette, request):
    out = await run_search(datasette, request)
    if out is None:
        return Response.json({"error": "no search index configured"}, status=404, headers=HEADERS)
    keep = ("id", "title", "url", "published_at", "unit_code", "score", "snippet")
    out["results"] = [{k: r[k] for k in keep} for r in out["results"]]
    return Response(json.dumps(out, ensure_ascii=False), content_type="application/json; charset=utf-8",
                    headers=HEADERS)


async def search_csv_route(datasette, request):
    out = await run_search(datasette, request, limit=100, page=1)
    if out is None:
        return Response.text("no search index configured", status=404, headers=HEADERS)
    results = list(out["results"])
    page = 2
    while len(results) < out["total"] and page <= 100:      # all results, in pages of 100
        more = await run_search(datasette, request, limit=100, page=page)
        results.extend(more["results"])
        page += 1
    headers = {**HEADERS, "Content-Disposition": 'attachment; filename="tim-kiem.csv"'}
    return Response(search_csv(results, bom=True), content_type="text/csv; charset=utf-8", headers=headers)


def search_ids(datasette, query) -> str:
    """`vn_search(query)`: JSON array of matching news ids, best first (at most 1,000)."""
    searcher = searcher_for(datasette)
    if searcher is None or not isinstance(query, str):
        return "[]"
    with _lock:
        out = searcher.search(query, limit=1000, facets=False, snippets=False)
    return json.dumps([r["id"] for r in out["results"]])
