"""`opendata harvest` against real HTTP servers on loopback serving our own portal fixtures."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import portal_server as ps  # noqa: E402
from conftest import ROOT, copy_package, read_table, run, snapshot  # noqa: E402

from opendata.harvest.fetch import FetchError, Fetcher, USER_AGENT, retry_after, same_portal  # noqa: E402
from opendata.ingest import canonical_url, news_id  # noqa: E402

FAST = ["--delay", "0", "--timeout", "0.5", "--retries", "2", "--backoff", "0.05"]
LONG_MON = ("Long Môn", "Minh Long", "Quảng Ngãi")      # 21358
LONG_MAI = ("Long Mai", "Minh Long", "Quảng Ngãi")      # 21352
LONG_HIEP = ("Long Hiệp", "Minh Long", "Quảng Ngãi")    # 21361


def variants(n: int) -> list[dict]:
    """n distinct articles recombined from the fixture ones (titles, days and a line differ)."""
    base = ps.articles()
    out = []
    for i in range(n):
        a = dict(base[i % len(base)])
        day = 1 + i % 28
        a["title"] = f"{a['title']} (bài {i + 1})"
        a["date"] = f"{day:02d}/{1 + (i // 28) % 12:02d}/2024 {8 + i % 9:02d}:{i % 60:02d}"
        a["paragraphs"] = a["paragraphs"] + [f"Đây là bài số {i + 1} của đợt thử nghiệm."]
        out.append(a)
    return out


class Portals:
    """Three platforms' portals plus an 'elsewhere' host for the redirect out."""

    def __init__(self):
        self.arts = ps.articles()
        self.lf, self.sp, self.wp, self.elsewhere = (ps.Portal().start() for _ in range(4))
        self.build_liferay()
        self.build_sharepoint()
        self.build_wordpress()
        self.elsewhere.routes["/tin-khac"] = ps.Route(b"<html><body>Elsewhere</body></html>")

    def stop(self):
        for p in (self.lf, self.sp, self.wp, self.elsewhere):
            p.stop()

    @property
    def urls(self) -> list[str]:
        return [self.lf.url + "/", self.sp.url + "/", self.wp.url + "/tin-tuc/"]

    # Liferay: robots.txt with a Sitemap line, a sitemap index, an RSS feed, and the awkward cases.
    def build_liferay(self):
        p, arts = self.lf, self.arts
        self.lf_paths = [ps.article_path("liferay", i, a) for i, a in enumerate(arts)]
        for path, a in zip(self.lf_paths, arts):
            p.routes[path] = ps.Route(ps.article_html("liferay", a, LONG_MON).encode())
        r503, r429 = p.routes[self.lf_paths[1]], p.routes[self.lf_paths[2]]
        r503.fail_first = [503]
        r429.fail_first, r429.retry_after = [429], "1"
        self.moved = "/web/portal/cu/bai-3"                       # redirect inside the portal
        p.routes[self.moved] = ps.Route(status=301, headers={"Location": self.lf_paths[3]}, validators=False)
        self.out = "/web/portal/-/asset_publisher/AbC123/content/bai-chuyen-di"   # redirect outside
        p.routes[self.out] = ps.Route(status=302, headers={"Location": self.elsewhere.url + "/tin-khac"},
                                      validators=False)
        p.routes[self.lf_paths[5]].sleep = 3.0                     # beyond the client's timeout
        html = ps.article_html("liferay", arts[6], LONG_MON).replace('<meta charset="utf-8">', "")
        p.routes[self.lf_paths[6]] = ps.Route(ps.cp1258(html), content_type="text/html; charset=windows-1258")
        big = "<!-- " + "x" * (10 * 1024 * 1024) + " -->"
        p.routes[self.lf_paths[7]] = ps.Route(ps.article_html("liferay", arts[7], LONG_MON, padding=big).encode())
        self.alias = "/web/portal/tin-tuc/-/asset_publisher/AbC123/content/" + ps.slug(arts[0]["title"])
        p.routes[self.alias] = p.routes[self.lf_paths[0]]        # one article under two addresses
        self.private = "/private/bai-noi-bo"
        p.routes[self.private] = ps.Route(ps.article_html("liferay", arts[0], LONG_MON).encode())
        links = [(path, a["title"]) for path, a in zip(self.lf_paths, arts)][::-1]     # newest first
        self.lf_listing = ps.add_listing(p, "liferay", LONG_MON, "Tin tức", links, 4, feed="/rss/tin-tuc.xml")
        p.routes["/"] = ps.Route(ps.listing_html("liferay", LONG_MON, "Trang chủ", links[:5], [], 1,
                                                 feed="/rss/tin-tuc.xml").encode())
        p.routes["/trang-chu"] = p.routes["/"]
        p.routes["/robots.txt"] = ps.Route(ps.template("robots.txt").substitute(
            extra=f"Sitemap: {p.url}/sitemap_index.xml").encode(), content_type="text/plain")
        self.lf_sitemap()
        p.routes["/rss/tin-tuc.xml"] = ps.Route(ps.rss(p.url, [(path, a["title"], a["date"]) for path, a in
                                                              list(zip(self.lf_paths, arts))[-3:]]),
                                                content_type="application/rss+xml")

    def lf_sitemap(self, drop: set[str] = frozenset()):
        p = self.lf
        entries = [(path, ps.iso_day(a["date"])) for path, a in zip(self.lf_paths, self.arts) if path not in drop]
        entries[3] = (self.moved, entries[3][1])
        entries += [(self.alias, "2024-09-01"), (self.out, "2024-09-01"), (self.private, "2024-09-01"), ("/trang-chu", "2024-09-01"),
                    (self.lf_listing[0], "2024-09-01")]
        p.routes["/sitemap_index.xml"] = ps.Route(ps.sitemap_index(p.url, ["/sitemap-tin-tuc.xml"]),
                                                  content_type="application/xml")
        p.routes["/sitemap-tin-tuc.xml"] = ps.Route(ps.sitemap(p.url, entries), content_type="application/xml")

    # SharePoint: no sitemap; an RSS feed of the latest items; listing pages ?Page=N from the home page.
    def build_sharepoint(self):
        p, arts = self.sp, self.arts[:7]
        self.sp_paths = [ps.article_path("sharepoint", i + 1, a) for i, a in enumerate(arts)]
        for path, a in zip(self.sp_paths, arts):
            p.routes[path] = ps.Route(ps.article_html("sharepoint", a, LONG_MAI).encode())
        links = [(path, a["title"]) for path, a in zip(self.sp_paths, arts)][::-1]
        self.sp_listing = ps.add_listing(p, "sharepoint", LONG_MAI, "Tin tức - Sự kiện", links, 3,
                                         feed="/_layouts/15/feed.aspx?List=tin-tuc")
        p.routes["/"] = ps.Route(ps.listing_html("sharepoint", LONG_MAI, "Trang chủ", links[:1], [], 1).encode())
        p.routes["/robots.txt"] = ps.Route(ps.template("robots.txt").substitute(extra="").encode(),
                                           content_type="text/plain")
        p.routes["/_layouts/15/feed.aspx?List=tin-tuc"] = ps.Route(
            ps.rss(p.url, [(path, a["title"], a["date"]) for path, a in list(zip(self.sp_paths, arts))[-2:]]),
            content_type="text/xml")

    # WordPress: no robots.txt, no sitemap, no feed: listing pages /tin-tuc/page/N/ only.
    def build_wordpress(self, arts=None):
        p, arts = self.wp, arts or self.arts[:6]
        self.wp_paths = [ps.article_path("wordpress", i, a) for i, a in enumerate(arts)]
        for path, a in zip(self.wp_paths, arts):
            p.routes[path] = ps.Route(ps.article_html("wordpress", a, LONG_HIEP).encode())
        links = [(path, a["title"]) for path, a in zip(self.wp_paths, arts)][::-1]
        self.wp_listing = ps.add_listing(p, "wordpress", LONG_HIEP, "Tin tức", links, 2)


@pytest.fixture
def portals():
    ps_ = Portals()
    yield ps_
    ps_.stop()


def harvest(package: Path, *args: str):
    return run("harvest", *args, *FAST, "--build-dir", str(package.parent / "build"), package=package)


def rows_by_url(package: Path) -> dict[str, dict]:
    return {r["url"]: r for r in read_table(package, "news")}


def test_first_harvest_reads_three_platforms_politely(empty_package, portals):
    res = harvest(empty_package, *portals.urls)
    assert res.exit_code == 0, res.output
    news = rows_by_url(empty_package)
    lf, sp, wp = portals.lf.url, portals.sp.url, portals.wp.url
    wanted = ([lf + p for i, p in enumerate(portals.lf_paths) if i != 5] + [sp + p for p in portals.sp_paths]
              + [wp + p for p in portals.wp_paths])
    assert set(news) == {canonical_url(u) for u in wanted}
    by_portal = {u: {r["unit_code"] for k, r in news.items() if k.startswith(u)} for u in (lf, sp, wp)}
    assert by_portal == {lf: {"21358"}, sp: {"21352"}, wp: {"21361"}}
    # Windows-1258 declared in the header is read as Vietnamese.
    assert news[canonical_url(lf + portals.lf_paths[6])]["title"] == portals.arts[6]["title"]
    # The 10 MB page is read (under the 20 MiB cap).
    assert news[canonical_url(lf + portals.lf_paths[7])]["title"] == portals.arts[7]["title"]
    # 503 then success, 429 then success after its Retry-After.
    assert [r[2] for r in portals.lf.requests(portals.lf_paths[1])] == [503, 200]
    hits = portals.lf.requests(portals.lf_paths[2])
    assert [r[2] for r in hits] == [429, 200] and hits[1][5] - hits[0][5] >= 1.0     # Retry-After: 1
    # The redirect inside was followed; the row has the final address, provenance the one asked for.
    moved = news[canonical_url(lf + portals.lf_paths[3])]
    sources = {r["news_id"]: r for r in read_table(empty_package, "news_sources")}
    assert sources[moved["id"]]["url"] == canonical_url(lf + portals.moved)
    # Not followed outside the portal; robots.txt's Disallow honoured: never requested.
    assert portals.elsewhere.requests() == []
    assert portals.lf.requests(portals.private) == []
    # Every request names the project.
    agents = {r[4].get("User-Agent") for p in (portals.lf, portals.sp, portals.wp) for r in p.requests()}
    assert agents == {USER_AGENT} and USER_AGENT.startswith("commune-opendata/")
    # Provenance for every article, described and validated like the other tables.
    assert set(sources) == {r["id"] for r in news.values()}
    for r in sources.values():
        assert r["http_status"] == "200" and len(r["content_sha256"]) == 64 and r["etag"] and r["last_modified"]
        assert r["retrieved_at"] == r["first_seen_at"] == r["changed_at"] == news_row(news, r)["retrieved_at"]
    assert run("validate", package=empty_package).exit_code == 0
    # The summary: discovery, counts by kind, failures naming their URL, requests.
    out = res.stdout
    assert "robots.txt honoured" in out and "no robots.txt" in out
    assert f"{len(wanted)} new, 0 updated, 0 unchanged" in out
    assert f"failed [timeout] {lf}{portals.lf_paths[5]}" in out
    assert f"failed [off-portal] {lf}{portals.out}" in out
    # List and home pages are recognised, counted by kind, never stored.
    assert f"skipped (listing) {lf}{portals.lf_listing[0]}" in res.stderr
    assert f"skipped (home) {lf}/trang-chu" in res.stderr
    assert "1 disallowed by robots.txt" in out and "skipped (duplicate 1, home 1, listing 1)" in out
    assert "listing page(s)" in out and "Requests:" in out
    assert "listing 1:" in res.stderr                        # progress on stderr
    state = json.loads((empty_package.parent / "build" / "harvest" /
                        f"127.0.0.1_{portals.lf.server.server_address[1]}.json").read_text())
    assert state["last_checked"]


def news_row(news: dict, source: dict) -> dict:
    return next(r for r in news.values() if r["id"] == source["news_id"])


def test_second_run_on_unchanged_portal_changes_no_byte(empty_package, portals):
    assert harvest(empty_package, *portals.urls).exit_code == 0
    before = snapshot(empty_package.parent / "data")
    logged = [len(p.requests()) for p in (portals.lf, portals.sp, portals.wp)]
    res = harvest(empty_package, *portals.urls)
    assert res.exit_code == 0, res.output
    assert snapshot(empty_package.parent / "data") == before
    again = [r for p, n in zip((portals.lf, portals.sp, portals.wp), logged) for r in p.requests()[n:]]
    assert sum(1 for r in again if r[2] == 304) >= len(read_table(empty_package, "news"))
    big = portals.lf_paths[7]
    assert all(r[3] == 0 for r in again if r[1] == big)       # the 10 MB page not downloaded again
    assert sum(r[3] for r in again) < 200_000
    assert f"Requests: {len(again)} request(s)" in res.stdout
    assert "Nothing changed in the package." in res.stdout
    assert "0 new, 0 updated" in res.stdout


def test_changed_and_removed_articles(empty_package, portals):
    assert harvest(empty_package, *portals.urls).exit_code == 0
    first = {r["news_id"]: r for r in read_table(empty_package, "news_sources")}
    lf = portals.lf
    changed = dict(portals.arts[0], views=999, paragraphs=portals.arts[0]["paragraphs"] + ["Đoạn mới thêm."])
    lf.routes[portals.lf_paths[0]] = lf.routes[portals.alias] = ps.Route(
        ps.article_html("liferay", changed, LONG_MON).encode())
    del lf.routes[portals.lf_paths[4]]                          # removed: 404, gone from the sitemap
    portals.lf_sitemap(drop={portals.lf_paths[4]})
    time.sleep(1.1)                                             # retrieval times have whole seconds
    res = harvest(empty_package, *portals.urls)
    assert res.exit_code == 0, res.output
    assert "1 updated" in res.stdout and "1 removed from the portal" in res.stdout
    news = rows_by_url(empty_package)
    row = news[canonical_url(lf.url + portals.lf_paths[0])]
    assert row["views"] == "999" and "Đoạn mới thêm." in row["body"]
    sources = {r["news_id"]: r for r in read_table(empty_package, "news_sources")}
    src = sources[row["id"]]
    assert src["changed_at"] > first[row["id"]]["changed_at"] and src["first_seen_at"] == first[row["id"]]["first_seen_at"]
    assert src["content_sha256"] != first[row["id"]]["content_sha256"]
    gone = news[canonical_url(lf.url + portals.lf_paths[4])]   # the row is kept, marked removed
    assert sources[gone["id"]]["removed_at"] and not first[gone["id"]]["removed_at"]
    others = [i for i in first if i not in (row["id"], gone["id"])]
    assert all(sources[i] == first[i] for i in others)
    assert run("validate", package=empty_package).exit_code == 0


def test_unit_option_for_pages_without_banner_and_since_and_max(empty_package, portals):
    wp = portals.wp
    for path, a in zip(portals.wp_paths, portals.arts):
        wp.routes[path] = ps.Route(ps.article_html("wordpress", a, LONG_HIEP, banner=False).encode())
    res = harvest(empty_package, wp.url + "/tin-tuc/", "--max", "2")
    assert res.exit_code == 1 and "no article could be read" in res.stderr
    assert "no unit banner" in res.stdout and read_table(empty_package, "news") == []
    res = harvest(empty_package, wp.url + "/tin-tuc/", "--unit", "21361", "--since", "2024-05-01")
    assert res.exit_code == 0, res.output
    news = read_table(empty_package, "news")
    expected = [a for a in portals.arts[:6] if ps.iso_day(a["date"]) >= "2024-05-01"]
    assert sorted(r["title"] for r in news) == sorted(a["title"] for a in expected)
    assert {r["unit_code"] for r in news} == {"21361"}


def test_nothing_readable_exits_non_zero(empty_package):
    dead = ps.Portal().start()
    try:
        res = harvest(empty_package, dead.url + "/")
        assert res.exit_code == 1
        assert f"no article could be read from {dead.url}/" in res.stderr
        assert f"failed [http-404] {dead.url}/" in res.stdout
    finally:
        dead.stop()


def test_fetcher_rules():
    p = ps.Portal().start()
    try:
        p.routes["/big"] = ps.Route(b"x" * 5000)
        with pytest.raises(FetchError) as err:
            Fetcher(delay=0, max_bytes=1000).get(p.url + "/big")
        assert err.value.kind == "too-large"
        p.routes["/wait"] = ps.Route(b"ok", fail_first=[429], retry_after="3600")
        with pytest.raises(FetchError) as err:                 # a Retry-After beyond the cap: give up
            Fetcher(delay=0, max_retry_after=5).get(p.url + "/wait")
        assert err.value.kind == "http-429"
        p.routes["/slow-once"] = ps.Route(b"ok", sleep=1.0, sleep_first=1)
        resp = Fetcher(delay=0, timeout=0.3, backoff=0.01).get(p.url + "/slow-once")   # retried after the timeout
        assert resp.body == b"ok" and p.routes["/slow-once"].hits == 2
        p.routes["/a"] = ps.Route(b"a")
        f = Fetcher(delay=0.3)
        t = time.monotonic()
        f.get(p.url + "/a"), f.get(p.url + "/a")
        assert time.monotonic() - t >= 0.3                     # the delay between two requests
    finally:
        p.stop()
    assert retry_after("120") == 120 and retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480) == 0
    assert same_portal("http://xa.gov.vn/a", "https://xa.gov.vn/b")
    assert not same_portal("http://xa.gov.vn/a", "http://evil.example/b")
    assert not same_portal("http://127.0.0.1:8001/", "http://127.0.0.1:8002/")


def test_sigkill_mid_harvest_then_resume(tmp_path):
    package = copy_package(tmp_path, empty_news=True)
    p = ps.Portal().start()
    try:
        arts = variants(30)
        paths = [ps.article_path("wordpress", i, a) for i, a in enumerate(arts)]
        for path, a in zip(paths, arts):
            p.routes[path] = ps.Route(ps.article_html("wordpress", a, LONG_HIEP).encode())
        ps.add_listing(p, "wordpress", LONG_HIEP, "Tin tức", [(u, a["title"]) for u, a in zip(paths, arts)], 5)
        p.delay = 0.05
        cmd = [sys.executable, "-m", "opendata", "harvest", p.url + "/tin-tuc/", *FAST, "--batch", "4",
               "--package", str(package), "--build-dir", str(tmp_path / "build")]
        proc = subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env=dict(os.environ, PYTHONPATH=str(ROOT)))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(read_table(package, "news_sources")) < 8:
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert run("validate", package=package).exit_code == 0     # (completes a write the kill interrupted)
        stored = len(read_table(package, "news_sources"))
        assert 8 <= stored < 30                               # killed mid-way, after some batches
        assert len(read_table(package, "news")) == stored
        p.delay = 0
        logged = len(p.requests())
        res = run("harvest", p.url + "/tin-tuc/", *FAST, "--build-dir", str(tmp_path / "build"), package=package)
        assert res.exit_code == 0, res.output
        assert run("validate", package=package).exit_code == 0
        news = read_table(package, "news")
        assert sorted(r["title"] for r in news) == sorted(a["title"] for a in arts)
        assert f"{30 - stored} new" in res.stdout
        # Resumed: what was stored before the kill is asked for conditionally, not downloaded again
        # (but for a batch written just before the kill, before its state).
        downloaded = [r for r in p.requests()[logged:] if r[1] in paths and r[2] == 200]
        assert len(downloaded) <= 30 - stored + 4
    finally:
        p.stop()
