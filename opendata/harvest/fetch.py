"""One polite HTTP client for harvesting: standard library only.

One request at a time per host with a delay between them, a User-Agent naming the
project, timeouts, retries with exponential backoff on timeouts, 5xx and 429 (its
Retry-After honoured, up to a cap), redirects followed only inside the portal (same
host, http<->https of it), a cap on the body size read, and conditional requests.
"""

from __future__ import annotations

import email.utils
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

from .. import __version__

MAX_BYTES = 20 * 1024 * 1024
DEFAULT_TIMEOUT = 30.0
RETRY_STATUSES = {429, 500, 502, 503, 504}


def homepage() -> str:
    """The project's homepage from its installed metadata (pyproject [project.urls])."""
    try:
        from importlib.metadata import metadata

        meta = metadata("commune-opendata")
        for entry in meta.get_all("Project-URL") or []:
            label, _, url = entry.partition(",")
            if label.strip().lower() in ("homepage", "home", "source", "repository"):
                return url.strip()
        if meta.get("Home-page"):
            return meta["Home-page"]
    except Exception:  # noqa: BLE001 - not installed: fall back to the package's index page
        pass
    return "https://pypi.org/project/commune-opendata/"


USER_AGENT = f"commune-opendata/{__version__} (+{homepage()})"


class FetchError(Exception):
    """A page that could not be fetched; `kind` says why (timeout, http-404, off-portal …)."""

    def __init__(self, url: str, kind: str, message: str, status: int | None = None):
        self.url, self.kind, self.message, self.status = url, kind, message, status
        super().__init__(f"{url}: {message}")


@dataclass
class Response:
    url: str                 # after redirects
    status: int              # 200, or 304 for a conditional request that matched
    headers: dict[str, str]
    body: bytes = b""
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def etag(self) -> str:
        return self.headers.get("etag", "")

    @property
    def last_modified(self) -> str:
        return self.headers.get("last-modified", "")


@dataclass
class Stats:
    requests: int = 0
    bytes: int = 0
    not_modified: int = 0
    retries: int = 0
    by_status: dict[int, int] = field(default_factory=dict)

    def line(self) -> str:
        statuses = ", ".join(f"{n}× {s}" for s, n in sorted(self.by_status.items()))
        return (f"{self.requests} request(s), {self.bytes:,} bytes downloaded, {self.not_modified} not modified"
                f" (304), {self.retries} retried" + (f"; statuses: {statuses}" if statuses else ""))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects come back as responses, so that each hop is checked against the portal."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def same_portal(a: str, b: str) -> bool:
    """Same host and port, allowing http<->https of the same host on default ports."""
    pa, pb = urlsplit(a), urlsplit(b)
    if pa.scheme not in ("http", "https") or pb.scheme not in ("http", "https"):
        return False
    if (pa.hostname or "").lower() != (pb.hostname or "").lower():
        return False
    default = {"http": 80, "https": 443}
    port_a, port_b = pa.port or default[pa.scheme], pb.port or default[pb.scheme]
    return port_a == port_b or {port_a, port_b} == {80, 443}


def host_key(url: str) -> str:
    p = urlsplit(url)
    return (p.hostname or "").lower() + (f":{p.port}" if p.port and p.port not in (80, 443) else "")


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


class Fetcher:
    """Sequential, so one request at a time per host; `delay` seconds between two
    requests to the same host (a robots.txt Crawl-delay raises it for that host)."""

    def __init__(self, delay: float = 1.0, timeout: float = DEFAULT_TIMEOUT, retries: int = 3,
                 backoff: float = 1.0, max_retry_after: float = 120.0, max_bytes: int = MAX_BYTES,
                 user_agent: str = USER_AGENT, sleep=time.sleep, clock=time.monotonic):
        self.delay, self.timeout, self.retries, self.backoff = delay, timeout, retries, backoff
        self.max_retry_after, self.max_bytes, self.user_agent = max_retry_after, max_bytes, user_agent
        self.sleep, self.clock = sleep, clock
        self.host_delay: dict[str, float] = {}
        self._last: dict[str, float] = {}
        self.stats = Stats()
        self._opener = urllib.request.build_opener(_NoRedirect())

    def _wait_turn(self, url: str) -> None:
        host = host_key(url)
        delay = max(self.delay, self.host_delay.get(host, 0.0))
        last = self._last.get(host)
        if last is not None and delay > 0:
            wait = last + delay - self.clock()
            if wait > 0:
                self.sleep(wait)

    def get(self, url: str, etag: str = "", last_modified: str = "", portal: str | None = None,
            max_redirects: int = 5) -> Response:
        """GET `url`, following redirects inside `portal` (default: url's own portal).
        Raises FetchError for what cannot be fetched; 304 comes back as a Response."""
        portal = portal or url
        hops: list[str] = []
        current = url
        for _ in range(max_redirects + 1):
            resp = self._get_once(current, etag, last_modified)
            if resp.status in (301, 302, 303, 307, 308):
                target = resp.headers.get("location", "")
                if not target:
                    raise FetchError(url, "redirect", f"redirect {resp.status} without a Location", resp.status)
                target = urljoin(current, target)
                if not same_portal(portal, target):
                    raise FetchError(url, "off-portal", f"redirects outside the portal, to {target}", resp.status)
                hops.append(current)
                current = target
                continue
            resp.redirects = hops
            return resp
        raise FetchError(url, "redirect", f"more than {max_redirects} redirects")

    def _get_once(self, url: str, etag: str, last_modified: str) -> Response:
        headers = {"User-Agent": self.user_agent, "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                   "Accept-Language": "vi,en;q=0.5"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            self._wait_turn(url)
            self.stats.requests += 1
            wait = None
            try:
                try:
                    resp = self._opener.open(urllib.request.Request(url, headers=headers), timeout=self.timeout)
                except urllib.error.HTTPError as err:
                    resp = err
                with resp:
                    status = resp.status if hasattr(resp, "status") else resp.code
                    hdrs = {k.lower(): v for k, v in resp.headers.items()}
                    self.stats.by_status[status] = self.stats.by_status.get(status, 0) + 1
                    if status in RETRY_STATUSES:
                        wait = retry_after(hdrs.get("retry-after"))
                        problem = FetchError(url, f"http-{status}", f"HTTP {status}", status)
                    else:
                        body = self._read(resp, url, hdrs) if status == 200 else b""
                        if status == 304:
                            self.stats.not_modified += 1
                        elif status != 200 and not 300 <= status < 400:
                            raise FetchError(url, f"http-{status}", f"HTTP {status}", status)
                        return Response(url, status, hdrs, body)
            except (socket.timeout, TimeoutError) as exc:
                problem = FetchError(url, "timeout", f"no answer within {self.timeout:g} s ({exc or 'timed out'})")
            except urllib.error.URLError as exc:
                reason = exc.reason
                if isinstance(reason, (socket.timeout, TimeoutError)):
                    problem = FetchError(url, "timeout", f"no answer within {self.timeout:g} s")
                else:
                    problem = FetchError(url, "network", f"cannot connect: {reason}")
            except (ConnectionError, OSError) as exc:
                if isinstance(exc, FetchError):
                    raise
                problem = FetchError(url, "network", f"connection failed: {exc}")
            finally:
                self._last[host_key(url)] = self.clock()
            if attempt >= self.retries:
                attempts = f"{attempt + 1} attempt{'s' if attempt else ''}"
                problem.message += f" (gave up after {attempts})"
                raise problem
            backoff = self.backoff * 2 ** attempt
            if wait is not None:
                if wait > self.max_retry_after:
                    problem.message += f" (Retry-After {wait:.0f} s is more than the {self.max_retry_after:g} s we wait)"
                    raise problem
                backoff = max(backoff, wait)
            attempt += 1
            self.stats.retries += 1
            self.sleep(backoff)

    def _read(self, resp, url: str, hdrs: dict[str, str]) -> bytes:
        """The body, streamed, stopping past `max_bytes`; the whole read within a deadline
        of a few timeouts (a server trickling bytes would otherwise hold us forever)."""
        declared = hdrs.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(url, "too-large", f"{int(declared):,} bytes is more than the limit of "
                                                f"{self.max_bytes:,}")
        deadline = self.clock() + 4 * self.timeout
        chunks, size = [], 0
        while True:
            chunk = resp.read(65536)
            if not chunk:
                break
            size += len(chunk)
            self.stats.bytes += len(chunk)
            if size > self.max_bytes:
                raise FetchError(url, "too-large", f"more than the limit of {self.max_bytes:,} bytes (stopped reading)")
            if self.clock() > deadline:
                raise FetchError(url, "timeout", f"body not received within {4 * self.timeout:g} s")
            chunks.append(chunk)
        return b"".join(chunks)


def http_date(dt: datetime) -> str:
    return email.utils.format_datetime(dt.astimezone(timezone.utc), usegmt=True)
