"""The search routes' parameters, checked: a bad one is a `BadParameter` (HTTP 400 with a
message in both languages), never a silent default or a filter that pretends to work."""

from __future__ import annotations

import re
from datetime import date

MAX_QUERY_CHARS = 1000        # the parser keeps 500; much longer is not a search
_DIGITS = re.compile(r"[0-9]{1,6}")          # ASCII only: str.isdigit() accepts '²', int() refuses it
_YEAR = re.compile(r"[0-9]{4}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_UNIT = re.compile(r"(?:pre2025-|2025-)?[0-9]{2,5}")
_AREA = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")


class BadParameter(ValueError):
    def __init__(self, name: str, message_vi: str, message_en: str):
        self.name, self.message_vi, self.message_en = name, message_vi, message_en
        super().__init__(f"{name}: {message_en}")


def one(request, name: str) -> str:
    """The parameter's value ('' when absent); given twice with different values is an error."""
    values = request.args.getlist(name)
    if len(set(values)) > 1:
        raise BadParameter(name, f"tham số '{name}' được cho nhiều giá trị khác nhau",
                           f"parameter '{name}' is given several different values")
    return values[0] if values else ""


def number(request, name: str, default: int, low: int, high: int) -> int:
    raw = one(request, name).strip()
    if not raw:
        return default
    if not _DIGITS.fullmatch(raw) or not low <= int(raw) <= high:
        raise BadParameter(name, f"'{name}' phải là số nguyên từ {low} đến {high}",
                           f"'{name}' must be a whole number from {low} to {high}")
    return int(raw)


def year(request, name: str = "year") -> int | None:
    raw = one(request, name).strip()
    if not raw:
        return None
    if not _YEAR.fullmatch(raw) or not 1900 <= int(raw) <= 2100:
        raise BadParameter(name, "năm phải có 4 chữ số, từ 1900 đến 2100",
                           "the year must be four digits, from 1900 to 2100")
    return int(raw)


def day(request, name: str) -> str | None:
    raw = one(request, name).strip()
    if not raw:
        return None
    try:
        if not _DAY.fullmatch(raw):
            raise ValueError
        date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(name, f"'{name}' phải là một ngày dạng YYYY-MM-DD (ví dụ 2024-04-08)",
                           f"'{name}' must be a date written YYYY-MM-DD (e.g. 2024-04-08)") from None
    return raw


def unit(request) -> str | None:
    raw = one(request, "unit").strip()
    if raw and not _UNIT.fullmatch(raw):
        raise BadParameter("unit", "'unit' phải là mã đơn vị hành chính (ví dụ 21358 hoặc pre2025-21358)",
                           "'unit' must be an administrative unit code (e.g. 21358 or pre2025-21358)")
    return raw or None


def area(request) -> str | None:
    raw = one(request, "area").strip()
    if raw and not _AREA.fullmatch(raw):
        raise BadParameter("area", "'area' phải là mã lĩnh vực cải cách (ví dụ tthc)",
                           "'area' must be a reform-area code (e.g. tthc)")
    return raw or None


def sort(request) -> str:
    raw = one(request, "sort").strip()
    if raw not in ("", "relevance", "newest"):
        raise BadParameter("sort", "'sort' chỉ nhận 'newest' hoặc 'relevance'",
                           "'sort' takes 'newest' or 'relevance'")
    return raw or "relevance"


def query_text(request) -> str:
    text = one(request, "q")
    if len(text) > MAX_QUERY_CHARS:
        raise BadParameter("q", f"câu tìm kiếm quá dài (tối đa {MAX_QUERY_CHARS} ký tự)",
                           f"the search is too long (at most {MAX_QUERY_CHARS} characters)")
    return text


def search_args(request) -> dict:
    """The arguments of Searcher.search() for this request; BadParameter for the first bad one."""
    from ..search import Filters

    date_from, date_to = day(request, "from"), day(request, "to")
    if date_from and date_to and date_from > date_to:
        raise BadParameter("to", "'to' phải sau hoặc bằng 'from'", "'to' must not be before 'from'")
    return {
        "text": query_text(request),
        "limit": number(request, "limit", 10, 1, 100),
        "page": number(request, "page", 1, 1, 10_000),
        "sort": sort(request),
        "filters": Filters(unit=unit(request), year=year(request), area=area(request),
                           date_from=date_from, date_to=date_to),
    }


KNOWN: dict[str, set[str]] = {}       # "unit": ids and codes of both eras, "area": reform-area codes


async def load_known(datasette, database: str = "opendata") -> None:
    """The units and reform areas a filter may name, once at startup (the database is
    immutable): checking them then costs no query, and no search waits for a SQL thread."""
    db = datasette.get_database(database)
    units = await db.execute("select id, code from units")
    areas = await db.execute("select code from reform_areas")
    KNOWN["unit"] = {r[0] for r in units.rows} | {r[1] for r in units.rows}
    KNOWN["area"] = {r[0] for r in areas.rows}


async def known_places(datasette, filters) -> None:
    """A unit or area filter of the right form that names nothing would show a chip and
    no results, as if it filtered: refuse it instead (the unit page finds units by name)."""
    if filters.unit and "unit" in KNOWN and filters.unit not in KNOWN["unit"]:
        raise BadParameter("unit", f"không có đơn vị hành chính mã '{filters.unit}' (tra cứu mã tại /-/don-vi)",
                           f"there is no administrative unit '{filters.unit}' (look codes up at /-/don-vi)")
    if filters.area and "area" in KNOWN and filters.area not in KNOWN["area"]:
        raise BadParameter("area", f"không có lĩnh vực cải cách mã '{filters.area}'",
                           f"there is no reform area '{filters.area}'")
