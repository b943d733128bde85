"""Speed benchmark: index build and query latency, ours against SQLite FTS5, same run.

    python bench/search_speed.py --corpus ../shared/corpus/articles.jsonl --docs 50000
    python bench/search_speed.py --corpus ../shared/corpus/articles.jsonl --docs 200000 \
        --keep ../wt-scale-data/200k --add-only        # add 10 and open, on a kept index
    python bench/search_speed.py --corpus ../shared/corpus/articles.jsonl --docs 200000 \
        --keep ../wt-scale-data/200k --advice-ab 2     # cold open / warm queries, map advice on and off

Documents are made by recombining real corpus sentences (realistic vocabulary and
length, distinct ids). Measured: full build docs/s, index size, peak memory of the
build, adding 10 articles to the built index, and query latency p50/p95 over a mixed
set of queries answered as the web page asks them (total, facets, 10 results with
highlighted snippets, suggestion). FTS5 answers the same queries with count, unit
facet, top 10 by bm25 and snippet().
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing as mp
import os
import random
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from corpus_docs import ROOT, read_corpus, to_doc

from opendata import vntext
from opendata.search import Searcher, build_index
from opendata.search.indexer import index_size

BASE_QUERIES = [
    "xã", "năm", "công tác", "người dân", "tỉnh", "huyện", "phát triển", "kinh tế", "hội nghị", "ủy ban",
    "cải cách hành chính", "cai cach hanh chinh", "thủ tục hành chính", "thu tuc hanh chinh", "UBND",
    "UBND tỉnh", "CCHC", "TTHC", "HĐND", "hdnd", "KT-XH", "DVCTT", '"dịch vụ công trực tuyến"',
    '"cải cách hành chính"', '"an toàn giao thông"', "an ninh trật tự", "an ninh", "giao thông",
    "bán đất", "ban hành", "bàn giao", "hoà bình", "hòa bình", "thuỷ lợi", "uỷ ban nhân dân", "y tế",
    "giáo dục", "nông thôn mới", "nong thon moi", "bao hiem xa hoi", "công an xã", "chủ tịch", "đồng chí",
    "doanh nghiệp", "xây dựng", "đầu tư", "thị trường", "lừa đảo", "cháy", "mưa lũ", "học sinh",
    "ngân sách nhà nước", "chuyển đổi số", "chuyen doi so", "một cửa", "mot cua lien thong", "Hà Nội",
    "thành phố Hồ Chí Minh", "tp hcm", "năm 2024", "công tác cải cách", "xã hội", "dân cư", "tổ chức",
]


def make_docs(records: list[dict], n: int, seed: int = 7) -> list:
    """n documents of recombined sentences with the corpus's length distribution."""
    rnd = random.Random(seed)
    sentences = []
    lengths = []
    for r in records:
        body = vntext.normalize(r["body"])
        lengths.append(len(vntext.syllables(body)))
        sentences.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", body.replace("\n", " ")) if len(s) > 30)
    sentence_len = statistics.mean(len(vntext.syllables(s)) for s in sentences[:5000])
    docs = []
    for i in range(n):
        record = records[i % len(records)]
        target = max(80, int(rnd.choice(lengths)))
        body_sentences = [rnd.choice(sentences) for _ in range(max(3, int(target / sentence_len)))]
        paras = [" ".join(body_sentences[k:k + 4]) for k in range(0, len(body_sentences), 4)]
        title = " ".join(rnd.choice(sentences).split()[:rnd.randint(8, 18)]).rstrip(".,;:")
        base = to_doc({**record, "title": title, "body": "\n".join(paras)}, i, doc_id=f"doc{i:06d}")
        docs.append(base)
    return docs


def make_queries(n: int, seed: int = 11) -> list[str]:
    rnd = random.Random(seed)
    queries = list(BASE_QUERIES)
    while len(queries) < n:
        q = rnd.choice(BASE_QUERIES)
        variant = rnd.choice(["fold", "upper", "pair", "same"])
        if variant == "fold":
            q = vntext.fold(q)
        elif variant == "upper":
            q = q.upper()
        elif variant == "pair":
            q = q + " " + rnd.choice(BASE_QUERIES).strip('"')
        queries.append(q)
    return queries[:n]


def _build(docs, folder, queue):
    t = time.perf_counter()
    build_index(docs, folder)
    queue.put((time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024))


def _pss_mb(pid: int, field: str = "Pss") -> float:
    """Proportional set size of a process and its children (shared pages counted once);
    another smaps_rollup field with `field` (e.g. "Anonymous": private heap)."""
    total = 0
    pids = [pid]
    try:
        children = open(f"/proc/{pid}/task/{pid}/children").read().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in open(f"/proc/{p}/smaps_rollup"):
                if line.startswith(field + ":"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def evict_file(path: Path) -> None:
    """Drop one file from the page cache (POSIX_FADV_DONTNEED, after fsync: dirty pages stay
    cached); `tests/test_cold_open.py` uses it too."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def evict(folder: Path) -> int:
    """Drop the index's files from the page cache so the next open reads from disk, as after
    a reboot or when other work pushed the index out; only these files, not the whole
    machine's cache."""
    count = 0
    for path in folder.rglob("*"):
        if path.is_file():
            evict_file(path)
            count += 1
    return count


def cached_mb(folder: Path) -> float:
    """How much of the index's files the page cache holds (mincore over a map of each)."""
    import ctypes
    import mmap
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mmap.restype = ctypes.c_void_p
    libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
    libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    total = 0
    for path in folder.rglob("*"):
        size = path.stat().st_size if path.is_file() else 0
        if not size:
            continue
        fd = os.open(path, os.O_RDONLY)
        try:
            address = libc.mmap(None, size, mmap.PROT_READ, mmap.MAP_SHARED, fd, 0)
            pages = -(-size // mmap.PAGESIZE)
            vec = (ctypes.c_ubyte * pages)()
            libc.mincore(ctypes.c_void_p(address), ctypes.c_size_t(size), vec)
            libc.munmap(address, size)
        finally:
            os.close(fd)
        total += sum(bytes(vec)) * mmap.PAGESIZE      # low bit set: resident (other bits reserved, 0)
    return total / 2**20


def add_only(docs, folder: Path) -> None:
    """Add-10 and open on a kept index, without building it again (built first if missing).
    Each run adds 10 articles with new ids (the run's time in them), so runs can repeat on
    the same copy; the baseline, same run, is a build with nothing to do."""
    if not (folder / "manifest.json").exists():
        t = time.perf_counter()
        build_index(docs, folder)
        print(f"built {len(docs)} documents in {time.perf_counter() - t:.1f} s")
    stamp = int(time.time())
    known = build_index(docs, folder)            # brings the kept index up to `docs` (earlier runs' extras go)
    extra = [replace(d, id=f"add{stamp}-{i}", title=d.title + " bổ sung") for i, d in enumerate(docs[:10])]
    print(f"load {os.getloadavg()[0]:.2f} (1 min); {known.summary()}")
    t = time.perf_counter()
    nothing = build_index(docs, folder)
    nothing_s = time.perf_counter() - t
    t = time.perf_counter()
    added = build_index(docs + extra, folder)
    add_s = time.perf_counter() - t
    assert added.added == 10, added.summary()
    gc.collect()      # this process maps nothing of the index now (else its pages stay cached)
    warm_s = float(subprocess.run([sys.executable, str(Path(__file__).resolve()), "--warm-open", str(folder.resolve())],
                                  check=True, capture_output=True, text=True).stdout)
    # The cold open runs in a fresh process: pages this process still maps (the warm searcher's
    # arrays) cannot be evicted, and a cold open measured here would read almost nothing.
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--cold-open", str(folder.resolve())], check=True,
                         capture_output=True, text=True, cwd=Path(__file__).resolve().parent).stdout.split()
    files, segments = int(out[0]), int(out[1])
    cold_s, opened_mb, opened_read, first_s, first_mb = map(float, out[2:7])
    print(f"{len(docs) + 10} documents, {segments} segments, {files} files, "
          f"index {index_size(folder) / 2**20:.0f} MB")
    print(f"build with nothing to do (baseline)  {nothing_s:8.2f} s")
    print(f"add 10 articles                      {add_s:8.2f} s   x{add_s / nothing_s:.2f} of the baseline")
    print(f"open, warm (open + 1 query)          {warm_s:8.2f} s")
    print(f"open, cold (files evicted)           {cold_s:8.2f} s   read {opened_mb:.1f} MB of the index"
          f" ({opened_read:.1f} MB from disk)")
    print(f"first query after the cold open      {first_s:8.2f} s   read {first_mb:.1f} MB more")
    print(f"load {os.getloadavg()[0]:.2f} (1 min)")


def read_mb() -> float:
    """What this process has read from the disk so far (/proc/self/io read_bytes)."""
    for line in open("/proc/self/io"):
        if line.startswith("read_bytes:"):
            return int(line.split()[1]) / 2**20
    return float("nan")


def cold_open(folder: Path) -> None:
    """In a process of its own: evict the index files, open, one query (it builds the
    spelling vocabulary), a second with other words; print the figures: time, and MB of
    the index the page cache gained (mincore) and the process read (/proc/self/io)."""
    files = evict(folder)
    figures = []
    before, read_before = cached_mb(folder), read_mb()
    t = time.perf_counter()
    searcher = Searcher(folder)
    for step in (None, "cải cách hành chính", "an toàn giao thông"):
        if step is not None:
            t = time.perf_counter()
            searcher.search(step)
        elapsed = time.perf_counter() - t
        now, read_now = cached_mb(folder), read_mb()
        figures += [elapsed, now - before, read_now - read_before]
        before, read_before = now, read_now
    print(files, len(searcher.segments), *figures)


def warm_queries(folder: Path, count: int) -> None:
    """In a process of its own, the index's files all in the page cache: open, the warm-up
    queries, then the query set timed; print open s, p50 and p95 ms."""
    t = time.perf_counter()
    searcher = Searcher(folder)
    open_s = time.perf_counter() - t
    queries = make_queries(count)
    for q in queries[:20]:
        searcher.search(q)
    times = []
    for q in queries:
        t = time.perf_counter()
        searcher.search(q, limit=10)
        times.append((time.perf_counter() - t) * 1000)
    print(open_s, statistics.median(times), percentile(times, 95), max(times))


def cache_all(folder: Path) -> float:
    """Read every index file once (the page cache then holds the whole index); MB read."""
    total = 0
    for path in folder.rglob("*"):
        if path.is_file():
            with open(path, "rb") as fh:
                while block := fh.read(1 << 22):
                    total += len(block)
    return total / 2**20


def _child(mode: str, folder: Path, advice: str, *extra) -> list[float]:
    env = {**os.environ, "OPENDATA_MAP_ADVICE": advice}
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), mode, str(folder.resolve()), *map(str, extra)],
                         check=True, capture_output=True, text=True, env=env).stdout
    return [float(v) for v in out.split()]


def advice_ab(folder: Path, rounds: int, count: int) -> None:
    """The maps' read advice (codec.MAP_ADVICE) on and off, A/B/A/B on the same kept index,
    each run in a fresh process: cold open + first queries, and the warm query set with
    the whole index cached beforehand (same warm-up for both)."""
    if not (folder / "manifest.json").exists():
        raise SystemExit(f"--advice-ab needs a kept index in {folder}")
    print(f"index {index_size(folder) / 2**20:.0f} MB; load {open('/proc/loadavg').read().strip()}")
    rows: dict[str, list[list[float]]] = {"random": [], "none": []}
    for r in range(rounds):
        for advice in ("random", "none") if r % 2 == 0 else ("none", "random"):
            cold = _child("--cold-open", folder, advice)[2:]
            cache_all(folder)
            warm = _child("--warm-queries", folder, advice, count)
            rows[advice].append(cold + warm)
            print(f"round {r + 1} {advice:6s} cold open {cold[0]:6.2f} s {cold[1]:7.1f} MB cached {cold[2]:7.1f} MB read"
                  f" | 1st query {cold[3]:5.2f} s {cold[4]:6.1f} MB {cold[5]:6.1f} MB read"
                  f" | 2nd {cold[6]:5.2f} s {cold[7]:6.1f} MB {cold[8]:6.1f} MB read"
                  f" | warm open {warm[0]:5.2f} s p50 {warm[1]:6.1f} p95 {warm[2]:6.1f} max {warm[3]:6.0f} ms"
                  f" | load {os.getloadavg()[0]:.1f}", flush=True)
    print("median over rounds:")
    for advice, runs in rows.items():
        m = [statistics.median(col) for col in zip(*runs)]
        print(f"  {advice:6s} cold open {m[0]:6.2f} s read {m[2]:7.1f} MB | 1st query {m[3]:5.2f} s read {m[5]:6.1f} MB"
              f" | 2nd {m[6]:5.2f} s read {m[8]:6.1f} MB | warm p50 {m[10]:6.1f} p95 {m[11]:6.1f} ms")


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def fts5_setup(docs, path: Path):
    """FTS5 in a database file (its size is reported beside the index's)."""
    db = sqlite3.connect(path)
    db.execute("create virtual table docs using fts5(id unindexed, unit unindexed, title, body, "
               "tokenize = 'unicode61 remove_diacritics 2')")
    t = time.perf_counter()
    db.executemany("insert into docs values (?, ?, ?, ?)", [(d.id, d.unit_id, d.title, d.body) for d in docs])
    db.commit()
    return db, time.perf_counter() - t


def fts5_query(db, q):
    q = vntext.normalize(q)
    phrases = re.findall(r'"([^"]+)"', q)
    words = re.findall(r"\w+", re.sub(r'"[^"]+"', " ", q))
    match = " ".join(['"' + " ".join(re.findall(r"\w+", p)) + '"' for p in phrases] + [f'"{w}"' for w in words])
    if not match:
        return
    db.execute("select count(*) from docs where docs match ?", (match,)).fetchone()
    db.execute("select unit, count(*) from docs where docs match ? group by unit order by 2 desc limit 20",
               (match,)).fetchall()
    db.execute("select id, title, snippet(docs, 3, '<mark>', '</mark>', '…', 30) from docs where docs match ? "
               "order by bm25(docs, 2.0, 1.0) limit 10", (match,)).fetchall()


def main() -> None:
    if sys.argv[1:2] == ["--cold-open"]:          # the add-only run's fresh processes
        return cold_open(Path(sys.argv[2]))
    if sys.argv[1:2] == ["--warm-queries"]:
        return warm_queries(Path(sys.argv[2]), int(sys.argv[3]))
    if sys.argv[1:2] == ["--warm-open"]:
        t = time.perf_counter()
        Searcher(Path(sys.argv[2])).search("cải cách hành chính")
        return print(time.perf_counter() - t)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--docs", type=int, default=50_000)
    ap.add_argument("--queries", type=int, default=240)
    ap.add_argument("--keep", type=Path, help="build the index here and keep it; if one is there, reuse it "
                                              "(build figures are then not measured)")
    ap.add_argument("--add-only", action="store_true", help="with --keep: time adding 10 articles and opening "
                                                             "(cold and warm) on the kept index, nothing else")
    ap.add_argument("--advice-ab", type=int, metavar="ROUNDS",
                    help="with --keep: cold open, first queries and warm query times with the maps' read advice "
                         "and without (OPENDATA_MAP_ADVICE=none), alternating, ROUNDS of each")
    args = ap.parse_args()
    if args.advice_ab:
        if not args.keep:
            ap.error("--advice-ab needs --keep FOLDER")
        return advice_ab(args.keep, args.advice_ab, args.queries)
    records = read_corpus(args.corpus)
    docs = make_docs(records, args.docs)
    if args.add_only:
        if not args.keep:
            ap.error("--add-only needs --keep FOLDER")
        return add_only(docs, args.keep)
    mean_len = statistics.mean(len(d.body.split()) for d in docs[:2000])
    print(f"{len(docs)} documents (mean {mean_len:.0f} words), {args.queries} queries")
    queries = make_queries(args.queries)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp) / "index"
        extra = [replace(d, id=f"new{i}", title=d.title + " bổ sung") for i, d in enumerate(docs[:10])]
        build_s = peak_mb = writer_mb = add_s = peak_pss = float("nan")
        if not (folder / "manifest.json").exists():
            queue = mp.get_context("fork").Queue()
            proc = mp.get_context("fork").Process(target=_build, args=(docs, folder, queue))
            proc.start()
            peak_pss = 0.0
            while True:
                try:
                    build_s, peak_mb, writer_mb = queue.get(timeout=0.5)
                    break
                except Exception:
                    peak_pss = max(peak_pss, _pss_mb(proc.pid))
            proc.join()
            t = time.perf_counter()
            added = build_index(docs + extra, folder)
            add_s = time.perf_counter() - t
            assert added.added == 10, added.summary()
        size_mb = index_size(folder) / 2**20

        t = time.perf_counter()
        searcher = Searcher(folder)
        open_s = time.perf_counter() - t
        for q in queries[:20]:
            searcher.search(q)                       # warm up, as a running server is
        ours = []
        for q in queries:
            t = time.perf_counter()
            searcher.search(q, limit=10)
            ours.append((time.perf_counter() - t) * 1000)

        db, fts_build_s = fts5_setup(docs + extra, Path(tmp) / "fts5.db")
        fts_size_mb = (Path(tmp) / "fts5.db").stat().st_size / 2**20
        for q in queries[:20]:
            fts5_query(db, q)
        fts = []
        for q in queries:
            t = time.perf_counter()
            fts5_query(db, q)
            fts.append((time.perf_counter() - t) * 1000)

    n = len(docs)
    print(f"\n{'':28s}{'opendata':>14s}{'sqlite-fts5':>14s}")
    print(f"{'full build docs/s':28s}{n / build_s:14.0f}{n / fts_build_s:14.0f}")
    print(f"{'build seconds':28s}{build_s:14.1f}{fts_build_s:14.1f}")
    print(f"{'peak memory of build (MB)':28s}{peak_mb:14.0f}{'':>14s}")
    print(f"{'  + each writer process (MB)':28s}{writer_mb:14.0f}{'':>14s}")
    print(f"{'build, all processes PSS(MB)':28s}{peak_pss:14.0f}{'':>14s}")
    print(f"{'index size (MB)':28s}{size_mb:14.0f}{fts_size_mb:14.0f}")
    print(f"{'add 10 articles (s)':28s}{add_s:14.2f}{'':>14s}")
    print(f"{'open index (s)':28s}{open_s:14.2f}{'':>14s}")
    print(f"{'query p50 (ms)':28s}{statistics.median(ours):14.1f}{statistics.median(fts):14.1f}")
    print(f"{'query p95 (ms)':28s}{percentile(ours, 95):14.1f}{percentile(fts, 95):14.1f}")
    print(f"{'query max (ms)':28s}{max(ours):14.1f}{max(fts):14.1f}")
    print(f"p95 ratio opendata / fts5: {percentile(ours, 95) / percentile(fts, 95):.2f}")
    slow = sorted(zip(ours, queries), reverse=True)[:5]
    print("slowest: " + "; ".join(f"{q!r} {ms:.0f} ms" for ms, q in slow))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
