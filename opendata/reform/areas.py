"""Which reform areas a finding speaks of: reviewed key phrases, kept as data.

The phrases live in `opendata/data/area_keywords.csv` (area, phrase, note) so that a
reviewer can read and change them without reading code. A phrase matches whole
syllables of the folded text: "công chức" finds "Công chức" and "cong chuc", never
"công chứcx". Where the text has diacritics its letters must be the phrase's: folding makes
"chính quyền sở tại" look like "chính quyền số" (ơ is not ô), so each syllable that carries a
mark is compared letter by letter with the phrase's own; a tone alone may differ, as typos do
("thủ tục hành chình").
"""

from __future__ import annotations

import csv
import functools
import re
from importlib import resources

from ..vntext import comparable, fold, fold_chars, has_diacritics, sort_key

# The order of reform_areas.csv: the six NQ-76 areas, then direction, then impact.
# Areas that are criteria of the reform index ("chỉ đạo, điều hành", "tác động"): their
# phrases ("triển khai", "phục vụ người dân") say something only of a reform event's findings.
REFORM_WORK_ONLY = ("chi-dao-dieu-hanh", "tac-dong")
AREA_ORDER = ["the-che", "tthc", "bo-may", "cong-vu", "tai-chinh-cong", "chinh-phu-so",
              "chi-dao-dieu-hanh", "tac-dong"]


class _Phrases:
    """Folded alternatives for a regex, and each folded phrase's written forms."""

    def __init__(self, phrases: list[str]):
        self.forms: dict[str, set[tuple[str, ...]]] = {}
        for phrase in phrases:
            self.forms.setdefault(" ".join(fold(phrase).split()), set()).add(tuple(comparable(phrase).split()))
        words = sorted(self.forms, key=len, reverse=True)
        alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
        self.pattern = re.compile(r"(?<![^\W_])(?:" + alternatives + r")(?![^\W_])")

    def find(self, text: str, folded: str) -> re.Match | None:
        """The first phrase in `text` (`folded` is fold_chars(text), same offsets), or None."""
        for m in self.pattern.finditer(folded):
            written = comparable(text[m.start():m.end()]).split()
            if any(_same_syllables(written, form) for form in self.forms[" ".join(m.group().split())]):
                return m
        return None

    def search(self, text: str, folded: str) -> bool:
        """True when a phrase occurs in `text` (`folded` is fold_chars(text))."""
        return self.find(text, folded) is not None


def _same_syllables(written: list[str], form: tuple[str, ...]) -> bool:
    """Each written syllable has the phrase's letters (ă â ê ô ơ ư đ included, tones aside),
    or carries no mark at all (unaccented text)."""
    return len(written) == len(form) and all(not has_diacritics(w) or _letters(w) == _letters(f)
                                             for w, f in zip(written, form))


def _letters(syllable: str) -> str:
    """The syllable's letters without its tone: sort_key's primary part ('số' -> 'sô')."""
    return sort_key(syllable).partition("\u0000")[0]


@functools.lru_cache(maxsize=1)
def _phrases() -> tuple[tuple[str, _Phrases], ...]:
    by_area: dict[str, list[str]] = {}
    with resources.files("opendata").joinpath("data/area_keywords.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            by_area.setdefault(row["area"], []).append(row["phrase"])
    return tuple((area, _Phrases(by_area[area])) for area in AREA_ORDER if by_area.get(area))


def areas_of(text: str) -> list[str]:
    """Reform area codes a text speaks of, in the order of the reform_areas table."""
    folded = fold_chars(text)
    return [area for area, phrases in _phrases() if phrases.search(text, folded)]


def reform_phrase(text: str) -> re.Match | None:
    """Where a text first names administrative reform outright (offsets into `text`), or None."""
    return _REFORM.find(text, fold_chars(text))


def speaks_of_reform(text: str) -> bool:
    """True when a text names administrative reform or one of its six areas outright."""
    return _REFORM.search(text, fold_chars(text))


_REFORM = _Phrases(["cải cách hành chính", "CCHC", "thủ tục hành chính", "TTHC", "chính quyền điện tử",
                    "chính quyền số", "chính phủ điện tử", "chính phủ số", "dịch vụ công", "một cửa",
                    "biên chế",
                    "chỉ số PAR", "PAR INDEX"])
