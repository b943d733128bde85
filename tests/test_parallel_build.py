"""The parallel full build: workers get their documents through their socket (never by
reading the builder's list: forked, they copied its pages), every document lands in the
index with its content hash, and a worker that fails is a clear error that leaves the
previous index serving."""

from __future__ import annotations

import os
from dataclasses import fields, replace

import numpy as np
import pytest
from whoosh import index as windex

from opendata.errors import OpendataError
from opendata.search import Doc, Searcher, build_index
from opendata.search.indexer import PARALLEL_FROM, known_documents, read_manifest
from opendata.search.segment import term_slices
from search_docs import DOCS

BUILDER = os.getpid()
READS_LOG = None          # set by the test: where reads from another process are written


class WatchedDoc(Doc):
    """A Doc that writes down each attribute read in a process other than the builder.
    Pickled, it becomes a plain Doc: what a worker receives through its pipe is not watched."""

    def __getattribute__(self, name):
        if os.getpid() != BUILDER and READS_LOG:
            with open(READS_LOG, "a", encoding="utf-8") as fh:
                fh.write(f"{os.getpid()} {name}\n")
        return super().__getattribute__(name)

    def __reduce__(self):
        return Doc, tuple(getattr(self, field.name) for field in fields(Doc))


def many_docs(count: int, cls=Doc) -> list[Doc]:
    return [cls(**{**{field.name: getattr(d, field.name) for field in fields(Doc)},
                   "id": f"{d.id}-{i}", "body": d.body + f" Bản số {i}."})
            for i in range(-(-count // len(DOCS))) for d in DOCS][:count]


def test_workers_never_read_the_inherited_documents(tmp_path):
    global READS_LOG
    READS_LOG = tmp_path / "reads.log"
    docs = many_docs(PARALLEL_FROM + 37, WatchedDoc)
    try:
        result = build_index(docs, tmp_path / "index")
    finally:
        READS_LOG = None
    assert result.rebuilt and result.added == len(docs)
    assert not (tmp_path / "reads.log").exists(), (tmp_path / "reads.log").read_text()[:500]
    folder = tmp_path / "index" / read_manifest(tmp_path / "index")["version"]
    ix = windex.open_dir(str(folder))
    assert ix.doc_count() == len(docs) and len(ix._segments()) > 1
    digests = {doc_id: digest for doc_id, (digest, _, _) in known_documents(ix, folder).items()}
    assert digests == {d.id: d.content_digest() for d in docs}
    copy = docs[-1].id.rsplit("-", 1)[1]              # the last copy, written by the last batch sent
    hits = Searcher(tmp_path / "index").search(f'"bản số {copy}"', limit=2 * len(DOCS))
    assert {r["id"] for r in hits["results"]} >= {d.id for d in docs if d.id.endswith(f"-{copy}")}


def test_a_failing_worker_is_a_clear_error_and_the_old_index_stays(tmp_path):
    docs = many_docs(PARALLEL_FROM + 5)
    build_index(docs[:50], tmp_path / "index")
    before = read_manifest(tmp_path / "index")
    broken = docs[:-1] + [replace(docs[-1], published_at="not a date")]      # fails in a worker, not here
    with pytest.raises(OpendataError, match="index worker failed"):
        build_index(broken, tmp_path / "index", rebuild=True)
    assert read_manifest(tmp_path / "index") == before
    assert Searcher(tmp_path / "index").search("long mon", limit=5)["total"] > 0


@pytest.mark.parametrize("max_terms,max_postings", [(1, 1), (3, 1000), (1000, 7), (4, 9), (10**6, 10**9)])
def test_term_slices_cover_every_term_once_within_bounds(max_terms, max_postings):
    counts = np.array([5, 1, 1, 20, 2, 2, 2, 9, 1, 3, 8])
    starts = np.concatenate(([0], np.cumsum(counts)))
    slices = list(term_slices(starts, max_terms, max_postings))
    assert [first for first, _ in slices] == [0] + [last for _, last in slices[:-1]]
    assert slices[-1][1] == len(counts)
    for first, last in slices:
        assert 1 <= last - first <= max_terms
        assert last - first == 1 or counts[first:last].sum() <= max_postings


def test_the_builder_keeps_no_second_copy_of_the_texts_it_sent(tmp_path):
    """Sending a document must leave its strings as they were: pickling a str caches its
    UTF-8 form inside it for good (a 65 % larger Vietnamese text in the builder)."""
    import sys

    docs = many_docs(PARALLEL_FROM + 1)
    sizes = [(sys.getsizeof(d.title), sys.getsizeof(d.body), sys.getsizeof(d.place_names)) for d in docs]
    assert build_index(docs, tmp_path / "index").rebuilt
    assert [(sys.getsizeof(d.title), sys.getsizeof(d.body), sys.getsizeof(d.place_names)) for d in docs] == sizes
    ix = windex.open_dir(str(tmp_path / "index" / read_manifest(tmp_path / "index")["version"]))
    with ix.searcher() as searcher:              # the text arrived whole, accents and all
        stored = searcher.document(id=docs[-1].id)
    assert (stored["title"], stored["body"], stored["unit_name"]) == (docs[-1].title, docs[-1].body, docs[-1].unit_name)
