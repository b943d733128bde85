"""The event an article reports: its kind, day, part of day, organiser and years.

Portal articles open with one sentence that says it all:
"Sáng ngày 28/3/2024, UBND xã Long Môn tổ chức Hội nghị đánh giá … năm 2023 và triển
khai … năm 2024." Patterns run over the folded text (same length as the original), so
a match's span cuts the original words out unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..vntext import fold_chars, upper_first
from .people import HONORIFICS

# Event kinds, most specific first: (folded words that name it, kind code).
KINDS = [
    (r"hoi nghi", "hoi-nghi"),
    (r"(?:cuoc|phien|buoi) hop|hop (?:ban chi dao|bcd|giao ban|thuong ky|dinh ky)", "hop"),
    (r"(?:lop |buoi )?tap huan|(?:lop )?boi duong", "tap-huan"),
    (r"(?:doan |cuoc |buoi )?kiem tra|(?:doan |cuoc )?giam sat", "kiem-tra"),
    (r"hoi thao(?! luan)|toa dam", "hoi-thao"),
    (r"(?:buoi |hoi nghi )?doi thoai", "doi-thoai"),
    (r"le (?:khai mac|be mac|cong bo|ra mat|phat dong|ky ket|trao|ky niem|khanh thanh|don nhan)", "le"),
    (r"buoi lam viec|cuoc gap mat|buoi gap mat|dai hoi|buoi tiep xuc", "khac"),
]
_KIND = re.compile(r"(?<![^\W_])(?:" + "|".join(f"(?P<k{i}>{p})" for i, (p, _) in enumerate(KINDS))
                   + r")(?![^\W_])")

PARTS_OF_DAY = {"sang": "sáng", "trua": "trưa", "chieu": "chiều", "toi": "tối"}
_WHEN = re.compile(
    r"(?<![^\W_])(?:(?P<part>sang|trua|chieu|toi)(?: hom nay| nay)?,?\s+)?(?:ngay\s+)?"
    r"(?:(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{4}))?"
    r"|(?P<d2>\d{1,2}) thang (?P<m2>\d{1,2})(?: nam (?P<y2>\d{4}))?)(?![\d/])")
# The kind word names this event when an organising verb leads to it ("tổ chức Hội nghị",
# "chủ trì hội nghị") or when it opens the sentence and then "diễn ra" / "khai mạc".
_LEADS_TO_KIND = re.compile(r"(?<![^\W_])(?:to chuc|chu tri|khai mac|be mac|tham du|du|hop|mo)(?: \w+){0,2}\s+$")
_KIND_HAPPENS = re.compile(r"(?<![^\W_])(?:dien ra|duoc to chuc|khai mac|be mac|da to chuc)(?![^\W_])")
_A_PERSON = re.compile(r"(?<![^\W_])(?:da|" + HONORIFICS + r")(?![^\W_])")    # "đã", "đồng chí": a person
_ORGANISED = re.compile(r"(?<![^\W_])(?:da |long trong |chu tri )?(?:to chuc|khai mac|trien khai|(?<!phoi )hop)"
                        r"(?![^\W_])")
_TITLE_TAIL = re.compile(r"[\s,]*(?:(?:da|duoc|se)\s+)?(?:(?:to chuc|dien ra|khai mac|be mac)\s*)?(?:vao\s*)?$")
_YEAR = re.compile(r"(?<![^\W_])nam (19[4-9]\d|20\d\d)(?!\d)")      # the schema's 1945-2100, roughly
_REVIEW = re.compile(r"(?<![^\W_])(?:danh gia|tong ket|so ket|nhin lai|bao cao ket qua|kiem diem)(?![^\W_])")
# A plan part follows "và" or a comma: "đánh giá … năm 2023 và triển khai nhiệm vụ … năm 2024".
_PLAN = re.compile(r"(?:(?<![^\W_])va|[,;])\s+(?:trien khai|phuong huong|ke hoach|nhiem vu|giai phap|muc tieu)(?![^\W_])")
_UNIT_WORDS = re.compile(r"(?<![^\W_])(xa|phuong|thi tran|huyen|quan|thi xa|thanh pho|tp\.?|tinh)\s+"
                         r"(?P<name>(?:[^\W\d_]+|\d+)(?:\s+[^\W\d_]+){0,3})")


@dataclass
class Event:
    kind: str
    title: str
    day: date
    part_of_day: str
    organiser: str
    year_reviewed: int | None
    plan_year: int | None
    sentence: str
    confidence: float


def event_day(match: re.Match, published: date) -> date | None:
    """The date a `_WHEN` match names; a missing year is the publication's (or the year
    before, when that would put the event after the article)."""
    d, m, y = (match["d"], match["m"], match["y"]) if match["d"] else (match["d2"], match["m2"], match["y2"])
    try:
        if y:
            return date(int(y), int(m), int(d))
        day = date(published.year, int(m), int(d))
        return day if day <= published else date(published.year - 1, int(m), int(d))
    except ValueError:
        return None


def find_event(sentences: list[str], published: date) -> Event | None:
    """The first sentence among the article's opening ones that dates an event of a known
    kind; None when the article reports no event."""
    for sentence in sentences[:4]:
        folded = fold_chars(sentence)
        when = _when(folded)
        if not when or not _KIND.search(folded):
            continue
        day = event_day(when, published)
        if day is None or day > published:
            continue
        kind = _named_kind(folded, when)
        if kind is None or (published - day).days > 366:
            continue
        code = next(KINDS[int(k[1:])][1] for k, v in kind.groupdict().items() if v)
        organised = _ORGANISED.search(folded, when.end())
        organiser = ""
        if organised and organised.start() <= kind.start():
            # the last comma-separated part: "tại Hà Nội, Văn phòng Chính phủ" -> "Văn phòng Chính phủ"
            organiser = sentence[when.end():organised.start()].strip(" ,;:").rsplit(",", 1)[-1].strip()
            organiser = re.split(r"\s+(?:phối hợp|cùng)\s+với\s+", organiser)[0]   # the one who leads
            if len(organiser) > 120 or not organiser[:1].isupper() or _A_PERSON.search(fold_chars(organiser)):
                organiser = ""                  # "Thủ tướng … đã dự và phát biểu" is not an organiser
        if kind.start() >= when.end():
            title = sentence[kind.start():]
            if not _LEADS_TO_KIND.search(folded[max(0, kind.start() - 30):kind.start()]):
                happens = _KIND_HAPPENS.search(folded, kind.end())   # "Hội nghị X đã bế mạc"
                if happens:
                    title = sentence[kind.start():happens.start()].rstrip()
                    title = re.sub(r"\s+(?:đã|sẽ|được|vừa)$", "", title)
        else:                                   # "Hội nghị … được tổ chức vào sáng 28/3"
            cut = _TITLE_TAIL.search(folded[:when.start()])
            title = sentence[kind.start():cut.start() if cut else when.start()]
        title = upper_first(title.strip(" ,").rstrip(" .;,"))
        reviewed, plan = years(fold_chars(title))
        confidence = 0.6 + 0.2 * bool(organiser) + 0.1 * bool(when["part"] or when["y"] or when["y2"])
        return Event(code, title, day, PARTS_OF_DAY.get(when["part"] or "", ""), organiser,
                     reviewed, plan, sentence, round(min(confidence, 0.95), 2))
    return None


def _when(folded: str) -> re.Match | None:
    """The sentence's date: the first with a part of day ("Chiều 17/5"), else with "ngày",
    else with a year; a bare "3/4" may be a fraction and is not a date."""
    found = list(_WHEN.finditer(folded))
    for test in (lambda m: m["part"], lambda m: "ngay" in m.group(), lambda m: m["y"] or m["y2"]):
        for m in found:
            if test(m):
                return m
    return None


def _named_kind(folded: str, when: re.Match) -> re.Match | None:
    """The first kind word that names the sentence's event (see _LEADS_TO_KIND)."""
    for kind in _KIND.finditer(folded):
        if _LEADS_TO_KIND.search(folded[max(0, kind.start() - 30):kind.start()]):
            return kind
        opening = folded[:kind.start()].strip(" ,")
        if (not opening or opening.endswith(folded[when.start():when.end()].strip(" ,"))) \
                and _KIND_HAPPENS.search(folded, kind.end()):
            return kind
    return None


def years(folded_title: str) -> tuple[int | None, int | None]:
    """(year reviewed, plan year) of "đánh giá … năm 2023 và triển khai … năm 2024".

    A year after a review word and before any plan word is the year reviewed; a year
    after a plan word is the plan year. One year serving both ("đánh giá 6 tháng đầu
    năm và triển khai … 6 tháng cuối năm 2019") is both.
    """
    review = _REVIEW.search(folded_title)
    plan = _PLAN.search(folded_title, review.end() if review else 0)
    found = [(m.start(), int(m.group(1))) for m in _YEAR.finditer(folded_title)]
    reviewed = planned = None
    for at, year in found:
        if review and at > review.start() and (not plan or at < plan.start()) and reviewed is None:
            reviewed = year
        elif plan and at > plan.start() and planned is None:
            planned = year
    if review and plan and reviewed is None and planned is not None and len(found) == 1 \
            and re.search(r"(?<![^\W_])nam(?! \d)", folded_title[review.end():plan.start()]):
        reviewed = planned
    if not review and not plan and len(found) == 1:
        return None, None
    return reviewed, planned


def organiser_units(organiser: str) -> list[str]:
    """Full unit names the organiser names, as units.csv writes them: 'UBND xã Long Môn' ->
    ['xã Long Môn'] (compared without case), 'UBND TP. Quảng Ngãi' -> ['Thành phố Quảng Ngãi']."""
    out = []
    for m in _UNIT_WORDS.finditer(fold_chars(organiser)):
        words = organiser[m.start("name"):m.end("name")].split()
        name = []
        for w in words:                          # a name's syllables are capitalised
            if not (w[:1].isupper() or w[:1].isdigit()):
                break
            name.append(w)
        if name:
            kind = organiser[m.start(1):m.end(1)]
            out.append(f"{'Thành phố' if kind.lower().startswith('tp') else kind} {' '.join(name)}")
    return out
