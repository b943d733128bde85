"""CSV for people who open it in a spreadsheet."""

from __future__ import annotations

import csv
import html
import io
import re

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TAG = re.compile(r"<[^>]+>")


def safe_cell(value) -> str:
    """Neutralise a cell a spreadsheet would run as a formula: '=1+1' -> "'=1+1"."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def plain(html_text: str) -> str:
    """Text of a highlighted snippet, without tags."""
    return html.unescape(_TAG.sub("", html_text or ""))


def search_csv(results: list[dict], bom: bool = False) -> str:
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    w = csv.writer(out, lineterminator="\r\n")
    fields = ["id", "title", "url", "published_at", "unit_code", "unit_name", "score", "snippet"]
    w.writerow(fields)
    for r in results:
        w.writerow([safe_cell(plain(r.get(f, "")) if f == "snippet" else r.get(f, "")) for f in fields])
    return out.getvalue()


# --- XLSX ------------------------------------------------------------------------

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_CELL_CHARS = 32_767          # Excel's limit for one cell; longer text is cut with a mark
_CUT = " […]"
_EXACT_INT = 2**53                # larger integers lose digits as spreadsheet numbers: text


def xlsx_bytes(columns: list[str], rows, sheet: str = "data") -> bytes:
    """A workbook of one sheet: a bold, frozen header row, then the rows. Text is always
    written as text (a string cell), never parsed: "01" stays "01", "=HYPERLINK(…)" is a
    string and not a formula, Vietnamese is kept as it is (XLSX is UTF-8 XML)."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_numbers": False, "strings_to_urls": False})
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True})
    for c, name in enumerate(columns):
        ws.write_string(0, c, str(name), bold)
    ws.freeze_panes(1, 0)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                ws.write_boolean(r, c, value)
            elif isinstance(value, (int, float)) and not (isinstance(value, int) and abs(value) >= _EXACT_INT):
                ws.write_number(r, c, value)
            else:
                text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
                if len(text) > XLSX_CELL_CHARS:
                    text = text[: XLSX_CELL_CHARS - len(_CUT)] + _CUT
                ws.write_string(r, c, text)
    book.close()
    return out.getvalue()


SEARCH_FIELDS = ["id", "title", "url", "published_at", "unit_code", "unit_name", "score", "snippet"]


def search_xlsx(results: list[dict]) -> bytes:
    rows = ([plain(r.get(f, "")) if f == "snippet" else r.get(f, "") for f in SEARCH_FIELDS] for r in results)
    return xlsx_bytes(SEARCH_FIELDS, rows, sheet="tim-kiem")
