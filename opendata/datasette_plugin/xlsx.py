"""Whole tables as XLSX workbooks: `/-/xlsx/<table>.xlsx`, the package's columns.

Every text cell is written as text (codes like "01" keep their zero, "=HYPERLINK(…)"
is a string, never a formula), numbers as numbers. The rows are read on one of
Datasette's SQL threads and the workbook is built on a thread of our own, never on
the event loop; callers asking for the same table at once share one build, and the
last workbooks are kept (the database is immutable: its file's identity is the key).
"""

from __future__ import annotations

import asyncio
import os
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor

from datasette.utils.asgi import Response

from ..export import XLSX_TYPE, xlsx_bytes
from .downloads import DATABASE, not_found

KEPT_BYTES = 64 * 2**20            # finished workbooks kept, at most
_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="opendata-xlsx")
_kept: OrderedDict[tuple, bytes] = OrderedDict()
_inflight: dict[tuple, asyncio.Future] = {}       # event-loop thread only


def _keep(key: tuple, blob: bytes) -> None:
    _kept[key] = blob
    while sum(len(b) for b in _kept.values()) > KEPT_BYTES and len(_kept) > 1:
        _kept.popitem(last=False)


async def _build(datasette, table: str, columns: list[str]) -> bytes:
    db = datasette.get_database(DATABASE)
    select = ", ".join(f"[{c}]" for c in columns)

    def read(conn):
        return conn.execute(f"select {select} from [{table}] order by rowid").fetchall()

    rows = await db.execute_fn(read)
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_executor, xlsx_bytes, columns, rows, table)


async def table_xlsx(datasette, request):
    table = request.url_vars["table"]
    tables = (datasette.metadata(database=DATABASE) or {}).get("tables") or {}
    if table not in tables:
        return not_found(table, "xlsx")
    columns = list(tables[table].get("columns") or {})
    st = os.stat(datasette.get_database(DATABASE).path)
    key = (st.st_ino, st.st_mtime_ns, st.st_size, table)
    blob = _kept.get(key)
    if blob is None:
        future = _inflight.get(key)
        if future is None:
            future = asyncio.ensure_future(_build(datasette, table, columns))
            _inflight[key] = future
            future.add_done_callback(lambda _f: _inflight.pop(key, None))
        blob = await asyncio.shield(future)
        _keep(key, blob)
    headers = {"Content-Disposition": f'attachment; filename="{table}.xlsx"', "Access-Control-Allow-Origin": "*",
               "Cache-Control": "public, max-age=300"}
    return Response(blob, content_type=XLSX_TYPE, headers=headers)
