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
from opendata.reform.events import find_event, years
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
    assert "hoi-nghi sáng 2024-03-28, UBND xã Long Môn (pre2025-21358); reviewed 2023, plan 2024" in text.output
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
    assert (e.kind, e.day, e.part_of_day, e.organiser) == ("hoi-nghi", date(2024, 10, 3), "sáng", "UBND phường An Phú")
    january = ["Chiều 12/1, Văn phòng HĐND và UBND huyện tổ chức lớp tập huấn sử dụng chữ ký số."]
    assert find_event(january, date(2025, 1, 20)).day == date(2025, 1, 12)
    assert find_event(january, date(2025, 1, 5)).day == date(2024, 1, 12)   # not after the article
    assert find_event(january, date(2025, 1, 5)).kind == "tap-huan"


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
    assert (e.kind, e.organiser) == ("doi-thoai", "Huyện đoàn")


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
    # The first article loses its event sentence; only it is extracted again.
    changed = dict(MINH_LONG, body=MINH_LONG["body"].split(". ", 1)[1])
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
