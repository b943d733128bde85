"""Datasette's own CSV through the spreadsheet layer (spreadsheet_csv.py) against the same
server without it (the package code of `--baseline-rev`, main by default), in the same run.

    python bench/datasette_csv.py --corpus ../shared/corpus/articles.jsonl --docs 2000

The shipped package's database (units: 14,149 rows) served by `opendata serve`'s Datasette
on one worker; for each path: seconds (median of `--repeat`), bytes, and the server's peak
resident memory (VmHWM) after all downloads, so a table that sat in memory would show.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from export_load import code_at, get
from serve_load import SERVER, free_port, prepare, wait_for

ROOT = Path(__file__).resolve().parent.parent
PATHS = ["/opendata/units.csv?_stream=on&_dl=1",                       # a whole table, streamed
         "/opendata/units.csv?_size=max&province_id=pre2025-01",        # a filtered table page's CSV link
         "/opendata.csv?sql=select+*+from+units"]                      # a query: 1,000 rows


def peak_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def measure(work: Path, port: int, code: Path | None, repeat: int) -> dict:
    env = None
    if code:
        import os
        env = {**os.environ, "PYTHONPATH": str(code)}
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(work / "metadata.json"), str(port), "1",
                               str(work / "opendata.db")], env=env, cwd=str(code or ROOT),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(port, server)
        base_kb = peak_kb(server.pid)
        out = {}
        for path in PATHS:
            get(port, path)                                         # warm up
            runs = [get(port, path) for _ in range(repeat)]
            out[path] = (statistics.median(r[0] for r in runs), runs[0][1], runs[0][2])
        out["peak"] = (base_kb, peak_kb(server.pid))
        return out
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--docs", type=int, default=2000, help="documents in the search index (not exported)")
    ap.add_argument("--baseline-rev", default="main")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--keep", type=Path)
    args = ap.parse_args()
    work = prepare(args.keep, args.corpus, args.docs)
    port = free_port()
    print(f"load: {Path('/proc/loadavg').read_text().strip()}")
    results = {}
    for label, code in (("baseline " + args.baseline_rev, code_at(args.baseline_rev)), ("this tree", None)):
        results[label] = measure(work, port, code, args.repeat)
        time.sleep(1)
    base, ours = results.values()
    for path in PATHS:
        (bs, bstatus, bbytes), (s, status, nbytes) = base[path], ours[path]
        print(f"{path}\n  baseline {bs * 1000:7.0f} ms {bbytes:>10,} B ({bstatus})   this tree {s * 1000:7.0f} ms "
              f"{nbytes:>10,} B ({status})   x{s / bs:.2f}")
    print(f"server peak RSS (start -> after): baseline {base['peak'][0] / 1024:.0f} -> {base['peak'][1] / 1024:.0f} MB, "
          f"this tree {ours['peak'][0] / 1024:.0f} -> {ours['peak'][1] / 1024:.0f} MB")
    print(f"load: {Path('/proc/loadavg').read_text().strip()}")


if __name__ == "__main__":
    main()
