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
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
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


def load(port: int, paths: list[str], clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, bad, i = [], [], k
        while time.monotonic() < deadline:
            path = paths[i % len(paths)]
            i += clients
            t = time.perf_counter()
            conn, error = fetch(conn, port, path, parse_json=True)
            if error:
                bad.append(error)
            mine.append(time.perf_counter() - t)
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    ms = [x * 1000 for x in latencies]
    return {"requests": len(ms), "rps": len(ms) / elapsed, "p50": percentile(ms, 50), "p95": percentile(ms, 95),
            "p99": percentile(ms, 99), "errors": len(errors), "first_errors": errors[:5]}


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
    if not stamp.exists():
        docs = make_docs(read_corpus(corpus), n)
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
    args = ap.parse_args()
    args.port = args.port or free_port()

    work = prepare(args.keep, args.corpus, args.docs)
    metadata = json.loads((work / "metadata.json").read_text(encoding="utf-8"))
    metadata["databases"]["peer"] = {"tables": {"docs": {"fts_table": "docs_fts", "fts_pk": "rowid"}}}
    (work / "metadata.json").write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")

    queries = make_queries(args.queries)
    ours = [f"/-/search.json?{urllib.parse.urlencode({'q': q})}" for q in queries]
    peer = [f"/peer/docs.json?{urllib.parse.urlencode({'_search': vntext.fold(q), '_size': 10})}"
            for q in queries]
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
            results[f"opendata /-/search.json ({label})"] = load(args.port, ours, args.clients, args.seconds)
            if cached == "0":
                results["Datasette FTS5 ?_search= (peer)"] = load(args.port, peer, args.clients, args.seconds)
            memory[label] = (rss_start, memory_mb(server.pid))
        finally:
            server.terminate()
            server.wait(timeout=30)

    print(f"\n{args.docs:,} documents, {args.clients} clients, {args.seconds:.0f} s each, "
          f"{len(queries)} queries, loopback")
    print(f"{'':36} {'requests':>9} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, r in results.items():
        print(f"{name:36} {r['requests']:9,} {r['rps']:7.1f} {r['p50']:8.1f} {r['p95']:8.1f} {r['p99']:8.1f} "
              f"{r['errors']:7}")
        for e in r["first_errors"]:
            print("   ", e)
    peer_result = results["Datasette FTS5 ?_search= (peer)"]
    for name, r in results.items():
        if "peer" not in name:
            verdict = "met" if r["p95"] <= 150 and not r["errors"] else "NOT met"
            print(f"{name}: p95 ratio to peer {r['p95'] / peer_result['p95']:.2f}, req/s ratio "
                  f"{r['rps'] / peer_result['rps']:.2f}; target p95 <= 150 ms, 0 errors: {verdict}")
    for label, (start, end) in memory.items():
        print(f"server PSS ({args.workers} workers, {label}): {start:.0f} MB after warm-up, {end:.0f} MB at the end")


if __name__ == "__main__":
    main()
