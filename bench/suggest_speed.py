"""Search-box completions: `/-/suggest.json` latency as a reader types, against `/-/search.json`.

    python bench/suggest_speed.py --corpus ../shared/corpus/articles.jsonl --docs 20000

Builds (or reuses, `--keep DIR`) the index of serve_load.py (N recombined corpus
documents) and the shipped package's database with the N documents' titles added to
its news table (the titles suggestions complete). One server (`--workers`, default 1);
one client types: for `--titles` titles drawn with a fixed seed, every keystroke prefix
of their first words, typed without diacritics as most readers do (`c`, `ca`, `cai`,
`cai `, `cai c` ...), asks `/-/suggest.json` and then, same server, same prefixes,
`/-/search.json` (the baseline). Both with every answer computed (the answer caches
off: OPENDATA_CACHED_ANSWERS=0, OPENDATA_CACHED_SUGGESTIONS=0), then suggestions again
with their cache on, as deployed. Prints p50/p95/p99 and the ratio to search.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import sqlite_utils
from corpus_docs import read_corpus
from search_speed import make_docs, percentile
from serve_load import SERVER, free_port, prepare, wait_for

from opendata import vntext
from opendata.database import COLLATION, vn_collate
from opendata.search import Searcher
from opendata.search.spelling import Vocabulary


def add_titles(db_path: Path, docs) -> None:
    """The documents' titles as news rows (what suggestions complete), idempotent."""
    conn = sqlite3.connect(db_path)
    conn.create_collation(COLLATION, vn_collate)
    db = sqlite_utils.Database(conn)
    rows = ({"id": d.id, "unit_id": "pre2025-21358", "unit_code": "21358", "title": d.title,
             "published_at": d.published_at, "body": "", "retrieved_at": d.published_at} for d in docs)
    db["news"].insert_all(rows, replace=True, batch_size=2000)
    conn.commit()
    conn.close()


def keystrokes(titles: list[str], words: int = 5) -> list[str]:
    """Every prefix a reader's box sends while typing the first words of each title, folded."""
    out = []
    for title in titles:
        text = " ".join(vntext.fold(title).split()[:words])
        out += [text[:k] for k in range(1, len(text) + 1) if text[k - 1] != " "]
    return out


def timed(port: int, paths: list[str]) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times, errors = [], 0
    for path in paths:
        t = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        times.append((time.perf_counter() - t) * 1000)
        if response.status != 200:
            errors += 1
        else:
            json.loads(body)
    conn.close()
    return summary(times, errors)


def summary(times: list[float], errors: int = 0) -> dict:
    return {"n": len(times), "p50": percentile(times, 50), "p95": percentile(times, 95),
            "p99": percentile(times, 99), "errors": errors, "times": times}


def short(query: str) -> bool:
    """One or two letters of one word: where units come from the prefix table."""
    return " " not in query and len(query) <= 2


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--titles", type=int, default=40)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="build here and keep; reuse what is there")
    args = ap.parse_args()
    port = free_port()
    print(f"load: {open('/proc/loadavg').read().strip()}")
    work = prepare(args.keep, args.corpus, args.docs)
    docs = make_docs(read_corpus(args.corpus), args.docs)
    add_titles(work / "opendata.db", docs)
    searcher = Searcher(work / "index")
    t = time.perf_counter()
    words = len(Vocabulary(searcher).df)
    vocabulary_s = time.perf_counter() - t
    searcher.close()
    rnd = random.Random(20261202)
    typed = keystrokes([d.title for d in rnd.sample(docs, args.titles)])
    suggest = [f"/-/suggest.json?{urllib.parse.urlencode({'q': q})}" for q in typed]
    search = [f"/-/search.json?{urllib.parse.urlencode({'q': q})}" for q in typed]
    results = {}
    for cached in ("0", "1"):
        env = {**os.environ, "OPENDATA_CACHED_ANSWERS": "1024" if cached == "1" else "0",
               "OPENDATA_CACHED_SUGGESTIONS": "2048" if cached == "1" else "0"}
        server = subprocess.Popen([sys.executable, "-c", SERVER, str(work / "metadata.json"), str(port),
                                   str(args.workers), str(work / "opendata.db")], env=env)
        try:
            wait_for(port, server)
            timed(port, suggest[:30] + search[:30])         # warm up: titles read, pages in memory
            if cached == "0":
                results["/-/suggest.json (computed)"] = timed(port, suggest)
                results["/-/search.json (computed, baseline)"] = timed(port, search)
                for name in ("/-/suggest.json", "/-/search.json"):
                    key = name + (" (computed)" if name == "/-/suggest.json" else " (computed, baseline)")
                    results[f"{name}, 1-2 letters"] = summary(
                        [ms for q, ms in zip(typed, results[key]["times"]) if short(q)])
            else:
                timed(port, suggest)
                results["/-/suggest.json (cached, 2nd pass)"] = timed(port, suggest)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"\n{args.docs:,} documents and titles, {len(typed)} keystroke prefixes of {args.titles} titles, "
          f"1 client, loopback, {args.workers} server process(es)")
    print(f"vocabulary (typos, completions) built in {vocabulary_s:.2f} s per loaded index ({words:,} folded syllables)")
    print(f"{'':40} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, r in results.items():
        print(f"{name:40} {r['n']:9,} {r['p50']:8.1f} {r['p95']:8.1f} {r['p99']:8.1f} {r['errors']:7}")
    base = results["/-/search.json (computed, baseline)"]
    mine = results["/-/suggest.json (computed)"]
    print(f"load: {open('/proc/loadavg').read().strip()}")
    print(f"suggest / search: p50 ratio {mine['p50'] / base['p50']:.2f}, p95 ratio {mine['p95'] / base['p95']:.2f}")


if __name__ == "__main__":
    main()
