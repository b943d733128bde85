"""Atom 1.0 feeds of the newest articles: `/-/feed.atom` site-wide, `?unit=CODE` for a
unit (a code names it in both eras, `pre2025-CODE` or `2025-CODE` one era; a
district or province takes in its communes, and a unit takes in the units merged
into it), and `?q=…` for a search (the search engine's own filters, newest first).

Each entry: id and link = our article page, a `via` link to the portal's page, title,
updated/published, summary. Absolute URLs come from the public address (discovery.py).
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from datasette.utils.asgi import Request, Response

from ..export import plain
from . import api, discovery
from .discovery import absolute, rfc3339, xml_text
from .params import BadParameter, unit as unit_param

DATABASE = "opendata"
ENTRIES = 50
HEADERS = {"Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=300"}
ATOM = "application/atom+xml; charset=utf-8"
SEARCH_ONLY = ("year", "area", "from", "to")

_TAIL = "substr({c}, instr({c}, '-') + 1)"      # 'pre2025-21361' -> '21361'
NEWS_SQL = f"""
select news.id, news.title, news.url, news.published_at, news.retrieved_at, news.lead,
       substr(news.body, 1, 1000) as body, news.unit_code, units.name as unit_name
from news left join units on units.id = news.unit_id
where :unit = ''
   or :unit in (units.id, units.code, units.parent_id, units.province_id,
                {_TAIL.format(c="units.parent_id")}, {_TAIL.format(c="units.province_id")})
   or exists (select 1 from unit_changes join units new on new.id = unit_changes.new_unit_id
              where unit_changes.old_unit_id = units.id
                and :unit in (new.id, new.code, new.province_id, {_TAIL.format(c="new.province_id")}))
order by news.published_at desc, news.id
limit {ENTRIES}"""
UNIT_NAMES_SQL = "select distinct name from units where id = :unit or code = :unit order by era desc, name"


def _summary(text: str, chars: int = 400) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text if len(text) <= chars else text[: chars - 1].rsplit(" ", 1)[0] + "…"


def _text(message_vi: str, message_en: str, status: int) -> Response:
    return Response.text(f"{message_vi}\n{message_en}\n", status=status,
                         headers={**HEADERS, "Cache-Control": "no-store"})


async def feed(datasette, request):
    try:
        return await _feed(datasette, request)
    except BadParameter as exc:
        return api.bad_request(exc, as_json=False)
    except api.IndexUnavailable as exc:
        return api.unavailable(exc, as_json=False)


async def _feed(datasette, request):
    q = api.search_args(request)["text"].strip() if request.args.get("q") else ""   # checks every parameter
    unit = unit_param(request) or ""
    site = discovery.i18n.pick(datasette.metadata("title") or "", "vi")
    if q:
        query = {"q": q, **{k: request.args.get(k) for k in ("unit",) + SEARCH_ONLY if request.args.get(k)}}
        scope = {**request.scope, "query_string": urlencode({**query, "sort": "newest", "limit": ENTRIES,
                                                             "page": 1}).encode("ascii")}
        out = await api.run_search(datasette, Request(scope, request.receive))
        if out is None:
            return _text("Chưa có chỉ mục tìm kiếm.", "No search index configured.", 404)
        entries = [{**r, "summary": plain(r.get("snippet", ""))} for r in out["results"]]
        title = f"Tìm kiếm “{q}” — {site}"
        alternate = "/-/search?" + urlencode(query)
    else:
        given = [k for k in SEARCH_ONLY if request.args.get(k)]
        if given:
            raise BadParameter(given[0], f"'{given[0]}' chỉ dùng cùng 'q' (một tìm kiếm)",
                               f"'{given[0]}' needs 'q' (a search)")
        query = {"unit": unit} if unit else {}
        rows = [dict(r) for r in (await datasette.get_database(DATABASE).execute(NEWS_SQL, {"unit": unit})).rows]
        entries = [{**r, "summary": _summary(r["lead"] or r["body"])} for r in rows]
        title = f"Tin mới nhất — {site}"
        alternate = "/"
        if unit:
            names = [r["name"] for r in (await datasette.get_database(DATABASE).execute(
                UNIT_NAMES_SQL, {"unit": unit})).rows]
            if not names and not rows:
                return _text(f"Không có đơn vị hành chính mã '{unit}'.", f"No administrative unit '{unit}'.", 404)
            title = f"Tin mới nhất: {' / '.join(names) or unit} — {site}"
    self_url = absolute(datasette, request, "/-/feed.atom" + ("?" + urlencode(query) if query else ""))
    body = render(datasette, request, title, self_url, absolute(datasette, request, alternate), entries)
    return Response(body, content_type=ATOM, headers=HEADERS)


def render(datasette, request, title: str, self_url: str, alternate: str, entries: list[dict]) -> str:
    pkg = discovery.package_info(datasette)
    licence = (pkg.get("licenses") or [{}])[0]
    stamps = [rfc3339(e.get("published_at"), e.get("retrieved_at")) for e in entries]
    updated = max((s for s in stamps if s), default=None) or discovery.build_time(datasette)
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">',
           f"<id>{xml_text(self_url)}</id>", f"<title>{xml_text(title)}</title>",
           f"<updated>{updated}</updated>",
           f'<link rel="self" type="application/atom+xml" href="{xml_text(self_url)}"/>',
           f'<link rel="alternate" type="text/html" href="{xml_text(alternate)}"/>',
           f"<author><name>{xml_text(discovery._creator(pkg) or 'commune-opendata')}</name></author>",
           f"<rights>{xml_text(licence.get('title') or licence.get('name') or '')}</rights>",
           '<generator>commune-opendata</generator>']
    for entry, stamp in zip(entries, stamps):
        page = absolute(datasette, request, f"/-/article/{entry['id']}")
        stamp = stamp or updated
        out += ["<entry>", f"<id>{xml_text(page)}</id>", f"<title>{xml_text(entry.get('title'))}</title>",
                f"<updated>{stamp}</updated>", f"<published>{stamp}</published>",
                f'<link rel="alternate" type="text/html" href="{xml_text(page)}"/>']
        if entry.get("url"):
            out.append(f'<link rel="via" type="text/html" href="{xml_text(entry["url"])}"/>')
        if entry.get("unit_name") and entry.get("unit_code"):
            out.append(f'<category term="{xml_text(entry["unit_code"])}" '
                       f'label="{xml_text(entry["unit_name"])}"/>')
        out += [f'<summary type="text">{xml_text(entry.get("summary"))}</summary>', "</entry>"]
    out.append("</feed>\n")
    return "\n".join(out)
