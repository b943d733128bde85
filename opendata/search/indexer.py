"""Building `build/index/`: one Whoosh index, switched by one manifest.

Layout::

    build/index/manifest.json     what readers open: the format and current version folder
    build/index/v<N>/             the Whoosh index (MAIN_*.toc + segments, our codec)

A full build writes a new `v<N>` folder; an incremental one commits a new Whoosh
generation in the current folder (Whoosh's TOC is replaced by rename). Either way
the manifest is replaced last, by rename, so readers see the previous index or the
new one, never half of one; a killed build leaves files the next build removes. One
build at a time: a lock file makes a second one wait, then give up with a clear
message. What the builder needs to know what changed (each article's content hash)
is a column of the index itself, so it can never disagree with it.
"""

from __future__ import annotations

import fcntl
import gc
import json
import multiprocessing
import multiprocessing.connection
import os
import pickle
import shutil
import subprocess
import sys
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import Callable

from whoosh import index as windex
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from ..errors import OpendataError
from ..package import write_json_atomic
from .analysis import PairTokenizer, SyllableFrequency, SyllableTokenizer, terms
from .codec import ArrayCodec, SegmentFiles, index_segments
from .documents import Doc
from .fields import FOLDED, FOLDED_PAIRS, SYLLABLES, TITLE, TITLE_PAIRS
from .segment import BuildSegmentWriter

INDEX_FORMAT = 3          # bump when the schema or the codec changes (3: postings in Whoosh, ArrayCodec)
PARALLEL_FROM = 2000      # documents in a full build worth a second writer process
SEGMENT_DOCS = 6_250      # documents per Whoosh segment in a parallel full build (bounds a worker's memory)
BATCH_DOCS = 250          # documents sent to a worker at a time (what it holds of them)
SMALL_SEGMENT = 500       # Whoosh segments below this size are merged by incremental commits
MANIFEST = "manifest.json"

# Per-document columns (exact values; Whoosh's own length columns are one byte).
FOLDED_LENGTH = "folded_length"      # folded syllables in the text: BM25 length norm
TITLE_LENGTH = "title_length"        # folded syllables in the title
PUBLISHED_TS = "published_ts"        # seconds since the epoch: newest first
PUBLISHED_DAY = "published_day"      # local publication day as YYYYMMDD: date filters, year
CONTENT_HASH = "content_hash"        # Doc.content_hash(): what an incremental build compares
COLUMN_TYPES = {FOLDED_LENGTH: "I", TITLE_LENGTH: "I", PUBLISHED_TS: "q", PUBLISHED_DAY: "i"}
FACET_FIELDS = {"unit": "unit_id", "province": "province_id"}
PLACES, AREAS = "places", "areas"


def _text_field(tokenizer, stored: bool = False) -> TEXT:
    field = TEXT(analyzer=tokenizer, phrase=False, stored=stored)
    field.format = SyllableFrequency(field_boost=field.format.field_boost)
    return field


def whoosh_schema() -> Schema:
    """The postings fields (`fields.py`), the facets, the per-document columns and the
    stored fields results show. No positions: adjacent pairs stand in for them."""
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        **{FOLDED: _text_field(SyllableTokenizer(fold=True)),
           FOLDED_PAIRS: _text_field(PairTokenizer(fold=True)),
           SYLLABLES: _text_field(SyllableTokenizer()),
           TITLE: _text_field(SyllableTokenizer(fold=True), stored=True),
           TITLE_PAIRS: _text_field(PairTokenizer(fold=True)),
           FOLDED_LENGTH: COLUMN(NumericColumn("I")), TITLE_LENGTH: COLUMN(NumericColumn("I")),
           PUBLISHED_TS: COLUMN(NumericColumn("q")), PUBLISHED_DAY: COLUMN(NumericColumn("i")),
           CONTENT_HASH: COLUMN(VarBytesColumn()),
           PLACES: KEYWORD(commas=True, lowercase=False), AREAS: KEYWORD(commas=True, lowercase=False)},
        unit_id=ID(stored=True), province_id=ID(stored=True),
        lead=STORED(), body=STORED(), url=STORED(), published_at=STORED(), unit_code=STORED(),
        unit_name=STORED(), province_name=STORED(),
    )


def day_number(iso: str) -> int:
    """'2024-04-08...' -> 20240408."""
    return int(iso[:10].replace("-", ""))


def _whoosh_fields(doc: Doc, analysed: dict, digest: bytes | None = None) -> dict:
    """Whoosh's fields for a document; `analysed` is `terms()` of it, `digest` its
    `content_digest()` when already computed."""
    return dict(
        id=doc.id, **analysed, _stored_title=doc.title,
        lead=doc.lead, body=doc.body, url=doc.url, published_at=doc.published_at, unit_code=doc.unit_code,
        unit_name=doc.unit_name, province_name=doc.province_name,
        unit_id=doc.unit_id or None, province_id=doc.province_id or None,
        places=",".join(doc.places) or None, areas=",".join(doc.areas) or None,
        **{FOLDED_LENGTH: len(analysed[FOLDED]), TITLE_LENGTH: len(analysed[TITLE]), PUBLISHED_TS: doc.ts,
           PUBLISHED_DAY: day_number(doc.published_at), CONTENT_HASH: digest or doc.content_digest()},
    )


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


def manifest_format(index_dir: Path) -> int | None:
    """The format the manifest says, or None when there is no readable manifest."""
    try:
        return json.loads((index_dir / MANIFEST).read_text(encoding="utf-8")).get("format")
    except (FileNotFoundError, json.JSONDecodeError, AttributeError):
        return None


def read_manifest(index_dir: Path) -> dict | None:
    try:
        manifest = json.loads((index_dir / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    return manifest if isinstance(manifest, dict) and manifest.get("format") == INDEX_FORMAT else None


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
    hashes = {d.id: d.content_digest() for d in docs}
    if manifest is None:
        result.rebuilt = True
        version = _next_version(index_dir)
        folder = index_dir / version
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        ix = windex.create_in(str(folder), whoosh_schema())
        known: dict[str, bytes] = {}
    else:
        version = manifest["version"]
        folder = index_dir / version
        ix = windex.open_dir(str(folder))
        known = known_hashes(ix, folder)
    changed = [d for d in docs if known.get(d.id) != hashes[d.id]]
    removed = [i for i in known if i not in hashes]
    result.unchanged = len(docs) - len(changed)
    for d in changed:
        if d.id in known:
            result.updated += 1
        else:
            result.added += 1
    result.removed = len(removed)
    if not changed and not removed and not result.rebuilt:
        if manifest.get("whoosh_generation") == ix.latest_generation():
            return result
        # A build killed after Whoosh's commit but before the manifest: the index already
        # holds the new documents; only the manifest (what servers reload on) is missing.
    elif result.rebuilt and len(changed) >= PARALLEL_FROM:
        _parallel_build(ix, changed, hashes, folder, progress)
    else:
        _serial_build(ix, changed, hashes, known, removed, progress)
    write_json_atomic(index_dir / MANIFEST, {
        "format": INDEX_FORMAT, "version": version, "whoosh_generation": ix.latest_generation(),
    }, compact=True)
    _clean(index_dir, folder)
    return result


def known_hashes(ix, folder: Path) -> dict[str, bytes]:
    """id -> content digest of every live document, read from the index's columns."""
    out: dict[str, bytes] = {}
    for segment in index_segments(ix):
        files = SegmentFiles(folder, segment)
        ids = files.column_reader("id", ix.schema["id"].column_type)
        hashes = files.column_reader(CONTENT_HASH, ix.schema[CONTENT_HASH].column_type)
        if ids is None or hashes is None:
            continue
        dead = files.deleted().tolist()
        if dead:
            live = set(range(files.doc_count)) - set(dead)
            out.update((ids[d].decode("utf-8"), hashes[d]) for d in sorted(live))
        else:
            out.update(zip((i.decode("utf-8") for i in ids), hashes))
    return out


def _add(writer, d: Doc, update: bool, digest: bytes | None = None) -> None:
    """One document into Whoosh, analysed once for every postings field."""
    fields = _whoosh_fields(d, terms(d.title, d.text), digest)
    if update:
        writer.update_document(**fields)
    else:
        writer.add_document(**fields)


def _serial_build(ix, changed, hashes, known, removed, progress) -> None:
    writer = ix.writer(limitmb=64, compound=False, codec=ArrayCodec())
    try:
        for d in changed:
            _add(writer, d, d.id in known, hashes[d.id])
            progress(1)
        for doc_id in removed:
            writer.delete_by_term("id", doc_id)
        writer.commit(mergetype=_merge_small_segments)
    except BaseException:
        writer.cancel()
        raise


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


def _parallel_build(ix, docs: list[Doc], hashes: dict, folder: Path, progress) -> None:
    """A full build on two processes, each analysing its documents once and writing
    Whoosh segments of at most SEGMENT_DOCS documents with our codec. This process only
    collects the segments and commits them (as Whoosh's own MpWriter does), so the new
    version folder stays invisible to readers until then, and to `search` until the
    manifest names it.

    The workers are fresh interpreters (`python -c WORKER_MAIN`) that get their
    documents through a socket, BATCH_DOCS at a time as they ask. Forked, they shared
    this process's pages copy-on-write, and either side writing a page copies it: a
    worker reading a document writes its reference counts, and so does this process
    reading one to send it (measured at 50k documents: forked workers reading the list,
    1,514 MB PSS in all; forked and fed through the pipe, 1,247 MB, the builder 185 MB
    over its documents). multiprocessing's "spawn" starts clean too, but imports for
    seconds before a worker can arrange to die with its parent."""
    count = 2 * -(-len(docs) // (2 * SEGMENT_DOCS))       # an even number of segments: both workers busy
    size = -(-len(docs) // count)
    segment_starts = list(range(0, len(docs), size))
    feeds = []
    parent = ix.writer(codec=ArrayCodec())        # holds Whoosh's lock while the workers write
    try:
        for w in range(2):
            ours, theirs = multiprocessing.Pipe()
            proc = _start_worker(theirs)
            theirs.close()
            feeds.append(_WorkerFeed(proc, ours, [(s, min(s + size, len(docs))) for s in segment_starts[w::2]]))
            ours.send(ix)
        segments = []
        while any(not feed.finished for feed in feeds):
            ready = multiprocessing.connection.wait([f.conn for f in feeds if not f.finished])
            for feed in feeds:
                if feed.conn in ready:
                    progress(feed.serve(docs, hashes))
        for feed in feeds:
            if feed.proc.wait() != 0:
                raise OpendataError(f"an index worker failed (exit code {feed.proc.returncode})")
            segments.extend(feed.segments)
        parent._close_segment()
        parent._commit_toc(segments)
        parent._finish()
    except BaseException:
        for feed in feeds:
            if feed.proc.poll() is None:
                feed.proc.kill()
                feed.proc.wait()
        parent.cancel()
        raise
    finally:
        for feed in feeds:
            feed.conn.close()


class _WorkerFeed:
    """This process's end of one worker's pipe: the worker asks ("more"), it gets the
    next batch of (document, digest) pairs, an end-of-segment mark after each segment's
    last batch, and a final mark; it answers that with the segments it wrote."""

    def __init__(self, proc, conn, segment_ranges: list[tuple[int, int]]):
        self.proc, self.conn = proc, conn
        self.batches: deque = deque()          # (first, end) of a batch; None: a segment ends
        for first, end in segment_ranges:
            self.batches.extend((start, min(start + BATCH_DOCS, end)) for start in range(first, end, BATCH_DOCS))
            self.batches.append(None)
        self.in_hand = 0
        self.segments = None

    @property
    def finished(self) -> bool:
        return self.segments is not None

    def serve(self, docs, hashes) -> int:
        """Answer one message; the number of documents it reports done."""
        try:
            message = self.conn.recv()
        except (EOFError, ConnectionError):     # it died before answering
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                pass
            raise OpendataError(f"an index worker failed (exit code {self.proc.returncode})") from None
        done, self.in_hand = self.in_hand, 0
        if message != "more":
            self.segments = message
            return done
        if not self.batches:
            self.conn.send(_ALL_SENT)
            return done
        batch = self.batches.popleft()
        if batch is None:
            self.conn.send(_SEGMENT_END)
            return done
        chunk = [(_packed(docs[i]), hashes[docs[i].id]) for i in range(*batch)]
        self.conn.send_bytes(pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL))
        self.in_hand = len(chunk)
        return done


_SEGMENT_END, _ALL_SENT = "segment end", "all sent"
_DOC_FIELDS = [field.name for field in dataclass_fields(Doc)]


def _packed(doc: Doc) -> tuple:
    """A document's field values for the pipe, its text encoded here: pickling a str
    caches its UTF-8 form inside the string for as long as it lives (CPython's
    `PyUnicode_AsUTF8AndSize`), +65 % on every Vietnamese text this process keeps
    (185 MB at 50k documents); `str.encode` makes a copy that goes with the batch."""
    return tuple(value.encode("utf-8") if isinstance(value, str) else value
                 for value in map(doc.__getattribute__, _DOC_FIELDS))


def _unpacked(values: tuple) -> Doc:
    return Doc(*(value.decode("utf-8") if isinstance(value, bytes) else value for value in values))


# A worker must not outlive its build: with the parent SIGKILLed (kill -9, the OOM killer)
# it would run to the end of its share, competing with the next build's workers. Linux:
# the kernel kills it when the thread that started it ends (that thread waits for its
# workers). These are a worker's first statements, before any import of ours (importing
# opendata.search takes seconds on a loaded machine); a parent already gone is seen here.
_DIE_WITH_PARENT = """
import ctypes, os, signal, sys
try:
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)      # PR_SET_PDEATHSIG
except (AttributeError, OSError):                                   # not Linux
    pass
else:
    if os.getppid() != int(sys.argv[1]):                            # the parent died before prctl
        os._exit(1)
"""
WORKER_MAIN = _DIE_WITH_PARENT + """
from multiprocessing.connection import Connection
from opendata.search.indexer import _build_worker
_build_worker(Connection(int(sys.argv[2])))
"""


def _start_worker(conn) -> subprocess.Popen:
    """A fresh interpreter serving `conn` (this process's other end is the feed), finding
    the same `opendata` package as this one."""
    package_parent = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")])))
    return subprocess.Popen([sys.executable, "-c", WORKER_MAIN, str(os.getpid()), str(conn.fileno())],
                            pass_fds=[conn.fileno()], env=env, stdin=subprocess.DEVNULL)


def _build_worker(conn) -> None:
    """Take the index, then ask for documents, add them to a segment writer, finish the
    segment at each end-of-segment mark; at the end send back the segments written."""
    ix = conn.recv()
    segments = []
    writer = None
    while True:
        conn.send("more")
        message = conn.recv()
        if message == _ALL_SENT:
            break
        if message == _SEGMENT_END:
            segments.append(writer._finalize_segment())
            writer = None
            gc.collect()
            continue
        if writer is None:
            writer = BuildSegmentWriter(ix, _lk=False)
        for values, digest in message:
            _add(writer, _unpacked(values), False, digest)
        del message
    conn.send(segments)


def _next_version(index_dir: Path) -> str:
    numbers = [int(p.name[1:]) for p in index_dir.glob("v*") if p.name[1:].isdigit()]
    return f"v{max(numbers, default=0) + 1}"


def _clean(index_dir: Path, folder: Path) -> None:
    """Remove other versions (after the manifest moved on) and a killed build's leftovers."""
    for other in index_dir.glob("v*"):
        if other != folder and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)
    for path in folder.glob(".worker*"):
        path.unlink(missing_ok=True)


def index_size(index_dir: Path) -> int:
    return sum(p.stat().st_size for p in index_dir.rglob("*") if p.is_file())
