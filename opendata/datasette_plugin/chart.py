"""A small horizontal bar chart as static, accessible SVG text: no JavaScript, no fonts
or scripts fetched from anywhere.

`bar_chart` takes groups (a reform area), each with rows (a year) of counts, one count
per series (events, findings), and draws one bar per count with its number written
beside it. Every text is escaped here, since the SVG is put into the page as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

# Drawn for the narrowest phone (360 px, ~328 px of content): shown at its own size on
# wide screens and shrunk at most ~10 % on phones, so its 14-unit text stays >= 12 px.
# (At 720 units wide it shrank to 46 % on a phone: 6 px text.)
WIDTH = 360
FONT = 14
LEFT = 48                  # where bars start (the row label sits before)
BAR = 14                   # bar height
GAP = 3                    # between the bars of one row
ROW_GAP = 8                # after each row
HEAD = 20                  # one line of a group's heading
NUMBER_ROOM = 40           # room kept right of the longest bar for its number
CHAR = 8.2                 # a generous average advance of a bold Vietnamese letter at FONT
COLOURS = ("#1f5f8b", "#e08a2c", "#5b8c3a", "#8c3a5b")


@dataclass
class Row:
    label: str                                   # e.g. "2024"
    values: list[int]                            # one per series


@dataclass
class Group:
    label: str                                   # e.g. "Cải cách thủ tục hành chính"
    rows: list[Row] = field(default_factory=list)


def _text(x: float, y: float, text: str, **attrs) -> str:
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{escape(str(v))}"' for k, v in attrs.items())
    return f'<text x="{x:g}" y="{y:g}"{extra}>{escape(text)}</text>'


def _svg_open(height: int, cid: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="od-chart" role="img" width="{WIDTH}" '
            f'height="{height}" viewBox="0 0 {WIDTH} {height}" aria-labelledby="{cid}-title {cid}-desc" '
            f'font-family="sans-serif" font-size="{FONT}">')


def _lines(text: str, width: float = WIDTH) -> list[str]:
    """A heading broken at spaces into lines that fit `width` (a long word stays whole)."""
    most = max(1, int(width // CHAR))
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= most:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def bar_chart(groups: list[Group], series: list[str], *, title: str, desc: str, empty: str,
              chart_id: str = "chart") -> str:
    """SVG text of the chart. `series` names the bars of a row (legend and tooltips);
    `empty` is written when no row has a count above zero."""
    cid = escape(chart_id)
    head = (f'<title id="{cid}-title">{escape(title)}</title>'
            f'<desc id="{cid}-desc">{escape(desc)}</desc>')
    most = max((v for g in groups for r in g.rows for v in r.values), default=0)
    if most <= 0:
        return (_svg_open(60, cid) + head + f'<rect x="0.5" y="0.5" width="{WIDTH - 1}" height="59" fill="none" '
                'stroke="#ccc"/>' + _text(WIDTH / 2, 35, empty, text_anchor="middle", class_="od-chart-empty")
                + "</svg>")
    scale = (WIDTH - LEFT - NUMBER_ROOM) / most
    parts = []
    y = 4
    x = 0
    for i, name in enumerate(series):                             # legend, wrapped when full
        room = 17 + len(name) * CHAR * 0.85 + 16
        if x and x + room > WIDTH:
            x, y = 0, y + 20
        parts.append(f'<rect x="{x:g}" y="{y}" width="12" height="12" fill="{COLOURS[i % len(COLOURS)]}"/>')
        parts.append(_text(x + 17, y + 11, name))
        x += room
    y += 26
    for group in groups:
        for line in _lines(group.label):
            parts.append(_text(0, y + 14, line, font_weight="bold"))
            y += HEAD
        for row in group.rows:
            top = y
            for i, value in enumerate(row.values):
                width = value * scale
                colour = COLOURS[i % len(COLOURS)]
                tip = f"{group.label}, {row.label}: {value} {series[i] if i < len(series) else ''}".strip()
                parts.append(f'<g><title>{escape(tip)}</title>'
                             f'<rect x="{LEFT}" y="{y:g}" width="{width:.1f}" height="{BAR}" fill="{colour}"/>'
                             + _text(LEFT + width + 4, y + BAR - 3, str(value), class_="od-chart-value") + "</g>")
                y += BAR + GAP
            parts.append(_text(LEFT - 8, (top + y - GAP) / 2 + 4, row.label, text_anchor="end"))
            y += ROW_GAP
    return _svg_open(int(y + 4), cid) + head + "".join(parts) + "</svg>"
