"""Whoosh analysis for Vietnamese, built on the rules in `opendata.vntext`.

`SyllableTokenizer(fold=True)` gives the accent-free terms ("cải cách" -> cai, cach);
`SyllableTokenizer()` gives the exact terms in one tone placement (hoà -> hòa). No
stop list, no minimum length: 'ở', 'an', 'to' are real syllables. It is a Whoosh
tokenizer, so it composes with Whoosh filters like any other.

Whoosh's formats build one Token object per syllable through a generator chain;
at ~850 syllables a document that was most of the indexing time. The formats
below ask the tokenizer for the plain list of terms instead (`words()`), and
fall back to the token stream for any other analyzer.

`terms()` computes the same terms as plain lists for the postings shards, plus
adjacent-syllable pairs ("cai_cach"): frequent syllables are in most documents,
their pairs are rare, which is what makes phrase-like queries fast and precise.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from whoosh.analysis import Tokenizer
from whoosh.analysis.acore import Token
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint

from .. import vntext

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


def terms(title: str, text: str) -> dict[str, Counter]:
    """Term frequencies of one document for each postings field.

    f: folded syllables and folded pairs of the whole text (title included)
    x: exact syllables (tone placement unified), to prefer 'bán' over 'ban'
    t: folded syllables and pairs of the title alone, for title matches
    words: the folded syllables in order, which Whoosh's `text` field indexes as they are
    """
    exact = vntext.syllables(text)
    folded = vntext.fold_all(exact)
    title_folded = vntext.fold_all(vntext.syllables(title))
    f = Counter(folded)
    f.update(pairs(folded))
    t = Counter(title_folded)
    t.update(pairs(title_folded))
    return {"f": f, "x": Counter(exact), "t": t, "len": len(folded), "tlen": len(title_folded),
            "words": folded}
