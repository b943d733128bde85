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

import numpy as np
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

INDEX_FORMAT = 4          # bump when the schema, the codec or the content hash changes (4: xxh3 digests)
PARALLEL_FROM = 2000      # documents in a full build worth a second writer process
SEGMENT_DOCS = 6_250      # documents per Whoosh segment in a parallel full build (bounds a worker's memory)
BATCH_DOCS = 250          # documents sent to a worker at a time (what it holds of them)
SMALL_SEGMENT = 500       # segments below this size are merged by incremental commits (`_segments_to_merge`)
CHEAP_MERGE = 64          # documents an incremental commit always re-analyses rather than leave a segment
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
        known: dict[str, Indexed] = {}
    else:
        version = manifest["version"]
        folder = index_dir / version
        ix = windex.open_dir(str(folder))
        known = known_documents(ix, folder)
    changed = [d for d in docs if known.get(d.id, _UNKNOWN)[0] != hashes[d.id]]
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
        _serial_build(ix, docs, changed, hashes, known, removed, progress)
    write_json_atomic(index_dir / MANIFEST, {
        "format": INDEX_FORMAT, "version": version, "whoosh_generation": ix.latest_generation(),
    }, compact=True)
    _clean(index_dir, folder)
    return result


Indexed = tuple[bytes, str, int]      # a live document's content digest, segment id, docnum in it
_UNKNOWN: Indexed = (b"", "", -1)


def known_documents(ix, folder: Path) -> dict[str, Indexed]:
    """id -> (content digest, segment id, docnum) of every live document, from the index's
    columns read whole with numpy (Whoosh's column readers cost ~1 s at 200k documents).
    Knowing where each document is lets an update delete it directly, without Whoosh
    searching every segment's terms for its id."""
    out: dict[str, Indexed] = {}
    for segment in index_segments(ix):
        files = SegmentFiles(folder, segment)
        ids, digests = files.bytes_column("id"), files.bytes_column(CONTENT_HASH)
        if ids is None or digests is None:
            continue
        live = np.ones(files.doc_count, dtype=bool)
        live[files.deleted()] = False
        docnums = np.flatnonzero(live)
        id_bytes, id_starts, id_lengths = ids
        digest_bytes, digest_starts, digest_lengths = digests
        id_ends = (id_starts + id_lengths)[docnums].tolist()
        digest_ends = (digest_starts + digest_lengths)[docnums].tolist()
        segment_id = segment.segment_id()
        out.update(
            (id_bytes[start:end].decode("utf-8"), (digest_bytes[digest_start:digest_end], segment_id, docnum))
            for start, end, digest_start, digest_end, docnum in zip(
                id_starts[docnums].tolist(), id_ends, digest_starts[docnums].tolist(), digest_ends,
                docnums.tolist()))
    return out


def _add(writer, d: Doc, update: bool, digest: bytes | None = None) -> None:
    """One document into Whoosh, analysed once for every postings field."""
    fields = _whoosh_fields(d, terms(d.title, d.text), digest)
    if update:
        writer.update_document(**fields)
    else:
        writer.add_document(**fields)


def _serial_build(ix, docs, changed, hashes, known, removed, progress) -> None:
    """An incremental commit: one new segment, written as the full build writes its own
    (`BuildSegmentWriter`: whole runs with numpy, not Whoosh's writer posting by posting),
    holding the new and changed documents and the live ones of the small segments it
    merges (`_segments_to_merge`), which are analysed again from `docs` rather than copied
    posting by posting (Whoosh's merge); the old versions of changed documents and the
    removed ones in the segments kept are deleted where `known` says they are (what
    Whoosh's update_document does after searching each segment for the id). The TOC is
    replaced by rename, as Whoosh's commit does: a killed commit leaves the previous one."""
    writer = BuildSegmentWriter(ix)
    try:
        segments = {segment.segment_id(): segment for segment in writer.segments}
        merged = _segments_to_merge(writer.segments, len(changed))
        changed_ids = {d.id for d in changed}
        carried = [d for d in docs if d.id not in changed_ids and known.get(d.id, _UNKNOWN)[1] in merged]
        for doc_id in [*changed_ids, *removed]:
            _, segment_id, docnum = known.get(doc_id, _UNKNOWN)
            if segment_id in segments and segment_id not in merged:
                segments[segment_id].delete_document(docnum)
        for d in changed:
            _add(writer, d, False, hashes[d.id])
            progress(1)
        for d in carried:
            _add(writer, d, False, hashes[d.id])
        kept = [segment for segment in writer.segments if segment.segment_id() not in merged]
        if writer._added:
            kept.append(writer._finalize_segment())
        else:
            writer._close_segment()
        writer._commit_toc(kept)
        writer._finish()
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        raise


def _segments_to_merge(segments, incoming: int) -> set[str]:
    """The segments an incremental commit of `incoming` documents folds into its new one:
    those with no live document, and, newest first, small segments while each is at most
    twice what the new segment holds so far (or all of it stays within CHEAP_MERGE) and
    the total stays within SMALL_SEGMENT. So
    small segments grow geometrically (each article is analysed again a few times, not on
    every commit), a commit analyses at most SMALL_SEGMENT earlier articles, and the large
    segments of a full build are never rewritten for ten new articles."""
    merged, total = set(), incoming
    for segment in reversed(segments):
        live = segment.doc_count()
        if not live:
            merged.add(segment.segment_id())
        elif (segment.doc_count_all() < SMALL_SEGMENT and total + live <= SMALL_SEGMENT
              and (live <= 2 * total or total + live <= CHEAP_MERGE)):
            merged.add(segment.segment_id())
            total += live
    return merged


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
