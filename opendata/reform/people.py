"""Who chaired, attended and spoke: names, roles as written, and roles split into
(position, body) pairs.

Portals write people as "đồng chí Đinh Trung Hiếu - Phó Bí thư Đảng ủy - Chủ tịch UBND
xã"; national news more often as "Thủ tướng Nguyễn Xuân Phúc". Both are read; a list
of attendees is split at ';' and before each "đồng chí"/"ông"/"bà".
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from ..vntext import comparable, fold, fold_chars

# Titles of those who lead and may ask others to act (folded).
LEADERS = frozenset({
    "chu tich", "pho chu tich", "bi thu", "pho bi thu", "thu tuong", "pho thu tuong", "bo truong", "thu truong",
    "giam doc", "truong ban", "truong phong", "chu nhiem", "lanh dao",
})
# Positions and ranks a role starts with (folded), longest first when matched.
POSITIONS = sorted(LEADERS | {
    "tong bi thu", "uy vien", "tong cuc truong", "pho tong cuc truong", "cuc truong", "pho cuc truong",
    "vu truong", "pho vu truong", "giam doc", "pho giam doc", "truong ban", "pho truong ban", "truong phong",
    "pho truong phong", "chanh van phong", "pho chanh van phong", "chanh thanh tra", "pho chanh thanh tra",
    "chanh an", "pho chanh an", "vien truong", "pho vien truong", "chu nhiem", "pho chu nhiem", "truong",
    "pho", "thanh vien", "dai bieu", "dai bieu quoc hoi", "chi huy truong", "pho chi huy truong",
    "cong chuc", "can bo", "chuyen vien", "tong giam doc", "pho tong giam doc", "hieu truong", "bi thu chi bo",
    "truong thon", "truong ban cong tac mat tran", "to truong", "to pho", "thu ky", "chanh", "trung tuong",
    "thieu tuong", "dai ta", "thuong ta", "trung ta", "thieu ta", "dai uy", "thuong uy", "trung uy",
    "lanh dao", "nguyen", "thuong truc", "tong thu ky", "dai su", "luat su", "giang vien", "chuyen gia", "uy vien thuong truc", "ong", "ba",
    "tien si", "ts", "pgs.ts", "gs.ts", "pgs", "gs", "ths",
}, key=len, reverse=True)
_POSITION = re.compile(r"(?:" + "|".join(re.escape(p) for p in POSITIONS if p not in ("ong", "ba"))
                       + r")(?![^\W_])")
_POSITION_AT = re.compile(r"(?<![^\W_])" + _POSITION.pattern)

# The commonest family names, for "Thủ tướng Nguyễn Xuân Phúc" (role before name).
SURNAMES = frozenset(fold(s) for s in (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đoàn Trương Lâm Mai Trịnh "
    "Đào Cao Lương Hà Tạ Tô Quách Thái Vương Kiều Châu Tăng Lưu Chu Triệu Mạc Khổng Y Ksor Rơ Nay "
    "Siu Rmah Kpă Niê Êban Bế Nông Lò Sầm Hứa Tống Giang Phùng Âu Đàm Lục Mông Ngọ Thân Thạch Danh Sơn Kim Uông"
).split())

# Places whose first syllable is also a family name: "UBND TP Hà Nội Nguyễn Đức Chung" names Nguyễn Đức Chung.
PLACES = frozenset(fold(p) for p in (
    "Hà Nội", "Hồ Chí Minh", "Hà Tĩnh", "Hà Giang", "Hà Nam", "Thái Nguyên", "Thái Bình", "Lâm Đồng", "Cao Bằng",
    "Hà Đông", "Lý Sơn", "Hồ Gươm", "Mai Châu", "Đồng Nai", "Đồng Tháp", "Kim Bảng", "Tô Lịch", "Giang Thành",
))
HONORIFICS = r"(?:dong chi|d/c(?:\s+chi)?|ong|ba|ngai)"           # folded "đồng chí", "đ/c", "ông", "bà"
HONORIFIC = r"(?:cac\s+)?" + HONORIFICS + r"\s+"
_HONORIFIC = re.compile(r"(?<![^\W_])" + HONORIFIC)
# A person named by honorific or a leader's title ("đồng chí …", "Chủ tịch UBND xã …"), as a pattern part.
LEADER = r"(?:" + HONORIFICS + "|" + "|".join(re.escape(p) for p in sorted(LEADERS, key=len, reverse=True)) + ")"
_COMRADE = re.compile(r"(?<![^\W_])(?:dong chi|d/c)\s+(?=\S)")
# Words that end a role: what the person did next.
_DID = re.compile(r"(?<!\S)(?:da\s+)?(?:dong chu tri|chu tri|yeu cau|de nghi|nhan manh|phat bieu|khang dinh|cho biet|"
                  r"(?<!ban )chi dao|bieu duong|ghi nhan|danh gia cao|ket luan|trinh bay|neu ro|thong tin|tham du|du)"
                  r"(?![^\W_])")
_PLURAL = re.compile(r"(?:lanh dao|dai dien|dai bieu|thanh vien|can bo) cac(?![^\W_])")   # a group, not a title
# A body's name that a comma cut off the position before it: "Phó Cục trưởng, Cục H59, Tổng cục Hậu cần".
_BODY = re.compile(r"(?:Cục|Tổng cục|Chi cục|Bộ|Sở|Vụ|Viện|Ban|Ủy ban|Uỷ ban|Văn phòng|Phòng|Trung tâm|Hội đồng|"
                   r"Hiệp hội|Tổng Công ty|Tổng công ty|Công ty|Học viện|Tổ giúp việc|Tổ công tác|Tổ|Thành ủy|Tỉnh ủy|Huyện ủy|Đảng ủy|UBND|HĐND)"
                   r"(?:\s+[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈÍÌÓÒÚÙÝỦỨỪ0-9(]|$)")
# Ranks said before a name ("Đại tá Đoàn Ngọc Hùng, Phó Giám đốc CATP"): not the role when a role follows.
RANKS = ("dai tuong", "thuong tuong", "trung tuong", "thieu tuong", "dai ta", "thuong ta", "trung ta", "thieu ta",
         "dai uy", "thuong uy", "trung uy", "thieu uy", "gs.ts", "pgs.ts", "gs", "pgs", "ts", "ths", "tien si")
_ROLE_SEP = re.compile(r"\s+[-–—]\s+|\s*,\s*")
_NAME_SEP = re.compile(r"\s*(?:[-–—,(]|$)")
_GROUP = re.compile(r"(?:cung\s+)?(?:cac\s+|toan the\s+)?(?:dong chi\s+|d/c\s+)?(?:lanh dao|dai dien|thanh vien|"
                    r"dai bieu|doan vien|hoi vien|can bo|cac|truong cac|pho cac|bi thu cac|chu tich cac)(?![^\W_])")
_ATTENDING = re.compile(r"(?<![^\W_])(?:ve |toi |den |cung |tham )?du(?: (?:hoi nghi|cuoc hop|buoi \w+|le|"
                        r"hoi thao|lop tap huan|tap huan|phien hop|doi thoai))?(?: con)? (?:co|gom)(?![^\W_])")
# "Dự và chỉ đạo Lễ ký kết có", "Cùng tham dự còn có", "Tham dự … tại điểm cầu tỉnh có", "với sự tham
# dự của" (on the lower-cased text: "dự" is not "dù", "dư").
_ATTENDING_WIDE = re.compile(r"(?<![^\W_])(?:(?:về |tới |đến |cùng |tham )*dự(?! án| thảo| kiến| báo| toán| trữ| định| thính)"
                             r"(?: [^\W\d_]+){0,6}?,? (?:còn )?(?:có|gồm)(?: có)?|(?:với |có )?sự tham dự của|"
                             r"với sự có mặt của)(?![^\W_])")
_QUANTITY = re.compile(r"(?:gần|hơn|trên|khoảng|\d)", re.IGNORECASE)
_LIST_END = re.compile(r"\s+(?:theo hình thức|bằng hình thức|qua hình thức|và cũng là|và là)\s.*$", re.S)
# "chủ trì" of a person at an event; "Sở X chủ trì, phối hợp với …" gives a task its lead agency.
_CHAIRED = re.compile(r"(?<![^\W_])(?:đồng )?chủ trì(?![^\W_])(?!\s*,?\s*(?:phối hợp|cùng|thực hiện|triển khai|"
                      r"xây dựng|tham mưu|soạn thảo|rà soát|hướng dẫn))")
_CO_CHAIRS_LIST = re.compile(r"\s*;\s*|\s+va\s+(?=" + HONORIFICS + r"\s)")
# What a speaker does (on the lower-cased text, diacritics and all: "nói" is not "Nội", "nội dung").
_SPEECH_VERB = re.compile(r"(?<![^\W_])(?:cho biết|nhấn mạnh|khẳng định|nêu rõ|phát biểu|thông tin|nói|cho rằng|đề nghị|"
                          r"yêu cầu|chia sẻ|bày tỏ|trình bày|kiến nghị|lưu ý|giải thích|báo cáo|thừa nhận|trả lời|"
                          r"giải trình|kết luận|(?<!ban )chỉ đạo|đề xuất|nhận định|phân tích|đánh giá|góp ý|cam kết|thông báo|"
                          r"chỉ rõ|nhận xét|lo ngại|đặt vấn đề|gợi ý|dẫn chứng|tiết lộ|nhắc lại|quán triệt|cho hay|có ý kiến|phản ánh|"
                          r"than thở|dẫn trường hợp|đặt câu hỏi|nêu tại)(?![^\W_])")
# Someone who came to the event: "Đồng chí X, role, đến dự và …".
_CAME = re.compile(r"(?<![^\W_])(?:đến |tới |về )?(?:tham )?dự(?![^\W_])(?! án| thảo| kiến| báo| toán| trữ| định| thính)")
_ADVERBS = frozenset({"", "cung", "da", "thi", "lai", "van", "tiep tuc", "cung da", "da co", "con", "cung cho", "vua"})
_HONORIFIC_WORD = re.compile(r"(?<![^\W_])(?:ông|bà|đồng chí|đ/c|ngài)\s+(?=[A-ZĐ])", re.IGNORECASE)
_SPOKE = re.compile(r"(?<![^\W_])(?:phat bieu|ket luan|chi dao|be mac)(?![^\W_])")
_CO_CHAIRS = re.compile(r"\s+va\s+(?=" + HONORIFICS + r"\s)")
_GROUP_LEAD = re.compile(r"(?:(?:cung\s+)?(?:cac\s+)?(?:dong chi|d/c)\s+)?")
# "…; ông B", "…, đại diện …", "A và Thứ trưởng Bộ Y tế B" (a title after "và" starts the next person).
_LIST_SPLIT = re.compile(r"\s*;\s*|\s*,\s*(?=" + HONORIFIC + r"|dai dien|lanh dao|cac )|\s+va\s+(?=" + HONORIFIC
                         + r"|dai dien|lanh dao|cac |(?:pho )?(?:thu truong|bo truong|thu tuong|chu tich|giam doc|"
                         r"cuc truong|vu truong|tong giam doc|dai su|bi thu|truong ban)(?![^\W_]))")
# "…, chủ tịch UBND 08 xã": the heads of several units, a group of its own (as written, lower case).
_HEADS = r"(?:phó )?(?:chủ tịch|bí thư|trưởng|giám đốc) (?:(?:UBND|HĐND) (?:\d|các)|các)"
_HEADS_OF = re.compile(r"\s*,\s*(?=" + _HEADS + ")")
_HEADS_GROUP = re.compile(_HEADS)


def starts_with_position(folded: str) -> bool:
    """Whether folded text starts with a position or rank ("chu tich ubnd …", "thu tuong …")."""
    return bool(_POSITION.match(folded))


@dataclass
class Person:
    participation: str            # chair, attendee, speaker
    is_group: bool
    name: str
    role: str = ""
    positions: list[str] = field(default_factory=list)
    sentence: str = ""
    confidence: float = 0.8

    @property
    def pairs(self) -> list[tuple[str, str]]:
        return [split_position(p) for p in self.positions]


def split_position(position: str) -> tuple[str, str]:
    """('Phó Bí thư', 'Đảng ủy') from 'Phó Bí thư Đảng ủy'; ('', text) when no known title leads."""
    m = _POSITION.match(fold_chars(position))
    if not m:
        return "", position
    return position[:m.end()].strip(), position[m.end():].strip(" ,")


def _leading_name(text: str) -> tuple[str, int] | None:
    """A name of 2-5 capitalised syllables at the start of `text` that ends at a separator
    (' - ', ',', '(', end): ('Đinh Trung Hiếu', end offset)."""
    words = list(itertools.islice(re.finditer(r"\S+", text), 6))
    n = 0
    while n < len(words) and n < 5 and words[n].group()[:1].isupper() and words[n].group() not in ("Ông", "Bà") and (
            words[n].group().rstrip(",")[1:].islower() or len(words[n].group().rstrip(",")) == 1):   # "Y Blim"
        if words[n].group().endswith(","):
            n += 1
            break
        n += 1
    for count in range(n, 1, -1):
        end = words[count - 1].end()
        name = text[:end].rstrip(",")
        rest = fold_chars(text[len(name):len(name) + 40])
        if _NAME_SEP.match(text, len(name)) or _DID.match(rest, 1) or (count < n and _POSITION.match(rest, 1)):
            return name, len(name)
    return None


_AT_EVENT = re.compile(r"\s+(?:tại|trong)\s+(?:buổi|cuộc|hội nghị|phiên|lễ|hội thảo|kỳ họp)(?![^\W_])")


def _role(text: str) -> str:
    """The role after a name, up to what the person did ('chủ trì hội nghị', 'yêu cầu …')."""
    text = text.lstrip(" -–—,(")
    folded = fold_chars(text)
    end = len(text)
    for did in _DID.finditer(folded):           # a verb is lower case; "Ban Chỉ đạo" is a name
        if text[did.start():did.end()].strip()[:1].islower():
            end = did.start()
            break
    at_event = _AT_EVENT.search(text, 0, end)        # "…, Giám đốc Sở X tại buổi kiểm tra": the role ends
    end = at_event.start() if at_event else end
    role = re.sub(r"(?:^|\s+)(?:đã|sẽ|cũng|vừa|thì|lại|vẫn)$", "", text[:end].strip(" .;,-–—"))   # "X - đã chủ trì"
    return _balanced(role.strip(" .;,-–—"))


def _balanced(text: str) -> str:
    """Trailing ')' only when the text opened one: "Chủ tịch VCCI (Phòng …)" keeps it."""
    text = text.strip(" .;,-–—")
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip(" .;,-–—")
    return text


def positions_of(role: str) -> tuple[list[str], int]:
    """Split a role into its positions; pieces after the first that do not start with a
    position are not the person's (they start a group). Returns (positions, where in
    `role` the rest starts; len(role) when nothing is left)."""
    kept, start, dash = [], 0, False
    for sep in [*_ROLE_SEP.finditer(role), None]:
        end = sep.start() if sep else len(role)
        piece = role[start:end]
        if piece:
            folded = fold_chars(piece)
            if kept and dash and piece[:1].isupper() and not _POSITION.match(folded) and not _PLURAL.match(folded) \
                    and not _GROUP.match(folded):
                kept[-1] = role[role.find(kept[-1]):end]     # "Tổng cục Hậu cần – Kỹ thuật": one body's name
            elif kept and (not _POSITION.match(folded) and not piece.isupper() and not _BODY.match(piece)
                           or _PLURAL.match(folded)):
                return kept, start
            else:
                kept.append(piece)
        dash = bool(sep) and "," not in sep.group()
        start = sep.end() if sep else len(role)
    return kept, len(role)


def parse_person(chunk: str, participation: str, sentence: str) -> list[Person]:
    """One person (and perhaps a group that trails their role) from a list item."""
    chunk = chunk.strip(" .;,")
    folded = fold_chars(chunk)
    hon = _HONORIFIC.match(folded)
    start = hon.end() if hon else 0
    found = _leading_name(chunk[start:])
    if found and (hon or _looks_like_name(found[0])):
        name, end = found
        role = _role(chunk[start + end:])
        confidence = 0.9 if hon else 0.7
    else:
        located = _name_after_title(chunk)
        if not located:
            return []
        name, title, after = located
        role = ", ".join(p for p in (title, _role(after)) if p)
        confidence = 0.7
    positions, rest_at = positions_of(role)
    rest = role[rest_at:].strip(" ,-–—")
    if rest:                                    # "…, chủ tịch HĐND huyện, Lãnh đạo các phòng" -> a group follows
        role = role[:rest_at].rstrip(" ,-–—")
    people = [Person(participation, False, name, role, positions, sentence, confidence)]
    for group in (_HEADS_OF.split(rest) if rest else []):      # "…, chủ tịch UBND 08 xã": a group of its own
        if group.strip(" ,"):
            people.append(Person(participation, True, group.strip(" ,"), sentence=sentence, confidence=0.6))
    return people


def _looks_like_name(name: str) -> bool:
    return fold(name.split()[0]) in SURNAMES


def _name_after_title(chunk: str) -> tuple[str, str, str] | None:
    """'Thủ tướng Nguyễn Xuân Phúc chủ trì' -> ('Nguyễn Xuân Phúc', 'Thủ tướng', ' chủ trì')."""
    place_end = -1
    for m in re.finditer(r"\S+", chunk):
        if m.start() <= place_end:
            continue
        words = [w.rstrip(",.") for w in chunk[m.start():m.start() + 40].split()[:3]]
        place = next((n for n in (3, 2) if len(words) >= n and fold(" ".join(words[:n])) in PLACES), 0)
        if place:                                   # "TP Hà Nội Nguyễn Văn A": skip the place's words
            place_end = m.start() + len(" ".join(chunk[m.start():].split()[:place])) - 1
            continue
        if fold(m.group()) in SURNAMES and m.start() > 0:
            found = _leading_name(chunk[m.start():])
            # "Sáng 6-2, Ủy viên Trung ương Đảng, Chủ tịch UBND TP Hà Nội" -> from the first position on
            parts = chunk[max(0, m.start() - 160):m.start()].strip(" ,-–").split(", ")   # a title is short
            for i, part in enumerate(parts):
                if found and _POSITION.match(fold_chars(part)):
                    title = ", ".join(parts[i:])
                    title = re.sub(r"\s*[-–—]?\s*(?<![^\W_])(?:ông|bà|Ông|Bà|đồng chí|đ/c|ngài)$", "", title)   # "Chủ tịch … - ông X"
                    after = chunk[m.start() + found[1]:]
                    if fold(title).rstrip(".") in RANKS and re.match(r"\s*[,(–—-]", after):   # "Đại tá X, Phó Giám đốc …"
                        title = ""
                    return found[0], title, after
    return None


def chairs(sentence: str) -> list[Person]:
    """Chairs named by a sentence with 'chủ trì': the person just before it ("X, role, đã chủ
    trì"), each of a list ("ông A - …; bà B - … đồng chủ trì"), or those after "Chủ trì … có"."""
    lowered = _lowered(sentence)
    m = next((m for m in _CHAIRED.finditer(lowered)), None)
    if not m:
        return []
    said = [v for v in _SPEECH_VERB.finditer(lowered, 0, m.start()) if sentence[v.start()].islower()]
    start = said[-1].end() if said else 0
    before = sentence[start:m.start()]            # "X cho biết, … đang chủ trì": not X
    if not before.strip(" ,"):                    # "Chủ trì hội nghị có đồng chí …"
        after = re.search(r"(?<![^\W_])(?:co|la)\s+", fold_chars(sentence[m.end():]))
        before = sentence[m.end() + after.end():] if after else ""
        start = m.end() + after.end() if after else len(sentence)
        listed = [c for c in _split_at(before, _LIST_SPLIT) if c.strip(" .;,")]
    else:
        listed = [c for c in _split_at(before, _CO_CHAIRS_LIST) if c.strip(" .;,")]
        if len(listed) == 1:
            person = person_before(sentence, m.start(), "chair", start)
            if person:
                return [person]
        hon = _HONORIFIC.search(fold_chars(before))
        if hon and len(listed) == 1:
            listed = [before[hon.start():]]
        elif not hon:
            listed = [re.sub(r"^(?:[^,]*,\s*)?(?:do\s+)", "", before, flags=re.I)]
    people = []
    for part in listed:                           # "đồng chí A - … và đồng chí B - … đồng chủ trì"
        people += [p for p in parse_person(part, "chair", sentence) if not p.is_group]
    return people


def chair_title(sentence: str) -> str:
    """The bare title of a chair named by it alone ("Thủ tướng chủ trì phiên họp …"): the
    caller looks for the person the article names with that title; '' when there is none."""
    lowered = _lowered(sentence)
    m = _CHAIRED.search(lowered)
    if not m:
        return ""
    before = _TRAILING_ADVERBS.sub("", sentence[:m.start()]).rsplit(", ", 1)[-1].strip()
    folded = fold_chars(before)
    position = _POSITION.match(folded)
    if position and before[:1].isupper() and len(before) <= 40 and not any(
            fold(w) in SURNAMES and w[:1].isupper() for w in before.split()[1:]):
        return before
    return ""


def attendees(sentence: str) -> list[Person]:
    """People and groups listed after 'Dự hội nghị có …'."""
    m = _ATTENDING.search(fold_chars(sentence)) or _ATTENDING_WIDE.search(_lowered(sentence))
    if not m:
        return []
    listed = _LIST_END.sub("", sentence[m.end():].strip())
    listed = re.sub(r"^(?:có|gồm)\s+", "", listed)          # "Cùng tham dự còn có có …"
    presence = "tham dự của" in m.group() or "có mặt của" in m.group()    # whoever follows attended
    people = []
    for chunk in _split_list(listed):
        if people and people[-1].is_group and _QUANTITY.match(people[-1].name) and chunk.startswith("đại diện"):
            people[-1].name += ", " + chunk       # "gần 1.000 CNLĐ, đại diện 15 vạn CNLĐ …": one group
            continue
        parsed = parse_person(chunk, "attendee", sentence)
        if parsed:
            people += parsed
        elif _GROUP.match(fold_chars(chunk)) or _HEADS_GROUP.match(chunk) or (presence and len(chunk) <= 150
                                                                             and not people):
            name = chunk.strip(" .;,")
            name = name[_GROUP_LEAD.match(fold_chars(name)).end():]      # "các đồng chí Thành viên BCĐ"
            for group in _NEXT_BODY.split(name):      # "đại diện bưu điện huyện, phòng tư pháp huyện": two groups
                people.append(Person("attendee", True, group.strip(" ,"), sentence=sentence, confidence=0.8))
    return people


# In a list of groups, a body that follows a comma starts the next group ("…, phòng tư pháp huyện,
# các sở, ban, ngành"): a body word and a word of its name, not a list of kinds ("các phòng, ban chuyên
# môn", "sở, ngành").
_NEXT_BODY = re.compile(r"(?<!phòng)(?<!sở)(?<!ban)(?<!ngành)(?<!cục)\s*,\s*(?!(?:ban|sở|phòng),? (?:ngành|ban)(?![^\W_]))(?=(?:ban|sở|phòng|công an|ủy ban|văn phòng|trung tâm|mặt trận|viện|bưu điện|"
                        r"ngân hàng|kho bạc|chi cục|cục|Ban|Sở|Phòng|Công an|Ủy ban|Văn phòng|Trung tâm|Mặt trận|"
                        r"Viện|Bưu điện|Ngân hàng|Kho bạc|Chi cục|Cục)\s+[^\W\d_]+(?:\s|$))")


def _split_list(listed: str) -> list[str]:
    chunks = [part for chunk in _split_at(listed, _LIST_SPLIT) for part in _HEADS_OF.split(chunk)
              for part in re.split(r"\s+cũng như\s+", part)]
    return [c for c in (c.strip(" .;,") for c in chunks) if c]


def _split_at(text: str, separator: re.Pattern) -> list[str]:
    """`text` cut where `separator` matches its folded form (the parts as written)."""
    chunks, start = [], 0
    for m in separator.finditer(fold_chars(text)):
        chunks.append(text[start:m.start()])
        start = m.end()
    chunks.append(text[start:])
    return chunks


def speakers(sentence: str) -> list[Person]:
    """Who spoke: the person just before a speech verb ("Bộ trưởng Bộ Nội vụ Lê Vĩnh Tân cho
    biết", "ông X, role, nhấn mạnh"), else an "đồng chí" of a sentence on speaking."""
    lowered = _lowered(sentence)
    if _TO_THE_PRESS.search(lowered):
        return []                    # told to reporters, not said at the event
    found: list[Person] = []
    according = _according_to(sentence)
    if according:
        found.append(according)
    for verb in _SPEECH_VERB.finditer(lowered):
        if not sentence[verb.start()].islower() or verb.group() == "nói" and _IN_A_NAME.match(sentence, verb.end()) and \
                re.search(r"[A-ZĐ]\w*\s$", sentence[max(0, verb.start() - 12):verb.start()]):
            continue                 # "Ban Chỉ đạo", "Báo cáo …" as a title; "Đài Tiếng nói Việt Nam"
        person = person_before(sentence, verb.start(), "speaker")
        if person and all(comparable(person.name) != comparable(p.name) for p in found):
            found.append(person)
    if found:
        return found
    folded = fold_chars(sentence)
    if not _SPOKE.search(folded):
        return []
    comrade = _COMRADE.search(folded)            # "ông"/"bà" alone are too often other words
    if comrade:
        return [p for p in parse_person(sentence[comrade.start():], "speaker", sentence) if not p.is_group][:1]
    return []


_IN_A_NAME = re.compile(r"\s+[A-ZĐ]")
_TO_THE_PRESS = re.compile(r"(?<![^\W_])(?:trao đổi(?: thêm)?|trả lời phỏng vấn|nói|chia sẻ) với (?:báo chí|phóng viên|pv|báo)(?![^\W_])")
_ACCORDING = re.compile(r"(?:Cũng theo|Theo)\s+(?=\S)")


def _according_to(sentence: str) -> Person | None:
    """The person a sentence opens on as its source: "Theo ông X, Phó Giám đốc Sở Y, quý tới …",
    "Theo Giám đốc Sở Nội vụ X, …". The attribution is the name and the parts after it that are a
    position or a body; "Theo báo cáo", "Theo đó" name nobody."""
    opening = _ACCORDING.match(sentence)
    if not opening:
        return None
    pieces = re.split(r"\s*,\s*", sentence[opening.end():opening.end() + 240])
    chunk = pieces[0]
    for piece in pieces[1:3]:
        if not (_POSITION.match(fold_chars(piece)) and piece[:1].isupper() or _BODY.match(piece)):
            break
        chunk += ", " + piece
    people = parse_person(chunk, "speaker", sentence) if len(pieces) > 1 else []
    if len(people) != 1 or people[0].is_group or not people[0].role:
        return None                  # a source with no role given is someone interviewed, not a speaker
    return people[0]


def came(sentence: str) -> list[Person]:
    """Who came to the event, named before "đến dự" ("Đồng chí X, role, đến dự và …")."""
    for verb in _CAME.finditer(_lowered(sentence)):
        person = person_before(sentence, verb.start(), "attendee")
        if person:
            return [person]
    return []


# "đối thoại với gần 1.000 công nhân …", "làm việc với các thanh niên …", "giao ban với lãnh đạo các sở"
_WITH_GROUP = re.compile(r"(?<![^\W_])(?:(?:đối thoại|làm việc|gặp mặt|tiếp xúc) với (?=(?:các|lãnh đạo|đại diện|gần|hơn|"
                         r"trên|khoảng|\d)\s)|(?:giao ban|họp) với (?=(?:lãnh đạo|đại diện)\s))")
_GROUP_END = re.compile(r"\s*(?:[,;]|\.(?!\d)|\s(?:để|nhằm|về|trên các lĩnh vực|tại|vào|nhân dịp|ngày|sáng|chiều|tối)\s|$)")
# The receiving host and a guest: "đã tiếp ngài Bruno Angelet Đại sứ EU", "có buổi tiếp ông X".
_RECEIVED = re.compile(r"(?<![^\W_])(?:có buổi |đã )?tiếp (?=(?:ngài|ông|bà|đoàn|cựu|[A-ZĐ]))")


def counterparts(sentence: str) -> list[Person]:
    """Who an event was held with, in its own sentence: a group after "đối thoại / làm việc
    với" or a guest after "tiếp"."""
    lowered = _lowered(sentence)
    out = []
    m = _WITH_GROUP.search(lowered)
    if m:
        end = _GROUP_END.search(sentence, m.end() + 3)
        name = sentence[m.end():end.start() if end else len(sentence)].strip()
        if 3 <= len(name) <= 150:
            out.append(Person("attendee", True, name, sentence=sentence, confidence=0.6))
    guest = _RECEIVED.search(sentence)
    if guest:
        out += [p for p in parse_person(sentence[guest.end():], "attendee", sentence) if not p.is_group][:1]
    hosted = _HOSTED.search(lowered)
    if hosted:                        # "Phó Chủ tịch tỉnh X có buổi làm việc với Sở Y": X chaired
        host = person_before(sentence, hosted.start(), "chair")
        if host:
            out.insert(0, host)
    members = _MEMBERS_SAT.search(sentence)
    if members:
        out.append(Person("attendee", True, members["members"], sentence=sentence, confidence=0.6))
    return out


# The host of a working session or a meeting "with" others, in the event's own sentence (at a dialogue
# the official answers those who came: a speaker, as the gold has it).
_HOSTED = re.compile(r"(?<![^\W_])(?:đã\s+)?(?:có\s+(?:buổi|cuộc)\s+)?(?:làm việc|gặp mặt) với(?![^\W_])")
# "Chiều 8/6, các đại biểu HĐND tỉnh làm việc tại tổ": the members sat.
_MEMBERS_SAT = re.compile(r"(?:^|,\s+)(?P<members>(?:các )?(?:đại biểu|thành viên|ủy viên) [A-ZĐ][^,;:]{1,60}?)\s+"
                          r"(?:đã\s+)?(?:làm việc|họp|thảo luận|biểu quyết)(?![^\W_])")
# "A và B ký thỏa thuận hợp tác": who signed at a ceremony attended it.
_SIGNED = re.compile(r"(?<![^\W_])(?:đã\s+)?(?:ký|ký kết)\s+(?:thỏa thuận|thoả thuận|biên bản|quy chế|hợp đồng|"
                     r"chương trình|kế hoạch|bản ghi nhớ)(?![^\W_])")


def signers(sentence: str) -> list[Person]:
    """The people named just before "ký thỏa thuận …" ("Cục trưởng Cục X Lê An và Tổng Giám đốc
    Tổng công ty Y Trần Bình ký thỏa thuận hợp tác"): attendees of the signing. All that comes
    before the verb (from the last ';', ':' or quote) must be that list of people, each with a
    short role; anything else ("… nói nhiều hộ chưa ký hợp đồng") names no signer."""
    signed = _SIGNED.search(_lowered(sentence))
    if not signed:
        return []
    segment = sentence[:signed.start()]
    segment = _TRAILING_ADVERBS.sub("", segment[max(segment.rfind(c) for c in ";:“\"") + 1:])
    people = []
    for chunk in _split_list(segment):
        parsed = parse_person(chunk, "attendee", sentence)
        if len(parsed) != 1 or parsed[0].is_group or len(parsed[0].role) > 80 \
                or not chunk.rstrip(" ,.").endswith((parsed[0].name, parsed[0].role)):
            return []
        people.append(parsed[0])
    return people


def _lowered(sentence: str) -> str:
    """The sentence in lower case, position for position ('' if that cannot be)."""
    lowered = sentence.lower()
    return lowered if len(lowered) == len(sentence) else ""


_TRAILING_ADVERBS = re.compile(r"(?:\s+(?:đã|cũng|vừa|thì|lại|vẫn|tiếp tục|sẽ|đều|còn))+\s*$")


def person_before(sentence: str, end: int, participation: str, start: int = 0) -> Person | None:
    """The person named just before `end` (a verb), with their role written before or after
    the name: the candidate whose name ends nearest the verb, with only a role or an adverb
    ("cũng", "đã") between. None when no name is there."""
    segment = sentence[:end]
    lo = max(start, end - 240)               # a subject is near its verb: only this window is read,
    cut = max(segment.rfind(q, lo) for q in ('"', "“", "”", ":", ";")) + 1     # so each verb costs the same
    lo = max(cut, lo)
    window_at = max(0, lo - 1)               # one character more, for the look-behind at the window's edge
    folded = fold_chars(segment[window_at:])
    starts = {m.start() for m in _HONORIFIC_WORD.finditer(segment, lo)}
    starts |= {window_at + m.start() for m in _POSITION_AT.finditer(folded, lo - window_at)
               if segment[window_at + m.start()].isupper()}
    best: tuple[int, int, Person] | None = None
    for at in sorted(starts):
        chunk = _TRAILING_ADVERBS.sub("", segment[at:])         # "… Mai Tiến Dũng đã" ends at the name
        people = parse_person(chunk, participation, sentence)
        if not people or people[0].is_group:
            continue
        person = people[0]
        name_at = segment.find(person.name, at)
        if name_at < 0:
            continue
        gap = segment[name_at + len(person.name):]
        if not (fold(gap.strip(" ,")) in _ADVERBS or re.match(r"\s*(?:,|[-–—]|\()", gap)):
            continue
        if len(people) > 1:                       # a group trailed the role: not one person's subject
            continue
        if person.role and not (person.role[:1].isupper() or _POSITION.match(fold_chars(person.role))
                                or fold_chars(person.role).startswith("dai dien ")):
            continue                              # "Thủ tướng X, ông đã đề xuất": "ông" is not a role
        key = (name_at + len(person.name), -at)
        if best is None or key > best[:2]:
            best = (key[0], key[1], person)
    return best[2] if best else None


