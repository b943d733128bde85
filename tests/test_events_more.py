"""Events the first rules missed: named after a photo caption, announced at a time of day, a
regular meeting named by its month, a sitting of the National Assembly, and the people in them.

All sentences here are written for these tests (no corpus text).
"""

from __future__ import annotations

from datetime import date

import pytest

from opendata.package import Package
from opendata.reform import extract_news
from opendata.reform.events import find_event, find_events
from opendata.units import Units

from conftest import ROOT

PUBLISHED = date(2030, 6, 10)


@pytest.fixture(scope="module")
def units():
    return Units(Package(ROOT / "datapackage.json").read("units"))


def _news(body: str, title: str = "Tin cải cách hành chính", published: str = "2030-06-10T09:00:00+07:00") -> dict:
    return {"id": "t-1", "title": title, "lead": "", "body": body, "published_at": published, "unit_id": ""}


def test_a_photo_caption_does_not_use_up_the_opening_sentences():
    caption_first = [
        "Theo lãnh đạo huyện, cải cách hành chính là nhiệm vụ trọng tâm của năm.",
        "Huyện đã số hóa nhiều hồ sơ trong năm qua.",
        "Cán bộ một cửa hướng dẫn người dân nộp hồ sơ.",
        "Ảnh: Minh An",
        "Tại buổi làm việc của đoàn công tác tỉnh với huyện Hòa Lạc, Chủ tịch huyện báo cáo kết quả.",
    ]
    [e] = find_events(caption_first, PUBLISHED)
    assert (e.kind, e.day, e.index) == ("hop", None, 4)
    # without the caption, the same sentence is the fifth that counts: too far for an undated event
    no_caption = caption_first[:3] + ["Người dân đánh giá cao việc này."] + caption_first[4:]
    assert find_events(no_caption, PUBLISHED) == []
    # a caption that names the event itself is still read
    [e] = find_events(["Giám đốc Sở Nội vụ phát biểu tại hội nghị.", "(Ảnh: Minh An)"], PUBLISHED)
    assert (e.kind, e.index) == ("hoi-nghi", 0)


def test_an_index_announced_at_a_time_of_day_is_the_conference_that_announced_it():
    [e] = find_events(["Bảng xếp hạng Chỉ số hài lòng năm 2029 được Sở Nội vụ công bố chiều 8/6 cho thấy "
                       "xã Hòa Lạc đứng đầu huyện."], PUBLISHED, undated=False)
    assert (e.kind, e.day, e.part_of_day, e.organisers) == ("hoi-nghi", date(2030, 6, 8), "chiều", [])
    assert e.title.startswith("Công bố Bảng xếp hạng Chỉ số hài lòng năm 2029")
    # a document's date of issue is no event; nor is an announcement to come
    assert find_event(["Danh mục thủ tục mới được Sở Tư pháp công bố ngày 8/6."], PUBLISHED) is None
    assert find_event(["Kết quả khảo sát sẽ được Sở Nội vụ công bố chiều 18/6."], PUBLISHED) is None


def test_the_month_in_a_regular_meetings_name_is_no_date():
    [e] = find_events(["Chủ trì phiên họp UBND tỉnh thường kỳ tháng 5/2030, Chủ tịch tỉnh giao các sở rút ngắn "
                       "thời gian giải quyết hồ sơ."], PUBLISHED)
    assert (e.kind, e.day) == ("hop", None)
    # a month said as the time of a past event still is no day of this year
    assert find_events(["Tại hội nghị diễn ra vào tháng 7 năm ngoái, Thủ tướng yêu cầu CCHC."], PUBLISHED) == []


def test_registering_a_marriage_is_no_signing():
    assert find_events(["Hồ sơ nhận con nuôi: thôi nộp bản sao sổ hộ khẩu (nếu người nhận có đăng ký kết hôn)."], PUBLISHED) == []
    assert find_event(["Sáng 5/6, Sở Tư pháp và Bưu điện tỉnh đã ký kết thỏa thuận hợp tác."], PUBLISHED).kind == "le"


def test_a_sitting_told_by_the_report_it_heard():
    published = date(2030, 5, 26)
    [e] = find_events(["Trong báo cáo giải trình, tiếp thu, chỉnh lý dự thảo nghị quyết về phí ngày 25/5, "
                       "Trưởng ban Kinh tế HĐND tỉnh thấy mức phí chưa hợp lý."], published, undated=False)
    assert (e.kind, e.day, e.organisers) == ("hop", date(2030, 5, 25), [])
    [e] = find_events(["Chiều nay (26/5), Thường trực HĐND tỉnh đã nghe báo cáo về thủ tục đất đai."],
                      published, undated=False)
    assert (e.kind, e.day, e.part_of_day) == ("hop", date(2030, 5, 26), "chiều")
    # a report with no day, or one to come, is no sitting
    assert find_events(["Báo cáo giải trình, tiếp thu, chỉnh lý dự thảo có ba phần."], published) == []
    assert find_event(["Đề án về phí sẽ trình HĐND tỉnh; báo cáo giải trình, tiếp thu, chỉnh lý dự kiến xong ngày 29/5."], published) is None


def test_the_members_of_an_assembly_as_the_subject_of_its_sitting():
    e = find_event(["Chiều 8/6, các đại biểu HĐND tỉnh làm việc tại tổ về giá dịch vụ công."], PUBLISHED)
    assert (e.kind, e.day, e.organisers) == ("hop", date(2030, 6, 8), [])
    assert find_event(["Chiều 8/6, các hộ dân làm việc tại nhà văn hóa thôn."], PUBLISHED) is None


def test_the_body_whose_meeting_it_is():
    cases = {
        "Sáng 5/6, Phó Chủ tịch tỉnh dự phiên họp thứ 12 của Hội đồng thi đua tỉnh (nhiệm kỳ mới).":
            ["Hội đồng thi đua tỉnh"],
        "Tại cuộc họp Ban Chỉ đạo cải cách hành chính tỉnh ngày 5/6, Giám đốc Sở Nội vụ báo cáo.":
            ["Ban Chỉ đạo cải cách hành chính tỉnh"],
        "Sáng 5/6, tại buổi làm việc của đoàn kiểm tra Tỉnh ủy với Huyện ủy Hòa Lạc, lãnh đạo huyện báo cáo.":
            ["đoàn kiểm tra Tỉnh ủy"],
        "Ông An chỉ đạo tại cuộc họp triển khai dịch vụ công trực tuyến, một cửa của Sở Nội vụ ngày 5/6.":
            ["Sở Nội vụ"],
    }
    for sentence, organisers in cases.items():
        assert find_event([sentence], PUBLISHED).organisers == organisers, sentence
    # an inspected body, a body quoted further on, a meeting with no title: no organiser
    for sentence in ("Chiều 5/6, đoàn công tác đã có buổi làm việc tại bộ phận một cửa của UBND xã Hòa Lạc.",
                     "Sáng 5/6, Bộ trưởng chủ trì cuộc họp báo để thông báo quyết định của Chính phủ.",
                     "Chia sẻ tại buổi làm việc ngày 5/6, lãnh đạo Sở cho biết thủ tục của Cục Thuế còn chậm."):
        assert find_event([sentence], PUBLISHED).organisers == [], sentence


def test_the_same_meeting_told_again_names_who_held_it():
    [e] = find_events(["Đồng chí Lê An nêu yêu cầu này tại cuộc họp chiều 5/6.",
                       "Chiều 5/6, Ban Văn hóa HĐND huyện họp xem xét tờ trình về dịch vụ công."], PUBLISHED)
    assert (e.index, e.organisers) == (0, ["Ban Văn hóa HĐND huyện"])


def test_a_co_organiser_in_lower_case_and_a_unit_with_its_city():
    e = find_event(["Ngày 5/6, Sở Công Thương phối hợp với ngân hàng phát triển (ADB) tổ chức Hội thảo về "
                    "thủ tục xuất khẩu."], PUBLISHED)
    assert e.organisers == ["Sở Công Thương", "ngân hàng phát triển (ADB)"]
    e = find_event(["Sáng 5/6, UBND quận 3, TP. Hồ Chí Minh tổ chức hội nghị tổng kết cải cách hành chính."], PUBLISHED)
    assert e.organisers == ["UBND quận 3, TP. Hồ Chí Minh"]
    e = find_event(["Sáng 5/6, tại Hà Nội, Văn phòng Chính phủ tổ chức hội nghị trực tuyến."], PUBLISHED)
    assert e.organisers == ["Văn phòng Chính phủ"]                       # a place before the body stays out


def test_a_source_named_after_theo_speaks():
    from opendata.reform.people import speakers
    [p] = speakers("Theo ông Lê Văn An, Phó Giám đốc Sở Xây dựng, quý tới Sở sẽ cấp phép trong ba ngày.")
    assert (p.participation, p.name, p.role) == ("speaker", "Lê Văn An", "Phó Giám đốc Sở Xây dựng")
    [p] = speakers("Theo Bộ trưởng Bộ Nội vụ Trần Minh Đức, năm nay các bộ phải cắt giảm thủ tục.")
    assert (p.name, p.role) == ("Trần Minh Đức", "Bộ trưởng Bộ Nội vụ")
    assert speakers("Theo báo cáo, năm nay tỉnh đã giải quyết 1.000 hồ sơ.") == []
    assert speakers("Theo Chỉ số cải cách hành chính năm 2029, tỉnh Hòa Bình xếp thứ 5.") == []
    # someone interviewed, no role given: no speaker of the event
    assert speakers("Theo ông Lê Văn An, công chức xã: “Quy tắc mới không khác trước”.") == []


def test_more_speech_verbs_academic_titles_and_a_representative():
    from opendata.reform.people import speakers
    cases = {
        "Ông Đỗ Văn Bình - Giám đốc hợp tác xã Tân An cho hay, hồ sơ vay vốn mất hai tuần.":
            ("Đỗ Văn Bình", "Giám đốc hợp tác xã Tân An"),
        "Bà Trần Thị Mai, Trưởng thôn Đông, cũng phản ánh việc chờ sổ đỏ.": ("Trần Thị Mai", "Trưởng thôn Đông"),
        "Ông Lê Minh Tâm – Phó Chủ tịch UBND xã có ý kiến: phần mềm còn chậm.": ("Lê Minh Tâm", "Phó Chủ tịch UBND xã"),
        "TS. Phạm Văn Hòa, Phó Viện trưởng Viện Kinh tế, đánh giá thủ tục còn rườm rà.": ("Phạm Văn Hòa", "Phó Viện trưởng Viện Kinh tế"),
        "Ông Hồ Văn Nam, đại diện Hiệp hội Doanh nghiệp tỉnh, kiến nghị giảm phí.":
            ("Hồ Văn Nam", "đại diện Hiệp hội Doanh nghiệp tỉnh"),
    }
    for sentence, (name, role) in cases.items():
        [p] = speakers(sentence)
        assert (p.name, p.role) == (name, role), sentence


def test_what_is_told_to_the_press_is_not_said_at_the_event():
    from opendata.reform.people import speakers
    assert speakers("Trả lời phỏng vấn với báo chí sau hội nghị, Giám đốc Lê Văn An cho biết sẽ mở thêm quầy.") == []
    assert speakers("Trao đổi tại hội nghị, Thứ trưởng Lê Văn An cho biết thủ tục đã giảm.")[0].name == "Lê Văn An"


def test_a_shortened_name_is_the_person_named_in_full_before(units):
    body = ("Chiều 5/6, Sở Nội vụ tổ chức họp báo về cải cách hành chính.\n"
            "Bà Nguyễn Thị Minh Hoa - Phó Giám đốc Sở Nội vụ cho biết năm nay thủ tục giảm một nửa.\n"
            "Về hồ sơ trực tuyến, bà Minh Hoa cho hay số hồ sơ tăng gấp đôi.\n"
            "Ông Lê Hoa cho biết thêm, xã đã làm tốt.")
    people = extract_news(_news(body), units).people
    assert [p.name for p in people] == ["Nguyễn Thị Minh Hoa", "Lê Hoa"]


def test_signers_members_and_groups_one_per_body_attend():
    from opendata.reform.people import attendees, counterparts, signers
    signed = signers("Cục trưởng Cục Thuế tỉnh Lê Văn An và Giám đốc Bưu điện tỉnh Trần Văn Bình ký thỏa thuận "
                     "hợp tác trước sự chứng kiến của lãnh đạo tỉnh.")
    assert [(p.participation, p.name, p.role) for p in signed] == [
        ("attendee", "Lê Văn An", "Cục trưởng Cục Thuế tỉnh"), ("attendee", "Trần Văn Bình", "Giám đốc Bưu điện tỉnh")]
    # what comes before the verb is no list of people: no signer
    assert signers("Ông Lê Văn An, Chủ nhiệm hợp tác xã, nói nhiều hộ chưa ký hợp đồng.") == []
    [group] = counterparts("Chiều 8/6, các đại biểu HĐND tỉnh làm việc tại tổ về giá dịch vụ công.")
    assert (group.is_group, group.name) == (True, "các đại biểu HĐND tỉnh")
    groups = attendees("Tới dự có đại diện bưu điện huyện, phòng tư pháp huyện, các sở, ban, ngành của tỉnh.")
    assert [g.name for g in groups] == ["đại diện bưu điện huyện", "phòng tư pháp huyện", "các sở, ban, ngành của tỉnh"]


def test_a_name_cut_short_takes_the_full_name_said_later(units):
    body = ("Sáng 5/6, Tổ công tác của tỉnh họp với huyện về cải cách hành chính.\n"
            "Phó Chủ tịch UBND tỉnh Uông Văn Lực, Tổ trưởng tổ công tác chủ trì cuộc họp.\n"
            "Ông Uông Văn Lực đề nghị huyện số hóa hồ sơ đất đai.")
    [p] = extract_news(_news(body), units).people
    assert (p.participation, p.name, p.role) == ("chair", "Uông Văn Lực", "Phó Chủ tịch UBND tỉnh, Tổ trưởng tổ công tác")
    # a family name no list knows ("Khúc") cuts the chair's name at the next one ("Mai Lực");
    # the speaker's "ông Khúc Mai Lực" is the same man, and his full name is kept
    body = body.replace("Uông Văn", "Khúc Mai")
    [p] = extract_news(_news(body), units).people
    assert (p.participation, p.name) == ("chair", "Khúc Mai Lực")


def test_an_undated_event_takes_the_day_the_report_calls_today():
    sentences = ["Chủ trì phiên họp UBND tỉnh thường kỳ tháng 5/2030, Chủ tịch tỉnh giao việc cho các sở.",
                 "Chủ tịch tỉnh nói: “Hôm nay (9/6), các sở phải chốt danh mục thủ tục”."]
    [e] = find_events(sentences, PUBLISHED)
    assert (e.kind, e.day, e.index) == ("hop", date(2030, 6, 9), 0)
    # a "today" far from the publish date, or none, leaves the event undated
    assert find_events([sentences[0], "Hôm nay (2/5), xã họp."], PUBLISHED)[0].day is None
    assert find_events(sentences[:1], PUBLISHED)[0].day is None


def test_the_host_of_a_working_session_chairs_it_and_a_role_ends_at_the_event():
    from opendata.reform.people import counterparts, speakers
    [host] = [p for p in counterparts("Phó Chủ tịch tỉnh Lê Văn An có buổi làm việc với Sở Nội vụ về cải cách "
                                      "hành chính.") if not p.is_group]
    assert (host.participation, host.name, host.role) == ("chair", "Lê Văn An", "Phó Chủ tịch tỉnh")
    # at a dialogue the official answers those who came: no chair
    assert [p.participation for p in counterparts("Chủ tịch huyện Lê Văn An đã có cuộc đối thoại với gần 2.500 "
                                                  "hộ dân.")] == ["attendee"]
    [group] = counterparts("Chủ tịch huyện Lê Văn An đã có cuộc đối thoại với gần 2.500 hộ dân các xã ven sông.")
    assert group.name == "gần 2.500 hộ dân các xã ven sông"          # a thousands dot ends no group
    [p] = speakers("Ông Lê Văn An, Giám đốc Sở Nội vụ tại buổi kiểm tra, nhấn mạnh việc công khai thủ tục.")
    assert p.role == "Giám đốc Sở Nội vụ"
