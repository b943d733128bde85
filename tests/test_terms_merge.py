"""A field's terms over several segments, summed per term (`Searcher.terms`): both ways
of summing (a dict for a few terms, numpy for many) give each term's number of live
documents, counted here from the documents themselves."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from whoosh import index as windex

from opendata import vntext
from opendata.search import Searcher, build_index, engine
from opendata.search.fields import FOLDED, TITLE_PAIRS
from search_docs import DOCS


def _expected(docs, words_of) -> list[tuple[str, int]]:
    df = Counter()
    for d in docs:
        df.update(set(words_of(d)))
    return sorted(df.items())


def _folded(d):
    return vntext.fold_all(vntext.syllables(d.text))


def _title_pairs(d):
    words = vntext.fold_all(vntext.syllables(d.title))
    return [a + "_" + b for a, b in zip(words, words[1:])]


@pytest.fixture(scope="module")
def changed_index(tmp_path_factory):
    """Three segments or more, deletions in the first; words some segments lack and words
    only deleted documents held."""
    folder = tmp_path_factory.mktemp("merge") / "index"
    many = [replace(d, id=f"{d.id}-{i}", body=d.body + f" Mục số {i}.") for i in range(45) for d in DOCS]
    build_index(many, folder)
    changed = [replace(d, title="Trường học nhận máy tính mới") if d.id == "ban-ghe-0" else d
               for d in many if not d.id.startswith("to-lon")]
    build_index(changed, folder)
    build_index(changed + [replace(DOCS[1], id="late-one", title="Ốc đảo xanh giữa phố", body="Ngõ hẻm yên bình.")],
                folder)
    segments = list(windex.open_dir(str(folder / "v1"))._segments())
    assert len(segments) >= 2 and segments[0].deleted_count() > 0
    return folder, changed + [replace(DOCS[1], id="late-one", title="Ốc đảo xanh giữa phố", body="Ngõ hẻm yên bình.")]


@pytest.mark.parametrize("merge_with_numpy", [0, 10**9], ids=["numpy", "dict"])
def test_terms_over_segments_count_live_documents(changed_index, monkeypatch, merge_with_numpy):
    monkeypatch.setattr(engine, "MERGE_WITH_NUMPY", merge_with_numpy)
    folder, docs = changed_index
    searcher = Searcher(folder)
    assert list(searcher.terms(FOLDED)) == _expected(docs, _folded)
    assert list(searcher.terms(TITLE_PAIRS)) == _expected(docs, _title_pairs)
    assert list(searcher.terms_with_prefix(FOLDED, "ng")) == [(t, n) for t, n in _expected(docs, _folded)
                                                              if t.startswith("ng")]
    assert list(searcher.terms_with_prefix(FOLDED, "zzz")) == []
