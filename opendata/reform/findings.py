"""What a review found and promised: results, limitations ("tồn tại, hạn chế: a; b; c")
and tasks ahead ("Thời gian tới, cần …", "… yêu cầu các ban, ngành …").

A finding is a clause of the article, quoted: only the words that introduce it
("Qua đó,", "Thời gian tới, cần", "yêu cầu", "quyết tâm") are left out and its first
letter is capitalised, so each can be checked against its source sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..vntext import fold_chars, upper_first
from .areas import areas_of
from .people import LEADER

_LIMITATION_LIST = re.compile(r"(?<![^\W_])(?:ton tai|han che|kho khan|yeu kem|bat cap|vuong mac|khuyet diem)"
                              r"[^:;.]{0,40}:\s*")
_TASK_OPENS = re.compile(r"^(?:(?:trong )?(?:thoi gian toi|nhung thang cuoi nam|6 thang cuoi nam)|phuong huong[^,:]{0,80}?|"
                         r"nhiem vu (?:trong tam|thoi gian toi)[^,:]{0,80}?|(?:trong )?nam \d{4}(?=,\s*(?:can|se|tiep tuc|phan dau)\s))"
                         r"\s*[,:]\s*")
_TASK_LIST = re.compile(r"(?<![^\W_])(?:nhiem vu|giai phap)(?: [^\W\d_]+){0,4} (?:nhu|sau|gom)\s*:\s*")
# "yêu cầu" / "đề nghị" as a verb with someone after it; not the noun ("đúng yêu cầu",
# "yêu cầu, nhiệm vụ", "Về đề nghị …", "yêu cầu đề ra").
_ASK = re.compile(r"(?<![^\W_])(?<!da )(?<!dung )(?<!duoc )(?<!ve )(?<!cac )(?<!nhung )(?<!theo )(?<!voi )"
                  r"(?<!ung )(?<!tra )(?<!so )(?:yeu cau|de nghi)(?![^\W_])(?!\s*[,.;:])(?! de ra| dat ra| cua)\s*")
_NEED = re.compile(r"(?:^|,\s*)(?:can(?: phai)?|phai|se)\s+(?=[^\W\d_])")
# Who asks is a person with a title ("đồng chí X", "Chủ tịch UBND xã", "Thủ tướng"), not an
# association's petition or a document's wording.
_ASKER = re.compile(r"(?<![^\W_])(?:" + LEADER + r"|ubnd|uy ban nhan dan|ban chi dao|hoi nghi)(?![^\W_])")
_NEED_ANYWHERE = re.compile(r"(?<![^\W_])can(?: phai)?\s+(?=[^\W\d_])")
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
                 r"ban hanh|cong khai|rut ngan|giam|ung dung|huong dan)(?![^\W_])")
_TRAILING = " .;,…/"


@dataclass
class Finding:
    kind: str                    # result, limitation, task
    text: str
    sentence: str
    confidence: float
    areas: list[str] = field(default_factory=list)


def _clause(text: str) -> str:
    """A quoted clause: introducing connectives dropped, end punctuation trimmed."""
    text = text.strip().rstrip(_TRAILING).strip()
    m = _LEADING.match(fold_chars(text))
    if m:
        text = text[m.end():]
    return upper_first(text.strip())


def _items(text: str) -> list[str]:
    """List items separated by ';'."""
    return [c for c in (_clause(p) for p in text.split(";")) if len(c) > 3]


def find_findings(sentences: list[tuple[int, str]]) -> list[Finding]:
    """Findings of the sentences (paragraph number, sentence) that follow an event's opening."""
    out: list[Finding] = []
    listing_limits_in: int | None = None     # paragraph of an open "hạn chế: …" list
    tasks_open = False

    def add(kind: str, texts: list[str], sentence: str, confidence: float) -> None:
        for t in texts:
            if 3 < len(t) <= 600 and " " in t:          # longer: sentences the splitter could not part
                out.append(Finding(kind, t, sentence, confidence, areas_of(t)))

    for para, sentence in sentences:
        folded = fold_chars(sentence)
        if listing_limits_in is not None and para != listing_limits_in:
            listing_limits_in = None
        if m := _LIMITATION_LIST.search(folded):
            add("limitation", _items(sentence[m.end():]), sentence, 0.8)
            listing_limits_in, tasks_open = para, False
            continue
        if m := _TASK_OPENS.match(folded):
            tasks_open, listing_limits_in = True, None
            rest = sentence[m.end():]
            need = _NEED.match(fold_chars(rest))
            if need:
                rest = rest[need.end():]
            add("task", _tasks(rest), sentence, 0.8)
            continue
        if (m := _ASK.search(folded)) and _ASKER.search(folded[:m.start()]):
            tasks_open, listing_limits_in = True, None
            rest = sentence[m.end():]
            listed = _TASK_LIST.search(fold_chars(rest))
            add("task", _tasks(rest[listed.end():]) if listed else _tasks(rest), sentence, 0.8)
            continue
        if m := _TASK_LIST.search(folded):
            tasks_open, listing_limits_in = True, None
            add("task", _tasks(sentence[m.end():]), sentence, 0.7)
            continue
        if tasks_open:
            clause = _clause(sentence)
            need = _NEED.search(fold_chars(clause))
            if _DO.match(fold_chars(clause)):
                add("task", _tasks(clause), sentence, 0.6)
                continue
            if need:
                add("task", _tasks(clause[need.end():]), sentence, 0.7)
                continue
        if listing_limits_in is not None and not _NEED_ANYWHERE.search(folded):
            add("limitation", _items(sentence), sentence, 0.7)
            continue
        if _RESULT_OPENS.match(folded) or (_RESULT.search(folded) and not _BUT.match(folded)):
            add("result", [_clause(sentence)], sentence, 0.6)
            continue
        if (m := _BUT.match(folded)) and _STILL.search(folded):
            add("limitation", [_clause(sentence[m.end():])], sentence, 0.5)
    return out


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
