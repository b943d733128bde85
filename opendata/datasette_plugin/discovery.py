"""Being found: `robots.txt`, `sitemap.xml`, the DCAT-AP catalogue `/-/dcat.jsonld`, and
what our pages put in their `<head>` (schema.org JSON-LD, OpenGraph, the Atom feeds).

Every absolute URL is built from the configured public address (OPENDATA_PUBLIC_URL,
set by `opendata serve`), never from the visitor's Host header.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timezone
from urllib.parse import urlencode
from xml.sax.saxutils import escape

from datasette.utils.asgi import Response
from markupsafe import Markup

from . import i18n

DATABASE = "opendata"
SITEMAP_URLS = 50_000             # the sitemap protocol's limit for one file
HEADERS = {"Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=3600"}
VIETNAM = "+07:00"
_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_IANA = "https://www.iana.org/assignments/media-types/"

# Our words, added to the site's (kept here so that this part merges on its own).
WORDS = {
    "vi": {"download_xlsx": "Tải XLSX", "feed": "Tin mới (Atom)", "feed_unit": "Tin mới của đơn vị (Atom)",
           "feed_search": "Theo dõi tìm kiếm này (Atom)", "dcat": "Danh mục dữ liệu (DCAT-AP, JSON-LD)",
           "download_search_xlsx": "Tải XLSX", "table_downloads": "Tải cả bảng cho bảng tính",
           "table_downloads_note": "CSV có BOM, ô dạng công thức đã được vô hiệu hóa; XLSX giữ mã như “01” ở dạng chữ."},
    "en": {"download_xlsx": "Download XLSX", "feed": "Newest articles (Atom)",
           "feed_unit": "This unit's newest articles (Atom)", "feed_search": "Follow this search (Atom)",
           "dcat": "Data catalogue (DCAT-AP, JSON-LD)", "download_search_xlsx": "Download XLSX",
           "table_downloads": "Whole table for spreadsheets",
           "table_downloads_note": "CSV with a BOM, formula-like cells neutralised; XLSX keeps codes like “01” as text."},
}
for _lang, _words in WORDS.items():
    i18n.WORDS[_lang].update(_words)


# --- helpers -----------------------------------------------------------------------

def absolute(datasette, request, path: str) -> str:
    """An absolute URL of ours: the configured public address, else Datasette's idea
    (the door has already replaced the visitor's Host with the public one)."""
    from . import public_address

    path = datasette.urls.path(path)         # Datasette's base_url, if set
    address = public_address()
    if address:
        return f"{address[0]}://{address[1].decode('ascii')}{path}"
    return datasette.absolute_url(request, path)


def rfc3339(value: str | None, fallback: str | None = None) -> str | None:
    """A package datetime ("2024-04-08T16:06:00+07:00", a date, or one without an offset:
    Vietnam's) as an RFC 3339 timestamp, as Atom and sitemaps want; None if unusable."""
    for text in (value, fallback):
        text = (text or "").strip()
        if not text:
            continue
        try:
            when = datetime.fromisoformat(text if len(text) > 10 else text + "T00:00:00")
        except ValueError:
            continue
        if when.tzinfo is None:
            when = datetime.fromisoformat(when.isoformat() + VIETNAM)
        return when.isoformat(timespec="seconds")
    return None


def xml_text(value) -> str:
    """Text that XML 1.0 can hold (no control characters), escaped."""
    return escape(_XML_BAD.sub("", "" if value is None else str(value)), {'"': "&quot;"})


def json_ld(data: dict) -> Markup:
    """A `<script type="application/ld+json">` that no text in it can close early."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">\n{text}\n</script>')


def package_info(datasette) -> dict:
    """The package descriptor's catalogue fields, as `write_metadata` put them in the
    plugin configuration (no schemas)."""
    return (datasette.plugin_config("opendata") or {}).get("package") or {}


def _licence(pkg: dict) -> dict:
    return (pkg.get("licenses") or [{}])[0]


def _publisher(pkg: dict) -> str:
    for c in pkg.get("contributors") or []:
        if "publisher" in (c.get("roles") or []) or c.get("role") == "publisher":
            return c.get("title", "")
    return ""


def _creator(pkg: dict) -> str:
    for c in pkg.get("contributors") or []:
        if "creator" in (c.get("roles") or []):
            return c.get("title", "")
    return ""


def _both(text: str) -> list[dict]:
    """A bilingual "tiếng Việt / English" text as language-tagged JSON-LD values."""
    vi, en = i18n.pick(text, "vi"), i18n.pick(text, "en")
    if vi == en:
        return [{"@value": text, "@language": "vi"}]
    return [{"@value": vi, "@language": "vi"}, {"@value": en, "@language": "en"}]


# --- robots.txt and sitemap.xml ------------------------------------------------------

async def robots(datasette, request):
    """Everything may be crawled except SQL (arbitrary queries), exports of searches and
    whole tables (large, and the same data as the pages)."""
    lines = ["User-agent: *", "Allow: /",
             f"Disallow: /{DATABASE}?sql=", f"Disallow: /{DATABASE}.json?sql=", f"Disallow: /{DATABASE}.csv?sql=",
             f"Disallow: /{DATABASE}.db", "Disallow: /-/search.csv", "Disallow: /-/search.xlsx",
             "Disallow: /-/search.json", "Disallow: /-/csv/", "Disallow: /-/xlsx/",
             "", f"Sitemap: {absolute(datasette, request, '/sitemap.xml')}", ""]
    return Response("\n".join(lines), content_type="text/plain; charset=utf-8", headers=HEADERS)


async def sitemap(datasette, request):
    db = datasette.get_database(DATABASE)
    news = await db.execute("select id, published_at, retrieved_at from news order by published_at desc, id "
                            f"limit {SITEMAP_URLS - 2}")
    events = await db.execute("select reform_events.id, news.published_at from reform_events "
                              "left join news on news.id = reform_events.news_id order by reform_events.id "
                              f"limit {max(0, SITEMAP_URLS - 2 - len(news.rows))}")
    entries = [("/", None), ("/-/reform", None)]
    entries += [(f"/-/article/{r['id']}", rfc3339(r["retrieved_at"] or r["published_at"])) for r in news.rows]
    entries += [(f"/-/event/{r['id']}", rfc3339(r["published_at"])) for r in events.rows]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path, lastmod in entries:
        out.append(f"<url><loc>{xml_text(absolute(datasette, request, path))}</loc>"
                   + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "") + "</url>")
    out.append("</urlset>\n")
    return Response("\n".join(out), content_type="application/xml; charset=utf-8", headers=HEADERS)


# --- DCAT-AP -----------------------------------------------------------------------

DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#", "vcard": "http://www.w3.org/2006/vcard/ns#",
}


def dcat_catalogue(datasette, request) -> dict:
    """The package as a DCAT-AP catalogue of one dataset, each resource a distribution
    (its spreadsheet CSV, and its XLSX), plus the Data Package descriptor itself."""
    pkg = package_info(datasette)
    licence = _licence(pkg)
    licence_ref = {"@id": licence["path"]} if licence.get("path") else licence.get("name", "")
    home = absolute(datasette, request, "/")
    publisher = {"@type": "foaf:Agent", "foaf:name": _publisher(pkg) or _creator(pkg)}
    distributions = []
    for res in pkg.get("resources") or []:
        name = res["name"]
        for ext, path, media in (("csv", f"/-/csv/{name}.csv", res.get("mediatype") or "text/csv"),
                                 ("xlsx", f"/-/xlsx/{name}.xlsx",
                                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")):
            url = absolute(datasette, request, path)
            distributions.append({
                "@id": url, "@type": "dcat:Distribution",
                "dct:title": _both(res.get("title", name)), "dct:description": _both(res.get("description", "")),
                "dcat:accessURL": {"@id": absolute(datasette, request, f"/{DATABASE}/{name}")},
                "dcat:downloadURL": {"@id": url}, "dcat:mediaType": {"@id": _IANA + media},
                "dct:format": ext.upper(), "dct:license": licence_ref,
            })
    dataset = {
        "@id": home + "#dataset", "@type": "dcat:Dataset", "dct:identifier": pkg.get("name", ""),
        "dct:title": _both(pkg.get("title", "")), "dct:description": _both(pkg.get("description", "")),
        "dcat:keyword": pkg.get("keywords") or [], "dct:license": licence_ref,
        "dct:rights": _both(pkg.get("attribution", "")) if pkg.get("attribution") else [],
        "dct:publisher": publisher, "dct:language": [{"@id": "http://publications.europa.eu/resource/authority/language/VIE"},
                                                     {"@id": "http://publications.europa.eu/resource/authority/language/ENG"}],
        "dcat:landingPage": {"@id": home}, "dcat:version": pkg.get("version", ""),
        "dcat:distribution": distributions,
        "dct:source": [s.get("path") or s.get("title") for s in pkg.get("sources") or []],
    }
    if pkg.get("created"):
        dataset["dct:issued"] = {"@value": pkg["created"], "@type": "xsd:dateTime"}
    return {"@context": DCAT_CONTEXT, "@id": absolute(datasette, request, "/-/dcat.jsonld"), "@type": "dcat:Catalog",
            "dct:title": _both(pkg.get("title", "")), "dct:description": _both(pkg.get("description", "")),
            "dct:publisher": publisher, "dct:license": licence_ref, "foaf:homepage": {"@id": home},
            "dcat:dataset": [dataset]}


async def dcat(datasette, request):
    body = json.dumps(dcat_catalogue(datasette, request), ensure_ascii=False, indent=1)
    return Response(body, content_type="application/ld+json; charset=utf-8", headers=HEADERS)


# --- the <head> of our pages ---------------------------------------------------------

def _og(props: list[tuple[str, str]]) -> list[dict]:
    return [{"property": p, "content": v} for p, v in props if v]


def _summary(news: dict, chars: int = 300) -> str:
    text = re.sub(r"\s+", " ", (news.get("lead") or news.get("body") or "")).strip()
    return text if len(text) <= chars else text[: chars - 1].rsplit(" ", 1)[0] + "…"


def head(datasette, request, template: str, context: dict) -> dict:
    """What `_opendata_head.html` writes for one of our pages: Atom alternates, OpenGraph
    properties, and schema.org JSON-LD (a Dataset on the home page, a NewsArticle on
    an article page)."""
    lang = context.get("lang", "vi")
    t = i18n.WORDS[lang]
    pkg = package_info(datasette)
    licence = _licence(pkg)
    site_name = context.get("site_title") or t["site"]
    args = [(k, v) for k in request.args.keys() if k != "lang" for v in request.args.getlist(k)]
    page_url = absolute(datasette, request, request.path + ("?" + urlencode(args) if args else ""))
    feeds = [{"title": t["feed"], "href": absolute(datasette, request, "/-/feed.atom")}]
    og = [("og:site_name", site_name), ("og:url", page_url), ("og:locale", "vi_VN" if lang == "vi" else "en_US"),
          ("og:locale:alternate", "en_US" if lang == "vi" else "vi_VN")]
    scripts = []
    if template == "opendata_home.html":
        description = context.get("description", "")
        og += [("og:type", "website"), ("og:title", site_name), ("og:description", description)]
        scripts.append(json_ld(_dataset_ld(datasette, request, pkg, licence)))
    elif template == "opendata_article.html" and context.get("news"):
        news = context["news"]
        if news.get("unit_code"):
            feeds.append({"title": t["feed_unit"],
                          "href": absolute(datasette, request, "/-/feed.atom?" + urlencode({"unit": news["unit_code"]}))})
        og += [("og:type", "article"), ("og:title", news.get("title", "")), ("og:description", _summary(news)),
               ("article:published_time", rfc3339(news.get("published_at")) or "")]
        scripts.append(json_ld(_article_ld(datasette, request, context, licence, page_url)))
    elif template == "opendata_search.html" and (context.get("q") or "").strip():
        query = {k: v for k, v in (context.get("args") or {}).items() if k not in ("page", "sort")}
        feeds.append({"title": t["feed_search"], "href": absolute(datasette, request,
                                                                   "/-/feed.atom?" + urlencode(query))})
        og += [("og:type", "website"), ("og:title", f"{t['search']}: {context['q']}")]
    else:
        title = (context.get("event") or {}).get("title") or site_name
        og += [("og:type", "website"), ("og:title", title)]
    return {"feeds": feeds, "og": _og(og), "json_ld": scripts}


def _dataset_ld(datasette, request, pkg: dict, licence: dict) -> dict:
    home = absolute(datasette, request, "/")
    return {
        "@context": "https://schema.org", "@type": "Dataset", "@id": home + "#dataset", "url": home,
        "name": pkg.get("title", ""), "description": pkg.get("description", ""), "identifier": pkg.get("name", ""),
        "keywords": pkg.get("keywords") or [], "inLanguage": ["vi", "en"], "version": pkg.get("version", ""),
        "dateCreated": pkg.get("created", ""), "isAccessibleForFree": True,
        "license": licence.get("path") or licence.get("name", ""),
        "creator": {"@type": "Organization", "name": _creator(pkg)},
        "publisher": {"@type": "Organization", "name": _publisher(pkg) or _creator(pkg)},
        "creditText": pkg.get("attribution", ""),
        "subjectOf": {"@type": "DataCatalog", "url": absolute(datasette, request, "/-/dcat.jsonld")},
        "distribution": [{"@type": "DataDownload", "name": res.get("title", res["name"]),
                          "encodingFormat": res.get("mediatype") or "text/csv",
                          "contentUrl": absolute(datasette, request, f"/-/csv/{res['name']}.csv")}
                         for res in pkg.get("resources") or []],
    }


def _article_ld(datasette, request, context: dict, licence: dict, page_url: str) -> dict:
    news, unit, publisher = context["news"], context.get("unit") or {}, context.get("publisher") or {}
    out = {
        "@context": "https://schema.org", "@type": "NewsArticle", "@id": page_url, "url": page_url,
        "mainEntityOfPage": page_url, "headline": (news.get("title") or "")[:300], "inLanguage": "vi",
        "datePublished": rfc3339(news.get("published_at")) or "", "description": _summary(news),
        "license": licence.get("path") or licence.get("name", ""),
        "isPartOf": {"@type": "Dataset", "@id": absolute(datasette, request, "/") + "#dataset"},
    }
    if news.get("url"):
        out["isBasedOn"] = news["url"]
        out["sameAs"] = news["url"]
    if news.get("author"):
        out["author"] = {"@type": "Person", "name": news["author"]}
    if publisher.get("site_name") or publisher.get("owner"):
        out["publisher"] = {"@type": "Organization", "name": publisher.get("owner") or publisher.get("site_name"),
                            **({"url": publisher["base_url"]} if publisher.get("base_url") else {})}
    if unit.get("name"):
        out["contentLocation"] = {"@type": "AdministrativeArea", "name": ", ".join(
            p for p in (unit.get("name"), unit.get("district"), unit.get("province")) if p)}
    return out


def build_time(datasette) -> str:
    """When the (immutable) database was built, for a feed without entries."""
    st = os.stat(datasette.get_database(DATABASE).path)
    return datetime.fromtimestamp(st.st_mtime, timezone.utc).isoformat(timespec="seconds")
