"""`opendata validate`: the shipped package is valid; each kind of damage is named precisely."""

from __future__ import annotations

import csv
import json
import unicodedata
from pathlib import Path

import pytest

from conftest import ROOT, read_table, run, snapshot


def edit(package: Path, table: str, change) -> None:
    """Rewrite a table through `change(rows) -> rows`."""
    path = package.parent / "data" / f"{table}.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    rows = change(rows)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def set_cell(package, table, field, value, row=0):
    def change(rows):
        rows[row][field] = value
        return rows
    edit(package, table, change)


def test_shipped_package_is_valid():
    result = run("validate", package=ROOT / "datapackage.json")
    assert result.exit_code == 0, result.output
    assert "Valid:" in result.output and "14149 units" in result.output


def test_copy_is_valid_and_validation_writes_nothing(package):
    before = snapshot(package.parent)
    result = run("validate", package=package)
    assert result.exit_code == 0, result.output
    assert snapshot(package.parent) == before


def test_broken_foreign_key(package):
    set_cell(package, "news", "unit_id", "pre2025-99999")
    result = run("validate", package=package)
    assert result.exit_code == 1
    assert "data/news.csv:2:unit_id: pre2025-99999: no row of the units table has this id" in result.output


def test_broken_foreign_key_between_reform_tables(package):
    set_cell(package, "event_people", "event_id", "no-such-event", row=2)
    result = run("validate", "--format", "json", package=package)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    [problem] = report["problems"]
    assert (problem["path"], problem["row"], problem["field"], problem["type"]) == (
        "data/event_people.csv", 4, "event_id", "foreign-key")


def test_missing_offset(package):
    set_cell(package, "news", "published_at", "2024-04-08T16:06:00")
    result = run("validate", package=package)
    assert result.exit_code == 1
    assert "data/news.csv:2:published_at:" in result.output
    assert "2024-04-08T16:06:00+07:00" in result.output         # the hint shows the right form


def test_offset_other_than_vietnam_time(package):
    set_cell(package, "news", "published_at", "2024-04-08T09:06:00+00:00")
    result = run("validate", package=package)
    assert result.exit_code == 1
    assert "data/news.csv:2:published_at: published_at must be Vietnam local time, offset +07:00" in result.output


def test_nfd_text(package):
    [news] = read_table(package, "news")
    set_cell(package, "news", "title", unicodedata.normalize("NFD", news["title"]))
    result = run("validate", package=package)
    assert result.exit_code == 1
    assert "data/news.csv:2:title: text is not in NFC form" in result.output


def test_duplicate_id(package):
    edit(package, "news", lambda rows: rows + [dict(rows[0], title="Bản sao", body="Khác hẳn.")])
    result = run("validate", "--format", "json", package=package)
    assert result.exit_code == 1
    types = {(p["row"], p["type"]) for p in json.loads(result.stdout)["problems"]}
    assert (3, "primary-key") in types


def test_duplicated_body_text(package):
    edit(package, "news", lambda rows: rows + [dict(rows[0], id="ban-sao-0001", title="Bản sao")])
    result = run("validate", package=package)
    assert result.exit_code == 1
    assert "data/news.csv:3:body: same body as row 2" in result.output


def test_body_repeated_inside_an_article(package):
    [news] = read_table(package, "news")
    set_cell(package, "news", "body", news["body"] + "\n\n" + news["body"].split("\n\n")[0])
    result = run("validate", package=package)
    assert "data/news.csv:2:body: the body repeats a paragraph" in result.output


def test_unit_not_valid_on_publish_date(package):
    set_cell(package, "news", "unit_id", "2025-21361")
    set_cell(package, "news", "unit_code", "21361")
    result = run("validate", package=package)
    assert result.exit_code == 1
    assert "data/news.csv:2:unit_id: Xã Minh Long (2025-21361) did not exist on 2024-04-08" in result.output


def test_event_after_its_article(package):
    set_cell(package, "reform_events", "event_date", "2024-05-01")
    result = run("validate", package=package)
    assert "data/reform_events.csv:2:event_date: the event (2024-05-01) is after its article" in result.output


def test_unknown_reform_area_and_bad_code(package):
    set_cell(package, "event_findings", "areas", "tthc;khong-co")
    set_cell(package, "units", "code", "5")
    result = run("validate", package=package)
    assert "data/event_findings.csv:2:areas: unknown reform area 'khong-co'" in result.output
    assert "data/units.csv:2:code:" in result.output


def test_date_written_day_first(package):
    set_cell(package, "reform_events", "event_date", "28/03/2024")
    result = run("validate", package=package)
    assert "data/reform_events.csv:2:event_date:" in result.output
    assert "not dd/mm/yyyy" in result.output


def _news_path(descriptor_path: Path, path: str) -> None:
    text = descriptor_path.read_text(encoding="utf-8")
    assert '"data/news.csv"' in text
    descriptor_path.write_text(text.replace('"data/news.csv"', json.dumps(path)), encoding="utf-8")


@pytest.mark.parametrize("damage, message", [
    (lambda d: d.unlink(), "no such file"),
    (lambda d: d.write_text("{not json", encoding="utf-8"), "not valid JSON"),
    (lambda d: _news_path(d, "../../etc/passwd"), "leaves the package folder"),
    (lambda d: _news_path(d, "/etc/passwd"), "must be relative"),
])
def test_unusable_package_exits_2(package, damage, message):
    damage(package)
    result = run("validate", package=package)
    assert result.exit_code == 2, result.output
    assert message in result.stderr


def test_symlink_out_of_the_package_is_refused(package, tmp_path):
    outside = tmp_path.parent / "outside.csv"
    outside.write_text("id\n", encoding="utf-8")
    news = package.parent / "data" / "news.csv"
    news.unlink()
    news.symlink_to(outside)
    result = run("validate", package=package)
    assert result.exit_code == 2
    assert "leaves the package folder" in result.stderr


def test_unknown_field_type_is_reported(package):
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    news = next(r for r in descriptor["resources"] if r["name"] == "news")
    next(f for f in news["schema"]["fields"] if f["name"] == "author")["type"] = "colour"
    package.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    result = run("validate", package=package)
    assert result.exit_code == 1
    assert "datapackage.json" in result.output and "colour" in result.output


@pytest.mark.parametrize("cell", [
    "2024-04-08T16:06:00+07:00", "2024-02-30T16:06:00+07:00", "2024-04-08T24:06:00+07:00",
    "2024-04-08T16:06:00", "2024-04-08T16:06:00Z", "2024-04-08T16:06:00+0700", "2024-04-08 16:06:00+07:00",
    "2024-13-08T16:06:00+07:00", "2024-04-08T16:06:60+07:00", "2024-04-08T16:06:00+25:00",
    "2024-04-08T16:06:00-03:30", "", "08/04/2024 16:06",
])
def test_fast_datetime_reader_agrees_with_frictionless(cell):
    import frictionless
    from opendata.validate import ISO_OFFSET_FORMAT, FastDatetimeField
    slow = frictionless.fields.DatetimeField(name="x", format=ISO_OFFSET_FORMAT).create_value_reader()
    fast = FastDatetimeField(name="x", format=ISO_OFFSET_FORMAT).create_value_reader()
    assert fast(cell) == slow(cell)


@pytest.mark.parametrize("cell", ["2024-03-28", "2024-02-30", "2024-3-28", "28/03/2024", "2024-03-28T00:00", ""])
def test_fast_date_reader_agrees_with_frictionless(cell):
    import frictionless
    from opendata.validate import FastDateField
    slow = frictionless.fields.DateField(name="x").create_value_reader()
    assert FastDateField(name="x").create_value_reader()(cell) == slow(cell)
