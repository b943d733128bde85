"""The event an article reports: its kind, day, part of day, organiser and years.

Portal articles open with one sentence that says it all:
"Sáng ngày 28/3/2024, UBND xã Long Môn tổ chức Hội nghị đánh giá … năm 2023 và triển
khai … năm 2024." Patterns run over the folded text (same length as the original), so
a match's span cuts the original words out unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..vntext import fold_chars, upper_first
from .people import HONORIFICS, starts_with_position

# Event kinds, most specific first: (folded words that name it, kind code). A compound
# ("hội nghị tập huấn", "hội nghị đối thoại", "cuộc họp báo") is the kind of its second part.
KINDS = [
    (r"(?:hoi nghi |lop |buoi )?tap huan|(?:lop )?boi duong", "tap-huan"),
    (r"(?:hoi nghi |buoi |cuoc )?doi thoai", "doi-thoai"),
    (r"(?:cuoc |buoi )?hop bao|(?:buoi |cuoc )?tiep xuc cu tri|(?:buoi |cuoc )?hop mat|buoi tiep", "khac"),
    (r"hoi nghi|(?:buoi |cuoc )?giao ban|(?<=to chuc )(?:tong ket|so ket)", "hoi-nghi"),
    (r"(?:cuoc|phien|buoi|ky) hop|hop (?:ban chi dao|bcd|thuong ky|dinh ky)|phien chat van|(?:buoi|cuoc) lam viec",
     "hop"),
    (r"(?:doan |cuoc |buoi )?kiem tra|(?:doan |cuoc )?giam sat", "kiem-tra"),
    (r"hoi thao(?! luan)|toa dam|dien dan", "hoi-thao"),
    (r"le (?:khai mac|be mac|cong bo|ra mat|phat dong|ky ket|trao|ky niem|khanh thanh|don nhan|khai truong)"
     r"|le ky|khai truong|(?<!dang )ky ket", "le"),      # "đăng ký kết hôn": registering a marriage
    (r"cuoc gap mat|buoi gap mat|dai hoi", "khac"),
]
_KIND = re.compile(r"(?<![^\W_])(?:" + "|".join(f"(?P<k{i}>{p})" for i, (p, _) in enumerate(KINDS))
                   + r")(?![^\W_])")

PARTS_OF_DAY = {"sang": "sáng", "trua": "trưa", "chieu": "chiều", "toi": "tối"}
_WHEN = re.compile(
    r"(?<![^\W_])(?:(?P<part>sang|trua|chieu|toi)(?: hom nay| nay| qua)?,?\s+)?(?:ngay\s+)?(?:\(\s*)?"
    r"(?:(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{4}))?"
    r"|(?P<d2>\d{1,2}) thang (?P<m2>\d{1,2})(?: nam (?P<y2>\d{4}))?)(?![\d/])")
# "sáng nay", "hôm qua", "chiều qua": read on the lower-cased text, where "nay" is not "này".
_RELATIVE = re.compile(r"(?<![^\W_])(?:(?P<part>sáng|trưa|chiều|tối)\s+(?:hôm\s+)?(?P<rel>nay|qua)"
                       r"|hôm\s+(?P<rel2>nay|qua))(?![^\W_])")
# A future event ("sẽ diễn ra vào ngày 17/5 tới đây", "dự kiến tổ chức", "sắp diễn ra") is not
# reported as held: not proposed.
_FUTURE = re.compile(r"(?<![^\W_])(?:se|sap)\s+(?:\w+\s+){0,2}?(?:dien ra|to chuc|khai mac|hop|ky ket|"
                     r"duoc to chuc|tien hanh)(?![^\W_])|(?<![^\W_])(?:toi day|sap toi|sap dien ra|du kien)(?![^\W_])")
# The kind word names this event when an organising verb leads to it ("tổ chức Hội nghị",
# "chủ trì hội nghị"), a preposition puts something in it ("tại Hội thảo …", "Trong cuộc
# đối thoại …"), or when it opens the sentence and then "diễn ra" / "khai mạc".
_LEADS_TO_KIND = re.compile(r"(?<![^\W_])(?:to chuc|chu tri|khai mac|be mac|tham du|du|hop|mo|co|tiep tuc|"
                            r"tai|trong|thong tin|phat bieu|ket luan)(?: \w+){0,2}\s+$")
_ASSIGNED = re.compile(r"(?<![^\W_])(?:giao|de nghi|yeu cau|chi dao)\s+(?:\S+\s+){0,5}chu tri\s+(?:\w+\s+){0,2}$")
_KIND_HAPPENS = re.compile(r"(?<![^\W_])(?:dien ra|duoc to chuc|khai mac|be mac|da to chuc|to chuc)(?![^\W_])")
_A_PERSON = re.compile(r"(?<![^\W_])(?:da|" + HONORIFICS + r")(?![^\W_])")    # "đã", "đồng chí": a person
_ORGANISED = re.compile(r"(?<![^\W_])(?:da |long trong |chu tri |vua )?(?:to chuc|khai mac|trien khai|(?<!dang )ky ket|"
                        r"khai truong|(?<!phoi )hop)(?![^\W_])")
# "Hội nghị … do UBND TP phối hợp LĐLĐ TP tổ chức", "… vừa được A và B tổ chức".
_ORGANISED_BY = re.compile(r"(?<![^\W_])(?:do|duoc)\s+(?P<who>[^;:]{2,160}?)\s+(?:dong )?to chuc(?![^\W_])")
# "A phối hợp (với) B", "A và B" where B starts like a body's name ("Sở Thông tin và Truyền thông" is one).
_CO_ORGANISERS = re.compile(r"\s+(?:phối hợp|cùng|kết hợp)(?:\s+với)?\s+|(?<!HĐND)\s+và\s+(?=(?:Bộ|Sở|Cục|Tổng|UBND|HĐND|Ủy ban|Uỷ ban|"
                            r"Hội|Ban|Phòng Thương mại|Văn phòng|Trung tâm|Liên đoàn|Ngân hàng|Tập đoàn|Công ty|Đoàn|"
                            r"Huyện|Tỉnh|Thành|Trường|Viện|Báo|Đài|Hiệp hội|Liên hiệp|Mặt trận|Bưu điện|Kho bạc|Chi cục|"
                            r"Quỹ|Tòa án|Viện kiểm sát|Công an|Bộ Chỉ huy|Quận|Xã|Phường|[A-ZĐ]{2,})(?![^\W_]))")
_TITLE_TAIL = re.compile(r"[\s,]*(?:(?:da|duoc|se|vua)\s+)?(?:(?:to chuc|dien ra|khai mac|be mac)\s*)?(?:vao\s*)?$")
_YEAR = re.compile(r"(?<![^\W_])nam (19[4-9]\d|20\d\d)(?!\d)")      # the schema's 1945-2100, roughly
_REVIEW = re.compile(r"(?<![^\W_])(?:danh gia|tong ket|so ket|nhin lai|bao cao ket qua|kiem diem)(?![^\W_])")
# A plan part follows "và" or a comma: "đánh giá … năm 2023 và triển khai nhiệm vụ … năm 2024".
_PLAN = re.compile(r"(?:(?<![^\W_])va|[,;])\s+(?:trien khai|phuong huong|ke hoach|nhiem vu|giai phap|muc tieu)(?![^\W_])")
_UNIT_WORDS = re.compile(r"(?<![^\W_])(xa|phuong|thi tran|huyen|quan|thi xa|thanh pho|tp\.?|tinh)\s+"
                         r"(?P<name>(?:[^\W\d_]+|\d+)(?:\s+[^\W\d_]+){0,3})")
# A kind said as the verb of an organiser that opens the sentence: "Sáng 20/6, Tổ Công tác
# của Thủ tướng kiểm tra …", "Ủy ban Thường vụ Quốc hội hôm nay họp phiên thứ 54".
# The verb first (a plain alternation, cheap to search), then the adverbs just before it.
_KIND_VERB = re.compile(r"(?<=\s)(?P<verb>hop|kiem tra|(?<!dang )ky ket|khai truong|giam sat|lam viec|"
                        r"tiep(?= (?:ngai|ong|ba|doan)\s))(?![^\W_])")
_VERB_ADVERBS = re.compile(r"(?:\s+(?:da|vua|tiep tuc|hom nay|sang nay|chieu nay))*\s+$")
# "từ ngày 16/6 đến …": a period, not the day of an event.
_PERIOD = re.compile(r"(?<![^\W_])(?:tu|den)\s+(?:ngay\s+)?$")
_YEAR_ONLY = re.compile(r"(?<![^\W_])(?:thang \d{1,2}|nam (?:ngoai|truoc|qua)|cuoi thang|dau thang)(?![^\W_])")
# "… được Sở X công bố chiều 8/6": what is announced, then who, then a time of day (see _announced).
_ANNOUNCED = re.compile(r"(?<![^\W_])duoc\s+[^,;:]{2,60}?\s+cong bo\s+(?:vao\s+)?(?=(?:sang|trua|chieu|toi)(?![^\W_]))")
# A report heard at a sitting (see _sitting): to the assembly, the explanation of a draft law, "đã nghe báo cáo".
_HEARD = re.compile(r"(?<![^\W_])(?:(?:bao cao|trinh bay|trinh) (?:truoc )?quoc hoi|bao cao giai trinh,? tiep thu,? chinh ly"
                    r"|(?:da )?nghe (?:bao cao|to trinh))(?![^\W_])")
# The body a meeting belongs to (see _body_of): "… của <body>", or a steering committee or council
# named right after "cuộc họp" / "phiên họp".
_OF_BODY = re.compile(r"(?<![^\W_])của\s+(?P<who>(?:đoàn|tổ công tác|Ban|Ủy ban|Uỷ ban|Hội đồng|Bộ|Sở|Cục|Tổng cục|UBND|HĐND|"
                      r"Thường trực|Chính phủ|Tỉnh ủy|Thành ủy|Huyện ủy|Đảng ủy|Đoàn|Tổ|Văn phòng|Liên đoàn|Mặt trận)"
                      r"(?![^\W_]).*)")
_OWN_BODY = re.compile(r"\s+(?P<who>(?:Ban Chỉ đạo|Ban chỉ đạo|BCĐ|Hội đồng|Ủy ban|Uỷ ban|Ban Thường vụ|Thường trực|Ban Pháp chế)"
                       r"(?![^\W_]).*)")
# A photo credit opens the sentence after its caption: "Ảnh: Thanh Lê", "(Ảnh: An Đăng/TTXVN)".
_CREDIT = re.compile(r"\(?(?:Ảnh|Nguồn)\s*:")
# The month in a regular meeting's name ("phiên họp UBND tỉnh thường kỳ tháng 5/2030") is no date.
_PERIODIC = re.compile(r"(?<![^\W_])(?:thuong ky|dinh ky|giao ban) (?:thang|quy) [\dIVX]+(?:\s*[/.-]\s*\d{4})?")
AHEAD = 45             # days: a day/month this far after the publish date is a future event, not last year's
OPENING = 4            # sentences where an article's main event is looked for first


@dataclass
class Event:
    kind: str
    title: str
    day: date | None               # None: the article names the event but gives no day
    part_of_day: str
    organisers: list[str]
    year_reviewed: int | None
    plan_year: int | None
    sentence: str
    confidence: float
    index: int = 0                 # the sentence's number in the article

    @property
    def organiser(self) -> str:
        """The organisers as one text ('A; B'), as reform_events.organiser stores them."""
        return "; ".join(self.organisers)


@dataclass
class _Day:
    day: date | None
    part: str
    start: int
    end: int
    explicit_year: bool


def event_day(match: re.Match, published: date) -> date | None:
    """The date a `_WHEN` match names; a missing year is the publication's, or the year
    before when that would put the event more than AHEAD days after the article (a day
    just after it is a future event, which the caller drops)."""
    d, m, y = (match["d"], match["m"], match["y"]) if match["d"] else (match["d2"], match["m2"], match["y2"])
    try:
        if y:
            return date(int(y), int(m), int(d))
        day = date(published.year, int(m), int(d))
        if day <= published or (day - published).days <= AHEAD:     # "ngày 17/5 tới": ahead, not last year
            return day
        return date(published.year - 1, int(m), int(d))
    except ValueError:
        return None


def find_events(sentences: list[str], published: date, about=lambda sentence: True,
                undated: bool = True) -> list[Event]:
    """Every held event the article reports, the main one first: the first dated event of
    any sentence, then later ones on another day whose organiser is named and whose own
    sentence is `about` what the caller wants (reform). With none dated (and `undated`),
    the first event an opening sentence names without a day."""
    found: list[Event] = []
    for index, sentence in enumerate(sentences):
        event = _event_in(sentence, published)
        if event is None:
            continue
        event.index = index
        if not found:
            found.append(event)
        elif not found[0].organisers and event.organisers and (event.day, event.kind) == (found[0].day, found[0].kind):
            found[0].organisers = event.organisers       # the same meeting, told again with who held it
        elif all((event.day, event.kind) != (e.day, e.kind) and event.day != e.day for e in found) \
                and event.organisers and about(sentence):
            event.confidence = round(event.confidence - 0.1, 2)        # a later, other event
            found.append(event)
    if found and found[0].index >= OPENING:
        found[0].confidence = round(found[0].confidence - 0.1, 2)
    if not found and undated:           # "Tại Hội thảo X, …" with no day: an event all the same
        for index in _opening(sentences):
            event = _event_in(sentences[index], published, undated=True)
            if event:
                event.index = index
                today = _today_written(sentences, published)
                if today:                  # "… hôm nay (9/6), các sở phải …": the report's day
                    event.day = today
                return [event]
    return found


def _today_written(sentences: list[str], published: date) -> date | None:
    """The day an article says is today with its date written beside it ("hôm nay (9/6)", "sáng
    nay, 8/6"), when that is the publish date or the day before: a report of the day."""
    for sentence in sentences:
        lowered = sentence.lower()
        if len(lowered) != len(sentence) or "nay" not in lowered:
            continue
        relative = _RELATIVE.search(lowered)
        if not relative or (relative["rel"] or relative["rel2"]) != "nay":
            continue
        folded = fold_chars(sentence)
        written = _WHEN.match(folded, relative.end() + (1 if folded[relative.end():relative.end() + 1] in " ," else 0)) \
            or _WHEN.match(folded, relative.end() + 2)
        day = event_day(written, published) if written else None
        if day and 0 <= (published - day).days <= 1:
            return day
    return None


def _opening(sentences: list[str]) -> list[int]:
    """The numbers of the article's first OPENING sentences, and of the photo captions among
    them, which are not counted: a caption ("Người dân làm thủ tục tại …", "Ảnh: …") sits
    between the lead and the body, and may name the event itself ("X phát biểu tại hội nghị")."""
    out, counted = [], 0
    for index, sentence in enumerate(sentences):
        if counted == OPENING:
            break
        following = sentences[index + 1] if index + 1 < len(sentences) else ""
        out.append(index)
        counted += not (_CREDIT.match(sentence) or _CREDIT.match(following))
    return out


def find_event(sentences: list[str], published: date) -> Event | None:
    """The article's main event (see find_events); None when it reports none."""
    events = find_events(sentences, published)
    return events[0] if events else None


def _event_in(sentence: str, published: date, undated: bool = False) -> Event | None:
    """The held event one sentence reports with its day, or None; with `undated`, one named
    without a day ("Tại Hội thảo X", "A và B vừa ký kết …", "Lễ công bố …") when the sentence
    gives none."""
    folded = fold_chars(sentence)
    if not _KIND.search(folded) and not _KIND_VERB.search(folded):
        return None if undated else _unnamed(sentence, folded, published)
    when = _when(sentence, folded, published)
    if when is None and undated:
        if _YEAR_ONLY.search(_PERIODIC.sub(" ", folded)):
            return None                 # "tháng 7 năm ngoái", "năm 2016": not a day, maybe not this year
        when = _Day(None, "", 0, 0, False)
    elif when is None or undated or when.day > published or (published - when.day).days > 366:
        return None
    kind, subject = _named_kind(folded, when if when.day else None), ""
    if kind is None:
        kind, subject = _kind_verb(sentence, folded, when, just_done=when.day is None)
    if kind is None and not undated:
        return _unnamed(sentence, folded, published)
    if kind is None or _FUTURE.search(folded):
        return None
    code = next(KINDS[int(k[1:])][1] for k, v in kind.groupdict().items() if v)
    organisers = _organisers(sentence, folded, when, kind) or (_split_organisers(subject) if code != "khac" else [])
    if kind.start() >= when.end:
        title = sentence[kind.start():]
        if not _LEADS_TO_KIND.search(folded[max(0, kind.start() - 30):kind.start()]):
            happens = _KIND_HAPPENS.search(folded, kind.end())   # "Hội nghị X đã bế mạc"
            if happens:
                title = sentence[kind.start():happens.start()].rstrip()
                title = re.sub(r"\s+(?:đã|sẽ|được|vừa)$", "", title)
    else:                                   # "Hội nghị … được tổ chức vào sáng 28/3"
        cut = _TITLE_TAIL.search(folded[:when.start])
        title = sentence[kind.start():cut.start() if cut else when.start]
    title = upper_first(title.strip(" ,").rstrip(" .;,"))
    reviewed, plan = years(fold_chars(title))
    confidence = 0.6 + 0.2 * bool(organisers) + 0.1 * bool(when.part or when.explicit_year) - 0.2 * (when.day is None)
    return Event(code, title, when.day, PARTS_OF_DAY.get(when.part, ""), organisers,
                 reviewed, plan, sentence, round(min(confidence, 0.95), 2))


def _unnamed(sentence: str, folded: str, published: date) -> Event | None:
    """A dated event no kind word names: an announcement or an assembly's sitting."""
    return _announced(sentence, folded, published) or _sitting(sentence, folded, published)


def _announced(sentence: str, folded: str, published: date) -> Event | None:
    """An index or a report made public at a given time of a day ("Bảng xếp hạng năm 2030 được Sở
    Nội vụ công bố chiều 8/6"): the conference that announced it, though no kind word names it.
    A bare date ("được công bố ngày 8/6") is when a document came out, not an event's time;
    whoever announced is not said to have organised it."""
    announced = _ANNOUNCED.search(folded)
    when = _when(sentence, folded, published) if announced else None
    if when is None or when.start != announced.end() or not when.part or when.day > published \
            or (published - when.day).days > 366 or _FUTURE.search(folded):
        return None
    what = re.sub(r"^(?:Theo|Trong|Với)\s+", "", sentence[:announced.start()].strip(" ,"))
    if not what or len(what) > 160:
        return None
    title = "Công bố " + what                  # "Chỉ số …" keeps its capital: it is a name
    reviewed, plan = years(fold_chars(title))
    return Event("hoi-nghi", title, when.day, PARTS_OF_DAY.get(when.part, ""), [], reviewed, plan, sentence, 0.7)


def _sitting(sentence: str, folded: str, published: date) -> Event | None:
    """A sitting of an assembly told by the report it heard, on a given day: "Trong báo cáo
    giải trình, tiếp thu, chỉnh lý dự thảo X ngày 5/6, …", "Thường trực HĐND tỉnh đã nghe báo
    cáo …", "… trình bày trước HĐND tỉnh sáng nay (5/6)". Who reports organised nothing."""
    heard = _HEARD.search(folded)
    when = _when(sentence, folded, published) if heard else None
    if when is None or when.day > published or (published - when.day).days > 366 or _FUTURE.search(folded):
        return None
    end = when.start if when.start > heard.end() else len(sentence)
    title = upper_first(re.split(r",\s+(?=[A-ZĐ])", sentence[heard.start():end])[0].strip(" ,.;"))
    confidence = 0.6 + 0.1 * bool(when.part or when.explicit_year)
    return Event("hop", title[:200], when.day, PARTS_OF_DAY.get(when.part, ""), [], None, None, sentence, confidence)


def _organisers(sentence: str, folded: str, when: _Day, kind: re.Match) -> list[str]:
    """Who organised: "[date,] A (phối hợp với B) tổ chức <kind>" or "<kind> … do A và B tổ chức"."""
    text = ""
    start = when.end if when.end <= kind.start() else 0         # "A tổ chức hội nghị … chiều 14/6": from the start
    organised = _ORGANISED.search(folded, start)
    if organised and organised.start() <= kind.start():
        # the last comma-separated part: "tại Hà Nội, Văn phòng Chính phủ" -> "Văn phòng Chính phủ"
        text = sentence[start:organised.start()].lstrip(" ,;:)").rstrip(" ,;:")   # "Sáng nay (5/6), …"
        if text.endswith(")") and text.count("(") < text.count(")"):
            text = text[:-1].rstrip(" ,;:")         # a bracket closed outside the name
        parts = text.rsplit(", ", 2)
        text = parts[-1].strip()
        if len(parts) > 1 and _PLACE.match(text) and _UNIT_WORDS.search(fold_chars(parts[-2])):
            text = f"{parts[-2].strip()}, {text}"          # "UBND quận 3, TP. Hồ Chí Minh": where the unit is
        text = re.sub(r"\s+(?:đã|vừa|hôm nay|tiếp tục|sẽ)$", "", text)
    else:
        by = _ORGANISED_BY.search(folded, kind.end())
        if by:
            text = sentence[by.start("who"):by.end("who")]
            text = re.split(r"\s+(?:đã|vừa)\s*$", text)[0]
    return _split_organisers(text) or _body_of(sentence, when, kind)


def _body_of(sentence: str, when: _Day, kind: re.Match) -> list[str]:
    """The body whose meeting it is, named right after the kind: "cuộc họp Ban Chỉ đạo X",
    "phiên họp thứ 12 của Hội đồng Y", "buổi làm việc của đoàn kiểm tra Tỉnh ủy với …", "cuộc
    họp triển khai … của Sở Z … ngày 5/6". Read up to the day, a new
    clause (", Thủ tướng …"), or what follows the body ("với", "tại", "(")."""
    end = min(len(sentence), kind.end() + 200)
    if when.end and kind.end() <= when.start < end:
        end = when.start
    if re.match(r"\s*,", sentence[kind.end():]):
        return []                           # "Tại buổi làm việc, ông A … của Cục X": no title, no body
    clause = re.search(r",\s+(?=[A-ZĐ])|[:;“\"]|\s(?:để|nhằm|về việc|cho biết|cho thấy|diễn ra|được|tại)\s", sentence[kind.end():end])
    region = sentence[kind.end():kind.end() + clause.start() if clause else end]
    own = _OWN_BODY.match(region) if kind.group().lower().endswith(("họp", "hop")) else None
    of = own or _OF_BODY.search(region)
    if not of:
        return []
    name = re.split(r"\s+(?:với|tại|ngày|sáng|chiều|tối|vào|đã|sau|trước|là|chiếm)\s+|\s*\(", of["who"])[0].strip(" ,.")
    return _split_organisers(name) if 2 <= len(name) <= 120 else []


# A province or city after a unit's name: "UBND quận 3, TP. Hồ Chí Minh", "Sở Z, tỉnh Y".
_PLACE = re.compile(r"(?:TP\.?|Tp\.?|tỉnh|Tỉnh|thành phố|Thành phố)\s+[A-ZĐ]")
# A body written in lower case: "đoàn kiểm tra Tỉnh ủy", "ngân hàng phát triển (ADB)".
_BODY_IN_LOWER_CASE = re.compile(r"(?:đoàn|tổ công tác|ngân hàng|ủy ban|ban chỉ đạo)\s+\S")


def _split_organisers(text: str) -> list[str]:
    """'A phối hợp với B' -> [A, B]; [] when a part is no body ("Thủ tướng …", "đã dự")."""
    if not text:
        return []
    names = [n.strip(" ,") for n in _CO_ORGANISERS.split(text) if n.strip(" ,")]
    for name in names:
        folded_name = fold_chars(name)
        if len(name) > 120 or not (name[:1].isupper() or _BODY_IN_LOWER_CASE.match(name)) or _A_PERSON.search(folded_name) \
                or starts_with_position(folded_name):
            return []                   # "Thủ tướng … đã dự và phát biểu" is not an organiser
    return names


def _when(sentence: str, folded: str, published: date) -> _Day | None:
    """The sentence's date: the first with a part of day ("Chiều 17/5"), else with "ngày",
    else with a year, else a relative day ("sáng nay", "hôm qua") read against the publish
    date; a bare "3/4" may be a fraction and is not a date. "Sáng nay (26/6)" is 26/6."""
    found = list(_WHEN.finditer(folded))
    relative = None
    lowered = sentence.lower()
    if len(lowered) == len(sentence):
        relative = _RELATIVE.search(lowered)
    if relative:                                # "Hôm qua 21.6", "chiều nay, 30/5": the written date
        for m in found:
            if 0 <= m.start() - relative.end() <= 3:
                day = event_day(m, published)
                if day:
                    part = fold_chars(relative["part"] or "") or (m["part"] or "")
                    return _Day(day, part, relative.start(), m.end(), bool(m["y"] or m["y2"]))
    for test in (lambda m: m["part"], lambda m: "ngay" in m.group(), lambda m: m["y"] or m["y2"]):
        for m in found:
            if test(m) and not _PERIOD.search(folded[max(0, m.start() - 10):m.start()]):
                day = event_day(m, published)
                if day:
                    return _Day(day, m["part"] or "", m.start(), m.end(), bool(m["y"] or m["y2"]))
    if relative:
        back = 1 if (relative["rel"] or relative["rel2"]) == "qua" else 0
        return _Day(published - timedelta(days=back), fold_chars(relative["part"] or ""),
                    relative.start(), relative.end(), False)
    return None


def kind_at_start(folded: str) -> re.Match | None:
    """The kind word a (folded) event title starts with, if any."""
    return _KIND.match(folded)


def _kind_verb(sentence: str, folded: str, when: _Day, just_done: bool = False) -> tuple[re.Match | None, str]:
    """A kind said as a verb right after the sentence's subject: "[date,] A (và B) đã ký kết …";
    "họp" only as written (not "hợp"); with `just_done`, only "A vừa ký kết" (no day given).
    Returns (the kind, the subject: who held it)."""
    glued = sentence[when.start:when.start + 1].isupper()           # "… công ích Sáng ngày 8/2, Cục …"
    subject_at = when.end if when.start <= 3 or glued else 0
    verb = _KIND_VERB.search(folded, subject_at)
    if not verb:
        return None, ""
    start = verb.start()
    window = max(subject_at, start - 40)                            # the adverbs are short: a bounded look back
    subject_end = _VERB_ADVERBS.search(folded, window, start).start()
    if just_done and not re.search(r"(?<![^\W_])vua\s+$", folded[:start]):
        return None, ""
    if verb["verb"] == "hop" and sentence[start:verb.end()].lower() != "họp":
        return None, ""
    subject = sentence[subject_at:subject_end].rsplit(", ", 1)[-1].strip(" ,")   # "Báo X đưa tin, Ủy ban …"
    folded_subject = fold_chars(subject)
    if (subject[:1].isupper() or _MEMBERS.match(subject)) and len(subject) <= 100 and "," not in subject \
            and (verb["verb"] == "tiep" or not _A_PERSON.search(folded_subject) and not starts_with_position(folded_subject)):
        return _KIND.match(folded, start) or _VERB_KIND.match(folded, start), subject
    return None, ""


_MEMBERS = re.compile(r"(?:các )?(?:đại biểu|thành viên|ủy viên) [A-ZĐ]")      # "các đại biểu HĐND tỉnh họp"
_VERB_KIND = re.compile(r"(?P<k4>hop|lam viec)(?![^\W_])|(?P<k8>tiep)(?= )")     # "họp", "làm việc"; "tiếp" a guest


def _named_kind(folded: str, when: _Day | None) -> re.Match | None:
    """The first kind word that names the sentence's event (see _LEADS_TO_KIND)."""
    for kind in _KIND.finditer(folded):
        if _LEADS_TO_KIND.search(folded[max(0, kind.start() - 30):kind.start()]):
            if _ASSIGNED.search(folded[max(0, kind.start() - 60):kind.start()]):
                continue                # "giao Sở X chủ trì kiểm tra …": a task given, not an event held
            return kind
        opening = folded[:kind.start()].strip(" ,")
        if (not opening or (when and opening.endswith(folded[when.start:when.end].strip(" ,")))) \
                and (_KIND_HAPPENS.search(folded, kind.end()) or not when and not opening):
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
