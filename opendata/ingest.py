"""`opendata ingest`: saved pages and JSON Lines in, `news` and `publishers` rows out.

All inputs are parsed and checked before anything is written; then the tables are
replaced atomically. Re-ingesting the same page changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit, urlunsplit, parse_qsl, urlencode

from .errors import OpendataError
from .package import Package
from .pages import VN_TZ, Page, parse_html, parse_text
from .units import Units, unit_id, era_on
from .vntext import collapse_spaces, normalize, slugify, unit_names

MAX_PAGE_BYTES = 20 * 1024 * 1024
# When a page was fetched is not a change of the article; nor is a new observation
# time for an unchanged view count.
VOLATILE = {"retrieved_at", "views_observed_at"}


@dataclass
class IngestResult:
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    written: bool = False

    def count(self, table: str, what: str) -> None:
        c = self.counts.setdefault(table, {"added": 0, "updated": 0, "unchanged": 0})
        c[what] += 1

    def summary(self) -> str:
        parts = []
        for table in ("news", "publishers"):
            c = self.counts.get(table, {"added": 0, "updated": 0, "unchanged": 0})
            parts.append(f"{table}: {c['added']} added, {c['updated']} updated, {c['unchanged']} unchanged")
        return "; ".join(parts)


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no fragment, no tracking parameters, no default port."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    host = parts.hostname.lower()
    if parts.port and parts.port not in (80, 443):
        host += f":{parts.port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not k.lower().startswith(("utm_", "fbclid", "gclid"))])
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", query, ""))


def news_id(url: str, unit: str, published_at: str, title: str) -> str:
    """Stable id: from the canonical URL, or (no URL known) from unit, time and title."""
    key = canonical_url(url) if url else ""
    if not key:
        key = f"{unit}|{published_at}|{title}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def iso(dt: datetime) -> str:
    return dt.astimezone(VN_TZ).replace(microsecond=0).isoformat()


def paragraphs_text(text: str, lead: str = "") -> str:
    """Paragraphs separated by one blank line, spaces collapsed, NFC; each paragraph once
    and the lead not again (a scraper that caught the body twice), as `validate` requires."""
    paras = [collapse_spaces(p) for p in normalize(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n\n".join(dict.fromkeys(p for p in paras if p and p != lead))


def _read_text(path: Path) -> str:
    size = path.stat().st_size
    if size == 0:
        raise OpendataError("the file is empty", path=str(path))
    if size > MAX_PAGE_BYTES and path.suffix.lower() not in (".jsonl", ".ndjson"):
        raise OpendataError(f"{size / 1e6:.0f} MB is too large for one saved page (limit {MAX_PAGE_BYTES // 2**20} MiB)",
                            path=str(path), hint="save the article page alone")
    data = path.read_bytes()
    return decode(data, str(path))


def _read_html(path: Path) -> str:
    size = path.stat().st_size
    if size == 0:
        raise OpendataError("the file is empty", path=str(path))
    if size > MAX_PAGE_BYTES:
        raise OpendataError(f"{size / 1e6:.0f} MB is too large for one saved page (limit {MAX_PAGE_BYTES // 2**20} MiB)",
                            path=str(path), hint="save the article page alone")
    return decode_page(path.read_bytes(), str(path))


def decode(data: bytes, path: str) -> str:
    if b"\x00" in data[:65536]:
        raise OpendataError("binary file, not a saved page or JSON Lines text", path=path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise OpendataError(f"not UTF-8 text (byte 0x{data[exc.start]:02x})", path=path, line=line,
                            hint="save the file as UTF-8; Windows-1258 and TCVN3 text is not read")


_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)


def decode_page(data: bytes, where: str, content_type: str = "") -> str:
    """A fetched page as text: the charset its HTTP header declares, else its <meta>, else
    UTF-8 (then `decode`'s checks and message)."""
    m = re.search(r"charset=[\"']?([\w-]+)", content_type or "", re.IGNORECASE) or _CHARSET.search(data[:8192])
    charset = (m.group(1).decode("ascii", "replace") if isinstance(m.group(1), bytes) else m.group(1)) if m else ""
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        if b"\x00" in data[:65536]:
            raise OpendataError("binary file, not a saved page", path=where)
        if not data.isascii():
            try:                        # servers often declare ISO-8859-1 for UTF-8 pages
                return normalize(data.decode("utf-8-sig"))
            except UnicodeDecodeError:
                pass
        try:
            return normalize(data.decode(charset))
        except (LookupError, UnicodeDecodeError) as exc:
            raise OpendataError(f"cannot decode the page as {charset} ({exc})", path=where) from None
    return decode(data, where)


class Ingester:
    """Holds the package's current rows and merges new records into them."""

    def __init__(self, package: Package, retrieved_at: datetime | None = None):
        self.package = package
        self.units = Units(package.read("units"))
        self.news = {r["id"]: r for r in package.read("news")}
        self.publishers = {r["id"]: r for r in package.read("publishers")}
        self.news_fields = package["news"].field_names
        self.publisher_fields = package["publishers"].field_names
        self.retrieved_at = retrieved_at
        self.result = IngestResult()
        self.changed: set[str] = set()
        self._seen_in_batch: dict[str, str] = {}

    # --- records from inputs ------------------------------------------------

    def page_record(self, page: Page, path: Path | str, url: str = "", unit_code: str = "") -> tuple[dict, dict | None]:
        """The news row (and publisher row) of a read page, tied to its publishing unit.

        What the page and site say wins, in this order: the banner, the footer's
        "Cơ quan chủ quản", a site heading ("CỔNG THÔNG TIN ĐIỆN TỬ XÃ LONG MÔN" or
        "Xã Long Môn | Cổng …"), the site's domain; `unit_code` (harvest --unit) names
        the unit only when none of them does (a site whose pages never say it). Every
        name is resolved in the era of the publish date."""
        day = page.published_at.date().isoformat()
        where = str(path)
        evidence = [("banner", page.banner, page.banner_line)]
        owner = unit_names(page.footer.get("owner", ""))
        evidence += [("footer 'Cơ quan chủ quản'", owner, None), ("site heading", page.site_unit, None)]
        tried = []
        for what, names, line in evidence:
            if not names:
                continue
            found = self._resolve(names, day)
            if len(found) == 1:
                return self._records(page, path, url, found[0])
            # The first thing the page says decides: a banner naming an unknown unit is
            # refused, not overruled by the footer (it may be a unit of the other era).
            tried.append((what, names, line, found))
            break
        host = urlsplit(canonical_url(url or page.url)).hostname or ""
        if host and not tried:
            found = self.units.from_domain(host, day)
            if len(found) == 1:
                return self._records(page, path, url, found[0])
        if unit_code and not tried:
            unit = self.units.at(unit_code, day)
            if unit is None:
                raise OpendataError(f"unknown unit code '{unit_code}' on {day}", path=where, field="unit_code",
                                    hint="give the code of the unit as it was on the publish date "
                                         "(before 1/7/2025 communes sit in districts)")
            return self._records(page, path, url, unit)
        hint = ("name the publishing unit with --unit CODE (its code on the publish date; "
                "before 1/7/2025 communes sit in districts)")
        if tried:
            what, names, line, found = tried[0]
            shown = " / ".join(names)
            if len(found) > 1:
                raise OpendataError(f"the {what} '{shown}' matches {len(found)} units on {day} "
                                    f"({', '.join(u['id'] for u in found[:5])})", path=where, line=line,
                                    field="unit_code", hint=hint)
            other = self._resolve(names, "2025-07-01" if era_on(day) != "2025" else "2025-06-30")
            extra = f" ({shown} is {other[0]['id']} in the other era)" if len(other) == 1 else ""
            raise OpendataError(f"unknown unit '{shown}' on {day}, read from the {what}{extra}", path=where,
                                line=line, field="unit_code",
                                hint="the page must name a unit that existed on the publish date; or " + hint)
        found_text = f"title '{page.title[:60]}', published {day}"
        if host:
            found_text += f", site {host}"
        raise OpendataError(f"no unit banner (e.g. 'UBND Xã Long Môn / Huyện Minh Long / Tỉnh Quảng Ngãi'), "
                            f"no 'Cơ quan chủ quản' and no site heading naming a unit; found {found_text}",
                            path=where, line=page.banner_line, field="unit_code", hint=hint)

    def _resolve(self, names: list[str], day: str) -> list[dict]:
        """Units a list of names gives (lowest level first, or written the other way round)."""
        found = self.units.from_breadcrumb(names, day)
        if not found and len(names) > 1:
            found = self.units.from_breadcrumb(list(reversed(names)), day)
        return found

    def _records(self, page: Page, path: Path | str, url: str, unit: dict) -> tuple[dict, dict | None]:
        if self.retrieved_at is None and not isinstance(path, Path):
            raise OpendataError("no retrieval time for a page that is not a file", path=str(path))
        retrieved = iso(self.retrieved_at or datetime.fromtimestamp(path.stat().st_mtime, VN_TZ))
        url = url or page.url
        publisher = None
        if page.site_name or page.footer.get("owner"):
            site = page.site_name or page.footer["owner"]
            base = ""
            if canonical_url(url):
                p = urlsplit(canonical_url(url))
                base = f"{p.scheme}://{p.netloc}"
            pid = slugify(site)
            same = self._publisher_of(unit["id"], base, pid)
            if same is not None:            # one publisher per unit's site, however its heading reads
                pid, site = same["id"], same["site_name"]
            publisher = {
                "id": pid, "site_name": site, "unit_id": unit["id"],
                "owner": page.footer.get("owner", ""),
                "content_responsible": page.footer.get("content_responsible", ""),
                "phone": page.footer.get("phone", ""), "email": page.footer.get("email", ""),
                "base_url": base,
            }
        published = iso(page.published_at)
        record = {
            "id": news_id(url, unit["id"], published, page.title),
            "url": canonical_url(url) if url else "",
            "unit_id": unit["id"], "unit_code": unit["code"],
            "publisher_id": publisher["id"] if publisher else "",
            "title": page.title, "published_at": published,
            "views": "" if page.views is None else str(page.views),
            "views_observed_at": retrieved if page.views is not None else "",
            "author": page.author, "lead": page.lead,
            "body": "\n\n".join(page.paragraphs), "retrieved_at": retrieved,
        }
        return record, publisher

    def _publisher_of(self, uid: str, base: str, pid: str) -> dict | None:
        """The publisher already known for this unit's site (same unit, same or unknown base URL)."""
        if pid in self.publishers:
            return None
        for pub in self.publishers.values():
            if pub.get("unit_id") == uid and (not base or not pub.get("base_url") or pub["base_url"] == base):
                return pub
        return None

    def jsonl_records(self, text: str, path: Path, progress: Callable[[int], None]) -> Iterator[tuple[int, dict]]:
        for no, line in enumerate(text.splitlines(), start=1):
            progress(len(line) + 1)
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise OpendataError(f"broken JSON: {exc.msg} (column {exc.colno})", path=str(path), line=no)
            if not isinstance(obj, dict):
                raise OpendataError(f"each line must be a JSON object, not {type(obj).__name__}",
                                    path=str(path), line=no)
            yield no, self.json_record(obj, str(path), no)

    def json_record(self, obj: dict, path: str, line: int) -> dict:
        unknown = sorted(set(obj) - set(self.news_fields))
        if unknown:
            raise OpendataError(f"unknown field(s) {', '.join(unknown)}", path=path, line=line, field=unknown[0],
                                hint=f"news fields are: {', '.join(self.news_fields)}")
        for key in ("title", "body", "published_at", "unit_code"):
            if obj.get(key) in (None, ""):
                raise OpendataError("required field is missing or empty", path=path, line=line, field=key)
        for key, value in obj.items():
            if value is not None and not isinstance(value, (str, int)) or isinstance(value, bool):
                raise OpendataError(f"must be a string or a number, not {type(value).__name__}",
                                    path=path, line=line, field=key)
        rec = {k: ("" if obj.get(k) is None else normalize(str(obj[k]))) for k in self.news_fields}
        published = _parse_datetime(rec["published_at"], path, line, "published_at")
        rec["published_at"] = iso(published)
        day = published.astimezone(VN_TZ).date().isoformat()
        code = rec["unit_code"].strip()
        unit = self.units.at(code, day)
        if unit is None:
            other = self.units.get(unit_id("2025" if era_on(day) != "2025" else "pre2025", code))
            hint = "use the code of the unit as it was on the publish date"
            if other:
                hint += f" ({code} is {other['name']} in the other era)"
            raise OpendataError(f"unknown unit code '{code}' on {day}", path=path, line=line, field="unit_code",
                                hint=hint)
        if rec["unit_id"] and rec["unit_id"] != unit["id"]:
            raise OpendataError(f"unit_id '{rec['unit_id']}' does not match unit_code {code} on {day} "
                                f"({unit['id']})", path=path, line=line, field="unit_id")
        rec["unit_id"], rec["unit_code"] = unit["id"], unit["code"]
        if rec["publisher_id"] and rec["publisher_id"] not in self.publishers:
            raise OpendataError(f"unknown publisher '{rec['publisher_id']}'", path=path, line=line,
                                field="publisher_id", hint="ingest one of its pages first, or leave it empty")
        for key in ("title", "author"):
            rec[key] = collapse_spaces(rec[key])
        rec["lead"] = collapse_spaces(rec["lead"].replace("\n", " "))
        rec["body"] = paragraphs_text(rec["body"], lead=rec["lead"])
        if rec["views"]:
            if not re.fullmatch(r"\d+", rec["views"]):
                raise OpendataError(f"views must be a whole number, not '{rec['views']}'",
                                    path=path, line=line, field="views")
        now = iso(self.retrieved_at or datetime.now(VN_TZ))
        for key in ("views_observed_at", "retrieved_at"):
            if rec[key]:
                rec[key] = iso(_parse_datetime(rec[key], path, line, key))
        rec["retrieved_at"] = rec["retrieved_at"] or now
        if rec["views"] and not rec["views_observed_at"]:
            rec["views_observed_at"] = rec["retrieved_at"]
        if rec["url"]:
            url = canonical_url(rec["url"])
            if not url:
                raise OpendataError(f"not an http(s) URL: '{rec['url']}'", path=path, line=line, field="url")
            rec["url"] = url
        if not rec["id"]:
            rec["id"] = news_id(rec["url"], unit["id"], rec["published_at"], rec["title"])
        elif not re.fullmatch(r"[a-z0-9][a-z0-9-]{2,99}", rec["id"]):
            raise OpendataError(f"id '{rec['id']}' must be 3–100 lower-case letters, digits or '-'",
                                path=path, line=line, field="id")
        return rec

    # --- merging ------------------------------------------------------------

    def upsert_news(self, rec: dict, where: str) -> str:
        """Add or replace one news row; returns 'added', 'updated' or 'unchanged'."""
        if rec["id"] in self._seen_in_batch:
            first = self._seen_in_batch[rec["id"]]
            raise OpendataError(f"article id '{rec['id']}' appears twice in this batch (first at {first})",
                                path=where.rsplit(":", 1)[0], hint="remove the duplicate input")
        self._seen_in_batch[rec["id"]] = where
        old = self.news.get(rec["id"])
        if old is None:
            what = "added"
        elif all(old.get(k, "") == rec[k] for k in self.news_fields if k not in VOLATILE) and (
                bool(old.get("views_observed_at")) == bool(rec["views_observed_at"])):
            what = "unchanged"
        else:
            what = "updated"
        self.result.count("news", what)
        if what != "unchanged":
            self.news[rec["id"]] = rec
            self.changed.add("news")
        return what

    def upsert_publisher(self, pub: dict) -> None:
        old = self.publishers.get(pub["id"])
        if old is None:
            self.publishers[pub["id"]] = pub
            self.result.count("publishers", "added")
            self.changed.add("publishers")
        else:
            merged = {k: pub.get(k) or old.get(k, "") for k in self.publisher_fields}
            if merged == {k: old.get(k, "") for k in self.publisher_fields}:
                self.result.count("publishers", "unchanged")
            else:
                self.publishers[pub["id"]] = merged
                self.result.count("publishers", "updated")
                self.changed.add("publishers")

    def add_file(self, path: Path, url: str = "", progress: Callable[[int], None] = lambda n: None) -> None:
        if not path.is_file():
            raise OpendataError("no such file", path=str(path))
        if path.suffix.lower() in (".html", ".htm", ".xhtml", ".aspx"):
            text = _read_html(path)         # a saved page may declare its charset in <meta>
        else:
            text = _read_text(path)
        if path.suffix.lower() in (".jsonl", ".ndjson"):
            for no, rec in self.jsonl_records(text, path, progress):
                self.upsert_news(rec, f"{path}:{no}")
            return
        page = parse_html(text, str(path), url) if _looks_html(path, text) else parse_text(text, str(path), url)
        rec, publisher = self.page_record(page, path, url)
        if publisher:
            self.upsert_publisher(publisher)
        self.upsert_news(rec, str(path))
        progress(path.stat().st_size)

    def add_page(self, data: bytes, url: str, *, content_type: str = "", unit_code: str = "") -> tuple[str, dict]:
        """One fetched page (harvest): read it, tie it to the package, upsert it by its
        canonical URL. Returns what happened ('added', 'updated', 'unchanged') and the row.
        Needs `retrieved_at` set on the Ingester (when the page was fetched)."""
        if len(data) > MAX_PAGE_BYTES:
            raise OpendataError(f"{len(data) / 1e6:.0f} MB is too large for one page (limit {MAX_PAGE_BYTES // 2**20} MiB)",
                                path=url)
        text = decode_page(data, url, content_type)
        html = _looks_html(Path(urlsplit(url).path), text) or "html" in (content_type or "").lower()
        page = parse_html(text, url, url) if html else parse_text(text, url, url)
        rec, publisher = self.page_record(page, url, url, unit_code=unit_code)
        if publisher:
            self.upsert_publisher(publisher)
        return self.upsert_news(rec, url), rec

    def tables(self) -> dict[str, list[dict]]:
        """The changed tables, rows in their stored order (a harvest adds its provenance)."""
        tables = {}
        if "publishers" in self.changed:
            tables["publishers"] = sorted(self.publishers.values(), key=lambda r: r["id"])
        if "news" in self.changed:
            tables["news"] = sorted(self.news.values(), key=lambda r: (r["published_at"], r["id"]))
        return tables

    def check(self, tables: dict[str, list[dict]] | None = None) -> None:
        """Frictionless checks the new and changed rows against their schemas before writing."""
        from .validate import check_rows

        for name, rows in (self.tables() if tables is None else tables).items():
            check_rows(self.package, name, rows)

    def write(self) -> None:
        if not self.changed:
            return
        tables = self.tables()
        self.check(tables)
        self.package.write(tables)
        self.result.written = True


def _looks_html(path: Path, text: str) -> bool:
    if path.suffix.lower() in (".html", ".htm", ".xhtml"):
        return True
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml"))


def _parse_datetime(value: str, path: str, line: int, field_name: str) -> datetime:
    text = value.strip().replace("Z", "+00:00")
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        raise OpendataError(f"unparsable date-time '{value}'", path=path, line=line, field=field_name,
                            hint="write ISO 8601 with an offset, e.g. 2024-04-08T16:06:00+07:00")
    if dt.tzinfo is None:
        raise OpendataError(f"date-time '{value}' has no UTC offset", path=path, line=line, field=field_name,
                            hint="add the offset, e.g. 2024-04-08T16:06:00+07:00 for Vietnam time")
    return dt


def ingest(package: Package, files: list[Path], url: str = "", retrieved_at: datetime | None = None,
           progress: Callable[[int], None] = lambda n: None) -> IngestResult:
    if url and len(files) != 1:
        raise OpendataError("--url names the address of one page: give exactly one file with it")
    ing = Ingester(package, retrieved_at)
    for path in files:
        ing.add_file(path, url, progress)
    ing.write()
    return ing.result


def total_bytes(files: list[Path]) -> int:
    return sum(os.path.getsize(f) for f in files if os.path.isfile(f))
