"""What a review found and promised: results, limitations ("tồn tại, hạn chế: a; b; c")
and tasks ahead ("Thời gian tới, cần …", "… yêu cầu các ban, ngành …").

A finding is a clause of the article, quoted: only the words that introduce it
("Qua đó,", "Thời gian tới, cần", "yêu cầu", "Theo ông X,", "Đến nay,") are left out and its
first letter is capitalised, so each can be checked against its source sentence.

Two layers: sentences that open a list ("hạn chế: …", "Thời gian tới, …", a leader's
"yêu cầu …") give its ';' items; every other sentence is cut into clauses (at ';' and at
", nhưng / song / cần …") and each clause is judged by its own words, matched with their
diacritics: a plan ("cần", "phải", "sẽ" + an act, "Một là, …", "- …") is a task, a shortfall
("còn chậm", "vẫn", "chưa") a limitation, an achievement ("đã …", "đạt 85,6 điểm",
"180.079 hồ sơ (tăng 107 %)") a result. A purpose ("Nhằm …") or the meeting itself is not
a finding; a condition ("nếu/khi …") stays in the clause. A judged clause is still dropped
when it is not a plain statement of the work reviewed (`doubtful`): a heading, an unparted run,
a speech or an interview in the first person, a label, an explanation, a task already under
way or one nobody asks for.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..vntext import UPPER_CLASS, comparable, fold_chars, upper_first
from .areas import areas_of
from .asides import aside
from .people import LEADER

# "tồn tại, hạn chế: a; b", or "những hạn chế như a; b" (a plural before the noun: "giải quyết
# vướng mắc … như trước đây" lists nothing).
_LIMITATION_LIST = re.compile(r"(?<![^\W_])(?:(?:ton tai|han che|kho khan|yeu kem|bat cap|vuong mac|khuyet diem)"
                              r"[^:;.]{0,40}?:|(?:nhung|cac|mot so) (?:ton tai|han che|kho khan|yeu kem|bat cap|vuong mac|"
                              r"khuyet diem)[^:;.]{0,40}?\s+nhu(?=[\s:])\s*:?)\s*")
_TASK_OPENS = re.compile(r"^(?:(?:trong )?(?:thoi gian toi|nhung thang cuoi nam|6 thang cuoi nam)|phuong huong[^,:]{0,80}?|"
                         r"nhiem vu (?:trong tam|thoi gian toi)[^,:]{0,80}?|(?:trong )?nam (?:\d{4}|nay|toi)(?=,\s*(?:[^,;:.]{0,40}?\s)?(?<!da )(?:can|se|tiep tuc|phan dau)\s))"
                         r"\s*[,:]\s*")
_TASK_LIST = re.compile(r"(?<![^\W_])(?:nhiem vu|giai phap)(?: [^\W\d_]+){0,4} (?:nhu|sau|gom)\s*:\s*")
# "yêu cầu" / "đề nghị" as a verb with someone after it; not the noun ("đúng yêu cầu",
# "yêu cầu, nhiệm vụ", "Về đề nghị …", "yêu cầu đề ra"). Matched on lower-case text with its
# diacritics: folded, "đúng yêu cầu" and "Dung yêu cầu", "đã yêu cầu" and "đa yêu cầu" look alike.
_ASK = re.compile(r"(?<![^\W_])(?<!đúng )(?<!được )(?<!về )(?<!các )(?<!những )(?<!theo )(?<!với )"
                  r"(?<!ứng )(?<!trả )(?<!so )(?<!đa )(?:yêu cầu|đề nghị)(?![^\W_])"
                  r"(?!\s*[.;]|\s*,\s*(?:nhiệm vụ|mục tiêu|chỉ tiêu|giải pháp|kế hoạch|đề nghị|yêu cầu|kiến nghị|"
                  r"phản ánh|đề xuất|tiêu chí)(?![^\W_]))(?! đề ra| đặt ra| của)[\s,:]*")
# "Cần Giờ", "Cần Thơ" …: places, not a need (real text does not always capitalise the place's "cần").
_NOT_A_PLACE = r"(?!\s+(?-i:Giờ|Thơ|Đước|Giuộc)(?![^\W_]))"
# An ask that opens its sentence, its asker named in the sentence before ("Đồng thời yêu cầu, các sở …",
# "Đối với Sở X, đề nghị …", "Trong đó, giao Sở Y …").
_ASK_LEAD = re.compile(r"[“\"]?(?:(?:đồng thời|trong đó|cùng với đó|bên cạnh đó|ngoài ra|mặt khác|đặc biệt|cuối cùng|"
                       r"thời gian tới|trong thời gian tới)\s*,?\s*|đối với [^,;:]{1,80},\s*|cũng\s+)*", re.IGNORECASE)
# A proposal or recommendation put to a body by someone named ("Ông X, đại diện AmCham, kiến nghị cho phép …",
# "WB khuyến nghị Chính phủ …", "Trường đề xuất UBND tỉnh hỗ trợ …"): a task of the body asked.
_PROPOSE = re.compile(r"(?<![^\W_])(?<!các )(?<!những )(?<!về )(?<!theo )(?<!đã )(?<!được )(?<!với )(?<!có )"
                      r"(?:kiến nghị|khuyến nghị|đề xuất)(?![^\W_])(?! của| này| đó| về| với| trên| được| là| đã)"
                      r"\s*,?\s*(?=[^\W\d_])")

_NEED = re.compile(r"(?:^|,\s*)(?:cần" + _NOT_A_PLACE + r"(?: phải)?|phải|sẽ)\s+(?=[^\W\d_])", re.IGNORECASE)
# Who asks is a person with a title ("đồng chí X", "Chủ tịch UBND xã", "Thủ tướng"), not an
# association's petition or a document's wording.
_ASKER = re.compile(r"(?<![^\W_])(?:" + LEADER + r"|ubnd|uy ban nhan dan|ban chi dao|hoi nghi|(?<!chung )toi(?: cung)?\s*$)(?![^\W_])")
# (read on the words before the ask: the speaker himself asks, "Tôi cũng đề nghị …"; not "chúng tôi", a body's
# petition, nor "tôi đã đề nghị", what someone did before and tells the press)
_NEED_ANYWHERE = re.compile(r"(?<![^\W_])cần" + _NOT_A_PLACE + r"(?: phải)?\s+(?=[^\W\d_])", re.IGNORECASE)
_RESOLVED = re.compile(r",\s*quyet tam\s+")
_RESULT_OPENS = re.compile(r"^(?:qua do|nho do|ket qua)\s*,\s*")
_RESULT = re.compile(r"(?<![^\W_])(?:chuyen bien (?:tich cuc|ro net|ro ret|vuot bac|manh me)|"
                     r"dat (?:duoc )?nhieu ket qua|ket qua (?:quan trong|tich cuc|noi bat|dang ghi nhan|kha quan))")
_BUT = re.compile(r"^(?:tuy nhien|song|ben canh do|mac du vay|ben canh nhung ket qua[^,]*)\s*,\s*")
_STILL = re.compile(r"(?<![^\W_])(?:chua|van con|con (?:han che|cham|thap|kho khan|nhieu|it|bat cap))(?![^\W_])")
_LEADING = re.compile(r"^(?:(?:qua do|nho do|tu do|dong thoi|ben canh do|ngoai ra|tuy nhien|song|mat khac|"
                      r"trong thoi gian toi|thoi gian toi|tren co so do)\s*,\s*)+")
# Verbs a task starts with ("Phát huy vai trò …", "Tăng cường …").
_DO = re.compile(r"^(?:phat huy|tang cuong|day manh|tap trung|tiep tuc|nang cao|thuc hien|trien khai|ra soat|"
                 r"chi dao|quan triet|kien toan|xay dung|hoan thanh|giu vung|doi moi|cung co|phan dau|duy tri|"
                 r"don doc|khac phuc|to chuc|chu dong|lam tot|quan tam|uu tien|dam bao|bao dam|thuc hien tot|"
                 r"ban hanh|cong khai|rut ngan|giam|ung dung|huong dan|chuan bi|theo doi|thuc day|khan truong)(?![^\W_])")
_TRAILING = " .;,…/"


@dataclass
class Finding:
    kind: str                    # result, limitation, task
    text: str
    sentence: str
    confidence: float
    areas: list[str] = field(default_factory=list)


# Who said a quotation, after it: "…”, ông Nam nhấn mạnh", "…”, Chủ tịch xã nói".
_SAID_AFTER = re.compile(r"[”\"]?\s*(?:,|[”\"]\s*[–-])\s*(?:ông|bà|anh|chị|[A-ZĐ]\w*)(?:\s[^,;“”\"]{0,60}?)?\s"
                         r"(?:nói|cho biết|nhấn mạnh|khẳng định|chia sẻ|nhìn nhận|cho hay|nêu rõ|bày tỏ|phân tích|"
                         r"đề nghị|đề xuất|lưu ý|bình luận|gợi ý|yêu cầu|phản ánh)\s*[.…]?$")


# … and after a closing quotation mark, who said it in lower case: "…”, đại biểu nói", "…” - chủ tịch TP nói"
# (the words of saying are _SAID_AFTER's).
_SAID_AFTER_TITLE = re.compile(r"[”\"]\s*[,–-]\s*(?:đại biểu|đại diện|lãnh đạo|chủ tịch|đồng chí|bộ trưởng|giám đốc|"
                               r"báo cáo)" + _SAID_AFTER.pattern[_SAID_AFTER.pattern.index(r"(?:\s[^,;“”"):], re.IGNORECASE)


def _clause(text: str) -> str:
    """A quoted clause: introducing connectives and who said it dropped, end punctuation trimmed."""
    text = text.strip().rstrip(_TRAILING).strip()
    if m := _SAID_AFTER.search(text) or _SAID_AFTER_TITLE.search(text):
        text = text[:m.start()].rstrip(_TRAILING)
    m = _LEADING.match(fold_chars(text))
    if m:
        text = text[m.end():]
    m = _ENUMERATOR.match(text)
    if m:
        text = text[m.end():]
    return _unheaded(upper_first(_unquoted(text.strip())))


def _unquoted(text: str) -> str:
    """The clause without a quotation mark it opens or closes alone ("“Thời gian qua, …", "… vốn”"):
    a quote the clause holds whole ("thực hiện “Năm kỷ cương hành chính”") stays."""
    if text[:1] in "“\"" and _opens_alone(text):
        text = text[1:].lstrip()
    if text[-1:] in "”\"" and _closes_alone(text):
        text = text[:-1].rstrip(_TRAILING)
    if text[:1] == "“" and text[-1:] == "”" and text.count("“") == text.count("”") == 1:
        text = text[1:-1].strip().rstrip(_TRAILING)
    return text


def _quoted_whole(text: str) -> bool:
    """The text is one quotation: its first closing mark ends it, but for end punctuation."""
    close = "”" if text[:1] == "“" else '"'
    at = text.find(close, 1)
    return at > 0 and not text[at + 1:].strip(_TRAILING + "”\"")


def _opens_alone(text: str) -> bool:
    """More quotations open than close ('"' counts as opening when its count is odd)."""
    return text.count("“") > text.count("”") or (text.count('"') % 2 == 1 and "“" not in text)


def _closes_alone(text: str) -> bool:
    return text.count("”") > text.count("“") or (text.count('"') % 2 == 1 and "”" not in text)


def _items(text: str) -> list[str]:
    """List items separated by ';'."""
    return [c for c in (_clause(p) for p in text.split(";")) if len(c) > 3]


# --- clauses the rules above do not open: each judged by its own words -----------------
# (lower-case text with its diacritics: folded, "đạt" is "đất", "giảm" "giám", "còn" "con",
# "cần" "cán")

_W = r"(?![^\W_])"
# Enumerated items: "Một là, …", "Thứ hai, …", "Thứ hai là …", "- …", "+ …", "5 - …", "IV- …".
_ENUMERATOR = re.compile(r"^(?:(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười) là|thứ (?:nhất|hai|ba|tư|năm|sáu|bảy|"
                         r"tám|chín|mười))\s*[,:]\s*|^thứ (?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười) là\s+|^[-+•*–]\s*|^(?:\d{1,2}|[IVX]{1,4})\s?[-–.)]\s+(?=[^\W\d_])",
                         re.IGNORECASE)
# Words before the clause that say who reports or when, not what: "Theo Bộ trưởng X, …",
# "Đến nay, …", "Ông X cho biết, …", "Tuy nhiên, …".
_CONNECTIVE = re.compile(
    r"^(?:qua đó|nhờ đó|từ đó|theo đó|đồng thời|bên cạnh đó|ngoài ra|tuy nhiên|tuy vậy|dù vậy|mặc dù vậy|song|"
    r"mặt khác|ngược lại|song song với [^,;:]{1,80}|cụ thể|trong đó|đặc biệt|nổi bật|như vậy|vì vậy|do đó|cùng với đó|trên cơ sở đó|kết quả|nhìn chung|"
    r"về cơ bản|bên cạnh những kết quả[^,;:]{0,40}|bên cạnh đó|"
    r"từ đầu năm(?: đến nay)?|đến nay|hiện nay|hiện tại|thời gian qua|trong thời gian qua|vừa qua|"
    r"tính đến[^,;:]{1,40}|đến (?:đầu|cuối|hết|giữa|ngày|tháng|quý|năm)[^,;:]{0,30}|"
    r"(?:trong |sau |qua )?(?:năm|quý|tháng|\d+ tháng|\d+ năm)(?: đầu| cuối| qua)?[^,;:]{0,30}?|"
    r"(?:sáng|chiều|tối|trưa)(?: nay| qua| hôm qua| ngày [^,;:]{1,20}| \d[^,;:]{0,15})|hôm nay|hôm qua|"
    r"ngày \d{1,2}[/.-]\d{1,2}[^,;:]{0,10}"
    r")\s*[,:]\s*", re.IGNORECASE)
_SOURCE = re.compile(r"^theo [^,;:]{1,120}?,\s*", re.IGNORECASE)
_LEAD_WORD = re.compile(r"^(?:nhưng|song(?! song)|đồng thời|và|thì|mặt khác|ngoài ra|bên cạnh đó)\s+(?=[^\W\d_])", re.IGNORECASE)
# "thông tin" is a verb of saying after who says it ("Ông X thông tin, …"), a noun after an act or a
# determiner ("đẩy mạnh thông tin, tuyên truyền …", "cung cấp thông tin, …"): that one attributes nothing.
# ("Tiếp nhận thông tin, …" and "Qua trao đổi thông tin, …" open a sentence as a frame: cut off as before.)
_INFORMS = (r"(?<!đẩy mạnh )(?<!tăng cường )(?<!cung cấp )(?<!công khai )(?<!chia sẻ )"
            r"(?<!tuyên truyền )(?<!về )(?<!các )(?<!những )(?<!và )thông tin")
_SAID = re.compile(r"^(?P<who>[^;:]{0,160}?)(?<![^\W_])(?:(?:cho biết|cho rằng|cho hay|cho thấy)(?: rằng| thêm)?" + _W + r"\s*[,:]?|"
                   r"(?:khẳng định|nhận định|" + _INFORMS + r"|nêu rõ|chỉ rõ|nhấn mạnh|đánh giá|băn khoăn|bày tỏ|phản ánh|lưu ý)"
                   r"(?: rằng| thêm| cao)?\s*[,:])\s*", re.IGNORECASE)
# A leader's words that make what follows tasks; "chỉ đạo" and "giao" only as verbs with someone
# after them ("chỉ đạo các sở", "giao Sở Nội vụ"), not "công tác chỉ đạo của …", "Bộ Giao thông".
_EMPHASIS = re.compile(r"^[^;:]{0,160}?(?<![^\W_])(?<!đã )(?:(?:nêu rõ|chỉ rõ|nhấn mạnh|kết luận|lưu ý|đặt ra yêu cầu)"
                       r"(?!\s+(?:của|về|đến|tới)" + _W + r")|(?:chỉ đạo|giao)(?=\s*[,:]|\s+(?:các|cho|bộ|sở|ubnd|ủy ban|uỷ ban|"
                       r"văn phòng|ngành|địa phương|đơn vị|ban|phòng|cục|tổng cục|chủ tịch|lãnh đạo)" + _W + r"))"
                       + _W + r"\s*[,:]?\s*", re.IGNORECASE)
_PURPOSE = re.compile(r"^(?:nhằm|để|với mục (?:đích|tiêu)|mục đích)" + _W, re.IGNORECASE)
# What a result is not: any talk of a meeting (a task may still be "tổ chức hội nghị quán triệt").
_EVENT_TALK = re.compile(r"(?<![^\W_])(?:phát biểu|chủ trì|tham dự|dự hội nghị|khai mạc|bế mạc|trao tặng|tặng giấy|"
                         r"trao giấy|trao quyết định|giấy khen|bằng khen|đã nghe|thảo luận|hội nghị|hội thảo|"
                         r"buổi làm việc|cuộc họp|tập huấn|ảnh:|quang cảnh|toàn cảnh)" + _W, re.IGNORECASE)
# Another meeting, named only to date what was done ("một năm sau Hội nghị lần thứ nhất, 75% …", "chính sách
# thay đổi từ hội nghị năm ngoái đã được triển khai", "so với hội nghị lần trước …"), and "chủ trì" of the
# work, not of a meeting ("Bộ X đã chủ trì, phối hợp …", "cơ quan chủ trì soạn thảo"). ("Tại hội nghị, …"
# opens the meeting's own course: "… đã giải đáp các kiến nghị", "… đề nghị thành phố …": it still counts.)
_EVENT_PLACED = re.compile(r"(?<![^\W_])(?:sau|từ|trước|so với|kể từ)\s+(?:các |những |buổi |cuộc |lần )?$", re.IGNORECASE)
_NOT_CHAIRING = re.compile(r"chủ trì(?=,? (?:và )?(?:phối hợp|cùng)(?![^\W_]))|(?<=cơ quan )chủ trì", re.IGNORECASE)
_MEETING_NOUN = re.compile(r"hội nghị|hội thảo|buổi làm việc|cuộc họp", re.IGNORECASE)


def _talks_of_event(clause: str) -> bool:
    """The clause talks of the event (see _EVENT_TALK), not only dates its result by another meeting."""
    for m in _EVENT_TALK.finditer(clause):
        if _MEETING_NOUN.fullmatch(m.group()) and _EVENT_PLACED.search(clause, max(0, m.start() - 20), m.start()):
            continue
        if _NOT_CHAIRING.match(clause, m.start()):
            continue
        return True
    return False


# The event itself, its people, its awards, its pictures: never a finding.
_MEETING_TALK = re.compile(r"(?<![^\W_])(?:đã nghe|phát biểu|chủ trì(?!,? (?:và )?(?:phối hợp|cùng)(?![^\W_]))|tham dự|dự hội nghị|khai mạc|bế mạc|trao tặng|"
                           r"giấy khen|bằng khen|ảnh:|quang cảnh|toàn cảnh|đặt câu hỏi|nói rõ thêm|trình bày|biểu dương|chúc mừng|"
                           r"hoan nghênh|đã có (?:buổi|cuộc)|lễ ký|đã tiếp(?! (?:nhận|tục|thu|cận)))" + _W
                           + r"|^(?:tại|trong) (?:hội nghị|cuộc họp|buổi (?:làm việc|họp|lễ))[^,]*$", re.IGNORECASE)
# What is to be done: "cần", "phải", "sẽ" + an act (not a forecast: "sẽ góp phần", "sẽ mang lại"),
# "phấn đấu", "dự kiến sẽ/đến …", an order ("Không để …", "Nghiêm cấm …", "Giao Sở X …").
_PLAN = re.compile(r"(?<![^\W_])(?<!không )(?<!chỉ )(?<!đã )(?<!nỗ lực )(?:cần(?! thiết)" + _NOT_A_PLACE + r"|phải|phấn đấu|đặt mục tiêu|mục tiêu là|quyết tâm|"
                   r"sẽ(?= (?:tiếp tục|tập trung|tăng cường|triển khai|ban hành|xây dựng|hoàn thành|hoàn thiện|tổ chức|thực hiện|"
                   r"chỉ đạo|làm việc|hỗ trợ|nghiên cứu|giảm|trình|đưa|kiểm tra|xử lý|chấn chỉnh|họp|dành|kêu gọi|ghi nhận|"
                   r"rà soát|sửa đổi|bổ sung|cắt giảm|bãi bỏ|mở rộng|nhân rộng|đầu tư|thành lập|chấm dứt|ưu tiên|chú trọng|"
                   r"phối hợp|đẩy mạnh|nâng cao|cải thiện|tạo điều kiện|có ý kiến|"
                   r"có (?:chính sách|chương trình|kế hoạch|nghiên cứu|cơ chế|khoản)|được (?:hoàn thành|công bố|thí điểm|ban hành|"
                   r"triển khai|đưa vào))" + _W + r")|dự kiến(?= (?:sẽ|đến|trong|hoàn thành|đưa|trình|tổ chức|đạt))|"
                   r"^không (?:để|được)|^nghiêm cấm|^tuyệt đối|^giao(?! (?:thông|lưu|dịch|nhận|thương|tiếp|ban|hữu|khoán|hàng|ước|diện|thoa)(?![^\W_]))(?= [^\W\d_]+ [^\W\d_]))"
                   + _W, re.IGNORECASE)
_SHORTFALL = re.compile(
    r"(?<![^\W_])(?:chưa|vẫn còn|còn (?:hạn chế|chậm|thấp|nhiều|ít|khó khăn|bất cập|lúng túng|mang tính|tồn tại|"
    r"xảy ra|rườm rà|yếu|thiếu|hình thức|phức tạp|tình trạng|chung chung|nặng|cao(?! hơn))|còn (?:rất|khá|quá) (?:nhiều|ít|thấp|chậm|"
    r"cao(?! hơn)|yếu|nặng|khó)|yếu nhất|kém nhất|không hợp lý|gần như không|hạn chế|yếu kém|bất cập|"
    r"thấp hơn|giảm \d+ bậc|tụt \d+|chậm|trễ hạn|quá hạn|khó khăn|vướng mắc|lúng túng|thiếu|"
    r"vẫn(?! (?:đảm bảo|bảo đảm|duy trì|giữ vững|ổn định|tăng|được|là))|xu hướng (?:giảm|gia tăng)|phức tạp|"
    r"(?:không|kém) hiệu quả|rườm rà|phiền hà|nhũng nhiễu|gây khó|không phù hợp|không đúng|không bắt kịp|"
    r"quá cao|mất cân đối|vô cảm|(?:rất|còn|quá) kém|rào cản|mới (?:chỉ|có)|chỉ (?:đạt|là|mới)|"
    r"không (?:cải thiện|theo kịp|kịp thời|minh bạch)|kém hơn|bị kéo dài|kéo dài(?! (?:đến|tới|từ|trong|suốt)(?![^\W_])| \d)|bức xúc(?= (?:về|của|trước))|phản cảm|tai tiếng)" + _W,
    re.IGNORECASE)
# … but not one said not to be done ("còn chưa được giải quyết dứt điểm", "chưa khắc phục"): that is the shortfall.
_REMEDY = re.compile(r"(?<![^\W_])(?<!chưa )(?<!chưa được )(?<!không )(?<!không được )(?:khắc phục|tháo gỡ|giải tỏa|giải toả|vượt qua|hạn chế (?:thấp nhất|tối đa|tình trạng)|"
                     r"giải quyết (?:dứt điểm|triệt để|vướng mắc|khó khăn)|giảm thiểu)" + _W,
                     re.IGNORECASE)
# Work said done in the passive ("được đẩy mạnh", "được duy trì"): in results (`_ACHIEVED`) and in the
# comma split between two such clauses (`_PASSIVE_DONE`).
_WORK_DONE = (r"tăng cường|đẩy mạnh|triển khai|duy trì|giữ vững|đảm bảo|bảo đảm|cải thiện|nâng (?:lên|cao)|quan tâm|"
              r"thực hiện|kiện toàn|củng cố|ổn định|chú trọng")
_ACHIEVED = re.compile(
    r"(?<![^\W_])(?:đã (?!chủ trì|tham dự|dự|phát biểu|nghe|thảo luận|chỉ đạo|tổ chức|trao|tặng|báo cáo|nêu|chỉ ra|"
    r"đánh giá|đề nghị|yêu cầu|giải trình|trả lời|tiếp thu|quán triệt|đạt được\.?$)|đạt(?! được\.?$)|hoàn thành|"
    r"được (?:" + _WORK_DONE + r"|ban hành|công bố|nâng cấp|giải quyết|tiếp nhận|xử lý|cắt giảm|"
    r"rút ngắn|công khai|đổi mới|tổ chức thành công|đánh giá cao)|được(?: [^\W\d_]+){1,3} đánh giá cao|"
    r"kết quả(?: [^\W\d_]+)? (?:tốt|cao) nhất|(?:cơ bản|đều|luôn) đáp ứng(?: được| tốt)? (?:yêu cầu|nhu cầu)|tiếp tục được|(?:tăng|giảm) (?:nhanh|mạnh|khá)|"
    r"tăng trưởng mạnh|(?:tiết kiệm|xử lý|giải quyết|thu hút|cắt giảm|giảm|tăng|số hóa) được|"
    r"\d[\d.,]*\s+(?:tỷ|tỉ|triệu|nghìn)\s+đồng|\d[\d.,]*\s+(?:hồ sơ|thủ tục|doanh nghiệp|dự án|dịch vụ công)|tăng (?:thêm )?\d|giảm (?:được )?\d|(?:tăng|giảm) từ|xếp (?:thứ|hạng)|"
    r"đứng (?:thứ|đầu (?:cả nước|toàn quốc|toàn tỉnh|khu vực))|chuyển biến (?:tích cực|rõ|vượt|mạnh)|có (?:sự |nhiều )?chuyển biến|dẫn đầu (?:về|cả nước|toàn quốc|toàn tỉnh|khu vực)|kết quả (?:quan trọng|tích cực|nổi bật|khả quan|"
    r"đáng ghi nhận)|\d+(?:[.,]\d+)?\s?%|\d+(?:[.,]\d+)? điểm)" + r"", re.IGNORECASE)
# Work reported done without "đã": an act with what it counted ("ban hành 50 nghị định", "tổ chức 18
# phiên chợ", "cắt giảm nhiều thủ tục"), work done "actively" ("các bộ tích cực rà soát …"), or a
# passive with its doer ("công tác hậu kiểm cũng được các bộ, ngành tăng cường thực hiện").
_DONE = re.compile(
    r"(?<![^\W_])(?:(?:ban hành|tổ chức|cắt giảm|bãi bỏ|đơn giản hóa|đơn giản hoá|tiếp nhận|giải quyết|(?<!phân )cấp|xử lý|"
    r"kiểm tra|thanh tra|rà soát|công bố|số hóa|số hoá|đào tạo|tập huấn|bồi dưỡng|thu|hỗ trợ|triển khai|"
    r"cung cấp|kết nối|tích hợp|thành lập|sáp nhập|tinh giản)\s+(?:được\s+|thêm\s+|trên\s+|gần\s+|hơn\s+|cho\s+)?"
    r"(?:\d[\d.,]*\s+[^\W\d_]|nhiều\s+(?!lần)[^\W\d_])|(?<!chuyển biến )(?<!cần )(?<!phải )tích cực\s+(?=(?:triển khai|"
    r"rà soát|tuyên truyền|thực hiện|phối hợp|hỗ trợ|hướng dẫn|tham gia|vào cuộc|đổi mới|cải cách|cắt giảm|ứng dụng)"
    r"(?![^\W_]))|được(?: [^\W\d_]+){1,4}, (?:[^\W\d_]+ ){0,3}(?:tăng cường|đẩy mạnh|quan tâm|chú trọng|triển khai)"
    r"(?![^\W_]))", re.IGNORECASE)
# A result ends where its purpose or consequence starts ("…, góp phần …", "… nhằm …").
_RESULT_TAIL = re.compile(r",\s*(?:góp phần|tạo (?:điều kiện|thuận lợi|sự)|hướng (?:tới|đến)|làm cơ sở|"
                          r"trong số đó|trong đó có|cho thấy|thể hiện|chứng tỏ)" + _W + r"|\s+nhằm" + _W, re.IGNORECASE)
# A shortfall ends where its cause or consequence starts ("…, chủ yếu là …", "…, điều này cho thấy …").
_LIMITATION_TAIL = re.compile(r",\s*(?:chủ yếu|mà|vì|do đó|vì vậy|điều này|từ đó|nên|dẫn đến)" + _W + r"|\s+-\s+",
                              re.IGNORECASE)
# A task ends where its aim or its reason starts ("…, hướng đến …", "… bởi …", "…, chứ không …").
_TASK_TAIL = re.compile(r",\s*(?:góp phần|hướng (?:tới|đến)|chứ không|vì|bởi)" + _W
                        + r"|\s+bởi (?:vì|lẽ|gốc rễ|đây|đó)" + _W, re.IGNORECASE)
_DO_SOON = re.compile(
    r"^(?:[^,;:]{0,60}?\s)?(?:phát huy|tăng cường|đẩy mạnh|đẩy nhanh|tập trung|tiếp tục|nâng cao|thực hiện|"
    r"triển khai|rà soát|quán triệt|kiện toàn|xây dựng|hoàn thành|giữ vững|đổi mới|củng cố|duy trì|đôn đốc|"
    r"khắc phục|chủ động|làm tốt|quan tâm|ưu tiên|đảm bảo|bảo đảm|ban hành|công khai|rút ngắn|ứng dụng|"
    r"hướng dẫn|xử lý|nghiên cứu|cung cấp|kết nối|tuyên truyền|bổ sung|số hóa|tái cấu trúc|kiên quyết|sắp xếp|"
    r"chuẩn hóa|đưa|tổ chức|chuẩn bị|theo dõi|thúc đẩy|khẩn trương)" + _W, re.IGNORECASE)
_REFERENCE = re.compile(r"^b[eê]nh? cạnh|^những kết quả", re.IGNORECASE)


def _asks_to_do(clause: str) -> bool:
    """The clause says what to do: a task verb comes before any word of a shortfall."""
    do, short = _DO_SOON.match(clause), _SHORTFALL.search(clause)
    return bool(do) and (not short or do.end() <= short.start())


# A source named inside the sentence ("Dẫn chứng, …, theo Bộ trưởng X, dệt may …"), and the
# apposition after a source ("Theo Bộ trưởng X, Phó Trưởng ban …, từ đầu năm …").
_INNER_SOURCE = re.compile(r"^[^;:]{0,160}?,\s*theo (?P<who>[^,;:]{1,100}?),\s*")
_APPOSITION = re.compile(r"^[^,;:]{1,100}?,\s*")
# A list's introduction ("3 nguyên tắc … gồm: A; B; C"): the items are what is found.
_LIST_INTRO = re.compile(r"^[^;:]{0,160}?(?<![^\W_])(?:gồm|bao gồm|như sau|sau đây|cụ thể)\s*:\s*", re.IGNORECASE)


def _stripped(text: str) -> tuple[str, str]:
    """The clause without its enumerator, connectives, source and time: (clause, what was cut)."""
    head, rest = "", text.strip()
    sourced = False
    if rest[:1] in "“\"" and (_opens_alone(rest) or _quoted_whole(rest)):     # "“…" or "“…”."
        head, rest = rest[:1], rest[1:].lstrip()
    for _ in range(8):
        m = (_ENUMERATOR.match(rest) or _CONNECTIVE.match(rest) or _SOURCE.match(rest) or _LEAD_WORD.match(rest)
             or (_said(rest) if not _PLAN.search(rest[:140].split(",")[0]) else None)
             or _named_source(rest) or _colon_lead(rest) or _FRAMING.match(rest))
        if not m and sourced and rest[:1].isupper() and (m := _APPOSITION.match(rest)) and _marked(rest[:m.end()]):
            m = None                           # the apposition says something: it is the clause
        if not m or m.end() == 0:
            break
        # an apposition follows a person ("Theo Bộ trưởng X, Phó Trưởng ban …, …"), not a document
        # ("Theo kết quả đánh giá, Chỉ số … tại các tỉnh, thành phố có …": the subject stays)
        sourced = m.re in (_INNER_SOURCE, _APPOSITION) or (m.re is _SOURCE and rest[5:6].isupper())
        head, rest = head + rest[:m.end()], rest[m.end():]
    return rest, head


# A lead-in that a colon closes, its findings after it: who says it ("ông X có ý kiến:", "Tổng cục
# Thuế nêu:"), a directive issued ("… có chỉ thị ban hành:") or a situation or worry raised ("nhận
# thấy có tình trạng:", "bày tỏ lo lắng về các vấn đề như:"). A colon after a clause of its own
# ("… các dịch vụ công: …") leads in nothing, nor a legal text's "nêu rõ:" (its wording, not a finding).
_COLON_LEAD = re.compile(r"^(?!(?:văn bản|nghị quyết|nghị định|luật|thông tư|quyết định|chỉ thị|đề án)" + _W + r")"
                         r"[^:;“”\"]{0,200}?(?<![^\W_])(?:có ý kiến|nêu(?: rõ| ý kiến)?|nhận thấy|chỉ rõ|ban hành|"
                         r"(?:có )?(?:tình trạng|thực trạng)|(?:lo lắng|băn khoăn)(?: về)?[^:;]{0,50}?(?<![^\W_])như)"
                         + _W + r"\s*:\s*(?=[^\W\d_])", re.IGNORECASE)
# … of which a situation or a worry raised leads in a shortfall, whatever its words.
_RAISES_SHORTFALL = re.compile(r"(?<![^\W_])(?:tình trạng|thực trạng|lo lắng|băn khoăn)" + _W + r"[^:]*:\s*$",
                               re.IGNORECASE)


# Words that frame the clause and say nothing of the work: "… nhìn thẳng vào sự thật rằng …", "…, yêu cầu
# đặt ra là phải …", and a topic before a source ("Về chi phí …, theo kết quả khảo sát của X, …").
_FRAMING = re.compile(r"^[^;:]{0,160}?(?<![^\W_])(?:sự thật (?:rằng|là)|(?:yêu cầu|vấn đề|nhiệm vụ) đặt ra(?: hiện nay)? là)"
                      + _W + r"\s*|^về [^,;:]{1,60},\s*(?=theo\s)", re.IGNORECASE)


def _colon_lead(text: str) -> re.Match | None:
    """'Ông X có ý kiến: …': a lead-in closed by a colon, when a clause of 4 words or more follows."""
    m = _COLON_LEAD.match(text)
    return m if m and len(text[m.end():].split()) >= 4 else None


def _said(text: str) -> re.Match | None:
    """'Ông X cho biết, …': who says it, when the words before the verb say nothing found or
    promised themselves ("… chưa được người dân đánh giá cao, …", "… còn ít, điều này cho thấy …")."""
    m = _SAID.match(text)
    if m and (_marked(m.group("who")) or m.group("who").rstrip().endswith("được")):
        return None
    if not m and (m := _SAID_BARE.match(text)) and _marked(m.group("who")):
        return None
    return m


# A verb of saying with no comma after it, right after a name or a title ("ông Lê Văn Nam khẳng định
# huyện đã …", "Chủ tịch UBND TP đánh giá việc … chưa hiệu quả").
_SAID_BARE = re.compile(r"^(?P<who>[^;:]{0,160}?(?<![^\W_])(?-i:[A-ZĐ])[^\s,;:]*)\s+(?:khẳng định|nhận định|nêu rõ|"
                        r"chỉ rõ|nhấn mạnh|đánh giá|nhìn nhận|phân tích|lưu ý)(?: rằng| thêm)?" + _W + r"\s*", re.IGNORECASE)


def _named_source(text: str) -> re.Match | None:
    """'…, theo Bộ trưởng X, …': a source is a capitalised name or title."""
    m = _INNER_SOURCE.match(text)
    return m if m and m.group("who")[:1].isupper() else None


def _marked(text: str) -> bool:
    """The words say something found or promised."""
    return bool(_PLAN.search(text) or _SHORTFALL.search(text) or _ACHIEVED.search(text))


_BUT_WORDS = re.compile(r"^(?:tuy nhiên|tuy vậy|dù vậy|mặc dù vậy|song|bên cạnh những kết quả)" + _W, re.IGNORECASE)


def _cut(clause: str, tail: re.Pattern) -> str:
    """The clause up to where `tail` starts (the clause whole when it starts there)."""
    m = tail.search(clause)
    return clause[:m.start()] if m and m.start() > 0 else clause


# An index score or rank stated is a result, the lowest included ("… có Chỉ số thấp nhất, chỉ đạt 65,9 %");
# it is a limitation where the text judges it ("còn thấp", "chưa đạt", "giảm 3 bậc").
_INDEX_SCORE = re.compile(r"(?<![^\W_])(?:chỉ số|par index|sipas|papi|pci)(?![^\W_])[^;]{0,200}?(?:\d+(?:[.,]\d+)?\s?(?:%|điểm)|"
                          r"(?:xếp|đứng) (?:thứ|hạng) \d)", re.IGNORECASE)
_JUDGED_LOW = re.compile(r"(?<![^\W_])(?:còn|chưa|giảm \d+ bậc|tụt|hạn chế|yếu kém|bất cập)(?![^\W_])", re.IGNORECASE)
# A need said of what is lacking, with nobody to do it: "cần được tháo gỡ", "cần phải được giải quyết".
_NEEDS_DOING = re.compile(r"cần (?:phải )?được(?![^\W_])", re.IGNORECASE)


# A shortfall conceded before the main clause ("Dù còn nhiều khó khăn nhưng xã đã …", "Mặc dù chưa hoàn thiện
# nhưng … đã giảm …"): the finding is what the main clause says was achieved.
_CONCEDED = re.compile(r"^(?:mặc dù|dù|tuy|dẫu)" + _W + r"[^;]{1,150}?(?<![^\W_])nhưng\s+(?=[^\W\d_])", re.IGNORECASE)


def _conceded_result(clause: str) -> str:
    """The main clause after a conceded shortfall, when it states something achieved and no shortfall."""
    m = _CONCEDED.match(clause)
    if not m or not _SHORTFALL.search(clause, 0, m.end()):
        return ""
    rest = clause[m.end():]
    if (len(rest.split()) < 4 or not _ACHIEVED.search(rest) or _SHORTFALL.search(rest) or _PLAN.search(rest)
            or _talks_of_event(rest)):
        return ""
    return _clause(_cut(rest, _RESULT_TAIL))


_TURN = re.compile(r"(?<![^\W_])(?:nhưng|song|tuy|còn|vẫn)(?![^\W_])", re.IGNORECASE)


def _aimed_at(clause: str, short: re.Match) -> bool:
    """The shortfall is what a work done aims at ("đã mở thêm kênh … để tiếp nhận, xử lý kịp thời những vướng
    mắc …"), not a shortfall found: something achieved, then "để/nhằm", then the shortfall word with no turn
    ("nhưng", "còn", "vẫn") between."""
    done = _ACHIEVED.search(clause, 0, short.start())
    aim = done and _AIM.search(clause, done.end(), short.start())
    return bool(aim) and not _TURN.search(clause, aim.end(), short.end())


def _judged(item: str, task_context: bool, limits_context: bool, but: bool = False) -> tuple[str, str] | None:
    """(kind, clause) of one clause by its words, or None when it says nothing found or promised;
    after "Tuy nhiên, / Dù vậy," a shortfall comes first ("vẫn còn người dân phải đi lại …")."""
    clause, head = _stripped(item)
    words = clause.split()
    if _PURPOSE.match(clause) and "," in clause:     # "Để nâng cao …, xã đã …": the purpose is not the finding
        clause = clause.split(",", 1)[1].strip()
        words = clause.split()
    if _no_clause(clause, words, 4):
        return None
    if conceded := _conceded_result(clause):
        return "result", conceded
    if ((but or _BUT_WORDS.match(head) or _but_opens(clause)) and _SHORTFALL.search(clause)
            and not _REMEDY.search(clause)):
        return "limitation", _clause(_cut(clause, _LIMITATION_TAIL))
    short, plan = _SHORTFALL.search(clause), _PLAN.search(clause)
    if short and not task_context and _INDEX_SCORE.search(clause) and not _JUDGED_LOW.search(clause):
        return "result", _clause(_cut(clause, _RESULT_TAIL))        # "… đứng cuối bảng, đạt 62,55 %": a score
    if (short and not task_context and plan and short.start() < plan.start()
            and _NEEDS_DOING.match(clause, plan.start())):   # "vẫn gặp nhiều rào cản cần được tháo gỡ": what is lacking
        return "limitation", _clause(_cut(clause, _LIMITATION_TAIL))
    if (short and not task_context and not _REMEDY.search(clause) and plan and short.start() < plan.start()
            and not _NEED.match(clause)):     # "vẫn còn nhiều vấn đề cần đánh giá kỹ": said of what is
        return "limitation", _clause(_cut(clause, _LIMITATION_TAIL))
    need = _NEED.search(clause)
    if need:
        return "task", _clause(_cut(clause[need.end():], _TASK_TAIL))
    if task_context or plan or _ENUMERATOR.match(item) or _should(clause):
        return "task", _clause(_cut(clause, _TASK_TAIL))
    if short and not _REMEDY.search(clause) and not _aimed_at(clause, short):
        return "limitation", _clause(_cut(clause, _LIMITATION_TAIL))
    if limits_context:
        return None
    if _continued(clause):
        return "result", _clause(_cut(clause, _RESULT_TAIL))
    if (_ACHIEVED.search(clause) or _RESULT.search(fold_chars(clause)) or _DONE.search(clause)) and not _talks_of_event(clause):
        return "result", _clause(_cut(clause, _RESULT_TAIL))
    if _RESULT_OPENS.match(fold_chars(item)):          # "Qua đó, …", "Kết quả, …"
        return "result", _clause(_cut(clause, _RESULT_TAIL))
    return None


# "Các bộ, ngành, địa phương tiếp tục đẩy mạnh …", "Văn phòng Chính phủ tiếp tục duy trì …": a body carrying
# on its work, told with nothing asked or planned (no task context, no "cần/phải/sẽ"): a result of the
# period reported. An order opens with "Tiếp tục …" or says "cần/sẽ tiếp tục", and is judged a task first.
_CONTINUES = re.compile(r"(?<![^\W_])tiếp tục(?= [^\W\d_])(?! (?:là|có|được|gặp|bị|đối mặt)" + _W + ")", re.IGNORECASE)


def _continued(clause: str) -> bool:
    """A body, then "tiếp tục" as the first act it does (see `_body_acts`)."""
    at = _CONTINUES.search(clause)
    return bool(at) and _body_acts(clause) and not _BODY_ACT.search(clause[:at.start()], _BODY.match(clause).end())


# What may come before "Thời gian tới, …": who says it ("Theo ông X,", "Ông X cho biết,", "… thông tin")
# or a purpose ("Để đạt kết quả tốt trong thời gian tới, …").
_SAYS_PLAN = re.compile(r"^(?:[^,;:]{0,100}?(?<![^\W_])(?:cho biết|thông tin|khẳng định|nhấn mạnh|nêu rõ)(?: thêm| rằng)?,?\s+|"
                        r"theo [^,;:]{1,100}?,\s*|(?:để|nhằm) [^,;:]{1,100}?(?=(?:trong )?thời gian tới\s*,))", re.IGNORECASE)


def _task_opens_at(sentence: str, folded: str) -> int | None:
    """Where the tasks of a plan's opening ("Thời gian tới, …") start: at the sentence's start or
    after who says it or what it is for; None when the sentence opens no plan."""
    if m := _TASK_OPENS.match(folded):
        return m.end()
    head = _SAYS_PLAN.match(sentence)
    if not head:
        return None
    for at in (head.end(), head.end() + (m.end() if (m := _APPOSITION.match(sentence[head.end():])) else 0)):
        if opened := _TASK_OPENS.match(folded[at:]):       # "Theo ông X, Phó Vụ trưởng …, năm nay, …"
            return at + opened.end()
    return None


def _proposed_by(before: str) -> bool:
    """Who asks or proposes is named just before: a capitalised name or body ("Ông Huỳnh Quang Tuấn, đại
    diện AmCham,", "ĐH Vinh", "Thường trực Ủy ban …"), not a list or a clause of its own."""
    return (0 < len(before) <= 160 and before[:1].isupper() and not _CLAUSE_WORDS.search(before)
            and not _marked(before))


# Words of a clause, not of a name: what comes before them is not who proposes.
_CLAUSE_WORDS = re.compile(r"[;:]|(?<![^\W_])(?:khi|để|việc|là|nếu|rằng|thì|nhằm|mà|nêu|cho biết|cho rằng|rà soát|"
                           r"triển khai|thực hiện|xây dựng|ban hành|tiếp tục|tăng cường|đẩy mạnh|đồng tình|ý kiến|bày tỏ)(?![^\W_])",
                           re.IGNORECASE)


def find_findings(sentences: list[tuple[int, str]]) -> list[Finding]:
    """Findings of the sentences (paragraph number, sentence) that follow an event's opening."""
    out: list[Finding] = []
    listing_limits_in: int | None = None     # paragraph of an open "hạn chế: …" list
    tasks_open = False

    def add(kind: str, texts: list[str], sentence: str, confidence: float) -> None:
        for t in map(_colon_head, texts):
            if 3 < len(t) <= 600 and " " in t and not doubtful(_curbed(kind, t), t, sentence):
                out.append(Finding(_curbed(kind, t), t, sentence, confidence, areas_of(t)))

    paragraph = None
    for para, sentence in sentences:
        folded = fold_chars(sentence)
        lower = sentence.lower()
        if listing_limits_in is not None and para != listing_limits_in:
            listing_limits_in = None
        if para != paragraph:                    # a task list ends with its paragraph, unless items follow
            listed = _ENUMERATOR.match(sentence) or _NEED_ANYWHERE.search(sentence)
            tasks_open, paragraph = tasks_open and listed is not None, para
        if (m := _LIMITATION_LIST.search(folded)) and not _PLAN.search(sentence[:m.start()]):
            add("limitation", _items(sentence[m.end():]), sentence, 0.8)
            listing_limits_in, tasks_open = para, False
            continue
        if (opened := _task_opens_at(sentence, folded)) is not None:
            tasks_open, listing_limits_in = True, None
            rest = sentence[opened:]
            need = _NEED.match(rest)
            if need:
                rest = rest[need.end():]
            add("task", _tasks(rest), sentence, 0.8)
            continue
        if ((m := _ASK.search(lower)) and (_ASKER.search(folded[:m.start()]) or _ASK_LEAD.fullmatch(lower[:m.start()]))) or (
                (m := _PROPOSE.search(sentence)) and _proposed_by(sentence[:m.start()])) or (m := _SAID_AND_ASKED.search(sentence)):
            tasks_open, listing_limits_in = True, None
            rest = sentence[m.end():]
            listed = _TASK_LIST.search(fold_chars(rest))
            rest = rest[listed.end():] if listed else rest
            need = _NEED.match(rest)
            if m.re is _SAID_AND_ASKED:                    # the quotation before who said it, judged as ever
                for kind, text in _judge_sentence(sentence[:m.start()], False, False):
                    add(kind, [text], sentence, 0.5)
            elif leads := _shortfalls_before(sentence[:m.start()]):
                add("limitation", leads, sentence, 0.5)
            elif lead := _shortfall_before(sentence[:m.start()]):
                add("limitation", [lead[1]], sentence, 0.5)
            add("task", _tasks(rest[need.end():] if need else rest), sentence, 0.8)
            continue
        if m := _TASK_LIST.search(folded):
            tasks_open, listing_limits_in = True, None
            add("task", _tasks(sentence[m.end():]), sentence, 0.7)
            continue
        if tasks_open:
            clause = _clause(sentence)
            need = _NEED.search(clause)
            if _DO.match(fold_chars(clause)):
                add("task", _tasks(clause), sentence, 0.6)
                continue
            if need:
                add("task", _tasks(clause[need.end():]), sentence, 0.7)
                continue
        if (listing_limits_in is not None and not _NEED_ANYWHERE.search(sentence) and _SHORTFALL.search(sentence)
                and not _asks_to_do(_stripped(sentence)[0])):
            add("limitation", _items(sentence), sentence, 0.7)
            continue
        if (m := _BUT.match(folded)) and _STILL.search(folded) and not _PLAN.search(sentence):
            add("limitation", [_clause(sentence[m.end():])], sentence, 0.5)
            continue
        kinds = _judge_sentence(sentence, tasks_open, listing_limits_in is not None)
        for kind, text in kinds:
            add(kind, [text], sentence, 0.5)
        if kinds and all(kind != "task" for kind, _ in kinds):
            tasks_open = False
        elif kinds:
            tasks_open, listing_limits_in = True, None
    return _last_of_repeats(out)


# Why a clause the rules above judged is still not published (each measured on the gold set;
# see the module's tests): a review's finding is a plain statement of what was done, is lacking
# or is to be done, said of the work reviewed.
MIN_WORDS = 6               # shorter and saying nothing done, lacking or to do: a heading ("Cơ chế một cửa quốc gia")
MIN_PARTED = 5              # shorter: a piece the splitter cut off ("Xử lý nghiêm", "Rà soát lại")
MAX_WORDS = 70              # longer: several findings or a whole paragraph the splitter could not part
# A speech or an interview speaks in the first person to its audience ("Tôi tin rằng …",
# "chúng ta còn nhiều việc phải làm"): rhetoric and opinion, not a review's finding.
_FIRST_PERSON = re.compile(r"(?<![^\W_])(?:tôi|chúng tôi|chúng ta|quý vị|các bạn)(?![^\W_])", re.IGNORECASE)
# … but a leader reporting the body's work or its duty in the first person plural ("chúng ta đã …",
# "chúng tôi sẽ …", "chúng ta còn …") states the event's content, which the gold counts as findings.
_WE_REPORT = re.compile(r"(?<![^\W_])chúng (?:ta|tôi)(?: cũng)?(?= (?:đã|cần|phải|sẽ|còn|vẫn|mới|đang|tiếp tục|thống nhất)(?![^\W_]))"
                        r"|(?<![^\W_])chúng (?:ta|tôi)(?: cũng)?(?: đã)? (?:nhận )?thấy(?: rõ)?(?: là| rằng)?(?= (?:còn|vẫn|chưa)(?![^\W_]))"
                        # "… chúng ta cũng thấy rõ còn nhiều rào cản": a shortfall the body sees in itself;
                        # the chair asking in the first person ("Tôi đã yêu cầu các bộ …", "Tôi đề nghị …"), and a
                        # pointer to what was said or known before, opening the sentence ("Như tôi đã nói phần đầu, …")
                        r"|(?<![^\W_])(?<!chúng )tôi(?: cũng)?(?: đề nghị| (?:đã )?yêu cầu)(?![^\W_])"
                        r"|^(?:nhưng |và )?như (?:tôi|quý vị|các bạn|chúng ta) (?:đã )?(?:nói|biết|trình bày)[^,;]{0,20},",
                        re.IGNORECASE)
# A question asked without its question mark: "… nhưng tại sao hồ sơ vẫn chậm".
_ASKING = re.compile(r"(?<![^\W_])(?:tại sao|vì sao|làm sao|phải chăng)(?![^\W_])", re.IGNORECASE)
# A colon that labels nothing: a web address ("http://…") or a list the clause itself introduces in
# lower case ("… các thủ tục ưu tiên như: kiểm dịch động vật, …"); other colons open a speaker's words,
# a heading, or the requests and worries people raised ("cử tri bày tỏ lo lắng về các vấn đề như: …").
_NOT_A_LABEL = re.compile(r"://|(?<![^\W_])như\s*:\s*(?=[^\W\d_])", re.IGNORECASE)
_RAISED = re.compile(r"(?<![^\W_])(?:kiến nghị|lo lắng|phản ánh|băn khoăn|đề nghị|ý kiến)" + _W, re.IGNORECASE)


# "hạn chế được những hành vi …" is curbed, something achieved, not a shortfall ("Hạn chế được khái quát …"
# is the noun: a verb follows it, not what was curbed).
_CURBED = re.compile(r"(?<![^\W_])hạn chế được (?=(?:những|các|nhiều|phần nào|phần lớn|tình trạng|việc|sự|số|tối đa|đáng kể)"
                     + _W + ")", re.IGNORECASE)
_BUT_INSIDE = re.compile(r"(?<![^\W_])(?:nhưng|song|tuy nhiên)" + _W, re.IGNORECASE)


def _curbed(kind: str, text: str) -> str:
    """A limitation that says what was curbed ("hạn chế được" + the ills, which are shortfall words
    themselves) with no shortfall before it ("chưa hạn chế được …" stays one) is a result."""
    m = _CURBED.search(text) if kind == "limitation" else None
    if m and not _SHORTFALL.search(text, 0, m.start()) and not _BUT_INSIDE.search(text, m.end()):
        return "result"
    return kind


# A list's lead-in left at the clause's end ("…, bao gồm các việc cụ thể như sau:", "… thông qua các việc
# làm sau:"): the items follow in the next sentences; the words before it are the finding.
_LEAD_AT_END = re.compile(r",?\s*(?<![^\W_])(?:bao gồm|gồm|thông qua|với)\s[^:;]{0,60}?(?<![^\W_])(?:như sau|sau đây|sau)\s*:\s*$",
                          re.IGNORECASE)
# A list's lead-in ending in "sau:" before the item ("… giải quyết 2 vấn đề then chốt sau: Một là, …").
_LEAD_SAU = re.compile(r"^[^:;“”\"]{0,200}?(?<![^\W_])sau\s*:\s*(?=\S)", re.IGNORECASE)
# A finding whose last words name things of a kind, then a colon and the names or the examples
# ("… đạt trên 80 % gồm 9 bộ: Bộ A, Bộ B", "… tiếp cận các dịch vụ công: Đăng ký kinh doanh, …"):
# the finding ends at the colon.
_NAMES_AFTER = re.compile(r"(?<![^\W_])(?:các|những|(?:bao )?gồm(?: \d+)?)\s[^\W\d_][^,;:]{0,39}(?:,\s*[^,;:]{1,30})?\s*:\s*(?=[^\W\d_])",
                          re.IGNORECASE)


_NEEDS_MORE = frozenset(("là", "như", "gồm", "sau", "về"))


def _colon_head(text: str) -> str:
    """The finding of a clause that a colon splits into a finding and the list it leads in (see above):
    a lead-in at the end cut off, a "… sau:" lead-in before the item left out, the names after the
    finding left out; the clause unchanged when the words kept say nothing found or promised, or
    name who speaks or what was raised (`_RAISED`: "ý kiến", "kiến nghị", …)."""
    if ":" not in text.replace("://", ""):
        return text
    kept = text
    if m := _LEAD_AT_END.search(kept):
        kept = kept[:m.start()].rstrip(_TRAILING)
    if (m := _LEAD_SAU.match(kept)) and ":" not in kept[m.end():]:
        kept = upper_first(_stripped(kept[m.end():])[0])
    colons = [i for i, c in enumerate(kept) if c == ":"]
    if len(colons) == 1 and (m := _NAMES_AFTER.search(kept)) and kept[m.end():][:1].isupper():
        kept = kept[:colons[0]].rstrip(_TRAILING)
    if (kept == text or ":" in kept or len(kept.split()) < MIN_WORDS or _RAISED.search(kept)
            or kept.split()[-1].lower() in _NEEDS_MORE):          # "… nằm ở 3 bộ là": the names are its complement
        return text
    return kept if _marked(kept) or _ACT_OPENS.match(kept) or _body_acts(kept) else text


def _labelled(text: str) -> bool:
    """A colon in the clause that opens a label, a speaker's words or a heading (see _NOT_A_LABEL)."""
    if ":" not in text.replace("://", ""):         # a web address is no label, whatever is raised around it
        return False
    if _RAISED.search(text):
        return True
    kept = _NOT_A_LABEL.sub(lambda m: "" if m.group().startswith(":") or text[m.end():m.end() + 1].islower() else m.group(),
                            text)
    return ":" in kept
# An explanation, not a finding: "Đây là …", "Điều này …", "Vì …", "Bởi …".
# Not when it carries the finding itself: a fact given as the ground ("Bởi thực tế, … còn …"), where a
# judgement shows ("Điều này thể hiện ở kết quả … còn thấp"), a task announced ("Đó là phải …").
_EXPLANATION = re.compile(r"^(?:(?:đây là|đó là)(?! (?:phải|cần)" + _W + r")|nó|điều này(?! (?:được )?thể hiện (?:ở|qua|tại)"
                          + _W + r"| (?:nên |cũng )?(?:cần|phải)" + _W + r")|chính vì vậy|(?:vì|bởi)(?! thực tế" + _W + r"))"
                          + _W, re.IGNORECASE)
# The meeting's own course, told inside a list or a task ("các ban lần lượt trình bày báo cáo", "tiếp tục
# họp thẩm tra …", "trao 50 suất quà"): what happened there, not what it found.
_MEETING_DONE = re.compile(r"(?<![^\W_])(?:lần lượt|suất quà|tặng quà|trao quà|họp (?:thẩm tra|báo)|tiếp tục họp)" + _W,
                           re.IGNORECASE)
# "Nếu …, thì … sẽ …" without anything asked: a warning or a reasoning ("Nếu hồ sơ cứ chậm thì doanh
# nghiệp sẽ không mở rộng được"), not a finding; "Nếu …, thì cần/phải …" is a task with its condition.
_HYPOTHESIS = re.compile(r"^[“\"]?nếu" + _W + r"[^;]*?(?<![^\W_])thì" + _W + r"(?![^;]*(?<![^\W_])(?:cần|phải)" + _W + r")",
                         re.IGNORECASE)
# What voters or businesses ask for is their petition, not a task the event set ("Cử tri kiến nghị cần …").
_PETITION = re.compile(r"^(?:nhiều |các |một số |đa số |ý kiến )?(?:cử tri|nhân dân|người dân|doanh nghiệp|hiệp hội|dn)[^;:]{0,40}?\s"
                       r"(?:kiến nghị|đề nghị|phản ánh|đề xuất|mong muốn)" + _W, re.IGNORECASE)
# An act with nothing acted on: a piece cut from its sentence ("Các ban ngành khẩn trương thực hiện",
# "Cần khuyến khích").
_BARE_ACT = re.compile(r"^(?:\S+\s){0,5}(?:thực hiện|triển khai|khuyến khích|xử lý nghiêm)$", re.IGNORECASE)
# What a law or rule requires is its content, not a task the event set ("Xe máy theo quy định của pháp
# luật phải đăng ký …").
_RULE_SAYS = re.compile(r"(?<![^\W_])theo (?:quy định|luật)(?: của pháp luật)?(?: [^,;]{0,30})? phải" + _W, re.IGNORECASE)
# How a service is arranged, not what was achieved ("Việc trả kết quả … được thực hiện tại các điểm
# bưu điện xã"); "được thực hiện theo đúng quy trình" judges the work and stays.
_ARRANGED = re.compile(r"(?<![^\W_])được thực hiện (?:tại|theo(?! đúng)|thống nhất|trên phạm vi)" + _W, re.IGNORECASE)
# Background the reporter adds ("Được biết, tổng đài … do một công ty phát triển"), not what the event found.
_BACKGROUND = re.compile(r"^(?:được biết|theo tìm hiểu)" + _W, re.IGNORECASE)
# A sentence that only says findings were named, not which ("Báo cáo cũng đã nêu ra những tồn tại, hạn
# chế …", "Những vướng mắc về đất đai cũng được ông Nam nêu lên").
_POINTER = re.compile(r"(?<![^\W_])(?:được|đã|cũng)(?: [^\W\d_]+){0,4} (?:nêu lên|nêu ra|chỉ ra|đề cập)" + _W
                      + r"(?: (?:một số|những|các) (?:tồn tại|hạn chế|khó khăn|bất cập|kết quả)[^;]{0,60})?$", re.IGNORECASE)
# A wish is neither done nor asked for: "bày tỏ mong muốn …", "VCCI hy vọng …", "kỳ vọng … sẽ".
_WISH = re.compile(r"(?<![^\W_])(?:mong(?: muốn)?|hy vọng|hi vọng|kỳ vọng|kì vọng)" + _W
                   + r"|^chúc" + _W, re.IGNORECASE)           # "Chúc các đại biểu …": a wish, however it goes on
# History is not the work reviewed: "Cách đây 70 năm, …", "Từ năm 1954 đến 1963, …", "Trước đó, …".
_HISTORY = re.compile(r"(?<![^\W_])(?:cách đây \d+ năm|trước (?:đó|đây)|thế kỷ trước)(?![^\W_])|(?:năm|/)\s?19\d\d(?!\d)", re.IGNORECASE)
# A heading or a title: a short line with no stop at its end and no list in it ("Vận tải còn nhiều
# yếu kém", "Tập trung thực hiện 84 đầu việc"); it repeats, or announces, what the body says.
_STOPPED = tuple(".;!?…”\"':)»/")
HEADING_WORDS = 20
# The event's own proceedings: a vote, a debate, the session's agenda or its importance ("Quốc hội đã biểu
# quyết thông qua …", "Phiên họp cần bàn …", "Hội nghị có ý nghĩa hết sức quan trọng …").
_PROCEEDINGS = re.compile(r"(?<![^\W_])(?:biểu quyết|tán thành|thảo luận với)" + _W + r"|^phiên họp" + _W, re.IGNORECASE)
_DEBATED = re.compile(r"^thảo luận tại" + _W, re.IGNORECASE)     # the sentence: "Thảo luận tại hội nghị, các đại biểu …"
# Praise of a thing, not what it achieved: "… có ý nghĩa hết sức quan trọng", "… thể hiện quyết tâm …".
_APPRAISAL = re.compile(r"(?<![^\W_])(?:có ý nghĩa (?:hết sức |rất |đặc biệt |vô cùng )?quan trọng|"
                        r"thể hiện (?:rõ )?(?:quyết tâm|sự)|(?:rất|hết sức) ấn tượng)" + _W, re.IGNORECASE)
# A stance, not a task: "Coi kinh tế tư nhân là động lực …" ("coi trọng …" is an act and stays).
_STANCE = re.compile(r"^coi (?!trọng)", re.IGNORECASE)
# What a legal text says, quoted as the frame of the sentence ("Theo Nghị quyết 68, …", "Theo luật Hộ
# tịch, …"): the rule's content, not what the event found or set.
_BY_LAW = re.compile(r"^[“\"]?theo (?:nghị quyết|nghị định|luật|thông tư|quyết định|chỉ thị|kế hoạch số)" + _W
                     + r"[^,;]{0,160},", re.IGNORECASE)
# What an official tells the press beside the event ("Trao đổi thêm với báo chí, …").
_TO_PRESS = re.compile(r"(?<![^\W_])(?:trao đổi|trả lời|chia sẻ|nói)(?: thêm)? với (?:báo chí|phóng viên|pv)" + _W,
                       re.IGNORECASE)
# A question asked without its question mark, by its last word: "… đã đủ mục tiêu chưa", "… hay không".
_ASKS_WHETHER = re.compile(r"(?<![^\W_])(?:chưa|hay không)[”\"]?$", re.IGNORECASE)
# What firms or citizens must do is a burden under the rules, not a task of the bodies reviewed
# ("DN phải chấp hành kiểm tra …", "doanh nghiệp cần …"); "doanh nghiệp cần được hỗ trợ" asks the bodies.
_BURDEN = re.compile(r"^(?:ngược lại,? )?(?:các |mọi |những |nhiều )?(?:dn|doanh nghiệp|người dân|người lao động|"
                     r"công dân|nlđ|cnlđ)(?:\s[^,;]{0,40}?)?\s(?:phải|cần)(?! được)" + _W, re.IGNORECASE)
# "Hiện, tập đoàn đang đầu tư 41 dự án": a state of things now, not something achieved.
_NOW_DOING = re.compile(r"^hiện(?: nay| tại| giờ)?,?\s[^,;]{0,60}?(?<![^\W_])đang" + _W, re.IGNORECASE)
# What a service provider will do or can do, at a signing or a launch ("Theo đó, Bưu điện sẽ tiếp nhận
# hồ sơ …; …", "Viettel Cyberbot có khả năng …"): the terms of the agreement or the features of the
# thing launched, not a finding of the bodies reviewed.
_PROVIDER = re.compile(r"^(?:theo đó,?\s*)?(?:bưu điện|vnpost|viettel|vnpt)" + _W + r"[^,;]{0,60}?(?<![^\W_])(?:sẽ|có khả năng)"
                       + _W, re.IGNORECASE)
# Figures about firms or the economy that no body achieved ("Hơn 50% doanh nghiệp có vốn dưới 10 tỷ
# đồng", "Khu vực kinh tế tư nhân tăng trưởng bình quân 10-12% một năm"), and firms' own plans ("48%
# doanh nghiệp cho biết sẽ mở rộng …"): descriptive, unless the clause says something was done or
# changed ("đã", "được", "giảm", "đánh giá"). Firms facing barriers are limitations and stay.
_ECONOMY = re.compile(r"^(?:về [^\W\d_]+(?: [^\W\d_]+)?,? )?(?:có )?(?:hơn |khoảng |gần |tới |trên )?(?:\d[\d.,]*\s?% (?:số )?(?:hàng hóa )?)?(?:các |những |nhiều )?"
                      r"(?:dn|doanh nghiệp|khu vực kinh tế|kinh tế tư nhân|nền kinh tế)" + _W, re.IGNORECASE)
_CHANGED = re.compile(r"(?<![^\W_])(?:đã|được|giảm|đánh giá)" + _W, re.IGNORECASE)
# Dates and years, which place a clause in time and say nothing of how much was done.
_DATES = re.compile(r"(?<!\d)(?:(?:19|20)\d\d|\d{1,2}/\d{1,2}(?:/\d{2,4})?)(?!\d)|(?<![^\W_])ngày \d{1,2}")
# A product's features, at its launch ("công nghệ … đạt độ chính xác trên 99%"): what the thing can
# do, not what the bodies reviewed achieved.
_FEATURE = re.compile(r"(?<![^\W_])(?:độ chính xác|có khả năng)" + _W, re.IGNORECASE)
# When a document was issued ("Quyết định này được công bố ngày 12/10/2016 …"): background.
_DATED_ISSUE = re.compile(r"(?<![^\W_])được (?:công bố|ký|ban hành) (?:vào |từ )?ngày \d", re.IGNORECASE)
# A clause cut off after a word that needs one more ("… danh sách các đơn vị bầu cử và"): a truncated text.
_DANGLING = re.compile(r"(?<![^\W_])(?:và|hoặc|của|với|các|những|cho|để)$", re.IGNORECASE)
# Reasoning in a speaker's own words ("Suy cho cùng, …", "Quan trọng là …", "… có nghĩa là …", a hedge
# "Có lẽ …", "Khi nói về …"): an
# opinion on the topic, not the event's report or conclusion.
_OPINION = re.compile(r"(?<![^\W_])(?:suy cho cùng|có nghĩa là|có thể nói|có lẽ)" + _W + r"|^(?:điều )?quan trọng (?:nhất )?là" + _W
                      + r"|^khi nói (?:về|đến|tới)" + _W,
                      re.IGNORECASE)
# A piece that lost its verb or its sentence: "Và nhận kết quả …" (cut after "… nộp hồ sơ yêu cầu").
_LOOSE_END = re.compile(r"^(?:và|hoặc|hay)\s", re.IGNORECASE)
# A reasoning, not a finding: "Thu càng nhiều thì chi phí càng tăng".
_THE_MORE = re.compile(r"(?<![^\W_])càng" + _W + r"[^;]*?(?<![^\W_])thì" + _W + r"[^;]*?(?<![^\W_])càng" + _W, re.IGNORECASE)
# What is being done ("… đang thực hiện") is a state of things, not a task ahead.
_ONGOING = re.compile(r"(?<![^\W_])đang" + _W + r"(?! phấn đấu)", re.IGNORECASE)
# … unless the clause also says what is to be done: then "đang" is a state beside it ("sẽ hoàn thiện …, đặc
# biệt đang hoàn tất …", "Các cục đang triển khai … đề nghị Bộ bố trí …"); "đang phấn đấu" is a target.
# (not the noun: "đáp ứng yêu cầu"; not a state put forward: "kiến nghị hiện đang gặp khó khăn").
_SUBORDINATE = re.compile(r"(?<![^\W_])(?:khi|lúc|mà|việc|vì|do|nếu|và)" + _W, re.IGNORECASE)
_ASK_WORD = re.compile(r"đề nghị|kiến nghị|đề xuất|yêu cầu", re.IGNORECASE)
_TO_BE_DONE = re.compile(r"(?<![^\W_])(?<!ứng )(?<!đúng )(?<!theo )(?<!những )(?<!các )(?<!có )(?:sẽ|cần|đề nghị|kiến nghị|đề xuất|yêu cầu|phấn đấu)"
                         + _W + r"(?! (?:hiện |hiện nay |vẫn )?đang" + _W + ")", re.IGNORECASE)


def _ongoing(text: str) -> bool:
    """A task that is being done already: "đang" as the clause's own aspect, not after what is to be done
    ("cần giải quyết trước cho những người đang …") nor in the subject of an ask ("Các cục đang triển khai
    … đề nghị …")."""
    doing = _ONGOING.search(text)
    if not doing:
        return False
    to_do = _TO_BE_DONE.search(text)
    if to_do and to_do.start() < doing.start():          # unless a clause of its own: "…, giữa lúc X đang …"
        return bool(_SUBORDINATE.search(text, to_do.end(), doing.start()))
    return not (to_do and _ASK_WORD.match(to_do.group()) and len(text[doing.end():to_do.start()].split()) >= 2)


# A task is asked for or planned somewhere in its sentence, or is an order opening with an act
# ("Tăng cường …"); without either it is a description read as a task ("Cơ sở dữ liệu … do Bộ
# Công an quản lý", "Coi kinh tế tư nhân là động lực …").
_ASKED = re.compile(r"(?<![^\W_])(?:cần|phải|sẽ|tiếp tục|đề nghị|yêu cầu|phấn đấu|chỉ đạo|giao|dự kiến|kiến nghị|"
                    r"đề xuất|quyết tâm|nhiệm vụ|giải pháp|mục tiêu|kế hoạch|thời gian tới|không để|nghiêm cấm)" + _W,
                    re.IGNORECASE)
_ACT_OPENS = re.compile(r"^(?:tiếp (?:đó|theo) là )?(?:phát huy|tăng cường|đẩy mạnh|đẩy nhanh|tập trung|tiếp tục|nâng cao|thực hiện|triển khai|"
                        r"rà soát|quán triệt|kiện toàn|xây dựng|hoàn thành|giữ vững|đổi mới|củng cố|duy trì|đôn đốc|"
                        r"khắc phục|chủ động|làm tốt|quan tâm|ưu tiên|đảm bảo|bảo đảm|ban hành|công khai|rút ngắn|"
                        r"ứng dụng|hướng dẫn|xử lý|nghiên cứu|cung cấp|kết nối|tuyên truyền|bổ sung|số hóa|kiên quyết|"
                        r"sắp xếp|chuẩn hóa|đưa|tổ chức|nâng|tạo|giảm|cắt giảm|hoàn thiện|chấn chỉnh|không để|nghiêm cấm|"
                        r"giao|phối hợp|kiểm tra|thường xuyên|đề xuất|tham mưu|chỉ đạo|cải cách|cải thiện|mở rộng|"
                        r"nhân rộng|xác định|không được|gia hạn|nhanh chóng|khẩn trương|chuẩn bị|theo dõi|thúc đẩy)" + _W, re.IGNORECASE)


# A body named as the subject, then the act it is to do ("Bộ Tài chính chủ trì, phối hợp với … rà soát …",
# "Các bộ, ngành, địa phương tăng cường …"): in a run of directives, one more directive.
_BODY = re.compile(r"(?:các |những |mỗi |từng |hai |ba )?(?:bộ|sở|phòng|ubnd|ủy ban|uỷ ban|văn phòng|ban|cục|tổng cục|ngân hàng|"
                   r"kho bạc|thanh tra|công an|cấp|ngành|địa phương|thành phố|tỉnh|huyện|quận|thị xã|xã|phường|cơ quan|"
                   r"đơn vị|đồng chí|lãnh đạo|người đứng đầu|thủ trưởng|chủ tịch|giám đốc|trung tâm|hội đồng|chính phủ|"
                   r"thành viên)" + _W, re.IGNORECASE)
_BODY_ACT = re.compile(r"(?:chủ trì|phối hợp|theo dõi|sớm|khẩn trương|tăng cường|đẩy mạnh|đẩy nhanh|tập trung|tiếp tục|"
                       r"nâng cao|thực hiện|triển khai|rà soát|quán triệt|kiện toàn|xây dựng|hoàn thành|đổi mới|duy trì|"
                       r"đôn đốc|khắc phục|chủ động|làm tốt|quan tâm|ưu tiên|đảm bảo|bảo đảm|ban hành|công khai|hướng dẫn|"
                       r"xử lý|nghiên cứu|tuyên truyền|bổ sung|kiểm tra|chỉ đạo|tham mưu|hoàn thiện|chấn chỉnh|"
                       r"thường xuyên|cải thiện|mở rộng)" + _W, re.IGNORECASE)
# Words that join the bodies of one subject ("Văn phòng Chính phủ và các bộ, ngành, địa phương").
_BODY_JOIN = frozenset("và cùng các những ngành địa phương cấp liên quan trực thuộc trung ương".split())
BODY_WORDS = 25


# Modal "nên" after a body as the subject ("Thành phố nên mở thêm …", "UBND huyện nên …"): what a body
# should do. Not the conjunction "nên" (so) after a clause with its verb ("hồ sơ nhiều nên …", "vì … nên …"),
# nor a verb with "nên" ("trở nên", "tạo nên"), nor advice to people ("người dân nên …").
_SHOULD = re.compile(r"^(?:" + _BODY.pattern + r"|nhà nước|(?-i:[A-ZĐ]{2,})(?![^\W_]))"
                     r"(?: (?!(?:vì|do|bởi|đã|được|là|có|không|chưa|còn|thì|mà|khi|nếu|đang|sẽ|rất|quá|cũng|trở|tạo|làm|"
                     r"gây|dựng)" + _W + r")[^\s,;:]+){0,6}? nên(?! cần| phải)(?= [^\W\d_])", re.IGNORECASE)
_NOT_A_BODY = re.compile(r"^(?:người|mọi người|chúng|tôi|họ|phụ huynh|cha mẹ|doanh nghiệp|dn|bà con|nhân dân|cử tri)" + _W,
                         re.IGNORECASE)


def _should(clause: str) -> bool:
    """A body, then modal "nên": a task."""
    return bool(_SHOULD.match(clause)) and not _NOT_A_BODY.match(clause)


_AIM = re.compile(r"\s(?:để|nhằm)\s", re.IGNORECASE)


def _achieved_first(clause: str) -> bool:
    """Something achieved is said before the clause turns to its aim ("… để giúp doanh nghiệp cắt giảm
    được chi phí" is what the act is for, not what was done)."""
    done = _ACHIEVED.search(clause)
    return bool(done) and not _AIM.search(clause, 0, done.start())


def _body_acts(clause: str) -> bool:
    """The clause opens with a body and then the act it is to do: the subject is a name (capitalised
    words, each followed by at most two lower-case ones: "Bộ Kế hoạch và Đầu tư") or bodies joined by
    "và", commas; any other word before the act ("hoàn toàn ủng hộ", "đã", "đang") makes it no order."""
    m = _BODY.match(clause)
    if not m:
        return False
    at, lower = m.end(), 0
    for _ in range(BODY_WORDS):
        while at < len(clause) and clause[at] in " ,":
            at += 1
        if _BODY_ACT.match(clause, at):
            return True
        word = clause[at:].split(" ", 1)[0].strip(",()")
        if not word or word[-1:] in ";:.?!":
            return False
        if word.lower() in _BODY_JOIN:
            lower = 0
        elif word[:1].isupper() or not word.isalpha():
            lower = 0
        else:
            lower += 1
            if lower > 2:
                return False
        at += len(clause[at:].split(" ", 1)[0])
    return False


# findrec6: a long clause that is still one finding ("Những nỗ lực … của các địa phương đã tạo chuyển biến
# tích cực trong việc …, …, …", a directive with a long list of what it covers): it says early what was done,
# is lacking or is to be done. Not a run that holds another sentence ("… Nhà nước. đó, …"), a bullet or a title run in ("… - Triển khai …"), nor a frame of
# document references (several dates), nor a clause whose marker comes only late.
LONG_WORDS = 100             # longer still: a paragraph, whatever it says
LONG_MARKED_IN = 30          # the marker within this many words (parentheses left out)
_INNER_STOP = re.compile(r"[^\W\d_][.?!]\s+\S|\s[-–]\s+(?-i:[A-ZĐ])|[”\"]\s+(?-i:[A-ZĐ])")
_PARENTHESES = re.compile(r"\([^()]{0,300}\)")
_LONG_DONE = re.compile(r"(?<![^\W_])(?:đã|chưa|còn|vẫn)" + _W, re.IGNORECASE)
_LONG_TO_DO = re.compile(r"(?<![^\W_])(?:sẽ|cần|phải)" + _W, re.IGNORECASE)


def _long_finding(kind: str, text: str) -> bool:
    """A clause over MAX_WORDS words that is one finding all the same."""
    words = text.lower().split()
    if len(words) > LONG_WORDS or _INNER_STOP.search(text) or len(_DATES.findall(text)) >= 3:
        return False
    if len(set(words)) < len(words) / 2:             # a run of repeats, not one clause
        return False
    head = " ".join(_PARENTHESES.sub("", text).split()[:LONG_MARKED_IN])
    if kind == "task":
        return bool(_ACT_OPENS.match(text) or _body_acts(text) or _LONG_TO_DO.search(head))
    return bool(_LONG_DONE.search(head))


@lru_cache(maxsize=32)
def _how_said(sentence: str) -> tuple[bool, bool]:
    """(a speech or a question, something asked for or listed): read once per sentence, not once
    per clause, so that a sentence of many ';' items stays linear."""
    speech = "?" in sentence or bool(_FIRST_PERSON.search(_WE_REPORT.sub("", sentence)) or _ASKING.search(sentence))
    asked = bool(_ASKED.search(sentence) or _LIST_INTRO.match(sentence) or _EMPHASIS.match(sentence))
    return speech, asked


@lru_cache(maxsize=32)
def _framed(sentence: str) -> tuple[bool, bool]:
    """(a heading, words told to the press): read once per sentence, as `_how_said`."""
    return _heading(sentence), bool(_TO_PRESS.search(sentence))


def doubtful(kind: str, text: str, sentence: str) -> str:
    """Why a judged clause is not published ('' when it is): a fragment or an
    unparted run, a question or a speech in the first person, a label with a colon,
    an explanation, history, a wish, the meeting's own course, a hypothesis, background, a
    pointer to findings, a rule's content, how a service is arranged, a heading, a vote or the
    session's agenda, praise, a legal text's wording, words to the press, a provider's terms; a
    task that is going on already, that nobody asks for, that voters petition for, a stance or a
    burden on firms; a result that is a state of things now or a figure nobody achieved."""
    words = len(text.split())
    if words < MIN_PARTED:
        return "fragment"
    if words < MIN_WORDS and ":" not in sentence and not _marked(text) and not _ACT_OPENS.match(text):
        return "fragment"
    if words > MAX_WORDS and not _long_finding(kind, text):
        return "unparted"
    speech, asked = _how_said(sentence)
    if speech and not _speech_quoted_aside(text, sentence):
        return "speech"
    if _labelled(text):
        return "label"
    if _EXPLANATION.match(text):
        return "explanation"
    if _HISTORY.search(text):
        return "history"
    heading, to_press = _framed(sentence)
    if heading:
        return "heading"
    if _PROCEEDINGS.search(text) or _DEBATED.match(sentence):
        return "meeting"
    if _APPRAISAL.search(text):
        return "appraisal"
    if _BY_LAW.match(sentence):
        return "rule"
    if to_press:
        return "interview"
    if _ASKS_WHETHER.search(text) or text.rstrip(" ”\"").endswith("!"):
        return "speech"
    if _LOOSE_END.match(text):
        return "fragment"
    if _THE_MORE.search(text):
        return "hypothesis"
    if _OPINION.search(text):
        return "opinion"
    if _WISH.search(text):
        return "wish"
    if _MEETING_TALK.search(_work_led(kind, text)) or _MEETING_DONE.search(text):
        return "meeting"
    if _HYPOTHESIS.match(text):
        return "hypothesis"
    if _BARE_ACT.match(text):
        return "fragment"
    if _RULE_SAYS.search(text):
        return "rule"
    if kind == "result" and _ARRANGED.search(text) and not any(c.isdigit() for c in _DATES.sub("", text)):
        return "description"         # a figure judges the work ("tại 12 điểm"); a date or a year only places it
    if kind == "result" and _FEATURE.search(text):
        return "description"
    if kind == "result" and _DATED_ISSUE.search(text):
        return "background"
    if _DANGLING.search(text):
        return "fragment"
    if _BACKGROUND.match(text) or _BACKGROUND.match(sentence):
        return "background"
    if _POINTER.search(text):
        return "pointer"
    if kind == "task" and (_PETITION.match(text) or _PETITION.match(sentence)):
        return "petition"
    if kind == "task" and _ongoing(text):
        return "ongoing"
    if kind == "task" and _STANCE.match(text):
        return "stance"
    if kind == "task" and (_BURDEN.match(text) or (";" not in sentence and _BURDEN.match(sentence))):
        return "burden"          # also an item that lost the firms it is said of ("DN cần …, đồng thời đóng góp …")
    if kind == "result" and _NOW_DOING.match(text):
        return "status"
    if kind in ("result", "task") and _ECONOMY.match(text) and not _CHANGED.search(text):
        return "descriptive"
    if _PROVIDER.match(sentence):
        return "agreement"
    if (kind == "task" and not asked and not _ACT_OPENS.match(text) and not _body_acts(text) and not _should(text)
            and not _listed_act(text, sentence)):
        return "unasked"
    return aside(kind, text, sentence)        # an example, a reasoning, an opinion … (asides.py)


# A heading run into the sentence that attributes the clause, with no stop between ("Thủ tướng đã làm
# được những việc ấm lòng DN Ông Vũ Tiến Lộc cho hay, …", "… các địa phương là 74,64% Theo kết quả đánh
# giá, …"): the heading is not part of the clause. The glue: a word, a figure or an acronym, then the
# capitalised opener of a source or a speaker, within the first HEADING_CHARS characters.
HEADING_CHARS = 200
_GLUED_SPEAKER = re.compile(r"(?<=[^\W_]|[%)])\s+(?=(?:Ông|Bà|Theo|Đồng chí|Chủ tịch|Phó|Bộ trưởng|Thứ trưởng|"
                            r"Giám đốc|Bí thư|Thủ tướng|Đại diện|Trưởng)\s)")
_NOT_GLUE = re.compile(r"(?<![^\W_])(?:được|của|và|với|cho|bởi|do|tại|là|như|thì)$", re.IGNORECASE)


def _unheaded(text: str) -> str:
    """The clause without a heading glued before its attribution."""
    for m in _GLUED_SPEAKER.finditer(text, 0, HEADING_CHARS):
        heading, rest = text[:m.start()], text[m.end():]
        if ", " in heading or len(heading.split()) < 4 or _NOT_GLUE.search(heading):
            continue
        said = _SAID.match(rest) or _SAID_BARE.match(rest)
        if (said and len(said.group("who")) <= 100 and not _marked(said.group("who"))) or _SOURCE.match(rest):
            return upper_first(_stripped(rest)[0])
    return text


def _heading(sentence: str) -> bool:
    """A short line without a stop at its end and with no list in it: a title or a heading."""
    line = sentence.strip()
    return (not line.endswith(_STOPPED) and ";" not in line and len(line.split()) <= HEADING_WORDS
            and not _ENUMERATOR.match(line))


def _last_of_repeats(found: list[Finding]) -> list[Finding]:
    """A clause said twice (a lead that repeats the body) is kept where it is said last."""
    later: set[str] = set()
    kept = []
    for f in reversed(found):
        key = comparable(f.text)
        if key not in later:
            later.add(key)
            kept.append(f)
    return kept[::-1]


# Where one clause ends and another begins inside a ';' item: "…, nhưng khâu yếu nhất vẫn là …",
# "…, song hai địa phương này phải …", "…, phấn đấu đến năm 2020 …".
_CLAUSE_BREAK = re.compile(r",\s*(?=(?:nhưng|song|tuy nhiên|mặc dù|trong khi(?! đó)|đồng thời|phấn đấu|cần)\s)", re.IGNORECASE)


# "… đã có nhiều chuyển biến tích cực nhưng vẫn còn nhiều vướng mắc": a result, then a shortfall
# its "nhưng" opens without a comma (the conjunction goes with the shortfall).
_BUT_BARE = re.compile(r"(?<=[^\W_])\s+(?=nhưng\s)", re.IGNORECASE)


_FIGURE = re.compile(r"\d")
_CONCEDING = re.compile(r"(?<![^\W_])(?:tuy|dù|mặc dù|đã \S+ năm)(?![^\W_])", re.IGNORECASE)


def _but_parts(clause: str) -> list[str]:
    """The clause cut before a bare "nhưng" when a shortfall follows it and an achievement with a
    figure or a named gain ("chuyển biến tích cực") comes before it, not conceded ("tuy đã xây dựng
    nhưng …", "đã hai năm nhưng …") nor an effort only ("đã nỗ lực rất nhiều nhưng …"); else the clause whole."""
    parts = []
    while m := _BUT_BARE.search(clause):                # a loop, not recursion: "… nhưng …" may repeat
        before, after = clause[:m.start()], clause[m.end():]
        following = _BUT_BARE.search(after, 1)
        said_after = after[:following.start()] if following else after
        if not (len(before.split()) >= 4 and _ACHIEVED.search(before)
                and (_RESULT.search(fold_chars(before)) or _FIGURE.search(before))
                and not _SHORTFALL.search(before) and not _CONCEDING.search(before) and _SHORTFALL.search(said_after)):
            break
        parts.append(before)
        clause = after
    return [*parts, clause]


# Two findings of one kind joined by a comma, each with its own subject: two rankings ("Sở A đứng đầu
# với 95 %, Sở B đứng cuối với 70 %") or two passives of work done ("công tác X được đẩy mạnh, an ninh
# được giữ vững"). A plain comma between clauses is not cut: that costs more right findings than it gains.
_RANKED = re.compile(r"(?<![^\W_])(?:đứng|xếp) (?:đầu|cuối|thứ)" + _W, re.IGNORECASE)
_PASSIVE_DONE = re.compile(r"(?<![^\W_])được (?:" + _WORK_DONE + r")" + _W, re.IGNORECASE)
# "… xếp thứ 2 là Quảng Ninh": a ranking that names, not one a subject obtained.
_RANK_NAMES = re.compile(r"\s*\S+\s+là" + _W, re.IGNORECASE)
_COMMA = re.compile(r",\s+")
SUBJECT_WORDS = 12          # longer, the words before the second marker are more than its subject


def _own_subject(words: str) -> bool:
    """The words before a marker name what it is said of, and say nothing found or promised themselves."""
    if len(words) > SUBJECT_WORDS * 12:
        return False
    n = len(words.split())
    return 2 <= n <= SUBJECT_WORDS and not _marked(words) and not _FIGURE.search(words)


def _comma_parts(clause: str) -> list[str]:
    """The clause cut at the first comma after a ranking or a passive of work done, when what follows
    the comma is the same marker with a subject of its own; else the clause whole. (Matches found once
    and walked with bisect: linear on long text.)"""
    found = {m: [x.span() for x in m.finditer(clause)] for m in (_RANKED, _PASSIVE_DONE)}
    commas = [x.span() for x in _COMMA.finditer(clause)]
    parts, at = [], 0
    while True:
        for marker, spans in found.items():
            i = bisect.bisect_left(spans, (at, 0))
            c = i < len(spans) and bisect.bisect_left(commas, (spans[i][1], 0))
            if not (i < len(spans) and c < len(commas)):
                continue
            comma = commas[c]
            j = bisect.bisect_left(spans, (comma[1], 0))
            if (j < len(spans) and _own_subject(clause[comma[1]:spans[j][0]])
                    and not (marker is _RANKED and _RANK_NAMES.match(clause, spans[j][1]))):
                parts.append(clause[at:comma[0]])
                at = comma[1]
                break
        else:
            return [*parts, clause[at:]]


def _judge_sentence(sentence: str, tasks_open: bool, limits_open: bool) -> list[tuple[str, str]]:
    """Each ';' clause of a sentence no rule above opened, judged by its own words; a leader's
    emphasis ("Phó Thủ tướng nhấn mạnh …") or an open task list makes its clauses tasks."""
    body, head = _stripped(sentence)
    task_context = False
    out: list[tuple[str, str]] = []
    lead = None
    if ((m := _EMPHASIS.match(sentence)) and _ASKER.search(fold_chars(sentence[:m.end()]))
            and len(sentence[m.end():].split()) > 1):        # not "“…”, Chủ tịch nhấn mạnh." after the quotation
        body, head = sentence[m.end():], sentence[:m.end()]
        lead = _shortfall_before(head) or _quoted_before(head)
        # stressing one shortfall ("Ông X nhấn mạnh hồ sơ trễ hạn vẫn còn nhiều") asks nothing
        task_context = (";" in body or bool(_LIST_INTRO.match(body))
                        or not (_SHORTFALL.search(body) and not _PLAN.search(body) and not _DO_SOON.match(body)))
    if _ENUMERATOR.match(sentence) and not _ACHIEVED.search(body):      # "Một là, …", "- …"
        task_context = True
    if tasks_open and (not _ACHIEVED.search(body) and _asks_to_do(body) or _body_acts(body) and not _achieved_first(body)):
        task_context = True
    if m := _LIST_INTRO.match(body):
        body = body[m.end():]
    if lead:
        out.append(lead)
    but = bool(_BUT_WORDS.match(head))
    pieces = [piece.strip().rstrip(_TRAILING) for piece in body.split(";")]
    judged = [[_judged(clause.strip().rstrip(_TRAILING), task_context, limits_open, but)
               for part in _CLAUSE_BREAK.split(piece) for cut in _but_parts(part)
               for clause in _comma_parts(cut) if clause.strip().rstrip(_TRAILING)]
              for piece in pieces]
    raised = bool(_RAISES_SHORTFALL.search(head))       # "… có tình trạng: a; b": each item a shortfall
    listed = "limitation" if raised else _list_kind([j for piece in judged for j in piece])
    for piece, found in zip(pieces, judged, strict=True):
        if (listed and not any(found) and (item := _unmarked_item(piece))
                and not (listed == "limitation" and not raised and (_asks_to_do(item) or _REMEDY.search(item)))):   # "kiện toàn …" is no shortfall
            out.append((listed, item))
        out += [j for j in found if j]
    return out


ASKER_WORDS = 12            # longer, the words after the last comma are a clause, not who asks


def _shortfall_before(head: str) -> tuple[str, str] | None:
    """A shortfall stated before who asks ("Vừa qua vẫn còn …, Chủ tịch đề nghị …", "Theo ông X, việc
    … chưa hiệu quả, giao Sở Y …"): ("limitation", clause) when the words before the last comma
    are judged one and the words after it only name the asker."""
    at = head.rfind(",")
    if at < 0 or len(head[at + 1:].split()) > ASKER_WORDS or _SHORTFALL.search(head[at + 1:]):
        return None
    lead = head[:at]
    if ";" in lead:             # a list: its items are judged one by one (`_shortfalls_before`), never as one clause
        return None
    framed = _FRAME.match(_stripped(lead)[0])
    if framed and (not framed.group("topic") or not re.search(r",|\sthì\s", lead)) or _SAID_ANY.search(lead):
        return None
    judged = _judged(lead, False, False)
    return judged if judged and judged[0] == "limitation" else None


# What frames an ask rather than states a shortfall: "Liên quan đến tình trạng …,", "Trước những bức xúc
# …,", "Đối với dự án chậm tiến độ …,"; a topic ("Về …", "Khi …") only when no clause follows it in the
# lead ("Về môi trường, vừa qua vẫn còn …" states one); and a lead that is someone's words
# ("…, một số ý kiến cho rằng, …").
_FRAME = re.compile(r"^(?:(?P<topic>về|khi)|liên quan(?: đến| tới)?|trước|đối với|ghi nhận|với|nêu|tiếp thu|trả lời|"
                    r"giải thích|nhằm|để|nhận thấy|xuất phát từ)" + _W, re.IGNORECASE)
_SAID_ANY = re.compile(r"(?<![^\W_])(?:cho rằng|cho biết|nói thêm|nói|ý kiến|phát biểu)" + _W, re.IGNORECASE)


def _list_kind(judged: list[tuple[str, str] | None]) -> str | None:
    """The kind the items of a ';' list share: at least two judged items, all of one kind."""
    kinds = {j[0] for j in judged if j}
    return kinds.pop() if len(kinds) == 1 and sum(1 for j in judged if j) >= 2 else None


def _unmarked_item(piece: str) -> str:
    """An item of a list that says nothing by its own words ("Thực hiện tốt các biện pháp …" among
    results), quoted when it is a clause: not a purpose, a reference, the meeting or a heading."""
    clause, _ = _stripped(piece)
    if _no_clause(clause, clause.split(), 5):
        return ""
    return _clause(clause)


def _no_clause(clause: str, words: list[str], fewest: int) -> bool:
    """Not a clause to judge: too short, a heading in capitals, a purpose, a reference, the meeting
    itself (a body that leads the work, "do Sở X chủ trì", is no meeting: `_work_led`), a question."""
    return (len(words) < fewest or all(w[:1].isupper() for w in words) or bool(_PURPOSE.match(clause))
            or bool(_REFERENCE.match(clause)) or bool(_MEETING_TALK.search(_work_led("task", clause)))
            or clause.rstrip(" ”\"").endswith("?"))


def _tasks(text: str) -> list[str]:
    """Tasks of one sentence: its ';' items, each split again at ', quyết tâm …'."""
    out = []
    for item in _items(text):
        parts = _RESOLVED.split(fold_chars(item))
        if len(parts) == 1:
            out.append(item)
            continue
        at = 0
        for part in parts:
            start = fold_chars(item).find(part, at)
            out.append(_clause(item[start:start + len(part)]))
            at = start + len(part)
    return out


# findrec4: shortfalls stated before an ask that `_shortfall_before` cannot read as one clause: a ';' list of
# them ("A còn …; B; C, là những nội dung Chủ tịch yêu cầu làm rõ"), or a clause joined to the asker's
# words by "và" ("Theo ông X, việc … chưa …, và đề nghị …"; "…, ông X nhìn nhận và kiến nghị …").
_AND_ASKS = re.compile(r"\s+và\s*$", re.IGNORECASE)
_THEY_ARE = re.compile(r",\s*(?:là|đó là) (?:những|các) (?:nội dung|vấn đề|việc)" + _W + r".*$", re.IGNORECASE)


def _shortfalls_before(head: str) -> list[str]:
    """Limitations said before an ask: the ';' items of a list of shortfalls that opens with one (each item
    a clause), or the clause before a closing "và"."""
    at = head.rfind(",")
    if at >= 0 and len(head[at + 1:].split()) <= ASKER_WORDS and ";" in head[:at]:
        items = [piece.strip().rstrip(_TRAILING) for piece in _THEY_ARE.sub("", head[:at]).split(";")]
        first = _judged(items[0], False, False)
        if not first or first[0] != "limitation":
            return []
        return [first[1]] + [c for c in (_unmarked_item(i) for i in items[1:]) if c]
    if ";" not in head and _AND_ASKS.search(head):
        judged = _judged(_AND_ASKS.sub("", head), False, False)
        return [judged[1]] if judged and judged[0] == "limitation" else []
    return []


# findrec4: who said a quotation, then "và" and the ask ("“…”, ông X nhìn nhận và kiến nghị sửa …"): the ask
# of a named person, as "ông X kiến nghị …" is.
_SAID_AND_ASKED = re.compile(r"(?:,|[”\"]\s*[–-])\s*(?:ông|bà|anh|chị)\s+(?-i:" + UPPER_CLASS + r")[^\s,;:]*(?:\s+(?-i:"
                             + UPPER_CLASS + r")[^\s,;:]*){0,3}"
                             r"\s+(?:nói|cho biết|nhìn nhận|nhấn mạnh|khẳng định|chia sẻ|cho rằng|nêu rõ|phân tích)\s+và\s+"
                             r"(?:kiến nghị|đề nghị|đề xuất|khuyến nghị|yêu cầu)\s*[,:]?\s*(?=[^\W\d_])", re.IGNORECASE)
# A quotation, then who stresses it ("“Các sở phải …”, Thủ tướng nhấn mạnh, “…”"): what he stresses is asked.
_QUOTE_THEN_SAID = re.compile(r"^[“\"](?P<said>[^“”\"]{10,600})[”\"]\s*,\s*[^“”\";]{1,100}$")


def _quoted_before(head: str) -> tuple[str, str] | None:
    """("task", clause) for a quotation the leader's emphasis closes, when its words are a task."""
    m = _QUOTE_THEN_SAID.match(head)
    if not m:
        return None
    judged = _judged(m.group("said").strip().rstrip(_TRAILING), True, False)
    return judged if judged and judged[0] == "task" else None


def _but_opens(clause: str) -> bool:
    """The clause opens with "tuy nhiên" / "song" with no comma after it: a shortfall follows, unless what
    is to be done comes first ("tuy nhiên cần nhìn thẳng vào hạn chế …" asks)."""
    if not _BUT_WORDS.match(clause) or clause.lower().startswith("song song"):
        return False
    plan, short = _PLAN.search(clause), _SHORTFALL.search(clause)
    return not (plan and short and plan.start() < short.start())


# findrec5: rejections that lost right findings.
# A ';' list whose first item opens with an act ("Đồng thời, đẩy nhanh …; lập, trình …"): the act's
# order governs the later items too, as an ask would.
# Not an item that is a noun phrase ("sự giúp đỡ của …", "tình trạng …": what the act governs, or the
# thanks of a frame "Thực hiện lời Bác, …; sự giúp đỡ …") nor one that only adds to the act ("đi đôi với …").
_NOT_AN_ACT = re.compile(r"^(?:sự|tình trạng|quyền|đi đôi với)" + _W, re.IGNORECASE)


@lru_cache(maxsize=32)
def _act_list(sentence: str) -> bool:
    """A ';' list that opens with an act: read once per sentence, as `_how_said`."""
    return ";" in sentence and bool(_ACT_OPENS.match(_stripped(sentence)[0]))


def _listed_act(text: str, sentence: str) -> bool:
    """A later item of a list that opens with an act, itself no noun phrase."""
    return _act_list(sentence) and not _NOT_AN_ACT.match(text)


# "… thành lập tổ công tác do Giám đốc sở chủ trì, …": who leads the work asked for, not a meeting's chair.
_LED_BY = re.compile(r"(?<![^\W_])do (?:[^\s,;:]+ ){1,5}?chủ trì" + _W, re.IGNORECASE)


def _work_led(kind: str, text: str) -> str:
    """The text to test for talk of the meeting: a task's "do X chủ trì" left out, unless the task
    names a meeting (then who chairs it is the meeting's)."""
    return _LED_BY.sub("", text) if kind == "task" and not _MEETING_NOUN.search(text) else text


# A speech marker ("?", "tôi", "tại sao") only inside a quotation the sentence cites before or after the
# clause ("Nêu ví dụ cán bộ nói: “Tôi …”, Chủ tịch đánh giá khâu yếu nhất là …"): the clause is not
# that speech. Read only on sentences up to QUOTE_CHARS long, so that the search for the clause stays bounded.
QUOTE_CHARS = 1000
_QUOTATION = re.compile(r"“[^“”]{0,%d}”" % QUOTE_CHARS)


@lru_cache(maxsize=32)
def _quotes_only(sentence: str) -> tuple[tuple[int, int], ...] | None:
    """The quotations of a sentence when all its speech markers are inside them, else None."""
    if len(sentence) > QUOTE_CHARS or "“" not in sentence:
        return None
    spans = tuple(m.span() for m in _QUOTATION.finditer(sentence))
    outside = _QUOTATION.sub(" ", sentence)
    if not spans or "“" in outside or "”" in outside or _how_said(outside)[0]:
        return None
    return spans


def _speech_quoted_aside(text: str, sentence: str) -> bool:
    """The sentence's speech is a quotation the clause is not part of."""
    spans = _quotes_only(sentence)
    if spans is None or "“" in text or "”" in text:
        return False
    at = sentence.find(text[1:])                    # the clause's first letter may have been capitalised
    return at > 0 and not any(lo < at + len(text) and at < hi for lo, hi in spans)
