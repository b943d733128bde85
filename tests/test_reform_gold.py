"""The gold-set bench (`bench/reform_gold.py`) scores what it should.

`fixtures/reform_gold/articles.jsonl` are short articles written for these tests (Xã Long
Môn / Minh Long reform meetings, one that only mentions reform); `gold.jsonl` annotates
them the way the corpus gold set is annotated: offsets into title + "\\n\\n" + body, no text.
The scores of the extractor are not fixed here: only that the scoring is right.
"""

from __future__ import annotations

import json
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import gold_offsets  # noqa: E402
import reform_gold as rg  # noqa: E402

FIX = ROOT / "tests" / "fixtures" / "reform_gold"


@pytest.fixture(scope="module")
def articles():
    return rg.load_articles(FIX / "articles.jsonl", None)


@pytest.fixture(scope="module")
def gold():
    return {g["id"]: g for g in rg.load_gold(FIX / "gold.jsonl")}


def _at(text, span):
    return text[span[0]:span[1]]


def test_gold_offsets_point_at_what_was_annotated(articles, gold):
    assert set(gold) == {f"lm-0{i}" for i in range(1, 9)}
    text = articles["lm-01"]["text"]
    assert rg.sha1(text) == gold["lm-01"]["sha1"] and len(text) == gold["lm-01"]["length"]
    [event] = gold["lm-01"]["events"]
    assert text.startswith("Xã Long Môn tổng kết") and text[len(articles["lm-01"]["title"]):][:2] == "\n\n"
    assert _at(text, event["organisers"][0]) == "UBND xã Long Môn"
    chair = event["people"][0]
    assert (chair["participation"], _at(text, chair["name"]), _at(text, chair["role"])) == (
        "chair", "Đinh Văn Tâm", "Phó Bí thư Đảng ủy, Chủ tịch UBND xã")
    assert [f["kind"] for f in event["findings"]] == ["result", "limitation", "limitation", "task"]
    assert gold["lm-05"]["events"] == []
    raw = (FIX / "gold.jsonl").read_text(encoding="utf-8")
    assert "Đinh Văn Tâm" not in raw and "Long Môn tổ chức" not in raw      # offsets only, no text


def test_a_changed_text_is_detected_by_its_checksum(articles, gold):
    changed = articles["lm-01"]["text"].replace("98%", "97%")
    assert rg.sha1(changed) != gold["lm-01"]["sha1"]


def _perfect(text, g) -> rg.Prop:
    """A proposal that says exactly what the gold says (first event)."""
    if not g["events"]:
        return rg.Prop()
    e = g["events"][0]
    prop = rg.Prop(event={"kind": e["kind"], "date": e["date"], "sentence": _at(text, e["trigger"]),
                          "organiser": _at(text, e["organisers"][0]) if e["organisers"] else "",
                          "focus": {"topic": "core", "item": "item", "mention": "mention"}[e.get("reform", "topic")]})
    prop.people = [{"participation": p["participation"], "name": _at(text, p["name"]),
                    "role": _at(text, p["role"]) if p.get("role") else "", "sentence": _at(text, e["trigger"])}
                   for p in e["people"]]
    prop.findings = [{"kind": f["kind"], "text": _at(text, f["span"]), "sentence": ""} for f in e["findings"]]
    return prop


def test_a_perfect_proposal_scores_one(articles, gold):
    text, g = articles["lm-01"]["text"], gold["lm-01"]
    prop = _perfect(text, g)
    assert rg.place(text, prop) == 0
    counts, fields = rg.score(text, g, prop)
    for name in ("events", "organisers", "people (any participation)", "chairs", "attendees",
                 "results", "limitations", "tasks", "findings (any kind)"):
        assert counts[name].precision == 1.0 and counts[name].recall == 1.0, name
    assert counts["speakers"].precision is None and counts["speakers"].recall is None
    assert all(f.right == f.of > 0 for f in fields.values())


def test_hand_built_mistakes_give_the_right_precision_and_recall(articles, gold):
    text, g = articles["lm-01"]["text"], gold["lm-01"]
    prop = _perfect(text, g)
    prop.event["date"] = "2024-04-08"                 # the publish date: the event still matches by its sentence
    prop.people[1]["participation"] = "speaker"       # Phạm Văn Lộc attended; proposed as speaker
    prop.people[2]["role"] = "Công chức"              # role cut short
    del prop.people[0]                                # chair missed
    prop.people.append({"participation": "attendee", "name": "Nguyễn Văn X", "role": "", "sentence": ""})  # wrong
    prop.findings[0]["kind"] = "task"                 # the result called a task
    prop.findings[1]["text"] = "việc cập nhật hồ sơ"  # < 50 % of the clause: not a match
    rg.place(text, prop)
    c, f = rg.score(text, g, prop)
    assert (c["events"].precision, c["events"].recall) == (1.0, 1.0)
    assert (f["event date right"].right, f["event date right"].of) == (0, 1)
    assert (f["event kind right"].right, f["event kind right"].of) == (1, 1)
    # people: 3 proposed (Lộc, Hoa, X), 2 of them are gold people, 3 gold people
    assert (c["people (any participation)"].tp_p, c["people (any participation)"].n_p) == (2, 3)
    assert c["people (any participation)"].recall == pytest.approx(2 / 3)
    assert c["chairs"].recall == 0.0 and c["chairs"].precision is None
    assert (c["attendees"].tp_p, c["attendees"].n_p, c["attendees"].tp_g, c["attendees"].n_g) == (1, 2, 1, 2)
    assert (c["speakers"].tp_p, c["speakers"].n_p, c["speakers"].n_g) == (0, 1, 0)
    assert (f["participation right"].right, f["participation right"].of) == (1, 2)
    assert (f["role right"].right, f["role right"].of) == (1, 2)
    # findings: 4 gold; proposed result->task (kind wrong), a too-short limitation, 1 right limitation, 1 task
    assert (c["results"].recall, c["results"].precision) == (0.0, None)
    assert (c["limitations"].tp_p, c["limitations"].n_p, c["limitations"].n_g) == (1, 2, 2)
    assert (c["tasks"].tp_p, c["tasks"].n_p) == (1, 2)
    assert (c["findings (any kind)"].tp_p, c["findings (any kind)"].n_p) == (3, 4)   # kind ignored there
    assert c["findings (any kind)"].f1 == pytest.approx(0.75)


def test_a_wrong_proposal_lowers_precision(articles, gold):
    text, g = articles["lm-05"]["text"], gold["lm-05"]      # no event in gold
    wrong = rg.Prop(event={"kind": "khac", "date": "2024-03-01", "sentence": text.split("\n")[2],
                           "organiser": "Đoàn Thanh niên xã Long Môn"})
    rg.place(text, wrong)
    c, _ = rg.score(text, g, wrong)
    assert (c["events"].tp_p, c["events"].n_p, c["events"].n_g) == (0, 1, 0)
    total = rg.Count()
    for news_id in ("lm-01", "lm-05"):
        t = articles[news_id]["text"]
        prop = wrong if news_id == "lm-05" else _perfect(t, gold[news_id])
        rg.place(t, prop)
        total.add(rg.score(t, gold[news_id], prop)[0]["events"])
    assert total.precision == 0.5 and total.recall == 1.0


def test_findings_need_half_the_clause_and_a_wrong_event_is_not_matched(articles, gold):
    assert rg.overlap((0, 10), (5, 15)) == 0.5
    assert rg.overlap((0, 10), (0, 4)) == 0.4
    assert rg.overlap((0, 10), (10, 20)) == 0.0
    text, g = articles["lm-03"]["text"], gold["lm-03"]
    elsewhere = rg.Prop(event={"kind": "kiem-tra", "date": "2024-09-11", "sentence": text.split("\n")[3],
                               "organiser": ""})
    rg.place(text, elsewhere)
    c, _ = rg.score(text, g, elsewhere)
    assert (c["events"].tp_p, c["events"].recall) == (0, 0.0)


def test_the_bench_runs_the_extractor_on_the_fixtures(capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["reform_gold.py", "--corpus", str(FIX / "articles.jsonl"),
                                      "--gold", str(FIX / "gold.jsonl")])
    rg.main()
    out = capsys.readouterr().out
    assert "8 articles scored (7 with an event, 1 without), 0 skipped" in out
    for name in rg.RECORDS + rg.FIELDS:
        assert name in out


def test_build_writes_offsets_only(tmp_path, articles):
    draft = [{"id": "lm-02", "events": [{"kind": "tap-huan", "date": "2024-05-15", "trigger": "Chiều ngày 15/5/2024",
                                         "people": [{"participation": "speaker", "name": "Đinh Thị Hoa",
                                                     "role": "Công chức Văn phòng - Thống kê"}]}]}]
    row = gold_offsets.gold_row(articles["lm-02"]["text"], draft[0])
    assert "Hoa" not in json.dumps(row, ensure_ascii=False)
    text = articles["lm-02"]["text"]
    assert _at(text, row["events"][0]["people"][0]["name"]) == "Đinh Thị Hoa"
    with pytest.raises(gold_offsets.NotFound):
        gold_offsets.gold_row(text, {"id": "lm-02", "events": [{"kind": "hop", "trigger": "không có câu này"}]})


def test_a_proposal_is_placed_in_its_own_sentence_before_the_title():
    text = "Xây dựng Chính phủ số\n\nSáng 2/3, UBND xã họp. Chủ tịch yêu cầu xây dựng Chính phủ số ngay."
    sentence = rg.locate(text, "Chủ tịch yêu cầu xây dựng Chính phủ số ngay.")
    span = rg.locate(text, "Xây dựng Chính phủ số", sentence)         # upper-cased by the extractor
    assert span[0] > sentence[0] and text[span[0]:span[1]] == "xây dựng Chính phủ số"
    assert rg.locate(text, "Xây dựng Chính phủ số") == (0, 21)        # no sentence: first place it is
    assert rg.locate(text, "không có") is None


def test_a_role_on_both_sides_of_the_name_is_joined(articles):
    text = "T\n\nPhó Chủ tịch UBND xã Phạm Văn Lộc, Trưởng Ban Chỉ đạo CCHC chủ trì."
    person = gold_offsets.gold_row(text, {"id": "x", "events": [{"kind": "hop", "trigger": "Phó Chủ tịch", "people": [
        {"participation": "chair", "name": "Phạm Văn Lộc", "role": None,
         "role_parts": ["Phó Chủ tịch UBND xã", "Trưởng Ban Chỉ đạo CCHC"]}]}]})["events"][0]["people"][0]
    assert rg.gold_role(text, person) == "Phó Chủ tịch UBND xã, Trưởng Ban Chỉ đạo CCHC"
    g = {"id": "x", "events": [{"kind": "hop", "people": [person], "findings": []}]}
    prop = rg.Prop(event=None, people=[{"participation": "chair", "name": "Phạm Văn Lộc", "sentence": "",
                                        "role": "Phó Chủ tịch UBND xã, Trưởng Ban Chỉ đạo CCHC"}])
    rg.place(text, prop)
    _, fields = rg.score(text, g, prop)
    assert (fields["role right"].right, fields["role right"].of) == (1, 1)
    prop.people[0]["role"] = "Phó Chủ tịch UBND xã"
    assert rg.score(text, g, prop)[1]["role right"].right == 0


def test_several_events_and_co_organisers_are_scored_one_by_one(articles, gold):
    text, g = articles["lm-07"]["text"], gold["lm-07"]
    first, second = g["events"]
    assert _at(text, second["organisers"][0]) == "Văn phòng HĐND và UBND huyện"
    both = rg.Prop(events=[{"kind": e["kind"], "date": e["date"], "sentence": _at(text, e["trigger"]),
                            "organisers": [_at(text, o) for o in e["organisers"]], "focus": "core"}
                           for e in (first, second)])
    rg.place(text, both)
    c, f = rg.score(text, g, both)
    assert (c["events"].tp_p, c["events"].n_p, c["events"].n_g) == (2, 2, 2)
    assert (c["organisers"].tp_p, c["organisers"].n_p, c["organisers"].n_g) == (3, 3, 3)
    # only the first event, with only its lead organiser: half the events, a third of the organisers
    one = rg.Prop(events=[dict(both.events[0], organisers=[_at(text, first["organisers"][0])])])
    rg.place(text, one)
    c, _ = rg.score(text, g, one)
    assert (c["events"].precision, c["events"].recall) == (1.0, 0.5)
    assert (c["organisers"].precision, c["organisers"].recall) == (1.0, pytest.approx(1 / 3))


def test_reform_focus_agreement_with_the_gold_label(articles, gold):
    text, g = articles["lm-01"]["text"], gold["lm-01"]
    for label, focus, agrees in [("topic", "core", 1), ("topic", "item", 1), ("topic", "mention", 0),
                                 ("item", "item", 1), ("item", "core", 0), ("mention", "mention", 1),
                                 ("mention", "item", 0)]:
        event = dict(g["events"][0], reform=label)
        prop = _perfect(text, dict(g, events=[event]))
        prop.event["focus"] = focus
        rg.place(text, prop)
        _, f = rg.score(text, dict(g, events=[event]), prop)
        assert (f["reform focus agrees"].right, f["reform focus agrees"].of) == (agrees, 1), (label, focus)


def test_the_extractor_reads_the_issue_15_fixtures(articles, gold):
    """lm-07: a relative day, co-organisers, two events with their own chairs, "Cùng dự, có",
    a speaker named after his title; lm-08: an event named without a day, "do X tổ chức", and a
    future event that is not proposed."""
    from opendata.package import Package
    from opendata.reform import extract_news
    from opendata.units import Units

    units = Units(Package(ROOT / "datapackage.json").read("units"))
    for news_id in ("lm-07", "lm-08"):
        prop = rg.from_proposal(extract_news(articles[news_id], units))
        assert rg.place(articles[news_id]["text"], prop) == 0
        c, f = rg.score(articles[news_id]["text"], gold[news_id], prop)
        for name in ("events", "organisers", "chairs", "attendees", "speakers"):
            assert c[name].n_g == 0 or (c[name].precision, c[name].recall) == (1.0, 1.0), (news_id, name)
        assert f["event date right"].right == f["event date right"].of > 0
        assert f["role right"].right == f["role right"].of


def test_half_keeps_the_rows_on_odd_or_even_lines(tmp_path, capsys, monkeypatch):
    # the fixture: the header on line 1, then lm-01 … lm-08 on lines 2 … 9
    lines = (FIX / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    assert [g["id"] for g in rg.load_gold(FIX / "gold.jsonl", "odd")] == ["lm-02", "lm-04", "lm-06", "lm-08"]
    assert [g["id"] for g in rg.load_gold(FIX / "gold.jsonl", "even")] == ["lm-01", "lm-03", "lm-05", "lm-07"]
    assert len(rg.load_gold(FIX / "gold.jsonl")) == 8
    # a comment line is not counted: lm-01 stays on (counted) line 2
    commented = tmp_path / "gold.jsonl"
    commented.write_text("\n".join([lines[0], "# a note", *lines[1:]]) + "\n", encoding="utf-8")
    assert [g["id"] for g in rg.load_gold(commented, "even")] == ["lm-01", "lm-03", "lm-05", "lm-07"]
    monkeypatch.setattr(sys, "argv", ["reform_gold.py", "--corpus", str(FIX / "articles.jsonl"),
                                      "--gold", str(FIX / "gold.jsonl"), "--half", "odd"])
    rg.main()
    assert "4 articles scored" in capsys.readouterr().out
