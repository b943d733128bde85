"""Search over HTTP: the index behind `/-/search.json`, `/-/search.csv` and `vn_search()`.

Nothing here waits for a lock on the event-loop thread or inside SQLite, where
`vn_search()` runs while its connection's mutex is held (a thread waiting for a lock
there, while the lock's holder needs that mutex to finalise a cursor, froze the whole
server). So:

- the Searcher is shared by every thread without a lock (it reads the index's files
  through read-only memory maps, with no file position to share); a newer index is
  loaded by a background thread and swapped in;
- the answer cache is read without a lock (single dict operations are atomic under
  the GIL) and written by the search threads under a lock of their own;
- searches run in a small executor of their own, so Datasette's SQL threads and the
  event loop stay free; identical requests in flight share one computation; exports
  (all results, with snippets) run one at a time per process, so they cannot take
  every search thread from cheap pages.

Answers are kept compressed: a page as JSON (a fresh copy for each caller), an
export as its finished CSV (thousands of results in about a quarter of their size,
rendered on a search thread, so that sixteen callers sharing one export do not each
parse and render megabytes on the event loop). The cache is bounded
in entries and bytes, keyed by the index version and the *parsed* query (case and
spacing do not make a new entry), and answers of a replaced index are dropped.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import threading
import zlib
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import astuple
from pathlib import Path

from datasette.utils.asgi import Response

from ..export import XLSX_TYPE, search_csv, search_xlsx
from ..search.query import clean, parse
from . import garbage
from .params import BadParameter, known_places, search_args

CACHED_ANSWERS = int(os.environ.get("OPENDATA_CACHED_ANSWERS", "1024"))   # 0: no cache (benchmarks)
CACHED_BYTES = int(os.environ.get("OPENDATA_CACHED_MB", "32")) * 2**20     # compressed answers, at most
EXPORT_ROWS = 10_000          # a search CSV holds at most this many results
SEARCH_THREADS = 3            # per process; exports take at most EXPORTS of them
EXPORTS = 1
VN_SEARCH_ROWS = 1000

_searchers: dict[str, object] = {}
_reloading: set[str] = set()
_reload_lock = threading.Lock()           # requests only try it; the reload thread waits for it
_answers: OrderedDict[tuple, bytes] = OrderedDict()
_cached_bytes = 0
_cache_write = threading.Lock()           # writers only; readers never take it
_executor = ThreadPoolExecutor(max_workers=SEARCH_THREADS, thread_name_prefix="opendata-search")
_inflight: dict[tuple, asyncio.Future] = {}    # event-loop thread only
_export_slots: dict[int, asyncio.Semaphore] = {}
_unloadable: dict[str, tuple | None] = {}     # index folder -> the manifest stamp that failed to load


class IndexUnavailable(Exception):
    """The index is configured but not open yet (its first load is under way). Says
    so in Vietnamese first, then English, like every answer of the site."""

    def __init__(self, message_vi: str = "Chỉ mục tìm kiếm đang được nạp, xin thử lại sau vài giây.",
                 message_en: str = "The search index is loading; try again in a few seconds."):
        super().__init__(message_en)
        self.message_vi, self.message_en = message_vi, message_en


# --- the answer cache ------------------------------------------------------------

def _cache_get(key: tuple) -> bytes | None:
    blob = _answers.get(key)
    if blob is not None:
        try:
            _answers.move_to_end(key)
        except KeyError:        # dropped by a writer meanwhile: still a good answer
            pass
    return blob


def _cache_put(key: tuple, blob: bytes) -> None:
    global _cached_bytes
    if not CACHED_ANSWERS or len(blob) > CACHED_BYTES // 8:
        return
    with _cache_write:
        old = _answers.pop(key, None)
        _cached_bytes += len(blob) - (len(old) if old is not None else 0)
        _answers[key] = blob
        while len(_answers) > CACHED_ANSWERS or _cached_bytes > CACHED_BYTES:
            _cached_bytes -= len(_answers.popitem(last=False)[1])


def _forget_index(index_dir: str) -> None:
    """Drop the cached answers of an index folder (a newer version was loaded)."""
    global _cached_bytes
    with _cache_write:
        for key in [k for k in list(_answers) if k[0] == index_dir]:
            old = _answers.pop(key, None)
            if old is not None:
                _cached_bytes -= len(old)


def _pack(answer: dict) -> bytes:
    return zlib.compress(json.dumps(answer, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)


def _unpack(blob: bytes) -> dict:
    return json.loads(zlib.decompress(blob))


# --- the searcher ----------------------------------------------------------------

def _index_dir(datasette) -> str | None:
    index_dir = (datasette.plugin_config("opendata") or {}).get("index_dir")
    if not index_dir or not (Path(index_dir) / "manifest.json").exists():
        return None
    return index_dir


def load_searcher(datasette) -> None:
    """Open the index now (at startup), so that no request waits for it."""
    index_dir = _index_dir(datasette)
    if index_dir and index_dir not in _searchers:
        from ..search import Searcher

        _searchers[index_dir] = _warm(Searcher(Path(index_dir)))
        garbage.settle()


def _manifest_stamp(index_dir: str) -> tuple | None:
    try:
        stat = os.stat(Path(index_dir) / "manifest.json")
    except FileNotFoundError:
        return None
    return (stat.st_mtime_ns, stat.st_ino, stat.st_size)


def _warm(searcher):
    """Build the index's vocabulary (typos, completions) before the Searcher answers."""
    from ..search.spelling import vocabulary

    vocabulary(searcher)
    return searcher


def _reload(index_dir: str) -> None:
    """Load the newer index beside the old one, then swap (a background thread). An index
    this server cannot open is said once, on one line, and not tried again until its
    manifest changes (each try reads the whole manifest); the old one keeps answering."""
    from ..search import Searcher

    stamp = _manifest_stamp(index_dir)
    try:
        _searchers[index_dir] = _warm(Searcher(Path(index_dir)))
        _forget_index(index_dir)
        garbage.settle()        # the replaced index's memory, collected on the collector's thread
    except Exception as exc:  # noqa: BLE001 - whatever it is, the previous index stays
        _unloadable[index_dir] = stamp
        reason = (str(exc).splitlines() or [type(exc).__name__])[0]
        print(f"opendata: cannot load the search index in {index_dir} ({reason}); still serving the previous one",
              file=sys.stderr)
    finally:
        with _reload_lock:
            _reloading.discard(index_dir)


def searcher_for(datasette):
    """The current Searcher, or None when no index is configured. Never waits: a newer
    index on disk starts a background load and the current one answers meanwhile."""
    index_dir = _index_dir(datasette)
    if index_dir is None:
        return None
    searcher = _searchers.get(index_dir)
    if (searcher is None or searcher.stale()) and _unloadable.get(index_dir, ()) != _manifest_stamp(index_dir) \
            and _reload_lock.acquire(blocking=False):
        try:                        # not acquired: another thread is starting a reload
            start = index_dir not in _reloading
            _reloading.add(index_dir)
        finally:
            _reload_lock.release()
        if start:
            threading.Thread(target=_reload, args=(index_dir,), name="opendata-reload", daemon=True).start()
    if searcher is None:
        raise IndexUnavailable()
    return searcher


def _query_key(text: str) -> tuple:
    """What a query means, not how it was typed: case and spacing make no new entry."""
    q = parse(text)
    return (tuple(tuple(g.alts) for g in q.groups), tuple(q.typed))   # syllables() lower-cases


# --- answering -------------------------------------------------------------------

async def answer(datasette, request, export: bool = False, fmt: str = "csv") -> bytes | None:
    """The request's search, compressed (`BadParameter` for a bad argument; None when no
    index is configured): JSON of one page, or for `export` every result (up to
    EXPORT_ROWS, no facets) as CSV or, with `fmt="xlsx"`, a workbook, rendered off the
    event loop too."""
    searcher = searcher_for(datasette)
    if searcher is None:
        return None
    args = search_args(request)
    await known_places(datasette, args["filters"])
    if export:
        args.update(limit=EXPORT_ROWS, page=1)
    key = (str(searcher.index_dir), searcher.version, _query_key(args["text"]), args["limit"], args["page"],
           args["sort"], astuple(args["filters"]), export and fmt)
    blob = _cache_get(key) if CACHED_ANSWERS else None
    if blob is None:
        future = _inflight.get(key)
        if future is None:
            future = asyncio.ensure_future(_compute(searcher, args, key, export and fmt))
            _inflight[key] = future
            future.add_done_callback(lambda _f: _inflight.pop(key, None))
        blob = await asyncio.shield(future)
    return blob


async def run_search(datasette, request) -> dict | None:
    """One page of the request's search as a fresh dict (callers change it)."""
    blob = await answer(datasette, request)
    if blob is None:
        return None
    out = _unpack(blob)
    out["query"] = clean(request.args.get("q", ""))      # as this visitor typed it (what parse() keeps)
    return out


async def _compute(searcher, args: dict, key: tuple, export: str | bool) -> bytes:
    loop = asyncio.get_running_loop()

    def work() -> bytes:
        rest = {k: v for k, v in args.items() if k != "text"}
        out = searcher.search(args["text"], facets=not export, max_limit=EXPORT_ROWS, **rest)
        if export == "xlsx":
            blob = zlib.compress(search_xlsx(out["results"]), 1)
        elif export:
            blob = zlib.compress(search_csv(out["results"], bom=True).encode("utf-8"), 1)
        else:
            blob = _pack(out)
        _cache_put(key, blob)
        return blob

    if not export:
        return await loop.run_in_executor(_executor, work)
    slots = _export_slots.setdefault(id(loop), asyncio.Semaphore(EXPORTS))
    async with slots:
        return await loop.run_in_executor(_executor, work)


HEADERS = {"Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=300"}


def bad_request(exc: BadParameter, as_json: bool) -> Response:
    headers = {**HEADERS, "Cache-Control": "no-store"}
    if as_json:
        return Response.json({"error": exc.message_en, "error_vi": exc.message_vi, "parameter": exc.name},
                             status=400, headers=headers)
    return Response.text(f"{exc.message_vi}\n{exc.message_en}\n", status=400, headers=headers)


def unavailable(exc: IndexUnavailable, as_json: bool) -> Response:
    headers = {**HEADERS, "Cache-Control": "no-store", "Retry-After": "5"}
    if as_json:
        return Response.json({"error": exc.message_en, "error_vi": exc.message_vi}, status=503, headers=headers)
    return Response.text(f"{exc.message_vi}\n{exc.message_en}\n", status=503, headers=headers)


NO_INDEX = ("Trang này chưa có chỉ mục tìm kiếm.", "This site has no search index configured.")


def no_index(as_json: bool) -> Response:
    if as_json:
        return Response.json({"error": NO_INDEX[1], "error_vi": NO_INDEX[0]}, status=404, headers=HEADERS)
    return Response.text(f"{NO_INDEX[0]}\n{NO_INDEX[1]}\n", status=404, headers=HEADERS)


async def search_json(datasette, request):
    try:
        out = await run_search(datasette, request)
    except BadParameter as exc:
        return bad_request(exc, as_json=True)
    except IndexUnavailable as exc:
        return unavailable(exc, as_json=True)
    if out is None:
        return no_index(as_json=True)
    keep = ("id", "title", "url", "published_at", "unit_code", "score", "snippet")
    out["results"] = [{k: r[k] for k in keep} for r in out["results"]]
    return Response(json.dumps(out, ensure_ascii=False), content_type="application/json; charset=utf-8",
                    headers=HEADERS)


EXPORTS_AS = {"csv": ("tim-kiem.csv", "text/csv; charset=utf-8"), "xlsx": ("tim-kiem.xlsx", XLSX_TYPE)}


async def _export_route(datasette, request, fmt: str):
    try:
        blob = await answer(datasette, request, export=True, fmt=fmt)
    except BadParameter as exc:
        return bad_request(exc, as_json=False)
    except IndexUnavailable as exc:
        return unavailable(exc, as_json=False)
    if blob is None:
        return no_index(as_json=False)
    filename, content_type = EXPORTS_AS[fmt]
    headers = {**HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(zlib.decompress(blob), content_type=content_type, headers=headers)


async def search_csv_route(datasette, request):
    """`/-/search.csv`: every result of a search (spreadsheet-safe CSV with a BOM)."""
    return await _export_route(datasette, request, "csv")


async def search_xlsx_route(datasette, request):
    """`/-/search.xlsx`: the same results as `/-/search.csv`, as a workbook."""
    return await _export_route(datasette, request, "xlsx")


def search_ids(datasette, query) -> str:
    """`vn_search(query)`: JSON array of matching news ids, best first (at most 1,000).
    Runs inside SQLite: takes no lock and reads no stored text (no snippets)."""
    if not isinstance(query, str):
        return "[]"
    try:
        searcher = searcher_for(datasette)
    except IndexUnavailable:
        raise ValueError("vn_search: chỉ mục tìm kiếm đang được nạp / the search index is loading; "
                         "try again in a few seconds") from None
    if searcher is None:
        return "[]"
    out = searcher.search(query, limit=VN_SEARCH_ROWS, facets=False, snippets=False)
    return json.dumps([r["id"] for r in out["results"]])
