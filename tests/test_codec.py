"""The search index is a Whoosh index: plain Whoosh opens it, searches it, and finds what
our engine finds; and the private Whoosh layouts `opendata.search.codec` reads in place
are still the ones Whoosh itself reads (a different Whoosh version fails here)."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest
import whoosh
from whoosh import index as windex
from whoosh.query import And, Term

from opendata.errors import OpendataError
from opendata.search import Searcher, build_index
from opendata.search.codec import WHOOSH_VERSION, ArrayTermInfo, SegmentFiles, index_segments, run_of
from opendata.search.fields import FOLDED, FOLDED_PAIRS, SYLLABLES, TITLE, TITLE_PAIRS
from opendata.search.indexer import COLUMN_TYPES, INDEX_FORMAT, PARALLEL_FROM
from search_docs import DOCS


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    """A parallel full build (several segments), then an incremental commit that updates
    and removes documents (a small segment, deletions in the big ones)."""
    folder = tmp_path_factory.mktemp("codec") / "index"
    copies = -(-PARALLEL_FROM // len(DOCS)) + 1
    many = [replace(d, id=f"{d.id}-{i}", body=d.body + f" Bản số {i}.") for i in range(copies) for d in DOCS]
    assert build_index(many, folder).rebuilt
    later = [replace(d, body=d.body + " Sửa lại sau.") if d.id.endswith("-3") else d
             for d in many if not d.id.endswith("-5")]
    result = build_index(later + [replace(DOCS[0], id="new-one", title="Bài mới về cải cách")], folder)
    assert (result.added, result.updated, result.removed) == (1, len(DOCS), len(DOCS))
    return folder


def _plain_whoosh(index_dir):
    manifest = json.loads((index_dir / "manifest.json").read_text())
    return windex.open_dir(str(index_dir / manifest["version"]))


# term, AND and pair queries as Whoosh queries, and the same as typed into our search
SAMPLE = [
    (Term(FOLDED, "xa"), "xa"),
    (Term(FOLDED, "ban"), "ban"),
    (Term(FOLDED, "sua"), "sua"),
    (Term(FOLDED, "o"), "o"),
    (And([Term(FOLDED, "long"), Term(FOLDED, "mon")]), "long mon"),
    (And([Term(FOLDED, "cai"), Term(FOLDED, "cach"), Term(FOLDED, "hanh"), Term(FOLDED, "chinh")]),
     "cai cach hanh chinh"),
    (And([Term(FOLDED, "ban"), Term(FOLDED, "so"), Term(FOLDED, "3")]), "ban so 3"),
    (Term(FOLDED_PAIRS, "cai_cach"), '"cai cach"'),
    (Term(FOLDED_PAIRS, "hoa_binh"), '"hoa binh"'),
    (And([Term(FOLDED_PAIRS, "ban_dat"), Term(FOLDED, "du")]), '"ban dat" du'),
]


@pytest.mark.parametrize("whoosh_query,typed", SAMPLE, ids=[typed for _, typed in SAMPLE])
def test_whoosh_own_searcher_finds_what_our_engine_finds(index_dir, whoosh_query, typed):
    ours = Searcher(index_dir).search(typed, limit=100_000, max_limit=100_000, facets=False, snippets=False)
    with _plain_whoosh(index_dir).searcher() as searcher:
        hits = searcher.search(whoosh_query, limit=None)
        theirs = {hit["id"] for hit in hits}
        assert all(hit.score > 0 for hit in hits)        # Whoosh's BM25 scorer works on the runs
    assert theirs, typed
    assert {r["id"] for r in ours["results"]} == theirs
    assert ours["total"] == len(theirs)


def test_whoosh_sees_the_fields_and_the_deletions(index_dir):
    ix = _plain_whoosh(index_dir)
    assert {FOLDED, FOLDED_PAIRS, SYLLABLES, TITLE, TITLE_PAIRS, "places", "areas"} <= set(ix.schema.names())
    with ix.searcher() as searcher:
        assert searcher.doc_count() == Searcher(index_dir).n_docs
        assert searcher.document(id="new-one")["title"] == "Bài mới về cải cách"
        assert searcher.document(id="ban-dat-5") is None                      # removed
        assert "Sửa lại sau" in searcher.document(id="ban-dat-3")["body"]      # updated
        exact = {hit["id"] for hit in searcher.search(Term(SYLLABLES, "bán"), limit=None)}
        assert "ban-dat-0" in exact and "ban-ghe-0" not in exact
        assert len(index_segments(ix)) >= 3


def test_postings_read_in_place_equal_whoosh_reader(index_dir):
    """Every term of every field, through our maps and through Whoosh's own reader."""
    ix = _plain_whoosh(index_dir)
    folder = index_dir / json.loads((index_dir / "manifest.json").read_text())["version"]
    with ix.reader() as reader:
        leaves = reader.leaf_readers()
        checked = 0
        for segment, (leaf, _) in zip(index_segments(ix), leaves):
            files = SegmentFiles(folder, segment)
            deleted = {d for d in range(leaf.doc_count_all()) if leaf.is_deleted(d)}
            assert sorted(files.deleted().tolist()) == sorted(deleted)
            for fieldname, btext in leaf.all_terms():
                term = btext.decode("utf-8")
                matcher = leaf.postings(fieldname, btext)
                ids, weights = [], []
                while matcher.is_active():
                    ids.append(matcher.id())
                    weights.append(matcher.weight())
                    matcher.next()
                docs, tfs = files.postings(fieldname, term)
                live = [(d, tf) for d, tf in zip(docs.tolist(), tfs.tolist()) if d not in deleted]
                assert live == list(zip(ids, weights)), (fieldname, term)     # Whoosh skips deleted ones
                assert leaf.doc_frequency(fieldname, btext) == len(docs)
                checked += 1
            for name, typecode in COLUMN_TYPES.items():
                column = leaf.column_reader(name)
                assert files.numeric_column(name, typecode).tolist() == [column[d] for d in range(leaf.doc_count_all())]
            stored = files.stored_fields()
            for docnum in range(0, leaf.doc_count_all(), 97):
                assert stored[docnum] == leaf.stored_fields(docnum)
    assert checked > 1000


def test_whoosh_version_and_term_info_layout_are_the_pinned_ones():
    assert whoosh.versionstring() == WHOOSH_VERSION
    info = ArrayTermInfo()
    info._weight, info._df, info._minlength, info._maxlength, info._maxweight = 7.0, 3, 2, 9, 4.0
    info._minid, info._maxid = 5, 40
    info.set_extent(123_456, 3)
    raw = info.to_bytes()
    assert run_of(raw) == (123_456, 3)
    back = ArrayTermInfo.from_bytes(raw)
    assert (back.offset, back.count, back.doc_frequency(), back.max_id()) == (123_456, 3, 3, 40)


def test_runs_are_aligned_little_endian_arrays(index_dir):
    folder = index_dir / json.loads((index_dir / "manifest.json").read_text())["version"]
    segment = index_segments(_plain_whoosh(index_dir))[0]
    files = SegmentFiles(folder, segment)
    docs, tfs = files.postings(FOLDED, "xa")
    assert docs.dtype == np.dtype("<i4") and tfs.dtype == np.dtype("<u2")
    assert docs.base is not None and not docs.flags.writeable      # a view of the map, not a copy
    assert (np.diff(docs) > 0).all() and (tfs > 0).all()


def test_an_index_of_the_old_format_is_rebuilt(tmp_path):
    folder = tmp_path / "index"
    build_index(DOCS, folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    (folder / "manifest.json").write_text(json.dumps({**manifest, "format": INDEX_FORMAT - 1}))
    with pytest.raises(OpendataError, match=f"format {INDEX_FORMAT - 1}") as info:
        Searcher(folder)
    assert "opendata index" in info.value.hint
    result = build_index(DOCS, folder)
    assert result.rebuilt and result.added == len(DOCS)
    assert Searcher(folder).search("bàn ghế")["results"][0]["id"] == "ban-ghe"


KILLED_INCREMENT = """
import sys
from dataclasses import replace
from pathlib import Path
sys.path.insert(0, {tests!r})
from search_docs import DOCS
from opendata.search import build_index
more = [replace(d, id=f"{{d.id}}-more-{{i}}", body=d.body * 20) for i in range(150) for d in DOCS]
print("start", flush=True)
build_index(DOCS + more, Path({folder!r}))
"""


@pytest.mark.parametrize("delay", [0.3, 1.0, 2.5])
def test_a_killed_incremental_commit_leaves_a_whoosh_index_that_serves(tmp_path, delay):
    """SIGKILL while an incremental build writes a segment with our codec (and merges the
    small ones): our engine and plain Whoosh both still read the previous generation,
    and agree; the next build completes the change."""
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    from conftest import ROOT

    folder = tmp_path / "index"
    build_index(DOCS, folder)
    build_index(DOCS + [replace(DOCS[0], id="small-segment")], folder)     # a small segment to merge
    script = KILLED_INCREMENT.format(tests=str(Path(__file__).parent), folder=str(folder))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT,
                            preexec_fn=os.setsid)
    assert proc.stdout.readline().strip() == "start"
    import time
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    ours = Searcher(folder).search("xã", limit=10_000, max_limit=10_000, snippets=False, facets=False)
    with _plain_whoosh(folder).searcher() as searcher:
        theirs = {hit["id"] for hit in searcher.search(Term(FOLDED, "xa"), limit=None)}
    assert {r["id"] for r in ours["results"]} == theirs
    assert len(theirs) in (len(DOCS) + 1, len(DOCS) + 150 * len(DOCS))   # the old generation or the new one
    result = build_index(DOCS, folder, wait=5)
    assert Searcher(folder).n_docs == len(DOCS) and result.removed >= 1
    with _plain_whoosh(folder).searcher() as searcher:
        assert searcher.doc_count() == len(DOCS)


def test_terms_and_terms_with_prefix_count_live_documents(tmp_path):
    from collections import Counter

    from opendata import vntext

    def expected(docs, field_words):
        df = Counter()
        for d in docs:
            df.update(set(field_words(d)))
        return sorted(df.items())

    def folded(d):
        return vntext.fold_all(vntext.syllables(d.text))

    def title_pairs(d):
        words = vntext.fold_all(vntext.syllables(d.title))
        return [a + "_" + b for a, b in zip(words, words[1:])]

    many = [replace(d, id=f"{d.id}-{i}") for i in range(45) for d in DOCS]     # a segment too big to merge
    build_index(many, tmp_path)
    changed = [replace(d, title="Trường học nhận máy tính mới") if d.id == "ban-ghe-0" else d
               for d in many if not d.id.startswith("to-lon")]
    build_index(changed, tmp_path)                 # deletions in the big segment, a new small one
    from whoosh import index as windex
    assert [s.deleted_count() for s in windex.open_dir(str(tmp_path / "v1"))._segments()][0] == 46
    searcher = Searcher(tmp_path)
    assert list(searcher.terms(FOLDED)) == expected(changed, folded)
    assert list(searcher.terms_with_prefix(FOLDED, "ca")) == [(t, n) for t, n in expected(changed, folded)
                                                              if t.startswith("ca")]
    assert list(searcher.terms_with_prefix(TITLE_PAIRS, "may")) == [
        (t, n) for t, n in expected(changed, title_pairs) if t.startswith("may")]
    assert list(searcher.terms_with_prefix(FOLDED, "zzz")) == []


def test_terms_file_hash_tables_are_what_whoosh_looks_up(tmp_path):
    """Our numpy-built hash tables against Whoosh's own reader, wrap-around probing included."""
    from whoosh.filedb.filetables import OrderedHashReader, OrderedHashWriter
    from whoosh.filedb.structfile import StructFile

    from opendata.search.codec import _TermsFileWriter

    keys = [f"k{n:06d}".encode() for n in range(20_000)]
    for cls in (_TermsFileWriter, OrderedHashWriter):
        path = tmp_path / cls.__name__
        writer = cls(StructFile(open(path, "wb")))
        for n, key in enumerate(keys):
            writer.add(key, str(n).encode())
        wrapped = 0
        for entries in writer.buckets:        # entries whose probe runs past the table's end
            slots = 2 * len(entries)
            homes = sorted((h >> 8) % slots for h, _ in entries)
            end = -1
            for home in homes:
                end = max(home, end + 1)
            wrapped += end >= slots
        writer.close()
        reader = OrderedHashReader(StructFile(open(path, "rb")), path.stat().st_size)
        assert all(reader[key] == str(n).encode() for n, key in enumerate(keys))
        assert reader.get(b"absent") is None and list(reader.keys_from(b"k019998")) == keys[-2:]
        reader.close()
    assert wrapped > 0


@pytest.mark.parametrize("count,cutoff", [(0, 2**15), (7, 2**15), (300, 2**15), (300, 10)],
                         ids=["empty", "lengths", "long-values", "offsets-written"])
def test_var_bytes_column_read_whole_equals_whoosh_reader(count, cutoff):
    """The id and content-hash columns an incremental build reads with numpy, against
    Whoosh's own column reader: lengths only, wide lengths, and with the offsets array
    Whoosh writes past `write_offsets_cutoff` documents (2**15: a segment of a big build)."""
    import io

    from whoosh.columns import VarBytesColumn
    from whoosh.filedb.structfile import BufferFile, StructFile

    from opendata.search.codec import var_bytes_column

    column = VarBytesColumn(write_offsets_cutoff=cutoff)
    values = [(f"doc-{n}-" + "đ" * (n % 5 * 70)).encode() if n % 4 != 2 else b"" for n in range(count)]
    buffer = io.BytesIO()
    writer = column.writer(StructFile(buffer))
    for docnum, value in enumerate(values):
        if value:
            writer.add(docnum, value)
    writer.finish(count)
    raw = buffer.getvalue()
    reader = column.reader(BufferFile(raw), 0, len(raw), count)
    data, offsets, lengths = var_bytes_column(raw, count)
    assert [data[o:o + n] for o, n in zip(offsets.tolist(), lengths.tolist())] == [reader[d] for d in range(count)]
    assert [reader[d] for d in range(count)] == values
    assert reader.had_stored_offsets == (count > cutoff)


def test_field_terms_read_at_once_equal_the_walk_and_whoosh(index_dir):
    """Each segment's terms and live counts read whole with numpy equal the record-by-record
    walk and Whoosh's own segment reader (the index has deletions in its big segments)."""
    from whoosh.reading import SegmentReader

    ix = _plain_whoosh(index_dir)
    folder = index_dir / json.loads((index_dir / "manifest.json").read_text())["version"]
    assert any(segment.has_deletions() for segment in index_segments(ix))
    for segment in index_segments(ix):
        files = SegmentFiles(folder, segment)
        alive = np.ones(files.doc_count, dtype=bool)
        alive[files.deleted()] = False
        whoosh_reader = SegmentReader(ix.storage, ix.schema, segment)
        for field in (FOLDED, TITLE_PAIRS, "unit_id", "places"):
            for prefix in ("", "ca", "x", "2025-", "đ", "zzz"):
                terms, counts = files.field_terms(field, prefix)
                assert list(zip(terms, counts.tolist())) == list(files.terms_from(field, prefix))
                whoosh_terms = [t.decode() for t in whoosh_reader.lexicon(field) if t.decode().startswith(prefix)]
                assert terms == whoosh_terms
                assert counts.tolist() == [whoosh_reader.doc_frequency(field, t) for t in terms]
                live_terms, live = files.field_terms(field, prefix, alive)
                assert live_terms == terms
                assert live.tolist() == [sum(1 for d in whoosh_reader.postings(field, t).all_ids()
                                             if not segment.is_deleted(d)) for t in terms]
        whoosh_reader.close()


def test_stored_fields_read_through_the_map_equal_whoosh_reader(index_dir):
    """The engine's stored-fields reader (offsets read with numpy at open) against Whoosh's
    own, for every document of every segment, deleted ones included."""
    from whoosh.reading import SegmentReader

    ix = _plain_whoosh(index_dir)
    folder = index_dir / json.loads((index_dir / "manifest.json").read_text())["version"]
    checked = 0
    for segment in index_segments(ix):
        ours = SegmentFiles(folder, segment).stored_fields()
        whoosh_reader = SegmentReader(ix.storage, ix.schema, segment)
        for docnum in range(segment.doc_count_all()):
            assert ours[docnum] == whoosh_reader.stored_fields(docnum)
            checked += 1
        whoosh_reader.close()
    assert checked > PARALLEL_FROM
