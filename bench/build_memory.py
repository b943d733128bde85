"""Memory of a full index build, per process, against a baseline git ref in the same run.

    python bench/build_memory.py --corpus ../shared/corpus/articles.jsonl --docs 50000 --baseline main

Documents are bench/search_speed.py's (recombined corpus sentences). Each build runs in
a fresh Python process that loads the documents from a pickle and calls `build_index`,
as `opendata index` owns the documents it loaded; the baseline's process imports the
`opendata` package of `--baseline` (extracted with `git archive`), the other the work
tree's. Every 0.2 s the bench reads the PSS (and private Anonymous memory) of the
builder and of each of its children from /proc/PID/smaps_rollup: printed are the peak
of the sum and each process's own peak, with docs/s, index size and the load average.
Builds alternate baseline / current `--runs` times (the machine is shared: noisy).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import pickle
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE_SECONDS = 0.2


def _rollup(pid: int) -> dict[str, float]:
    """Pss and Anonymous (MB) of one process; empty when it is gone."""
    figures = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                name, _, rest = line.partition(":")
                if name in ("Pss", "Anonymous"):
                    figures[name] = int(rest.split()[0]) / 1024
    except OSError:
        return {}
    return figures


def _descendants(pid: int) -> list[int]:
    found = []
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            kids = [int(k) for k in fh.read().split()]
    except OSError:
        return found
    for kid in kids:
        found.append(kid)
        found.extend(_descendants(kid))
    return found


def run_build(docs_path: Path, index_dir: Path, package_root: Path) -> dict:
    """One build in a fresh process; its peaks sampled from here."""
    proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--child", str(docs_path),
                             str(index_dir), str(package_root)], stdout=subprocess.PIPE, text=True)
    peak_total = peak_total_anon = 0.0
    peaks: dict[str, float] = {}           # "builder", "worker <pid>"
    while proc.poll() is None:
        total = anon = 0.0
        for pid in [proc.pid, *_descendants(proc.pid)]:
            figures = _rollup(pid)
            if not figures:
                continue
            role = "builder" if pid == proc.pid else f"worker {pid}"
            peaks[role] = max(peaks.get(role, 0.0), figures["Pss"])
            total += figures["Pss"]
            anon += figures["Anonymous"]
        peak_total = max(peak_total, total)
        peak_total_anon = max(peak_total_anon, anon)
        time.sleep(SAMPLE_SECONDS)
    out = proc.stdout.read()
    if proc.returncode != 0:
        raise SystemExit(f"build under {package_root} failed (exit {proc.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    workers = sorted(v for k, v in peaks.items() if k.startswith("worker"))
    return dict(result, pss=peak_total, anon=peak_total_anon, builder=peaks.get("builder", 0.0),
                workers=workers, load=os.getloadavg()[0])


def child(docs_path: str, index_dir: str, package_root: str) -> None:
    """The build process: the chosen `opendata`, the documents it owns, one full build."""
    sys.path.insert(0, package_root)
    import opendata  # noqa: F401  (from package_root, before the pickle names its classes)
    assert Path(opendata.__file__).resolve().is_relative_to(Path(package_root).resolve()), opendata.__file__
    from opendata.search.indexer import build_index, index_size

    with open(docs_path, "rb") as fh:
        docs = pickle.load(fh)
    started = time.perf_counter()
    build_index(docs, Path(index_dir), rebuild=True)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "docs": len(docs), "size_mb": index_size(Path(index_dir)) / 2**20}))


def extract(ref: str, into: Path) -> Path:
    """The `opendata` package as committed at `ref`."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", ref, "opendata"],
                             check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--docs", type=int, default=50_000)
    ap.add_argument("--baseline", help="git ref whose opendata package is measured first (e.g. main)")
    ap.add_argument("--runs", type=int, default=1, help="builds of each variant, alternating")
    ap.add_argument("--keep-index", action="store_true", help="keep each build's index (default: remove)")
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    from corpus_docs import read_corpus
    from search_speed import make_docs

    with tempfile.TemporaryDirectory(prefix="build_memory_") as tmp:
        tmp = Path(tmp)
        docs_path = tmp / "docs.pickle"
        with open(docs_path, "wb") as fh:
            pickle.dump(make_docs(read_corpus(args.corpus), args.docs), fh, protocol=pickle.HIGHEST_PROTOCOL)
        variants = [("work tree", ROOT)]
        if args.baseline:
            variants.insert(0, (args.baseline, extract(args.baseline, tmp / "baseline")))
        print(f"{args.docs} documents; PSS/Anonymous in MB, peaks sampled every {SAMPLE_SECONDS} s")
        print(f"{'variant':12s}{'docs/s':>8s}{'PSS sum':>9s}{'Anon sum':>10s}{'builder':>9s}"
              f"{'workers':>16s}{'index MB':>10s}{'load':>6s}")
        for run in range(args.runs):
            for name, root in variants:
                index_dir = tmp / f"index-{run}-{name.replace(' ', '_')}"
                r = run_build(docs_path, index_dir, root)
                workers = "/".join(f"{w:.0f}" for w in r["workers"]) or "-"
                print(f"{name:12s}{r['docs'] / r['seconds']:8.0f}{r['pss']:9.0f}{r['anon']:10.0f}"
                      f"{r['builder']:9.0f}{workers:>16s}{r['size_mb']:10.0f}{r['load']:6.1f}", flush=True)
                if not args.keep_index:
                    subprocess.run(["rm", "-rf", str(index_dir)], check=True)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(*sys.argv[2:])
    else:
        main()
