"""The Datasette plugin: the public site (home, search, article, reform event and reform
overview pages), search as JSON and CSV, and the SQL functions `vn_fold()` and `vn_search()`.

Configured through metadata `plugins.opendata.index_dir` (written by `opendata serve`).
Without it the plugin adds only the SQL functions and Datasette behaves as usual,
because an installed plugin loads in every Datasette run of the environment.
"""

from __future__ import annotations

import os
import sqlite3
from urllib.parse import urlsplit

from datasette import hookimpl
from datasette.utils.asgi import Response

from ..vntext import fold
from . import api, discovery, downloads, feeds, garbage, guard, site, units_page, xlsx

MAX_VALUE_BYTES = 2_000_000          # SQLITE_LIMIT_LENGTH for user queries
PLUGIN = "commune-opendata"          # Datasette names an installed plugin by its distribution


@hookimpl
def register_routes(datasette):
    if not (datasette.plugin_config("opendata") or {}).get("index_dir"):
        return []
    routes = [
        (r"^/$", site.home),
        (r"^/-/search$", site.search_page),
        (r"^/-/article/(?P<id>[a-z0-9][a-z0-9-]{2,99})$", site.article_page),
        (r"^/-/event/(?P<id>[a-z0-9][a-z0-9-]{2,120})$", site.event_page),   # reform_events.id
        (r"^/-/reform$", site.reform_page),
        (r"^/-/search\.json$", api.search_json),
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
    first request (no request, and no SQL calling `vn_search()`, waits for it)."""
    if not (datasette.plugin_config("opendata") or {}).get("index_dir"):
        return None

    async def inner():
        garbage.start()
        api.load_searcher(datasette)
        await guard.load_columns(datasette)
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
    host instead of the visitor's, bad parameters refused (guard.py), and an error that
    escapes Datasette answered with a short 500 and one log line, never a traceback."""
    if not (datasette.plugin_config("opendata") or {}).get("index_dir"):
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
            try:
                guard.check(scope["path"], scope.get("query_string", b""))
            except guard.Refused as exc:
                guard.log_line(exc.status, method, scope["path"], exc)
                return await guard.refusal(exc, scope["path"]).asgi_send(send)
            started = False

            async def watched(message):
                nonlocal started
                if message["type"] == "http.response.start":
                    started = True
                await send(message)

            try:
                await app(scope, receive, watched)
            except Exception as exc:  # noqa: BLE001 - the last line of defence
                guard.log_line(500, method, scope["path"], exc)
                if not started:
                    await Response.text("Lỗi máy chủ / Server error\n", status=500).asgi_send(send)
        return door
    return wrap


@hookimpl
def handle_exception(datasette, request, exception):
    """Datasette's errors from bad parameters are 400s (it raises them as DatasetteError
    with status 500, or lets int() and json.loads() fail); anything else a 500 with a
    short message. Each logs one short line. Default rendering otherwise."""
    if not (datasette.plugin_config("opendata") or {}).get("index_dir"):
        return None
    from datasette.handle_exception import handle_exception as render
    from datasette.utils.asgi import Base400
    from datasette.views.base import DatasetteError

    if isinstance(exception, Base400) or (isinstance(exception, DatasetteError) and exception.status < 500):
        return None
    if isinstance(exception, DatasetteError) or isinstance(exception, (ValueError, OverflowError, LookupError)):
        status, message = 400, f"Yêu cầu không hợp lệ / Bad request: {exception}"
    else:
        status, message = 500, "Lỗi máy chủ / Server error"
    guard.log_line(status, request.method, request.path, exception)
    return render(datasette, request, DatasetteError(message[:500], status=status))


@hookimpl
def prepare_connection(conn, datasette):
    conn.create_function("vn_fold", 1, lambda text: fold(text) if isinstance(text, str) else text,
                         deterministic=True)
    conn.create_function("vn_search", 1, lambda query: api.search_ids(datasette, query))
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.static_plugins(PLUGIN, "opendata.css")]


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
