"""`/-/don-vi`: find an administrative unit of either era by name or code, with or without
diacritics, and see what it became on 1 July 2025 (whole or part) or what it was formed
from, its province then and now, and its news. `/-/don-vi.json` is the same as JSON.

The units and their changes are read once per database file (it is immutable) into a
small inverted index of folded name syllables (`vntext.fold`), each unit also findable
by the names of its district and province ("long mon minh long"). Ranking: the name as
typed, diacritics included (`vntext.comparable`); then the folded name exactly; then
the words as a phrase in the name; then all words in the name; then words spread over
the name and its district/province; the last word may be a prefix (typing "long mo").
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from urllib.parse import urlencode

from datasette.utils.asgi import Response

from ..units import ERA_NEW, ERA_OLD
from ..vntext import collapse_spaces, comparable, fold, sort_key, syllables
from . import i18n
from .api import HEADERS, bad_request
from .params import BadParameter, one

PATH = "/-/don-vi"
MAX_QUERY_CHARS = 200
SHOWN = 30                     # units shown for one query, at most
NEWS_SHOWN = 5                 # latest articles listed per unit
LEVELS = ("province", "district", "commune")
EXAMPLES = ("long mon", "Minh Long", "quang ngai", "21358")
_CODE = re.compile(r"[0-9]{2,5}")
_ID = re.compile(r"(?:pre2025|2025)-[0-9]{2,5}")


class Index:
    """The units of both eras, their changes, and folded-syllable postings."""

    def __init__(self, units: list[dict], changes: list[dict]):
        self.units = units
        self.by_id = {u["id"]: u for u in units}
        self.by_code: dict[str, list[dict]] = {}
        self.postings: dict[str, set[int]] = {}
        self.became: dict[str, list[dict]] = {}
        self.formed_from: dict[str, list[dict]] = {}
        self.children: dict[str, list[dict]] = {}
        for i, u in enumerate(units):
            u["_name"] = syllables(fold(u["name"]))
            u["_short"] = syllables(fold(u["short_name"] or ""))
            u["_exact"] = {comparable(u["name"]), comparable(u["short_name"] or u["name"])}
            u["_sort"] = sort_key(u["name"])
            self.by_code.setdefault(u["code"], []).append(u)
            if u["parent_id"]:
                self.children.setdefault(u["parent_id"], []).append(u)
        for i, u in enumerate(units):
            context = [t for a in self.ancestors(u) for t in syllables(fold(a["name"]))]
            u["_context"] = set(context)
            for token in set(u["_name"]) | u["_context"]:
                self.postings.setdefault(token, set()).add(i)
        for c in changes:
            self.became.setdefault(c["old_unit_id"], []).append(c)
            self.formed_from.setdefault(c["new_unit_id"], []).append(c)
        self.vocabulary = sorted(self.postings)

    def ancestors(self, unit: dict) -> list[dict]:
        chain, seen = [], {unit["id"]}
        while unit.get("parent_id") and unit["parent_id"] in self.by_id and unit["parent_id"] not in seen:
            unit = self.by_id[unit["parent_id"]]
            seen.add(unit["id"])
            chain.append(unit)
        return chain

    def find(self, text: str) -> list[dict]:
        """The units the text names, best first (all of them: the caller shows the top)."""
        text = collapse_spaces(text)
        if _ID.fullmatch(text):
            return [self.by_id[text]] if text in self.by_id else []
        if _CODE.fullmatch(text):
            return self._ordered([(0, u) for u in self.by_code.get(text, [])])
        words = syllables(fold(text))
        if not words:
            return []
        *full, last = words
        candidates = None
        for word in full:
            found = self.postings.get(word, set())
            candidates = found if candidates is None else candidates & found
        exact_last = self.postings.get(last, set())
        prefixed = set()
        for token in self._prefixed(last):
            prefixed |= self.postings[token]
        last_set = exact_last | prefixed
        candidates = last_set if candidates is None else candidates & last_set
        typed = comparable(text)
        ranked = []
        for i in candidates:
            u = self.units[i]
            rank = self._rank(u, words, typed)
            if rank is not None:
                ranked.append((rank, u))
        return self._ordered(ranked)

    def _prefixed(self, word: str) -> list[str]:
        import bisect

        start = bisect.bisect_left(self.vocabulary, word)
        out = []
        for token in self.vocabulary[start:start + 200]:
            if not token.startswith(word):
                break
            out.append(token)
        return out

    @staticmethod
    def _rank(u: dict, words: list[str], typed: str) -> float | None:
        name, context = u["_name"], u["_context"]
        if typed in u["_exact"]:
            return 0
        if words in (name, u["_short"]):
            return 1
        n = len(words)
        if any(name[k:k + n] == words for k in range(len(name) - n + 1)):
            return 2
        if all(w in name for w in words):
            return 3
        *full, last = words
        prefix = any(t.startswith(last) for t in name)
        if prefix and all(w in name for w in full):
            return 3.5
        if all(w in name or w in context for w in words) and any(w in name for w in words):
            return 4
        if prefix and all(w in name or w in context for w in full):
            return 5
        return None

    @staticmethod
    def _ordered(ranked: list[tuple[int, dict]]) -> list[dict]:
        ranked.sort(key=lambda p: (p[0], LEVELS.index(p[1]["level"]) if p[1]["level"] in LEVELS else 9,
                                   p[1]["era"] != ERA_NEW, p[1]["_sort"], p[1]["id"]))
        return [u for _, u in ranked]


_indexes: dict = {}


async def _index(datasette) -> Index:
    from .site import DATABASE

    db = datasette.get_database(DATABASE)
    st = os.stat(db.path)
    key = (db.path, st.st_mtime_ns, st.st_size)
    if key not in _indexes:
        columns = "id, era, code, level, type, name, short_name, parent_id, province_id, valid_from, valid_to"
        units = [dict(r) for r in (await db.execute(f"select {columns} from units")).rows]
        changes = [dict(r) for r in (await db.execute(
            'select old_unit_id, new_unit_id, kind, "primary", effective_date, basis from unit_changes')).rows]
        index = await asyncio.get_running_loop().run_in_executor(None, Index, units, changes)
        _indexes.clear()
        _indexes[key] = index
    return _indexes[key]


def _args(request) -> str:
    text = one(request, "q")
    if len(text) > MAX_QUERY_CHARS:
        raise BadParameter("q", f"'q': tên cần tìm quá dài (tối đa {MAX_QUERY_CHARS} ký tự)",
                           f"'q': the name is too long (at most {MAX_QUERY_CHARS} characters)")
    text = re.sub(r"[\t\r\n]", " ", text)
    if any(ord(c) < 32 or ord(c) == 127 or 0xD800 <= ord(c) < 0xE000 for c in text):
        raise BadParameter("q", "'q': tên cần tìm chứa ký tự điều khiển hoặc không hợp lệ",
                           "'q': the name holds a control character or one that is not valid")
    return text


def _brief(index: Index, uid: str | None, t: dict) -> dict | None:
    """A unit as a link: id, name, era and where it is."""
    u = index.by_id.get(uid or "")
    if u is None:
        return None
    province = index.by_id.get(u["province_id"] or "")
    district = index.by_id.get(u["parent_id"] or "")
    return {"id": u["id"], "code": u["code"], "name": u["name"], "era": u["era"],
            "era_label": t[f"era_{u['era']}"], "href": PATH + "?" + urlencode({"q": u["id"]}),
            "district": district["name"] if district and district["level"] == "district" else None,
            "province": province["name"] if province else None}


def _change(index: Index, c: dict, other: str, t: dict) -> dict:
    return {**(_brief(index, c[other], t) or {"id": c[other], "name": c[other]}), "kind": c["kind"],
            "kind_label": t["whole"] if c["kind"] == "full" else t["part"], "primary": bool(c["primary"]),
            "effective_date": c["effective_date"], "basis": c["basis"]}


def describe(index: Index, u: dict, t: dict) -> dict:
    """What the page and the JSON say of one unit."""
    out = _brief(index, u["id"], t)
    out.update({"level": u["level"], "level_label": t.get(f"level_{u['level']}", u["level"]), "type": u["type"],
                "short_name": u["short_name"], "valid_from": u["valid_from"], "valid_to": u["valid_to"]})
    became = [_change(index, c, "new_unit_id", t) for c in index.became.get(u["id"], [])]
    formed = [_change(index, c, "old_unit_id", t) for c in index.formed_from.get(u["id"], [])]
    key = lambda c: (not c["primary"], sort_key(c["name"]))      # noqa: E731
    out["became"] = sorted(became, key=key)
    out["formed_from"] = sorted(formed, key=key)
    # A district ended on 30 June 2025 with no successor of its own: where its communes went.
    out["communes_became"] = []
    if u["era"] == ERA_OLD and u["level"] == "district" and not became:
        seen = {}
        for child in index.children.get(u["id"], []):
            for c in index.became.get(child["id"], []):
                seen.setdefault(c["new_unit_id"], _change(index, c, "new_unit_id", t))
        out["communes_became"] = sorted(seen.values(), key=lambda c: sort_key(c["name"]))
    now = {c["province"] for c in out["became"] + out["communes_became"] if c.get("province")}
    out["provinces_now"] = sorted(now, key=sort_key) if u["era"] == ERA_OLD else [out["province"] or u["name"]]
    return out


async def _news(datasette, ids: list[str]) -> tuple[dict, dict]:
    from .site import DATABASE, show_date

    if not ids:
        return {}, {}
    marks = ", ".join("?" for _ in ids)
    db = datasette.get_database(DATABASE)
    counts = {r["unit_id"]: r["n"] for r in (await db.execute(
        f"select unit_id, count(*) as n from news where unit_id in ({marks}) group by unit_id", ids)).rows}
    latest: dict[str, list[dict]] = {}
    rows = (await db.execute(f"""
        select id, title, published_at, unit_id from (
          select id, title, published_at, unit_id,
                 row_number() over (partition by unit_id order by published_at desc, id) as n
          from news where unit_id in ({marks})) where n <= {NEWS_SHOWN}
        order by unit_id, published_at desc, id""", ids)).rows
    for r in rows:
        latest.setdefault(r["unit_id"], []).append({"id": r["id"], "title": r["title"],
                                                    "date": show_date(r["published_at"]),
                                                    "href": f"/-/article/{r['id']}"})
    return counts, latest


async def lookup(datasette, request, lang: str) -> dict:
    """The answer for this request (BadParameter for a bad one)."""
    t = i18n.WORDS[lang]
    text = _args(request)
    out = {"query": text, "total": 0, "shown": 0, "units": []}
    if not text.strip():
        return out
    index = await _index(datasette)
    found = index.find(text)
    shown = [describe(index, u, t) for u in found[:SHOWN]]
    counts, latest = await _news(datasette, [u["id"] for u in shown])
    for u in shown:
        u["news_count"] = counts.get(u["id"], 0)
        u["news"] = latest.get(u["id"], [])
        u["news_table_href"] = "/opendata/news?" + urlencode({"unit_id": u["id"]})
        u["news_search_href"] = "/-/search?" + urlencode({"q": u["short_name"] or u["name"], "unit": u["id"]})
    out.update({"total": len(found), "shown": len(shown), "units": _prefixed(datasette, shown)})
    return out


def _prefixed(datasette, value):
    """Every site-relative link (`*href`) under `value` with Datasette's base_url in front."""
    if isinstance(value, list):
        return [_prefixed(datasette, v) for v in value]
    if isinstance(value, dict):
        return {k: datasette.urls.path(v) if k.endswith("href") and isinstance(v, str) and v.startswith("/")
                else _prefixed(datasette, v) for k, v in value.items()}
    return value


async def units_page(datasette, request):
    from .site import _render, number

    lang, _ = i18n.choose(request)
    t = i18n.WORDS[lang]
    shown_q = re.sub(r"[\x00-\x1f\x7f\ud800-\udfff]", " ", request.args.get("q", "")[:MAX_QUERY_CHARS])
    context = {"q": shown_q, "examples": EXAMPLES, "out": None,
               "path": datasette.urls.path(PATH)}
    try:
        out = await lookup(datasette, request, lang)
    except BadParameter as exc:
        context["error"] = exc.message_vi if lang == "vi" else exc.message_en
        return await _render(datasette, request, "opendata_units.html", context, status=400)
    context.update({"q": out["query"], "out": out if out["query"].strip() else None,
                    "found_text": t["units_found"].format(n=number(out["total"], lang)),
                    "more_text": t["units_more"].format(shown=out["shown"]) if out["total"] > out["shown"] else "",
                    "json_href": datasette.urls.path(PATH + ".json?" + urlencode({"q": out["query"]}))})
    return await _render(datasette, request, "opendata_units.html", context)


async def units_json(datasette, request):
    lang, _ = i18n.choose(request)
    try:
        out = await lookup(datasette, request, lang)
    except BadParameter as exc:
        return bad_request(exc, as_json=True)
    return Response(json.dumps(out, ensure_ascii=False), content_type="application/json; charset=utf-8",
                    headers=HEADERS)
