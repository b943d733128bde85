"""Clauses that read like findings but are asides to the work reviewed (issue 15, precision).

`findings.doubtful` asks `aside` last: an example told to illustrate a point, a consequence
reasoned out ("… thì … sẽ …"), an opinion ("X chính là …", "… là quan trọng"), figures of firms
or of the population, how results are grouped, a pointer to what a text says, a worry voiced,
what a rule is for or will bring, an explanation, a decree recalled, the meeting's own course or
a session scheduled, a load judged heavy, a stance, a speaker's "mình", the content of a law. Each pattern is a structure of the language (a
marker, a clause shape), read on the clause (`text`) or on its sentence; a search over the
whole sentence is done once per sentence (`_sentence_has`), so a long sentence of many clauses
stays linear (`bench/extract_hostile.py`, shapes `asks-list` and `results-run`).
"""

from __future__ import annotations

import functools
import re

_W = r"(?![^\W_])"
_B = r"(?<![^\W_])"


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


# "Như ở xã A có …", "Ông X dẫn trường hợp một hộ …": an anecdote that illustrates, not a finding.
_EXAMPLE = _re(r"^như (?:ở|tại)" + _W + "|" + _B + r"(?:dẫn|lấy|nêu)(?: ra)? (?:trường hợp|ví dụ|dẫn chứng)" + _W)
# A consequence reasoned out: "Chi thường xuyên giảm thì ngân sách sẽ dư", "… không thể … nếu …",
# "về lý thuyết …" (a task "… thì cần/phải/sẽ …" keeps its condition; "đã … thì …" reports what was done).
_THEN = _re(_B + r"thì" + _W)
_WILL = _re(_B + r"sẽ" + _W)
_DONE_BEFORE = _re(_B + r"đã" + _W)
_REASONED = _re(_B + r"không thể [^,;]{1,60}? nếu" + _W + "|" + _B + r"(?:về|trên) lý thuyết" + _W)
# A judgement in a copula: "Điều người dân cần chính là …", "… là quan trọng với …", "… là không phù hợp",
# "không thể nói …" ("thủ tục hành chính là …" is no "chính là").
_JUDGEMENT = _re(_B + r"(?:không thể nói|là không phù hợp|là (?:rất |hết sức )?quan trọng(?= với| đối với|$))" + _W
                 + r"|^[^,;]{0,80}?(?<!hành )" + _B + r"chính là" + _W)
# Figures of firms' own business or of the population: descriptive, nobody at the event achieved them.
_DESCRIPTIVE = _re(r"^(?:(?:kết quả (?:sản xuất )?kinh doanh|hiệu suất|lợi nhuận|doanh thu|niềm tin)[^,;]{0,60}? của "
                   r"(?:các |những )?(?:dn|doanh nghiệp)|dân số)" + _W + r"|^[^\W\d_]+(?: [^\W\d_]+){0,3} là ngành" + _W
                   + r"|^tổng số [^;]{0,80}? có (?:khoảng |trên |hơn |gần )*\d"
                   + r"|^(?:các |nhiều )?(?:dn|doanh nghiệp)(?: vẫn)?(?: đang)? (?:trong|gặp) (?:tình trạng|hoàn cảnh)" + _W)
# How results are arranged or a cooperation is framed: "Kết quả được chia thành 4 nhóm", "dựa trên nguyên tắc …".
_ARRANGEMENT = _re(_B + r"(?:(?:chia|phân) (?:thành|làm) \d+ nhóm|dựa (?:trên|vào) (?:nguyên tắc|cơ sở))" + _W)
# A pointer to results or to a text, not the result: "… đã phản ánh kết quả …", "… được thể hiện tại Điều 4 …".
_POINTS_TO = _re(_B + r"(?:(?<!chưa )(?<!không )phản ánh (?:kết quả|thực chất)|(?:như vậy|như trên|nêu trên) (?:đã |cũng )?"
                 r"được thể hiện|được thể hiện (?:khái quát |rõ )?(?:trong|tại) (?:khoản|điều|dự thảo|luật)|"
                 r"(?:đề ra|nêu ra|chỉ ra|nêu lên) (?:những|các|một số) vấn đề)" + _W
                 + "|" + _B + r"(?:một số|các|những) nội dung(?: [^\W\d_]+){0,6}$")
# The tail of a contrast, cut from its sentence: "Chứ không phải …".
_CONTRAST_TAIL = _re(r"^chứ\s")
# A worry voiced, not a shortfall found: "Cử tri bày tỏ sự lo lắng trước …".
_WORRY = _re(_B + r"bày tỏ (?:sự )?(?:lo lắng|lo ngại|băn khoăn|quan ngại)" + _W)
# What a rule or a thing just named is for, or will bring: "Quy định này nhằm …", "Mô hình này sẽ giúp …".
_FOR = _re(r"^[^,;]{0,60}?" + _B + r"(?:này|đó) (?:cũng )?(?:là )?nhằm" + _W)
_WILL_BRING = _re(r"^[^,;]{0,60}?" + _B + r"này (?:cũng )?sẽ (?:giúp|nâng cao|giảm|tạo|mang lại|góp phần)" + _W)
# An explanation: "Giải thích về …, bà X cho biết …", "… xuất phát từ …" (a shortfall "xuất phát từ" its
# cause is still a shortfall).
_EXPLAINS = _re(r"^giải thích" + _W)
_STEMS_FROM = _re(_B + r"xuất phát từ" + _W)
# A decree recalled with its date: "Chính phủ đã có Nghị quyết 30c ngày 8/11/2011 …": background.
_DECREE_RECALLED = _re(_B + r"đã có (?:nghị quyết|nghị định|quyết định|chỉ thị|thông tư) [^,;]{0,40}?ngày \d")
# The meeting's own course: its opinions, its debate, its conclusion to come, a poll before a debate,
# a courtesy call.
_OPINIONS_HEARD = _re(_B + r"ý kiến góp ý" + _W + r"|^(?:trong|tại) (?:cuộc|buổi) (?:gặp|tiếp|hội đàm|tiếp xúc)" + _W)
_SESSION = _re(r"^căn cứ (?:vào )?kết quả thảo luận" + _W + "|" + _B + r"sẽ kết luận" + _W + "|" + _B
               + r"(?:trước|sau) khi (?:vào|bước vào|bắt đầu|kết thúc) (?:phần|phiên|buổi|hội nghị)" + _W)
# A session scheduled: "HĐND các cấp sẽ tổ chức kỳ họp thứ nhất …".
_SESSION_SET = _re(_B + r"sẽ (?:tổ chức|tiến hành|khai mạc) kỳ họp thứ (?:nhất|hai|ba|\d+)" + _W)
# The load judged, nothing asked: "Nhiệm vụ 6 tháng cuối năm còn rất nặng nề".
_HEAVY = _re(_B + r"nhiệm vụ[^,;]{0,40}? (?:còn )?(?:rất |hết sức )?nặng nề$")
# A stance, not a task: "Quan điểm của Việt Nam là …", "Lập trường …".
_VIEW = _re(r"^(?:quan điểm|lập trường)" + _W)
# A speaker's own "mình" ("Ông X cho hay mình chưa có dịp …", the clause without who says it): first
# person, an interview.
_SELF_OPENS = _re(r"^mình\s")
# What a law requires, its source inside the sentence ("Từ 1/1, theo luật A, hai cơ sở dữ liệu phải …")
# or at its end ("Việc chuyển phát hồ sơ phải … theo quy định").
_LAW_REQUIRES = _re(_B + r"theo (?:quy định|luật|nghị định)[^;]{0,120}? phải" + _W)
_AS_RULED = _re(r"^việc [^;]{0,120}? phải" + _W + r"[^;]*theo quy định$")


# What something should be, not an act asked of a body: "Khu vực tư nhân phải là động lực …",
# "Hai khối này phải trở thành …" (an opinion of its place; "phải hoàn thành" is an act).
_SHOULD_BE = _re(_B + r"phải (?:là|thành|trở thành|có được vị trí)" + _W)
# A code of conduct for officials quoted as the frame of the sentence ("Cán bộ, công chức … phải tuân thủ …;
# không …; nghiêm cấm …"): the rule's content, as a citizen's duty is, not what the event found or set.
# (the verb says it: "phải tuân thủ", "phải thực hiện nghiêm quy định …"; "Công chức phải thẩm định kỹ …" is work asked)
_CONDUCT = _re(r"^(?:(?:đặc biệt|đồng thời|ngoài ra),\s*)?(?:cán bộ|công chức)[^;]{0,100}? phải (?:tuân thủ|chấp hành|"
               r"thực hiện (?:nghiêm|đúng|đầy đủ)(?: các| những)? (?:quy định|quy tắc|quy chế|nội quy))" + _W)
# An ask put to citizens ("Đề nghị phụ huynh đưa đón …", "yêu cầu người dân khai báo …"): their duty, not a
# task of the bodies reviewed (the clause opens with the citizens the ask is put to).
_PEOPLE = (r"(?:các |mọi |những |toàn thể )?(?:quý )?(?:phụ huynh|người dân|nhân dân|hộ dân|bà con|học sinh|cha mẹ|"
           r"hộ gia đình|công dân|chủ hộ)")
_ASK_OF_PEOPLE = _re(_B + r"(?:yêu cầu|đề nghị|kêu gọi|vận động|khuyến cáo)\s+" + _PEOPLE + _W)
_PEOPLE_OPEN = _re(r"^" + _PEOPLE + _W)
# Time needed, not an act: "… vẫn cần độ trễ để …", "doanh nghiệp cần thời gian để chuẩn bị".
_NEEDS_TIME = _re(_B + r"cần (?:có )?(?:độ trễ|thời gian)" + _W)
# "cần" + verb qualifying a noun, then the clause's own predicate: "số dịch vụ cần triển khai đã giảm …",
# "các nội dung cần triển khai gồm …" (what is to be done is named, nothing is asked here).
_NEED_QUALIFIES = _re(_B + r"(?:số|các|những|nội dung|việc|nhiệm vụ|danh mục)(?: [^\W\d_]+){0,6} cần (?:phải )?"
                      r"[^\W\d_]+(?: [^\W\d_]+)? (?:đã|là|gồm|bao gồm|còn|vẫn)" + _W)
# A purpose standing alone as a list item ("Để nâng cao chất lượng phục vụ", "Làm cho người dân hài lòng"):
# an aim, nothing done or asked ("Để lại …", "để xảy ra" are verbs, not a purpose).
_PURPOSE_ITEM = _re(r"^(?:để(?! lại| xảy| cho)|làm cho|nhằm)\s[^,;]*$")
# A question put to someone at the meeting ("Tôi đề nghị anh Nam trả lời …"): its proceedings.
_PUT_TO = _re(r"^(?:anh|chị|ông|bà|đồng chí|đại biểu) (?-i:[A-ZĐ])[^;]{0,80}? (?:trả lời|giải trình|làm rõ)" + _W)


def _reasoned(kind: str, text: str) -> bool:
    """A consequence reasoned out; one search for "thì", one for "sẽ" after it (linear)."""
    if _REASONED.search(text):
        return True
    then = _THEN.search(text)
    return (kind != "task" and then is not None and _WILL.search(text, then.end()) is not None
            and not _DONE_BEFORE.search(text, 0, then.start()))


@functools.lru_cache(maxsize=256)
def _sentence_has(pattern: re.Pattern, sentence: str) -> bool:
    """A search over the whole sentence, done once per sentence: every clause of a long
    sentence asks it (a flattened body of 30,000 words with ';' items made this quadratic)."""
    return pattern.search(sentence) is not None


def aside(kind: str, text: str, sentence: str) -> str:
    """Why a judged clause is an aside to the work reviewed ('' when it is not)."""
    if _EXAMPLE.search(text):
        return "example"
    if _reasoned(kind, text):
        return "hypothesis"
    if _JUDGEMENT.search(text):
        return "opinion"
    if _DESCRIPTIVE.search(text):
        return "descriptive"
    if _ARRANGEMENT.search(text):
        return "description"
    if _POINTS_TO.search(text):
        return "pointer"
    if _CONTRAST_TAIL.match(text):
        return "fragment"
    if _WORRY.search(text):
        return "worry"
    if _FOR.search(text):
        return "purpose"
    if _WILL_BRING.search(text):
        return "benefit"
    if _EXPLAINS.match(sentence) or (kind != "limitation" and _STEMS_FROM.search(text)):   # a weakness's cause stays
        return "explanation"
    if _DECREE_RECALLED.search(text):
        return "background"
    if _OPINIONS_HEARD.search(text) or _sentence_has(_SESSION, sentence) or _SESSION_SET.search(text):
        return "meeting"
    if _HEAVY.search(text):
        return "appraisal"
    if kind == "task" and _VIEW.match(text):
        return "stance"
    if _SELF_OPENS.match(text):
        return "speech"
    if kind == "task" and (_LAW_REQUIRES.search(text) or _AS_RULED.search(text)):
        return "rule"
    return _aside_more(kind, text, sentence)


def _aside_more(kind: str, text: str, sentence: str) -> str:
    """Further asides (issue 15, round 4): what should be, a code of conduct, an ask put to citizens,
    time needed, a need that only qualifies a noun, a purpose alone, a question put to someone."""
    if kind == "task" and _SHOULD_BE.search(text):
        return "opinion"
    if _CONDUCT.match(sentence):
        return "rule"
    if kind == "task" and _PEOPLE_OPEN.match(text) and _sentence_has(_ASK_OF_PEOPLE, sentence):
        return "burden"
    if kind == "task" and _NEEDS_TIME.search(text):        # a shortfall "… cần có thời gian" stays one
        return "lag"
    if kind == "task" and _NEED_QUALIFIES.search(text):
        return "description"
    if _PURPOSE_ITEM.match(text):
        return "purpose"
    if kind == "task" and _PUT_TO.match(text):
        return "question"
    return ""
