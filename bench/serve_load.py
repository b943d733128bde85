"""Load benchmark: concurrent clients on the running site's `/-/search.json`, over loopback.

    python bench/serve_load.py --corpus ../shared/corpus/articles.jsonl --docs 50000

Builds an index of N recombined corpus documents (or reuses `--keep DIR`), the
shipped package's database, and a peer database holding the same documents in
SQLite FTS5 (folded + original text, as `opendata build` writes `news_fts`). One
`opendata` Datasette server serves both; C client threads (keep-alive HTTP) then ask,
for S seconds each:
  1. ours: `/-/search.json?q=…` (total, facets, 10 highlighted snippets, suggestion);
  2. peer: Datasette's own full-text search `/peer/docs.json?_search=…&_size=10`
     (10 rows, no facets, no snippets) — the baseline, same server, same run.
The server runs twice: with its answer cache (as deployed) and without it
(`OPENDATA_CACHED_ANSWERS=0`: every search computed). Prints requests/s,
p50/p95/p99, errors and the server's memory (PSS of all its processes) for each.

The queries are what people type: `--long-titles` of them (default 40 %) are a whole
article title of 6–20 words, as pasted from elsewhere, half of those without
diacritics; the rest the mixed set of `search_speed.py`. Long queries are reported
on their own too. The target: without the cache, `/-/search.json` p95 at most half
the peer's `?_search=` p95.

    python bench/serve_load.py --corpus ../shared/corpus/articles.jsonl --docs 50000 \
        --clients 4 --workers 1 --keep /tmp/serve-50k
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import sqlite_utils
from corpus_docs import ROOT, read_corpus
from search_speed import _pss_mb as memory_mb
from search_speed import make_docs, make_queries, percentile

from opendata import vntext
from opendata.database import build_database, write_metadata
from opendata.package import Package
from opendata.search import build_index

SERVER = """
import sys
from pathlib import Path
from opendata.serve import run_datasette
run_datasette([Path(p) for p in sys.argv[4:]], Path(sys.argv[1]), "127.0.0.1", int(sys.argv[2]),
              workers=int(sys.argv[3]))
"""


def peer_database(docs, path: Path) -> None:
    db = sqlite_utils.Database(path, recreate=True)
    db["docs"].insert_all(({"id": d.id, "title": d.title, "published_at": d.published_at, "unit": d.unit_name,
                            "body": d.body} for d in docs), pk="id", batch_size=2000)
    db.execute("create virtual table docs_fts using fts5(text, content='', "
               "tokenize='unicode61 remove_diacritics 2')")
    with db.conn:
        db.conn.executemany("insert into docs_fts(rowid, text) values (?, ?)",
                            ((i, vntext.fold(t) + "\n" + t) for i, t in
                             db.execute("select rowid, title || ' ' || body from docs")))
    db.conn.execute("pragma journal_mode = delete")
    db.vacuum()


def typed_queries(titles: list[str], n: int, long_share: float, seed: int = 13) -> list[str]:
    """n queries: `long_share` of them whole titles of 6–20 words (half folded), the rest
    `make_queries()`; the two kinds interleaved so that every client sees both."""
    rnd = random.Random(seed)
    long_titles = [t for t in titles if 6 <= len(t.split()) <= 20]
    short = make_queries(n)
    out = []
    for i in range(n):
        if long_titles and rnd.random() < long_share:
            title = rnd.choice(long_titles)
            out.append(vntext.fold(title) if rnd.random() < 0.5 else title)
        else:
            out.append(short[i])
    return out


def is_long(query: str) -> bool:
    return len(query.split()) >= 6


def fetch(conn: http.client.HTTPConnection, port: int, path: str, parse_json: bool = False):
    """GET one path on a keep-alive connection: (connection to use next, error or None).
    Any failure is an error, and the client reconnects."""
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        body = r.read()
        if r.status != 200:
            return conn, f"{r.status} {path} {body[:80]!r}"
        if parse_json:
            json.loads(body)
        return conn, None
    except Exception as exc:  # noqa: BLE001 - counted by the caller
        conn.close()
        return http.client.HTTPConnection("127.0.0.1", port, timeout=conn.timeout), f"{type(exc).__name__} {path}"


def load(port: int, paths: list[str], clients: int, seconds: float, long_paths: frozenset = frozenset()) -> dict:
    latencies: list[float] = []
    long_latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, mine_long, bad, i = [], [], [], k
        while time.monotonic() < deadline:
            path = paths[i % len(paths)]
            i += clients
            t = time.perf_counter()
            conn, error = fetch(conn, port, path, parse_json=True)
            if error:
                bad.append(error)
            mine.append(time.perf_counter() - t)
            if path in long_paths:
                mine_long.append(mine[-1])
        with lock:
            latencies.extend(mine)
            long_latencies.extend(mine_long)
            errors.extend(bad)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    ms = [x * 1000 for x in latencies]
    long_ms = [x * 1000 for x in long_latencies] or [float("nan")]
    return {"requests": len(ms), "rps": len(ms) / elapsed, "p50": percentile(ms, 50), "p95": percentile(ms, 95),
            "p99": percentile(ms, 99), "errors": len(errors), "first_errors": errors[:5],
            "long": len(long_latencies), "long_p50": percentile(long_ms, 50), "long_p95": percentile(long_ms, 95)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, server: subprocess.Popen) -> None:
    """Until the server answers; it must be ours (alive), not another on the port."""
    deadline = time.monotonic() + 120
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/-/versions.json")
            if conn.getresponse().status == 200:
                time.sleep(1)
                if server.poll() is not None:
                    raise SystemExit(f"the server exited (is port {port} taken?)")
                return
        except OSError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            raise SystemExit("server did not start")
        time.sleep(0.3)


def prepare(keep: Path | None, corpus: str, n: int) -> Path:
    """An index of n recombined corpus documents, the peer FTS5 database, the shipped
    package's database and the site's metadata, in `keep` (reused when built) or a new folder."""
    work = keep or Path(tempfile.mkdtemp(prefix="serve-load-"))
    work.mkdir(parents=True, exist_ok=True)
    stamp = work / f"built-{n}"
    docs = make_docs(read_corpus(corpus), n)
    (work / "titles.json").write_text(json.dumps([d.title for d in docs], ensure_ascii=False), encoding="utf-8")
    if stamp.exists():
        del docs
    else:
        t = time.perf_counter()
        build_index(docs, work / "index", rebuild=True)
        print(f"index: {n:,} documents in {time.perf_counter() - t:.0f} s")
        peer_database(docs, work / "peer.db")
        del docs
        build_database(Package(ROOT / "datapackage.json"), work / "opendata.db")
        stamp.write_text("ok")
    write_metadata(Package(ROOT / "datapackage.json"), work / "metadata.json", index_dir=work / "index")
    return work


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--docs", type=int, default=50_000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--port", type=int, default=0, help="default: a free port")
    ap.add_argument("--workers", type=int, default=2, help="server processes (opendata serve --workers)")
    ap.add_argument("--keep", type=Path, help="build here and keep; reuse what is there")
    ap.add_argument("--long-titles", type=float, default=0.4, help="share of queries that are a whole title")
    args = ap.parse_args()
    args.port = args.port or free_port()

    work = prepare(args.keep, args.corpus, args.docs)
    metadata = json.loads((work / "metadata.json").read_text(encoding="utf-8"))
    metadata["databases"]["peer"] = {"tables": {"docs": {"fts_table": "docs_fts", "fts_pk": "rowid"}}}
    (work / "metadata.json").write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")

    titles = json.loads((work / "titles.json").read_text(encoding="utf-8"))
    queries = typed_queries(titles, args.queries, args.long_titles)
    ours = [f"/-/search.json?{urllib.parse.urlencode({'q': q})}" for q in queries]
    peer = [f"/peer/docs.json?{urllib.parse.urlencode({'_search': vntext.fold(q), '_size': 10})}"
            for q in queries]
    long_ours = frozenset(p for p, q in zip(ours, queries) if is_long(q))
    long_peer = frozenset(p for p, q in zip(peer, queries) if is_long(q))
    results, memory = {}, {}
    for cached in ("1024", "0"):
        env = {**os.environ, "OPENDATA_CACHED_ANSWERS": cached}
        server = subprocess.Popen([sys.executable, "-c", SERVER, str(work / "metadata.json"), str(args.port),
                                   str(args.workers), str(work / "opendata.db"), str(work / "peer.db")], env=env)
        try:
            wait_for(args.port, server)
            load(args.port, ours[:20], 2, 5)                 # warm up: index open, pages in memory
            load(args.port, peer[:20], 2, 5)
            rss_start = memory_mb(server.pid)
            label = "cached" if cached != "0" else "no cache"
            results[f"opendata /-/search.json ({label})"] = load(args.port, ours, args.clients, args.seconds,
                                                                  long_ours)
            if cached == "0":
                results["Datasette FTS5 ?_search= (peer)"] = load(args.port, peer, args.clients, args.seconds,
                                                                  long_peer)
            memory[label] = (rss_start, memory_mb(server.pid))
        finally:
            server.terminate()
            server.wait(timeout=30)

    print(f"\n{args.docs:,} documents, {args.clients} clients, {args.workers} worker(s), {args.seconds:.0f} s each, "
          f"{len(queries)} queries ({sum(map(is_long, queries))} of 6+ words), loopback")
    print(f"{'':36} {'requests':>9} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}"
          f" {'long p50':>9} {'long p95':>9}")
    for name, r in results.items():
        print(f"{name:36} {r['requests']:9,} {r['rps']:7.1f} {r['p50']:8.1f} {r['p95']:8.1f} {r['p99']:8.1f} "
              f"{r['errors']:7} {r['long_p50']:9.1f} {r['long_p95']:9.1f}")
        for e in r["first_errors"]:
            print("   ", e)
    peer_result = results["Datasette FTS5 ?_search= (peer)"]
    for name, r in results.items():
        if "peer" not in name:
            ratio = r["p95"] / peer_result["p95"]
            line = (f"{name}: p95 ratio to peer {ratio:.2f} (long queries {r['long_p95'] / peer_result['long_p95']:.2f}),"
                    f" req/s ratio {r['rps'] / peer_result['rps']:.2f}")
            if "no cache" in name:
                verdict = "met" if ratio <= 0.5 and not r["errors"] else "NOT met"
                line += f"; target p95 <= 0.5 x peer, 0 errors: {verdict}"
            print(line)
    for label, (start, end) in memory.items():
        print(f"server PSS ({args.workers} workers, {label}): {start:.0f} MB after warm-up, {end:.0f} MB at the end")


if __name__ == "__main__":
    main()
