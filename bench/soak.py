"""Soak: mixed traffic on a running `opendata serve` while the data is updated under it.

    python bench/soak.py --corpus ../shared/corpus/articles.jsonl --minutes 10

A copy of the shipped package gets the corpus articles (as news of Xã Minh Long, so
they validate), is served by `opendata serve --workers 2`, and C clients (default 16)
ask for a mix of pages for M minutes: home, search pages, search JSON and CSV, article
pages, table pages, table CSV, SQL. Meanwhile `ingest` + `index` + `build` run twice,
each time adding a new batch of articles (100 by default: a day's news, so that
memory growth shows leaks rather than a bigger index). Prints requests, errors (target 0),
p50/p95 per kind, and the server's memory (PSS of all its processes) at start and end
(target: no growth beyond 20 %).

Beside the mix, the hostile loops that once froze the server (bench/hostile_mix.py:
`vn_search()` called 40 times in one SQL statement, searches of 100 results, failing
SQL; `--hostile N` loops of each, 0 to leave them out) run for the whole M minutes,
with a watchdog on `/-/versions.json`; any answer but 200 or 400 from them is an error.

Memory is measured at two starts, and growth is reported from both:
  - raw: after 50 requests (every worker has answered once, nothing cached yet);
  - after warm-up (the target's baseline): after one pass over the whole traffic mix
    (2,000 requests, C clients), so that bounded caches (the search answers, SQLite's
    and Datasette's) and the index pages that the mix touches are in use, as on a
    server that has been up for a while. Growth past that is what a leak would show.
The timed M minutes start after the warm-up pass.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

from corpus_docs import ROOT, read_corpus
from hostile_mix import Mix
from search_speed import BASE_QUERIES, percentile
from search_speed import _pss_mb as memory_mb
from serve_load import fetch, free_port, wait_for

RETRIEVED = "2026-11-28T12:00:00+07:00"


def write_batch(records: list[dict], path: Path, start_day: int) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for i, r in enumerate(records):
            day = start_day + i // 200
            fh.write(json.dumps({"url": f"https://minhlong.example.gov.vn/bai/{r['id']}.html", "title": r["title"],
                                 "body": r["body"], "unit_code": "21361",
                                 "published_at": f"2025-{8 + day // 28:02d}-{1 + day % 28:02d}T08:00:00+07:00"},
                                ensure_ascii=False) + "\n")


def run(package: Path, *args: str) -> float:
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "opendata", *args, "--package", str(package)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode:
        raise SystemExit(f"opendata {args[0]} failed: {done.stderr.strip()[-2000:]}")
    return time.monotonic() - start


def traffic(port: int, article_ids: list[str]) -> list[tuple[str, str]]:
    rnd = random.Random(5)
    q = lambda: urllib.parse.quote_plus(rnd.choice(BASE_QUERIES))  # noqa: E731
    mix = []
    for _ in range(2000):
        kind = rnd.choices(["home", "search", "json", "csv", "article", "table", "table_csv", "sql"],
                           weights=[5, 30, 25, 5, 15, 10, 2, 8])[0]
        path = {"home": lambda: "/",
                "search": lambda: f"/-/search?q={q()}&page={rnd.randint(1, 3)}",
                "json": lambda: f"/-/search.json?q={q()}",
                "csv": lambda: f"/-/search.csv?q={q()}&year=2025",
                "article": lambda: f"/-/article/{rnd.choice(article_ids)}",
                "table": lambda: f"/opendata/news?_size=20&_sort_desc=published_at&_next={rnd.randint(0, 5) * 20}"
                                 if rnd.random() < 0.5 else "/opendata/units?era=2025&_size=50",
                "table_csv": lambda: "/-/csv/reform_areas.csv",
                "sql": lambda: "/opendata.json?" + urllib.parse.urlencode(
                    {"sql": "select unit_id, count(*) from news group by unit_id order by 2 desc limit 5"})}[kind]()
        mix.append((kind, path))
    return mix


def warm_up(port: int, mix: list[tuple[str, str]], clients: int) -> list[str]:
    """One pass over the whole mix, shared among the clients; returns the errors."""
    errors: list[str] = []

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _, path in mix[k::clients]:
            conn, error = fetch(conn, port, path)
            if error:
                errors.append(error)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def per_process(pid: int) -> list[tuple[str, float, float]]:
    """(name, PSS MB, anonymous MB) of the server's main process and each child."""
    try:
        children = [int(c) for c in open(f"/proc/{pid}/task/{pid}/children").read().split()]
    except OSError:
        children = []
    def field_mb(p: int, field: str) -> float:
        try:
            for line in open(f"/proc/{p}/smaps_rollup"):
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    return [("main" if not k else f"child{k}", field_mb(p, "Pss"), field_mb(p, "Anonymous"))
            for k, p in enumerate([pid] + children)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--batch", type=int, default=100, help="articles added by each update cycle")
    ap.add_argument("--port", type=int, default=0, help="default: a free port")
    ap.add_argument("--hostile", type=int, default=2, help="loops of each hostile kind (0: none)")
    args = ap.parse_args()
    args.port = args.port or free_port()

    work = Path(tempfile.mkdtemp(prefix="soak-"))
    shutil.copy(ROOT / "datapackage.json", work / "datapackage.json")
    shutil.copytree(ROOT / "data", work / "data")
    package = work / "datapackage.json"
    records = read_corpus(args.corpus)
    first, later = records[:-2 * args.batch], records[-2 * args.batch:]
    write_batch(first, work / "batch0.jsonl", 0)
    write_batch(later[:args.batch], work / "batch1.jsonl", 0)
    write_batch(later[args.batch:], work / "batch2.jsonl", 0)
    run(package, "ingest", str(work / "batch0.jsonl"), "--retrieved-at", RETRIEVED)

    # The server's log goes to a file: a pipe nobody reads fills up (64 kB of failed-SQL
    # lines from the hostile loops) and then blocks every write to it, the event loop's too.
    log = open(work / "serve.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "opendata", "serve", "--port", str(args.port), "--workers", "2",
                               "--package", str(package)], stdout=subprocess.DEVNULL, stderr=log)
    try:
        wait_for(args.port, server)
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
        conn.request("GET", "/opendata.json?sql=select+id+from+news+limit+500&_shape=arrayfirst")
        ids = json.loads(conn.getresponse().read())
        mix = traffic(args.port, ids)
        for kind, path in mix[:50]:                          # every worker answers once
            c = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
            c.request("GET", path)
            c.getresponse().read()
        memory_raw = memory_mb(server.pid)
        warm_errors = warm_up(args.port, mix, args.clients)
        memory_start = memory_mb(server.pid)
        processes_start = per_process(server.pid)

        latencies: dict[str, list[float]] = defaultdict(list)
        errors: list[str] = []
        lock = threading.Lock()
        deadline = time.monotonic() + args.minutes * 60

        def client(k: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
            i = k * 97
            mine, bad = defaultdict(list), []
            while time.monotonic() < deadline:
                kind, path = mix[i % len(mix)]
                i += 1
                t = time.perf_counter()
                conn, error = fetch(conn, args.port, path)
                if error:
                    bad.append(error)
                mine[kind].append((time.perf_counter() - t) * 1000)
            with lock:
                for kind, values in mine.items():
                    latencies[kind].extend(values)
                errors.extend(bad)

        samples: list[tuple[float, float, float]] = []        # (minute, PSS MB, anonymous MB)

        def sample() -> None:
            start = time.monotonic()
            while time.monotonic() < deadline:
                samples.append(((time.monotonic() - start) / 60, memory_mb(server.pid), memory_mb(server.pid, "Anonymous")))
                time.sleep(15)

        threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
        threads.append(threading.Thread(target=sample))
        hostile = Mix(args.port, args.minutes * 60, loops=args.hostile, timeout=60) if args.hostile else None
        if hostile:
            threads.append(threading.Thread(target=hostile.run, kwargs={"watchdog_limit": 10}))
        for t in threads:
            t.start()
        cycles = []
        for batch in ("batch1.jsonl", "batch2.jsonl"):
            time.sleep(args.minutes * 60 / 4)
            took = [run(package, "ingest", str(work / batch), "--retrieved-at", RETRIEVED),
                    run(package, "index"), run(package, "build")]
            cycles.append(took)
        for t in threads:
            t.join()
        memory_end = memory_mb(server.pid)
        processes_end = per_process(server.pid)
    finally:
        server.terminate()
        stop = time.monotonic()
        try:
            server.wait(timeout=60)
            stopped = time.monotonic() - stop
        except subprocess.TimeoutExpired:
            for pid in [server.pid] + [int(c) for c in open(f"/proc/{server.pid}/task/{server.pid}/children").read().split()]:
                subprocess.run(["py-spy", "dump", "--pid", str(pid)], check=False)   # where it hangs, if installed
            server.kill()
            stopped = float("inf")

    total = sum(len(v) for v in latencies.values())
    print(f"\nsoak: {args.minutes:g} min, {args.clients} clients, {total:,} requests, {len(errors)} errors "
          f"(warm-up pass: {len(mix):,} requests, {len(warm_errors)} errors)")
    for e in (warm_errors + errors)[:10]:
        print("   ", e)
    if hostile:
        bad = {k: v for k, v in hostile.statuses.items() if k not in (200, 400)}
        print(f"hostile loops ({args.hostile} of each kind): {hostile.summary()}; "
              f"errors {sum(bad.values())} {bad if bad else ''}")
    print(f"{'kind':10} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8}")
    for kind, values in sorted(latencies.items()):
        print(f"{kind:10} {len(values):9,} {percentile(values, 50):8.1f} {percentile(values, 95):8.1f}")
    everything = [x for v in latencies.values() for x in v]
    print(f"{'all':10} {total:9,} {percentile(everything, 50):8.1f} {percentile(everything, 95):8.1f}")
    print(f"server stopped {stopped:.1f} s after SIGTERM")
    log.close()
    lines = (work / "serve.log").read_text(encoding="utf-8", errors="replace").splitlines()
    print(f"server log: {len(lines):,} lines, longest {max(map(len, lines), default=0)} characters, "
          f"{sum('Traceback' in line for line in lines)} tracebacks")
    for n, (ingest, index, build) in enumerate(cycles, 1):
        print(f"update cycle {n}: ingest {ingest:.1f} s, index {index:.1f} s, build {build:.1f} s")
    growth = (memory_end - memory_start) / memory_start * 100
    raw_growth = (memory_end - memory_raw) / memory_raw * 100
    print(f"server memory (PSS): {memory_start:.0f} MB after warm-up, {memory_end:.0f} MB at end ({growth:+.0f} %; "
          f"target <= +20 %: {'met' if growth <= 20 else 'NOT met'})")
    print(f"server memory (PSS), raw: {memory_raw:.0f} MB before warm-up (after 50 requests), "
          f"{memory_end:.0f} MB at end ({raw_growth:+.0f} %)")
    for name, when in (("after warm-up", processes_start), ("at end", processes_end)):
        print(f"per process {name} (PSS / anonymous MB): " + ", ".join(f"{k} {p:.0f}/{a:.0f}" for k, p, a in when))
    print("memory over time (minute: PSS MB / anonymous MB): " +
          ", ".join(f"{m:.1f}: {p:.0f}/{a:.0f}" for m, p, a in samples[::2]))
    half = [s for s in samples if s[0] >= args.minutes / 2]
    if len(half) > 1:
        print(f"second half: PSS {half[0][1]:.0f} -> {half[-1][1]:.0f} MB, anonymous {half[0][2]:.0f} -> "
              f"{half[-1][2]:.0f} MB (a leak keeps rising here; mapped index pages level off)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
