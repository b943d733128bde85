"""Datasette's own CSV on a real `opendata serve`: a table page's CSV link, `_stream=on`,
`_dl=1`, a canned query and an arbitrary `?sql=` all open right in a spreadsheet
(UTF-8 BOM, CRLF, formula cells neutralised, numbers kept, Vietnamese intact), a table's
CSV holds every row its filter matches (past Datasette's 1,000-row page), and a query's
CSV that Datasette cut at 1,000 rows ends with a row that says so."""

from __future__ import annotations

import csv
import io
import re
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest
from conftest import copy_package, serving
from many_news import add_many
from site_news import add_articles

GENERATED = 1100                   # generated articles, all in the filter below: more than a page of 1,000
FORMULA_TITLE = '=HYPERLINK("http://example.invalid";"Xã Long Môn")'
PHONE_TITLE = "+84 255 3866154: đường dây nóng của xã Long Môn"
ARTICLES = [
    ("csv-formula-eq", "pre2025-21358", "21358", "2024-03-01T08:00:00+07:00", FORMULA_TITLE,
     "Nội dung thử: ô bắt đầu bằng dấu bằng."),
    ("csv-formula-plus", "pre2025-21358", "21358", "2024-03-02T08:00:00+07:00", PHONE_TITLE,
     "Nội dung thử: ô bắt đầu bằng dấu cộng.\n\nĐoạn thứ hai, có \"ngoặc kép\", dấu phẩy, và xuống dòng."),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("datasette_csv")
    package = copy_package(folder)
    add_many(package, GENERATED)
    add_articles(package, ARTICLES)
    with serving(package) as base:
        yield base


def fetch(url: str):
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


def spreadsheet_rows(body: bytes) -> list[list[str]]:
    """The rows of a CSV as Excel needs it: a BOM, then CRLF records."""
    assert body.startswith(b"\xef\xbb\xbf"), "no BOM: Excel would read the UTF-8 as a legacy code page"
    text = body.decode("utf-8")[1:]
    assert text.endswith("\r\n"), "records end with CRLF"
    return list(csv.reader(io.StringIO(text, newline="")))


def table_page_csv(server: str, query: str) -> bytes:
    """The CSV behind the "CSV" link of a table page."""
    page = fetch(server + "/opendata/news?" + query)[2].decode("utf-8")
    link = re.search(r'href="([^"]*news\.csv[^"]*)">CSV<', page).group(1).replace("&amp;", "&")
    status, headers, body = fetch(server + link)
    assert status == 200
    return body


def test_filtered_table_csv_link_streams_every_matching_row(server):
    page = fetch(server + "/opendata/news?id__startswith=gen-")[2].decode("utf-8")
    assert 'name="_stream"' not in page             # no "stream all rows" box: every table CSV streams
    rows = spreadsheet_rows(table_page_csv(server, "id__startswith=gen-"))
    ids = [row[rows[0].index("id")] for row in rows[1:]]
    assert len(ids) == GENERATED > 1000 and all(news_id.startswith("gen-") for news_id in ids)
    rows = spreadsheet_rows(table_page_csv(server, "unit_id=pre2025-21358"))
    units = {row[rows[0].index("unit_id")] for row in rows[1:]}
    # add_many puts every fourth generated article in Long Môn; the seed and our two are there too
    assert units == {"pre2025-21358"} and len(rows) - 1 == GENERATED // 4 + 1 + len(ARTICLES)
    all_rows = spreadsheet_rows(fetch(server + "/opendata/news.csv?_stream=on&_dl=1")[2])
    assert len(all_rows) - 1 == GENERATED + 1 + len(ARTICLES)


def test_table_csv_neutralises_formulas_and_keeps_vietnamese(server):
    status, headers, body = fetch(server + "/opendata/news.csv?_stream=on&_dl=1&id__startswith=csv-")
    assert status == 200 and "attachment" in headers["content-disposition"]
    assert b"\r\n" in body
    rows = spreadsheet_rows(body)
    titles = {row[rows[0].index("id")]: row[rows[0].index("title")] for row in rows[1:]}
    assert titles["csv-formula-eq"] == "'" + FORMULA_TITLE
    assert titles["csv-formula-plus"] == "'" + PHONE_TITLE
    body_cells = [row[rows[0].index("body")] for row in rows[1:]]
    assert any('"ngoặc kép", dấu phẩy, và xuống dòng.' in cell and "\n" in cell for cell in body_cells)


def test_query_csv_is_spreadsheet_safe_and_numbers_stay(server):
    sql = "select -5 as temperature, '=1+1' as formula, '@xã' as mention, 'Xã Long Môn' as name"
    status, headers, body = fetch(server + "/opendata.csv?" + urlencode({"sql": sql}))
    assert status == 200
    assert spreadsheet_rows(body) == [["temperature", "formula", "mention", "name"],
                                      ["-5", "'=1+1", "'@xã", "Xã Long Môn"]]


def test_canned_query_csv_is_spreadsheet_safe(server):
    status, headers, body = fetch(server + "/opendata/unit_successions.csv?" + urlencode({"name": "long mon"}))
    assert status == 200
    rows = spreadsheet_rows(body)
    assert len(rows) > 1 and any("Xã Minh Long" in cell for row in rows[1:] for cell in row)


def counting(n: int) -> str:
    return (f"with recursive n(i) as (select 1 union all select i + 1 from n where i < {n}) "
            "select i, '=' || i as formula from n")


def test_truncated_query_csv_says_so(server):
    rows = spreadsheet_rows(fetch(server + "/opendata.csv?" + urlencode({"sql": counting(1500), "_dl": "1"}))[2])
    assert rows[0] == ["i", "formula"]
    assert [row[0] for row in rows[1:1001]] == [str(i) for i in range(1, 1001)]
    assert rows[1][1] == "'=1"
    assert len(rows) == 1 + 1000 + 1
    assert "Truncated" in rows[-1][0] and "bị cắt" in rows[-1][0] and rows[-1][1] == ""


def test_query_csv_of_exactly_the_limit_is_not_marked(server):
    rows = spreadsheet_rows(fetch(server + "/opendata.csv?" + urlencode({"sql": counting(1000)}))[2])
    assert len(rows) == 1 + 1000 and rows[-1][0] == "1000"


def test_failing_query_csv_is_a_400_that_names_the_error(server):
    try:
        fetch(server + "/opendata.csv?" + urlencode({"sql": "select no_such_column from news"}))
    except urllib.error.HTTPError as error:
        assert error.code == 400
        message = error.read().decode("utf-8")
        assert "SQL" in message and "no_such_column" in message
    else:
        raise AssertionError("a failing query's CSV answered 200")


def test_records_split_anywhere_come_out_whole_and_safe():
    """Datasette's bytes cut at any point (inside a quoted field, a line break or a UTF-8
    character): every record comes out once, its cells neutralised by the rule Excel
    needs, records counted for the truncation marker."""
    import random

    from opendata.datasette_plugin.spreadsheet_csv import Rewriter

    def expected(cell: str) -> str:                 # the rule, written here: formula starts, but not numbers
        if re.fullmatch(r"[-+]?\d+(\.\d+)?", cell):
            return cell
        return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell

    cells = ["Xã Long Môn", "-5", "=1+1", "@xã", 'có "ngoặc"', "hai\ndòng", "", "+84 255", "12", "a,b", "\tx",
             "\rx", "x\r\ny", "đường"]
    rng = random.Random(5)
    for _ in range(300):
        rows = [[rng.choice(cells) for _ in range(3)] for _ in range(rng.randint(1, 12))]
        out = io.StringIO()
        csv.writer(out).writerows([["a", "b", "c"]] + rows)          # as Datasette writes them
        data = out.getvalue().encode("utf-8")
        rewriter, pieces, at = Rewriter(), [], 0
        while at < len(data):
            size = rng.randint(1, 30)
            pieces.append(rewriter.feed(data[at:at + size], final=at + size >= len(data)))
            at += size
        text = b"".join(pieces).decode("utf-8")
        assert text.startswith("\ufeff") and text.endswith("\r\n")
        got = list(csv.reader(io.StringIO(text[1:], newline="")))
        assert got == [["a", "b", "c"]] + [[expected(cell) for cell in row] for row in rows]
        assert rewriter.records == len(rows) and rewriter.columns == 3
