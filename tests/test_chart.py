"""The reform page's chart: static SVG text from counts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from opendata.datasette_plugin.chart import Group, Row, bar_chart

SVG = "{http://www.w3.org/2000/svg}"
SERIES = ["sự kiện", "nội dung"]


def chart(groups, **kw):
    return bar_chart(groups, SERIES, title=kw.get("title", "Biểu đồ"), desc=kw.get("desc", "Mô tả"),
                     empty=kw.get("empty", "Chưa có dữ liệu"), chart_id=kw.get("chart_id", "c"))


def test_counts_and_labels_appear_as_text():
    svg = chart([Group("Cải cách thủ tục hành chính", [Row("2024", [1, 4]), Row("2025", [2, 7])]),
                 Group("Cải cách thể chế", [Row("2024", [0, 0]), Row("2025", [3, 5])])])
    root = ET.fromstring(svg)                                       # well-formed XML
    texts = [t.text for t in root.iter(SVG + "text")]
    values = [t.text for t in root.iter(SVG + "text") if t.get("class") == "od-chart-value"]
    assert values == ["1", "4", "2", "7", "0", "0", "3", "5"]
    assert {"Cải cách thủ tục hành chính", "Cải cách thể chế", "2024", "2025", "sự kiện", "nội dung"} <= set(texts)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c-title c-desc"
    assert root.find(SVG + "title").get("id") == "c-title" and root.find(SVG + "title").text == "Biểu đồ"
    assert root.find(SVG + "desc").get("id") == "c-desc" and root.find(SVG + "desc").text == "Mô tả"
    tips = [g.find(SVG + "title").text for g in root.iter(SVG + "g")]
    assert "Cải cách thể chế, 2025: 3 sự kiện" in tips
    bars = [float(r.get("width")) for g in root.iter(SVG + "g") for r in g.iter(SVG + "rect")]
    assert bars[3] == max(bars) and abs(bars[0] * 7 - bars[3]) < 1   # lengths in proportion: 1 and 7
    assert bars[4] == 0.0                                           # a zero has no bar, but its number
    assert "<script" not in svg and "href" not in svg and "http" not in svg.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")


def test_labels_are_escaped():
    evil = '<script>alert(1)</script>&"'
    svg = chart([Group(evil, [Row(evil, [2, 1])])], title=evil, desc=evil, chart_id='x" onload="alert(1)')
    assert "<script>" not in svg and 'onload="' not in svg
    root = ET.fromstring(svg)
    assert root.find(SVG + "title").text == evil                    # escaped, so it reads back as written
    assert evil in [t.text for t in root.iter(SVG + "text")]


def test_no_data_gives_a_message():
    for groups in ([], [Group("Cải cách thể chế", [])], [Group("Cải cách thể chế", [Row("2024", [0, 0])])]):
        svg = chart(groups, empty="Chưa có <dữ liệu>")
        root = ET.fromstring(svg)
        assert [t.text for t in root.iter(SVG + "text")] == ["Chưa có <dữ liệu>"]
        assert root.find(SVG + "title").text == "Biểu đồ" and root.get("role") == "img"
        assert not re.search(r"<rect[^>]*fill=\"#", svg)
