"""`/-/suggest.json?q=`: completions for a search box that asks on each keystroke.

What the reader has typed so far, the last word cut short (`cai cach hanh ch`), Telex or
VNI keys left in (`hooij ngh`), with or without diacritics, is completed into:

- phrases: how the news titles continue those words, the commonest first
  ("cải cách hành chính"), with how many titles say it;
- titles: articles whose title holds them, at its start first, then the newest;
- units of either era: from three letters on, the units page's index
  (`units_page.Index`); for one or two letters of one word (`ba`, looking for Ba Tơ),
  which name thousands of units and cost that index 20-50 ms, a table of the best few
  units for every one- and two-letter prefix (`UnitPrefixes`), built once per loaded
  package. A unit says which era it belongs to and, before 1/7/2025, what it became
  ("nay là Xã Minh Long").

Titles come from the `opendata` database (immutable while served), read once per file
into two strings of the same length: the titles' syllables as written (lower case, one
tone placement) and the same folded character for character, so a match found in the
folded string is shown from the other. The work runs on the search threads, never on
the event loop, and takes no lock (two requests that race build the titles twice).
"""

from __future__ import annotations

import asyncio
import bisect
import heapq
import json
import os
import re
from collections import Counter, OrderedDict
from urllib.parse import urlencode

from datasette.utils.asgi import Response

from .. import vntext
from ..search.query import clean
from ..search.spelling import vocabulary
from . import api, i18n, units_page
from .params import BadParameter, one

MAX_QUERY_CHARS = 200          # a search box's text; longer is not a prefix being typed
PHRASES, TITLES, UNITS = 5, 5, 4
SCANNED = 400                  # title matches read to count phrases, at most
CACHED = int(os.environ.get("OPENDATA_CACHED_SUGGESTIONS", "2048"))   # answers kept (prefixes repeat); 0: none

SHORT_PREFIX = 2               # letters of one word answered from UnitPrefixes

_titles: dict = {}
_answers: OrderedDict = OrderedDict()
_prefixes: dict = {}


_WORD_END = re.compile(r"[^\W_]*")


class Titles:
    """Every news title, newest first, as searchable strings (see the module docstring):
    one line a title, each syllable after a space, so that `str.find(" " + prefix)` (far
    faster than a regex with a look-behind) finds the prefix only at the start of a word."""

    def __init__(self, rows: list[dict]):
        self.ids = [r["id"] for r in rows]
        self.titles = [r["title"] for r in rows]
        self.unit_ids = [r.get("unit_id") for r in rows]
        written = ["".join(" " + w for w in vntext.syllables(r["title"])) for r in rows]
        self.starts = []
        position = 0
        for text in written:
            self.starts.append(position)
            position += len(text) + 1
        self.written = "\n".join(written)
        self.folded = vntext.fold_chars(self.written)

    def find(self, folded_prefix: str) -> tuple[list[tuple[str, int]], list[tuple[int, bool]]]:
        """(phrase, titles saying it) commonest first, and (title number, at its start)."""
        needle = " " + folded_prefix
        phrases: Counter = Counter()
        hits: dict[int, bool] = {}
        at = self.folded.find(needle)
        for _ in range(SCANNED):
            if at < 0:
                break
            end = _WORD_END.match(self.folded, at + len(needle)).end()
            number = bisect.bisect_right(self.starts, at) - 1
            phrases[self.written[at + 1:end]] += 1
            first = at == self.starts[number]
            hits[number] = hits.get(number, False) or first
            at = self.folded.find(needle, end)
        ranked = sorted(hits.items(), key=lambda item: (not item[1], item[0]))
        return phrases.most_common(PHRASES), ranked[:TITLES]


class UnitPrefixes:
    """The best UNITS units for each one- or two-letter prefix of a word of their short
    name (`Ba Tơ`; the name when there is none: never "Xã", "Huyện"), folded. Best: the
    name starting with the prefix; a unit with news here, then one in a province with
    news here (readers of a commune's news look for its neighbours: "ba" in Quảng Ngãi
    is Ba Tơ, not Ba Bể); for two letters the prefix a whole syllable (`ba` before
    `bac`); then province before district before commune, the 2025 era first, and
    dictionary order."""

    def __init__(self, units: units_page.Index, news_units: set[str]):
        provinces = {units.by_id[uid]["province_id"] or uid for uid in news_units if uid in units.by_id}
        best: dict[str, dict[str, tuple]] = {}
        for unit in units.units:
            level = units_page.LEVELS.index(unit["level"]) if unit["level"] in units_page.LEVELS else 9
            near = 0 if unit["id"] in news_units else 1 if (unit["province_id"] or unit["id"]) in provinces else 2
            for position, syllable in enumerate(unit["_short"] or unit["_name"]):
                for letters in range(1, SHORT_PREFIX + 1):
                    if len(syllable) < letters:
                        break
                    prefix = syllable[:letters]
                    key = (position > 0, near, letters > 1 and syllable != prefix, level,
                           unit["era"] != units_page.ERA_NEW, unit["_sort"], unit["id"])
                    seen = best.setdefault(prefix, {})
                    if unit["id"] not in seen or key < seen[unit["id"]]:
                        seen[unit["id"]] = key
        self.table = {prefix: [units.by_id[key[-1]] for key in heapq.nsmallest(UNITS, keys.values())]
                      for prefix, keys in best.items()}

    def find(self, folded_prefix: str) -> list[dict]:
        return self.table.get(folded_prefix, [])


def _prefixes_for(units: units_page.Index, titles: Titles) -> UnitPrefixes:
    """The prefix table of the loaded units and titles (built on a search thread, once)."""
    found = _prefixes.get((id(units), id(titles)))
    if found is None or found[0] is not units or found[1] is not titles:
        found = (units, titles, UnitPrefixes(units, set(titles.unit_ids)))
        _prefixes.clear()
        _prefixes[(id(units), id(titles))] = found
    return found[2]


async def _titles_for(datasette) -> Titles:
    from .site import DATABASE

    db = datasette.get_database(DATABASE)
    st = os.stat(db.path)
    key = (db.path, st.st_mtime_ns, st.st_size)
    found = _titles.get(key)
    if found is None:
        rows = [dict(r) for r in (await db.execute(
            "select id, title, unit_id from news order by published_at desc, id")).rows]
        found = await asyncio.get_running_loop().run_in_executor(api._executor, Titles, rows)
        _titles.clear()
        _titles[key] = found
    return found


def _text(request) -> str:
    """The box's text, checked: too long or with a control character is a 400."""
    text = one(request, "q")
    if len(text) > MAX_QUERY_CHARS:
        raise BadParameter("q", f"'q': nội dung gợi ý quá dài (tối đa {MAX_QUERY_CHARS} ký tự)",
                           f"'q': too long to complete (at most {MAX_QUERY_CHARS} characters)")
    if any(ord(c) < 32 and c not in "\t\r\n" or ord(c) == 127 or 0xD800 <= ord(c) < 0xE000 for c in text):
        raise BadParameter("q", "'q' chứa ký tự điều khiển hoặc không hợp lệ",
                           "'q' holds a control character or one that is not valid")
    return clean(text)


def _meant(words: list[str], searcher) -> list[str]:
    """The words folded, Telex/VNI keys read as the letters meant by the rule search
    uses (`spelling.Vocabulary.keys_reading`: `xoong`, a real loan word, is not `xông`);
    without an index, as typed."""
    vocab = vocabulary(searcher) if searcher is not None else None
    out = []
    for word in words:
        reading = vocab.keys_reading(word) if vocab is not None else None
        out.append(vntext.fold_word(reading[0] if reading and reading[1] else word))
    return out


def complete(titles: Titles, units: units_page.Index, searcher, text: str, lang: str, base: str) -> list[dict]:
    """The suggestions for a box's text (see the module docstring)."""
    t = i18n.WORDS[lang]
    words = vntext.syllables(text)
    if not words:
        return []
    folded = " ".join(_meant(words, searcher))
    phrases, hits = titles.find(folded)
    out = [{"kind": "phrase", "text": phrase, "count": n, "href": base + "search?" + urlencode({"q": phrase})}
           for phrase, n in phrases]
    out += [{"kind": "title", "text": titles.titles[k], "href": base + "article/" + titles.ids[k]} for k, _ in hits]
    if len(folded.replace(" ", "")) > SHORT_PREFIX:
        starts = re.compile(r"(?<![^\W_])" + re.escape(folded))
        found = units.find(folded)[:UNITS * 5]
        found.sort(key=lambda u: starts.search(vntext.fold(u["name"])) is None)   # 'long m': Long Môn before Minh Long
    else:
        found = _prefixes_for(units, titles).find(folded) if " " not in folded else []
    for u in found[:UNITS]:
        note = t[f"era_{u['era']}"]
        became = [c for c in units.became.get(u["id"], []) if c.get("primary") in (1, True, "true", "1")]
        successor = units.by_id.get(became[0]["new_unit_id"]) if became else None
        if successor and successor["name"] != u["name"]:
            note += f" · {t['now']} {successor['name']}"
        out.append({"kind": "unit", "text": u["name"], "id": u["id"], "era": u["era"], "note": note,
                    "href": base + "don-vi?" + urlencode({"q": u["id"]})})
    return out


async def suggest_json(datasette, request):
    lang, _ = i18n.choose(request)
    try:
        text = _text(request)
    except BadParameter as exc:
        return api.bad_request(exc, as_json=True)
    suggestions = []
    if text.strip():
        try:
            searcher = api.searcher_for(datasette)
        except api.IndexUnavailable:
            searcher = None          # titles and units need no index; Telex is then read as typed
        titles = await _titles_for(datasette)
        units = await units_page._index(datasette)
        key = (id(titles), id(units), searcher.version if searcher else None, lang, text.lower())
        suggestions = _answers.get(key) if CACHED else None
        if suggestions is None:
            base = datasette.urls.path("/-/")
            suggestions = await asyncio.get_running_loop().run_in_executor(
                api._executor, complete, titles, units, searcher, text, lang, base)
            if CACHED:
                _answers[key] = suggestions
            while len(_answers) > CACHED:
                _answers.popitem(last=False)
    body = {"query": text, "suggestions": suggestions}
    return Response(json.dumps(body, ensure_ascii=False), content_type="application/json; charset=utf-8",
                    headers=api.HEADERS)
