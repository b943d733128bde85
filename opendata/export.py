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
