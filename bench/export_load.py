"""Search exports under load: `/-/search.csv?q=xa` over N documents, alone and 16 at once,
with cheap requests' latency beside them, on one `opendata serve` worker (the default).

    python bench/export_load.py --corpus ../shared/corpus/articles.jsonl --docs 20000 --keep /tmp/sl20k
    python bench/export_load.py ... --baseline-rev 74e0a4b     # the same, against older code too

Each phase runs on a fresh server, with the answer cache off (every export computed:
the worst case) and on (as deployed: identical exports in flight share one
computation). Cheap requests are `/-/versions.json` and `/-/search.json?q=ubnd`,
asked one after the other for the whole phase. `--baseline-rev` runs every phase
again with the package code of that git revision, in the same run, for ratios.
"""

from __future__ import annotations

import argparse
import http.client
import os
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

from search_speed import percentile
from serve_load import SERVER, free_port, prepare, wait_for

ROOT = Path(__file__).resolve().parent.parent
EXPORT = "/-/search.csv?q=xa"
CHEAP = ["/-/versions.json", "/-/search.json?q=ubnd"]


def get(port: int, path: str, timeout: float = 600) -> tuple[float, int, int]:
    """(seconds, status, bytes) of one request on a new connection."""
    t = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        n = len(r.read())
        return time.perf_counter() - t, r.status, n
    except OSError:
        return time.perf_counter() - t, 0, 0
    finally:
        conn.close()


def phase(port: int, exports: int) -> dict:
    """`exports` concurrent exports; cheap requests in a loop until they are all done."""
    done = threading.Event()
    cheap: dict[str, list[float]] = {p: [] for p in CHEAP}
    results: list[tuple[float, int, int]] = []

    def watch():
        while not done.is_set():
            for p in CHEAP:
                cheap[p].append(get(port, p, timeout=60)[0])

    def export():
        results.append(get(port, EXPORT))

    watcher = threading.Thread(target=watch)
    watcher.start()
    time.sleep(0.5)
    threads = [threading.Thread(target=export) for _ in range(exports)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t
    done.set()
    watcher.join()
    return {"wall": wall, "each": sorted(r[0] for r in results), "status": sorted({r[1] for r in results}),
            "bytes": max(r[2] for r in results), "cheap": {p: sorted(v) for p, v in cheap.items()}}


def serve(work: Path, port: int, cached: bool, code: Path | None) -> subprocess.Popen:
    env = {**os.environ, "OPENDATA_CACHED_ANSWERS": "1024" if cached else "0"}
    if code:
        env["PYTHONPATH"] = str(code)
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(work / "metadata.json"), str(port), "1",
                               str(work / "opendata.db")], env=env, cwd=str(code or ROOT),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(port, server)
    return server


def code_at(rev: str) -> Path:
    """The `opendata` package as it was at a git revision, in a temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="export-baseline-"))
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "opendata"], check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def run_all(work: Path, port: int, code: Path | None, label: str) -> dict:
    out = {}
    for cached in (False, True):
        server = serve(work, port, cached, code)
        try:
            get(port, EXPORT)                               # warm up: index and pages in memory
            for p in CHEAP:
                get(port, p)
            idle = {p: sorted(get(port, p)[0] for _ in range(20)) for p in CHEAP}
            alone = phase(port, 1)
            crowd = phase(port, 16)
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        out[(label, "cache on" if cached else "cache off")] = {"idle": idle, "alone": alone, "crowd": crowd}
    return out


def ms(values: list[float], q: float) -> str:
    return f"{percentile([v * 1000 for v in values], q):.0f}" if values else "-"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--keep", type=Path, help="build here and keep; reuse what is there")
    ap.add_argument("--baseline-rev", help="also measure the package code of this git revision")
    args = ap.parse_args()
    work = prepare(args.keep, args.corpus, args.docs)
    port = free_port()
    results = run_all(work, port, None, "this code")
    if args.baseline_rev:
        results.update(run_all(work, port, code_at(args.baseline_rev), args.baseline_rev))
    print(f"\n{args.docs:,} documents, one worker, export {EXPORT}, loopback")
    print(f"{'':28} {'export s':>9} {'16 at once: each s (min-max)':>29} {'wall s':>7} {'MB':>5} | "
          + " | ".join(f"{p} ms idle p50 / busy p50 p95 max" for p in CHEAP))
    for (label, cache), r in results.items():
        a, c = r["alone"], r["crowd"]
        cells = []
        for p in CHEAP:
            busy = a["cheap"][p] + c["cheap"][p]
            cells.append(f"{ms(r['idle'][p], 50)} / {ms(busy, 50)} {ms(busy, 95)} {ms(busy, 100)}")
        print(f"{label + ', ' + cache:28} {a['each'][0]:9.2f} {c['each'][0]:13.2f}-{c['each'][-1]:<15.2f} "
              f"{c['wall']:7.1f} {a['bytes'] / 1e6:5.1f} | " + " | ".join(cells)
              + ("" if c["status"] == [200] else f"  statuses {c['status']}"))
    if args.baseline_rev:
        for cache in ("cache off", "cache on"):
            new, old = results[("this code", cache)], results[(args.baseline_rev, cache)]
            print(f"{cache}: export alone {new['alone']['each'][0] / old['alone']['each'][0]:.2f}x the baseline's time, "
                  f"16 at once (slowest) {new['crowd']['each'][-1] / old['crowd']['each'][-1]:.2f}x, "
                  f"cheap search p95 while busy "
                  f"{percentile(new['crowd']['cheap'][CHEAP[1]], 95) / max(1e-9, percentile(old['crowd']['cheap'][CHEAP[1]], 95)):.2f}x")


if __name__ == "__main__":
    main()
