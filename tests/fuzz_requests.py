"""Random requests over every public route: random Unicode, huge numbers, repeated and
empty parameters, invalid percent-encoding (our own generator, seeded: reproducible)."""

from __future__ import annotations

import random
import urllib.parse

ROUTES = ["/", "/-/search", "/-/search.json", "/-/search.csv", "/-/reform", "/-/article/0939a2d78e482371",
          "/-/event/0939a2d78e482371-1", "/-/csv/news.csv", "/-/csv/units.csv", "/opendata", "/opendata.json",
          "/opendata/news", "/opendata/news.json", "/opendata/news.csv", "/opendata/units", "/opendata/units.json",
          "/opendata/units.csv", "/opendata/reform_events", "/opendata/event_findings.json",
          "/opendata/event_people", "/opendata/news/0939a2d78e482371", "/opendata/news/0939a2d78e482371.json",
          "/opendata/unit_successions", "/opendata/unit_successions.json", "/opendata/news_by_unit_and_year",
          "/-/versions.json", "/-/metadata.json", "/-/plugins.json", "/-/databases.json"]
OURS = ["q", "unit", "year", "from", "to", "area", "sort", "page", "limit", "lang"]
DATASETTE = ["sql", "_sort", "_sort_desc", "_size", "_next", "_search", "_search_title", "_where", "_facet",
             "_facet_array", "_facet_date", "_through", "_timelimit", "_shape", "_col", "_nocol", "_labels",
             "_json", "_nl", "_trace", "_stream", "_dl", "_header", "_ttl", "_search_mode", "_fts_table",
             "_fts_pk", "_array", "_hash", "name", "unit_code", "year", "area", "title__contains",
             "published_at__gt", "id__in", "views__lt", "unit_id__not", "title__glob", "code__isnull",
             "name__arraycontains", "title__exact", "_filter_column", "_filter_op", "_filter_value"]
COLUMNS = ["id", "title", "body", "lead", "name", "unit_code", "published_at", "views", "rowid", "title_sort"]


def _value(rng: random.Random) -> str:
    kind = rng.randrange(12)
    if kind == 0:
        return ""
    if kind == 1:
        return str(rng.choice([0, -1, 10**30, 2**63, 2**64 + 1, -(10**18)]))
    if kind == 2:
        return "".join(chr(rng.choice([rng.randrange(32, 0x2FF), rng.randrange(0x300, 0x36F),
                                       rng.randrange(0x1E00, 0x1EFF), rng.randrange(0x2070, 0x209F),
                                       rng.randrange(0xD7FF), rng.randrange(0xE000, 0x10FFFF)]))
                       for _ in range(rng.randint(1, 12)))
    if kind == 3:
        return rng.choice(COLUMNS)
    if kind == 4:
        return rng.choice(["²", "١٢", "٣", "1e9", "nan", "inf", "-0", "0x10", "1_000", " 5 ", "max"])
    if kind == 5:
        return rng.choice(["[", "{}", "{\"table\":\"x\"}", "[1,2]", "null", "'; drop table news; --", "\\"])
    if kind == 6:
        return rng.choice(["2024-13-45", "2024-02-30", "9999-99-99", "2024-04-08", "2024"])
    if kind == 7:
        return "x" * rng.choice([200, 2000, 6000])
    if kind == 8:
        return rng.choice(["select 1", "select vn_search('xa')", "select json('x')", "select * from news",
                           "select zeroblob(1e9)", "pragma table_info(news)", "select 1/0"])
    if kind == 9:
        return rng.choice(["array", "object", "objects", "arrays", "arrayfirst", "x"])
    return "".join(rng.choice("abcdđeêghiklmnoôơpqrstuưvxy0123456789 ") for _ in range(rng.randint(1, 20)))


def _encode(name: str, value: str, rng: random.Random) -> str:
    part = urllib.parse.quote(name, safe="") + "=" + urllib.parse.quote(value, safe="")
    roll = rng.randrange(20)
    if roll == 0:
        return part + rng.choice(["%", "%zz", "%C3", "%ff%fe", "%C3%28", "%E0%80%AF", "%ED%A0%80"])
    if roll == 1:
        return rng.choice(["%ff=1", "%C3=", "=x", "&", "%00=%00"])
    return part


def requests(n: int, seed: int = 13):
    """n request targets (path with query string, already percent-encoded)."""
    rng = random.Random(seed)
    for _ in range(n):
        route = rng.choice(ROUTES)
        names = [rng.choice(OURS + DATASETTE) for _ in range(rng.randint(0, 4))]
        if rng.random() < 0.2 and names:
            names.append(names[0])                       # repeated
        query = "&".join(_encode(name, _value(rng), rng) for name in names)
        yield route + ("?" + query if query else "")
