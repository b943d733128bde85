"""Building `build/index/`: a Whoosh index plus postings shards, switched by one manifest.

Layout::

    build/index/manifest.json     what readers open: current version folder, shards, hashes
    build/index/v<N>/             the Whoosh index (MAIN_*.toc + segments) and shards/

A full build writes a new `v<N>` folder; an incremental one commits a new Whoosh
generation and adds shards in the current folder. Either way the manifest is
replaced last, by rename, so readers see the previous index or the new one, never
half of one; a killed build leaves files the next build removes. One build at a
time: a lock file makes a second one wait, then give up with a clear message.
"""

from __future__ import annotations

import ctypes
import fcntl
import gc
import json
import multiprocessing
import os
import pickle
import shutil
import signal
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from whoosh import index as windex
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from ..errors import OpendataError
from ..package import write_json_atomic
from .analysis import SyllableFrequency, SyllableTokenizer, terms
from .documents import Doc
from .segment import BuildSegmentWriter
from .shards import SHARD_DOCS, ShardWriter

INDEX_FORMAT = 2          # bump when the schema or the shard layout changes
PARALLEL_FROM = 2000      # documents in a full build worth a second writer process
WHOOSH_BATCH = 5000       # documents per worker chunk (one shard) in a parallel full build
SEGMENT_DOCS = 2500       # documents per Whoosh segment in a parallel full build
SMALL_SEGMENT = 500       # Whoosh segments below this size are merged by incremental commits
# Shard numbers within one generation: serial build and worker 0 from 0, worker 1
# from 10,000, compaction from 20,000, so names never collide.
COMPACTED_NAMES = 20_000
COMPACT_FROM = 4          # small or half-dead shards that trigger rewriting them as one
MANIFEST = "manifest.json"


def whoosh_schema() -> Schema:
    """The full text, folded, with term frequencies, the title, the facets, and the
    stored fields results show. Queries run on the shards (pairs stand in for
    positions there), so Whoosh keeps no positions: they cost a fifth of the build.
    Exact (accented) terms live in the shards only: Whoosh's cost per posting would
    double the build."""
    text = TEXT(analyzer=SyllableTokenizer(fold=True), phrase=False)
    text.format = SyllableFrequency(field_boost=text.format.field_boost)
    title = TEXT(analyzer=SyllableTokenizer(fold=True), phrase=False, stored=True)
    title.format = SyllableFrequency(field_boost=title.format.field_boost)
    return Schema(
        id=ID(stored=True, unique=True), text=text, title=title,
        lead=STORED(), body=STORED(), url=STORED(), published_at=STORED(),
        unit_name=STORED(), province_name=STORED(),
        places=KEYWORD(stored=True, commas=True, lowercase=False),
        province=ID(stored=True), unit_code=ID(stored=True),
        year=NUMERIC(int, stored=True), areas=KEYWORD(stored=True, commas=True, lowercase=False),
    )


def _whoosh_fields(doc: Doc, words: list[str]) -> dict:
    """Whoosh's fields for a document; `words` are its folded syllables from `terms()`."""
    return dict(id=doc.id, text=words, title=doc.title, lead=doc.lead, body=doc.body,
                url=doc.url, published_at=doc.published_at, unit_name=doc.unit_name,
                province_name=doc.province_name, places=",".join(doc.places), province=doc.province_id,
                unit_code=doc.unit_code, year=doc.year, areas=",".join(doc.areas))


def _meta(doc: Doc) -> dict:
    """What a result line needs without opening Whoosh, plus the facets."""
    return {"title": doc.title, "url": doc.url, "published_at": doc.published_at, "ts": doc.ts,
            "year": doc.year, "unit_id": doc.unit_id, "unit_code": doc.unit_code, "unit_name": doc.unit_name,
            "province_id": doc.province_id, "province_name": doc.province_name, "places": doc.places,
            "areas": doc.areas}


@dataclass
class BuildResult:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    rebuilt: bool = False
    seconds: float = 0.0

    def summary(self) -> str:
        kind = "full build" if self.rebuilt else "incremental"
        return (f"index ({kind}): {self.added} added, {self.updated} updated, {self.removed} removed, "
                f"{self.unchanged} unchanged in {self.seconds:.1f} s")


def read_manifest(index_dir: Path) -> dict | None:
    try:
        manifest = json.loads((index_dir / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    return manifest if manifest.get("format") == INDEX_FORMAT else None


@contextmanager
def build_lock(index_dir: Path, wait: float):
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".lock", "a+") as fh:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OpendataError(f"another index build holds {index_dir / '.lock'}",
                                        hint="wait for it to finish (or raise --wait)")
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def build_index(docs: list[Doc], index_dir: Path, *, rebuild: bool = False, wait: float = 30.0,
                progress: Callable[[int], None] = lambda n: None) -> BuildResult:
    """Bring the index in `index_dir` up to date with `docs` (only what changed)."""
    started = time.monotonic()
    with build_lock(index_dir, wait):
        result = _build(docs, index_dir, rebuild, progress)
    result.seconds = time.monotonic() - started
    return result


def _build(docs: list[Doc], index_dir: Path, rebuild: bool, progress) -> BuildResult:
    result = BuildResult()
    manifest = None if rebuild else read_manifest(index_dir)
    hashes = {d.id: d.content_hash() for d in docs}
    if manifest is None:
        result.rebuilt = True
        version = _next_version(index_dir)
        folder = index_dir / version
        shutil.rmtree(folder, ignore_errors=True)
        (folder / "shards").mkdir(parents=True)
        ix = windex.create_in(str(folder), whoosh_schema())
        known: dict[str, dict] = {}
        generation_tag = 0
    else:
        version = manifest["version"]
        folder = index_dir / version
        ix = windex.open_dir(str(folder))
        known = manifest["docs"]
        generation_tag = manifest["generation"] + 1
    changed = [d for d in docs if known.get(d.id, {}).get("hash") != hashes[d.id]]
    removed = [i for i in known if i not in hashes]
    result.unchanged = len(docs) - len(changed)
    for d in changed:
        if d.id in known:
            result.updated += 1
        else:
            result.added += 1
    result.removed = len(removed)
    if not changed and not removed:
        return result

    if result.rebuilt and len(changed) >= PARALLEL_FROM:
        new_shards = _parallel_build(ix, changed, folder, generation_tag, progress)
    else:
        new_shards = _serial_build(ix, changed, known, removed, folder, generation_tag, progress)

    docs_map = dict(known)
    for doc_id in removed:
        docs_map.pop(doc_id, None)
    sizes = dict(manifest.get("shard_sizes", {})) if manifest else {}
    for name, ids in new_shards:
        sizes[name] = len(ids)
        for doc_id in ids:
            docs_map[doc_id] = {"hash": hashes[doc_id], "shard": name}
    _compact(docs_map, sizes, {d.id: d for d in docs}, folder, generation_tag)
    live = sorted({v["shard"] for v in docs_map.values()})
    write_json_atomic(index_dir / MANIFEST, {
        "format": INDEX_FORMAT, "version": version, "generation": generation_tag,
        "whoosh_generation": ix.latest_generation(), "shards": live, "docs": docs_map,
        "shard_sizes": {name: sizes[name] for name in live},
    }, compact=True)
    _clean(index_dir, folder, live)
    return result


class _Shards:
    """Fills shards of SHARD_DOCS documents, writing each one as it fills up."""

    def __init__(self, folder: Path, generation: int, first: int = 0):
        self.folder, self.generation, self.k = folder / "shards", generation, first
        self.current = ShardWriter()
        self.written: list[tuple[str, list[str]]] = []

    def add(self, d: Doc, doc_terms: dict) -> None:
        self.current.add(d.id, doc_terms, _meta(d))
        if len(self.current) >= SHARD_DOCS:
            self.flush()

    def flush(self) -> list[tuple[str, list[str]]]:
        """Write the shard being filled, if any; return (name, ids) of every shard written."""
        if len(self.current):
            name = f"g{self.generation:05d}-{self.k:03d}"
            self.current.write(self.folder, name)
            self.written.append((name, self.current.ids))
            self.k += 1
            self.current = ShardWriter()
        return self.written


def _add(writer, shards: _Shards, d: Doc, update: bool) -> None:
    """One document into Whoosh and into the shards, analysed once."""
    doc_terms = terms(d.title, d.text)
    fields = _whoosh_fields(d, doc_terms.pop("words"))
    if update:
        writer.update_document(**fields)
    else:
        writer.add_document(**fields)
    shards.add(d, doc_terms)


def _serial_build(ix, changed, known, removed, folder, generation, progress) -> list:
    writer = ix.writer(limitmb=64, compound=False)
    shards = _Shards(folder, generation)
    try:
        for d in changed:
            _add(writer, shards, d, d.id in known)
            progress(1)
        shards.flush()
        for doc_id in removed:
            writer.delete_by_term("id", doc_id)
        writer.commit(mergetype=_merge_small_segments)
    except BaseException:
        writer.cancel()
        raise
    return shards.written


def _merge_small_segments(writer, segments):
    """Whoosh merge policy for incremental commits: fold the small segments that earlier
    increments left into the new one, never the large ones a full build made (merging
    those would re-write the whole index for ten new articles)."""
    from whoosh.reading import SegmentReader

    keep = []
    for segment in segments:
        if segment.doc_count_all() < SMALL_SEGMENT:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
        else:
            keep.append(segment)
    return keep


def _parallel_build(ix, docs: list[Doc], folder: Path, generation: int, progress) -> list:
    """A full build on two processes, each analysing its documents once for both Whoosh
    and the shards, writing Whoosh segments of SEGMENT_DOCS documents (the writer's pool
    never spills to disk) and its shards. This process only collects the segments and
    commits them (as Whoosh's own MpWriter does), so the new version folder stays
    invisible to readers until then, and to `search` until the manifest names it."""
    size = min(WHOOSH_BATCH, -(-len(docs) // 2))
    chunks = [docs[i:i + size] for i in range(0, len(docs), size)]
    workers = []
    ctx = multiprocessing.get_context("fork")
    done = ctx.Value("i", 0)
    gc.freeze()     # the workers inherit it: their collector then leaves the documents' pages unwritten
    try:
        for w in range(2):
            out = folder / f".worker{w}.pickle"
            out.unlink(missing_ok=True)
            proc = ctx.Process(target=_build_worker, args=(ix, chunks[w::2], w, folder, generation, out, done),
                               daemon=True)
            proc.start()
            workers.append((proc, out))
    finally:
        gc.unfreeze()
    parent = ix.writer()        # holds Whoosh's lock while the workers write
    try:
        reported = 0
        while any(p.is_alive() for p, _ in workers):
            time.sleep(0.2)
            progress(done.value - reported)
            reported = done.value
        progress(done.value - reported)
        segments, new_shards = [], []
        for proc, out in workers:
            if proc.exitcode != 0 or not out.exists():
                raise OpendataError(f"an index worker failed (exit code {proc.exitcode})")
            with open(out, "rb") as fh:
                worker_segments, worker_shards = pickle.load(fh)
            out.unlink()
            segments.extend(worker_segments)
            new_shards.extend(worker_shards)
        parent._close_segment()
        parent._commit_toc(segments)
        parent._finish()
    except BaseException:
        for proc, _ in workers:
            if proc.is_alive():
                proc.kill()
        parent.cancel()
        raise
    return new_shards


def _die_with_parent() -> None:
    """A worker must not outlive its build: with the parent SIGKILLed (kill -9, the OOM
    killer) it would run to the end of its share, holding the build lock it inherited,
    so the next build waits for it or fails. Linux: the kernel kills it when the thread
    that forked it ends (that thread waits for its workers)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)     # PR_SET_PDEATHSIG
    except (AttributeError, OSError):                                   # not Linux
        return
    if os.getppid() != multiprocessing.parent_process().pid:           # the parent died before prctl
        os._exit(1)


def _build_worker(ix, chunks, w: int, folder: Path, generation: int, out: Path, done) -> None:
    _die_with_parent()
    segments = []
    shards = _Shards(folder, generation, first=w * 10_000)
    for chunk in chunks:                    # a chunk is at most one shard
        for part in range(0, len(chunk), SEGMENT_DOCS):
            writer = BuildSegmentWriter(ix, _lk=False)
            for d in chunk[part:part + SEGMENT_DOCS]:
                _add(writer, shards, d, update=False)
                with done.get_lock():
                    done.value += 1
            segments.append(writer._finalize_segment())
        shards.flush()
    tmp = out.with_suffix(".tmp")
    with open(tmp, "wb") as fh:
        pickle.dump((segments, shards.written), fh)
    os.replace(tmp, out)


def _compact(docs_map: dict, sizes: dict, docs: dict, folder: Path, generation: int) -> None:
    """Rewrite small or mostly dead shards as one, so that incremental runs do not
    pile up shards (each costs every query a few array operations)."""
    live: dict[str, list[str]] = {}
    for doc_id, entry in docs_map.items():
        live.setdefault(entry["shard"], []).append(doc_id)
    weak = [name for name, ids in live.items()
            if len(ids) < SHARD_DOCS // 2 or len(ids) < sizes.get(name, len(ids)) // 2]
    if len(weak) < COMPACT_FROM:
        return
    shards = _Shards(folder, generation, first=COMPACTED_NAMES)
    for name in sorted(weak):
        for doc_id in live[name]:
            d = docs[doc_id]
            doc_terms = terms(d.title, d.text)
            doc_terms.pop("words")
            shards.add(d, doc_terms)
    for name, ids in shards.flush():
        sizes[name] = len(ids)
        for doc_id in ids:
            docs_map[doc_id]["shard"] = name


def _next_version(index_dir: Path) -> str:
    numbers = [int(p.name[1:]) for p in index_dir.glob("v*") if p.name[1:].isdigit()]
    return f"v{max(numbers, default=0) + 1}"


def _clean(index_dir: Path, folder: Path, live: list[str]) -> None:
    """Remove other versions and shards no longer listed (after the manifest moved on)."""
    for other in index_dir.glob("v*"):
        if other != folder and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)
    keep = set(live)
    for path in (folder / "shards").iterdir():
        if path.name.split(".")[0] not in keep and not path.name.startswith("."):
            path.unlink(missing_ok=True)
        elif path.name.endswith(".tmp"):
            path.unlink(missing_ok=True)


def index_size(index_dir: Path) -> int:
    return sum(p.stat().st_size for p in index_dir.rglob("*") if p.is_file())
