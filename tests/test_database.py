"""`opendata build`: the SQLite file and metadata Datasette serves."""

from __future__ import annotations

import asyncio
import json
import sqlite3

from conftest import run


def built(package):
    result = run("build", package=package)
    assert result.exit_code == 0, result.output
    return package.parent / "build" / "opendata.db", package.parent / "build" / "metadata.json"


def test_tables_types_keys_and_counts(package):
    db_path, _ = built(package)
    db = sqlite3.connect(db_path)
    news = {r[1]: r[2] for r in db.execute("pragma table_info(news)")}
    assert news["views"] == "INTEGER" and news["published_at"] == "TEXT" and news["body"] == "TEXT"
    assert [r[5] for r in db.execute("pragma table_info(news)") if r[1] == "id"] == [1]      # primary key
    fks = {(r[3], r[2], r[4]) for r in db.execute("pragma foreign_key_list(news)")}
    assert ("unit_id", "units", "id") in fks and ("publisher_id", "publishers", "id") in fks
    pk = [r[1] for r in sorted(db.execute("pragma table_info(event_people)"), key=lambda r: r[5]) if r[5]]
    assert pk == ["event_id", "seq"]
    (title, published, views), = db.execute("select title, published_at, views from news")
    assert published == "2024-04-08T16:06:00+07:00" and views == 11
    assert db.execute("select \"primary\" from unit_changes where old_unit_id = 'pre2025-21358'").fetchone() == (1,)
    indexes = {r[1] for r in db.execute("pragma index_list(news)")}
    assert any("unit_id" in i for i in indexes)


def test_vietnamese_sort_columns(package):
    """`units.name` is declared `COLLATE vn`: a plain ORDER BY sorts in dictionary order, with
    the collation registered as the plugin does (and without a helper column)."""
    from opendata.database import register_collation

    db_path, _ = built(package)
    db = sqlite3.connect(db_path)
    register_collation(db)
    assert not [c for c in db.execute("pragma table_info(units)") if c[1].endswith("_sort")]
    names = [r[0] for r in db.execute("select short_name from units where era = '2025' order by name")]
    by_short = [r[0] for r in db.execute("select short_name from units where era = '2025' and level = 'commune' "
                                         "and type = 'xã' order by name")]
    first_letters = [n[0] for n in by_short]
    assert first_letters.index("Đ") > len(first_letters) - 1 - first_letters[::-1].index("D")   # D… then Đ…
    code_point = [r[0] for r in db.execute("select short_name from units where era = '2025' and level = 'commune' "
                                           "and type = 'xã' order by short_name")]
    assert code_point[-1].startswith("Đ")            # what plain SQLite ordering does
    assert names


def test_folded_full_text_search_in_datasette(package):
    db_path, metadata_path = built(package)
    from datasette.app import Datasette

    metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    assert metadata["databases"]["opendata"]["tables"]["news"]["label_column"] == "title"
    assert metadata["license"] == "Creative Commons Attribution 4.0 International"
    assert metadata["license_url"].startswith("https://creativecommons.org/")

    async def fetch():
        ds = Datasette([str(db_path)], metadata=metadata)
        out = {}
        for q in ("dinh trung hieu", "cai cach hanh chinh", "cải cách", "Đinh Trung Hiếu", "khong co"):
            r = await ds.client.get("/opendata/news.json", params={"_search": q, "_shape": "array"})
            out[q] = [row["id"] for row in r.json()]
        r = await ds.client.get("/opendata/units.json", params={"_shape": "array", "_size": 3,
                                                               "_sort_desc": "name", "era": "2025",
                                                               "level": "commune", "type": "xã"})
        out["units"] = r.status_code
        out["unit_names"] = [row["short_name"][0] for row in r.json()]
        return out

    found = asyncio.run(fetch())
    assert len(found["dinh trung hieu"]) == 1 and found["dinh trung hieu"] == found["cai cach hanh chinh"]
    assert found["cải cách"] == found["dinh trung hieu"] == found["Đinh Trung Hiếu"]
    assert found["khong co"] == []
    assert found["units"] == 200
    assert "Đ" not in found["unit_names"]           # Datasette's own _sort: by the collation, not code point


def test_folded_table_search_on_units_and_reform_tables(package):
    """`?_search=` without diacritics on every table a person searches: units by name,
    reform events by title, people by name, findings by text (issue 12: units ignored it)."""
    db_path, metadata_path = built(package)
    from datasette.app import Datasette

    metadata = json.loads(metadata_path.read_text(encoding="utf-8"))

    async def fetch(path, q, key):
        ds = Datasette([str(db_path)], metadata=metadata)
        r = await ds.client.get(path, params={"_search": q, "_shape": "array", "_size": "max"})
        assert r.status_code == 200, r.text
        return sorted(row[key] for row in r.json())

    def search(path, q, key):
        return asyncio.run(fetch(path, q, key))

    for q in ("long mon", "Long Môn", "LONG MON", "xa long mon"):
        assert search("/opendata/units.json", q, "id") == ["pre2025-21358"], q
    assert search("/opendata/units.json", "minh long", "id") == ["2025-21361", "pre2025-531"]
    assert search("/opendata/units.json", "quang ngai", "id") == ["2025-51", "pre2025-51", "pre2025-522"]
    event = "0939a2d78e482371-1"
    assert search("/opendata/reform_events.json", "cai cach hanh chinh nam 2023", "id") == [event]
    assert search("/opendata/event_people.json", "dinh trung hieu", "name") == ["Đinh Trung Hiếu"]
    assert search("/opendata/event_people.json", "Đinh Trung Hiếu", "name") == ["Đinh Trung Hiếu"]
    found = search("/opendata/event_findings.json", "tu kiem tra giam sat", "seq")
    assert 2 in found
    assert search("/opendata/units.json", "khong co don vi nay", "id") == []


def test_build_refuses_an_invalid_package(package):
    news = package.parent / "data" / "news.csv"
    news.write_text(news.read_text(encoding="utf-8").replace("pre2025-21358,21358", "pre2025-99999,21358", 1),
                    encoding="utf-8")
    result = run("build", package=package)
    assert result.exit_code == 1
    assert "invalid" in result.stderr and "news.csv:2:unit_id" in result.stderr
    assert not (package.parent / "build" / "opendata.db").exists()


def test_a_database_from_an_older_build_is_rebuilt_by_serve(package, tmp_path):
    """Code that writes new columns must not serve a file built by an older version, even when
    the package has not changed since."""
    import sqlite3

    from opendata.database import DB_FORMAT
    from opendata.package import Package
    from opendata.serve import ensure_fresh

    said = []
    db = ensure_fresh(Package(package), tmp_path / "build", say=said.append)
    assert any(m.startswith("built") for m in said)
    said.clear()
    ensure_fresh(Package(package), tmp_path / "build", say=said.append)
    assert not any(m.startswith("built") for m in said)               # fresh: left alone
    from opendata.database import register_collation

    with sqlite3.connect(db) as conn:
        register_collation(conn)                 # ALTER TABLE re-reads the `COLLATE vn` indexes
        conn.execute(f"pragma user_version = {DB_FORMAT - 1}")
        conn.execute("drop index if exists idx_reform_events_event_year")
        conn.execute("alter table reform_events drop column event_year")
    ensure_fresh(Package(package), tmp_path / "build", say=said.append)
    assert any(m.startswith("built") for m in said)
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma user_version").fetchone()[0] == DB_FORMAT
        assert conn.execute("select event_year from reform_events").fetchone() == (2024,)
