"""Finding a portal's article pages: robots.txt, sitemaps, RSS/Atom feeds, listing pages.

Only the reading is here (bytes in, links out); run.py decides what to fetch. A link
is taken for an article when its address looks like one (a long slug, a year/month
path, an id parameter, a Liferay asset, a SharePoint item) or its text reads like a
headline; pagination is recognised by its text ("Trang sau", "»", a page number) or
its address (page=2, /trang-2, /page/2, _cur=2).
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from .fetch import same_portal

ASSET = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|ico|css|js|pdf|docx?|xlsx?|pptx?|zip|rar|7z|mp[34]|avi|"
                   r"wmv|xml|rss|txt)$", re.IGNORECASE)
_PAGE_PARAM = re.compile(r"^(?:page|paged|p|trang|pageindex|pagenum|pg|start|offset|.*_cur|cur)$", re.IGNORECASE)
_PAGE_PATH = re.compile(r"/(?:trang|page|p)[-/](\d+)(?:\.html?)?/?$", re.IGNORECASE)
_PAGE_TEXT = re.compile(r"^(?:\d{1,4}|trang sau|sau|tiếp|tiếp theo|next|»|›|>|>>|trang kế|cuối|last|"
                        r"trang \d+|«|‹|<|<<|trước|trang trước|đầu|first|prev(?:ious)?)$", re.IGNORECASE)
_ARTICLE_PATH = re.compile(
    r"(?:/-/asset_publisher/|/-/view_content/|/chi-tiet|/chitiet|/detail|/tin-tuc/[^/]+-[^/]+-[^/]+|"
    r"/\d{4}/\d{1,2}/(?:\d{1,2}/)?[^/]+|[a-z0-9]+(?:-[a-z0-9]+){3,}(?:-\d+)?(?:\.html?|\.aspx)?/?$)",
    re.IGNORECASE)
_ARTICLE_PARAM = re.compile(r"^(?:itemid|newsid|id|articleid|p|postid|tinid|_.*_articleid)$", re.IGNORECASE)
NEWS_SECTION = re.compile(r"tin[- ]?t[uứ]c|tin[- ]b[aà]i|news|s[uự][- ]ki[eệ]n|th[oô]ng[- ]b[aá]o|ho[aạ]t[- ]đ?[oộ]ng|"
                          r"tin[- ]ho[aạ]t|c[aả]i[- ]c[aá]ch|category|chuyen-muc|chuyên mục", re.IGNORECASE)


@dataclass
class Robots:
    parser: RobotFileParser | None       # None: no robots.txt (everything allowed)
    sitemaps: list[str] = field(default_factory=list)
    crawl_delay: float | None = None
    disallow_all: bool = False           # robots.txt unreachable (5xx): RFC 9309 says stay out

    def allowed(self, url: str, agent: str) -> bool:
        if self.disallow_all:
            return False
        return self.parser is None or self.parser.can_fetch(agent, url)


def parse_robots(text: str, agent: str) -> Robots:
    rp = RobotFileParser()
    rp.parse(text.splitlines())
    sitemaps = [m.group(1).strip() for m in re.finditer(r"(?im)^\s*sitemap\s*:\s*(\S+)", text)]
    delay = rp.crawl_delay(agent)
    return Robots(rp, sitemaps, float(delay) if delay is not None else None)


def _xml_root(data: bytes):
    import lxml.etree

    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    parser = lxml.etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return lxml.etree.fromstring(data.lstrip(), parser=parser)
    except lxml.etree.XMLSyntaxError:
        return None


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(el, name: str) -> str:
    for c in el:
        if _local(c.tag) == name:
            return (c.text or "").strip()
    return ""


def parse_date(text: str) -> date | None:
    """A sitemap lastmod (W3C datetime), an RSS pubDate (RFC 822) or an Atom date."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def parse_sitemap(data: bytes, base: str) -> tuple[list[str], list[tuple[str, date | None]]]:
    """(child sitemaps, (page URL, lastmod) entries) of a sitemap or sitemap index."""
    root = _xml_root(data)
    if root is None:
        return [], []
    children, pages = [], []
    kind = _local(root.tag)
    for el in root:
        name = _local(el.tag)
        loc = _child_text(el, "loc")
        if not loc:
            continue
        loc = urljoin(base, loc)
        if kind == "sitemapindex" or name == "sitemap":
            children.append(loc)
        elif name == "url":
            pages.append((loc, parse_date(_child_text(el, "lastmod"))))
    return children, pages


def looks_like_feed(data: bytes) -> bool:
    head = data[:1000].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)


def parse_feed(data: bytes, base: str) -> list[tuple[str, date | None]]:
    """(article URL, publish date) of each RSS item or Atom entry."""
    root = _xml_root(data)
    if root is None:
        return []
    out = []
    for el in root.iter():
        name = _local(el.tag)
        if name == "item":
            link = _child_text(el, "link") or _child_text(el, "guid")
            when = parse_date(_child_text(el, "pubdate") or _child_text(el, "date"))
        elif name == "entry":
            link = ""
            for c in el:
                if _local(c.tag) == "link" and c.get("rel", "alternate") == "alternate":
                    link = c.get("href", "")
                    break
            when = parse_date(_child_text(el, "published") or _child_text(el, "updated"))
        else:
            continue
        if link:
            out.append((urljoin(base, link.strip()), when))
    return out


@dataclass
class PageLinks:
    feeds: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    pagination: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)     # other pages of the portal that may list news
    others: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"feeds": self.feeds, "articles": self.articles, "pagination": self.pagination,
                "sections": self.sections, "others": self.others}

    @classmethod
    def from_dict(cls, d: dict) -> "PageLinks":
        return cls(**{k: list(d.get(k, [])) for k in ("feeds", "articles", "pagination", "sections", "others")})


def clean_link(url: str) -> str:
    """Without the fragment; '' for what is not an http(s) page."""
    p = urlsplit(url.strip())
    if p.scheme not in ("http", "https") or not p.netloc:
        return ""
    return urlunsplit((p.scheme, p.netloc, p.path or "/", p.query, ""))


def is_pagination(url: str, text: str) -> bool:
    p = urlsplit(url)
    if _PAGE_PATH.search(p.path):
        return True
    if any(_PAGE_PARAM.match(k) and v.isdigit() for k, v in parse_qsl(p.query)) and not _ARTICLE_PATH.search(p.path):
        return True
    return bool(_PAGE_TEXT.match(text)) and not looks_like_article(url, text)


def looks_like_article(url: str, text: str) -> bool:
    p = urlsplit(url)
    if _ARTICLE_PATH.search(p.path):
        return True
    if any(_ARTICLE_PARAM.match(k) and v for k, v in parse_qsl(p.query)):
        return True
    words = text.split()
    return len(words) >= 6 and len(text) >= 30


def page_links(html: str, base: str, portal: str) -> PageLinks:
    """Links of a home, section or listing page, sorted by what they are."""
    import lxml.html

    out = PageLinks()
    try:
        tree = lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"),
                                             parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (ValueError, Exception):  # noqa: BLE001 - an unparsable page simply has no links
        return out
    base_el = tree.find(".//base[@href]")
    if base_el is not None:
        base = urljoin(base, base_el.get("href"))
    seen = set()
    for link in tree.iterfind(".//link[@href]"):
        rel, kind = (link.get("rel") or "").lower(), (link.get("type") or "").lower()
        if "alternate" in rel and kind in ("application/rss+xml", "application/atom+xml"):
            url = clean_link(urljoin(base, link.get("href")))
            if url and url not in out.feeds:
                out.feeds.append(url)
    for a in tree.iterfind(".//a[@href]"):
        href = a.get("href") or ""
        if href.startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        url = clean_link(urljoin(base, href))
        if not url or url == clean_link(base) or not same_portal(portal, url) or url in seen:
            continue
        path = urlsplit(url).path
        text = " ".join(a.text_content().split())
        if path.lower().endswith((".rss", ".xml")) or "/rss" in path.lower():
            if url not in out.feeds:
                out.feeds.append(url)
            continue
        if ASSET.search(path):
            continue
        seen.add(url)
        if is_pagination(url, text):
            out.pagination.append(url)
        elif looks_like_article(url, text):
            out.articles.append(url)
        elif NEWS_SECTION.search(path) or NEWS_SECTION.search(text):
            out.sections.append(url)
        else:
            out.others.append(url)
    return out
