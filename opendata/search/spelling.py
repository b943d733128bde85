"""What the index's vocabulary forgives: typos, Telex/VNI keys, i/y spellings, a word cut short.

A `Vocabulary` is built once per loaded index from four calls the index offers,
`terms(field)` and `terms_with_prefix(field, prefix)` (the folded syllables, their
pairs, the exact syllables), `doc_frequency(field, term)` (one pair's count) and
`count_with_all(field, terms)` (documents with both pairs of a word between two others).
It gives the parser alternatives for a word:

- keys typed with the Vietnamese keyboard off (`hooij`, `ho65i` -> hội): what they meant
  (only a weak alternative when the word as typed is one the index knows: `xoong`);
- the other i/y spelling (`kĩ` / `kỹ`, `qui` / `quy`) when the index has it;
- a word of 4 or more letters the index does not know (or knows far less than a
  neighbour in this context): the known words one wrong, missing, extra or swapped
  letter away (a deletion neighbourhood: every known word indexed under itself with one
  letter deleted; two words at distance 1 share an entry);
- the last word, as a prefix: the words that complete it, next to the word before it
  when there is one (`hanh ch` -> "hanh chinh").

Guesses get a weight below 1, so the words as typed rank first. The same guesses
make the "did you mean" line: the parser puts the best one in `Query.words`.
"""

from __future__ import annotations

import bisect
import math
import weakref
from collections import defaultdict

from .. import vntext
from .analysis import PAIR
from .fields import FOLDED, FOLDED_PAIRS, SYLLABLES

MIN_TYPO_LETTERS = 4        # shorter words have too many neighbours to guess from
TYPO_WEIGHT = 0.45          # a corrected typo of a word the index does not know
KNOWN_TYPO_WEIGHT = 0.15    # ... of a word it knows: the articles with the word as typed stay first
KNOWN_KEYS_WEIGHT = 0.15    # the Telex/VNI reading of a word the index knows as typed ('xoong' -> xông)
VARIANT_WEIGHT = 0.9        # the other i/y spelling: the same word, the typed spelling first
COMPLETION_WEIGHT = 0.6     # a completion of the last word
MAX_TYPO_GUESSES = 3
MAX_COMPLETIONS = 8
RARE_RATIO = 10             # a known word is still taken for a typo when a neighbour is this much commoner in context
KNOWN_SIDE_RATIO = 3        # ... at the query's start or end: this much commoner beside the one word there
KNOWN_SIDE_MIN = 2          # ... and beside it in at least this many documents
MAX_CHECKED = 24            # neighbours of a known word looked up in context, the commonest
MAX_COUNTS = 200_000        # pair counts kept between queries


class Vocabulary:
    """The folded syllables of one loaded index, with their document frequencies."""

    def __init__(self, index):
        self.index = index
        self.df: dict[str, int] = dict(index.terms(FOLDED))
        self._deletions: dict[str, list[str]] = defaultdict(list)
        for word in self.df:
            if len(word) >= MIN_TYPO_LETTERS and word.isalpha():
                for variant in _deletions(word):
                    self._deletions[variant].append(word)
        self._deletions = dict(self._deletions)
        self._sorted = sorted(self.df)                       # for completions of a word alone
        self._docs = max(self.df.values(), default=1)      # about every article has the commonest syllable
        spelled: dict[str, tuple[int, str]] = {}
        exact = set()
        for word, df in index.terms(SYLLABLES):
            exact.add(word)
            folded = vntext.fold_word(word)
            if df > spelled.get(folded, (0, ""))[0]:
                spelled[folded] = (df, word)
        self._spelling = {folded: word for folded, (_, word) in spelled.items()}
        self._exact = frozenset(exact)          # syllables as written (one tone placement)
        self._counts: dict[tuple, int] = {}      # pair and between counts looked up (see _remember)

    # --- look-ups -----------------------------------------------------------

    def spelling(self, folded: str) -> str:
        """The commonest accented spelling of a folded syllable ('hoi' -> 'hội')."""
        return self._spelling.get(folded, folded)

    def pair_df(self, first: str, second: str) -> int:
        key = (first, second)
        found = self._counts.get(key)
        if found is None:
            found = self.index.doc_frequency(FOLDED_PAIRS, first + PAIR + second)
            self._remember(key, found)
        return found

    def _remember(self, key, count: int) -> None:
        """Counts of an index that never changes, kept for the next queries (a reader
        typing asks about the same words keystroke after keystroke); bounded."""
        if len(self._counts) >= MAX_COUNTS:
            self._counts.clear()
        self._counts[key] = count

    def neighbours(self, word: str) -> list[str]:
        """Known words of MIN_TYPO_LETTERS or more one edit away (a letter wrong, missing,
        extra, or two swapped): 'dog' may be 'dong' with a letter missing."""
        if len(word) < MIN_TYPO_LETTERS - 1 or not word.isalpha():
            return []
        found = set(self._deletions.get(word, ()))          # a letter missing from the query
        for variant in _deletions(word):
            if variant in self.df:                          # a letter too many in the query
                found.add(variant)
            found.update(self._deletions.get(variant, ()))  # wrong or swapped letters
        found.discard(word)
        return [w for w in found if len(w) >= MIN_TYPO_LETTERS and _one_edit(word, w)]

    def completions(self, prefix: str, previous: str | None) -> list[str]:
        """Words that complete `prefix`, commonest after `previous` first (else commonest)."""
        found: list[tuple[int, str]] = []
        if previous:
            head = previous + PAIR
            for pair, df in self.index.terms_with_prefix(FOLDED_PAIRS, head + prefix):
                second = pair[len(head):]
                if PAIR not in second:
                    found.append((df, second))
        if not found and len(prefix) >= 2:
            start = bisect.bisect_left(self._sorted, prefix)
            end = bisect.bisect_left(self._sorted, prefix[:-1] + chr(ord(prefix[-1]) + 1))
            found = [(self.df[w], w) for w in self._sorted[start:end]]
        found.sort(key=lambda item: (-item[0], item[1]))
        return [w for _, w in found if w != prefix][:MAX_COMPLETIONS]

    def keys_reading(self, typed: str) -> tuple[str, bool] | None:
        """What Telex/VNI keys left in a word meant (`hooij` -> hội), and whether that
        reading replaces the word: it does when the index does not know the word as
        typed; when it does ('xoong', of "xoong nồi", is also Telex for 'xông') the word
        stays and the reading is only a weak alternative. None: no keys in the word, or
        the reading is no commoner in the index than the word as typed. The one rule
        for search and the search box's completions."""
        meant = vntext.decode_keystrokes(typed)
        if not meant:
            return None
        known = self.df.get(vntext.fold_word(typed), 0)
        if self.df.get(vntext.fold_word(meant), 0) <= known:
            return None
        return meant, not known

    # --- the parser's alternatives -------------------------------------------

    def forgive(self, query, quoted: set[int]) -> None:
        """Add the alternatives (see the module docstring) to the query's one-word
        groups, in place; a word typed in quotes is taken as it is."""
        from .query import Alt

        position = 0
        for group in query.groups:
            width = len(group.alts[0].words)
            plain = width == 1 and len(group.alts) == 1 and not group.alts[0].phrase
            last = position == len(query.words) - 1 and not query.text.endswith('"')
            # The last word may be an abbreviation and the start of a word at once: a
            # search box that sends 'chet lang kh' is on its way to "khi", not only "KH".
            cut_abbreviation = last and width == 1 and not group.alts[0].phrase
            if (plain or cut_abbreviation) and position not in quoted and position < len(query.words):
                self._forgive_word(query, position, group, last, Alt)
            position += width

    def _forgive_word(self, query, i: int, group, last: bool, Alt) -> None:
        typed, word = query.typed[i], query.words[i]
        previous = query.words[i - 1] if i else None
        following = query.words[i + 1] if i + 1 < len(query.words) else None
        known = self.df.get(word, 0)
        alts, guesses = [], []          # guesses: (evidence, df, folded word) for Query.words
        reading = self.keys_reading(typed)
        if reading:
            meant, replaces = reading
            folded = vntext.fold_word(meant)
            if not replaces:
                alts.append(Alt((folded,), (meant,), weight=KNOWN_KEYS_WEIGHT))
            else:
                alts.append(Alt((folded,), (meant,)))
                guesses.append((self._evidence(folded, previous, following), self.df[folded], folded))
                typed, word = meant, folded
        other = vntext.iy_variant(typed)
        if other:
            folded = vntext.fold_word(other)
            if folded != word and self.df.get(folded):
                alts.append(Alt((folded,), (other,) if vntext.has_diacritics(typed) else (),
                                weight=self._under(VARIANT_WEIGHT, word, folded)))
        for *guess, weight in self._typo_guesses(query.words[i], known, previous, following):
            alts.append(Alt((guess[2],), weight=weight))
            guesses.append(tuple(guess))
        finished = vntext.has_diacritics(typed) and vntext.canonical_tones(typed) in self._exact
        if last and word.isalpha() and not finished:      # 'nghị' is a whole word, 'nghi' may not be
            completions = self.completions(word, previous)
            # One letter says too little of the word for its guessed completions to count
            # beside the words next to it ('ke hoach t': "kế hoạch tổ chức" is everywhere).
            alts += [Alt((c,), weight=self._under(COMPLETION_WEIGHT, word, c), beside=len(word) > 1)
                     for c in completions]
            query.completing = query.completing or bool(completions)
            if completions and not guesses and not known:
                guesses.append((0, 0, completions[0]))
        # One alternative per word, at the highest weight any reason gives it: 'ngay' is
        # both a weak typo guess for the known word 'nga' and a completion of it.
        at = {alt.words: k for k, alt in enumerate(group.alts)}
        for alt in alts:
            k = at.get(alt.words)
            if k is None:
                at[alt.words] = len(group.alts)
                group.alts.append(alt)
            elif k and alt.weight > group.alts[k].weight:      # never lower the word as typed
                group.alts[k] = alt
        if guesses and not known:
            query.words[i] = max(guesses)[2]

    def _under(self, weight: float, typed: str, other: str) -> float:
        """`weight`, lowered by how much rarer `other` is than the word as typed (a rarer
        word scores more per match: 'ki' is rarer than 'ky', which is also ký and kỳ), so
        that the articles with the word as typed still come first."""
        typed_df = self.df.get(typed, 0)
        if not typed_df:
            return weight
        return weight * min(1.0, _idf(typed_df, self._docs) / _idf(self.df.get(other, 1), self._docs))

    def _evidence(self, word: str, previous: str | None, following: str | None) -> int:
        """How often the word stands next to the query's neighbouring words."""
        return ((self.pair_df(previous, word) if previous else 0) + (self.pair_df(word, following) if following else 0))

    def _between(self, previous: str, word: str, following: str) -> int:
        """How many documents have the word right after `previous` and right before
        `following` (both pairs in one document: a trigram's stand-in)."""
        key = (previous, word, following)
        found = self._counts.get(key)
        if found is None:
            found = self.index.count_with_all(FOLDED_PAIRS, [previous + PAIR + word, word + PAIR + following])
            self._remember(key, found)
        return found

    def _typo_guesses(self, word: str, known: int, previous: str | None,
                      following: str | None) -> list[tuple[int, int, str, float]]:
        """(evidence, df, neighbour, weight) worth trying, best first: for an unknown word any known
        neighbour; for a known one only neighbours that fit the query's other words where
        the word as typed does not (see `_known_typo_guesses`), or, alone, far commoner."""
        neighbours = self.neighbours(word)
        if not neighbours:
            return []
        if known and (previous is not None or following is not None):
            return self._known_typo_guesses(word, neighbours, previous, following)
        if known:
            neighbours = [w for w in neighbours if self.df.get(w, 0) > RARE_RATIO * known]
        weight = KNOWN_TYPO_WEIGHT if known else TYPO_WEIGHT
        scored = sorted(((self._evidence(w, previous, following), self.df.get(w, 0), w, weight) for w in neighbours),
                        reverse=True)
        return scored[:MAX_TYPO_GUESSES]

    def _known_typo_guesses(self, word: str, neighbours: list[str], previous: str | None,
                            following: str | None) -> list[tuple[int, int, str, float]]:
        """A known word may still be a typo of another that fits where it stands: 'lan'
        (lần) in "không khí lan sắp" stands between 'khí' and 'sắp' in no document, 'lanh'
        (lạnh) does. Between two words of the query: the neighbours found between them in
        more documents than the word as typed (RARE_RATIO times more once it is found there
        at all); at the query's start or end, next to the one word: the neighbours found
        beside it KNOWN_SIDE_RATIO times as often, and at least KNOWN_SIDE_MIN times. Pair
        counts bound both (a pair occurs at most as often as its words), so most
        neighbours cost no look-up. A word found between its neighbours in no document
        while a neighbour is has as little going for it as an unknown word: its guesses
        weigh TYPO_WEIGHT; the others KNOWN_TYPO_WEIGHT."""
        scored = []
        if previous is not None and following is not None:
            own = self._between(previous, word, following)
            bar = RARE_RATIO * own if own else 0
            for w in self._commonest(neighbours, bar):
                if self._between(previous, w, following) > bar:
                    scored.append((self._evidence(w, previous, following), self.df[w], w,
                                   KNOWN_TYPO_WEIGHT if own else TYPO_WEIGHT))
        else:
            own = self._evidence(word, previous, following)
            bar = max(KNOWN_SIDE_RATIO * own, KNOWN_SIDE_MIN - 1)
            for w in self._commonest(neighbours, bar):
                evidence = self._evidence(w, previous, following)
                if evidence > bar:
                    scored.append((evidence, self.df[w], w, KNOWN_TYPO_WEIGHT))
        scored.sort(reverse=True)
        return scored[:MAX_TYPO_GUESSES]


    def _commonest(self, neighbours: list[str], bar: int) -> list[str]:
        """The MAX_CHECKED commonest neighbours found in more than `bar` documents (a
        word stands beside others at most as often as it occurs): the look-ups a known
        word's guesses cost stay few."""
        found = sorted((w for w in neighbours if self.df.get(w, 0) > bar), key=lambda w: -self.df[w])
        return found[:MAX_CHECKED]


def _idf(df: int, docs: int) -> float:
    return math.log(1 + (max(docs, df) - df + 0.5) / (df + 0.5))


def _deletions(word: str) -> set[str]:
    return {word[:k] + word[k + 1:] for k in range(len(word))}


def _one_edit(a: str, b: str) -> bool:
    """Optimal-string-alignment distance 1: substitution, insertion, deletion or one swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    k = 0
    while k < len(short) and short[k] == long_[k]:
        k += 1
    return short[k:] == long_[k + 1:]


_vocabularies: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def vocabulary(index) -> Vocabulary:
    """The index's Vocabulary, built on first use (no lock: two threads that race build
    it twice, and either result is right)."""
    found = _vocabularies.get(index)
    if found is None:
        found = _vocabularies[index] = Vocabulary(index)
    return found
