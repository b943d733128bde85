"""A commune portal on loopback for harvest tests and benches: a threaded http.server
serving routes built from the templates in tests/fixtures/harvest/ (our own text, never
corpus text), with programmable behaviours and a request log.

Behaviours per route: fail first with given statuses (503, 429 + Retry-After), answer
slowly, redirect, serve in another charset; every 200 has an ETag and Last-Modified and
a matching conditional request gets 304.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from string import Template
from xml.sax.saxutils import escape

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "harvest"
LAST_MODIFIED = "Mon, 02 Sep 2024 08:00:00 GMT"


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict = field(default_factory=dict)
    fail_first: list = field(default_factory=list)     # statuses answered first, in order
    retry_after: str = ""                                # sent with a 429
    sleep: float = 0.0                                   # before answering (every time)
    sleep_first: int = 0                                 # only the first N answers are slow (0: all)
    validators: bool = True
    hits: int = 0

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


class Portal:
    """Routes by path (with query) and a log of (method, path, status, bytes, headers)."""

    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.log: list[list] = []          # [method, path, status (None until answered), bytes, headers, time]
        self.lock = threading.Lock()
        self.delay = 0.0           # added to every answer (slow portal)
        self.server = None

    def start(self) -> "Portal":
        portal = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                portal.handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def requests(self, path: str | None = None) -> list:
        with self.lock:
            return [tuple(r) for r in self.log if path is None or r[1] == path]

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        route = self.routes.get(h.path)
        entry = ["GET", h.path, None, 0, dict(h.headers), time.monotonic()]   # on arrival: slow answers count too
        with self.lock:
            self.log.append(entry)
            if route:
                route.hits += 1
                hit = route.hits
        h.log_entry = entry
        if self.delay:
            time.sleep(self.delay)
        if route is None:
            return self._send(h, 404, b"<html><body>Not found</body></html>", {"Content-Type": "text/html"})
        if route.sleep and (not route.sleep_first or hit <= route.sleep_first):
            time.sleep(route.sleep)
        if hit <= len(route.fail_first):
            status = route.fail_first[hit - 1]
            headers = {"Content-Type": "text/html"}
            if status == 429 and route.retry_after:
                headers["Retry-After"] = route.retry_after
            return self._send(h, status, b"<html><body>Busy</body></html>", headers)
        headers = {"Content-Type": route.content_type, **route.headers}
        if route.status == 200 and route.validators:
            headers["ETag"], headers["Last-Modified"] = route.etag, LAST_MODIFIED
            if h.headers.get("If-None-Match") == route.etag:
                return self._send(h, 304, b"", {"ETag": route.etag})
        return self._send(h, route.status, route.body, headers)

    def _send(self, h, status: int, body: bytes, headers: dict) -> None:
        with self.lock:
            h.log_entry[2:4] = [status, len(body)]
        try:
            h.send_response(status)
            for k, v in headers.items():
                h.send_header(k, v)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            if body:
                h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


# --- the fixture portals ------------------------------------------------------

def template(name: str) -> Template:
    return Template((FIXTURES / name).read_text(encoding="utf-8"))


def articles() -> list[dict]:
    return json.loads((FIXTURES / "articles.json").read_text(encoding="utf-8"))


def slug(text: str) -> str:
    from opendata.vntext import slugify

    return slugify(text)


PLATFORMS = {
    "liferay": {"template": "liferay_article.html",
                "article": "/web/portal/-/asset_publisher/AbC123/content/{slug}",
                "section": "/web/portal/tin-tuc",
                "page": "/web/portal/tin-tuc?p_p_id=101&_101_INSTANCE_AbC123_cur={n}"},
    "sharepoint": {"template": "sharepoint_article.html",
                   "article": "/Pages/ChiTiet.aspx?ItemID={n}",
                   "section": "/Pages/tin-tuc.aspx",
                   "page": "/Pages/tin-tuc.aspx?Page={n}"},
    "wordpress": {"template": "wordpress_article.html",
                  "article": "/{y}/{m}/{d}/{slug}/",
                  "section": "/tin-tuc/",
                  "page": "/tin-tuc/page/{n}/"},
}


def article_path(platform: str, n: int, art: dict) -> str:
    d, m, y = art["date"].split()[0].split("/")
    return PLATFORMS[platform]["article"].format(slug=slug(art["title"]), n=n, y=y, m=m, d=d)


def article_html(platform: str, art: dict, unit: tuple[str, str, str], padding: str = "",
                 banner: bool = True) -> str:
    commune, district, province = unit
    d, t = art["date"].split()
    day, month, year = d.split("/")
    html = template(PLATFORMS[platform]["template"]).substitute(
        title=escape(art["title"]), date=art["date"], views=art.get("views", 0), author=art.get("author", ""),
        iso=f"{year}-{month}-{day}T{t}:00+07:00",
        paragraphs="\n".join(f"<p>{escape(p)}</p>" for p in art["paragraphs"] + [f"Tin đăng trên trang của xã {commune}."]),
        commune=commune, district=district, province=province, padding=padding,
        email=f"{slug(commune)}@example.gov.vn".replace("-", ""))
    if not banner:          # nothing on the page names its unit: banner, site name and footer go
        for part in (f"UBND Xã {commune}", f"Huyện {district}", f"Tỉnh {province}"):
            html = html.replace(f">{part}<", "><", 1)
        for part in (f"Cơ quan chủ quản: UBND xã {commune}", f"Xã {commune} | ", f" – Xã {commune}",
                     f" &#8211; Xã {commune}"):
            html = html.replace(part, "")
    return html


def listing_html(platform: str, unit, heading: str, links: list[tuple[str, str]], pages: list[str],
                 current: int, feed: str = "") -> str:
    items = "\n".join(f'<li><a href="{escape(u)}">{escape(t)}</a> <span class="date">…</span></li>'
                      for u, t in links)
    pag = []
    for i, p in enumerate(pages, start=1):
        pag.append(f"<span>{i}</span>" if i == current else f'<a href="{escape(p)}">{i}</a>')
    if current < len(pages):
        pag.append(f'<a href="{escape(pages[current])}">Trang sau</a> <a href="{escape(pages[-1])}">»</a>')
    return template("listing.html").substitute(
        heading=heading, items=items, pagination=" ".join(pag), commune=unit[0], province=unit[2],
        section=PLATFORMS[platform]["section"],
        feed_link=f'<link rel="alternate" type="application/rss+xml" title="Tin tức" href="{feed}">' if feed else "")


def rss(base: str, items: list[tuple[str, str, str]]) -> bytes:
    """items: (path, title, dd/mm/yyyy HH:MM)."""
    from email.utils import format_datetime
    from datetime import timedelta, timezone

    out = ['<?xml version="1.0" encoding="utf-8"?>', '<rss version="2.0"><channel><title>Tin tức</title>',
           f"<link>{base}/</link>"]
    for path, title, when in items:
        dt = datetime.strptime(when, "%d/%m/%Y %H:%M").replace(tzinfo=timezone(timedelta(hours=7)))
        out.append(f"<item><title>{escape(title)}</title><link>{escape(base + path)}</link>"
                   f"<pubDate>{format_datetime(dt)}</pubDate></item>")
    out.append("</channel></rss>")
    return "\n".join(out).encode("utf-8")


def sitemap(base: str, paths: list[tuple[str, str]]) -> bytes:
    """paths: (path, lastmod YYYY-MM-DD)."""
    urls = "".join(f"<url><loc>{escape(base + p)}</loc><lastmod>{m}</lastmod></url>" for p, m in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + urls + "</urlset>").encode("utf-8")


def sitemap_index(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<sitemap><loc>{escape(base + p)}</loc></sitemap>" for p in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + items + "</sitemapindex>").encode("utf-8")


def iso_day(date_line: str) -> str:
    d, m, y = date_line.split()[0].split("/")
    return f"{y}-{m}-{d}"


def cp1258(text: str) -> bytes:
    """Windows-1258 bytes of Vietnamese text: base letters with their hat or horn
    precomposed where the code page has them, tone marks as combining characters."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        for i, m in enumerate(marks):
            composed = unicodedata.normalize("NFC", base + m)
            if len(composed) == 1:
                try:
                    out.append(composed.encode("cp1258") + "".join(marks[:i] + marks[i + 1:]).encode("cp1258"))
                    break
                except UnicodeEncodeError:
                    continue
        else:
            out.append((base + "".join(marks)).encode("cp1258"))
    return b"".join(out)


def add_listing(portal: Portal, platform: str, unit, heading: str, links: list[tuple[str, str]],
                per_page: int, feed: str = "") -> list[str]:
    """The section's listing pages (page 1 at the section address); returns their paths."""
    spec = PLATFORMS[platform]
    chunks = [links[i:i + per_page] for i in range(0, len(links), per_page)] or [[]]
    paths = [spec["section"]] + [spec["page"].format(n=n) for n in range(2, len(chunks) + 1)]
    for n, chunk in enumerate(chunks, start=1):
        portal.routes[paths[n - 1]] = Route(listing_html(platform, unit, heading, chunk, paths, n, feed).encode())
    return paths
