"""Reading commune portal pages: the text a browser copy gives, and the page's HTML.

One pipeline for both, whatever the platform (Liferay, SharePoint, VNPT and other
vendors' CMSs, WordPress):

1. decode (``ingest.decode_page``: HTTP header, ``<meta>``, else UTF-8; NFC);
2. HTML to lines (`html_lines`): block elements end lines; adjacent inline elements
   with nothing between them are kept apart (a banner of three ``<span>``s);
3. classify: error, home and listing pages raise `NotAnArticle` with its ``kind``;
4. the publish date: the visible date line (``08/04/2024 16:06``, ``16:06 08/04/2024``,
   ``Thứ Hai, 08/04/2024 - 16:06``, ``Ngày đăng`` on its own line …), else the page's
   metadata (``article:published_time``, ``<time datetime>``, JSON-LD ``datePublished``);
5. the title: the line just before the date line (what the portal prints above it);
   ``<h1>``/og:title only when that line is not a title (dates printed above titles);
   trafilatura's guess never, as it picks sidebar headings on Liferay portals;
6. the body: our lines from the date to the first of "Tin liên quan / Tin khác / Các tin
   đã đưa", comment forms or the footer, share and print buttons dropped; in HTML,
   trafilatura's main text trims sidebars off its ends;
7. the author or source line, the view count, the footer fields;
8. the unit evidence (banner, footer owner, site heading, URL), resolved by ``ingest``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

from .errors import NotAnArticle, OpendataError
from .vntext import collapse_spaces, comparable, fold_chars, normalize, unit_names

VN_TZ = timezone(timedelta(hours=7))
# trafilatura is quadratic-ish on huge pages; above this our own reading stands alone.
TRAFILATURA_MAX_CHARS = 1_500_000


def _folded(patterns: tuple[str, ...]) -> re.Pattern:
    """One full-line regex over folded text (lower case, no diacritics, đ -> d)."""
    return re.compile(r"^(?:" + "|".join(patterns) + r")$")


# Lines that are navigation, tools or badges, never content (matched on folded text).
_NOISE = _folded((
    r"truy cap noi dung luon", r"skip to (?:main )?content", r"bo qua noi dung", r"(?:nghe|doc) bai(?: viet)?",
    r"co chu:?(?: ?a[+-]?)*", r"(?:a[+-]? ?){2,3}", r"in bai(?: viet)?|in trang|ban in|print|gui email|gui bai|e-?mail",
    r"chia se(?: bai viet| trang)?:?|share(?: this)?:?|luu bai(?: viet)?|quay lai|tro ve|ve dau trang|len dau trang",
    r"(?:facebook|zalo|twitter|tweet|like|share|linkedin|pinterest|messenger)(?: \d+)?",
    r"chung nhan tin nhiem mang", r"(?:trang chu|home)(?: ?[>/»|›] .*)?", r"(?:tin tuc|tin tuc - su kien)(?: [>/»|›] .*)?",
    r"[^>»›]{1,60}(?: [>»›] [^>»›]{1,80}){2,}",        # breadcrumbs: A > B > C
    r"(?:chuyen muc|danh muc|category|the|tags?|tu khoa)\s*:.{0,120}",   # filing labels, not content
))
_TITLE_LABEL = re.compile(r"^(?:tieu de|title)\s*:\s*")
_URL_LINE = re.compile(r"^(?:\(?(?:nguon|source)\s*:\s*)?https?://\S+\)?$")
# A label that stands on its own line above the date ("Ngày đăng", "Posted on").
_DATE_LABEL = (r"ngay dang(?: tin| bai| tai)?|dang ngay|ngay cap nhat|cap nhat(?: luc| ngay)?|ngay xuat ban|"
               r"xuat ban(?: ngay)?|thoi gian(?: dang| cap nhat)?|dang luc|dang tai|ngay|posted(?: on)?|"
               r"published(?: on)?|date|updated|publish date|ngay phat hanh")
# A toolbar printed on one line: "Facebook Twitter In bài viết", "Chia sẻ: Zalo | Gửi email".
_TOOLS = re.compile(r"\b(?:facebook|zalo|twitter|tweet|linkedin|pinterest|messenger|like|share|chia se|in bai viet|"
                    r"in bai|in trang|ban in|print|gui email|e-?mail|luu bai viet|luu bai|quay lai|tro ve|"
                    r"ve dau trang|len dau trang|copy link|sao chep lien ket|co chu|a\+|a-)(?![\w+-])")
_LABEL_ONLY = _folded((rf"(?:{_DATE_LABEL})\s*:?",))
# Where the article ends: related lists, comment forms, sidebars that follow it, the footer.
_STOP = _folded((
    r"(?:cac |nhung )?(?:tin|bai|bai viet|tin tuc|tin bai)(?: (?:lien quan|khac|cung chuyen muc|moi hon|cu hon|"
    r"da dua|da dang|moi nhat|moi|xem nhieu|noi bat|cung loai|cung danh muc)):?",
    r"cac tin (?:da dua|khac|moi|cu)(?: .{0,30})?:?", r"(?:xem|doc) them:?", r"y kien ban doc:?",
    r"(?:gui |viet |de lai )?(?:y kien|binh luan|phan hoi|nhan xet)(?: cua ban| ban doc)?:?",
    r"leave a (?:reply|comment)", r"(?:related|other|latest|hot) (?:news|posts|articles)", r"comments?:?",
    r"most viewed", r"lien ket (?:website|web)", r"thong ke truy cap", r"van ban moi", r"thu vien (?:anh|video)",
    r"ho (?:va )?ten:?\s*\*?", r"ma (?:xac nhan|bao mat):?", r"ban quyen .*|copyright .*|© .*|giay phep .*",
    r"(?:thiet ke|phat trien|xay dung|thuc hien) (?:boi|va phat trien boi) .*", r"truong ban bien tap:? .*",
    r"ghi ro nguon .*",
))
_SITE_HEADING = _folded((r"(?:cong|trang) thong tin dien tu(?: [\w .'’-]{2,60})?",))
_VIEWS = re.compile(r"^(?:so )?(?:luot xem|luot doc|view count|views?|da xem|so lan xem)\s*:?\s*(\d[\d.,]*)(?: luot)?$")
_VIEWS_LABEL = _folded((r"(?:so )?(?:luot xem|luot doc|view count|views?|da xem)\s*:?",))
# A label needs its colon ("Tin đăng trên trang của xã …" is a sentence, "Tin: Minh Hà" a
# credit); only "Theo Báo …" goes without one, when what follows is short and has no comma.
_AUTHOR_LABEL = re.compile(
    r"^(?:(?:tac gia|nguoi viet|nguoi dang|dang boi|nguoi thuc hien|thuc hien|tin|bai|anh|tin, anh|tin va anh|"
    r"tin & anh|bai, anh|bai va anh|bai & anh|nguon|nguon tin|theo|source|author|by|posted by)\s*:\s*"
    r"|theo\s+(?=(?:[^\s,]+\s*){1,8}$))")
_AUTHOR_NAME = re.compile(r"^\(?([A-ZĐ][\wĐđ.]*(?:(?:[ -]| [-–] )[A-ZĐ][\wĐđ.]*){0,5})\)?\.?$")
_FOOTER_FIELDS = {
    "owner": re.compile(r"^co quan chu quan\s*:\s*"),
    "content_responsible": re.compile(r"^(?:chiu trach nhiem(?: noi dung| chinh)?|nguoi chiu trach nhiem)\s*:\s*"),
    "phone": re.compile(r"^(?:dien thoai|dt|tel|phone|so dien thoai)\s*:\s*"),
    "email": re.compile(r"^e-?mail\s*:\s*"),
    "address": re.compile(r"^(?:dia chi|tru so)\s*:\s*"),
}
_SITE_LINE = re.compile(r"^(.+?)\s*\|\s*(?:cong|trang) thong tin dien tu.*$")
_PHONE = re.compile(r"\+?\d[\d .()-]{5,}\d")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ERROR_TEXT = re.compile(r"\b404\b|not found|khong tim thay|khong ton tai|da bi xoa|loi he thong|"
                         r"an error occurred|server error|\berror\b|trang ban (?:yeu cau|truy cap)")

# --- dates -------------------------------------------------------------------
_D = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
_T = r"(?P<h>\d{1,2})\s*[:h]\s*(?P<mi>\d{2})(?::(?P<s>\d{2}))?(?:\s*(?P<ap>am|pm|sa|ch)\b)?"
_WEEKDAY = (r"(?:(?:thu (?:hai|ba|tu|nam|sau|bay|[2-7])|chu nhat|t[2-7]|cn|monday|tuesday|wednesday|thursday|"
            r"friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)\s*[,-]?\s*)?")
_LEAD = rf"^[(\[]?\s*(?:(?:{_DATE_LABEL})\s*:?\s*)?{_WEEKDAY}(?:ngay\s+)?"
_GLUE = r"\s*(?:[|,\-–]|luc|ngay|vao luc)?\s*"
_TZ = r"(?:\s*\(?(?:gmt|utc)\s*\+\s*7\)?)?"
_DATE_FIRST = re.compile(_LEAD + _D + rf"(?:{_GLUE}{_T})?{_TZ}\s*[)\]]?(?P<rest>.*)$")
_TIME_FIRST = re.compile(_LEAD + _T + _GLUE + _WEEKDAY + _D + rf"{_TZ}\s*[)\]]?(?P<rest>.*)$")
_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[t ](?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?"
                  r"\s*(?P<z>z|[+-]\d{2}:?\d{2})?)?")
_ISO_LINE = re.compile(_LEAD + _ISO.pattern + r"\s*[)\]]?(?P<rest>.*)$")
_DATE_ANYWHERE = re.compile(r"(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-]\d{4}(?!\d)")


@dataclass
class Page:
    """What one saved page says, before it is tied to the package."""

    banner: list[str]
    title: str
    published_at: datetime
    views: int | None
    lead: str
    paragraphs: list[str]
    author: str = ""
    site_name: str = ""
    footer: dict[str, str] = field(default_factory=dict)
    url: str = ""
    banner_line: int | None = None    # where the banner starts, for messages
    site_unit: list[str] = field(default_factory=list)   # unit a site heading names ("… XÃ LONG MÔN")
    date_source: str = "text"         # where published_at came from: text, meta, time, json-ld


@dataclass
class Hints:
    """What the HTML says outside its visible lines (empty for plain text)."""

    dates: list[tuple[str, datetime, bool]] = field(default_factory=list)   # (source, when, has time)
    titles: list[str] = field(default_factory=list)      # h1, og:title, JSON-LD headline, <title>
    html_title: str = ""
    author: str = ""
    main_text: list[str] = field(default_factory=list)   # trafilatura's main text blocks
    url: str = ""
    links: int = 0                    # <a href> elements: a page of many links and no body lists articles


@dataclass
class _Date:
    at: int                   # index into lines
    when: datetime
    has_time: bool
    views: int | None
    author: str


def _clean_lines(text: str) -> list[tuple[int, str, str]]:
    """Non-empty lines with 1-based line numbers, NFC, spaces collapsed, and their folded form."""
    out = []
    for no, raw in enumerate(normalize(text).splitlines(), start=1):
        line = collapse_spaces(raw)
        if line:
            out.append((no, line, fold_chars(line).lower()))
    return out


def _strip_period(value: str) -> str:
    return value.strip().rstrip(".").strip()


def _views(text: str | None) -> int | None:
    return int(re.sub(r"[.,]", "", text)) if text else None


def _make_dt(y, mo, d, h, mi, s, ap, path, line) -> datetime:
    h = int(h or 0)
    if ap in ("pm", "ch") and h < 12:
        h += 12
    elif ap in ("am", "sa") and h == 12:
        h = 0
    try:
        return datetime(int(y), int(mo), int(d), h, int(mi or 0), int(s or 0), tzinfo=VN_TZ)
    except ValueError as exc:
        raise OpendataError(f"unparsable publish date '{d}/{mo}/{y}': {exc}", path=path, line=line,
                            field="published_at", hint="the page must show a real date, e.g. 08/04/2024 16:06")


def _iso_dt(m: re.Match, path: str, line: int | None) -> datetime:
    dt = _make_dt(m["y"], m["m"], m["d"], m["h"], m["mi"], m["s"], None, path, line)
    z = m["z"]
    if z:
        offset = timedelta(0) if z == "z" else timedelta(hours=int(z[1:3]), minutes=int(z[-2:])) * (
            -1 if z[0] == "-" else 1)
        dt = dt.replace(tzinfo=timezone(offset)).astimezone(VN_TZ)
    return dt


def _rest_parts(rest: str, line: str, offset: int) -> tuple[bool, int | None, str]:
    """What follows the date on a date line: views, an author, nothing else. Returns
    (is a date line, views, author)."""
    views, author = None, ""
    pos = offset
    for m in re.finditer(r"[^|\-–•·]+", rest):
        piece = m.group().strip(" ,:()[]")
        start = offset + m.start() + (len(m.group()) - len(m.group().lstrip(" ,:()[]")))
        if not piece or re.fullmatch(r"(?:gmt|utc)\s*\+\s*7", piece):
            continue
        if re.fullmatch(r"\d[\d.,]*", piece) or (vm := _VIEWS.match(piece)):
            number = piece if piece[0].isdigit() else vm.group(1)
            views = _views(number)
            continue
        for sub in re.split(r"\s{2,}", piece):
            if re.fullmatch(r"\d[\d.,]*", sub):
                views = _views(sub)
            elif _VIEWS.match(sub):
                views = _views(_VIEWS.match(sub).group(1))
            elif (am := _AUTHOR_LABEL.match(sub)) and len(sub) <= 80:
                begin = line.lower().find(sub[:am.end()].lower(), pos)
                author = line[start + am.end():start + len(sub)].strip() if begin < 0 else \
                    line[begin + am.end():begin + len(sub)].strip()
            elif _ISO.fullmatch(sub) or _DATE_FIRST.match(sub):
                continue          # "| Cập nhật: 09/04/2024": a second date, the first one counts
            else:
                return False, None, ""
        pos = start
    return True, views, author


_MONTHS = {name: k for k, names in enumerate((
    ("mot", "gieng", "january", "jan"), ("hai", "february", "feb"), ("ba", "march", "mar"), ("tu", "april", "apr"),
    ("nam", "may"), ("sau", "june", "jun"), ("bay", "july", "jul"), ("tam", "august", "aug"),
    ("chin", "september", "sep", "sept"), ("muoi", "october", "oct"), ("muoi mot", "november", "nov"),
    ("muoi hai", "december", "dec")), start=1) for name in names}
_MONTH = r"(?P<mo>\d{1,2}|" + "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True)) + r")"
_WORD_DATES = (   # "8 Tháng Tư, 2024", "ngày 8 tháng 4 năm 2024", "Tháng Tư 8, 2024", "April 8, 2024", "8 April 2024"
    re.compile(r"(?<!\d)(?P<d>\d{1,2}) (?:thang )?" + _MONTH + r"(?:,| nam)? (?P<y>\d{4})(?!\d)"),
    re.compile(r"(?:thang )?" + _MONTH + r" (?P<d>\d{1,2}),? (?P<y>\d{4})(?!\d)"),
)


def _numeric_dates(folded: str) -> str:
    """Month words as numbers, so one grammar reads every form: '8 thang tu, 2024' -> '8/4/2024'."""
    if "thang" not in folded and not re.search(r"[a-z]{3} \d|\d [a-z]{3}", folded):
        return folded
    for rx in _WORD_DATES:
        m = rx.search(folded)
        if m and (m["mo"].isdigit() or m["mo"] in _MONTHS) and (not m["mo"].isdigit() or "thang" in m.group()):
            month = m["mo"] if m["mo"].isdigit() else _MONTHS[m["mo"]]
            return folded[:m.start()] + f"{m['d']}/{month}/{m['y']}" + folded[m.end():]
    return folded


def _date_line(i: int, line: str, folded: str, path: str, no: int) -> _Date | None:
    """A line that holds only a publish date (and time, views, author): not a sentence that
    mentions a date ("Sáng ngày 28/3/2024, UBND xã …")."""
    if len(folded) > 160 or not any(c.isdigit() for c in folded[:60]):
        return None
    folded = _numeric_dates(folded)
    for rx in (_DATE_FIRST, _TIME_FIRST, _ISO_LINE):
        m = rx.match(folded)
        if not m:
            continue
        ok, views, author = _rest_parts(m["rest"], line, m.start("rest"))
        if not ok:
            return None
        if rx is _ISO_LINE:
            when = _iso_dt(m, path, no)
        else:
            when = _make_dt(m["y"], m["m"], m["d"], m["h"], m["mi"], m["s"], m["ap"], path, no)
        return _Date(i, when, m["h"] is not None, views, author)
    return None


# --- reading the lines ------------------------------------------------------

def _squash(text: str) -> str:
    return "".join(text.split())


def split_lead(blocks: list[str]) -> tuple[str, list[str]]:
    """Store the body once: drop a summary that repeats the body, keep paragraph breaks.

    Liferay portals print the body flattened into one summary block and then
    again as paragraphs. Returns (lead, paragraphs after the lead).
    """
    blocks = [b for b in blocks if b]
    if not blocks:
        return "", []
    first, rest = blocks[0], blocks[1:]
    if rest and _squash(first) == _squash("".join(rest)):
        blocks = rest                      # summary = the whole body flattened
    elif rest and _squash("".join(rest)).startswith(_squash(first)) and _squash(first) != _squash(rest[0]):
        blocks = rest                      # summary = the first paragraphs flattened
    elif rest and _squash(first) == _squash(rest[0]):
        blocks = rest                      # summary repeats the first paragraph
    # Repeated paragraphs (a copy that caught the body twice) are kept once.
    seen, unique = set(), []
    for b in blocks:
        key = _squash(b)
        if key not in seen:
            seen.add(key)
            unique.append(b)
    if len(unique) == 1:
        return "", unique
    return unique[0], unique[1:]


def _is_noise(folded: str) -> bool:
    return bool(_NOISE.match(folded) or _LABEL_ONLY.match(folded) or (
        len(folded) <= 120 and _TOOLS.search(folded) and not re.sub(r"[\s|:,.·•/()\d-]+", "", _TOOLS.sub("", folded))))


def _is_stop(line: str, folded: str) -> bool:
    return bool(len(folded) <= 90 and (_STOP.match(folded) or _SITE_HEADING.match(folded))
                or _SITE_LINE.match(folded) or any(fm.match(folded) for fm in _FOOTER_FIELDS.values()))


def _looks_like_title(line: str, folded: str) -> bool:
    return (len(line) >= 8 and len(line.split()) >= 2 and not _is_noise(folded) and not _is_stop(line, folded)
            and not unit_names(line) and not _VIEWS.match(folded))


def _is_dated(line: str, folded: str) -> bool:
    """A listing row: a short line that starts or ends with a date ("Tiêu đề (08/04/2024)")."""
    return len(line) < 250 and bool(re.search(r"\(?\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\)?\s*$", folded)
                                    or re.match(r"^\(?\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\)?\s*[-|:]\s*\S", folded))


def _segment_weight(lines, start: int, end: int) -> int:
    """How much article text lies between two lines, up to the first stop line: characters
    of paragraph-like lines."""
    total = 0
    for _, line, folded in lines[start:end]:
        if _is_stop(line, folded):
            break
        if len(line) >= 80 and not _is_noise(folded):
            total += len(line)
    return total


def _longest_run(lines, dates: set[int]) -> int:
    """The most paragraph lines in a row that no dated item interrupts: a listing's snippets
    come one per item, an article's paragraphs come together. A very long paragraph counts as two."""
    best = run = 0
    for k, (_, line, folded) in enumerate(lines):
        if k in dates or _is_dated(line, folded) or _is_stop(line, folded):
            run = 0
        elif len(line) >= 80 and not _is_noise(folded):
            run += 2 if len(line) >= 400 else 1
            best = max(best, run)
    return best


def _home_url(url: str) -> bool:
    path = urlsplit(url).path.lower().rstrip("/") if url else None
    return path is not None and (path in ("", "/index.html", "/index.php", "/trang-chu", "/home", "/vi", "/en",
                                          "/portal", "/pages/default.aspx", "/pages/home.aspx", "/default.aspx")
                                 or bool(re.fullmatch(r"/web/[\w-]+(/(home|trang-chu))?", path)))


LISTING_LINKS = 8


def _classify(lines, dates: list[_Date], hints: Hints, path: str) -> None:
    """Raise NotAnArticle for error, home and listing pages."""
    text_size = sum(len(line) for _, line, _ in lines)
    folded_title = fold_chars(hints.html_title).lower()
    small = text_size < 1500 and _segment_weight(lines, 0, len(lines)) < 400
    if (folded_title and _ERROR_TEXT.search(folded_title) and small) or (
            not dates and small and any(_ERROR_TEXT.search(f) for _, _, f in lines[:40])
            and any(re.search(r"\b404\b|khong tim thay|not found|khong ton tai", f) for _, _, f in lines)):
        raise NotAnArticle("error", "an error page (page not found or server error), not an article",
                           path=path, hint="the address is broken or the article was removed")
    # Dated items: date lines, and listing rows with a date at the start or end.
    at = {d.at for d in dates}
    dated = len(dates) + sum(1 for k, (_, line, f) in enumerate(lines) if k not in at and _is_dated(line, f))
    if dated < 4 or _longest_run(lines, at) >= 2:
        return
    kind = "home" if _home_url(hints.url) or re.search(r"trang chu|\bhome\b", folded_title) else "listing"
    what = "a home page" if kind == "home" else "a list of articles"
    raise NotAnArticle(kind, f"{what} ({dated} dated items, no article body), not an article",
                       path=path, hint="save or fetch each article's own page")


def _footer(lines, start: int) -> tuple[dict[str, str], str, list[str]]:
    """Footer fields, site name and the unit a site heading names, from lines[start:]."""
    footer: dict[str, str] = {}
    site_name, site_unit = "", []
    for _, line, folded in lines[start:]:
        site = _SITE_LINE.match(folded)
        if site and not site_name:
            site_name = line
            site_unit = unit_names(line[:len(site.group(1))])
            continue
        if _SITE_HEADING.match(folded) and len(folded) <= 90 and not site_name:
            names = _heading_unit(line)
            if names:
                site_name, site_unit = line, names
            continue
        for key, fm in _FOOTER_FIELDS.items():
            m = fm.match(folded)
            if m and key not in footer:
                footer[key] = _strip_period(line[m.end():])
                break
    if "phone" in footer:
        pm = _PHONE.search(footer["phone"])
        footer["phone"] = _strip_period(pm.group(0)) if pm else footer["phone"]
    if "email" in footer:
        em = _EMAIL.search(footer["email"])
        footer["email"] = em.group(0).rstrip(".") if em else footer["email"]
    return footer, site_name, site_unit


def _heading_unit(line: str) -> list[str]:
    """The unit a site heading names: 'CỔNG THÔNG TIN ĐIỆN TỬ XÃ LONG MÔN' -> ['XÃ LONG MÔN']."""
    m = re.match(r"^(?:cong|trang) thong tin dien tu\s+", fold_chars(line).lower())
    return unit_names(line[m.end():]) if m else []


def _author(body: list[tuple[str, str]]) -> str:
    """Pop the author or source lines that end the body ("HH", "Tin, ảnh: Minh Hà", "Nguồn: …")."""
    name = source = ""
    end = len(body)
    if end and _URL_LINE.match(body[-1][1]):
        end -= 1            # a reprint's source link stays in the body; the author is above it
    for _ in range(2):
        if not end:
            break
        line, folded = body[end - 1]
        am = _AUTHOR_LABEL.match(folded)
        if am and len(line) <= 100:
            value = line[am.end():].strip(" ()")
            if folded.startswith(("nguon", "theo", "source")):
                source = source or value
            else:
                name = name or value
            del body[end - 1]
            end -= 1
        elif len(line) <= 40 and _AUTHOR_NAME.match(line) and not name:
            name = _AUTHOR_NAME.match(line).group(1).rstrip(".")
            del body[end - 1]
            end -= 1
        else:
            break
    return name or source


def _read(lines, path: str, hints: Hints) -> Page:
    """The pipeline after the lines: classify, date, title, body, author, footer, unit evidence."""
    dates = []
    for i, (no, line, folded) in enumerate(lines):
        d = _date_line(i, line, folded, path, no)
        if d:
            dates.append(d)
    _classify(lines, dates, hints, path)

    date = None
    if dates:
        bounds = [d.at for d in dates] + [len(lines)]
        weights = [_segment_weight(lines, a + 1, b) for a, b in zip(bounds, bounds[1:])]
        date = dates[max(range(len(dates)), key=lambda k: (weights[k] > 0, weights[k], -k))] if any(weights) \
            else dates[0]
    published, has_time, source = (date.when, date.has_time, "text") if date else (None, False, "")
    meta = next(((s, w, t) for s, w, t in hints.dates), None)
    if meta and (published is None or (not has_time and meta[2] and meta[1].date() == published.date())):
        published, has_time, source = meta[1], meta[2], meta[0]

    title_hints = [comparable(t) for t in hints.titles if t]
    title_at = None
    if date:
        k = date.at - 1
        while k >= 0 and (_is_noise(lines[k][2]) or _VIEWS.match(lines[k][2]) or _VIEWS_LABEL.match(lines[k][2])):
            k -= 1
        before_ok = k >= 0 and _looks_like_title(lines[k][1], lines[k][2])
        if title_hints and not (before_ok and comparable(lines[k][1]) in title_hints):
            # A CMS that prints the date above the title: the title line follows the date.
            after = next((j for j in range(date.at + 1, min(date.at + 5, len(lines)))
                          if comparable(lines[j][1]) in title_hints), None)
            if after is not None or not before_ok:
                k = after if after is not None else next(
                    (j for j in range(len(lines)) if comparable(lines[j][1]) in title_hints), -1)
        title_at = k if k >= 0 else None
    elif title_hints:
        title_at = next((j for j in range(len(lines)) if comparable(lines[j][1]) in title_hints), None)
    if published is None:
        body_chars = _segment_weight(lines, 0, len(lines))
        if body_chars < 150 and hints.links >= LISTING_LINKS:      # undated list or home page
            home = _home_url(hints.url) or re.search(r"trang chu|\bhome\b", fold_chars(hints.html_title).lower())
            raise NotAnArticle("home" if home else "listing",
                               f"{'a home page' if home else 'a list of articles'} ({hints.links} links, no date "
                               "and no article body), not an article", path=path,
                               hint="save or fetch each article's own page")
        if body_chars < 150:
            raise OpendataError("not a portal article: no publish date line 'dd/mm/yyyy HH:MM' and no article body",
                                path=path, field="published_at",
                                hint="save the article page itself (title, date, body)")
        if title_at is None:      # the line above the first paragraph, as the portal prints it
            first = next((j for j, (_, line, f) in enumerate(lines) if len(line) >= 80 and not _is_noise(f)), 0)
            title_at = first - 1 if first and _looks_like_title(*lines[first - 1][1:]) else None
        found = f"title '{lines[title_at][1]}', " if title_at is not None else ""
        raise OpendataError(f"no publish date line found ({found}{body_chars} characters of body); "
                            "read forms: 08/04/2024 16:06, 16:06 08/04/2024, 08/04/2024 | 4:12 PM, "
                            "Ngày đăng: 08/04/2024, Thứ Hai, 08/04/2024 - 16:06, 08-04-2024, <meta "
                            "article:published_time>, <time datetime>, JSON-LD datePublished",
                            path=path, field="published_at",
                            hint="if the page shows its date another way, report it with the page")
    if title_at is None:
        if date and date.at == 0:
            raise OpendataError("no title before the publish date line", path=path, line=lines[0][0], field="title")
        raise OpendataError("no title found (no line before the date, no <h1> or og:title)", path=path,
                            line=lines[date.at][0] if date else None, field="title")
    title = lines[title_at][1]
    if (tm := _TITLE_LABEL.match(lines[title_at][2])):
        title = title[tm.end():]
    line_no = lines[date.at][0] if date else lines[title_at][0]

    # Body: from after the date (or the title, when it follows the date) to the first stop.
    start = max(title_at, date.at if date else -1) + 1
    views = date.views if date else None
    author = date.author if date else ""
    body: list[tuple[str, str]] = []
    skip: set[int] = set()
    end = len(lines)
    for j in range(start, len(lines)):
        _, line, folded = lines[j]
        if date and j != date.at and _date_line(j, line, folded, path, lines[j][0]) and not body:
            continue
        vm = _VIEWS.match(folded)
        if vm:
            views = views if views is not None else _views(vm.group(1))
            continue
        if j in skip:
            continue
        if _VIEWS_LABEL.match(folded) and j + 1 < len(lines) and re.fullmatch(r"\d[\d.,]*", lines[j + 1][2]):
            views = views if views is not None else _views(lines[j + 1][2])
            skip.add(j + 1)
            continue
        if views is None and not body and date and j == date.at + 1 and re.fullmatch(r"\d[\d.,]{0,9}", folded):
            views = _views(folded)          # a view count printed under the date
            continue
        if _is_stop(line, folded):
            end = j
            break
        if _is_noise(folded) or (body == [] and (am := _AUTHOR_LABEL.match(folded)) and len(line) < 80
                                 and not author and (author := line[am.end():].strip())):
            continue
        body.append((line, folded))
    if views is None:       # a view count printed after the body, before the footer
        for _, line, folded in lines[end:end + 8]:
            if (vm := _VIEWS.match(folded)):
                views = _views(vm.group(1))
                break
    if hints.main_text:
        body = _trim_to(body, hints.main_text)
    author = _author(body) or author or hints.author
    lead, paragraphs = split_lead([line for line, _ in body])
    if not paragraphs:
        raise OpendataError("the article has no body text", path=path, line=line_no, field="body")

    footer, site_name, site_unit = _footer(lines, end)
    # Banner: the first run of unit lines above the title; a site heading there names the unit too.
    banner, banner_line = [], None
    for j in range(0, title_at):
        no, line, folded = lines[j]
        names = unit_names(line) if len(line) <= 120 else []
        if names:
            banner += names
            banner_line = banner_line or no
        elif banner and not _is_noise(folded):
            break
        elif not site_unit and _SITE_HEADING.match(folded) and len(folded) > 22:
            site_unit = _heading_unit(line)
            site_name = site_name or (line if site_unit else "")
        elif not site_unit and (sm := _SITE_LINE.match(folded)):
            site_unit = unit_names(line[:len(sm.group(1))])
            site_name = site_name or line
    return Page(banner=banner, title=title, published_at=published, views=views, lead=lead,
                paragraphs=paragraphs, author=author, site_name=site_name, footer=footer, url=hints.url,
                banner_line=banner_line or lines[0][0], site_unit=site_unit, date_source=source)


def _trim_to(body: list[tuple[str, str]], main: list[str]) -> list[tuple[str, str]]:
    """End our body where trafilatura's main text ends: a sidebar that follows the article
    goes. Its start stays ours (trafilatura drops a bold summary printed under the date), and
    so do lines inside the span (it drops short ones: captions, initials). When the two share
    no line, trafilatura read another block: ours stands."""
    keys = {_squash(b) for b in main if len(b) >= 20}
    joined = "\n".join(keys)
    # From the end backwards, and not far: the sidebars this cuts are a few lines long, and a
    # bounded scan keeps a huge page's cost linear.
    last = None
    for k in range(len(body) - 1, max(-1, len(body) - 200), -1):
        key = _squash(body[k][0])
        if key in keys or (len(key) >= 40 and key in joined):
            last = k
            break
    if last is None:
        return body
    # Keep a short trailing author/source line right after the span.
    if last + 1 < len(body) and len(body[last + 1][0]) <= 100 and (
            _AUTHOR_NAME.match(body[last + 1][0]) or _AUTHOR_LABEL.match(body[last + 1][1])):
        last += 1
    return body[:last + 1]


def parse_text(text: str, path: str = "<text>", url: str = "") -> Page:
    """Parse the text a browser copy of a portal article produces."""
    lines = _clean_lines(text)
    if not lines:
        raise OpendataError("not a portal article: the page has no text", path=path)
    return _read(lines, path, Hints(url=url))


# --- HTML -----------------------------------------------------------------

_BLOCK = {"p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
          "table", "tbody", "thead", "section", "article", "header", "footer", "nav", "aside", "main", "form",
          "blockquote", "pre", "hr", "figure", "figcaption", "address", "center", "body", "html", "fieldset",
          "legend", "option", "select", "textarea", "button", "label", "caption", "img"}
# Containers whose inline children, when nothing separates them, are separate items (a banner
# of <span>s in a <div>); inside a paragraph or heading they are words of one line.
_TEXT_CONTAINERS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "dd", "dt", "blockquote", "a", "span",
                    "strong", "b", "em", "i", "u", "font", "label", "figcaption", "caption", "small", "sup", "sub"}
_DROP = "//script|//style|//noscript|//template|//iframe|//svg|//object|//embed|//head|//select|//textarea|//button"


def _parse_tree(document: str, path: str):
    import lxml.etree
    import lxml.html

    # Bytes, so that a page starting with an XML declaration naming its encoding parses too.
    raw = document.encode("utf-8", "surrogatepass")
    try:
        return lxml.html.document_fromstring(raw, parser=lxml.html.HTMLParser(encoding="utf-8", huge_tree=True))
    except (lxml.etree.ParserError, ValueError) as exc:
        raise OpendataError(f"not an HTML page ({exc})", path=path) from None


def _tree_lines(tree) -> str:
    """The tree as text lines, roughly what a browser copy gives (iterative: no recursion limit)."""
    for bad in tree.xpath(_DROP):
        bad.drop_tree()
    out: list[str] = []
    has_text: dict[int, bool] = {}
    stack = [(tree, False)]
    while stack:
        el, closing = stack.pop()
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if closing:
            if tag in _BLOCK:
                out.append("\n")
            if el.tail:
                out.append(el.tail)
            continue
        if tag in _BLOCK:
            out.append("\n")
        elif tag and out and out[-1] and not out[-1][-1].isspace():
            # An inline element right after other text: separate it when both are items of a
            # container (a banner of <span>s), not when it continues a paragraph's words.
            parent = el.getparent()
            ptag = parent.tag.lower() if parent is not None and isinstance(parent.tag, str) else ""
            prev = el.getprevious()
            if prev is not None and not (prev.tail or "").strip() and ptag not in _TEXT_CONTAINERS:
                key = id(parent)
                if key not in has_text:      # a <div> used as a paragraph has words of its own
                    has_text[key] = bool((parent.text or "").strip()) or any((c.tail or "").strip() for c in parent)
                if not has_text[key]:
                    out.append("\n")
        if el.text and tag:
            out.append(el.text)
        stack.append((el, True))
        for child in reversed(el):
            stack.append((child, False))
    return "".join(out)


def html_lines(document: str, path: str = "<html>") -> str:
    """The page as text lines, roughly what a browser copy gives (scripts and styles dropped)."""
    return _tree_lines(_parse_tree(document, path))


def _text_of(el) -> str:
    return collapse_spaces(normalize(" ".join(el.itertext())))


def _hints(tree, path: str) -> Hints:
    """Dates, titles and the author the HTML gives outside its visible text."""
    hints = Hints()
    for node in tree.xpath("//title"):
        hints.html_title = _text_of(node)
        break
    metas = {}
    for m in tree.xpath("//meta[@content]"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").lower()
        metas.setdefault(key, m.get("content"))

    def add_date(source: str, value: str | None) -> None:
        m = _ISO.search(fold_chars(collapse_spaces(value or "")).lower())
        if m:
            try:
                hints.dates.append((source, _iso_dt(m, path, None), m["h"] is not None))
            except OpendataError:
                pass

    for key in ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
                "publish-date", "dc.date.issued", "dc.date", "dcterms.created", "date"):
        if metas.get(key):
            add_date("meta", metas[key])
            break
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            obj = stack.pop()
            if isinstance(obj, list):
                stack.extend(obj)
            elif isinstance(obj, dict):
                if isinstance(obj.get("datePublished"), str):
                    add_date("json-ld", obj["datePublished"])
                if isinstance(obj.get("headline"), str):
                    hints.titles.append(collapse_spaces(normalize(obj["headline"])))
                author = obj.get("author")
                if isinstance(author, dict) and isinstance(author.get("name"), str) and not hints.author:
                    hints.author = collapse_spaces(normalize(author["name"]))
                stack.extend(v for v in obj.values() if isinstance(v, (dict, list)))
    times = tree.xpath("//time[@datetime]")
    marked = [t for t in times if t.get("itemprop") == "datePublished"
              or re.search(r"published|entry-date|post-date", t.get("class") or "")]
    for t in marked or (times if len({t.get("datetime") for t in times}) == 1 else []):
        add_date("time", t.get("datetime"))
        break
    for h1 in tree.xpath("//h1"):
        text = _text_of(h1)
        if text:
            hints.titles.append(text)
    if metas.get("og:title"):
        hints.titles.append(collapse_spaces(normalize(metas["og:title"])))
    if hints.html_title:
        hints.titles.append(re.split(r"\s+[-|–]\s+", hints.html_title)[0])
    return hints


def parse_html(document: str, path: str = "<html>", url: str = "") -> Page:
    """Parse a saved article page: our reading of its lines, the HTML's own metadata (dates,
    <h1>, og:title), and trafilatura's main text to trim sidebars off the body."""
    tree = _parse_tree(document, path)
    hints = _hints(tree, path)
    hints.url = url
    hints.links = len(tree.xpath("//a[@href]"))
    if len(document) <= TRAFILATURA_MAX_CHARS:
        hints.main_text = _main_text(document)
    # lxml decodes entities before normalize() composes NFC, so "&ecirc;" followed by
    # a loose combining accent becomes one letter.
    lines = _clean_lines(_tree_lines(tree))
    if not lines:
        if hints.html_title and _ERROR_TEXT.search(fold_chars(hints.html_title).lower()):
            raise NotAnArticle("error", "an error page, not an article", path=path)
        raise OpendataError("not a portal article: the page has no text", path=path)
    return _read(lines, path, hints)


def _main_text(document: str) -> list[str]:
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(document, with_metadata=False, include_comments=False,
                                          include_tables=False, favor_precision=True)
    except Exception:  # noqa: BLE001 - trafilatura is a helper here; our own reading stands without it
        return []
    if doc is None:
        return []
    text = doc.as_dict().get("text") if hasattr(doc, "as_dict") else (doc or {}).get("text")
    return [b for b in (collapse_spaces(x) for x in normalize(text or "").split("\n")) if b]
