"""One harvest: discover each portal's articles, fetch them, add them, write in batches.

Data is written every `batch` articles (and at the end) through the Ingester's
validated all-or-nothing write, then the harvest state: a harvest killed at any
moment loses at most the batch in progress and never leaves data/ half-written; the
next run skips what is already stored (304, or the same content hash).
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urljoin, urlsplit

from ..errors import OpendataError
from ..ingest import canonical_url, iso, news_id
from ..package import Package
from ..pages import VN_TZ
from .discover import (ASSET, PageLinks, Robots, clean_link, is_pagination, looks_like_feed, page_links,
                       parse_feed, parse_robots, parse_sitemap)
from .fetch import FetchError, Fetcher, Response, host_key, same_portal
from .provenance import HarvestIngester, OlderThanSince
from .state import PortalState, States


@dataclass
class Options:
    unit: str = ""
    since: date | None = None
    max_articles: int | None = None
    delay: float = 1.0
    timeout: float = 30.0
    retries: int = 3
    batch: int = 50
    max_pages: int = 200            # listing pages walked per portal
    max_bytes: int = 20 * 1024 * 1024
    max_retry_after: float = 120.0
    backoff: float = 1.0


@dataclass
class Report:
    counts: Counter = field(default_factory=Counter)       # added/updated/unchanged/removed/older
    failed: Counter = field(default_factory=Counter)       # by kind
    not_articles: Counter = field(default_factory=Counter)  # by kind: home, listing, duplicate …
    failures: list[tuple[str, str, str]] = field(default_factory=list)   # (url, kind, message)
    robots: list[str] = field(default_factory=list)         # one line per portal
    disallowed: list[str] = field(default_factory=list)
    listing_pages: int = 0
    sitemaps: int = 0
    feeds: int = 0
    written: list[str] = field(default_factory=list)        # tables written, over all batches
    writes: int = 0
    requests: str = ""
    seconds: float = 0.0

    @property
    def read(self) -> int:
        return self.counts["added"] + self.counts["updated"] + self.counts["unchanged"]

    def fail(self, url: str, kind: str, message: str) -> None:
        self.failed[kind] += 1
        self.failures.append((url, kind, message))

    def summary(self) -> str:
        def kinds(c: Counter) -> str:
            return f" ({', '.join(f'{k} {n}' for k, n in sorted(c.items()))})" if c else ""

        c = self.counts
        lines = list(self.robots)
        lines.append(f"Discovery: {self.sitemaps} sitemap(s), {self.feeds} feed(s), {self.listing_pages} listing page(s)")
        lines.append(f"Articles: {c['added']} new, {c['updated']} updated, {c['unchanged']} unchanged, "
                     f"{sum(self.failed.values())} failed{kinds(self.failed)}; {c['removed']} removed from the portal"
                     + (f"; {c['older']} older than --since" if c["older"] else "")
                     + (f"; {sum(self.not_articles.values())} skipped{kinds(self.not_articles)}"
                        if self.not_articles else "")
                     + (f"; {len(self.disallowed)} disallowed by robots.txt" if self.disallowed else ""))
        for url, kind, message in self.failures[:20]:
            lines.append(f"  failed [{kind}] {message}" if message.startswith(url) else f"  failed [{kind}] {url}: {message}")
        if len(self.failures) > 20:
            lines.append(f"  … and {len(self.failures) - 20} more")
        lines.append(f"Requests: {self.requests}; {self.seconds:.1f} s")
        lines.append(f"Wrote {', '.join(sorted(set(self.written)))} ({self.writes} write(s))" if self.written
                     else "Nothing changed in the package.")
        return "\n".join(lines)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _root(url: str) -> str:
    p = urlsplit(url)
    return f"{p.scheme}://{p.netloc}/"


class Harvest:
    def __init__(self, package: Package, build_dir: Path, options: Options,
                 say: Callable[[str], None] = lambda m: None, fetcher: Fetcher | None = None):
        self.package, self.opts, self.say = package, options, say
        self.fetcher = fetcher or Fetcher(delay=options.delay, timeout=options.timeout, retries=options.retries,
                                          backoff=options.backoff, max_retry_after=options.max_retry_after,
                                          max_bytes=options.max_bytes)
        self.states = States(build_dir / "harvest")
        self.ing = HarvestIngester(package, since=options.since)
        self.report = Report()
        self.pending = 0
        self.done: set[str] = set()          # canonical URLs handled in this run
        self.processed = 0                   # article URLs attempted (--max)

    # --- the run ------------------------------------------------------------

    def run(self, urls: list[str]) -> Report:
        started = time.monotonic()
        try:
            for url in urls:
                start = clean_link(url)
                if not start:
                    raise OpendataError(f"not an http(s) address: '{url}'", hint="give the portal's home page URL")
                if self._full():
                    break
                self.portal(start)
            self.commit()
        finally:
            self.states.close()
            self.report.requests = self.fetcher.stats.line()
            self.report.seconds = time.monotonic() - started
        return self.report

    def _full(self) -> bool:
        return self.opts.max_articles is not None and self.processed >= self.opts.max_articles

    def commit(self) -> None:
        """The package first, then the state that describes it (see the module docstring)."""
        tables = list(self.ing.tables())
        if self.ing.commit():
            self.report.written.extend(tables)
            self.report.writes += 1
            self.say(f"wrote {', '.join(tables)}")
        self.states.save()
        self.pending = 0

    def portal(self, start: str) -> None:
        st = self.states.of(start)
        checked = iso(datetime.now(VN_TZ))
        robots = self.robots(start, st)
        candidates: dict[str, date | None] = {}
        links = self.doc(start, st, "page")
        if links is None:
            return
        if not links.articles and not links.pagination and not links.sections and not links.feeds:
            self.say(f"{start}: no links found")
        # Sitemaps: robots.txt's, else the usual place.
        sitemap_urls = robots.sitemaps or [urljoin(_root(start), "sitemap.xml")]
        queue, seen = deque(sitemap_urls), set()
        while queue and len(seen) < 100:
            sm = queue.popleft()
            if sm in seen or not same_portal(start, sm):
                continue
            seen.add(sm)
            doc = self.doc(sm, st, "sitemap", quiet=sm not in robots.sitemaps, robots=robots)
            if doc is None:
                continue
            self.report.sitemaps += 1
            queue.extend(doc["sitemaps"])
            for url, when in doc["pages"]:
                candidates.setdefault(url, when and date.fromisoformat(when))
        from_sitemap = bool(candidates)
        for feed in links.feeds:
            doc = self.doc(feed, st, "feed", robots=robots)
            if doc is None:
                continue
            self.report.feeds += 1
            for url, when in doc["items"]:
                candidates.setdefault(url, when and date.fromisoformat(when))
        self.say(f"{start}: {len(candidates)} article address(es) from {self.report.sitemaps} sitemap(s) and "
                 f"{len(links.feeds)} feed(s)")
        starts = {canonical_url(start)}
        for url, when in candidates.items():
            if self._full():
                break
            if canonical_url(url) in starts or ASSET.search(urlsplit(url).path) or is_pagination(url, ""):
                continue
            if self.opts.since and when and when < self.opts.since:
                self.report.counts["older"] += 1
                continue
            self.article(url, start, st, robots)
        if not from_sitemap and not self._full():
            # A feed holds only the latest items: walk the listing pages too.
            self.walk(start, links, st, robots)
        if self.opts.max_articles is None and not self.opts.since:
            # Known articles no longer listed: still there, changed, or removed?
            for url, entry in list(st.pages.items()):
                if entry.get("news_id") and url not in self.done and entry.get("role") == "article":
                    self.article(url, start, st, robots)
        st.last_checked = checked
        self.commit()

    # --- discovery ----------------------------------------------------------

    def robots(self, start: str, st: PortalState) -> Robots:
        url = urljoin(_root(start), "robots.txt")
        agent = self.fetcher.user_agent
        entry = st.get(url)
        try:
            resp = self.fetcher.get(url, entry.get("etag", ""), entry.get("last_modified", ""))
        except FetchError as exc:
            if exc.status in (401, 403, 404, 410) or (exc.status and 400 <= exc.status < 500):
                self.report.robots.append(f"{_root(start)}: no robots.txt (HTTP {exc.status}): everything allowed")
                return Robots(None)
            self.report.robots.append(f"{_root(start)}: robots.txt unreachable ({exc.message}): "
                                      "staying out, as RFC 9309 asks")
            self.report.fail(url, exc.kind, exc.message)
            return Robots(None, disallow_all=True)
        text = entry.get("text", "") if resp.status == 304 else resp.body.decode("utf-8", "replace")
        st.put(url, {"role": "robots", "etag": resp.etag, "last_modified": resp.last_modified, "text": text,
                     "status": resp.status, "fetched_at": iso(datetime.now(VN_TZ))})
        robots = parse_robots(text, agent)
        rules = sum(1 for line in text.splitlines() if line.strip().lower().startswith(("disallow", "allow")))
        extra = f", Crawl-delay {robots.crawl_delay:g} s" if robots.crawl_delay else ""
        self.report.robots.append(f"{_root(start)}: robots.txt honoured ({rules} rule(s), "
                                  f"{len(robots.sitemaps)} sitemap(s){extra})")
        if robots.crawl_delay:
            self.fetcher.host_delay[host_key(start)] = min(robots.crawl_delay, 60.0)
        return robots

    def doc(self, url: str, st: PortalState, role: str, quiet: bool = False, robots: Robots | None = None):
        """A listing page, sitemap or feed, read (or, unchanged, its stored reading)."""
        if robots is not None and not robots.allowed(url, self.fetcher.user_agent):
            self.report.disallowed.append(url)
            self.say(f"robots.txt disallows {url}")
            return None
        entry = st.get(url)
        try:
            resp = self.fetcher.get(url, entry.get("etag", ""), entry.get("last_modified", ""), portal=url)
        except FetchError as exc:
            if not quiet:
                self.report.fail(url, exc.kind, exc.message)
                self.say(f"failed [{exc.kind}] {exc.message}")
            return None
        sha = _sha(resp.body) if resp.status == 200 else entry.get("sha256", "")
        if resp.status == 304 or sha == entry.get("sha256"):
            parsed = entry.get("doc")
        else:
            parsed = None
        if parsed is None:
            if resp.status == 304:            # stored reading lost: fetch it whole
                resp = self.fetcher.get(url, portal=url)
                sha = _sha(resp.body)
            parsed = self._parse(resp, role)
            if parsed is None:
                if not quiet:
                    self.report.fail(url, "unreadable", f"not a {role} ({resp.content_type or 'no type'})")
                return None
        st.put(url, {"role": role, "etag": resp.etag or entry.get("etag", "") if resp.status == 304 else resp.etag,
                     "last_modified": resp.last_modified or (entry.get("last_modified", "") if resp.status == 304 else ""),
                     "sha256": sha, "status": resp.status, "fetched_at": iso(datetime.now(VN_TZ)), "doc": parsed})
        return PageLinks.from_dict(parsed) if role == "page" else parsed

    def _parse(self, resp: Response, role: str):
        from ..ingest import decode_page

        if role == "sitemap":
            children, pages = parse_sitemap(resp.body, resp.url)
            if not children and not pages:
                return None
            return {"sitemaps": children, "pages": [(u, d.isoformat() if d else None) for u, d in pages]}
        if role == "feed":
            if not looks_like_feed(resp.body):
                return None
            return {"items": [(u, d.isoformat() if d else None) for u, d in parse_feed(resp.body, resp.url)]}
        try:
            text = decode_page(resp.body, resp.url, resp.content_type)
        except OpendataError:
            text = resp.body.decode("utf-8", "replace")
        return page_links(text, resp.url, resp.url).as_dict()

    def walk(self, start: str, first: PageLinks, st: PortalState, robots: Robots) -> None:
        """Listing pages and their pagination, breadth first, bounded by --max-pages; news
        sections the start page links to are walked too (one level)."""
        queue: deque[tuple[str, int, PageLinks | None]] = deque([(start, 0, first)])
        seen = {start}
        pages = 0
        while queue and pages < self.opts.max_pages and not self._full():
            url, depth, links = queue.popleft()
            if links is None:
                links = self.doc(url, st, "page", robots=robots)
                if links is None:
                    continue
            pages += 1
            self.report.listing_pages += 1
            fresh = [a for a in links.articles if canonical_url(a) not in self.done]
            self.say(f"listing {pages}: {url} ({len(fresh)} article link(s))")
            older_before = self.report.counts["older"]
            read_before = self.report.read
            for a in fresh:
                if self._full():
                    break
                self.article(a, start, st, robots)
            all_older = (self.opts.since and self.report.counts["older"] > older_before
                         and self.report.read == read_before)
            if not all_older:
                for p in links.pagination:
                    if p not in seen:
                        seen.add(p)
                        queue.append((p, depth, None))
            if depth == 0:
                for s in links.sections:
                    if s not in seen:
                        seen.add(s)
                        queue.append((s, depth + 1, None))

    # --- one article ----------------------------------------------------------

    def article(self, url: str, portal: str, st: PortalState, robots: Robots) -> None:
        key = canonical_url(url)
        if not key or key in self.done:
            return
        self.done.add(key)
        if not same_portal(portal, url):
            return
        if not robots.allowed(url, self.fetcher.user_agent):
            self.report.disallowed.append(url)
            self.say(f"robots.txt disallows {url}")
            return
        self.processed += 1
        entry = st.get(key)
        known = entry.get("news_id") in self.ing.news or (entry.get("kind") and entry.get("sha256"))
        cond = entry if known else {}
        now = datetime.now(VN_TZ)
        try:
            resp = self.fetcher.get(url, cond.get("etag", ""), cond.get("last_modified", ""), portal=portal)
        except FetchError as exc:
            nid = entry.get("news_id")
            if exc.status in (404, 410) and nid in self.ing.news:
                if self.ing.record_removed(nid, now):
                    self.report.counts["removed"] += 1
                    self.say(f"removed  {url} (HTTP {exc.status})")
                else:
                    self.report.counts["unchanged"] += 1
                st.put(key, dict(entry, status=exc.status, fetched_at=iso(now)))
            else:
                self.report.fail(url, exc.kind, exc.message)
                self.say(f"failed [{exc.kind}] {exc.message}")
            self._tick()
            return
        final = resp.url
        sha = _sha(resp.body) if resp.status == 200 else entry.get("sha256", "")
        if known and (resp.status == 304 or sha == entry.get("sha256")):
            if entry.get("kind"):
                self.report.not_articles[entry["kind"]] += 1
            else:
                self.report.counts["unchanged"] += 1
                self.ing.record_present(entry["news_id"])
            self.say(f"unchanged {url}" + (" (304)" if resp.status == 304 else " (same content)"))
            st.put(key, dict(entry, etag=resp.etag or entry.get("etag", ""),
                             last_modified=resp.last_modified or entry.get("last_modified", ""),
                             status=resp.status, fetched_at=iso(now)))
            self._tick()
            return
        if resp.status == 304:                   # we sent no validators; a confused server
            resp = self.fetcher.get(url, portal=portal)
            sha, final = _sha(resp.body), resp.url
        if canonical_url(final) != key and canonical_url(final) in self.done:
            return                               # a redirect to a page already read
        self.done.add(canonical_url(final))
        self.ing.retrieved_at = now
        base = {"role": "article", "status": resp.status, "fetched_at": iso(now), "sha256": sha,
                "etag": resp.etag, "last_modified": resp.last_modified}
        try:
            what, row = self.ing.add_page(resp.body, final, content_type=resp.content_type, unit_code=self.opts.unit)
        except OlderThanSince:
            self.report.counts["older"] += 1
            st.put(key, dict(base, etag="", last_modified=""))
            self._tick()
            return
        except OpendataError as exc:
            kind = getattr(exc, "kind", None)
            if kind:                              # a home, listing or error page; a duplicate
                self.report.not_articles[kind] += 1
                st.put(key, dict(base, kind=kind))
                self.say(f"skipped ({kind}) {url}: {exc.message}")
            else:                                 # unreadable: no validators kept, read again next time
                self.report.fail(url, "unreadable", exc.format().replace("\n", " "))
                st.put(key, dict(base, etag="", last_modified="", sha256=""))
                self.say(f"failed [unreadable] {url}: {exc.message}")
            self._tick()
            return
        self.report.counts[what] += 1
        self.ing.record_fetch(row["id"], url, what, status=resp.status, content_type=resp.content_type,
                              etag=resp.etag, last_modified=resp.last_modified, sha256=sha, size=len(resp.body),
                              at=now)
        st.put(key, dict(base, news_id=row["id"]))
        self.say(f"{what:9} {url}")
        self.pending += 1
        self._tick()

    def _tick(self) -> None:
        if self.pending >= self.opts.batch:
            self.commit()


def harvest(package: Package, build_dir: Path, urls: list[str], options: Options,
            say: Callable[[str], None] = lambda m: None) -> Report:
    return Harvest(package, build_dir, options, say).run(urls)
