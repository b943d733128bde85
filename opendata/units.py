"""Administrative units of both eras, and finding the unit a page speaks of on a given day."""

from __future__ import annotations

from datetime import date, datetime

from .vntext import comparable

ERA_OLD = "pre2025"   # 63 provinces, districts, communes, until 30 June 2025
ERA_NEW = "2025"      # 34 provinces and 3,321 communes, from 1 July 2025
OLD_ERA_END = "2025-06-30"
NEW_ERA_START = "2025-07-01"


def unit_id(era: str, code: str) -> str:
    """Key that tells apart the two units a code names across eras: 'pre2025-21361'."""
    return f"{era}-{code}"


def era_on(day: date | datetime | str) -> str:
    """The era in force on a day (a date, a datetime with its own offset, or ISO text)."""
    if isinstance(day, datetime):
        day = day.date()
    text = day.isoformat() if isinstance(day, date) else str(day)[:10]
    return ERA_NEW if text >= NEW_ERA_START else ERA_OLD


def valid_on(unit: dict, day: str) -> bool:
    """True when the unit existed on the ISO date ``day``."""
    return (not unit.get("valid_from") or unit["valid_from"] <= day) and (
        not unit.get("valid_to") or day <= unit["valid_to"])


class Units:
    """In-memory lookup over the rows of units.csv."""

    def __init__(self, rows: list[dict]):
        self.by_id = {r["id"]: r for r in rows}
        self._by_name: dict[tuple[str, str], list[dict]] = {}
        for r in rows:
            self._by_name.setdefault((r["era"], comparable(r["name"])), []).append(r)

    def get(self, uid: str) -> dict | None:
        return self.by_id.get(uid)

    def at(self, code: str, day: str) -> dict | None:
        """The unit with this code on that day (ISO date)."""
        return self.by_id.get(unit_id(era_on(day), code))

    def named(self, name: str, day: str) -> list[dict]:
        """Units of that full name ('Xã Long Môn') that existed on the ISO date ``day``."""
        return [u for u in self._by_name.get((era_on(day), comparable(name)), []) if valid_on(u, day)]

    def ancestors(self, unit: dict) -> list[dict]:
        chain = []
        while unit.get("parent_id"):
            unit = self.by_id[unit["parent_id"]]
            chain.append(unit)
        return chain

    def from_breadcrumb(self, names: list[str], day: str) -> list[dict]:
        """Units named by a banner like ['Xã Long Môn', 'Huyện Minh Long', 'Tỉnh Quảng Ngãi'].

        The first name is the unit; the others must be among its ancestors. Names
        are compared without case and tone-placement differences. Returns every
        match (more than one means the banner is ambiguous).
        """
        era = era_on(day)
        head, *rest = [comparable(n) for n in names]
        found = []
        for cand in self._by_name.get((era, head), []):
            above = {comparable(a["name"]) for a in self.ancestors(cand)}
            if all(n in above for n in rest):
                found.append(cand)
        return found

    def from_domain(self, host: str, day: str) -> list[dict]:
        """Units a portal's host name names on that day: 'longmon.quangngai.gov.vn' is the
        commune Long Môn in the province Quảng Ngãi. Only sub-province units: a province's
        own domain also hosts its communes' sub-sites, so it names none of them."""
        from .vntext import fold

        labels = [x for x in host.lower().split(".") if x and x not in ("www", "gov", "vn", "org", "com", "net", "edu")]
        if len(labels) < 2:
            return []
        era = era_on(day)
        if not hasattr(self, "_by_key"):
            self._by_key: dict[tuple[str, str], list[dict]] = {}
            for r in self.by_id.values():
                key = "".join(c for c in fold(r.get("short_name") or r["name"]) if c.isalnum())
                self._by_key.setdefault((r["era"], key), []).append(r)

        def key(u: dict) -> str:
            return "".join(c for c in fold(u.get("short_name") or u["name"]) if c.isalnum())

        found = []
        for cand in self._by_key.get((era, labels[0]), []):
            if cand.get("level") == "province" or not valid_on(cand, day):
                continue
            above = {key(a) for a in self.ancestors(cand)}
            if all(x in above for x in labels[1:]):
                found.append(cand)
        return found
