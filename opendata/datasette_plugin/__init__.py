"""The Datasette plugin: the public site (home, search, article, reform event and reform
overview pages), search as JSON and CSV, and the SQL functions `vn_fold()` and `vn_search()`.

Configured through metadata `plugins.opendata` (`index_dir`, `database`; written by
`opendata serve`). An installed plugin loads in every Datasette run of the environment,
so it acts only on its own database: its SQL functions and `vn` collation on that
database's connections, and routes, CSS and the site's look (header, navigation,
language, Vietnamese words through the template overrides in templates/) only when
configured and only on that database's pages. Any other database keeps Datasette's
own pages. Every link goes through `datasette.urls`, so `base_url` is honoured.
"""

from __future__ import annotations

import os
import sqlite3
from urllib.parse import parse_qsl, urlencode, urlsplit

from datasette import hookimpl
from datasette.utils.asgi import Response

from ..database import COLLATION, vn_collate
from ..vntext import fold
from . import api, discovery, downloads, feeds, garbage, guard, i18n, params, site, spreadsheet_csv, suggest, units_page, xlsx

MAX_VALUE_BYTES = 2_000_000          # SQLITE_LIMIT_LENGTH for user queries
PLUGIN = "commune-opendata"          # Datasette names an installed plugin by its distribution


def configured(datasette) -> bool:
    return bool((datasette.plugin_config("opendata") or {}).get("index_dir"))


def our_database(datasette) -> str:
    """The name of the database the plugin built (`opendata` unless configured otherwise)."""
    return (datasette.plugin_config("opendata") or {}).get("database") or site.DATABASE


def route_path(datasette, path: str) -> str:
    """A request path without Datasette's `base_url` prefix."""
    prefix = datasette.setting("base_url") or "/"
    if prefix != "/" and path.startswith(prefix):
        return "/" + path[len(prefix):]
    return path


def ours(datasette, database, request) -> bool:
    """Whether a page is one of the site's: configured, and of our database or of none
    (home, search, errors) unless its path names another database."""
    if not configured(datasette):
        return False
    if database is not None:
        return database == our_database(datasette)
    if request is None:
        return True
    first = route_path(datasette, request.path).lstrip("/").split("/", 1)[0].split(".", 1)[0]
    return first == our_database(datasette) or first not in datasette.databases


@hookimpl
def extra_template_vars(template, database, table, columns, view_name, request, datasette):
    """The language, our words and Datasette's words translated (`_`), for our pages and
    for the template overrides of Datasette's; `od` is false on any other database's page."""
    if not ours(datasette, database, request):
        return {"od": False, "_": i18n.words("en")}
    lang = i18n.choose(request)[0] if request is not None else "vi"
    args = [(k, v) for k in request.args.keys() if k != "lang" for v in request.args.getlist(k)] if request else []
    path = datasette.urls.path(request.path) if request is not None else datasette.urls.instance()
    return {
        "od": True, "lang": lang, "t": i18n.WORDS[lang], "_": i18n.words(lang),
        "switch_url": path + "?" + urlencode(args + [("lang", "en" if lang == "vi" else "vi")]),
        "od_rows": lambda n, unit="row": i18n.rows(n, lang, unit),
        "od_num": lambda n: site.number(n, lang),
        "od_pick": lambda text: i18n.pick(text or "", lang),
        "od_human": lambda text: i18n.human(text, lang),
        "od_db": our_database(datasette),
    }


@hookimpl
def register_routes(datasette):
    if not configured(datasette):
        return []
    routes = [
        (r"^/$", site.home),
        (r"^/-/search$", site.search_page),
        (r"^/-/article/(?P<id>[a-z0-9][a-z0-9-]{2,99})$", site.article_page),
        (r"^/-/event/(?P<id>[a-z0-9][a-z0-9-]{2,120})$", site.event_page),   # reform_events.id
        (r"^/-/reform$", site.reform_page),
        (r"^/-/search\.json$", api.search_json),
        (r"^/-/suggest\.json$", suggest.suggest_json),
        (r"^/-/search\.csv$", api.search_csv_route),
        (r"^/-/csv/(?P<table>[a-z_]{1,64})\.csv$", downloads.table_csv),
        (r"^/-/search\.xlsx$", api.search_xlsx_route),
        (r"^/-/xlsx/(?P<table>[a-z_]{1,64})\.xlsx$", xlsx.table_xlsx),
        (r"^/-/feed\.atom$", feeds.feed),
        (r"^/-/dcat\.jsonld$", discovery.dcat),
        (r"^/sitemap\.xml$", discovery.sitemap),
        (r"^/robots\.txt$", discovery.robots),
        (r"^/-/don-vi$", units_page.units_page),                  # units of both eras by name
        (r"^/-/don-vi\.json$", units_page.units_json),
    ]
    return routes


@hookimpl
def startup(datasette):
    """In a configured site: collection on its own thread, and the index open before the
    first request (no request, and no SQL calling `vn_search()`, waits for it).
    In any run: `_` (no translation) for our template overrides of Datasette's, which
    Datasette's own error handler renders without `extra_template_vars`."""
    datasette.jinja_env.globals.setdefault("_", lambda text: text)
    if not configured(datasette):
        return None

    async def inner():
        garbage.start()
        api.load_searcher(datasette)
        await guard.load_columns(datasette)
        await params.load_known(datasette, (datasette.plugin_config("opendata") or {}).get("database", "opendata"))
    return inner


READ_METHODS = {"GET", "HEAD", "OPTIONS"}
ALLOW = {"Allow": "GET, HEAD, OPTIONS", "Access-Control-Allow-Origin": "*",
         "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS", "Access-Control-Max-Age": "86400"}


def public_address() -> tuple[str, bytes] | None:
    """(scheme, host) of the address the public uses, from OPENDATA_PUBLIC_URL (set by
    `opendata serve`), or None outside a served site."""
    url = urlsplit(os.environ.get("OPENDATA_PUBLIC_URL", ""))
    if url.scheme not in ("http", "https") or not url.netloc:
        return None
    return url.scheme, url.netloc.encode("ascii", "ignore")


@hookimpl
def asgi_wrapper(datasette):
    """The door of the public site, before Datasette: only reading methods (a POST to a
    table makes Datasette assert, a 500), OPTIONS without a body, the configured public
    host instead of the visitor's, bad parameters refused (guard.py), Datasette's own CSV
    made spreadsheet-safe (spreadsheet_csv.py), and an error that
    escapes Datasette answered with a short 500 and one log line, never a traceback."""
    if not configured(datasette):
        return None
    address = public_address()

    def wrap(app):
        async def door(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            method = scope["method"]
            if method not in READ_METHODS:
                return await Response.text("method not allowed: this site is read-only", status=405,
                                           headers=ALLOW).asgi_send(send)
            if method == "OPTIONS":
                return await Response("", status=204, headers=ALLOW).asgi_send(send)
            if address:
                scope = {**scope, "scheme": address[0],
                         "headers": [(k, v) for k, v in scope["headers"] if k != b"host"] + [(b"host", address[1])]}
            scope, chosen = _language(_without_base_url(datasette, scope))
            started = False
            cookie = (f"{i18n.COOKIE}={chosen}; Max-Age={365 * 24 * 3600}; Path={datasette.setting('base_url') or '/'}; "
                      "SameSite=Lax").encode() if chosen else None

            async def watched(message):
                nonlocal started
                if message["type"] == "http.response.start":
                    started = True
                    headers = list(message.get("headers") or [])
                    if any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers):
                        headers.append((b"vary", b"Cookie"))          # the language comes from the cookie
                    if cookie:
                        headers.append((b"set-cookie", cookie))
                    message = {**message, "headers": headers}
                await send(message)

            csv_kind = spreadsheet_csv.kind(our_database(datasette), scope["path"])
            try:
                try:
                    guard.check(scope["path"], scope.get("query_string", b""))
                except guard.Refused as exc:
                    guard.log_line(exc.status, method, scope["path"], exc)
                    return await (await guard.refusal(datasette, exc, scope, receive)).asgi_send(watched)
                if csv_kind:
                    await spreadsheet_csv.serve(datasette, app, scope, receive, watched, csv_kind)
                else:
                    await app(scope, receive, watched)
            except Exception as exc:  # noqa: BLE001 - the last line of defence
                guard.log_line(500, method, scope["path"], exc)
                if not started:
                    await Response.text("Lỗi máy chủ / Server error\n", status=500).asgi_send(send)
        return door
    return wrap


def _without_base_url(datasette, scope: dict) -> dict:
    """The request as Datasette 0.65's link helpers expect it: without `base_url`. Its
    views rebuild links from the request path and add `base_url` again (`fix_path`, the
    CSV and JSON links, `next_url`): with the prefix left in, those links hold it twice."""
    prefix = datasette.setting("base_url") or "/"
    if prefix == "/" or not scope["path"].startswith(prefix):
        return scope
    path = "/" + scope["path"][len(prefix):]
    raw = scope.get("raw_path")
    if raw is not None and raw.startswith(prefix.encode()):
        raw = b"/" + raw[len(prefix):]
    return {**scope, "path": path, "raw_path": raw}


def _language(scope: dict) -> tuple[dict, str | None]:
    """`?lang=vi|en` on any page: taken out of the query (a table page would read it as a
    filter on a column `lang`) and put into the request's cookie, so that every page,
    ours or Datasette's, chooses through i18n.choose; the response then keeps the cookie."""
    raw = scope.get("query_string", b"")
    if b"lang=" not in raw:
        return scope, None
    try:
        asked = [v for k, v in parse_qsl(raw.decode("utf-8"), keep_blank_values=True) if k == "lang"]
    except UnicodeDecodeError:
        return scope, None
    if not asked or asked[-1] not in i18n.LANGS:
        return scope, None
    chosen = asked[-1]
    query = b"&".join(p for p in raw.split(b"&") if p.split(b"=", 1)[0] != b"lang")
    headers = [(k, v) for k, v in scope["headers"] if k != b"cookie"]
    old = b"; ".join(v for k, v in scope["headers"] if k == b"cookie")
    headers.append((b"cookie", (old + b"; " if old else b"") + f"{i18n.COOKIE}={chosen}".encode()))
    return {**scope, "query_string": query, "headers": headers}, chosen


@hookimpl
def handle_exception(datasette, request, exception):
    """Datasette's errors from bad parameters are 400s (it raises them as DatasetteError
    with status 500, or lets int() and json.loads() fail); anything else a 500 with a
    short message. Each logs one short line. Default rendering otherwise."""
    if not configured(datasette):
        return None
    from datasette.utils.asgi import Base400
    from datasette.views.base import DatasetteError

    if isinstance(exception, Base400) or (isinstance(exception, DatasetteError) and exception.status < 500):
        return error_page(datasette, request, exception)
    if isinstance(exception, DatasetteError):
        status, message = 400, f"Yêu cầu không hợp lệ / Bad request: {exception}"
    else:
        status, message = 500, "Lỗi máy chủ / Server error"
    guard.log_line(status, request.method, request.path, exception)
    return error_page(datasette, request, DatasetteError(message[:500], status=status))


def error_page(datasette, request, exception):
    """Datasette's error page, with the same status, message and JSON, but rendered through
    `render_template`, so that it gets the site's header, language and CSS (Datasette's
    own handler renders error.html without `extra_template_vars`)."""
    from datasette.handle_exception import handle_exception as default
    from datasette.utils.asgi import Base400
    from markupsafe import Markup

    if request.path.split("?")[0].endswith(".json"):
        return default(datasette, request, exception)
    title, info = None, {}
    if isinstance(exception, Base400):
        status, message = exception.status, exception.args[0] if exception.args else ""
    else:
        status, info, message, title = exception.status, exception.error_dict, exception.message, exception.title
        if exception.message_is_html:
            message = Markup(message)

    async def inner():
        html = await datasette.render_template(
            [f"{status}.html", "error.html"], {**info, "ok": False, "error": message, "status": status, "title": title},
            request=request, view_name="page")
        return Response.html(html, status=status, headers={"Access-Control-Allow-Origin": "*"} if datasette.cors else {})
    return inner


@hookimpl
def prepare_connection(conn, database, datasette):
    """Our database only: `vn_fold()`, `vn_search()`, the `vn` collation its name columns
    are declared with, and (when serving the site) the value-length cap."""
    if database != our_database(datasette):
        return
    conn.create_function("vn_fold", 1, lambda text: fold(text) if isinstance(text, str) else text,
                         deterministic=True)
    conn.create_function("vn_search", 1, lambda query: api.search_ids(datasette, query))
    conn.create_collation(COLLATION, vn_collate)
    if configured(datasette):
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)


@hookimpl
def extra_css_urls(template, database, table, columns, view_name, request, datasette):
    if not ours(datasette, database, request):
        return []
    return [datasette.urls.static_plugins(PLUGIN, "opendata.css")]


SEARCH_BOX_PAGES = ("opendata_home.html", "opendata_search.html")     # the pages with the search box


@hookimpl
def extra_js_urls(template, database, table, columns, view_name, request, datasette):
    """The search box's completions (a module script: deferred, so it runs once the form is
    there); the box is a plain form without it."""
    if not configured(datasette) or template not in SEARCH_BOX_PAGES:
        return []
    return [{"url": datasette.urls.static_plugins(PLUGIN, "suggest.js"), "module": True}]


# Imported last, after the hooks above exist: `datasette.plugins` loads every installed
# plugin, this one included. When this package is imported first (a test importing
# `opendata.datasette_plugin.chart`), Datasette registers the module as it stands at
# that moment, so it must be complete; and `datasette.plugins` must come before
# `datasette.handle_exception`, which it registers as a default plugin.
import datasette.plugins  # noqa: E402,F401
import datasette.handle_exception  # noqa: E402

# Datasette 0.65 prints every error with rich's traceback and all local variables when
# rich is importable (frictionless brings it): a 400 for a bad SQL statement fills the
# log with request data, and outside an `except` block rich itself raises, turning a
# 404 or 405 into a 500. Its plain handling is what a public server wants.
datasette.handle_exception.rich = None
