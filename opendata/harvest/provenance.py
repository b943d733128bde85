"""The `news_sources` table: where each harvested article came from, when it was fetched,
what the server answered, and when the article row last changed or was removed.

A row is rewritten only when something about it changed (the article, or the bytes
the portal serves for it, or its removal): harvesting an unchanged portal writes nothing.
"""

from __future__ import annotations

from datetime import date

from ..errors import OpendataError
from ..ingest import Ingester, canonical_url, iso


class OlderThanSince(OpendataError):
    """An article published before --since: read, but not added."""

    kind = "older"


class DuplicateArticle(OpendataError):
    """The same body as another stored article under another URL (validate refuses that)."""

    kind = "duplicate"


class HarvestIngester(Ingester):
    """An Ingester that also keeps the provenance table and can write in batches."""

    def __init__(self, package, retrieved_at=None, since: date | None = None):
        super().__init__(package, retrieved_at)
        self.sources = {r["news_id"]: r for r in package.read("news_sources")}
        self.source_fields = package["news_sources"].field_names
        self.since = since.isoformat() if since else ""
        self.dirty: dict[str, set[str]] = {"news": set(), "publishers": set(), "news_sources": set()}
        self.bodies = {r["body"]: r["id"] for r in self.news.values()}

    # add_page upserts the publisher, then the article: the publisher waits for the article,
    # so that an article left out (--since) leaves no trace.
    _publisher: dict | None = None

    def upsert_publisher(self, pub: dict) -> None:
        self._publisher = pub

    def upsert_news(self, rec: dict, where: str) -> str:
        pub, self._publisher = self._publisher, None
        if self.since and rec["published_at"][:10] < self.since:
            raise OlderThanSince(f"published {rec['published_at'][:10]}, before --since {self.since}", path=where)
        other = self.bodies.get(rec["body"])
        if other and other != rec["id"]:
            url = self.news[other].get("url") or other
            raise DuplicateArticle(f"the same article as {url}", path=where)
        if pub:
            super().upsert_publisher(pub)
            self.dirty["publishers"].add(pub["id"])
        old = self.news.get(rec["id"])
        what = super().upsert_news(rec, where)
        if what != "unchanged":
            self.dirty["news"].add(rec["id"])
            if old and self.bodies.get(old["body"]) == rec["id"]:
                del self.bodies[old["body"]]
            self.bodies[rec["body"]] = rec["id"]
        return what

    def record_fetch(self, news_id: str, url: str, what: str, *, status: int, content_type: str, etag: str,
                     last_modified: str, sha256: str, size: int, at) -> None:
        """After add_page: the response the row was read from."""
        now = iso(at)
        old = self.sources.get(news_id)
        row = dict(old) if old else {"first_seen_at": now, "changed_at": now}
        row.update({"news_id": news_id, "url": canonical_url(url), "retrieved_at": now, "http_status": str(status),
                    "content_type": content_type, "etag": etag, "last_modified": last_modified,
                    "content_sha256": sha256, "content_bytes": str(size), "removed_at": ""})
        if what in ("added", "updated"):
            row["changed_at"] = now
        self._put(news_id, row)

    def record_present(self, news_id: str) -> None:
        """The portal still serves it (304 or the same bytes): only a removal mark changes."""
        old = self.sources.get(news_id)
        if old and old.get("removed_at"):
            self._put(news_id, dict(old, removed_at=""))

    def record_removed(self, news_id: str, at) -> bool:
        """404/410 for a known article: the row stays, marked with when it went. True if new."""
        old = self.sources.get(news_id)
        if old is None or old.get("removed_at"):
            return False
        self._put(news_id, dict(old, removed_at=iso(at)))
        return True

    def _put(self, news_id: str, row: dict) -> None:
        row = {k: row.get(k, "") for k in self.source_fields}
        if self.sources.get(news_id) != row:
            self.sources[news_id] = row
            self.changed.add("news_sources")
            self.dirty["news_sources"].add(news_id)

    def tables(self) -> dict[str, list[dict]]:
        tables = super().tables()
        if "news_sources" in self.changed:
            tables["news_sources"] = sorted(self.sources.values(), key=lambda r: r["news_id"])
        return tables

    def check(self, tables: dict[str, list[dict]] | None = None) -> None:
        """Only the rows changed since the last write: the others were checked when written,
        and keys are unique by construction (rows are held by key). Checking every row at
        every batch made a 2,000-article harvest spend half its time here."""
        from ..validate import check_rows

        keys = {"news": "id", "publishers": "id", "news_sources": "news_id"}
        for name, rows in (self.tables() if tables is None else tables).items():
            check_rows(self.package, name, [r for r in rows if r[keys[name]] in self.dirty[name]])

    def commit(self) -> bool:
        """Write what changed so far (validated, all tables at once); True if anything was."""
        if not self.changed:
            return False
        self.write()
        self.changed = set()
        self.dirty = {name: set() for name in self.dirty}
        return True
