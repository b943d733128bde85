"""Search over HTTP: the index behind `/-/search.json`, `/-/search.csv` and `vn_search()`.

One Searcher per index folder, refreshed when the index was rebuilt; a lock
serialises searches (the Searcher's caches are not thread-safe). Answers are kept in
a small LRU cache keyed by the index version and the request's arguments: people
repeat popular searches, and the index is immutable until the next build.
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
import threading
from collections import OrderedDict
from dataclasses import astuple
from pathlib import Path

from datasette.utils.asgi import Response

from ..export import search_csv

CACHED_ANSWERS = int(os.environ.get("OPENDATA_CACHED_ANSWERS", "1024"))   # 0: no cache (benchmarks)
_searchers: dict[str, object] = {}
_answers: OrderedDict = OrderedDict()
_lock = threading.Lock()


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
        else:
            searcher.refresh()
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
        if CACHED_ANSWERS and key in _answers:
            _answers.move_to_end(key)
            return copy.deepcopy(_answers[key])

    def work():
        with _lock:
            out = searcher.search(args.pop("text"), **args)
            if CACHED_ANSWERS:
                _answers[key] = copy.deepcopy(out)
                if len(_answers) > CACHED_ANSWERS:
                    _answers.popitem(last=False)
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
