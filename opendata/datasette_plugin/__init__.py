"""The Datasette plugin: the public site (home, search, article, reform event and reform
overview pages), search as JSON and CSV, and the SQL functions `vn_fold()` and `vn_search()`.

Configured through metadata `plugins.opendata.index_dir` (written by `opendata serve`).
Without it the plugin adds only the SQL functions and Datasette behaves as usual,
because an installed plugin loads in every Datasette run of the environment.
"""

from __future__ import annotations

import sqlite3

from datasette import hookimpl
from datasette.utils.asgi import Response

from ..vntext import fold
from . import api, downloads, garbage, site

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
    return inner


READ_METHODS = {"GET", "HEAD", "OPTIONS"}


@hookimpl
def asgi_wrapper(datasette):
    """The public site only reads: any other method is answered 405 at the door, before
    Datasette (which asserts on a POST to a table, a 500) sees it."""
    if not (datasette.plugin_config("opendata") or {}).get("index_dir"):
        return None

    def wrap(app):
        async def read_only(scope, receive, send):
            if scope["type"] == "http" and scope["method"] not in READ_METHODS:
                await Response.text("method not allowed: this site is read-only", status=405,
                                    headers={"Allow": "GET, HEAD, OPTIONS"}).asgi_send(send)
                return
            await app(scope, receive, send)
        return read_only
    return wrap


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
