"""The adjudication helper (`bench/gold_sheet.py apply`) turns blind verdicts into gold changes.

The article is written for this test (a made-up Xã Minh Long meeting); its gold line, the
sheet's origins and the verdicts are built by hand in a temporary directory, so every
expected span below is counted in the test's own text, not produced by the code under test.
"""

from __future__ import annotations

import argparse
import json
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import gold_sheet  # noqa: E402
import reform_gold as rg  # noqa: E402

TITLE = "Xã Minh Long sơ kết cải cách hành chính quý I"
BODY = ("Chiều 5/3/2025, UBND xã Minh Long tổ chức hội nghị sơ kết cải cách hành chính quý I.\n"
        "Quý I, xã đã tiếp nhận 412 hồ sơ, giải quyết đúng hạn 405 hồ sơ. "
        "Tuy nhiên, việc số hóa hồ sơ còn chậm; một số công chức chưa thành thạo phần mềm. "
        "Thời gian tới, các bộ phận cần rà soát quy trình; xã sẽ niêm yết công khai thủ tục mới. "
        "Người dân phải mang theo căn cước khi nộp hồ sơ. Xã đã bố trí thêm một máy quét tài liệu.")
TEXT = TITLE + "\n\n" + BODY


def span(phrase: str) -> list[int]:
    start = TEXT.index(phrase)
    return [start, start + len(phrase)]


@pytest.fixture
def workdir(tmp_path):
    (tmp_path / "articles.jsonl").write_text(json.dumps({"id": "ml-01", "title": TITLE, "body": BODY,
                                                         "published": "2025-03-06"}, ensure_ascii=False) + "\n",
                                             encoding="utf-8")
    findings = [("result", "xã đã tiếp nhận 412 hồ sơ, giải quyết đúng hạn 405 hồ sơ"),
                ("limitation", "việc số hóa hồ sơ còn chậm; một số công chức chưa thành thạo phần mềm"),
                ("task", "Người dân phải mang theo căn cước khi nộp hồ sơ"),
                ("task", "rà soát quy trình")]
    row = {"id": "ml-01", "sha1": rg.sha1(TEXT), "length": len(TEXT),
           "events": [{"kind": "hoi-nghi", "date": "2025-03-05", "reform": "topic",
                       "trigger": span("Chiều 5/3/2025, UBND xã Minh Long tổ chức hội nghị"), "organisers": [],
                       "people": [], "findings": [{"kind": k, "span": span(p)} for k, p in findings]}]}
    header = {"header": "a header that must be kept"}
    (tmp_path / "gold.jsonl").write_text(json.dumps(header) + "\n" + json.dumps(row) + "\n", encoding="utf-8")
    sheet = tmp_path / "sheet"
    sheet.mkdir()
    origins = [
        {"item": "n1", "id": "ml-01", "span": row["events"][0]["findings"][0]["span"], "gold": [0, 0],
         "gold_kind": "result", "side": "agreed"},
        {"item": "n2", "id": "ml-01", "span": row["events"][0]["findings"][1]["span"], "gold": [0, 1],
         "gold_kind": "limitation", "side": "gold"},
        {"item": "n3", "id": "ml-01", "span": row["events"][0]["findings"][2]["span"], "gold": [0, 2],
         "gold_kind": "task", "side": "gold"},
        {"item": "n4", "id": "ml-01", "span": row["events"][0]["findings"][3]["span"], "gold": [0, 3],
         "gold_kind": "task", "side": "agreed"},
        {"item": "n5", "id": "ml-01", "span": span("xã sẽ niêm yết công khai thủ tục mới"), "side": "proposed",
         "proposed_kind": "task"},
        {"item": "n6", "id": "ml-01", "span": span("Quý I, xã đã tiếp nhận 412 hồ sơ"), "side": "proposed",
         "proposed_kind": "result"},
        {"item": "n7", "id": "ml-01", "span": span("Tuy nhiên, việc số hóa hồ sơ còn chậm"), "side": "proposed",
         "proposed_kind": "limitation"},
    ]
    (sheet / "origins.jsonl").write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in origins),
                                         encoding="utf-8")
    (sheet / "verdicts.txt").write_text(
        "n1 result\n"
        "n2 limitation |việc số hóa hồ sơ còn chậm| |một số công chức…thành thạo phần mềm|\n"
        "n3 none\n"
        "n4 task |các bộ phận cần rà soát quy trình|\n"
        "n5 task\n"
        "n6 result\n"
        "n7 limitation\n", encoding="utf-8")
    (sheet / "added.txt").write_text("ml-01 result |Xã đã bố trí thêm…máy quét tài liệu|\n", encoding="utf-8")
    return tmp_path


def run_apply(workdir, write=True):
    args = argparse.Namespace(corpus=workdir / "articles.jsonl", pages=None, gold=workdir / "gold.jsonl",
                              out=workdir / "sheet", changes=workdir / "changes.jsonl", write=write)
    gold_sheet.apply(args)
    lines = [json.loads(line) for line in (workdir / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    return lines


def test_verdicts_are_joined_to_their_origins(workdir, capsys):
    header, row = run_apply(workdir)
    assert header == {"header": "a header that must be kept"}
    assert row["sha1"] == rg.sha1(TEXT) and row["length"] == len(TEXT)
    got = [(f["kind"], TEXT[f["span"][0]:f["span"][1]]) for f in row["events"][0]["findings"]]
    assert got == [
        ("result", "xã đã tiếp nhận 412 hồ sơ, giải quyết đúng hạn 405 hồ sơ"),       # agreed, kept
        ("limitation", "việc số hóa hồ sơ còn chậm"),                                 # the ';' items split
        ("limitation", "một số công chức chưa thành thạo phần mềm"),
        ("task", "các bộ phận cần rà soát quy trình"),                                # span corrected
        ("task", "xã sẽ niêm yết công khai thủ tục mới"),                             # a proposal taken up
        ("result", "Xã đã bố trí thêm một máy quét tài liệu"),                        # found on the read
    ]                                      # the burden people bear is gone; n6, n7 are clauses kept already
    out = capsys.readouterr().out
    assert "agreed sample: 1/2 kept as they were" in out


def test_the_change_log_says_what_changed_without_the_text(workdir):
    run_apply(workdir)
    changes = [json.loads(line) for line in (workdir / "changes.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(c["reason"] for c in changes) == sorted(
        ["split", "gold finding -> none", "span change", "none -> finding", "added (read)"])
    removed = next(c for c in changes if c["reason"] == "gold finding -> none")
    assert removed["before"] == {"kind": "task", "span": span("Người dân phải mang theo căn cước khi nộp hồ sơ")}
    raw = (workdir / "changes.jsonl").read_text(encoding="utf-8")
    assert "hồ sơ" not in raw and "Minh Long" not in raw                          # ids and offsets only


def test_without_write_nothing_is_saved(workdir):
    before = (workdir / "gold.jsonl").read_bytes()
    run_apply(workdir, write=False)
    assert (workdir / "gold.jsonl").read_bytes() == before and not (workdir / "changes.jsonl").exists()


def test_a_bad_verdict_names_its_line(workdir):
    (workdir / "sheet" / "verdicts.txt").write_text("n1 result\nn2 maybe\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"verdicts.txt:2: verdict 'maybe'"):
        run_apply(workdir)


def test_an_item_without_verdict_or_a_phrase_not_in_the_text_is_refused(workdir):
    (workdir / "sheet" / "verdicts.txt").write_text("n1 result\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"no verdict for 6 items: n2 n3"):
        run_apply(workdir)
    (workdir / "sheet" / "verdicts.txt").write_text(
        "n1 result |giải quyết trễ hạn|\nn2 none\nn3 none\nn4 task\nn5 none\nn6 none\nn7 none\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"item n1: phrase not found"):
        run_apply(workdir)
    assert json.loads((workdir / "gold.jsonl").read_text(encoding="utf-8").splitlines()[1])["sha1"] == rg.sha1(TEXT)
