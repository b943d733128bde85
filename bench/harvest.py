"""Benchmark: `opendata harvest` of a loopback portal of N articles.

    python bench/harvest.py --corpus ../shared/corpus/articles.jsonl --articles 2000

The portal (tests/portal_server.py, Liferay-like markup, robots.txt + sitemap + listing
pages) serves articles whose text is recombined from corpus sentences at run time
(never stored). Measured, with --delay 0: articles/s and peak memory of the first
harvest, against a baseline in the same run (a plain urllib loop downloading the same
article pages, no reading or writing); then the unchanged re-harvest: requests, bytes,
seconds, and whether data/ changed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import portal_server as ps  # noqa: E402
from conftest import copy_package  # noqa: E402
from opendata.vntext import normalize  # noqa: E402

UNIT = ("Long Môn", "Minh Long", "Quảng Ngãi")
UNIT_WORD = re.compile(r"^(?:ubnd|ủy ban|uỷ ban|xã|phường|thị trấn|đặc khu|huyện|quận|thị xã|thành phố|tỉnh)\b",
                       re.IGNORECASE)
BASELINE = """
import sys, time, urllib.request
urls = open(sys.argv[1]).read().split()
t = time.perf_counter(); n = 0
for u in urls:
    with urllib.request.urlopen(urllib.request.Request(u, headers={"User-Agent": "bench"}), timeout=30) as r:
        n += len(r.read())
print(f"{time.perf_counter() - t:.3f} {n}")
"""


def corpus_articles(path: str | None, n: int, seed: int = 11) -> list[dict]:
    rnd = random.Random(seed)
    titles, sentences = [], []
    if path:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                titles.append(normalize(rec["title"]).strip())
                body = normalize(rec["body"]).replace("\n", " ")
                sentences.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", body) if len(s) > 30)
    else:                                   # no corpus: the fixture articles' own sentences
        for a in ps.articles():
            titles.append(a["title"])
            sentences.extend(a["paragraphs"])
    out = []
    for i in range(n):
        paras = [" ".join(rnd.choice(sentences) for _ in range(rnd.randint(2, 5))) for _ in range(rnd.randint(3, 8))]
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        year = 2021 + (i // 336) % 4
        # A title that starts like a unit ("Xã …", "UBND tỉnh …") is read as the banner by the
        # current reader: keep those out, this measures harvesting.
        title = rnd.choice(titles)
        while UNIT_WORD.match(title):
            title = rnd.choice(titles)
        out.append({"title": f"{title} ({i + 1})", "date": f"{day:02d}/{month:02d}/{year} {8 + i % 10:02d}:{i % 60:02d}",
                    "views": rnd.randint(0, 5000), "author": "PV", "paragraphs": paras + [f"Bài số {i + 1}."]})
    return out


def build_portal(arts: list[dict]) -> tuple[ps.Portal, list[str]]:
    p = ps.Portal().start()
    paths = [ps.article_path("liferay", i, a).replace("/content/", f"/content/{i}-") for i, a in enumerate(arts)]
    for path, a in zip(paths, arts):
        p.routes[path] = ps.Route(ps.article_html("liferay", a, UNIT).encode())
    links = [(path, a["title"]) for path, a in zip(paths, arts)][::-1]
    ps.add_listing(p, "liferay", UNIT, "Tin tức", links, 20)
    p.routes["/"] = ps.Route(ps.listing_html("liferay", UNIT, "Trang chủ", links[:10], [], 1).encode())
    p.routes["/robots.txt"] = ps.Route(ps.template("robots.txt").substitute(extra=f"Sitemap: {p.url}/sitemap.xml")
                                       .encode(), content_type="text/plain")
    p.routes["/sitemap.xml"] = ps.Route(ps.sitemap(p.url, [(u, ps.iso_day(a["date"])) for u, a in zip(paths, arts)]),
                                        content_type="application/xml")
    return p, paths


def data_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(folder.rglob("*")):
        if f.is_file():
            h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()[:16]


def children_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def harvest(pkg: Path, url: str, batch: int) -> tuple[float, str]:
    cmd = [sys.executable, "-m", "opendata", "harvest", url, "--delay", "0", "--batch", str(batch),
           "--package", str(pkg), "--build-dir", str(pkg.parent / "build")]
    t = time.perf_counter()
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    took = time.perf_counter() - t
    if out.returncode:
        sys.exit(f"harvest failed ({out.returncode}):\n{out.stdout}\n{out.stderr[-3000:]}")
    return took, out.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", help="articles.jsonl (title/body) to recombine text from")
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=50)
    args = ap.parse_args()

    arts = corpus_articles(args.corpus, args.articles)
    portal, paths = build_portal(arts)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            pkg = copy_package(Path(tmp), empty_news=True)
            page_bytes = sum(len(portal.routes[p].body) for p in paths)
            print(f"portal: {len(arts):,} articles, {page_bytes / 1e6:.1f} MB of pages, {portal.url}")
            urls = Path(tmp) / "urls.txt"
            urls.write_text("\n".join(portal.url + p for p in paths))
            # Baseline first: ru_maxrss of children is the maximum over all of them so far.
            out = subprocess.run([sys.executable, "-c", BASELINE, str(urls)], capture_output=True, text=True, check=True)
            base_s = float(out.stdout.split()[0])
            base_mb = children_rss_mb()
            logged = len(portal.requests())
            first_s, first_out = harvest(pkg, portal.url + "/", args.batch)
            first_mb = children_rss_mb()
            first_req = portal.requests()[logged:]
            before = data_hash(Path(tmp) / "data")
            logged = len(portal.requests())
            again_s, again_out = harvest(pkg, portal.url + "/", args.batch)
            again_req = portal.requests()[logged:]
            after = data_hash(Path(tmp) / "data")
            stored = sum(1 for _ in open(Path(tmp) / "data" / "news_sources.csv", encoding="utf-8")) - 1
    finally:
        portal.stop()

    n = len(arts)
    print(f"{'':34s}{'seconds':>10s}{'articles/s':>12s}{'requests':>10s}{'MB down':>10s}{'peak RSS MB':>13s}")
    print(f"{'baseline: urllib download only':34s}{base_s:10.1f}{n / base_s:12.1f}{n:10d}{page_bytes / 1e6:10.1f}"
          f"{base_mb:13.0f}")
    print(f"{'opendata harvest, first run':34s}{first_s:10.1f}{n / first_s:12.1f}{len(first_req):10d}"
          f"{sum(r[3] for r in first_req) / 1e6:10.1f}{first_mb:13.0f}")
    print(f"{'opendata harvest, unchanged again':34s}{again_s:10.1f}{'':>12s}{len(again_req):10d}"
          f"{sum(r[3] for r in again_req) / 1e6:10.3f}{'':>13s}")
    print(f"first run: {stored:,} articles stored; {base_s / first_s:.2f}× the baseline's speed "
          f"({first_s / n * 1000:.1f} ms an article against {base_s / n * 1000:.1f} ms to download it)")
    statuses = {}
    for r in again_req:
        statuses[r[2]] = statuses.get(r[2], 0) + 1
    print(f"unchanged re-harvest: {again_s / first_s:.2f}× the first run's time; statuses {statuses}; "
          f"data/ {'unchanged' if before == after else 'CHANGED'}")
    print("harvest's own report of the re-run: " + next(l for l in again_out.splitlines() if l.startswith("Requests:")))
    print("first run's report: " + next(l for l in first_out.splitlines() if l.startswith("Articles:")))


if __name__ == "__main__":
    main()
