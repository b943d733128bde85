"""From what someone typed to a structured query. Never fails: any text is words.

- words are ANDed; each word also matches every accented form of itself;
- "quoted phrases" must be adjacent; an unbalanced quote is ignored;
- an abbreviation and its expansion are alternatives (UBND ≡ Ủy ban nhân dân);
- AND/OR/NOT, `*`, `?`, `field:` and other syntax are treated as plain text;
- given the index's vocabulary (`spelling.Vocabulary`), unquoted words also match what
  the reader meant: Telex/VNI keys decoded, the other i/y spelling, a typo corrected,
  the last word completed (weighted below the words as typed).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from .. import vntext

MAX_QUERY_CHARS = 500
MAX_GROUPS = 24
_OPERATORS = re.compile(r"(?<!\w)(AND|OR|NOT)(?!\w)")
_FIELD_PREFIX = re.compile(r"(?<!\S)[A-Za-z_]+:(?=\S)")      # Lucene-style `title:` syntax


@dataclass(frozen=True)
class Alt:
    """One way to satisfy a group: these folded words, adjacent when `phrase`."""

    words: tuple[str, ...]
    exact: tuple[str, ...] = ()     # words typed with diacritics (tone placement unified)
    phrase: bool = False
    weight: float = 1.0             # below 1 for guesses (a corrected typo, a completion): ranked under exact matches
    beside: bool = True             # also scored side by side with the words next to it (engine pairs)


@dataclass
class Group:
    alts: list[Alt]


@dataclass
class Query:
    text: str
    groups: list[Group] = field(default_factory=list)
    words: list[str] = field(default_factory=list)      # all folded words in typed order
    typed: list[str] = field(default_factory=list)      # the same words as typed (exact form)
    completing: bool = False        # the last word may be cut short: its completions are alternatives

    @property
    def empty(self) -> bool:
        return not self.groups

    @functools.cached_property
    def wanted(self) -> frozenset[str]:
        """Every folded word a match may show: typed words and their alternatives' words."""
        words = set(self.words)
        for group in self.groups:
            for alt in group.alts:
                words.update(alt.words)
        return frozenset(words)


def clean(text: str) -> str:
    """Stored-form text without control or format characters, capped in length."""
    text = vntext.normalize(text or "")
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)
    return vntext.collapse_spaces(text[:MAX_QUERY_CHARS])


def _exact(words: list[str]) -> tuple[str, ...]:
    return tuple(w for w in words if vntext.has_diacritics(w))


def _abbreviation_groups(typed: list[str], folded: list[str], phrase: bool) -> list[Group]:
    """Groups for a run of words, with abbreviation alternatives, longest match first."""
    table = vntext.abbreviations()
    groups, i = [], 0
    while i < len(folded):
        match = None
        for abbr, expansion in table:
            for this, other, this_is_abbr in ((expansion, abbr, False), (abbr, expansion, True)):
                n = len(this)
                if tuple(folded[i:i + n]) == this and (match is None or n > match[0]):
                    match = (n, this, other, this_is_abbr)
        if match:
            n, this, other, _ = match
            words_typed = typed[i:i + n]
            alts = [Alt(this, _exact(words_typed), phrase=phrase or len(this) > 1 and match[3]),
                    Alt(other, (), phrase=len(other) > 1)]
            groups.append(Group(alts))
            i += n
        elif phrase:
            j = i
            while j < len(folded) and not _starts_abbreviation(folded, j, table):
                j += 1
            j = max(j, i + 1)
            groups.append(Group([Alt(tuple(folded[i:j]), _exact(typed[i:j]), phrase=j - i > 1)]))
            i = j
        else:
            groups.append(Group([Alt((folded[i],), _exact([typed[i]]))]))
            i += 1
    return groups


def _starts_abbreviation(folded, i, table) -> bool:
    return any(tuple(folded[i:i + len(a)]) == a or tuple(folded[i:i + len(e)]) == e for a, e in table)


def parse(text: str, vocabulary=None) -> Query:
    q = Query(text=clean(text))
    quoted_words: set[int] = set()          # positions in q.words of words typed in quotes
    parts = q.text.split('"')
    if len(parts) % 2 == 0:                 # unbalanced quote: plain words
        parts = [q.text.replace('"', " ")]
    for k, part in enumerate(parts):
        quoted = k % 2 == 1
        if not quoted:
            part = _FIELD_PREFIX.sub(" ", _OPERATORS.sub(" ", part))
        typed = vntext.syllables(part)
        if not typed:
            continue
        folded = vntext.fold_all(typed)
        if quoted:
            quoted_words.update(range(len(q.words), len(q.words) + len(typed)))
        q.typed.extend(typed)
        q.words.extend(folded)
        q.groups.extend(_abbreviation_groups(typed, folded, phrase=quoted))
    if not q.groups and q.text:             # only operators: search them as words
        typed = vntext.syllables(q.text)
        q.typed, q.words = typed, vntext.fold_all(typed)
        q.groups = [Group([Alt((w,), _exact([t]))]) for t, w in zip(typed, q.words)]
    del q.groups[MAX_GROUPS:]
    if vocabulary is not None:
        vocabulary.forgive(q, quoted_words)
    return q
