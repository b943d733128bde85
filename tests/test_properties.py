"""Properties that must hold for any text, checked on generated input."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opendata import vntext
from opendata.errors import OpendataError
from opendata.pages import parse_html, parse_text

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
# Vietnamese letters (both cases, NFC and NFD, both tone placements), punctuation,
# and anything else unicode has, surrogates included.
letters = st.sampled_from(VIETNAMESE + VIETNAMESE.upper() + " \n\t.,;:-\"'()/Ðð\u0300\u0301\u0303\u0309\u0323"
                          "\u200b\u202e\ufeff\x00")
texts = st.one_of(st.text(letters, max_size=80), st.text(max_size=80),
                  st.lists(st.one_of(st.text(letters, max_size=12), st.text(max_size=4)), max_size=12).map("".join))
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(texts)
def test_normalize_is_idempotent(text):
    once = vntext.normalize(text)
    assert vntext.normalize(once) == once
    assert vntext.is_normalized(once)


@SETTINGS
@given(texts)
def test_folding_agrees_with_normalizing_first(text):
    assert vntext.fold(text) == vntext.fold(vntext.normalize(text))
    assert vntext.fold(vntext.fold(text)) == vntext.fold(text)


@SETTINGS
@given(texts)
def test_fold_chars_keeps_positions(text):
    folded = vntext.fold_chars(text)
    assert len(folded) == len(text)


@SETTINGS
@given(texts)
def test_syllables_are_stable(text):
    words = vntext.syllables(text)
    assert vntext.syllables(" ".join(words)) == words          # already in the one tone placement
    assert vntext.syllables(text.upper()) == vntext.syllables(text.upper().lower())


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    from search_docs import DOCS

    from opendata.search import Searcher, build_index

    folder = tmp_path_factory.mktemp("index")
    build_index(DOCS, folder)
    return Searcher(folder)


@SETTINGS
@given(st.one_of(texts, st.text(min_size=200, max_size=6000)))
def test_any_unicode_string_is_a_valid_query(searcher, query):
    out = searcher.search(query, limit=5)
    assert isinstance(out["total"], int) and out["total"] >= 0
    for r in out["results"]:
        assert "<script" not in r["snippet"] and "<script" not in r["title_html"]


@SETTINGS
@given(st.one_of(texts, st.lists(texts, max_size=20).map("\n\n".join)))
def test_page_parsers_raise_only_our_clear_error(text):
    for parse in (parse_text, parse_html):
        try:
            parse(text, "page.txt")
        except OpendataError as exc:
            assert str(exc).startswith("page.txt")          # the file is named, first
