"""Which reform areas a finding speaks of: reviewed key phrases, kept as data.

The phrases live in `opendata/data/area_keywords.csv` (area, phrase, note) so that a
reviewer can read and change them without reading code. A phrase matches whole
syllables of the folded text: "công chức" finds "Công chức" and "cong chuc", never
"công chứcx".
"""

from __future__ import annotations

import csv
import functools
import re
from importlib import resources

from ..vntext import fold, fold_chars

# The order of reform_areas.csv: the six NQ-76 areas, then direction, then impact.
# Areas that are criteria of the reform index ("chỉ đạo, điều hành", "tác động"): their
# phrases ("triển khai", "phục vụ người dân") say something only of a reform event's findings.
REFORM_WORK_ONLY = ("chi-dao-dieu-hanh", "tac-dong")
AREA_ORDER = ["the-che", "tthc", "bo-may", "cong-vu", "tai-chinh-cong", "chinh-phu-so",
              "chi-dao-dieu-hanh", "tac-dong"]


@functools.lru_cache(maxsize=1)
def _phrases() -> tuple[tuple[str, re.Pattern], ...]:
    by_area: dict[str, list[str]] = {}
    with resources.files("opendata").joinpath("data/area_keywords.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            by_area.setdefault(row["area"], []).append(fold(row["phrase"]))
    out = []
    for area in AREA_ORDER:
        words = sorted(set(by_area.get(area, ())), key=len, reverse=True)
        if words:
            alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
            out.append((area, re.compile(r"(?<![^\W_])(?:" + alternatives + r")(?![^\W_])")))
    return tuple(out)


def areas_of(text: str) -> list[str]:
    """Reform area codes a text speaks of, in the order of the reform_areas table."""
    folded = fold_chars(text)
    return [area for area, pattern in _phrases() if pattern.search(folded)]


def speaks_of_reform(text: str) -> bool:
    """True when a text names administrative reform or one of its six areas outright."""
    return bool(_REFORM.search(fold_chars(text)))


_REFORM = re.compile(r"(?<![^\W_])(?:cai cach hanh chinh|cchc|thu tuc hanh chinh|tthc|chinh quyen (?:dien tu|so)"
                     r"|chinh phu (?:dien tu|so)|dich vu cong|mot cua|chi so par|par index)(?![^\W_])")
