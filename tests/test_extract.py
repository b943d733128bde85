"""`opendata extract`: reform events, people and findings read out of news text.

The seed's records must come out exactly as curated. The other texts here are written
for these tests, in the shapes real portals use (learned from district portal pages):
en dashes, "Đ/c", roles before names, lists that run on over sentences.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from opendata.package import Package
from opendata.reform import extract_news
from opendata.reform.areas import areas_of
from opendata.reform.events import find_event, find_events, years
from opendata.reform.findings import find_findings
from opendata.reform.people import attendees, chairs, speakers, split_position
from opendata.units import Units
from opendata.vntext import fold_chars

from conftest import ROOT, read_table, run, snapshot
from test_ingest import ingest, jsonl

SEED = "0939a2d78e482371"
TABLES = ("reform_events", "event_people", "event_findings")


@pytest.fixture(scope="module")
def units():
    return Units(Package(ROOT / "datapackage.json").read("units"))


def _without_provenance(rows):
    return [{k: v for k, v in r.items() if k != "provenance"} for r in rows]


def test_the_seed_gives_exactly_the_curated_records(package, units):
    pkg = Package(package)
    [news] = [n for n in pkg.read("news") if n["id"] == SEED]
    rows = extract_news(news, units).rows("extracted")
    for name in TABLES:
        curated = pkg.read(name)
        assert curated and all(r["provenance"] == "curated" for r in curated)
        assert _without_provenance(rows[name]) == _without_provenance(curated), name
        assert all(r["provenance"] == "extracted" for r in rows[name])


def test_cli_prints_proposals_with_confidence_and_position_pairs(package):
    text = run("extract", package=package)
    assert text.exit_code == 0, text.output
    assert (f"{SEED}-1 hoi-nghi sáng 2024-03-28, UBND xã Long Môn (pre2025-21358); reform core; reviewed 2023, "
            "plan 2024") in text.output
    assert "Đinh Trung Hiếu — Phó Bí thư | Đảng ủy ; Chủ tịch | UBND xã" in text.output
    assert "curated records: --apply keeps them" in text.output
    out = run("extract", "--format", "json", "--ids", SEED, package=package)
    [proposal] = json.loads(out.stdout)["proposals"]
    assert proposal["curated"] is True
    assert proposal["event"]["year_reviewed"] == 2023 and 0 < proposal["event"]["confidence"] <= 1
    chair = proposal["people"][0]
    assert chair["participation"] == "chair"
    assert chair["positions"] == [{"position": "Phó Bí thư", "body": "Đảng ủy"},
                                  {"position": "Chủ tịch", "body": "UBND xã"}]
    assert [f["kind"] for f in proposal["findings"]].count("limitation") == 3
    assert proposal["findings"][0]["areas"] == ["tthc", "chinh-phu-so", "tac-dong"]


def test_unknown_id_is_a_clear_error(package):
    out = run("extract", "--ids", f"{SEED},khong-co", package=package)
    assert out.exit_code == 1
    assert "no article with id khong-co" in out.stderr and "news.csv" in out.stderr


# An article of the new era, written for this test.
MINH_LONG = {
    "id": "minh-long-cchc-2025",
    "title": "Xã Minh Long sơ kết công tác cải cách hành chính 6 tháng đầu năm 2025",
    "body": "Chiều ngày 15 tháng 7 năm 2025, UBND xã Minh Long tổ chức hội nghị sơ kết công tác cải cách hành "
            "chính 6 tháng đầu năm và triển khai nhiệm vụ 6 tháng cuối năm 2025. Đ/c Phạm Thị Lan – Phó Bí thư "
            "Đảng ủy, Chủ tịch UBND xã chủ trì hội nghị. Về dự có đồng chí Hồ Văn Tâm – Ủy viên Ban Thường vụ "
            "Đảng ủy, Phó Chủ tịch HĐND xã, lãnh đạo các ban, ngành, đoàn thể xã.\n\n"
            "Qua đó, tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn đạt 98%, dịch vụ công trực tuyến được "
            "người dân sử dụng nhiều hơn.\n\n"
            "Bên cạnh kết quả đạt được, vẫn còn một số hạn chế như: Một số công chức chưa thành thạo phần mềm "
            "một cửa điện tử. Việc niêm yết công khai thủ tục có lúc chưa kịp thời.\n\n"
            "Kết luận hội nghị, đồng chí Phạm Thị Lan yêu cầu các công chức chuyên môn đẩy mạnh tuyên truyền "
            "dịch vụ công trực tuyến; rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền của xã.",
    "published_at": "2025-07-16T09:00:00+07:00", "unit_code": "21361",
    "url": "https://minhlong.quangngai.gov.vn/tin-tuc/so-ket-cchc-2025.html",
}


def test_apply_adds_extracted_records_and_keeps_curated_ones(package, tmp_path):
    assert ingest(package, jsonl(tmp_path, MINH_LONG)).exit_code == 0
    before = {name: (package.parent / "data" / f"{name}.csv").read_bytes() for name in TABLES}
    curated = {name: read_table(package, name) for name in TABLES}
    out = run("extract", "--apply", package=package)
    assert out.exit_code == 0, out.output
    assert "reform_events: +1 -0" in out.stderr and "1 article(s) with curated records kept" in out.stderr
    for name in TABLES:
        rows = read_table(package, name)
        assert [r for r in rows if r["provenance"] == "curated"] == curated[name]
    [event] = [r for r in read_table(package, "reform_events") if r["provenance"] == "extracted"]
    assert (event["news_id"], event["kind"], event["event_date"], event["part_of_day"]) == \
        ("minh-long-cchc-2025", "hoi-nghi", "2025-07-15", "chiều")
    assert event["organiser_unit_id"] == "2025-21361"            # Xã Minh Long of the new era
    assert (event["year_reviewed"], event["plan_year"]) == ("2025", "2025")
    people = [r for r in read_table(package, "event_people") if r["event_id"] == event["id"]]
    assert [(p["participation"], p["name"], p["is_group"]) for p in people] == [
        ("chair", "Phạm Thị Lan", "false"), ("attendee", "Hồ Văn Tâm", "false"),
        ("attendee", "lãnh đạo các ban, ngành, đoàn thể xã", "true")]
    assert people[1]["positions"] == "Ủy viên Ban Thường vụ Đảng ủy ; Phó Chủ tịch HĐND xã"
    findings = [(f["kind"], f["text"]) for f in read_table(package, "event_findings") if f["event_id"] == event["id"]]
    assert findings == [
        ("result", "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn đạt 98%, dịch vụ công trực tuyến được "
                   "người dân sử dụng nhiều hơn"),
        ("limitation", "Một số công chức chưa thành thạo phần mềm một cửa điện tử"),
        ("limitation", "Việc niêm yết công khai thủ tục có lúc chưa kịp thời"),
        ("task", "Các công chức chuyên môn đẩy mạnh tuyên truyền dịch vụ công trực tuyến"),
        ("task", "Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền của xã")]
    assert run("validate", package=package).exit_code == 0
    # Extracting again changes nothing; curated files untouched throughout.
    after = snapshot(package.parent / "data")
    again = run("extract", "--apply", package=package)
    assert again.exit_code == 0 and snapshot(package.parent / "data") == after
    assert before["reform_events"].splitlines()[1] in (package.parent / "data" / "reform_events.csv").read_bytes()


def test_apply_never_writes_an_invalid_package(package, tmp_path):
    assert ingest(package, jsonl(tmp_path, MINH_LONG)).exit_code == 0
    # A rule the extractor does not know: the steward no longer allows "chiều" as a part of day.
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    [events] = [r for r in descriptor["resources"] if r["name"] == "reform_events"]
    [part] = [f for f in events["schema"]["fields"] if f["name"] == "part_of_day"]
    part["constraints"]["enum"] = ["sáng", "trưa", "tối"]
    package.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    assert run("validate", package=package).exit_code == 0                  # valid as it is
    before = snapshot(package.parent)
    out = run("extract", "--apply", package=package)
    assert out.exit_code == 1
    assert "would make the package invalid" in out.stderr and "nothing was written" in out.stderr
    assert "data/reform_events.csv" in out.stderr and "part_of_day" in out.stderr
    assert ".staged." not in out.stderr
    assert snapshot(package.parent) == before


# --- rules, one by one, on sentences written for these tests --------------

def test_dates_in_both_forms_and_without_a_year(units):
    e = find_event(["Sáng ngày 3 tháng 10 năm 2024, UBND phường An Phú tổ chức hội nghị đối thoại với doanh "
                    "nghiệp về thủ tục hành chính."], date(2024, 10, 5))
    # "hội nghị đối thoại" is a dialogue (the gold set's convention: a compound is the kind of its second part)
    assert (e.kind, e.day, e.part_of_day, e.organiser) == ("doi-thoai", date(2024, 10, 3), "sáng", "UBND phường An Phú")
    january = ["Chiều 12/1, Văn phòng HĐND và UBND huyện tổ chức lớp tập huấn sử dụng chữ ký số."]
    assert find_event(january, date(2025, 1, 20)).day == date(2025, 1, 12)
    assert find_event(january, date(2025, 1, 20)).kind == "tap-huan"
    assert find_event(january, date(2025, 1, 5)) is None         # a week after the article: ahead, not last year
    december = ["Chiều 28/12, Văn phòng HĐND và UBND huyện tổ chức lớp tập huấn sử dụng chữ ký số."]
    assert find_event(december, date(2025, 1, 5)).day == date(2024, 12, 28)


def test_an_anniversary_or_a_debate_is_not_an_event():
    published = date(2024, 6, 20)
    assert find_event(["Ngày 19/5/1890, làng Kim Liên tổ chức lễ kỷ niệm."], published) is None   # 134 years back
    assert find_event(["Ngày 19/5/2024, làng Kim Liên tổ chức lễ kỷ niệm."], published).kind == "le"
    assert find_event(["Ngày 18/6, Quốc hội thảo luận về dự án luật."], published) is None
    assert find_event(["Ngày 18/6, các đại biểu đến từ Trung tâm Hội nghị tỉnh ra về."], published) is None


def test_years_reviewed_and_planned():
    assert years(fold_chars("Hội nghị tổng kết công tác CCHC năm 2024 và triển khai kế hoạch năm 2025")) == (2024, 2025)
    assert years(fold_chars("Hội nghị sơ kết 6 tháng đầu năm và triển khai nhiệm vụ 6 tháng cuối năm 2025")) \
        == (2025, 2025)
    assert years(fold_chars("Hội nghị tập huấn năm 2025")) == (None, None)


def test_chairs_with_dashes_commas_and_titles_first():
    [p] = chairs("Đ/c Lê Quang Vinh – Ủy viên BTV Huyện ủy, Phó Chủ tịch UBND huyện chủ trì hội nghị.")
    assert (p.name, p.role) == ("Lê Quang Vinh", "Ủy viên BTV Huyện ủy, Phó Chủ tịch UBND huyện")
    assert p.pairs == [("Ủy viên", "BTV Huyện ủy"), ("Phó Chủ tịch", "UBND huyện")]
    [p] = chairs("Sáng 4/3, Phó Chủ tịch UBND tỉnh Trần Hữu Nghĩa chủ trì cuộc họp.")
    assert (p.name, p.role, p.confidence) == ("Trần Hữu Nghĩa", "Phó Chủ tịch UBND tỉnh", 0.7)
    assert chairs("Sở Nội vụ chủ trì, phối hợp với các sở rà soát thủ tục.") == []


def test_attendees_with_a_group_trailing_a_role():
    people = attendees("Tới dự có đ/c Y Blim Niê – Phó Bí thư Thường trực Huyện ủy, Chủ tịch HĐND huyện, "
                       "lãnh đạo các phòng, ban chuyên môn huyện; các đồng chí thành viên Ban Chỉ đạo CCHC huyện.")
    assert [(p.name, p.is_group) for p in people] == [
        ("Y Blim Niê", False), ("lãnh đạo các phòng, ban chuyên môn huyện", True),
        ("thành viên Ban Chỉ đạo CCHC huyện", True)]
    assert people[0].role == "Phó Bí thư Thường trực Huyện ủy, Chủ tịch HĐND huyện"


def test_a_speaker_who_is_not_the_chair():
    [p] = speakers("Phát biểu tại hội nghị, đồng chí Võ Thị Hạnh - Trưởng phòng Nội vụ huyện đề nghị các xã "
                   "chú trọng chỉ số hài lòng.")
    assert (p.participation, p.name, p.role) == ("speaker", "Võ Thị Hạnh", "Trưởng phòng Nội vụ huyện")
    assert split_position("Trưởng phòng Nội vụ huyện") == ("Trưởng phòng", "Nội vụ huyện")


def test_findings_lists_that_run_over_sentences_end_with_the_paragraph():
    said = [(0, "Tuy vậy, công tác CCHC còn những tồn tại, hạn chế như: Hồ sơ trễ hạn còn xảy ra."),
            (0, "Một số thủ tục chưa được số hóa."),
            (1, "Ủy ban nhân dân xã đã tặng giấy khen cho 3 tập thể.")]
    found = find_findings(said)
    assert [(f.kind, f.text) for f in found] == [("limitation", "Hồ sơ trễ hạn còn xảy ra"),
                                                 ("limitation", "Một số thủ tục chưa được số hóa")]
    assert found[0].areas == ["tthc"]


def test_request_as_a_noun_is_not_a_task():
    said = [(0, "Kết quả giải quyết hồ sơ chưa đáp ứng yêu cầu đề ra."),
            (0, "Về đề nghị của cử tri, xã đã trả lời bằng văn bản.")]
    assert [f.kind for f in find_findings(said)] == ["limitation"]     # "chưa đáp ứng": a shortfall, not a task
    [task] = find_findings([(0, "Chủ tịch UBND xã yêu cầu bộ phận một cửa trả kết quả đúng hẹn.")])
    assert (task.kind, task.text, task.areas) == ("task", "Bộ phận một cửa trả kết quả đúng hẹn", ["tthc"])


def test_areas_come_from_reviewed_phrases_in_table_order():
    assert areas_of("Cán bộ, công chức chưa thành thạo dịch vụ công trực tuyến") == ["cong-vu", "chinh-phu-so"]
    assert areas_of("Mức độ hài lòng của người dân tăng") == ["tac-dong"]
    assert areas_of("Đường giao thông nông thôn được bê tông hóa") == []


def test_an_article_not_about_reform_gets_no_event(units):
    news = {"id": "x", "title": "Hội thi nấu ăn", "lead": "", "unit_id": "",
            "body": "Sáng ngày 2/3/2025, Hội Phụ nữ xã tổ chức hội thi nấu ăn.",
            "published_at": "2025-03-03T08:00:00+07:00"}
    p = extract_news(news, units)
    assert p.event is None and "administrative reform" in p.reason


def test_a_time_stamp_before_the_date_and_a_title_that_ends_in_a_verb():
    e = find_event(["[05/03/2025 10:12:00] Chiều 4/3/2025, hội nghị giao ban CCHC quý I của huyện đã bế mạc."],
                   date(2025, 3, 5))
    assert (e.day, e.part_of_day, e.title) == (date(2025, 3, 4), "chiều", "Hội nghị giao ban CCHC quý I của huyện")
    e = find_event(["Sáng 6/3, Chủ tịch UBND huyện Lê Văn An đã dự và phát biểu khai mạc hội nghị tập huấn."],
                   date(2025, 3, 7))
    assert e.organiser == ""                     # a person who spoke, not the organiser
    e = find_event(["Tối 8/3, Huyện đoàn phối hợp với Hội Nông dân tổ chức buổi đối thoại về thủ tục hành chính."],
                   date(2025, 3, 9))
    assert (e.kind, e.organisers) == ("doi-thoai", ["Huyện đoàn", "Hội Nông dân"])     # both co-organisers


def test_a_petition_is_not_a_task_but_a_leaders_request_is():
    assert find_findings([(0, "Hiệp hội doanh nghiệp đề nghị bỏ quy định về giấy phép con.")]) == []
    [task] = find_findings([(0, "Phó Chủ tịch UBND tỉnh đề nghị các sở công khai thủ tục hành chính.")])
    assert task.text == "Các sở công khai thủ tục hành chính"


def test_search_by_reform_area_from_the_command_line(package):
    assert run("index", package=package).exit_code == 0
    found = json.loads(run("search", "hoi nghi", "--area", "tthc", "--format", "json", package=package).stdout)
    assert [r["id"] for r in found["results"]] == [SEED]
    none = json.loads(run("search", "hoi nghi", "--area", "tai-chinh-cong", "--format", "json",
                          package=package).stdout)
    assert none["results"] == []
    bad = run("search", "hoi nghi", "--area", "nope", package=package)
    assert bad.exit_code == 2 and "unknown reform area 'nope'" in bad.output and "tthc" in bad.output


def test_extracted_event_is_browsable_on_the_site(package, tmp_path):
    """ingest -> extract --apply -> build: the event page of an article whose id is not hex."""
    import asyncio

    from datasette.app import Datasette

    from opendata.serve import SETTINGS, ensure_fresh

    assert ingest(package, jsonl(tmp_path, MINH_LONG)).exit_code == 0
    assert run("extract", "--apply", package=package).exit_code == 0
    db = ensure_fresh(Package(package), tmp_path / "build", say=lambda _: None)
    metadata = json.loads((tmp_path / "build" / "metadata.json").read_text(encoding="utf-8"))
    ds = Datasette(immutables=[str(db)], metadata=metadata, settings=SETTINGS)
    page = asyncio.run(ds.client.get("/-/event/minh-long-cchc-2025-1"))
    assert page.status_code == 200
    assert "trích tự động" in page.text and 'href="/-/article/minh-long-cchc-2025"' in page.text
    assert "Phạm Thị Lan" in page.text and "Một số công chức chưa thành thạo phần mềm" in page.text
    article = asyncio.run(ds.client.get("/-/article/minh-long-cchc-2025"))
    assert 'href="/-/event/minh-long-cchc-2025-1"' in article.text
    facets = asyncio.run(ds.client.get("/opendata/reform_events.json?_facet=provenance")).json()
    counts = {f["value"]: f["count"] for f in facets["facet_results"]["provenance"]["results"]}
    assert counts == {"curated": 1, "extracted": 1}


def test_apply_again_touches_nothing_and_ids_narrow_what_is_replaced(package, tmp_path):
    other = dict(MINH_LONG, id="minh-long-tap-huan-2025", title="Xã Minh Long tập huấn dịch vụ công trực tuyến",
                 url="", body="Sáng ngày 20/8/2025, UBND xã Minh Long tổ chức lớp tập huấn dịch vụ công trực tuyến "
                              "cho cán bộ, công chức.", published_at="2025-08-21T08:00:00+07:00")
    assert ingest(package, jsonl(tmp_path, MINH_LONG, other)).exit_code == 0
    assert run("extract", "--apply", package=package).exit_code == 0
    files = [package.parent / "data" / f"{name}.csv" for name in TABLES]
    stamps = [(f.read_bytes(), f.stat().st_mtime_ns) for f in files]
    again = run("extract", "--apply", package=package)
    assert again.exit_code == 0 and "Nothing to write" in again.stderr
    assert [(f.read_bytes(), f.stat().st_mtime_ns) for f in files] == stamps       # not even rewritten
    # The first article loses the sentences that name its event; only it is extracted again.
    changed = dict(MINH_LONG, body="\n\n".join(MINH_LONG["body"].split("\n\n")[1:3]))
    assert ingest(package, jsonl(tmp_path, changed, name="changed.jsonl")).exit_code == 0
    out = run("extract", "--apply", "--ids", MINH_LONG["id"], package=package)
    assert out.exit_code == 0 and "reform_events: +0 -1" in out.stderr
    events = {r["id"]: r["provenance"] for r in read_table(package, "reform_events")}
    assert events == {f"{SEED}-1": "curated", "minh-long-tap-huan-2025-1": "extracted"}
    assert not any(r["event_id"].startswith("minh-long-cchc") for r in read_table(package, "event_findings"))


def test_apply_on_an_already_invalid_package_says_so(package, tmp_path):
    assert ingest(package, jsonl(tmp_path, MINH_LONG)).exit_code == 0
    news = package.parent / "data" / "news.csv"
    news.write_text(news.read_text(encoding="utf-8").replace("2025-07-16T09:00:00+07:00", "2025-07-16T09:00:00"),
                    encoding="utf-8")
    before = snapshot(package.parent)
    out = run("extract", "--apply", package=package)
    assert out.exit_code == 1 and "the package is already invalid" in out.stderr
    assert snapshot(package.parent) == before


def test_staged_files_of_a_killed_run_are_removed(package, tmp_path):
    import subprocess
    import sys

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    left = package.parent / "data" / f".event_findings.csv.staged.{dead.pid}.abc.csv"
    left.write_text("half", encoding="utf-8")
    mine = package.parent / f".datapackage.staged.{dead.pid}.abc.json"
    mine.write_text("{", encoding="utf-8")
    assert ingest(package, jsonl(tmp_path, MINH_LONG)).exit_code == 0
    assert run("extract", "--apply", package=package).exit_code == 0
    assert not left.exists() and not mine.exists()
    assert not list(package.parent.rglob("*.staged.*"))


def test_years_outside_the_schema_and_roles_with_dashes():
    assert years(fold_chars("Hội nghị tổng kết năm 1930 và triển khai nhiệm vụ năm 2201")) == (None, None)
    [p] = chairs("Đ/c Trần Văn Hải – Phó Chủ tịch HĐND huyện – Thường trực Ban Chỉ đạo CCHC huyện chủ trì.")
    assert p.role == "Phó Chủ tịch HĐND huyện – Thường trực Ban Chỉ đạo CCHC huyện"
    assert p.positions == ["Phó Chủ tịch HĐND huyện", "Thường trực Ban Chỉ đạo CCHC huyện"]
    people = attendees("Dự có đồng chí Lê Văn Ba – Trưởng ban, lãnh đạo các phòng chuyên môn.")
    assert [(p.name, p.role, p.is_group) for p in people] == [
        ("Lê Văn Ba", "Trưởng ban", False), ("lãnh đạo các phòng chuyên môn", "", True)]


def test_an_organiser_named_only_by_its_level_is_the_articles_own_unit(units):
    news = {"id": "x", "title": "Họp Ban Chỉ đạo CCHC xã", "lead": "", "unit_id": "pre2025-21358",
            "body": "Chiều ngày 4/6/2024, UBND xã tổ chức cuộc họp Ban Chỉ đạo cải cách hành chính.",
            "published_at": "2024-06-05T08:00:00+07:00"}
    p = extract_news(news, units)
    assert (p.event.kind, p.event.organiser, p.organiser_unit_id) == ("hop", "UBND xã", "pre2025-21358")
    district = dict(news, body=news["body"].replace("UBND xã", "UBND huyện"))
    assert extract_news(district, units).organiser_unit_id == ""           # not the commune's own level


def test_a_chair_is_the_subject_of_chu_tri_not_someone_reporting_it():
    assert chairs("Bộ trưởng Lê Văn Sơn cho biết, trong khi đang chủ trì cuộc họp, Thủ tướng đã ký chỉ thị.") == []
    [p] = chairs("Bí thư Huyện ủy Hà Văn Lực phát biểu chỉ đạo hội nghị Đồng chí Hà Văn Lực, Bí thư Huyện ủy, "
                 "chủ trì hội nghị.")                  # a photo caption glued to the sentence
    assert p.name == "Hà Văn Lực"
    [p] = chairs("Sáng 2/4, Phó Chủ tịch UBND tỉnh Đỗ Minh Quang, Trưởng Ban chỉ đạo cải cách hành chính tỉnh "
                 "đã chủ trì cuộc họp.")
    assert (p.name, p.role) == ("Đỗ Minh Quang", "Phó Chủ tịch UBND tỉnh, Trưởng Ban chỉ đạo cải cách hành chính tỉnh")


def test_direction_and_impact_tag_only_the_findings_of_a_reform_event(units):
    news = {"id": "x", "title": "Lễ kỷ niệm ngày thành lập huyện", "lead": "", "unit_id": "",
            "published_at": "2024-06-05T08:00:00+07:00",
            "body": "Sáng ngày 4/6/2024, UBND huyện tổ chức lễ kỷ niệm 30 năm ngày thành lập huyện.\n\n"
                    "Phát biểu tại buổi lễ, đồng chí Lê Văn Nam - Bí thư Huyện ủy đề nghị các xã triển khai "
                    "phong trào thể dục thể thao; đẩy mạnh cải cách thủ tục hành chính."}
    p = extract_news(news, units)
    assert [(f.text, f.areas) for f in p.findings] == [
        ("Các xã triển khai phong trào thể dục thể thao", []),
        ("Đẩy mạnh cải cách thủ tục hành chính", ["tthc"])]


# --- issue 15: events, dates, organisers, people, reform_focus (sentences written for these tests) ---

def test_relative_days_are_read_against_the_publish_date():
    published = date(2025, 3, 13)
    e = find_event(["Sáng nay, UBND xã Long Môn tổ chức hội nghị triển khai dịch vụ công trực tuyến."], published)
    assert (e.day, e.part_of_day, e.kind) == (published, "sáng", "hoi-nghi")
    e = find_event(["Chiều qua, Văn phòng UBND huyện tổ chức lớp tập huấn chữ ký số."], published)
    assert (e.day, e.part_of_day) == (date(2025, 3, 12), "chiều")
    e = find_event(["Hôm qua 11.3 tại Hà Nội, Bộ Nội vụ tổ chức hội thảo về chỉ số CCHC."], published)
    assert (e.day, e.kind, e.organisers) == (date(2025, 3, 11), "hoi-thao", ["Bộ Nội vụ"])   # the written day wins
    # "này" is not "nay": "năm này" is no day
    assert find_event(["Trong năm này, xã tổ chức hội nghị về thủ tục hành chính."], published).day is None


def test_hom_nay_is_the_day_in_vietnam_not_in_utc(units):
    news = {"id": "utc", "title": "Họp về cải cách hành chính", "lead": "", "unit_id": "",
            "body": "Ủy ban nhân dân huyện hôm nay họp phiên thường kỳ về cải cách hành chính.",
            "published_at": "2026-01-30T18:00:00+00:00"}              # 01:00 on 31/1 in Vietnam
    [event] = extract_news(news, units).events
    assert (event.kind, event.day, event.organisers) == ("hop", date(2026, 1, 31), ["Ủy ban nhân dân huyện"])


def test_a_future_event_is_not_proposed():
    published = date(2025, 5, 9)
    assert find_event(["Hội nghị Thủ tướng với doanh nghiệp sẽ diễn ra vào ngày 17/5 tới đây tại Hà Nội."],
                      published) is None
    assert find_event(["Ngày 17/5, Bộ Nội vụ tổ chức hội nghị về CCHC."], published) is None      # ahead: not 2024
    assert find_event(["Dự kiến ngày 2/5, Bộ Nội vụ tổ chức hội nghị về CCHC."], published) is None
    assert find_event(["Tại kỳ họp thứ năm, Quốc hội sẽ tiến hành giám sát thủ tục hành chính."], published) is None
    assert find_event(["Ngày 2/5, Bộ Nội vụ tổ chức hội nghị về CCHC."], published).day == date(2025, 5, 2)


def test_kinds_named_by_a_preposition_a_verb_or_their_own_word():
    published = date(2025, 3, 20)
    cases = {
        "Phát biểu tại Hội thảo lấy ý kiến về dự thảo luật ngày 5/3, Bộ trưởng nêu rõ yêu cầu.": "hoi-thao",
        "Trong cuộc đối thoại với doanh nghiệp chiều 14/3, Chủ tịch tỉnh lắng nghe kiến nghị.": "doi-thoai",
        "Chiều 17/3, Văn phòng Chính phủ tổ chức họp báo về thủ tục hành chính.": "khac",
        "Sáng 9/3, Thủ tướng chủ trì khai trương Cổng dịch vụ công.": "le",
        "Ngày 8/3, Tổ đại biểu HĐND tỉnh tổ chức tiếp xúc cử tri tại xã Long Môn.": "khac",
        "Sáng 10/3, UBND huyện tổ chức giao ban công tác cải cách hành chính quý I.": "hoi-nghi",
        "Chiều 11/3, Quốc hội tổ chức phiên chất vấn Bộ trưởng Bộ Nội vụ.": "hop",
        "Sáng 12/3, Sở Nội vụ và Bưu điện tỉnh đã ký kết thỏa thuận trả kết quả qua bưu điện.": "le",
        "Sáng 13/3, Ban Pháp chế HĐND tỉnh tiếp tục họp thẩm tra báo cáo cải cách hành chính.": "hop",
        "Sáng 13/3, UBND huyện tổ chức hội nghị tập huấn nghiệp vụ một cửa.": "tap-huan",
        "Sáng 14/3, UBND phường tổ chức hội nghị đối thoại với người dân.": "doi-thoai",
        "Sáng 15/3, Phó Chủ tịch tỉnh có buổi làm việc với Sở Nội vụ.": "hop",
    }
    for sentence, kind in cases.items():
        event = find_event([sentence], published)
        assert event is not None and event.kind == kind, sentence
    e = find_event(["Ngày 16/3, Chủ tịch UBND tỉnh Lê Văn An tiếp ngài Park Sun, Đại sứ Hàn Quốc."], published)
    assert (e.kind, e.organisers) == ("khac", [])                             # a reception; its host is no organiser
    # a task given is not an event held
    assert find_event(["Hôm qua, UBND tỉnh đã giao Sở TN-MT chủ trì kiểm tra, báo cáo kết quả."], published) is None
    # "hợp" (cooperate) folds like "họp" (meet): not a meeting
    assert find_event(["Sáng 15/3, Sở Nội vụ phối hợp với Sở Tư pháp rà soát thủ tục."], published) is None
    assert find_event(["Sáng 15/3, Sở Nội vụ hợp tác với Bưu điện tỉnh."], published) is None


def test_an_event_named_without_a_day_when_the_article_dates_none():
    published = date(2025, 3, 20)
    [e] = find_events(["Tại Hội thảo Đổi mới thủ tục hành chính, các chuyên gia nêu nhiều kiến nghị."], published)
    assert (e.kind, e.day) == ("hoi-thao", None)
    [e] = find_events(["Sở Nội vụ và Bưu điện tỉnh vừa ký kết thỏa thuận trả kết quả thủ tục qua bưu điện."], published)
    assert (e.kind, e.day, e.organisers) == ("le", None, ["Sở Nội vụ", "Bưu điện tỉnh"])   # the two who signed
    assert find_events(["Tại Hội thảo X, các chuyên gia nêu kiến nghị."], published, undated=False) == []
    assert find_events(["Tại hội nghị diễn ra vào tháng 7 năm ngoái, Thủ tướng yêu cầu CCHC."], published) == []
    dated = find_events(["Tại Hội thảo X, chuyên gia nêu kiến nghị.", "Ngày 5/3, Sở Nội vụ tổ chức hội nghị CCHC."],
                        published)
    assert [e.day for e in dated] == [date(2025, 3, 5)]                       # a dated one wins


def test_co_organisers_before_and_after_the_kind():
    published = date(2025, 7, 1)
    e = find_event(["Ngày 30/6, Phòng Thương mại và Công nghiệp Việt Nam (VCCI) phối hợp với Ngân hàng Thế giới "
                    "tổ chức Hội thảo về điều kiện kinh doanh."], published)
    assert e.organisers == ["Phòng Thương mại và Công nghiệp Việt Nam (VCCI)", "Ngân hàng Thế giới"]
    assert e.organiser == "Phòng Thương mại và Công nghiệp Việt Nam (VCCI); Ngân hàng Thế giới"
    e = find_event(["Hội nghị đối thoại với công nhân do UBND huyện phối hợp Liên đoàn Lao động huyện tổ chức "
                    "sáng 19/6."], published)
    assert (e.kind, e.day, e.organisers) == ("doi-thoai", date(2025, 6, 19), ["UBND huyện", "Liên đoàn Lao động huyện"])
    e = find_event(["Sáng 12/6, Cục Đường thủy nội địa và Tổng công ty Bưu điện đã ký kết thỏa thuận hợp tác."],
                   published)
    assert e.organisers == ["Cục Đường thủy nội địa", "Tổng công ty Bưu điện"]
    e = find_event(["Chiều 17/6, Bộ trưởng Trần Văn Dũng đã tổ chức họp báo."], published)
    assert e.organisers == []                                                 # a person, not an organiser


def test_chairs_before_chu_tri_in_lists_and_with_the_role_before_an_honorific():
    [p] = chairs("Chiều 17/5, Bộ trưởng, Chủ nhiệm VPCP Trần Văn Dũng đã chủ trì cuộc họp báo.")
    assert (p.name, p.role) == ("Trần Văn Dũng", "Bộ trưởng, Chủ nhiệm VPCP")
    [p] = chairs("Sáng 14/6, Chủ tịch UBND tỉnh Nghệ An - ông Nguyễn Xuân Hòa - đã chủ trì buổi làm việc.")
    assert (p.name, p.role) == ("Nguyễn Xuân Hòa", "Chủ tịch UBND tỉnh Nghệ An")
    found = chairs("Ông Lê Văn An - Chủ tịch UBND huyện; bà Trần Thị Bình - Chủ tịch Liên đoàn Lao động huyện; "
                   "ông Phạm Văn Cường - Trưởng ban Quản lý các KCN - đồng chủ trì hội nghị.")
    assert [(p.name, p.role) for p in found] == [
        ("Lê Văn An", "Chủ tịch UBND huyện"), ("Trần Thị Bình", "Chủ tịch Liên đoàn Lao động huyện"),
        ("Phạm Văn Cường", "Trưởng ban Quản lý các KCN")]
    [p] = chairs("Chủ tịch UBND TP Hà Nội Nguyễn Văn Sơn đã chủ trì hội nghị giao ban.")
    assert (p.name, p.role) == ("Nguyễn Văn Sơn", "Chủ tịch UBND TP Hà Nội")      # "Hà Nội" is a place
    [p] = chairs("Đồng chí Phan Văn Đồng - Trưởng Ban Nội chính Tỉnh ủy chủ trì.")   # "Nội" is not "nói"
    assert p.name == "Phan Văn Đồng"
    assert chairs("Sở Nội vụ chủ trì, phối hợp với các sở rà soát thủ tục.") == []


def test_attendees_after_du_co_with_words_between_and_su_tham_du_cua():
    people = attendees("Cùng dự, có đồng chí Nguyễn Văn Sơn - Phó Bí thư Thường trực Tỉnh ủy.")
    assert [(p.name, p.role) for p in people] == [("Nguyễn Văn Sơn", "Phó Bí thư Thường trực Tỉnh ủy")]
    people = attendees("Tham dự hội nghị tại điểm cầu tỉnh có ông Lê Văn Tư, Giám đốc Sở Nội vụ.")
    assert [(p.name, p.role) for p in people] == [("Lê Văn Tư", "Giám đốc Sở Nội vụ")]
    people = attendees("Dự và chỉ đạo Lễ ký kết có Thứ trưởng Bộ GTVT Nguyễn Văn Nhật và Thứ trưởng Bộ Thông tin "
                       "và Truyền thông Nguyễn Thị Hồng.")
    assert [(p.name, p.role) for p in people] == [("Nguyễn Văn Nhật", "Thứ trưởng Bộ GTVT"),
                                                  ("Nguyễn Thị Hồng", "Thứ trưởng Bộ Thông tin và Truyền thông")]
    people = attendees("Buổi đối thoại có sự tham dự của gần 1.000 công nhân, đại diện 15 vạn công nhân các KCN.")
    assert [(p.name, p.is_group) for p in people] == [("gần 1.000 công nhân, đại diện 15 vạn công nhân các KCN", True)]
    people = attendees("Sự kiện có sự tham dự của Thủ tướng hai nước và cũng là hội nghị lớn nhất từ trước đến nay.")
    assert [p.name for p in people] == ["Thủ tướng hai nước"]
    assert attendees("Dự án có tổng vốn 20 tỷ đồng.") == [] and attendees("Dù có khó khăn, xã vẫn hoàn thành.") == []


def test_a_rank_is_not_the_role_and_a_body_cut_by_commas_stays_in_it():
    [p, q] = attendees("Tới dự hội nghị có Đại tá Đoàn Văn Hùng, Phó Giám đốc Công an tỉnh; Thượng tá Trần Văn Tiến, "
                       "Phó Cục trưởng, Cục H59, Tổng cục Hậu cần – Kỹ thuật.")
    assert (p.name, p.role) == ("Đoàn Văn Hùng", "Phó Giám đốc Công an tỉnh")
    assert (q.name, q.role) == ("Trần Văn Tiến", "Phó Cục trưởng, Cục H59, Tổng cục Hậu cần – Kỹ thuật")


def test_speakers_are_the_person_before_a_speech_verb():
    [p] = speakers("Phát biểu tại hội nghị, Bộ trưởng Bộ Nội vụ Lê Vĩnh Hải cho biết chỉ số CCHC tăng.")
    assert (p.name, p.role) == ("Lê Vĩnh Hải", "Bộ trưởng Bộ Nội vụ")
    [p] = speakers("Ông Vũ Tiến Phúc, Chủ tịch Phòng Thương mại và Công nghiệp Việt Nam (VCCI), nhấn mạnh thủ tục "
                   "còn rườm rà.")
    assert (p.name, p.role) == ("Vũ Tiến Phúc", "Chủ tịch Phòng Thương mại và Công nghiệp Việt Nam (VCCI)")
    [p] = speakers("Thứ trưởng Mai Tiến Dũng cũng đề nghị các bộ cắt giảm điều kiện kinh doanh.")
    assert p.name == "Mai Tiến Dũng"                                         # "cũng đề nghị", a Dũng
    assert speakers("Ban Chỉ đạo cải cách hành chính tỉnh Lê Văn An.") == []  # "Chỉ đạo" names a body
    assert speakers("Ông Lê Văn Bình, Giám đốc Trung tâm Thông tin tỉnh.") == []   # "Thông tin" in a name
    [p] = speakers("Ông Nguyễn Thế Kỷ, Tổng Giám đốc Đài Tiếng nói Việt Nam, chia sẻ kinh nghiệm chấm giải.")
    assert p.role == "Tổng Giám đốc Đài Tiếng nói Việt Nam"                 # "nói" inside a name is no verb
    assert speakers("Nội dung hội nghị do Sở Nội vụ chuẩn bị.") == []         # "Nội", not "nói"
    # "ông" after the comma is someone else (the guest), not a role of the Prime Minister's
    assert speakers("Trong cuộc gặp với Thủ tướng Nguyễn Văn Phúc, ông đã đề xuất hợp tác.") == []


def test_a_host_receives_a_guest_and_meets_a_group(units):
    news = {"id": "tiep", "title": "Tiếp Đại sứ, bàn về chính quyền điện tử", "lead": "", "unit_id": "",
            "body": "Ngày 13/6, Chủ tịch UBND tỉnh Nguyễn Văn Chung đã có buổi tiếp ngài Bruno Angel Đại sứ Liên "
                    "minh châu Âu tại Việt Nam. Hai bên trao đổi về chính quyền điện tử.\n"
                    "UBND tỉnh tổ chức buổi đối thoại với gần 500 doanh nghiệp chiều 14/6 về thủ tục hành chính.",
            "published_at": "2025-06-20T08:00:00+07:00"}
    p = extract_news(news, units)
    people = {(x.name, x.participation, x.is_group) for x in p.people}
    assert ("Bruno Angel", "attendee", False) in people
    assert ("gần 500 doanh nghiệp", "attendee", True) in people


SEVERAL = {
    "id": "hai-su-kien", "title": "Huyện Minh Long: hội nghị CCHC và tập huấn một cửa", "lead": "", "unit_id": "",
    "url": "", "published_at": "2025-03-20T08:00:00+07:00",
    "body": "Sáng ngày 12/3/2025, UBND huyện Minh Long tổ chức hội nghị tổng kết công tác cải cách hành chính năm "
            "2024. Đ/c Lê Văn An - Chủ tịch UBND huyện chủ trì hội nghị.\n"
            "Kết quả, 98% hồ sơ thủ tục hành chính được giải quyết đúng hạn.\n"
            "Trước đó, ngày 5/3, Văn phòng HĐND và UBND huyện tổ chức lớp tập huấn phần mềm một cửa điện tử cho "
            "công chức các xã. Đ/c Trần Thị Bình - Chánh Văn phòng HĐND và UBND huyện chủ trì lớp tập huấn.",
}


def test_several_events_keep_their_people_and_stable_ids(units):
    p = extract_news(SEVERAL, units)
    assert [(e.kind, e.day) for e in p.events] == [("hoi-nghi", date(2025, 3, 12)), ("tap-huan", date(2025, 3, 5))]
    assert p.event_ids() == ["hai-su-kien-1", "hai-su-kien-2"] and p.event_id == "hai-su-kien-1"
    assert [x.name for x in p.people_of[0]] == ["Lê Văn An"] and [x.name for x in p.people_of[1]] == ["Trần Thị Bình"]
    rows = p.rows()
    assert [r["id"] for r in rows["reform_events"]] == ["hai-su-kien-1", "hai-su-kien-2"]
    assert [(r["event_id"], r["name"]) for r in rows["event_people"]] == [("hai-su-kien-1", "Lê Văn An"),
                                                                         ("hai-su-kien-2", "Trần Thị Bình")]
    assert {r["event_id"] for r in rows["event_findings"]} == {"hai-su-kien-1"}
    events = p.as_dict()["events"]
    assert [e["id"] for e in events] == ["hai-su-kien-1", "hai-su-kien-2"] and events[1]["people"][0]["seq"] == 1


def test_reform_focus_core_item_mention(units):
    def focus(body, title="Tin huyện"):
        news = {"id": "f", "title": title, "lead": "", "unit_id": "", "body": body,
                "published_at": "2025-03-20T08:00:00+07:00"}
        return extract_news(news, units).focus
    assert focus("Sáng 12/3, UBND huyện tổ chức hội nghị tổng kết công tác cải cách hành chính năm 2024.") == ["core"]
    assert focus("Sáng 12/3, HĐND tỉnh họp thẩm tra báo cáo về kinh tế - xã hội, an toàn giao thông và cải cách "
                 "hành chính.") == ["item"]
    assert focus("Sáng 12/3, UBND huyện tổ chức hội nghị sơ kết kinh tế - xã hội quý I.",
                 title="Huyện đẩy mạnh cải cách hành chính") == ["item"]
    assert focus("Sáng 12/3, Hội Nông dân tổ chức lễ phát động trồng cây. Bộ phận một cửa vẫn mở cửa.") == ["mention"]


MENTION = dict(MINH_LONG, id="trong-cay-2025", title="Xã Minh Long phát động Tết trồng cây", url="",
               published_at="2025-02-10T08:00:00+07:00",
               body="Sáng ngày 6/2/2025, Hội Nông dân xã tổ chức lễ phát động Tết trồng cây. Đ/c Lê Văn Tư - Chủ tịch "
                    "Hội Nông dân xã chủ trì lễ phát động. Bộ phận một cửa xã vẫn tiếp nhận hồ sơ trong những ngày này.")


def test_apply_writes_core_and_item_events_unless_asked_for_mentions(package, tmp_path):
    assert ingest(package, jsonl(tmp_path, MINH_LONG, MENTION)).exit_code == 0
    out = run("extract", "--apply", package=package)
    assert out.exit_code == 0 and "1 event(s) that only mention reform left out" in out.stderr
    events = {r["id"]: r["reform_focus"] for r in read_table(package, "reform_events")}
    assert events == {f"{SEED}-1": "core", "minh-long-cchc-2025-1": "core"}
    out = run("extract", "--apply", "--with-mentions", package=package)
    assert out.exit_code == 0, out.output
    events = {r["id"]: r["reform_focus"] for r in read_table(package, "reform_events")}
    assert events == {f"{SEED}-1": "core", "minh-long-cchc-2025-1": "core", "trong-cay-2025-1": "mention"}
    bad = run("extract", "--with-mentions", package=package)
    assert bad.exit_code == 2 and "--with-mentions" in bad.output and "--apply" in bad.output


def test_the_reform_page_and_canned_queries_filter_on_reform_focus(package, tmp_path):
    import asyncio

    from datasette.app import Datasette

    from opendata.serve import SETTINGS, ensure_fresh

    assert ingest(package, jsonl(tmp_path, MINH_LONG, MENTION)).exit_code == 0
    assert run("extract", "--apply", "--with-mentions", package=package).exit_code == 0
    db = ensure_fresh(Package(package), tmp_path / "build", say=lambda _: None)
    metadata = json.loads((tmp_path / "build" / "metadata.json").read_text(encoding="utf-8"))
    ds = Datasette(immutables=[str(db)], metadata=metadata, settings=SETTINGS)

    def get(path):
        return asyncio.run(ds.client.get(path))
    every = get("/-/reform").text
    assert "/-/event/trong-cay-2025-1" in every and "/-/event/minh-long-cchc-2025-1" in every
    mention = get("/-/reform?focus=mention").text
    assert "/-/event/trong-cay-2025-1" in mention and "/-/event/minh-long-cchc-2025-1" not in mention
    assert 'data-focus="mention"' in mention and "Có nhắc đến CCHC" in mention
    core = get("/-/reform?focus=core").text
    assert "/-/event/trong-cay-2025-1" not in core and "/-/event/minh-long-cchc-2025-1" in core
    assert "focus=core" in core                           # the canned queries' links keep the filter
    assert get("/-/reform?focus=nope").status_code == 404
    rows = get("/opendata/reform_events_with_people.json?_shape=array&focus=core").json()
    assert rows and {r["reform_focus"] for r in rows} == {"core"}
    rows = get("/opendata/people_and_their_events.json?_shape=array&focus=mention").json()
    assert [r["name"] for r in rows] == ["Lê Văn Tư"]
    rows = get("/opendata/reform_events_with_people.json?_shape=array").json()
    assert {r["reform_focus"] for r in rows} == {"core", "mention"}      # blank: all


def test_attendee_lists_with_a_doubled_co_cung_nhu_and_heads_of_units():
    people = attendees("Cùng tham dự còn có có các đại biểu từ TP Milan, Italy; Kosice, Slovakia cũng như đại diện "
                       "các sở, ngành của tỉnh có liên quan.")
    assert [(p.name, p.is_group) for p in people] == [("các đại biểu từ TP Milan, Italy", True),
                                                      ("đại diện các sở, ngành của tỉnh có liên quan", True)]
    people = attendees("Về dự có đồng chí Nguyễn Hữu Khánh – Phó Bí thư Huyện ủy, Chủ tịch HĐND huyện, Lãnh đạo các "
                       "phòng, ban, ngành huyện, chủ tịch UBND 08 xã, thị trấn.")
    assert [(p.name, p.is_group) for p in people] == [
        ("Nguyễn Hữu Khánh", False), ("Lãnh đạo các phòng, ban, ngành huyện", True),
        ("chủ tịch UBND 08 xã, thị trấn", True)]


def test_a_chair_named_by_title_alone_is_the_one_the_article_names_with_it(units):
    news = {"id": "tt", "title": "Phiên họp về cải cách hành chính", "lead": "", "unit_id": "",
            "body": "Sáng 3/6, Chính phủ họp phiên thường kỳ về cải cách hành chính. Thủ tướng chủ trì phiên họp.\n"
                    "Phát biểu kết luận, Thủ tướng Nguyễn Văn Phúc yêu cầu cắt giảm thủ tục.",
            "published_at": "2025-06-04T08:00:00+07:00"}
    people = {(p.name, p.participation) for p in extract_news(news, units).people}
    assert people == {("Nguyễn Văn Phúc", "chair")}
    two = dict(news, body=news["body"] + " Thủ tướng Lê Văn Hai nói thêm.")     # which one? nobody is guessed
    assert ("Nguyễn Văn Phúc", "chair") not in {(p.name, p.participation) for p in extract_news(two, units).people}


def test_the_head_of_an_organising_team_chairs_its_inspection(units):
    news = {"id": "to", "title": "Kiểm tra cải cách hành chính tại Sở Nội vụ", "lead": "", "unit_id": "",
            "body": "Sáng ngày 20/6, Tổ công tác của UBND tỉnh kiểm tra công tác cải cách hành chính tại Sở Nội vụ.\n"
                    "Bộ phận một cửa của Sở đã giải quyết đúng hạn 98% hồ sơ.\n"
                    "Tổ trưởng Lê Văn Tâm yêu cầu Sở công khai đầy đủ thủ tục.",
            "published_at": "2025-06-21T08:00:00+07:00"}
    p = extract_news(news, units)
    assert (p.event.kind, p.event.organisers) == ("kiem-tra", ["Tổ công tác của UBND tỉnh"])
    assert [(x.name, x.participation) for x in p.people] == [("Lê Văn Tâm", "chair")]
    other = dict(news, body=news["body"].replace("Tổ công tác của UBND tỉnh", "Sở Tư pháp"))
    assert [(x.name, x.participation) for x in extract_news(other, units).people] == [("Lê Văn Tâm", "speaker")]
