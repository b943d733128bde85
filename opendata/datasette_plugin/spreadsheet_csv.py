"""Datasette's own CSV (`/opendata/news.csv`, `/opendata.csv?sql=`, canned queries, rows)
made to open right in a spreadsheet, as our `/-/csv/` and `/-/search.csv` do.

Datasette 0.65 writes its CSV inside its view, with no hook on the cells, so this is an
ASGI layer (the plugin's `asgi_wrapper`) over its responses: a UTF-8 byte-order mark
first (without it Excel reads UTF-8 as a legacy code page and Vietnamese turns to
mojibake), and each record parsed back and written again with the cells that start with
`= + - @` (a formula to Excel) neutralised, numbers left alone. It works record by
record as Datasette streams, so a streamed table never sits in memory.

Two ways Datasette's CSV silently loses rows are closed here too:
- a table's CSV (the "CSV" link of a filtered table page asks `_size=max`) stops at one
  page of 1,000 rows: it streams every matching row (`_stream=on`) unless the request
  names `_stream` or a page (`_next`) itself;
- a query's CSV stops at `max_returned_rows` with no marker: when it did, a last row
  says so, in both languages.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from urllib.parse import parse_qsl, urlencode

from ..export import safe_cell
from . import guard

_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
# A cell that may start like a formula (or is a negative number); unquoted, a CR is the record's end
_RISKY = re.compile(r'(?:^|[,\n])(?:[-=+@\t]|"[-=+@\t\r])')
CSV_TYPES = (b"text/csv", b"text/plain")         # Datasette's CSV is text/plain without `_dl`


def kind(database: str, path: str) -> str | None:
    """'table', 'row' or 'query' for a Datasette CSV path of `database`, else None."""
    if not path.endswith(".csv"):
        return None
    parts = [p for p in path[: -len(".csv")].split("/") if p]
    if not parts or parts[0] != database:
        return None
    if len(parts) == 1:
        return "query"                                  # /opendata.csv?sql=…
    if len(parts) == 2:
        return "table" if parts[1] in guard.COLUMNS.get(database, {}) else "query"   # a canned query
    return "row"


def streamed_query(query_string: bytes) -> bytes:
    """A table CSV's query asking every row, unless it chose (`_stream`) or named a page (`_next`)."""
    names = {name for name, _ in parse_qsl(query_string.decode("utf-8", "replace"), keep_blank_values=True)}
    if names & {"_stream", "_next"}:
        return query_string
    return query_string + (b"&" if query_string else b"") + b"_stream=on"


def spreadsheet_cell(text: str) -> str:
    """A cell Excel would run as a formula, neutralised; a number (`-5`, `+84`) stays a number."""
    return text if _NUMBER.fullmatch(text) else safe_cell(text)


class Rewriter:
    """Complete CSV records out of a stream of byte chunks, written again spreadsheet-safe.
    A record ends at a newline outside quotes: where the count of `"` since the last
    record end is even (csv quotes a field holding `"`, a comma or a newline, and doubles
    its quotes), so a field with line breaks is never split."""

    def __init__(self, header: bool = True):
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.pending = ""
        self.records = 0                  # data records written (the header not counted)
        self.header_left = header
        self.columns = 0
        self.started = False

    def feed(self, chunk: bytes, final: bool = False) -> bytes:
        text = self.pending + self.decoder.decode(chunk, final)
        cut, quotes, start, ends = 0, 0, 0, 0
        while (newline := text.find("\n", start)) >= 0:
            quotes += text.count('"', start, newline)
            start = newline + 1
            if quotes % 2 == 0:
                cut, ends = start, ends + 1
        if final:
            ends += cut < len(text)
            cut = len(text)
        complete, self.pending = text[:cut], text[cut:]
        out = io.StringIO()
        if not self.started:
            out.write("\ufeff")
            self.started = True
        if _RISKY.search(complete) is None:
            # No cell starts like a formula (or a number): Datasette's records as they are
            # (the same csv dialect would write them byte for byte).
            if self.header_left and ends:
                self.header_left, ends = False, ends - 1
                self.columns = len(next(csv.reader(io.StringIO(complete, newline="")), []))
            self.records += ends
            out.write(complete)
            return out.getvalue().encode("utf-8")
        writer = csv.writer(out, lineterminator="\r\n")
        for record in csv.reader(io.StringIO(complete, newline="")):
            if self.header_left:
                self.header_left = False
                self.columns = len(record)
            else:
                self.records += 1
            writer.writerow([spreadsheet_cell(cell) for cell in record])
        return out.getvalue().encode("utf-8")

    def marker(self, limit: int) -> bytes:
        """The last row of a truncated query's CSV: what is missing and where the rest is."""
        vi_limit = f"{limit:,}".replace(",", ".")
        note = (f"… Kết quả bị cắt: chỉ có {vi_limit} dòng đầu (giới hạn của một truy vấn); cả bảng ở "
                f"/-/csv/<bảng>.csv · Truncated: only the first {limit:,} rows (the limit of a query); "
                "whole tables at /-/csv/<table>.csv")
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerow([note] + [""] * max(self.columns - 1, 0))
        return out.getvalue().encode("utf-8")


async def query_json(datasette, path: str, query_string: bytes) -> dict:
    """Datasette's JSON of the same query: whether it cut the rows, or the SQL error."""
    pairs = [(k, v) for k, v in parse_qsl(query_string.decode("utf-8", "replace"), keep_blank_values=True)
             if k not in ("_dl", "_header", "_shape")]
    response = await datasette.client.get(path[: -len(".csv")] + ".json?" + urlencode(pairs))
    try:
        return response.json()
    except ValueError:
        return {}


def sql_error(message: str) -> bytes:
    return (f"Truy vấn SQL lỗi / SQL error: {message}\n").encode("utf-8")


async def serve(datasette, app, scope, receive, send, csv_kind: str):
    """Run Datasette's CSV view with its body rewritten record by record (see the module).
    A query's response head waits for its header row: Datasette answers a failing query
    with a 200 of an empty line, which becomes a 400 that names the error."""
    if csv_kind == "table":
        scope = {**scope, "query_string": streamed_query(scope.get("query_string", b""))}
    query_string = scope.get("query_string", b"")
    header = b"_header=off" not in query_string
    rewriter, held, waiting = None, None, b""

    async def rewritten(message):
        nonlocal rewriter, held, waiting
        if message["type"] == "http.response.start":
            headers = list(message.get("headers") or [])
            content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
            if message.get("status") == 200 and content_type.startswith(CSV_TYPES):
                rewriter = Rewriter(header)
                message = {**message, "headers": [(k, v) for k, v in headers if k.lower() != b"content-length"]}
                if csv_kind == "query" and header:
                    held = message
                    return None
            return await send(message)
        if message["type"] != "http.response.body" or rewriter is None:
            return await send(message)
        more = message.get("more_body", False)
        chunk = message.get("body", b"")
        if held is not None:
            waiting += chunk
            if not waiting.strip() and more:
                return None
            error = None
            if not waiting.strip() and scope["method"] == "GET":    # no columns: did the query fail?
                error = (await query_json(datasette, scope["path"], query_string)).get("error")
            if error:
                await send({"type": "http.response.start", "status": 400,
                            "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                        (b"cache-control", b"no-store"), (b"access-control-allow-origin", b"*")]})
                return await send({"type": "http.response.body", "body": sql_error(str(error)[:500])})
            await send(held)
            held, chunk = None, waiting
        body = rewriter.feed(chunk, final=not more)
        if not more and csv_kind == "query" and scope["method"] == "GET":
            limit = datasette.setting("max_returned_rows")
            if rewriter.records >= limit and (await query_json(datasette, scope["path"], query_string)).get("truncated"):
                body += rewriter.marker(limit)
        await send({**message, "body": body})

    await app(scope, receive, rewritten)
