"""Reading saved commune portal pages: the text a browser copy gives, and the page's HTML.

A page holds, top to bottom: a unit banner ("UBND Xã Long Môn / Huyện Minh Long /
Tỉnh Quảng Ngãi"), the title, "dd/mm/yyyy HH:MM" and the view count, the body
(on Liferay portals once flattened as a summary, then again as paragraphs), the
author's initials, and a footer naming the site, its owner, phone and email.
`parse_text` turns those lines into a `Page`; `parse_html` gets the lines from
the HTML and lets trafilatura find title, date and main text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from .errors import OpendataError
from .vntext import collapse_spaces, normalize

VN_TZ = timezone(timedelta(hours=7))

# Lines that are navigation, tools or badges, never content.
_NOISE = [re.compile(p, re.IGNORECASE) for p in (
    r"^truy cập nội dung luôn$", r"^skip to (main )?content$", r"^bỏ qua nội dung$",
    r"^cỡ chữ:?( ?a[+-]?)*$", r"^(in bài( viết)?|gửi email|chia sẻ|quay lại|về đầu trang|bản in)$",
    r"^(facebook|zalo|twitter|tweet|like|share)( \d+)?$",
    r"^chung nhan tin nhiem mang$", r"^chứng nhận tín nhiệm mạng$",
    r"^(trang chủ|tin tức|tin tức - sự kiện)( [>/»|] .*)?$",
)]
_DATE_LINE = re.compile(
    r"^(?:ngày đăng:?\s*)?(\d{1,2})/(\d{1,2})/(\d{4})\s*(?:[-|,]\s*)?(\d{1,2})[:h](\d{2})(?::\d{2})?"
    r"(?:\s*(?:\||-)?\s*(?:lượt xem:?\s*)?(\d[\d.,]*))?$",
    re.IGNORECASE,
)
_VIEWS = re.compile(r"^lượt xem:?\s*(\d[\d.,]*)$", re.IGNORECASE)
_UNIT_LINE = re.compile(
    r"^(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân)?\s*(xã|phường|thị trấn|đặc khu|huyện|quận|thị xã|thành phố|tỉnh)\s+\S.*$",
    re.IGNORECASE,
)
_FOOTER_FIELDS = {
    "owner": re.compile(r"^cơ quan chủ quản\s*:\s*(.+)$", re.IGNORECASE),
    "content_responsible": re.compile(r"^(?:chịu trách nhiệm( nội dung)?|người chịu trách nhiệm)\s*:\s*(.+)$", re.IGNORECASE),
    "phone": re.compile(r"^(?:điện thoại|đt|tel|phone)\s*:\s*(.+)$", re.IGNORECASE),
    "email": re.compile(r"^e-?mail\s*:\s*(.+)$", re.IGNORECASE),
    "address": re.compile(r"^địa chỉ\s*:\s*(.+)$", re.IGNORECASE),
}
_SITE_LINE = re.compile(r"^(.+?)\s*\|\s*(cổng|trang) thông tin điện tử.*$", re.IGNORECASE)
_AUTHOR = re.compile(r"^(?:(?:tin|bài|ảnh|tin, ảnh|tin và ảnh|nguồn)\s*:\s*)?([A-ZĐ][\wĐđ.]*(?:[ -][A-ZĐ][\wĐđ.]*){0,4})$")
_PHONE = re.compile(r"\+?\d[\d .()-]{5,}\d")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


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


def _clean_lines(text: str) -> list[tuple[int, str]]:
    """Non-empty lines with their 1-based line numbers, NFC, spaces collapsed."""
    out = []
    for no, raw in enumerate(normalize(text).splitlines(), start=1):
        line = collapse_spaces(raw)
        if line and not any(p.match(line) for p in _NOISE):
            out.append((no, line))
    return out


def _strip_period(value: str) -> str:
    return value.strip().rstrip(".").strip()


def _published(m: re.Match, path: str, line: int) -> datetime:
    d, mo, y, h, mi = (int(m.group(i)) for i in range(1, 6))
    try:
        return datetime(y, mo, d, h, mi, tzinfo=VN_TZ)
    except ValueError as exc:
        raise OpendataError(f"unparsable publish date '{m.group(0)}': {exc}", path=path, line=line,
                            field="published_at", hint="the page must show dd/mm/yyyy HH:MM")


def _views(text: str | None) -> int | None:
    return int(re.sub(r"[.,]", "", text)) if text else None


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


def parse_text(text: str, path: str = "<text>") -> Page:
    """Parse the text a browser copy of a portal article produces."""
    lines = _clean_lines(text)
    date_at = next((i for i, (_, l) in enumerate(lines) if _DATE_LINE.match(l)), None)
    if date_at is None:
        raise OpendataError("not a portal article: no publish date line 'dd/mm/yyyy HH:MM'",
                            path=path, field="published_at",
                            hint="save the article page itself (title, date, body), not a list or home page")
    if date_at == 0:
        raise OpendataError("no title before the publish date line", path=path, line=lines[0][0], field="title")
    line_no, date_line = lines[date_at]
    m = _DATE_LINE.match(date_line)
    published = _published(m, path, line_no)
    views = _views(m.group(6))
    title = lines[date_at - 1][1]
    banner_lines = [(no, l) for no, l in lines[:date_at - 1] if _UNIT_LINE.match(l)]
    banner = [l for _, l in banner_lines]

    footer: dict[str, str] = {}
    site_name = ""
    body_lines: list[str] = []
    footer_started = False
    for no, line in lines[date_at + 1:]:
        vm = _VIEWS.match(line)
        if vm and views is None and not body_lines:
            views = _views(vm.group(1))
            continue
        site = _SITE_LINE.match(line)
        matched = next(((k, fm) for k, fm in _FOOTER_FIELDS.items() if fm.match(line)), None)
        if site or matched:
            footer_started = True
            if site:
                site_name = line
            else:
                key, fm = matched
                footer[key] = _strip_period(fm.match(line).groups()[-1])
            continue
        if not footer_started:
            body_lines.append(line)
    author = ""
    if body_lines and len(body_lines[-1]) <= 40 and _AUTHOR.match(body_lines[-1]):
        author = _AUTHOR.match(body_lines.pop()).group(1)
    lead, paragraphs = split_lead(body_lines)
    if not paragraphs:
        raise OpendataError("the article has no body text", path=path, line=line_no, field="body")
    if "phone" in footer:
        pm = _PHONE.search(footer["phone"])
        footer["phone"] = _strip_period(pm.group(0)) if pm else footer["phone"]
    if "email" in footer:
        em = _EMAIL.search(footer["email"])
        footer["email"] = em.group(0).rstrip(".") if em else footer["email"]
    return Page(banner=banner, title=title, published_at=published, views=views, lead=lead,
                paragraphs=paragraphs, author=author, site_name=site_name, footer=footer,
                banner_line=banner_lines[0][0] if banner_lines else lines[0][0])


# --- HTML -----------------------------------------------------------------

_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "section",
               "article", "header", "footer", "nav", "span", "a", "time", "strong", "em", "ul", "ol", "table"}


def html_lines(document: str, path: str = "<html>") -> str:
    """The page as text lines, roughly what a browser copy gives (scripts and styles dropped)."""
    import lxml.etree
    import lxml.html

    # Bytes, so that a page starting with an XML declaration naming its encoding parses too.
    raw = document.encode("utf-8", "surrogatepass")
    try:
        tree = lxml.html.document_fromstring(raw, parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (lxml.etree.ParserError, ValueError) as exc:
        raise OpendataError(f"not an HTML page ({exc})", path=path) from None
    for bad in tree.xpath("//script|//style|//noscript|//template|//iframe|//svg"):
        bad.drop_tree()
    out: list[str] = []

    def walk(el):
        tag = el.tag if isinstance(el.tag, str) else ""
        block = tag in _BLOCK_TAGS and tag not in ("span", "a", "strong", "em", "time")
        if block or tag == "br":
            out.append("\n")
        if el.text and tag:
            out.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                out.append(child.tail)
        if block:
            out.append("\n")

    walk(tree)
    return "".join(out)


def parse_html(document: str, path: str = "<html>") -> Page:
    """Parse a saved article page: trafilatura finds title, date and main text; our rules
    read what it does not know (unit banner, time and views, author initials, footer)."""
    import trafilatura

    # lxml decodes entities before normalize() composes NFC, so "&ecirc;" followed by
    # a loose combining accent becomes one letter.
    page = parse_text(html_lines(document, path), path)
    try:
        doc = trafilatura.bare_extraction(document, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=True)
    except Exception:  # noqa: BLE001 - trafilatura is a helper here; our own reading stands without it
        doc = None
    if doc is None:
        return page
    doc = doc.as_dict()
    title = collapse_spaces(normalize(doc.get("title") or ""))
    if title:
        page.title = title
    date = doc.get("date")
    if date and date != page.published_at.date().isoformat():
        raise OpendataError(f"the page's metadata date {date} differs from the date it shows, "
                            f"{page.published_at:%d/%m/%Y}", path=path, field="published_at")
    blocks = [collapse_spaces(b) for b in normalize(doc.get("text") or "").split("\n")]
    blocks = [b for b in blocks if b and b not in (page.title, page.author)]
    if blocks:
        page.lead, page.paragraphs = split_lead(blocks)
    page.url = doc.get("url") or ""
    return page
