"""Vietnamese text rules, in one place.

Ingest, validation, the search index, queries and SQL functions all call these
functions, so that "hoà" and "hòa", NFD and NFC, "Ð" (U+00D0) and "Đ" (U+0110)
mean the same thing everywhere.

- ``normalize``: what we store (NFC, Icelandic eth mapped to Vietnamese đ,
  invisible characters removed). Tone placement is *not* rewritten in stored
  text: that is the author's spelling.
- ``canonical_tones``: one tone placement (``hòa``, ``thủy``) for comparing
  and indexing.
- ``fold``: lower case without any diacritic, ``đ`` folded to ``d``.
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = [
    "normalize",
    "is_normalized",
    "canonical_tones",
    "fold",
    "comparable",
    "slugify",
    "collapse_spaces",
    "syllables",
    "find_words",
    "fold_all",
    "fold_word",
    "has_diacritics",
    "abbreviations",
    "sort_key",
    "sentences",
    "upper_first",
    "unit_names",
    "decode_keystrokes",
    "iy_variant",
]

# U+00D0/U+00F0 (Icelandic eth) look like Đ/đ and arrive from HTML `&ETH;`.
_ETH = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})

# Invisible characters that break words apart or glue them together.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e"),
    None,
)


def normalize(text: str) -> str:
    """Return the stored form: Đ for Ð, invisible characters removed, NFC."""
    text = text.translate(_ETH).translate(_INVISIBLE)
    return unicodedata.normalize("NFC", text)


_NOT_STORED = "\u00d0\u00f0" + "".join(map(chr, _INVISIBLE))


def is_normalized(text: str) -> bool:
    """True when ``text`` is already in the stored form (fast: no copy when it is)."""
    # 15 substring scans run in C and beat one regex character class fourfold.
    return unicodedata.is_normalized("NFC", text) and not any(c in text for c in _NOT_STORED)


# --- tone placement -------------------------------------------------------

_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng


def _build_tone_table() -> dict[str, str]:
    """Map 'oà' -> 'òa' etc. for the open syllables whose placement varies."""
    table = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in _TONES:
            for f, s in ((first, second), (first.upper(), second), (first.upper(), second.upper()),
                         (first, second.upper())):
                new_style = unicodedata.normalize("NFC", f + s + tone)
                old_style = unicodedata.normalize("NFC", f + tone + s)
                table[new_style] = old_style
    return table


_TONE_TABLE = _build_tone_table()
_LOWER_TONE_TABLE = {k: v for k, v in _TONE_TABLE.items() if k == k.lower()}
# Only at the end of a syllable (hoà, khoẻ, thuỷ) and never after q (quý is qu+ý).
_TONE_RE = re.compile(
    "(?<![qQ])(" + "|".join(sorted(map(re.escape, _TONE_TABLE), key=len, reverse=True)) + r")(?!\w)"
)


def canonical_tones(text: str) -> str:
    """Place tone marks on the first vowel of open oa/oe/uy: hoà→hòa, Uỷ→Ủy.

    Closed syllables (hoàn), triphthongs (khuỷu, ngoài) and qu+y (quý) are left
    alone, as the spelling rules leave no choice there. Expects NFC text.
    """
    return _TONE_RE.sub(lambda m: _TONE_TABLE[m.group(1)], text)


# --- folding --------------------------------------------------------------


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x00C0, 0x1F00):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if base and base != ch and base.isascii():
            table[cp] = base.lower()
    for ch, base in (("đ", "d"), ("Đ", "d"), ("\u00d0", "d"), ("\u00f0", "d")):
        table[ord(ch)] = base
    return table


_FOLD_TABLE = _build_fold_table()
# Same folding, character for character (find_words relies on it): ASCII capitals
# lowered here too (str.lower() can change a string's length), combining marks kept.
_FOLD_SPAN_TABLE = {**{c: chr(c + 32) for c in range(ord("A"), ord("Z") + 1)}, **_FOLD_TABLE}
_COMBINING = dict.fromkeys(range(0x0300, 0x0370), None)


def fold(text: str) -> str:
    """Lower case without diacritics: 'Đinh Trung Hiếu' -> 'dinh trung hieu'."""
    text = normalize(text).translate(_FOLD_TABLE).translate(_COMBINING)
    return text.lower()


_FOLDED_WORDS: dict[str, str] = {}


def fold_word(word: str) -> str:
    """fold() for one stored-form syllable, cached: the vocabulary is small, calls are many."""
    folded = _FOLDED_WORDS.get(word)
    if folded is None:
        if len(_FOLDED_WORDS) > 200_000:
            _FOLDED_WORDS.clear()
        folded = _FOLDED_WORDS[word] = word.translate(_FOLD_TABLE).translate(_COMBINING).lower()
    return folded


def comparable(text: str) -> str:
    """Case- and tone-placement-insensitive key that keeps diacritics."""
    return collapse_spaces(canonical_tones(normalize(text)).lower())


_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def collapse_spaces(text: str) -> str:
    """One plain space for every run of horizontal white space, trimmed."""
    return _SPACES.sub(" ", text).strip()


_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """ASCII slug for ids and file names: 'Xã Long Môn' -> 'xa-long-mon'."""
    return _NON_SLUG.sub("-", fold(text)).strip("-")


# --- syllables, for indexing and queries ----------------------------------

_SYLLABLE = re.compile(r"[^\W_]+")


def syllables(text: str) -> list[str]:
    """Lower-case syllables in one tone placement: 'Hoà Bình, UBND' -> ['hòa', 'bình', 'ubnd'].

    One-letter syllables (ở, ý) are kept and nothing is a stop word: in Vietnamese
    'an' (an ninh), 'to' (to lớn) and 'ở' carry meaning.
    """
    if not is_normalized(text):
        text = normalize(text)
    table = _LOWER_TONE_TABLE
    return [w[:-2] + table[w[-2:]] if w[-2:] in table and w[-3:-2] != "q" else w
            for w in _SYLLABLE.findall(text.lower())]


@functools.lru_cache(maxsize=1024)
def _words_pattern(words: frozenset[str]) -> re.Pattern:
    """A regex matching any of the folded words as whole syllables of folded text."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(r"(?<![^\W_])(?:" + alternatives + r")(?![^\W_])")


def _fold_span_lut():
    import numpy as np

    lut = np.arange(0x2000, dtype=np.uint32)
    for cp, ch in _FOLD_SPAN_TABLE.items():
        if cp < len(lut) and len(ch) == 1:          # a letter that folds to two stays as it is
            lut[cp] = ord(ch)
    return np, lut


_NP, _SPAN_LUT = _fold_span_lut()


def fold_chars(text: str) -> str:
    """Fold character for character (same length, so positions in it hold in `text`):
    a table lookup over the code points, several times faster than str.translate."""
    np = _NP
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    folded = np.where(codes < len(_SPAN_LUT), _SPAN_LUT[np.minimum(codes, len(_SPAN_LUT) - 1)], codes)
    return folded.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")


def find_words(text: str, words) -> list[tuple[int, int, str]]:
    """(start, end, folded word) of each syllable of stored text whose folded form is in
    `words`: the text folded character for character, scanned once with a plain regex."""
    words = frozenset(w for w in words if w)
    if not words:
        return []
    return [(m.start(), m.end(), m.group()) for m in _words_pattern(words).finditer(fold_chars(text))]


def fold_all(words: list[str]) -> list[str]:
    """fold_word() for a list of syllables."""
    get = _FOLDED_WORDS.get
    return [get(w) or fold_word(w) for w in words]


def has_diacritics(word: str) -> bool:
    """True when folding changes the (lower-case) syllable: 'bán' yes, 'ban' no."""
    return fold(word) != word.lower()


@functools.lru_cache(maxsize=1)
def abbreviations() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """(abbreviation, expansion) pairs as folded syllable tuples, from data/abbreviations.csv."""
    import csv
    from importlib import resources

    pairs = []
    with resources.files("opendata").joinpath("data/abbreviations.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            abbr, expansion = tuple(fold_all(syllables(row["abbr"]))), tuple(fold_all(syllables(row["expansion"])))
            if abbr and expansion:
                pairs.append((abbr, expansion))
    return tuple(pairs)


# --- sorting ---------------------------------------------------------------

_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_MARKS = {"\u0306": "ă", "\u0302": "â"}          # breve, circumflex on a (others below)
_TONE_ORDER = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _letter_and_tone(ch: str) -> tuple[str, str]:
    """'ế' -> ('ê', sắc mark); 'Đ' -> ('đ', '')."""
    decomposed = unicodedata.normalize("NFD", ch.lower())
    base, marks = decomposed[0], decomposed[1:]
    tone = ""
    letter = base
    for m in marks:
        if m in _TONE_ORDER:
            tone = m
        else:
            letter = unicodedata.normalize("NFC", letter + m)
    return letter, tone


def sort_key(text: str) -> str:
    """A key that sorts Vietnamese text in dictionary order ("Dương" before "Đông",
    "a" < "ă" < "â"; tone marks only break ties), usable as a plain SQLite TEXT column."""
    primary, tones = [], []
    for ch in canonical_tones(normalize(text)):
        letter, tone = _letter_and_tone(ch)
        rank = _ALPHABET.find(letter)
        if rank >= 0:
            primary.append(chr(0x41 + rank))            # letters in Vietnamese order
        elif letter.isdigit():
            primary.append(letter if letter.isascii() else "0")
        else:
            primary.append("~" + letter if letter.isalnum() else " ")
        tones.append(str(_TONE_ORDER.get(tone, 0)))
    return "".join(primary) + "\u0000" + "".join(tones)


# --- sentences, for reading reform metadata out of news ------------------

# Upper- and lower-case letters as regex classes: "À-Ỹ" is no such class (it spans "à", "đ", "ạ" …).
_UPPER = "".join(c for c in map(chr, range(0x41, 0x1EFA)) if c.isalpha() and c.isupper())
_LOWER = "".join(c for c in map(chr, range(0x61, 0x1EFA)) if c.isalpha() and c.islower())
UPPER_CLASS = f"[{_UPPER}]"     # one upper-case letter, Vietnamese ones included ("Ô", "Ánh"), for other modules' patterns

# Abbreviations that end in a full stop inside a sentence ("TP. Hồ Chí Minh", "ThS. Lê"); joined
# titles are read by their last part ("PGS.TS. Lê", "GS.TSKH. Lê").
# "CN." is not among them: in news it is "công nhân" ending a sentence ("… nhà ở cho CN. Quan trọng
# là …"), almost never "Cử nhân" before a name.
_DOTTED = frozenset({"tp", "tx", "tt", "ts", "ths", "pgs", "gs", "bs", "ks", "st", "tskh", "ông", "bà"})
_PLACE_DOTTED = frozenset({"tp", "tx", "tt"})
# After such an abbreviation, the stop still ends the sentence when the next word opens sentences
# and never a person's or a place's name: a pronoun or a title said alone ("… cho CN. Ông Chung
# đề cập …", "… ở TP. Theo đó, …", "… nói ông. Tuy nhiên, …"). "Bà" begins place names ("TP. Bà
# Rịa"), so it opens a sentence only after a person's title.
_OPENS_SENTENCE = re.compile(
    r"(?:Ông|Tôi|Chúng|Họ|Theo|Tại|Trong|Về|Do|Vì|Cũng|Qua|Nhờ|Sau|Trước|Việc|Đó|Đây|Điều|Hôm|Phía|Ngoài|Ở|"
    r"Với|Để|Khi|Nếu|Nhưng|Những|Các|Nhiều|Mỗi|Hiện|Phải|Được|Tuy nhiên|Cụ thể|Đồng thời|Bên cạnh|Ảnh|Nguồn)"
    r"(?![^\W_])")
_SENTENCE_END = re.compile(r"(?:[.!?…]++[\"”’)]?)(?:/\.?)?(?=\s)")
_NEXT_CHAR = re.compile(r"\s*(\S?)")
# A stop after a figure ("… đạt 95,50%. 4 đơn vị …", "… năm 2017. 15 xã …") ends a sentence too, unless
# what follows is a thousands group of a number written with a stray space ("12. 633,5 triệu").
_AFTER_FIGURE = re.compile(r"(?:[%)]|\d[.!?…]\s++(?!\d{3}(?!\d)))")
# An inline list: a dash, '+' or '•' after a colon or a semicolon, before a capital, starts an item
# ("… như sau: - Xây dựng …; - Hoàn thiện …"); "kinh tế - xã hội" and "Sở Tài nguyên - Môi trường"
# have no colon or semicolon before the dash.
_INLINE_BULLET = re.compile(r"(?<=[:;])\s+(?=[-–+•]\s+[" + _UPPER + "])")
# Reported speech after a colon is a sentence of its own: "… Tổng cục Thuế nêu: Từ năm 2010, ngành
# Thuế đã …", when the colon follows a verb of saying and what was said begins with a capitalised
# word followed by a lower-case word or a number (a list of names "… gồm: Cục Trồng trọt, …"
# follows no such verb).
_SPEECH_COLON = re.compile(r"(?<![^\W_])(?:cho biết|nêu|nói|khẳng định|nhấn mạnh|cho rằng|chia sẻ|thông tin|báo cáo)"
                           r"\s*:\s+(?=[" + _UPPER + "][" + _LOWER + "]{0,12}\\s[0-9" + _LOWER + "])")
# A flattened body: a full stop (or '…') with no space before a capitalised word ("tháng 6/2017.Phó
# Thủ tướng", "… cây xanh…Những tồn tại"); the word must go on in lower case, so "TP.HCM" and
# "gov.vn" stay whole.
_GLUED_STOP = re.compile(r"(?<=[^\W_])(?:[.!?]|…|\.\.\.)(?=[" + _UPPER + "][" + _LOWER + "])")
# A heading or photo caption run into the sentence after it, with no stop between: the next
# sentence opens with a connective that is capitalised only at a sentence's start
# ("… sản xuất, kinh doanh Theo Bộ trưởng …", "Ảnh: An Đăng/TTXVN Bên cạnh đó, …"), or a
# caption's "Ảnh:" begins after the sentence it captions. A speech verb opens a sentence when a
# comma closes its phrase ("… hai phút Báo cáo với lãnh đạo Bộ, bà Nga cho biết"), not when it is
# an object ("trình bày Báo cáo tại Hội trường").
_GLUED_OPENER = re.compile(
    r"(?<=[\w)”\"])\s+(?=(?:Theo(?! dõi)|Tại|Bên cạnh|Tuy nhiên|Đồng thời|Ngoài ra|Qua đó|Nhờ đó|Theo đó|"
    r"Từ đó|Do đó|Sau khi|Vì vậy|Như vậy|Dù vậy|Mặc dù vậy|Tuy vậy|Mặt khác|Cụ thể|Trước đó|Sau đó|Hiện nay|"
    r"Đến nay|Tính đến|Cũng theo|Phát biểu|Kết luận|Đối với|Với|Ảnh:|\(Ảnh|"
    r"(?:Báo cáo|Trao đổi|Chia sẻ|Trả lời) (?:với|tại)(?=[^.!?;:,]{1,80},))[\s,:])")


_CAPTION = re.compile(r"(?<![^\W_])(?<!\()Ảnh\s*:\s*")
_CAPTION_IN_BRACKETS = re.compile(r"\((?:Ảnh|Nguồn)[^()]{0,80}\)(?=\s+[^\W\d_])")
# A related-article link or a heading in square brackets between two sentences ("… hành chính.
# [Cải cách hành chính, xây dựng Chính phủ kiến tạo] Các lĩnh vực …"): a piece of its own.
_BRACKETED_HEADING = re.compile(r"(?<=[.!?…])\s+\[[^\[\]]{1,150}\](?=\s+[" + _UPPER + "])")
_WORD = re.compile(r"\S+")


# Words that begin a body's name or a title, never a photo credit's: "Ảnh: Quang Hiếu Bộ Tài chính …"
# and "Ảnh: Minh Anh Phó Chủ tịch …" start their sentence at "Bộ", "Phó".
_BODY_OR_TITLE_HEADS = frozenset({"Bộ", "Sở", "Cục", "Ban", "Phòng", "Vụ", "Viện", "Tổng", "Ủy", "Uỷ", "Thủ",
                                  "Chủ", "Bí", "Giám", "Trưởng", "Chánh", "Phó", "UBND", "HĐND"})


def _caption_end(text: str, at: int) -> int | None:
    """Where a photo credit ("Thanh Lê", "An Đăng/TTXVN": one to four capitalised words)
    ends and a sentence starts: at the first capitalised word followed by a lower-case one,
    or before the body or title that word's name begins with."""
    words = []
    for m in _WORD.finditer(text, at):
        words.append(m)
        if len(words) > 6:
            break
    for k in range(1, min(len(words) - 1, 5)):
        if not all(w.group()[:1].isupper() for w in words[:k]):
            return None
        if words[k].group()[:1].isupper() and words[k + 1].group()[:1].islower():
            while k > 1 and words[k - 1].group() in _BODY_OR_TITLE_HEADS:
                k -= 1
            return words[k].start()
    return None


def sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences at a full stop (also '…', '!', '?', './.') that is
    followed by a capital letter (or by a number after a word or a figure: "… nhất. 4 cơ quan",
    "… đạt 95%. 4 cơ quan"), but not
    after 'TP.' or 'ThS.'; sentences come back trimmed. Flattened text is split too: a stop
    glued to the next sentence ("6/2017.Phó"), and a heading or caption run into the
    sentence after it (see `_GLUED_OPENER`)."""
    out = []
    for piece in _unglued(paragraph):
        out += _sentences(piece)
    return out


def _unglued(paragraph: str) -> list[str]:
    """The paragraph cut where a stop or a heading is glued to the next sentence."""
    cuts = [m.end() for m in _GLUED_STOP.finditer(paragraph)       # the word before: a bounded look back
            if (paragraph[max(m.start() - 12, 0):m.start()].split() or [""])[-1].lower().rsplit(".", 1)[-1]
            not in _DOTTED]
    cuts += [m.start() for m in _GLUED_OPENER.finditer(paragraph)]
    cuts += [m.end() for m in _CAPTION_IN_BRACKETS.finditer(paragraph)]
    cuts += [m.end() for m in _INLINE_BULLET.finditer(paragraph)]
    cuts += [m.end() for m in _SPEECH_COLON.finditer(paragraph)]
    cuts += [cut for m in _BRACKETED_HEADING.finditer(paragraph) for cut in (m.start(), m.end())]
    for m in _CAPTION.finditer(paragraph):                 # "Ảnh: Thanh Lê Báo cáo sơ kết …"
        if (cut := _caption_end(paragraph, m.end())) is not None:
            cuts.append(cut)
    pieces, start = [], 0
    for cut in sorted(set(cuts)):
        pieces.append(paragraph[start:cut])
        start = cut
    pieces.append(paragraph[start:])
    return [p for p in pieces if p.strip()]


def _keeps_abbreviation(paragraph: str, start: int, stop: re.Match) -> bool:
    """True when the full stop `stop` belongs to an abbreviation that the next words go on
    ("TP. Quảng Ngãi", "PGS.TS. Lê Văn"), not to the end of a sentence ("… cho CN. Ông Chung")."""
    look_from = max(start, stop.start() - 16)                  # a bounded look back, for linear time
    before = paragraph[look_from:stop.start()].rsplit(None, 1)
    if not before or (len(before) == 1 and look_from > start and not paragraph[look_from - 1].isspace()):
        return False                                           # no word, or one longer than any title
    abbreviation = before[-1].rsplit(".", 1)[-1]
    if abbreviation.lower() not in _DOTTED or abbreviation in ("Ông", "Bà"):   # "… đảo Cát Bà. Theo …"
        return False
    abbreviation = abbreviation.lower()
    following = paragraph[stop.end():stop.end() + 24].lstrip()
    if _OPENS_SENTENCE.match(following):
        return False
    return not (following.startswith("Bà ") and abbreviation not in _PLACE_DOTTED)


def _sentences(paragraph: str) -> list[str]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(paragraph):
        first = _NEXT_CHAR.match(paragraph, m.end()).group(1)     # the next sentence's first character
        after_word = paragraph[m.start() - 1:m.start()].isalpha()
        after_figure = m.start() > 0 and _AFTER_FIGURE.match(paragraph, m.start() - 1, m.end() + 8)
        if not first or not (first.isupper() or first in "\"“‘(-–+•" or (first.isdigit() and (after_word or after_figure))):
            continue
        if paragraph[m.start()] == "." and _keeps_abbreviation(paragraph, start, m):
            continue
        out.append(paragraph[start:m.end()].strip())
        start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if s]


def upper_first(text: str) -> str:
    """'cán bộ, công chức' -> 'Cán bộ, công chức' (only the first letter changes)."""
    return text[:1].upper() + text[1:]


# --- administrative unit names, as banners, footers and site headings write them --

# Level words that start a unit's full name; the longer spellings first ("Thị xã" before "Xã").
_LEVELS = ("thị trấn", "thị xã", "thành phố", "đặc khu", "xã", "phường", "huyện", "quận", "tỉnh")
_LEVEL_ABBR = {"tp": "thành phố", "tx": "thị xã", "tt": "thị trấn"}
_COUNCIL = re.compile(r"^(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân|hđnd|hội đồng nhân dân)\s+", re.IGNORECASE)
_LEVEL_AT = re.compile(r"(?<![^\W_])(" + "|".join(_LEVELS) + r"|tp\.?|tx\.?|tt\.)(?=\s)", re.IGNORECASE)
_UNIT_SEPARATORS = re.compile(r"\s+[/|\-–—,»›>]\s+|\s*[/|,»›]\s*")


def unit_names(line: str) -> list[str]:
    """The unit names a banner line gives, lowest level first as written:
    'UBND Xã Long Môn / Huyện Minh Long / Tỉnh Quảng Ngãi' and 'UBND XÃ LONG MÔN HUYỆN MINH LONG'
    -> ['Xã Long Môn', 'Huyện Minh Long', ...]. Prefixes UBND / Ủy ban nhân dân are dropped,
    'TP.' becomes 'thành phố'. Empty when a piece does not start with a level word, or when a
    name word is not capitalised (then the line is a sentence, not a banner)."""
    out = []
    for piece in _UNIT_SEPARATORS.split(collapse_spaces(normalize(line))):
        piece = _COUNCIL.sub("", piece.strip(" .:;-–"))
        if not piece:
            continue
        starts = [m.start() for m in _LEVEL_AT.finditer(piece)]
        if not starts or starts[0] != 0:
            return []
        for a, b in zip(starts, starts[1:] + [len(piece)]):
            name = piece[a:b].strip(" .,;-–")
            level, _, rest = name.partition(" ")
            if level.lower().rstrip(".") in _LEVEL_ABBR:
                level = _LEVEL_ABBR[level.lower().rstrip(".")]
            elif " " in name and name.lower().startswith(("thị trấn", "thị xã", "thành phố", "đặc khu")):
                two, rest = name.split(" ", 2)[:2], " ".join(name.split(" ")[2:])
                level = " ".join(two)
            words = rest.split()
            if not words or len(words) > 6 or not all(w[:1].isupper() or w[:1].isdigit() for w in words):
                return []
            out.append(f"{level[:1].upper()}{level[1:].lower()} {' '.join(words)}")
    return out


# --- what people type: Telex / VNI keystrokes left in, i/y spellings -----------

_TONE_KEYS_TELEX = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
_TONE_KEYS_VNI = {"1": "\u0301", "2": "\u0300", "3": "\u0309", "4": "\u0303", "5": "\u0323"}
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
_VOWELS = "aeiouy"
_FINALS = ("c", "ch", "m", "n", "ng", "nh", "p", "t")
_ONSETS = frozenset(("", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh",
                     "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"))
_KEYSTROKE_WORD = re.compile(r"[a-z][a-z0-9]*")


def _place_tone(letters: list[list[str]], tone: str) -> str:
    """Compose [base letter, mark] pairs with the tone on the vowel the rules choose:
    a vowel with a mark (â ê ô ơ ư ă; ơ in ươ), else the only vowel, else the second of
    two before a final consonant or the first of an open pair (hòa, thủy, as
    canonical_tones), the middle of three. `qu` and `gi` before a vowel are onsets."""
    word = "".join(b for b, _ in letters)
    start = 2 if word[:2] in ("qu", "gi") and len(word) > 2 and word[2] in _VOWELS else 0
    vowels = [i for i in range(start, len(letters)) if letters[i][0] in _VOWELS]
    if tone and vowels:
        marked = [i for i in vowels if letters[i][1]]
        if marked:
            target = marked[-1]
        elif len(vowels) == 1:
            target = vowels[0]
        elif len(vowels) == 2:
            target = vowels[1] if vowels[-1] + 1 < len(letters) else vowels[0]
        else:
            target = vowels[1]
        letters[target] = [letters[target][0], letters[target][1] + tone]
    return unicodedata.normalize("NFC", "".join(b + m for b, m in letters))


def _valid_syllable(letters: list[list[str]]) -> bool:
    """Onset + vowels + final, as Vietnamese spells them (vowel marks on vowels only)."""
    word = "".join(b for b, _ in letters).replace("dd", "đ")
    i = 0
    while i < len(word) and word[i] not in _VOWELS:
        i += 1
    j = i
    while j < len(word) and word[j] in _VOWELS:
        j += 1
    onset, nucleus, final = word[:i], word[i:j], word[j:]
    if onset == "g" and nucleus[:1] == "i" and len(nucleus) > 1:
        onset = "gi"
    if onset == "q" and nucleus[:1] == "u":
        onset = "qu"
    return bool(nucleus) and len(nucleus) <= 3 and onset in _ONSETS and (not final or final in _FINALS)


def decode_keystrokes(word: str) -> str | None:
    """The syllable meant by Telex or VNI keys typed with the Vietnamese keyboard off:
    'hooij' / 'ho65i' / 'hoi65' -> 'hội', 'dduwowngf' / 'd9u7o7ng2' -> 'đường', 'uyx' ->
    'ũy'. None when the word has no such keys or is not a syllable once decoded.
    Folded Vietnamese never has s f r x j w z after its first vowel, doubled aa ee oo
    (rare loans such as 'xoong' aside) or digits among letters; those are the cues."""
    word = word.lower()
    if not word.isascii() or not _KEYSTROKE_WORD.fullmatch(word):
        return None
    vni = any(c.isdigit() for c in word)
    letters: list[list[str]] = []          # [base letter, vowel mark]
    tone, used = "", False
    for ch in word:
        seen_vowel = any(b in _VOWELS for b, _ in letters)
        if vni and ch.isdigit():
            used = True
            if ch in _TONE_KEYS_VNI and not tone:      # digits are no letters: before the vowel too
                tone = _TONE_KEYS_VNI[ch]
            elif ch == "0":
                tone = ""
            elif ch in "678":
                wanted = {"6": "aeo", "7": "ou", "8": "a"}[ch]
                mark = {"6": _CIRCUMFLEX, "7": _HORN, "8": _BREVE}[ch]
                spots = [i for i, (b, m) in enumerate(letters) if b in wanted and not m]
                if not spots:
                    return None
                if ch == "7" and len(spots) > 1 and letters[spots[-2]][0] == "u" and spots[-1] == spots[-2] + 1:
                    letters[spots[-2]][1] = _HORN          # uo7 -> ươ
                letters[spots[-1]][1] = mark
            elif ch == "9":
                spots = [i for i, (b, m) in enumerate(letters) if b == "d"]
                if not spots:
                    return None
                letters[spots[0]][0] = "đ"
            else:
                return None
            continue
        if vni:
            letters.append([ch, ""])
            continue
        if ch in _TONE_KEYS_TELEX and seen_vowel:
            tone, used = _TONE_KEYS_TELEX[ch], True
        elif ch == "z" and seen_vowel:
            tone, used = "", True
        elif ch == "w":
            used = True
            spots = [i for i, (b, m) in enumerate(letters) if b in "aou" and not m]
            if not spots:
                letters.append(["u", _HORN])           # a bare w is ư
                continue
            last = spots[-1]
            if letters[last][0] == "o" and last > 0 and letters[last - 1][0] == "u" and not letters[last - 1][1]:
                letters[last - 1][1] = _HORN           # uow -> ươ
            letters[last][1] = _BREVE if letters[last][0] == "a" else _HORN
        elif ch in "aeo" and letters and letters[-1] == [ch, ""]:
            letters[-1][1], used = _CIRCUMFLEX, True      # aa ee oo
        elif ch == "d" and letters == [["d", ""]]:
            letters[0][0], used = "đ", True
        else:
            letters.append([ch, ""])
    if not used or not _valid_syllable(letters):
        return None
    return canonical_tones(_place_tone(letters, tone))


_IY = re.compile(r"^(qu|[hklmst])([iy])$")


def iy_variant(syllable: str) -> str | None:
    """The other spelling of an open syllable ending in i or y after h, k, l, m, s, t or qu
    (kĩ / kỹ, lí / lý, qui / quy, mi / my): both are correct and mean the same word.
    Tone marks are kept ('kĩ' -> 'kỹ'); None when the syllable has no such variant."""
    decomposed = unicodedata.normalize("NFD", syllable.lower())
    tones = "".join(c for c in decomposed if c in _TONES)
    base = "".join(c for c in decomposed if c not in _TONES)
    if not _IY.match(base):
        return None
    other = base[:-1] + ("y" if base[-1] == "i" else "i")
    return unicodedata.normalize("NFC", other + tones)
