"""Whole tables as CSV that a spreadsheet opens right: `/-/csv/<table>.csv`.

Datasette's own `.csv` export has no byte-order mark, so Excel reads its UTF-8 as a
legacy code page and Vietnamese turns to mojibake. This route streams the package's
columns (not the database's helper columns), UTF-8 with BOM, CRLF, formula cells
neutralised, in chunks of rows so a large table never sits in memory.
"""

from __future__ import annotations

import csv
import io

from datasette.utils.asgi import AsgiStream, Response

from ..export import safe_cell

DATABASE = "opendata"
CHUNK_ROWS = 2000


def not_found(table: str, ext: str) -> Response:
    """A 404 that says which tables there are, Vietnamese first."""
    return Response.text(f"Không có bảng '{table}'. Các bảng tải về được: /-/{ext}/<tên bảng>.{ext}, "
                         f"danh sách ở trang chủ.\nNo such table '{table}'. Downloadable tables: "
                         f"/-/{ext}/<table>.{ext}, listed on the home page.\n", status=404,
                         headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "no-store"})


def _csv_lines(rows) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        w.writerow([safe_cell(v) if isinstance(v, str) else ("" if v is None else v) for v in row])
    return out.getvalue()


async def table_csv(datasette, request):
    table = request.url_vars["table"]
    tables = (datasette.metadata(database=DATABASE) or {}).get("tables") or {}
    if table not in tables:
        return not_found(table, "csv")
    columns = list(tables[table].get("columns") or {})
    db = datasette.get_database(DATABASE)
    select = ", ".join(f"[{c}]" for c in columns)

    async def stream(writer):
        await writer.write("\ufeff" + _csv_lines([columns]))
        last = -(2**63)
        while True:
            result = await db.execute(f"select rowid, {select} from [{table}] where rowid > ? order by rowid "
                                      f"limit {CHUNK_ROWS}", [last])
            rows = result.rows
            if not rows:
                return
            await writer.write(_csv_lines(tuple(r)[1:] for r in rows))
            last = rows[-1][0]

    headers = {"Content-Disposition": f'attachment; filename="{table}.csv"', "Access-Control-Allow-Origin": "*"}
    return AsgiStream(stream, headers=headers, content_type="text/csv; charset=utf-8")
