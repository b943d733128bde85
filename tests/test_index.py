"""The index on disk: CLI, incremental updates, a killed build, one builder at a time."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import ROOT, run
from opendata.errors import OpendataError
from opendata.search import Searcher, build_index
from opendata.search.indexer import build_lock, read_manifest
from search_docs import DOCS


def test_cli_index_then_search_json(package):
    first = run("index", package=package)
    assert first.exit_code == 0, first.output
    assert "1 added" in first.output
    again = run("index", package=package)
    assert "0 added, 0 updated, 0 removed, 1 unchanged" in again.output
    result = run("search", "cai cach hanh chinh long mon", "--format", "json", package=package)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) >= {"query", "total", "results", "facets", "suggestion"}
    [hit] = out["results"]
    assert set(hit) == {"id", "title", "url", "published_at", "unit_code", "score", "snippet"}
    assert hit["unit_code"] == "21358" and "<mark>" in hit["snippet"]
    assert out["suggestion"] == "cải cách hành chính Long Môn"
    assert (package.parent / "build" / "index" / "manifest.json").exists()


def test_cli_search_text_and_csv(package):
    run("index", package=package)
    text = run("search", "Đinh Trung Hiếu", package=package)
    assert "1 result(s)" in text.output and "Xã Long Môn" in text.output
    csv_out = run("search", "Đinh", "--format", "csv", package=package).stdout
    assert csv_out.splitlines()[0] == "id,title,url,published_at,unit_code,unit_name,score,snippet"
    assert "Đinh Trung Hiếu" in csv_out and "<mark>" not in csv_out


def test_cli_index_refuses_an_invalid_package(package):
    news = package.parent / "data" / "news.csv"
    news.write_text(news.read_text(encoding="utf-8").replace("+07:00,11,", ",11,", 1), encoding="utf-8")
    result = run("index", package=package)
    assert result.exit_code == 1
    assert "invalid" in result.stderr and "news.csv:2:published_at" in result.stderr


def test_search_without_index_is_a_clear_error(package):
    result = run("search", "xã", package=package)
    assert result.exit_code == 1 and "opendata index" in result.stderr


def test_incremental_update_and_removal(tmp_path):
    folder = tmp_path / "index"
    assert build_index(DOCS, folder).added == len(DOCS)
    searcher = Searcher(folder)
    assert [r["id"] for r in searcher.search("bàn ghế")["results"]] == ["ban-ghe"]

    changed = [replace(d, title="Trường học nhận máy tính mới", body="Nhà trường nhận máy tính.")
               if d.id == "ban-ghe" else d for d in DOCS if d.id != "to-lon"]
    result = build_index(changed, folder)
    assert (result.added, result.updated, result.removed, result.unchanged) == (0, 1, 1, len(DOCS) - 2)
    assert not result.rebuilt
    assert searcher.stale()
    searcher = Searcher(folder)                       # as the server does: a new one beside the old
    assert not searcher.stale()
    assert searcher.search("bàn ghế")["total"] == 0
    assert [r["id"] for r in searcher.search("máy tính")["results"]] == ["ban-ghe"]
    assert searcher.search('"to lớn"')["total"] == 0        # quoted: taken as typed, no typo guesses
    assert searcher.n_docs == len(DOCS) - 1
    manifest = read_manifest(folder)
    assert manifest["version"] == "v1" and manifest["whoosh_generation"] == 2
    # Whoosh's own reader sees the same index
    from whoosh import index as windex
    with windex.open_dir(str(folder / "v1")).searcher() as s:
        assert s.doc_count() == len(DOCS) - 1
        assert s.document(id="ban-ghe")["title"] == "Trường học nhận máy tính mới"
        assert s.document(id="to-lon") is None


def test_many_small_updates_do_not_pile_up_segments(tmp_path):
    from whoosh import index as windex
    build_index(DOCS, tmp_path)
    docs = list(DOCS)
    for n in range(8):
        docs = [replace(d, body=d.body + f" Cập nhật lần {n}.") if i == n else d for i, d in enumerate(docs)]
        assert build_index(docs, tmp_path).updated == 1
        assert len(windex.open_dir(str(tmp_path / "v1"))._segments()) < 3
    searcher = Searcher(tmp_path)
    assert searcher.n_docs == len(DOCS)
    assert [r["id"] for r in searcher.search("cập nhật lần 7")["results"]][0] == DOCS[7].id
    assert searcher.search("xã")["total"] == Searcher(tmp_path).search("xã")["total"] == len(DOCS)
    toc_files = {p.name for p in (tmp_path / "v1").glob("*.toc")}
    assert len(toc_files) == 1          # older generations were cleaned up


def test_rebuild_gives_the_same_answers(tmp_path):
    build_index(DOCS, tmp_path / "a")
    build_index(DOCS[:3], tmp_path / "b")
    build_index(DOCS, tmp_path / "b")
    build_index(DOCS, tmp_path / "b", rebuild=True)
    a, b = Searcher(tmp_path / "a"), Searcher(tmp_path / "b")
    for q in ("xã", "cai cach hanh chinh", "bán", "UBND"):
        assert [r["id"] for r in a.search(q)["results"]] == [r["id"] for r in b.search(q)["results"]]
    assert len(list((tmp_path / "b").glob("v*"))) == 1


def test_second_builder_waits_then_gives_up(tmp_path):
    with build_lock(tmp_path, wait=0):
        with pytest.raises(OpendataError, match="another index build"):
            build_index(DOCS, tmp_path, wait=0.3)
    assert build_index(DOCS, tmp_path, wait=0.3).added == len(DOCS)


KILLED_BUILD = textwrap.dedent("""
    import sys
    from dataclasses import replace
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from search_docs import DOCS
    from opendata.search import build_index
    many = [replace(d, id=f"{{d.id}}-{{i}}", body=d.body * 30) for i in range(1500) for d in DOCS]
    print("start", flush=True)
    build_index(many, Path({folder!r}))
""")


@pytest.mark.parametrize("delay", [0.5, 1.5, 3.0])
def test_killed_build_leaves_the_previous_index_usable(tmp_path, delay):
    folder = tmp_path / "index"
    build_index(DOCS, folder)
    before = Searcher(folder).search("xã")["total"]
    script = KILLED_BUILD.format(tests=str(Path(__file__).parent), folder=str(folder))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                            cwd=ROOT, preexec_fn=os.setsid)
    assert proc.stdout.readline().strip() == "start"
    time.sleep(delay)
    assert proc.poll() is None, "the build ended before it was killed: give it more to do"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    after = Searcher(folder)
    assert after.search("xã")["total"] == before
    assert after.search("dinh trung hieu")["results"][0]["id"] == "cchc-long-mon"
    # and the next build repairs everything
    result = build_index(DOCS, folder, wait=5)
    assert result.unchanged == len(DOCS)
    assert Searcher(folder).search("xã")["total"] == before


def test_adding_a_few_articles_leaves_the_big_segments_alone(tmp_path):
    """A parallel full build writes large Whoosh segments; an incremental commit must not
    re-merge them (that turned 'add 10 articles' into minutes)."""
    many = [replace(d, id=f"{d.id}-{i}") for i in range(200) for d in DOCS]
    assert build_index(many, tmp_path).added == len(many)
    from whoosh import index as windex
    before = {s.segment_id() for s in windex.open_dir(str(tmp_path / "v1"))._segments()}
    assert len(before) >= 2
    assert build_index(many + [replace(DOCS[0], id="one-more")], tmp_path).added == 1
    after = {s.segment_id() for s in windex.open_dir(str(tmp_path / "v1"))._segments()}
    assert before < after


@pytest.mark.parametrize("slices", [None, (7, 40)], ids=["whole-fields", "fields-in-slices"])
@pytest.mark.parametrize("compound", [False, True])
def test_build_segment_writer_writes_the_segment_whoosh_writes(tmp_path, compound, slices, monkeypatch):
    """The full build's segment writer (compact pool, whole runs) must give Whoosh's own
    SegmentWriter (with our codec) term index, postings, columns and stored fields byte for
    byte, as separate files (what the index writes) or one compound file; also when it
    hands each field to the codec in slices of a few terms / postings."""
    from whoosh import index as windex
    from whoosh.filedb.compound import CompoundStorage
    from whoosh.writing import SegmentWriter

    from opendata.search.analysis import terms
    from opendata.search.codec import ArrayCodec
    from opendata.search.indexer import _whoosh_fields, whoosh_schema
    from opendata.search.segment import BuildSegmentWriter

    if slices:
        monkeypatch.setattr(BuildSegmentWriter, "flush_terms", slices[0])
        monkeypatch.setattr(BuildSegmentWriter, "flush_postings", slices[1])
    many = [replace(d, id=f"{d.id}-{i}") for i in range(30) for d in DOCS]
    parts = {}
    for cls in (SegmentWriter, BuildSegmentWriter):
        (tmp_path / cls.__name__).mkdir()
        ix = windex.create_in(str(tmp_path / cls.__name__), whoosh_schema())
        extra = {"codec": ArrayCodec()} if cls is SegmentWriter else {}
        writer = cls(ix, _lk=False, limitmb=1, compound=compound, **extra)
        for d in many:
            writer.add_document(**_whoosh_fields(d, terms(d.title, d.text)))
        segment = writer._finalize_segment()
        seg_file = segment.make_filename(".seg")
        assert ix.storage.file_exists(seg_file) == compound
        files = CompoundStorage(ix.storage.open_file(seg_file), use_mmap=False) if compound else ix.storage
        names = [n for n in files.list() if n.startswith(segment.make_filename("."))]
        parts[cls] = {name.split(".", 1)[1]: files.open_file(name).read() for name in names}
        if compound:
            files.close()
    assert set(parts[SegmentWriter]) >= {"pst", "trm", "_stored.col", "_folded_len.col", "folded_length.col"}
    assert parts[SegmentWriter] == parts[BuildSegmentWriter]


def test_content_digest_sees_every_field_and_is_the_same_in_another_process():
    """The digest an incremental build compares: any field's change shows, and a new
    process computes the same value (a per-process salted hash would re-index everything)."""
    from dataclasses import fields

    doc = DOCS[0]
    digests = {doc.content_digest()}
    for field in fields(doc):
        value = getattr(doc, field.name)
        changed = value + 1 if isinstance(value, int) else (
            [*value, "x"] if isinstance(value, list) else value + "ộ")
        digests.add(replace(doc, **{field.name: changed}).content_digest())
    assert len(digests) == len(fields(doc)) + 1
    assert replace(doc, body="hoà bình").content_digest() != replace(doc, body="hòa bình").content_digest()
    script = ("import sys; sys.path.insert(0, 'tests'); from search_docs import DOCS; "
              "print(DOCS[0].content_digest().hex())")
    other = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": "random"}, check=True)
    assert other.stdout.strip() == doc.content_digest().hex()


def test_increments_that_merge_small_segments_answer_as_a_rebuild(tmp_path):
    """Daily increments (new articles, corrections, removals) whose commits fold the small
    segments into new ones, analysing their articles again: the index then holds each
    live article once, with its latest text, and answers as a full rebuild of the same
    articles does; small segments stay few."""
    from whoosh import index as windex

    folder = tmp_path / "daily"
    docs = list(DOCS)
    build_index(docs, folder)
    for day in range(12):
        docs += [replace(DOCS[(day + k) % len(DOCS)], id=f"day{day}-{k}", title=f"Tin bổ sung ngày {day}")
                 for k in range(day % 4 + 1)]
        if day % 3 == 2:       # a correction of an article two days old, in a small segment
            docs = [replace(d, body=d.body + f" Đính chính {day}.") if d.id == f"day{day - 2}-0" else d
                    for d in docs]
        if day % 4 == 3:       # an article of yesterday taken down
            docs = [d for d in docs if d.id != f"day{day - 1}-0"]
        build_index(docs, folder)
        assert len(windex.open_dir(str(folder / "v1"))._segments()) <= 3
    build_index(docs, tmp_path / "fresh")
    daily, fresh = Searcher(folder), Searcher(tmp_path / "fresh")
    assert daily.n_docs == fresh.n_docs == len(docs)
    for query in ("xã", "tin bổ sung", "đính chính", "đính chính 5", "ngày 6", "cai cach hanh chinh"):
        found = daily.search(query, limit=1000, snippets=False)
        expected = fresh.search(query, limit=1000, snippets=False)
        assert sorted(r["id"] for r in found["results"]) == sorted(r["id"] for r in expected["results"]), query
        assert found["facets"] == expected["facets"]
    assert [r["id"] for r in daily.search('"đính chính 5"')["results"]] == ["day3-0"]     # day6-0: taken down
    assert daily.search('"ngày 10"')["total"] == 3 - 1          # day10-0 was taken down on day 11
    with windex.open_dir(str(folder / "v1")).searcher() as searcher:
        assert searcher.doc_count() == len(docs)
        assert sorted(fields["id"] for fields in searcher.all_stored_fields()) == sorted(d.id for d in docs)
