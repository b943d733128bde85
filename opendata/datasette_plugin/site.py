"""The public pages: home, search and article, Vietnamese first.

Each view gathers plain data (from the search index or the `opendata` database)
and hands it to a template; the templates escape everything except the
highlighted snippets, which the search engine has already escaped.
"""

from __future__ import annotations

import math
import os
from urllib.parse import urlencode

from datasette.utils.asgi import Response
from markupsafe import Markup

from . import api, discovery, i18n
from .params import BadParameter, known_places, search_args

DATABASE = "opendata"
SEARCH_PARAMS = ("q", "unit", "year", "area", "from", "to", "sort", "page")
EXAMPLES = ("cai cach hanh chinh long mon", "UBND xã", "Đinh Trung Hiếu", '"thủ tục hành chính"')


def show_date(iso: str | None, with_time: bool = True) -> str:
    """"2024-04-08T16:06:00+07:00" -> "08/04/2024 16:06", as the portals write it."""
    if not iso:
        return ""
    day = f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]}"
    return f"{day} {iso[11:16]}" if with_time and len(iso) >= 16 else day


def number(n: int, lang: str) -> str:
    """12345 -> "12.345" in Vietnamese, "12,345" in English."""
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "vi" else text


async def _render(datasette, request, template: str, context: dict, status: int = 200) -> Response:
    lang, _ = i18n.choose(request)
    args = [(k, v) for k in request.args.keys() if k != "lang" for v in request.args.getlist(k)]
    other = "en" if lang == "vi" else "vi"
    context = {**context, "lang": lang, "t": i18n.WORDS[lang],
               "switch_url": datasette.urls.path(request.path) + "?" + urlencode(args + [("lang", other)]),
               "site_title": i18n.pick(datasette.metadata("title") or "", lang)}
    context["head"] = discovery.head(datasette, request, template, context)
    html = await datasette.render_template([template], context, request=request)
    return Response.html(html, status=status)          # the door keeps a `?lang=` choice in a cookie


async def _rows(datasette, sql: str, params=()) -> list[dict]:
    result = await datasette.get_database(DATABASE).execute(sql, params)
    return [dict(r) for r in result.rows]


async def _area_names(datasette, lang: str) -> dict[str, str]:
    column = "name_vi" if lang == "vi" else "name_en"
    rows = await _rows(datasette, f"select code, {column} as name from reform_areas")
    return {r["code"]: r["name"] for r in rows}


_counted: dict = {}


async def _counts(datasette, names: list[str]) -> dict[str, int]:
    """Row counts of the tables, counted once per database file (it is immutable)."""
    path = datasette.get_database(DATABASE).path
    st = os.stat(path)
    key = (path, st.st_mtime_ns, st.st_size, tuple(names))
    if key not in _counted:
        counts = {}
        for name in names:
            [row] = await _rows(datasette, f"select count(*) as n from [{name}]")
            counts[name] = row["n"]
        _counted.clear()
        _counted[key] = counts
    return _counted[key]


# --- home ---------------------------------------------------------------------

async def home(datasette, request):
    lang, _ = i18n.choose(request)
    latest = await _rows(datasette, """
        select news.id, news.title, news.published_at, units.name as unit_name
        from news left join units on units.id = news.unit_id
        order by news.published_at desc limit 10""")
    for row in latest:
        row["date"] = show_date(row["published_at"])
    tables = []
    meta = datasette.metadata(database=DATABASE) or {}
    counts = await _counts(datasette, list(meta.get("tables") or {}))
    for name, info in (meta.get("tables") or {}).items():
        tables.append({"name": name, "title": i18n.pick(info.get("title", name), lang),
                       "description": i18n.pick(info.get("description", ""), lang),
                       "count": number(counts[name], lang)})
    queries = [{"name": name, "title": i18n.pick(q.get("title", name), lang)}
               for name, q in (meta.get("queries") or {}).items()]
    top = datasette.metadata() or {}
    return await _render(datasette, request, "opendata_home.html", {
        "description": i18n.pick(top.get("description", ""), lang),
        "latest": latest, "tables": tables, "queries": queries, "examples": EXAMPLES,
        "licence": top.get("license", ""), "licence_url": top.get("license_url", ""),
        "attribution": i18n.pick((meta.get("attribution") or top.get("attribution") or ""), lang),
        "source": top.get("source", ""), "source_url": top.get("source_url", ""),
    })


# --- search -------------------------------------------------------------------

def _link(args: dict, **changes) -> str:
    merged = {k: v for k, v in {**args, **changes}.items() if v not in (None, "")}
    if "page" not in changes:
        merged.pop("page", None)              # a new filter starts at page one
    return "?" + urlencode(merged)


async def search_page(datasette, request):
    lang, _ = i18n.choose(request)
    t = i18n.WORDS[lang]
    args = {k: request.args.get(k, "") for k in SEARCH_PARAMS if request.args.get(k)}
    context = {"q": args.get("q", ""), "args": args, "out": None, "facets": [], "active": [], "pages": []}
    try:
        if api.searcher_for(datasette) is None:
            context["error"] = t["index_missing"]
            return await _render(datasette, request, "opendata_search.html", context, status=503)
        checked = search_args(request)         # a bad parameter is a 400 even without a query
        await known_places(datasette, checked["filters"])
        if not context["q"].strip():
            return await _render(datasette, request, "opendata_search.html", context)
        out = await api.run_search(datasette, request)
    except BadParameter as exc:
        context["error"] = exc.message_vi if lang == "vi" else exc.message_en
        return await _render(datasette, request, "opendata_search.html", context, status=400)
    except api.IndexUnavailable:
        context["error"] = t["index_missing"]
        return await _render(datasette, request, "opendata_search.html", context, status=503)
    areas = await _area_names(datasette, lang)
    for r in out["results"]:
        r["title_html"] = Markup(r["title_html"])
        r["snippet"] = Markup(r["snippet"])
        r["date"] = show_date(r["published_at"])
    names = {}
    facets = []
    for kind, param in (("province", "unit"), ("unit", "unit"), ("year", "year"), ("area", "area")):
        items = []
        for item in out["facets"].get(kind, []):
            value = str(item["value"])
            label = areas.get(value, value) if kind == "area" else str(item["label"])
            names[(param, value)] = label
            items.append({"value": value, "label": label, "count": item["count"], "active": args.get(param) == value,
                          "href": _link(args, **{param: value})})
        _tell_eras_apart(items, t)
        if items:
            facets.append({"title": t[f"facet_{kind}"], "items": items})
    if args.get("unit") and ("unit", args["unit"]) not in names:
        rows = await _rows(datasette, "select id, name from units where id = :u or code = :u order by era desc",
                           {"u": args["unit"]})
        names[("unit", args["unit"])] = " / ".join(r["name"] for r in rows) or args["unit"]
    if args.get("area"):
        names.setdefault(("area", args["area"]), areas.get(args["area"], args["area"]))
    active = []
    for param in ("unit", "year", "area", "from", "to"):
        if args.get(param):
            label = names.get((param, args[param]), args[param])
            active.append({"label": label, "href": _link(args, **{param: None})})
    pages = math.ceil(out["total"] / out["limit"]) if out["total"] else 0
    page = out["page"]
    if pages and page > pages:
        # Past the end: say so and link to the last page, with no count beside "not found".
        context.update({"past_end": t["past_last_page"].format(page=number(page, lang), last=number(pages, lang)),
                        "last_href": _link(args, page=pages),
                        "last_text": t["past_last_page_link"].format(last=number(pages, lang)),
                        "out": out, "active": active})
        return await _render(datasette, request, "opendata_search.html", context, status=404)
    window = [p for p in range(max(1, page - 2), min(pages, page + 2) + 1)]
    export = urlencode({k: v for k, v in args.items() if k != "page"})
    context.update({
        "out": out, "facets": facets, "active": active, "page": page, "pages": window, "last_page": pages,
        "prev_href": _link(args, page=page - 1) if page > 1 else None,
        "next_href": _link(args, page=page + 1) if page < pages else None,
        "page_href": {p: _link(args, page=p) for p in window},
        "sort_links": [{"label": t["sort_relevance"], "href": _link(args, sort=None),
                        "active": out["sort"] == "relevance"},
                       {"label": t["sort_newest"], "href": _link(args, sort="newest"),
                        "active": out["sort"] == "newest"}],
        "suggestion_href": _link(args, q=out["suggestion"]) if out["suggestion"] else None,
        "csv_href": datasette.urls.path("/-/search.csv") + "?" + export,
        "json_href": datasette.urls.path("/-/search.json") + "?" + export,
        "count_text": t["results_count"].format(n=number(out["total"], lang)),
    })
    return await _render(datasette, request, "opendata_search.html", context)


def _tell_eras_apart(items: list[dict], t: dict) -> None:
    """Two units of one name (Tỉnh Quảng Ngãi before and after 1/7/2025) get their era."""
    seen = [item["label"] for item in items]
    for item in items:
        era = item["value"].split("-", 1)[0]
        if seen.count(item["label"]) > 1 and era in ("pre2025", "2025"):
            item["label"] += f" ({t['era_' + era]})"


# --- article ------------------------------------------------------------------

UNIT_SQL = """
select units.id, units.era, units.name, district.name as district, province.name as province
from units
left join units district on district.id = units.parent_id and district.level = 'district'
left join units province on province.id = units.province_id
where units.id = ?"""
SUCCESSORS_SQL = """
select new.id, new.name, province.name as province, unit_changes.kind, unit_changes.effective_date
from unit_changes join units new on new.id = unit_changes.new_unit_id
left join units province on province.id = new.province_id
where unit_changes.old_unit_id = ? order by unit_changes."primary" desc, new.name collate vn"""


async def article_page(datasette, request):
    lang, _ = i18n.choose(request)
    t = i18n.WORDS[lang]
    news_id = request.url_vars["id"]
    found = await _rows(datasette, "select * from news where id = ?", [news_id])
    if not found:
        return await _render(datasette, request, "opendata_article.html", {"news": None}, status=404)
    news = found[0]
    [unit] = await _rows(datasette, UNIT_SQL, [news["unit_id"]]) or [None]
    successors = await _rows(datasette, SUCCESSORS_SQL, [news["unit_id"]])
    for s in successors:
        s["since"] = t["since"].format(date=show_date(s["effective_date"], with_time=False))
    publisher = None
    if news.get("publisher_id"):
        publisher = (await _rows(datasette, "select * from publishers where id = ?", [news["publisher_id"]]) or
                     [None])[0]
    events = await _rows(datasette, "select * from reform_events where news_id = ? order by id", [news_id])
    for event in events:
        await _event_details(datasette, event, lang)
    paragraphs = [p.strip() for p in (news["body"] or "").split("\n\n") if p.strip()]
    return await _render(datasette, request, "opendata_article.html", {
        "news": news, "date": show_date(news["published_at"]), "unit": unit, "successors": successors,
        "publisher": publisher, "events": events, "paragraphs": paragraphs,
    })


# --- reform event ---------------------------------------------------------------

PARTICIPATION = ("chair", "speaker", "attendee")
FINDING_KINDS = ("result", "limitation", "task")


def _event_basics(event: dict, lang: str) -> None:
    event["date"] = show_date(event["event_date"], with_time=False)
    event["part"] = i18n.PART_OF_DAY.get(lang, {}).get(event["part_of_day"] or "", event["part_of_day"])
    event["kind_label"] = i18n.KINDS[lang].get(event["kind"], event["kind"])


async def _event_details(datasette, event: dict, lang: str) -> None:
    """An event's date words, its people (and by participation) and its findings by kind with
    their area names: what the article page and the event page show."""
    t = i18n.WORDS[lang]
    _event_basics(event, lang)
    people = await _rows(datasette, "select * from event_people where event_id = ? order by seq", [event["id"]])
    for p in people:
        p["position_list"] = [x.strip() for x in (p["positions"] or "").split(" ; ") if x.strip()]
    areas = await _area_names(datasette, lang)
    findings = await _rows(datasette, "select * from event_findings where event_id = ? order by seq",
                           [event["id"]])
    for f in findings:
        f["area_links"] = [{"code": a, "name": areas.get(a, a)} for a in (f["areas"] or "").split(";") if a]
    event["people"] = people
    event["people_groups"] = [g for g in ({"title": t[f"people_{kind}"],
                                            "items": [p for p in people if p["participation"] == kind]}
                                           for kind in PARTICIPATION) if g["items"]]
    event["finding_groups"] = [g for g in ({"title": t[f"kind_{kind}"],
                                             "items": [f for f in findings if f["kind"] == kind]}
                                            for kind in FINDING_KINDS) if g["items"]]


async def event_page(datasette, request):
    lang, _ = i18n.choose(request)
    t = i18n.WORDS[lang]
    found = await _rows(datasette, "select * from reform_events where id = ?", [request.url_vars["id"]])
    if not found:
        return await _render(datasette, request, "opendata_event.html", {"event": None}, status=404)
    event = found[0]
    unit = None
    if event["organiser_unit_id"]:
        [unit] = await _rows(datasette, UNIT_SQL, [event["organiser_unit_id"]]) or [None]
        if unit:
            unit["era_label"] = t.get(f"era_{unit['era']}", unit["era"])
    [news] = await _rows(datasette, "select id, title, published_at, url from news where id = ?",
                         [event["news_id"]]) or [None]
    if news:
        news["date"] = show_date(news["published_at"])
    await _event_details(datasette, event, lang)
    return await _render(datasette, request, "opendata_event.html", {
        "event": event, "unit": unit, "news": news,
        "people_groups": event["people_groups"], "finding_groups": event["finding_groups"],
    })


# --- reform overview ------------------------------------------------------------

REFORM_QUERIES = ("reform_areas_by_year", "reform_events_by_unit_and_year", "findings_by_area",
                  "people_and_their_events", "reform_events_with_people")
EVENTS_SQL = """
select reform_events.id, reform_events.news_id, reform_events.kind, reform_events.title, reform_events.event_date,
       reform_events.part_of_day, reform_events.organiser, reform_events.provenance, reform_events.reform_focus,
       (select count(*) from event_findings where event_findings.event_id = reform_events.id) as findings
from reform_events
where (:area = '' or exists (select 1 from event_findings, json_each(event_findings.areas_list) as a
                             where event_findings.event_id = reform_events.id and a.value = :area))
  and (:focus = '' or reform_events.reform_focus = :focus)
order by reform_events.event_date desc, reform_events.id
limit 200"""


def area_year_counts(rows: list[dict], codes: list[str]) -> tuple[list[int], dict]:
    """The years present and {(area, year): (events, findings)}, zero where none, from
    rows of the `reform_areas_by_year` query."""
    years = sorted({r["year"] for r in rows if r["year"] is not None})
    counts = {(code, year): (0, 0) for code in codes for year in years}
    for r in rows:
        if r["year"] is not None and r["area"] in codes:
            counts[(r["area"], r["year"])] = (r["events"], r["findings"])
    return years, counts


async def reform_page(datasette, request):
    from .chart import Group, Row, bar_chart

    lang, _ = i18n.choose(request)
    t = i18n.WORDS[lang]
    areas = await _area_names(datasette, lang)
    area = request.args.get("area", "")
    focus = request.args.get("focus", "")
    reform = datasette.urls.path("/-/reform")

    def link(**change):
        wanted = {k: v for k, v in {"area": area, "focus": focus, **change}.items() if v}
        return reform + ("?" + urlencode(wanted) if wanted else "")
    area_links = [{"code": "", "name": t["all_areas"], "href": link(area=""), "active": not area}] + [
        {"code": code, "name": name, "href": link(area=code), "active": code == area}
        for code, name in areas.items()]
    focus_links = [{"code": "", "name": t["all_focus"], "href": link(focus=""), "active": not focus}] + [
        {"code": code, "name": name, "href": link(focus=code), "active": code == focus}
        for code, name in i18n.FOCUS[lang].items()]
    if (area and area not in areas) or (focus and focus not in i18n.FOCUS[lang]):
        return await _render(datasette, request, "opendata_reform.html",
                             {"missing_area": bool(area and area not in areas), "missing_focus": True,
                              "area_links": area_links, "focus_links": focus_links}, status=404)
    codes = [area] if area else list(areas)
    meta = (datasette.metadata(database=DATABASE) or {}).get("queries") or {}
    rows = await _rows(datasette, meta["reform_areas_by_year"]["sql"], {"area": area, "focus": focus})  # the chart's numbers
    years, counts = area_year_counts(rows, codes)
    groups = [Group(areas[code], [Row(str(year), list(counts[(code, year)])) for year in years]) for code in codes]
    svg = bar_chart(groups, [t["series_events"], t["series_findings"]], title=t["chart_title"],
                    desc=t["chart_desc"], empty=t["chart_empty"], chart_id="od-reform-chart")
    table = [{"area": areas[code], "code": code, "year": year, "events": counts[(code, year)][0],
              "findings": counts[(code, year)][1]} for code in codes for year in years]
    events = await _rows(datasette, EVENTS_SQL, {"area": area, "focus": focus})
    for event in events:
        _event_basics(event, lang)
        event["focus_label"] = i18n.FOCUS[lang].get(event["reform_focus"] or "", event["reform_focus"] or "")
    params = {k: v for k, v in {"area": area, "focus": focus}.items() if v}
    query_links = []
    for name in REFORM_QUERIES:
        if name in meta:
            wanted = {k: v for k, v in params.items() if f":{k}" in meta[name].get("sql", "")}
            query = "?" + urlencode(wanted) if wanted else ""
            query_links.append({"href": datasette.urls.query(DATABASE, name) + query,
                                "title": i18n.pick(meta[name].get("title", name), lang),
                                "description": i18n.pick(meta[name].get("description", ""), lang)})
    findings_href = datasette.urls.table(DATABASE, "event_findings")
    if area:
        findings_href += "?" + urlencode({"areas_list__arraycontains": area})
    events_href = datasette.urls.table(DATABASE, "reform_events") + ("?" + urlencode({"reform_focus": focus})
                                                                    if focus else "")
    facet_links = [{"href": events_href, "title": t["facets_events"]},
                   {"href": findings_href, "title": t["facets_findings"]},
                   {"href": datasette.urls.table(DATABASE, "event_people"), "title": t["facets_people"]}]
    return await _render(datasette, request, "opendata_reform.html", {
        "area": area, "area_name": areas.get(area, ""), "area_links": area_links, "chart": Markup(svg),
        "focus": focus, "focus_links": focus_links,
        "years": years, "table": table, "events": events, "query_links": query_links, "facet_links": facet_links,
    })
