"""Whoosh analysis for Vietnamese, built on the rules in `opendata.vntext`.

`SyllableTokenizer(fold=True)` gives the accent-free terms ("cải cách" -> cai, cach);
`SyllableTokenizer()` gives the exact terms in one tone placement (hoà -> hòa). No
stop list, no minimum length: 'ở', 'an', 'to' are real syllables. It is a Whoosh
tokenizer, so it composes with Whoosh filters like any other.

Whoosh's formats build one Token object per syllable through a generator chain;
at ~850 syllables a document that was most of the indexing time. The formats
below ask the tokenizer for the plain list of terms instead (`words()`), and
fall back to the token stream for any other analyzer.

`terms()` analyses a document once for every postings field (folded syllables,
their adjacent pairs, exact syllables, the title's), as plain term lists.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from whoosh.analysis import Tokenizer
from whoosh.analysis.acore import Token
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint

from .. import vntext
from .fields import FOLDED, FOLDED_PAIRS, SYLLABLES, TITLE, TITLE_PAIRS

PAIR = "_"


class SyllableTokenizer(Tokenizer):
    """Syllables of text in one tone placement, lower case, folded when `fold`."""

    def __init__(self, fold: bool = False):
        self.fold = fold

    def __eq__(self, other):
        return type(other) is type(self) and other.fold == self.fold

    def words(self, value) -> list[str]:
        """Terms of a text; a list is taken as terms already made by `terms()`."""
        if isinstance(value, list):
            return value
        words = vntext.syllables(value)
        return vntext.fold_all(words) if self.fold else words

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        words = self.words(value) if tokenize else [value]
        for pos, word in enumerate(words, start=start_pos):
            token.text = word
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = pos
            yield token


class SyllablePositions(Positions):
    """Positions format that reads the tokenizer's term list in one pass (the schema of
    format-1 indexes names it, so they still open)."""

    def word_values(self, value, analyzer, **kwargs):
        if not hasattr(analyzer, "words"):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        poses = defaultdict(list)
        for pos, word in enumerate(analyzer.words(value)):
            poses[word].append(pos)
        fb = self.field_boost
        for word, poslist in poses.items():
            yield word, len(poslist), len(poslist) * fb, self.encode(poslist)


class SyllableFrequency(Frequency):
    """Frequency format that reads the tokenizer's term list in one pass."""

    def word_values(self, value, analyzer, **kwargs):
        if not hasattr(analyzer, "words"):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        fb = self.field_boost
        for word, freq in Counter(analyzer.words(value)).items():
            yield word, freq, freq * fb, pack_uint(freq)


def pairs(words: list[str]) -> list[str]:
    return [a + PAIR + b for a, b in zip(words, words[1:])]


class PairTokenizer(SyllableTokenizer):
    """Adjacent syllables joined by PAIR ("cải cách hành" -> cai_cach, cach_hanh when
    folded): frequent syllables are in most documents, their pairs are rare, which is
    what makes phrase-like queries fast and precise."""

    def words(self, value) -> list[str]:
        if isinstance(value, list):
            return value
        return pairs(super().words(value))


def terms(title: str, text: str) -> dict:
    """Each postings field's terms of one document, in text order (`fields.py` names
    them); `text` includes the title. Whoosh's formats count them."""
    exact = vntext.syllables(text)
    folded = vntext.fold_all(exact)
    title_folded = vntext.fold_all(vntext.syllables(title))
    return {FOLDED: folded, FOLDED_PAIRS: pairs(folded), SYLLABLES: exact,
            TITLE: title_folded, TITLE_PAIRS: pairs(title_folded)}
