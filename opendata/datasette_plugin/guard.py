"""Requests checked before Datasette sees them, and errors that stay short.

Datasette 0.65 turns many bad parameters into a 500 with a traceback in the log
(`_timelimit=abc`, `_through=[`, `_sort=<no such column>`, `year=²`, an integer over
64 bits, percent-encoding that is not UTF-8). The public site answers those 400 with
a message in both languages, names the parameter, and logs one short line.

Also here: OPTIONS answered without a body, and the visitor's `Host` replaced by the
configured public address, so that absolute URLs Datasette builds (`next_url`, the
`Link` header) can never be poisoned by a visitor.
"""

from __future__ import annotations

import json
import re
import sys
import urllib.parse

from datasette.utils.asgi import Request, Response

from . import i18n

COLUMNS: dict[str, dict[str, set[str]]] = {}      # database -> table or view -> columns
SEARCHABLE: dict[str, set[str]] = {}               # database -> tables with full-text search
SHAPES = {"objects", "arrays", "array", "object", "arrayfirst"}
INT64 = 2**63 - 1
LOG_CHARS = 300
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FILTER = re.compile(r"^(?P<column>.+?)__(?P<op>[a-z]+)$")
FORMATS = (".json", ".csv", ".db")


class Refused(Exception):
    """A request answered before Datasette: its status, the parameter at fault (may be
    empty), the reason in both languages, and for a refusal under load the seconds after
    which to retry (sent as Retry-After)."""

    def __init__(self, status: int, name: str, vi: str, en: str, retry_after: int | None = None):
        self.status, self.name, self.vi, self.en, self.retry_after = status, name, vi, en, retry_after
        super().__init__(f"{name}: {en}")


async def load_columns(datasette) -> None:
    """Every table's and view's columns, once at startup (the databases are immutable)."""
    for name, db in datasette.databases.items():
        tables = await db.table_names() + await db.view_names()
        COLUMNS[name] = {t: set(await db.table_columns(t)) for t in tables}
        SEARCHABLE[name] = {t for t in tables if (datasette.table_metadata(name, t) or {}).get("fts_table")
                            or await db.fts_table(t)}


def _pairs(query_string: bytes) -> list[tuple[str, str]]:
    try:
        pairs = urllib.parse.parse_qsl(query_string.decode("utf-8"), keep_blank_values=True, encoding="utf-8",
                                       errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise Refused(400, "", "địa chỉ có ký tự không hợp lệ (không phải UTF-8)",
                      "the address holds characters that are not valid UTF-8 percent-encoding") from None
    return pairs


def _no_controls(pairs: list[tuple[str, str]]) -> None:
    """Datasette turns parameter names into SQL identifiers and values into filters:
    no control characters there (our own routes clean their text themselves)."""
    for name, value in pairs:
        if _CONTROL.search(name) or (_CONTROL.search(value) and name != "sql"):
            raise Refused(400, name, "tham số chứa ký tự điều khiển", "a parameter holds a control character")


def _split(path: str) -> tuple[str | None, str | None]:
    """(database, table) a Datasette path names, each without its format extension."""
    parts = [p for p in path.split("/") if p]
    if not parts or parts[0].startswith("-"):
        return None, None

    def bare(part: str) -> str:
        for ext in FORMATS:
            if part.endswith(ext):
                return part[: -len(ext)]
        return part

    db = bare(parts[0])
    if db not in COLUMNS:
        return None, None
    return db, (bare(parts[1]) if len(parts) > 1 else None)


def _whole(name: str, value: str, low: int, high: int) -> None:
    if not re.fullmatch(r"[0-9]{1,9}", value) or not low <= int(value) <= high:
        raise Refused(400, name, f"'{name}' phải là số nguyên từ {low} đến {high}",
                      f"'{name}' must be a whole number from {low} to {high}")


def _column(name: str, value: str, columns: set[str] | None) -> None:
    if columns is not None and value not in columns:
        raise Refused(400, name, f"'{name}': bảng không có cột '{value[:60]}'",
                      f"'{name}': the table has no column '{value[:60]}'")


def check(path: str, query_string: bytes) -> None:
    """Refused for a request Datasette would answer with a 500; None when it may go on."""
    pairs = _pairs(query_string)
    db, table = _split(path)
    if db is None:
        return
    _no_controls(pairs)
    columns = COLUMNS[db].get(table) if table else None
    seen_sort = [n for n, _ in pairs if n in ("_sort", "_sort_desc")]
    if len(seen_sort) > 1:
        raise Refused(400, seen_sort[1], "chỉ sắp xếp theo một cột", "sort by one column only")
    for name, value in pairs:
        if name == "_timelimit":
            _whole(name, value, 1, 60_000)
        elif name == "_ttl":
            _whole(name, value, 0, 31_536_000)
        elif name in ("_size", "_facet_size"):
            if value != "max":
                _whole(name, value, 0, 1000)
        elif name == "_shape":
            if value not in SHAPES:
                raise Refused(400, name, f"'_shape' nhận: {', '.join(sorted(SHAPES))}",
                              f"'_shape' takes: {', '.join(sorted(SHAPES))}")
        elif name == "_through":
            _through(value, COLUMNS[db])
        elif name in ("_sort", "_sort_desc"):
            _column(name, value, columns | {"rowid"} if columns is not None else None)
        elif name.startswith("_facet"):
            _column(name, value, columns)
        elif name.startswith("_search"):
            _searchable(name, db, table)
        elif name == "sql":
            continue
        elif not name.startswith("_"):
            _value(name, value)


def _searchable(name: str, db: str, table: str | None) -> None:
    """Datasette ignores `_search` on a table without full-text search and shows every row
    as if it had searched: say so instead."""
    if table in COLUMNS[db] and table not in SEARCHABLE.get(db, set()):
        raise Refused(400, name, f"bảng '{table}' không hỗ trợ tìm kiếm toàn văn ('{name}'); hãy lọc theo cột",
                      f"the table '{table}' has no full-text search ('{name}'); filter by a column instead")


def _through(value: str, tables: dict[str, set[str]]) -> None:
    try:
        spec = json.loads(value)
        ok = (isinstance(spec, dict) and isinstance(spec.get("table"), str) and isinstance(spec.get("column"), str)
              and spec["table"] in tables and spec["column"] in tables[spec["table"]] and "value" in spec)
    except ValueError:
        ok = False
    if not ok:
        raise Refused(400, "_through", "'_through' phải là JSON {\"table\", \"column\", \"value\"} của một bảng có thật",
                      "'_through' must be JSON {\"table\", \"column\", \"value\"} naming a real table and column")


def _value(name: str, value: str) -> None:
    """Filter values Datasette converts with int() (digits it cannot convert, integers
    SQLite cannot hold) or, for `__in`/`__notin` starting with '[', with json.loads()."""
    if name.endswith(("__in", "__notin")) and value.startswith("["):
        try:
            ok = isinstance(json.loads(value), list)
        except ValueError:
            ok = False
        if not ok:
            raise Refused(400, name, f"'{name}': danh sách JSON không hợp lệ (ví dụ [\"a\",\"b\"]) hoặc a,b",
                          f"'{name}': not a valid JSON list (e.g. [\"a\",\"b\"]) nor a,b")
    for item in value.split(","):
        item = item.strip()
        if item.isdigit() and (not item.isascii() or int(item) > INT64):
            raise Refused(400, name, f"'{name}': số '{item[:40]}' không hợp lệ hoặc quá lớn",
                          f"'{name}': the number '{item[:40]}' is not valid or too large")


async def refusal(datasette, exc: Refused, scope: dict, receive) -> Response:
    """The refusal as the path's format asks: JSON, CSV (text) or the site's own page
    (header, navigation, language switch; Vietnamese first, English on `?lang=en` or the
    cookie), with the same status and Retry-After either way."""
    headers = {"Cache-Control": "no-store", "Access-Control-Allow-Origin": "*"}
    if exc.retry_after is not None:
        headers["Retry-After"] = str(exc.retry_after)
    path = scope["path"]
    if path.endswith(".json"):
        return Response.json({"ok": False, "error": exc.en, "error_vi": exc.vi, "parameter": exc.name,
                              "status": exc.status}, status=exc.status, headers=headers)
    if path.endswith(".csv"):
        return Response.text(f"{exc.vi}\n{exc.en}\n", status=exc.status, headers=headers)
    # The door runs outside Datasette's CSRF layer, whose token base.html reads
    request = Request({**scope, "csrftoken": lambda: ""}, receive)
    lang = i18n.choose(request)[0]
    words = i18n.WORDS[lang]
    context = {"lang": lang, "t": words, "status": exc.status,
               "od_db": (datasette.plugin_config("opendata") or {}).get("database") or "opendata", "parameter": exc.name,
               "title": words["busy_title" if exc.status == 503 else "refused_title"],
               "message": exc.vi if lang == "vi" else exc.en,
               "other_message": exc.en if lang == "vi" else exc.vi, "other_lang": "en" if lang == "vi" else "vi",
               "retry_text": words["retry_after"].format(n=exc.retry_after) if exc.retry_after is not None else ""}
    page = await datasette.render_template(["opendata_refused.html"], context, request=request, view_name="page")
    return Response.html(page, status=exc.status, headers=headers)


def log_line(status: int, method: str, path: str, exception: BaseException) -> None:
    """One short line per error: no traceback, no visitor data beyond LOG_CHARS."""
    text = f"{status} {method} {path} {type(exception).__name__}: {exception}"
    sys.stderr.write(text.replace("\n", " ")[:LOG_CHARS] + "\n")


class ShortLines:
    """sys.stderr for a serving process: every line cut to a few hundred characters
    (Datasette writes each failed statement with its parameters on one line)."""

    def __init__(self, stream, limit: int = LOG_CHARS):
        self.stream, self.limit = stream, limit

    def write(self, text: str) -> int:
        lines = text.split("\n")
        out = "\n".join(line if len(line) <= self.limit else line[: self.limit] + " …[cut]" for line in lines)
        self.stream.write(out)
        return len(text)

    def __getattr__(self, name):
        return getattr(self.stream, name)
