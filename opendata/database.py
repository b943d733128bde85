"""`opendata build`: the validated package as one SQLite file for Datasette, plus its metadata.

sqlite-utils writes the tables with their Table Schema types, keys and indexes.
Vietnamese readers are served where SQLite cannot: the names people sort by are
declared `COLLATE vn` (dictionary order, "Dương" before "Đông"; the collation is
vntext.sort_key, registered on each connection by the plugin and here), so
`ORDER BY name` and Datasette's own `?_sort=name` sort right with no helper column
that could leak into a page, JSON or CSV; and, for news, an FTS table over folded
text so Datasette's own `?_search=` matches "cai cach" and "dinh".
A few more exist only in the database, for Datasette's facets: `reform_events.event_year`
and `event_findings.areas_list` (the `;`-separated area codes as a JSON array, for an
array facet). The CSV package stays as it is.
The file is written under a temporary name and renamed into place.
"""

from __future__ import annotations

import functools
import json
import os
import re
import tempfile
from pathlib import Path

import sqlite_utils

from .package import WRITE_ORDER, Package, write_json_atomic
from .vntext import fold, sort_key

# Bump when what `build` writes changes (tables, helper columns, indexes): an older file is
# then rebuilt by `opendata serve` even though the package did not change.
DB_FORMAT = 4          # 3: folded FTS on units and reform tables; 4: `COLLATE vn` instead of `*_sort`
COLLATION = "vn"

SQL_TYPES = {"string": str, "integer": int, "number": float, "boolean": int, "date": str, "datetime": str,
             "year": int}
# Columns people filter or join on, indexed.
INDEXES = {
    "units": [["era", "level"], ["parent_id"], ["province_id"], ["code"]],
    "unit_changes": [["new_unit_id"]],
    "publishers": [["unit_id"]],
    "news": [["unit_id"], ["unit_code"], ["publisher_id"], ["published_at"]],
    "news_sources": [["url"], ["changed_at"]],
    "reform_events": [["news_id"], ["organiser_unit_id"], ["event_date"], ["event_year"]],
    "event_people": [["name"]],
    "event_findings": [["kind"]],
}


def _year(row: dict):
    date = row.get("event_date") or ""
    return int(date[:4]) if date[:4].isdigit() else None


def _areas_list(row: dict) -> str:
    return json.dumps([a.strip() for a in (row.get("areas") or "").split(";") if a.strip()])


# Database-only columns derived from a row: table -> column -> (type, function of the row).
DERIVED = {
    "reform_events": {"event_year": (int, _year)},
    "event_findings": {"areas_list": (str, _areas_list)},
}
# Text columns declared `COLLATE vn` (and indexed): they sort in dictionary order.
SORT_COLUMNS = {"units": ["name"], "news": ["title"], "publishers": ["site_name"], "event_people": ["name"]}
LABELS = {"units": "name", "news": "title", "publishers": "site_name", "reform_areas": "name_vi",
          "reform_events": "title"}
FACETS = {"units": ["era", "level", "type"], "news": ["unit_code", "publisher_id", "author"],
          "news_sources": ["http_status", "content_type"],
          "reform_events": ["kind", "reform_focus", "event_year", "year_reviewed", "organiser_unit_id", "provenance"],
          "event_findings": ["kind", {"array": "areas_list"}, "provenance"],
          "event_people": ["participation", "provenance"], "unit_changes": ["kind"]}


@functools.lru_cache(maxsize=65536)
def _key(text: str) -> str:
    return sort_key(text)


def vn_collate(a: str, b: str) -> int:
    """The `vn` collation: Vietnamese dictionary order, then code point, so that only
    identical texts are equal (`=` and GROUP BY on a `COLLATE vn` column stay exact)."""
    ka, kb = _key(a), _key(b)
    if ka != kb:
        return -1 if ka < kb else 1
    return (a > b) - (a < b)


def register_collation(conn) -> None:
    conn.create_collation(COLLATION, vn_collate)


# Which of the package's sources each table comes from (a word of the source's title);
# a resource's own `sources` in the descriptor win. Others come from the news portals.
TABLE_SOURCES = {"units": "vietnamadminunits", "unit_changes": "vietnamadminunits", "reform_areas": "76/NQ-CP"}


def _table_source(descriptor: dict, resource: dict, name: str) -> dict:
    """{source, source_url, license, license_url} of one table, for its Datasette pages."""
    own = resource.get("sources") or []
    sources = descriptor.get("sources") or [{}]
    if not own:
        word = TABLE_SOURCES.get(name)
        own = [s for s in sources if word and word in s.get("title", "")] or sources[:1]
    licence = (resource.get("licenses") or descriptor.get("licenses") or [{}])[0]
    return {"source": own[0].get("title", ""), "source_url": own[0].get("path", ""),
            "license": licence.get("title") or licence.get("name", ""), "license_url": licence.get("path", "")}


def _convert(field: dict, value: str):
    if value == "":
        return None
    kind = field.get("type", "string")
    if kind == "boolean":
        return 1 if value.lower() in ("true", "1", "yes") else 0
    if kind in ("integer", "year"):
        return int(value)
    if kind == "number":
        return float(value)
    return value


def build_database(package: Package, db_path: Path) -> dict[str, int]:
    """Write every table of the (already validated) package to `db_path`; return row counts."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{db_path.name}.", suffix=".tmp", dir=db_path.parent)
    os.close(fd)
    counts = {}
    try:
        db = sqlite_utils.Database(tmp, recreate=True)
        register_collation(db.conn)
        names = sorted(package.resources, key=lambda n: WRITE_ORDER.index(n) if n in WRITE_ORDER else 99)
        for name in names:
            counts[name] = _write_table(db, package, name)
        _search_tables(db)
        db.conn.execute(f"pragma user_version = {DB_FORMAT}")
        db.conn.execute("pragma journal_mode = delete")
        db.vacuum()
        db.conn.close()
        os.replace(tmp, db_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return counts


def db_format(db_path: Path) -> int | None:
    """The format an existing database was built with (SQLite's user_version), or None."""
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            return conn.execute("pragma user_version").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def _write_table(db: sqlite_utils.Database, package: Package, name: str) -> int:
    res = package[name]
    fields = {f["name"]: f for f in res.schema["fields"]}
    columns = {n: SQL_TYPES.get(f.get("type", "string"), str) for n, f in fields.items()}
    sort_cols = SORT_COLUMNS.get(name, [])
    derived = DERIVED.get(name, {})
    columns.update({c: kind for c, (kind, _) in derived.items()})
    pk = res.schema.get("primaryKey") or None
    fks = []
    for fk in res.schema.get("foreignKeys", []):
        if len(fk["fields"]) == 1:
            other = fk["reference"]["resource"] or name
            fks.append((fk["fields"][0], other, fk["reference"]["fields"][0]))
    not_null = {n for n, f in fields.items() if f.get("constraints", {}).get("required")}
    table = db[name]
    # Keys and collations go into CREATE TABLE itself: sqlite-utils' add_foreign_key
    # rebuilds the table and would drop `COLLATE vn`.
    sql = db.create_table_sql(name, columns, pk=pk[0] if pk and len(pk) == 1 else pk, not_null=not_null)
    for column, other, other_column in fks:
        sql, n = re.subn(rf"^(   \[{re.escape(column)}\] [A-Z]+[^,\n]*)", rf"\1 REFERENCES [{other}]([{other_column}])",
                         sql, flags=re.M)
        assert n == 1, (name, column)
    for c in sort_cols:
        sql, n = re.subn(rf"^(   \[{re.escape(c)}\] TEXT)", rf"\1 COLLATE {COLLATION}", sql, flags=re.M)
        assert n == 1, (name, c)
    db.execute(sql)
    rows = []
    for raw in package.read(name):
        row = {n: _convert(fields[n], raw.get(n, "")) for n in fields}
        for c, (_, derive) in derived.items():
            row[c] = derive(row)
        rows.append(row)
    table.insert_all(rows, batch_size=2000)
    for cols in INDEXES.get(name, []):
        table.create_index(cols, if_not_exists=True)
    for c in sort_cols:
        table.create_index([c], if_not_exists=True)
    return len(rows)


# Folded full-text search for Datasette's `?_search=` (and `?_search_<column>=`):
# table -> FTS column -> the table's columns whose text it holds. One mechanism for all.
FTS = {
    "news": {"text": ("title", "lead", "body")},
    "units": {"name": ("name",)},
    "reform_events": {"title": ("title",)},
    "event_people": {"name": ("name",)},
    "event_findings": {"text": ("text",)},
}


def _search_tables(db: sqlite_utils.Database) -> None:
    """For each table of FTS, an FTS5 index `<table>_fts` keyed by the table's rowid, which
    Datasette's `?_search=` uses through the table's metadata (`fts_table`). Each column
    holds its text twice: folded (so `dinh` finds "Đinh", `long mon` finds "Long Môn")
    and as written (so `Đinh` does too: FTS5's remove_diacritics never folds đ).
    Datasette passes the visitor's words to MATCH as they are typed: the folding that
    matters is on the indexed side."""
    for table, columns in FTS.items():
        if table not in db.table_names():
            continue
        names = ", ".join(columns)
        db.execute(f"create virtual table [{table}_fts] using fts5({names}, content='', "
                   "tokenize='unicode61 remove_diacritics 2')")
        sources = [source for group in columns.values() for source in group]
        rows = db.execute(f"select rowid, {', '.join(f'[{c}]' for c in sources)} from [{table}]").fetchall()
        marks = ", ".join("?" for _ in range(len(columns) + 1))
        values = []
        for row in rows:
            cells, i = [row[0]], 1
            for group in columns.values():
                cells.append(_both(" ".join(x or "" for x in row[i:i + len(group)])))
                i += len(group)
            values.append(cells)
        with db.conn:
            db.conn.executemany(f"insert into [{table}_fts](rowid, {names}) values ({marks})", values)


def _both(text: str) -> str:
    return fold(text) + "\n" + text


def datasette_metadata(package: Package) -> dict:
    """Datasette metadata from the package descriptor: titles, descriptions, licence, source,
    column descriptions, facets, label columns, sortable columns."""
    d = package.descriptor
    licence = (d.get("licenses") or [{}])[0]
    sources = d.get("sources") or [{}]
    tables = {}
    for name, res in package.resources.items():
        fields = res.schema.get("fields", [])
        columns = {f["name"]: " — ".join(p for p in (f.get("title", ""), f.get("description", "")) if p)
                   for f in fields}
        table = {"title": res.descriptor.get("title", name), "description": res.descriptor.get("description", ""),
                 "columns": columns,
                 "sortable_columns": [f["name"] for f in fields if f.get("type") != "string" or
                                      f["name"] in ("id", "code", "name", "title", *SORT_COLUMNS.get(name, []))]
                 + [c for c, (kind, _) in DERIVED.get(name, {}).items() if kind is int]}
        table.update(_table_source(d, res.descriptor, name))
        if name in LABELS:
            table["label_column"] = LABELS[name]
        if name in FACETS:
            table["facets"] = FACETS[name]
        if name in FTS:
            table["fts_table"] = f"{name}_fts"
            table["fts_pk"] = "rowid"
        tables[name] = table
    return {
        "title": d.get("title", ""), "description": d.get("description", ""),
        "license": licence.get("title") or licence.get("name", ""), "license_url": licence.get("path", ""),
        "source": sources[0].get("title", ""), "source_url": sources[0].get("path", ""),
        "attribution": d.get("attribution", ""),
        "databases": {"opendata": {"title": d.get("title", ""), "tables": tables, "queries": canned_queries()}},
    }


def canned_queries() -> dict:
    """Public SQL kept as reviewed files in opendata/queries/*.sql; `-- title:` and
    `-- description:` comment lines become the query's metadata."""
    from importlib import resources

    queries = {}
    for entry in sorted(resources.files("opendata").joinpath("queries").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".sql"):
            continue
        text = entry.read_text(encoding="utf-8")
        meta = {}
        for line in text.splitlines():
            if line.startswith("-- ") and ":" in line:
                key, value = line[3:].split(":", 1)
                meta[key.strip()] = value.strip()
        queries[entry.name[:-4]] = {"sql": text, "title": meta.get("title", entry.name[:-4]),
                                    "description": meta.get("description", "")}
    return queries


CATALOGUE_KEYS = ("name", "title", "description", "version", "created", "keywords", "licenses", "attribution",
                  "sources", "contributors", "homepage")
RESOURCE_KEYS = ("name", "title", "description", "path", "format", "mediatype", "encoding")


def catalogue_fields(package: Package) -> dict:
    """The descriptor without schemas: what the site's DCAT catalogue, JSON-LD and feeds
    say about the package (datapackage.json stays the one source)."""
    d = package.descriptor
    out = {k: d[k] for k in CATALOGUE_KEYS if k in d}
    out["resources"] = [{k: r[k] for k in RESOURCE_KEYS if k in r} for r in d.get("resources") or []]
    return out


def write_metadata(package: Package, path: Path, index_dir: Path | None = None) -> None:
    """Datasette metadata; with `index_dir`, the plugin's search routes use that index."""
    metadata = datasette_metadata(package)
    if index_dir is not None:
        metadata["plugins"] = {"opendata": {"index_dir": str(index_dir.resolve()), "database": "opendata",
                                            "package": catalogue_fields(package)}}
    write_json_atomic(path, metadata)
