"""Findings read clause by clause (opendata/reform/findings.py), their reform areas, and the
sentence splitting they rely on (vntext.sentences). Every sentence here is written for these
tests, in the shapes review articles use."""

from __future__ import annotations

from opendata.reform.areas import areas_of, speaks_of_reform
from opendata.reform.findings import _colon_head, doubtful, find_findings
from opendata.vntext import sentences


def _kinds(*said: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in find_findings([(0, s) for s in said])]


def test_a_figure_is_a_result_and_its_purpose_is_cut_off():
    assert _kinds("Năm 2024, bộ phận một cửa xã đã tiếp nhận 1.250 hồ sơ (tăng 17 %), góp phần "
                  "nâng cao sự hài lòng của người dân.") == [
        ("result", "Bộ phận một cửa xã đã tiếp nhận 1.250 hồ sơ (tăng 17 %)")]


def test_an_index_score_is_a_result():
    assert _kinds("Theo báo cáo của Sở Nội vụ, Chỉ số CCHC của huyện đạt 86,4 điểm.") == [
        ("result", "Chỉ số CCHC của huyện đạt 86,4 điểm")]


def test_a_share_or_a_score_alone_is_a_result():
    assert _kinds("Năm 2024, tỷ lệ hồ sơ giải quyết đúng hạn của xã là 98,6 %.") == [
        ("result", "Tỷ lệ hồ sơ giải quyết đúng hạn của xã là 98,6 %")]
    assert _kinds("Chỉ số PAR INDEX của tỉnh năm 2016 là 85,6 điểm, xếp thứ 12/63.") == [
        ("result", "Chỉ số PAR INDEX của tỉnh năm 2016 là 85,6 điểm, xếp thứ 12/63")]


def test_a_purpose_is_not_a_result():
    assert _kinds("Hội nghị nhằm đánh giá công tác cải cách hành chính 6 tháng đầu năm.") == []
    assert _kinds("Để cán bộ một cửa phải trả kết quả đúng hẹn cho người dân.") == []         # only a purpose
    assert _kinds("Nhằm nâng cao chất lượng phục vụ, xã đã bố trí thêm hai máy tính.") == [
        ("result", "Xã đã bố trí thêm hai máy tính")]
    assert _kinds("Để người dân quen với dịch vụ công trực tuyến, đoàn viên đã hướng dẫn tại nhà.") == [
        ("result", "Đoàn viên đã hướng dẫn tại nhà")]


def test_land_is_not_an_achievement_and_a_director_is_not_a_cut():
    # folded, "đất" is "đạt" and "giám đốc" is "giảm đốc"
    assert _kinds("Ông Trần Văn Bình, giám đốc trung tâm, phụ trách 12 ha đất sản xuất của hợp tác xã.") == []


def test_enumerated_tasks_each_become_a_task():
    found = _kinds("Một là, rà soát toàn bộ thủ tục hành chính thuộc thẩm quyền của xã.",
                   "Hai là, số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.",
                   "Thứ ba, nâng cao kỹ năng của công chức bộ phận một cửa.")
    assert found == [("task", "Rà soát toàn bộ thủ tục hành chính thuộc thẩm quyền của xã"),
                     ("task", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính"),
                     ("task", "Nâng cao kỹ năng của công chức bộ phận một cửa")]


def test_bulleted_tasks_each_become_a_task():
    found = [(f.kind, f.text) for f in find_findings(
        [(0, "Hội nghị thống nhất nhiệm vụ trọng tâm như sau:"),
         (1, "- Công khai đầy đủ thủ tục hành chính tại bộ phận một cửa."),
         (2, "- Tăng cường kiểm tra công vụ đối với công chức.")])]
    assert found == [("task", "Công khai đầy đủ thủ tục hành chính tại bộ phận một cửa"),
                     ("task", "Tăng cường kiểm tra công vụ đối với công chức")]


def test_a_task_keeps_its_condition():
    [(kind, text)] = _kinds("Phải trả lời người dân trong ngày khi hồ sơ bị từ chối.")
    assert kind == "task" and text.endswith("khi hồ sơ bị từ chối")
    [(kind, text)] = _kinds("Công chức cần hướng dẫn lại nếu hồ sơ thiếu giấy tờ.")
    assert (kind, text) == ("task", "Công chức cần hướng dẫn lại nếu hồ sơ thiếu giấy tờ")


def test_limitations_after_du_vay_and_tuy_nhien():
    assert _kinds("Dù vậy, vẫn còn 12 hồ sơ trễ hạn ở lĩnh vực đất đai.") == [
        ("limitation", "Vẫn còn 12 hồ sơ trễ hạn ở lĩnh vực đất đai")]
    assert _kinds("Dù vậy, vẫn còn người dân phải đi lại nhiều lần mới xong hồ sơ.") == [
        ("limitation", "Vẫn còn người dân phải đi lại nhiều lần mới xong hồ sơ")]
    assert _kinds("Tuy nhiên, tỷ lệ hồ sơ nộp trực tuyến còn thấp.") == [
        ("limitation", "Tỷ lệ hồ sơ nộp trực tuyến còn thấp")]


def test_a_limitation_list_with_nhu():
    assert _kinds("Với quán cà phê doanh nhân, xã giải quyết vướng mắc trong 15 phút như trước đây.") == []
    assert _kinds("Chủ tịch xã chỉ ra những hạn chế như việc niêm yết thủ tục chưa đầy đủ; "
                  "trang thiết bị còn thiếu.") == [
        ("limitation", "Việc niêm yết thủ tục chưa đầy đủ"), ("limitation", "Trang thiết bị còn thiếu")]


def test_a_leader_who_has_asked_or_is_named_dung_still_asks():
    [(kind, text)] = _kinds("Phó Chủ tịch UBND huyện đã yêu cầu, trong quý II, các xã phải công khai thủ tục.")
    assert kind == "task" and text.endswith("các xã phải công khai thủ tục")
    assert _kinds("Chủ tịch UBND xã Lê Thị Dung yêu cầu công chức trả kết quả đúng hẹn.") == [
        ("task", "Công chức trả kết quả đúng hẹn")]
    assert _kinds("Báo cáo viết đúng yêu cầu của Ban Chỉ đạo.") == []


def test_a_leaders_emphasis_makes_tasks_of_its_clauses():
    assert _kinds("Phó Chủ tịch UBND tỉnh nhấn mạnh các sở đẩy nhanh việc số hóa hồ sơ; "
                  "tiếp tục rà soát thủ tục hành chính.") == [
        ("task", "Các sở đẩy nhanh việc số hóa hồ sơ"), ("task", "Tiếp tục rà soát thủ tục hành chính")]


def test_areas_compare_diacritics_where_the_text_has_them():
    assert areas_of("Chính quyền sở tại hỗ trợ người dân") == []
    assert areas_of("Xây dựng chính quyền số cấp xã") == ["chinh-phu-so"]
    assert areas_of("xay dung chinh quyen so cap xa") == ["chinh-phu-so"]        # unaccented text still matches
    assert not speaks_of_reform("Chính quyền sở tại đã đến thăm gia đình")
    assert speaks_of_reform("Chính quyền số phục vụ người dân")
    assert speaks_of_reform("Cải cách mạnh mẽ hơn thủ tục hành chình")      # a tone typo, the letters are right
    assert not speaks_of_reform("Quà của một của hàng")


def test_flattened_bodies_headings_and_captions_are_split():
    assert sentences("Hội nghị diễn ra vào tháng 6/2017.Phó Chủ tịch UBND tỉnh phát biểu. Ở TP.HCM.") == [
        "Hội nghị diễn ra vào tháng 6/2017.", "Phó Chủ tịch UBND tỉnh phát biểu.", "Ở TP.HCM."]
    assert sentences("Đẩy mạnh số hóa hồ sơ Theo Chủ tịch xã, hồ sơ đã được số hóa.") == [
        "Đẩy mạnh số hóa hồ sơ", "Theo Chủ tịch xã, hồ sơ đã được số hóa."]
    assert sentences("Ảnh: Minh Anh/TTXVN Tuy nhiên, hồ sơ trễ hạn còn nhiều.") == [
        "Ảnh: Minh Anh/TTXVN", "Tuy nhiên, hồ sơ trễ hạn còn nhiều."]
    assert sentences("Chủ tịch xã phát biểu tại hội nghị Ảnh: Minh Anh Công chức xã hướng dẫn người dân.") == [
        "Chủ tịch xã phát biểu tại hội nghị", "Ảnh: Minh Anh", "Công chức xã hướng dẫn người dân."]
    assert sentences("Quang cảnh hội nghị (Ảnh: Minh Anh) Bà Lê Thị Hoa nói.") == [
        "Quang cảnh hội nghị", "(Ảnh: Minh Anh)", "Bà Lê Thị Hoa nói."]


def test_a_glued_caption_no_longer_hides_tuy_nhien():
    said = [(0, s) for s in sentences("Toàn cảnh hội nghị Tuy nhiên, việc số hóa hồ sơ còn chậm.")]
    assert [(f.kind, f.text) for f in find_findings(said)] == [("limitation", "Việc số hóa hồ sơ còn chậm")]


def test_a_clause_breaks_at_but_and_each_part_is_judged():
    assert _kinds("Chủ tịch xã cho biết, cán bộ một cửa đã có nhiều chuyển biến tích cực, nhưng khâu tiếp "
                  "công dân vẫn còn chậm.") == [
        ("result", "Cán bộ một cửa đã có nhiều chuyển biến tích cực"),
        ("limitation", "Khâu tiếp công dân vẫn còn chậm")]


def test_a_source_inside_the_sentence_is_not_part_of_the_finding():
    assert _kinds("Dẫn chứng, theo Trưởng phòng Nội vụ Lê Văn Bình, xã đã số hóa 3.200 hồ sơ hộ tịch.") == [
        ("result", "Xã đã số hóa 3.200 hồ sơ hộ tịch")]
    assert _kinds("Theo Chủ tịch UBND huyện Lê Văn Bình, Trưởng ban Chỉ đạo CCHC huyện, từ đầu năm đến nay, "
                  "các xã đã tiếp nhận 4.100 hồ sơ trực tuyến.") == [
        ("result", "Các xã đã tiếp nhận 4.100 hồ sơ trực tuyến")]


def test_a_list_introduction_gives_its_items():
    assert _kinds("Chủ tịch xã nhấn mạnh ba việc cụ thể gồm: niêm yết đủ thủ tục; trả kết quả đúng hẹn cho dân; "
                  "xin lỗi khi trễ hạn.") == [
        ("task", "Niêm yết đủ thủ tục"), ("task", "Trả kết quả đúng hẹn cho dân"), ("task", "Xin lỗi khi trễ hạn")]


def test_a_shortfall_ends_before_its_cause():
    assert _kinds("Tuy nhiên, tỷ lệ hồ sơ trễ hạn còn cao, chủ yếu là hồ sơ đất đai của các hộ ở xa.") == [
        ("limitation", "Tỷ lệ hồ sơ trễ hạn còn cao")]


def test_a_forecast_is_not_a_task_but_a_plan_is():
    assert [k for k, _ in _kinds("Nhân dân trong huyện đã nỗ lực phấn đấu vượt qua khó khăn suốt nhiều năm.")] == [
        "result"]                                          # strived: done, not promised
    assert _kinds("Mô hình này sẽ góp phần giảm thời gian đi lại của người dân.") == []
    assert _kinds("Năm tới, huyện sẽ mở rộng mô hình một cửa liên thông cho 12 xã.") == [
        ("task", "Huyện sẽ mở rộng mô hình một cửa liên thông cho 12 xã")]


def test_direction_as_a_noun_or_in_a_ministrys_name_does_not_make_tasks():
    assert _kinds("Công tác chỉ đạo của huyện có nhiều đổi mới, các xã làm tốt việc tiếp dân.") == []
    assert _kinds("Bộ Giao thông vận tải tổ chức triển lãm ảnh về ngành đường thủy.") == []
    assert _kinds("Chủ tịch UBND huyện giao Phòng Nội vụ kiểm tra công vụ tại 5 xã.") == [
        ("task", "Phòng Nội vụ kiểm tra công vụ tại 5 xã")]


def test_a_lead_that_repeats_the_body_gives_the_finding_once_where_the_body_says_it():
    found = find_findings([(0, "Phải công khai thủ tục hành chính tại nơi tiếp dân."),
                           (1, "Hội nghị diễn ra trong một buổi sáng."),
                           (1, "Phải công khai thủ tục hành chính tại nơi tiếp dân.")])
    assert [(f.kind, f.text) for f in found] == [("task", "Công khai thủ tục hành chính tại nơi tiếp dân")]
    assert found[0].sentence == "Phải công khai thủ tục hành chính tại nơi tiếp dân."


def test_the_meeting_itself_and_a_question_are_not_findings():
    assert _kinds("Tại hội nghị, Chủ tịch xã đã trao tặng giấy khen cho 5 cá nhân.") == []
    assert _kinds("Quang cảnh buổi làm việc tại bộ phận một cửa còn thiếu máy tính") == []      # a caption
    assert _kinds("Vì sao hồ sơ đất đai vẫn còn chậm như vậy?") == []


def test_the_meeting_told_again_is_not_a_result():
    assert _kinds("Sáng nay, Chủ tịch UBND huyện đã có cuộc trao đổi với 12 xã về chuyển đổi số.") == []
    assert _kinds("Sáng nay, 12 xã đã hoàn thành việc số hóa hồ sơ hộ tịch.") == [
        ("result", "12 xã đã hoàn thành việc số hóa hồ sơ hộ tịch")]


# --- clauses judged, then not published (findings.doubtful) ---------------------------------

def test_a_heading_glued_into_a_list_is_not_a_task():
    found = _kinds("Thời gian tới, xã tiếp tục rà soát thủ tục hành chính; Bộ phận một cửa xã; "
                   "nâng cao kỹ năng của công chức tiếp dân.")
    assert found == [("task", "Xã tiếp tục rà soát thủ tục hành chính"),
                     ("task", "Nâng cao kỹ năng của công chức tiếp dân")]


def test_a_run_the_splitter_could_not_part_is_not_published():
    run = ("Tuy nhiên, việc số hóa hồ sơ còn chậm " + "và thiết bị của bộ phận một cửa cũ " * 9).strip() + "."
    assert len(run.split()) > 70
    assert _kinds(run) == []
    assert _kinds("Tuy nhiên, việc số hóa hồ sơ còn chậm.") == [("limitation", "Việc số hóa hồ sơ còn chậm")]


def test_a_speech_or_a_question_is_not_a_finding():
    assert _kinds("Tôi tin rằng chúng ta còn nhiều việc phải làm để người dân hài lòng hơn.") == []
    assert _kinds("Vì sao hồ sơ đất đai của xã vẫn còn trễ hạn nhiều như vậy?") == []
    assert _kinds("Hồ sơ đất đai của xã vẫn còn trễ hạn nhiều.") == [
        ("limitation", "Hồ sơ đất đai của xã vẫn còn trễ hạn nhiều")]


def test_a_leader_reporting_the_work_as_we_is_a_finding_but_an_opinion_is_not():
    # "chúng ta đã / còn / phải …" at the event states its content; "tôi" or an opinion stays a speech
    assert _kinds("Năm qua, chúng ta đã số hóa 12.000 hồ sơ hộ tịch của các xã.") == [
        ("result", "Chúng ta đã số hóa 12.000 hồ sơ hộ tịch của các xã")]
    assert [k for k, _ in _kinds("Chúng tôi vẫn còn chậm trong việc trả hồ sơ đất đai cho người dân.")] == ["limitation"]
    assert _kinds("Tôi nghĩ chúng ta đã làm được nhiều việc cho người dân trong xã.") == []
    assert _kinds("Có thể nói, chúng ta đã có những cán bộ tận tụy với người dân.") == []
    assert _kinds("Có lẽ năm tới chúng ta cần làm việc với các thôn về lịch tiếp dân.") == []
    assert _kinds("Khi nói về việc cán bộ phường quát mắng người dân còn nhiều bất cập.") == []
    assert _kinds("Từ thế kỷ trước, chúng ta đã có những cán bộ tận tụy với người dân.") == []
    assert _kinds("Chúng ta đã đạt được kết quả bước đầu rất ấn tượng trong cải cách.") == []


def test_a_comparison_after_trong_khi_do_stays_with_its_clause():
    found = _kinds("Xã mới có 21% hồ sơ được nộp trực tuyến, trong khi đó xã bên cạnh đã có 45%.")
    assert len(found) == 1 and found[0][1].endswith("xã bên cạnh đã có 45%")


def test_a_label_with_a_colon_is_not_a_finding():
    assert _kinds("Ông Lê Văn An, Chủ tịch xã: Bộ phận một cửa đã trả 900 hồ sơ đúng hạn.") == []
    assert _kinds("Bộ phận một cửa đã trả 900 hồ sơ đúng hạn.") == [
        ("result", "Bộ phận một cửa đã trả 900 hồ sơ đúng hạn")]


def test_a_web_address_or_a_list_of_the_clause_is_no_label_but_raised_worries_are():
    assert [k for k, _ in _kinds("Xã đã mở thêm cổng tiếp nhận phản hồi của người dân tại http://xa.example.vn.")] == ["result"]
    assert [t for _, t in _kinds("Đồng thời, cần hoàn thành cung cấp dịch vụ công trực tuyến với các thủ tục như: hộ tịch, "
                                 "chứng thực, đất đai.")] == [
        "Hoàn thành cung cấp dịch vụ công trực tuyến với các thủ tục như: hộ tịch, chứng thực, đất đai"]
    assert _kinds("Đồng thời, cần hoàn thành cung cấp dịch vụ công trực tuyến với các thủ tục như: Hộ tịch, chứng thực.") == []
    assert _kinds("Cử tri đã nêu nhiều kiến nghị về các vấn đề như: giá đất tăng cao, hồ sơ đất đai còn chậm.") == []


def test_a_products_features_are_not_a_result():
    assert _kinds("Phần mềm nhận diện giấy tờ của xã đạt độ chính xác trên 99% khi thử nghiệm.") == []


def test_an_order_opening_with_a_ban_an_extension_or_haste_is_a_task():
    assert _kinds("Không được đổ lỗi cho phần mềm khi hồ sơ của dân bị trễ hạn.") == [
        ("task", "Không được đổ lỗi cho phần mềm khi hồ sơ của dân bị trễ hạn")]
    # inside an open task list these are judged tasks; nothing may then reject them as unasked
    for clause in ("Tiếp đó là đẩy mạnh số hóa hồ sơ hộ tịch của toàn huyện",
                   "Gia hạn thực hiện quy chế cũ đến hết tháng 6 trong giai đoạn chuyển tiếp"):
        assert doubtful("task", clause, clause + ".") == ""
    assert doubtful("task", "Quy chế cũ còn hiệu lực đến hết tháng 6 năm nay", "Quy chế cũ còn hiệu lực đến hết tháng 6 năm nay.") == "unasked"


def test_an_explanation_is_not_a_finding():
    assert _kinds("Đây là cách làm chưa phù hợp với quy trình một cửa của huyện.") == []
    assert _kinds("Cách làm này chưa phù hợp với quy trình một cửa của huyện.") == [
        ("limitation", "Cách làm này chưa phù hợp với quy trình một cửa của huyện")]


def test_work_going_on_is_not_a_task():
    assert _kinds("Thời gian tới, cơ sở dữ liệu hộ tịch của xã đang được cập nhật hằng ngày.") == []
    assert _kinds("Thời gian tới, cơ sở dữ liệu hộ tịch của xã được cập nhật hằng ngày.") == [
        ("task", "Cơ sở dữ liệu hộ tịch của xã được cập nhật hằng ngày")]


def test_a_task_nobody_asks_for_is_a_description():
    # after a task list, history written like an act ("xã triển khai … từ năm 2019") is not a task
    plan = (0, "Thời gian tới, xã tập trung rà soát thủ tục hành chính.")
    history = (0, "Bên cạnh đó, Ủy ban nhân dân xã triển khai phần mềm một cửa từ năm 2019.")
    assert [(f.kind, f.text) for f in find_findings([plan, history])] == [
        ("task", "Xã tập trung rà soát thủ tục hành chính")]
    asked = (0, "Bên cạnh đó, Ủy ban nhân dân xã cần triển khai phần mềm một cửa trong năm nay.")
    assert [(f.kind, f.text) for f in find_findings([plan, asked])] == [
        ("task", "Xã tập trung rà soát thủ tục hành chính"),
        ("task", "Ủy ban nhân dân xã cần triển khai phần mềm một cửa trong năm nay")]


def test_a_task_ends_before_its_aim_or_its_reason():
    assert _kinds("Ủy ban nhân dân xã cần số hóa toàn bộ hồ sơ hộ tịch, hướng đến xây dựng chính quyền số.") == [
        ("task", "Ủy ban nhân dân xã cần số hóa toàn bộ hồ sơ hộ tịch")]
    assert _kinds("Công chức phải thẩm định kỹ thủ tục trước khi công bố bởi đây là khâu dễ sai sót.") == [
        ("task", "Công chức phải thẩm định kỹ thủ tục trước khi công bố")]


def test_history_is_not_a_result():
    assert _kinds("Từ năm 1954 đến 1963, xã đã ba lần được đón đoàn công tác của tỉnh về thăm.") == []
    assert _kinds("Cách đây 70 năm, cán bộ xã đã mở lớp bình dân học vụ đầu tiên.") == []
    assert _kinds("Từ năm 2020 đến nay, xã đã ba lần được tỉnh khen về cải cách hành chính.") == [
        ("result", "Từ năm 2020 đến nay, xã đã ba lần được tỉnh khen về cải cách hành chính")]


def test_stressing_a_theme_is_not_asking_for_it():
    # "nhấn mạnh đến X" names what a speech was about; "nhấn mạnh, …" asks for what follows
    assert _kinds("Phát biểu tại hội nghị, Chủ tịch UBND huyện nhấn mạnh đến truyền thống đoàn kết "
                  "của nhân dân trong huyện.") == []
    assert _kinds("Chủ tịch UBND huyện nhấn mạnh, các xã phải công khai đầy đủ thủ tục hành chính.") == [
        ("task", "Các xã phải công khai đầy đủ thủ tục hành chính")]


def test_a_wish_is_not_a_finding():
    assert _kinds("Đại diện doanh nghiệp bày tỏ mong muốn huyện sớm rút ngắn thời gian cấp phép xây dựng.") == []
    assert _kinds("Hiệp hội hy vọng tỉnh sẽ tiếp tục cắt giảm thủ tục đất đai trong năm tới.") == []
    assert _kinds("Huyện cần rút ngắn thời gian cấp phép xây dựng.") == [
        ("task", "Huyện cần rút ngắn thời gian cấp phép xây dựng")]


# --- issue 15, point 2: findings that are findings (sentences written for these tests) -------

def test_staffing_quotas_and_digital_government_are_reform_digital_transformation_alone_is_not():
    assert speaks_of_reform("Huyện tiếp tục tinh giản biên chế theo lộ trình")
    assert speaks_of_reform("Hội nghị bàn giải pháp xây dựng chính quyền số cấp xã")
    # a farm's, a school's or a firm's digital transformation is not administrative reform
    assert not speaks_of_reform("Nông dân chuyển đổi số trong tiêu thụ nông sản")
    assert not speaks_of_reform("Chuyển đổi cây trồng trên đất lúa kém hiệu quả")   # "chuyển đổi" alone is not


def test_who_said_a_quotation_is_not_part_of_the_finding():
    assert _kinds("Theo ông Nam, các xã cần công khai thủ tục hành chính tại nơi tiếp dân”, ông Nam nói.") == [
        ("task", "Các xã cần công khai thủ tục hành chính tại nơi tiếp dân")]


def test_a_question_without_its_mark_is_not_a_finding():
    assert _kinds("Doanh nghiệp đóng góp nhiều nhưng tại sao vẫn còn chịu nhiều phiền hà về thủ tục.") == []
    assert _kinds("Doanh nghiệp vẫn còn chịu nhiều phiền hà về thủ tục đất đai.") == [
        ("limitation", "Doanh nghiệp vẫn còn chịu nhiều phiền hà về thủ tục đất đai")]


def test_a_piece_the_splitter_cut_off_is_not_a_task():
    assert _kinds("Thời gian tới, xã tiếp tục rà soát thủ tục hành chính; xử lý nghiêm.") == [
        ("task", "Xã tiếp tục rà soát thủ tục hành chính")]


def test_the_opening_summary_before_the_event_gives_no_finding():
    """The first sentence, when the event comes after it, sums up what the body says in full."""
    from opendata.package import Package
    from opendata.reform import extract_news
    from opendata.units import Units
    from pathlib import Path
    units = Units(Package(Path(__file__).resolve().parent.parent / "datapackage.json").read("units"))
    news = {"id": "x", "title": "Xã tổng kết cải cách hành chính", "lead": "", "unit_id": "",
            "published_at": "2024-03-30T08:00:00+07:00",
            "body": "Năm 2023, xã đã giải quyết 1.200 hồ sơ đúng hạn, đạt 98%. "
                    "Sáng ngày 28/3/2024, UBND xã tổ chức hội nghị tổng kết công tác cải cách hành chính năm 2023. "
                    "Tuy nhiên, vẫn còn 12 hồ sơ trễ hạn ở lĩnh vực đất đai."}
    p = extract_news(news, units)
    assert p.event is not None and p.event.index == 1
    assert [(f.kind, f.text) for f in p.findings] == [("limitation", "Vẫn còn 12 hồ sơ trễ hạn ở lĩnh vực đất đai")]
    news["body"] = news["body"].split(". ", 1)[1] + " Năm 2023, xã đã giải quyết 1.200 hồ sơ đúng hạn, đạt 98%."
    assert [f.kind for f in extract_news(news, units).findings] == ["limitation", "result"]   # said after the event: kept


def test_a_verb_of_saying_after_a_shortfall_does_not_make_a_speaker_of_it():
    """"đánh giá", "cho thấy" follow a shortfall too: the words before them are the finding."""
    assert _kinds("Tuy vậy, việc giải quyết hồ sơ đất đai chưa được người dân đánh giá cao, nhất là ở xã vùng cao.") == [
        ("limitation", "Việc giải quyết hồ sơ đất đai chưa được người dân đánh giá cao, nhất là ở xã vùng cao")]
    assert _kinds("Số hồ sơ nộp trực tuyến còn thấp, điều này cho thấy người dân chưa quen dịch vụ.") == [
        ("limitation", "Số hồ sơ nộp trực tuyến còn thấp")]
    assert _kinds("Ông Nam cho biết, xã đã số hóa 1.200 hồ sơ hộ tịch.") == [
        ("result", "Xã đã số hóa 1.200 hồ sơ hộ tịch")]


def test_thu_hai_la_enumerates_a_task_but_monday_does_not():
    assert _kinds("Thứ hai là nâng cao kỹ năng tiếp dân của công chức xã.") == [
        ("task", "Nâng cao kỹ năng tiếp dân của công chức xã")]
    [(kind, text)] = _kinds("Thứ hai ngày 5/6, xã đã hoàn thành số hóa 1.200 hồ sơ hộ tịch.")
    assert kind == "result" and text.startswith("Thứ hai ngày 5/6")


def test_what_was_done_before_is_history_not_a_result():
    assert _kinds("Trước đó, huyện đã cấp 300 giấy chứng nhận quyền sử dụng đất.") == []
    assert _kinds("Năm nay, huyện đã cấp 300 giấy chứng nhận quyền sử dụng đất.") == [
        ("result", "Huyện đã cấp 300 giấy chứng nhận quyền sử dụng đất")]


def test_the_meetings_own_course_is_not_a_task():
    assert _kinds("Thời gian tới, xã tiếp tục rà soát thủ tục hành chính; các ban lần lượt trình bày báo cáo của mình.") == [
        ("task", "Xã tiếp tục rà soát thủ tục hành chính")]
    assert _kinds("Dịp này, huyện đã trao 50 suất quà cho hộ nghèo.") == []


def test_a_warning_if_then_is_not_a_finding_but_a_task_with_its_condition_is():
    assert _kinds("Nếu hồ sơ cứ chậm như vậy thì doanh nghiệp sẽ không thể mở rộng sản xuất.") == []
    assert _kinds("Nếu người dân phản ánh thì công chức phải trả lời bằng văn bản trong ngày.") == [
        ("task", "Nếu người dân phản ánh thì công chức phải trả lời bằng văn bản trong ngày")]


def test_a_place_named_can_is_not_a_need():
    assert _kinds("Xã Long Hòa thuộc huyện cần Giờ, nằm ven biển và có bốn ấp.") == []
    assert _kinds("Huyện Cần Giờ cần đẩy nhanh việc số hóa hồ sơ đất đai.") == [
        ("task", "Huyện Cần Giờ cần đẩy nhanh việc số hóa hồ sơ đất đai")]


def test_what_voters_petition_for_is_not_a_task_but_what_a_leader_asks_is():
    assert _kinds("Cử tri kiến nghị cần đẩy nhanh việc cấp giấy chứng nhận quyền sử dụng đất.") == []
    assert _kinds("Cử tri, hội viên kiến nghị xã cần sửa đường liên thôn trước mùa mưa.") == []
    assert _kinds("Chủ tịch UBND huyện yêu cầu cần đẩy nhanh việc cấp giấy chứng nhận quyền sử dụng đất.") == [
        ("task", "Đẩy nhanh việc cấp giấy chứng nhận quyền sử dụng đất")]


def test_a_leader_stressing_a_shortfall_finds_a_limitation_and_stressing_a_remedy_asks_a_task():
    assert _kinds("Chủ tịch UBND huyện nhấn mạnh, số hồ sơ đất đai trễ hạn vẫn còn nhiều ở các xã vùng cao.") == [
        ("limitation", "Số hồ sơ đất đai trễ hạn vẫn còn nhiều ở các xã vùng cao")]
    assert _kinds("Chủ tịch UBND huyện nhấn mạnh, các xã khắc phục tình trạng hồ sơ đất đai trễ hạn.") == [
        ("task", "Các xã khắc phục tình trạng hồ sơ đất đai trễ hạn")]


def test_a_named_speaker_before_a_verb_of_saying_without_a_comma_is_cut_off():
    assert _kinds("Trả lời cử tri, ông Nguyễn Văn Nam khẳng định hiện huyện đã cấp 300 giấy chứng nhận quyền sử dụng đất.") == [
        ("result", "Hiện huyện đã cấp 300 giấy chứng nhận quyền sử dụng đất")]
    assert _kinds("Việc chậm trễ được đánh giá là nguyên nhân chính khiến hồ sơ tồn đọng.") == [
        ("limitation", "Việc chậm trễ được đánh giá là nguyên nhân chính khiến hồ sơ tồn đọng")]


def test_background_and_a_pointer_to_findings_are_not_findings():
    assert _kinds("Được biết, tổng đài dịch vụ công của tỉnh đã tiếp nhận 12.000 cuộc gọi.") == []
    assert _kinds("Tổng đài dịch vụ công của tỉnh đã tiếp nhận 12.000 cuộc gọi.") == [
        ("result", "Tổng đài dịch vụ công của tỉnh đã tiếp nhận 12.000 cuộc gọi")]
    assert _kinds("Dù vậy, báo cáo của UBND huyện cũng đã nêu ra những tồn tại, hạn chế của năm qua.") == []


def test_a_bare_act_a_rules_content_and_an_arrangement_are_not_findings():
    assert _kinds("Thời gian tới, xã tiếp tục rà soát thủ tục hành chính; các ban ngành khẩn trương thực hiện.") == [
        ("task", "Xã tiếp tục rà soát thủ tục hành chính")]
    assert _kinds("Xe máy theo quy định của pháp luật phải đăng ký trong vòng 30 ngày.") == []
    assert _kinds("Việc trả kết quả thủ tục hành chính được thực hiện tại các điểm bưu điện văn hóa xã.") == []
    assert _kinds("Việc sáp nhập các thôn đều được thực hiện theo đúng quy trình, thẩm quyền.") == [
        ("result", "Việc sáp nhập các thôn đều được thực hiện theo đúng quy trình, thẩm quyền")]


def test_a_numbered_item_is_a_task_without_its_number():
    assert _kinds("5 - Hội Nông dân xã rà soát danh sách hộ cần hỗ trợ vay vốn.") == [
        ("task", "Hội Nông dân xã rà soát danh sách hộ cần hỗ trợ vay vốn")]



def test_a_sentence_after_an_abbreviation_gives_its_own_finding():
    """'CN.' and 'TP.' ending a sentence used to glue it to the next one: one mixed task, or
    a result lost."""
    assert _kinds(*sentences("Thành phố sẽ hỗ trợ xây dựng nhà ở cho CN. Ông Chung cho biết, khu nhà ở cho "
                             "công nhân tại khu công nghiệp của huyện tuy đã xây dựng nhưng thu hút ít người "
                             "do tiến độ chậm.")) == [
        ("task", "Thành phố sẽ hỗ trợ xây dựng nhà ở cho CN"),
        ("limitation", "Khu nhà ở cho công nhân tại khu công nghiệp của huyện tuy đã xây dựng nhưng thu hút "
                       "ít người do tiến độ chậm")]
    assert _kinds(*sentences("Hội nghị rà soát kết quả cải cách hành chính của TP. Theo báo cáo, tỷ lệ hồ sơ "
                             "giải quyết đúng hạn đạt 98 %. Tuy nhiên, việc số hóa hồ sơ còn chậm.")) == [
        ("result", "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98 %"), ("limitation", "Việc số hóa hồ sơ còn chậm")]


# --- issue 15: what is proposed wrongly (findings.doubtful; sentences written for these tests) ----

def test_a_heading_without_a_stop_is_not_a_finding():
    assert _kinds("Bộ phận một cửa còn nhiều hạn chế") == []
    assert _kinds("Bộ phận một cửa còn nhiều hạn chế.") == [("limitation", "Bộ phận một cửa còn nhiều hạn chế")]


def test_a_vote_or_the_sessions_agenda_is_not_a_finding():
    assert _kinds("Với 95% đại biểu tán thành, Hội đồng nhân dân xã đã biểu quyết thông qua nghị quyết về "
                  "cải cách hành chính.") == []
    assert _kinds("Phiên họp cần bàn giải pháp rút ngắn thời gian cấp phép xây dựng.") == []
    assert _kinds("Thảo luận tại hội nghị, các đại biểu đã tập trung vào các vấn đề: hồ sơ đất đai còn chậm; "
                  "phần mềm một cửa chưa ổn định.") == []
    assert _kinds("Hội đồng nhân dân xã đã ban hành nghị quyết về cải cách hành chính.") == [
        ("result", "Hội đồng nhân dân xã đã ban hành nghị quyết về cải cách hành chính")]
    assert _kinds("Huyện cần bàn giải pháp rút ngắn thời gian cấp phép xây dựng.") == [
        ("task", "Huyện cần bàn giải pháp rút ngắn thời gian cấp phép xây dựng")]


def test_praise_of_a_launch_is_not_a_finding():
    assert _kinds("Việc khai trương bộ phận một cửa hiện đại thể hiện quyết tâm cao của lãnh đạo huyện "
                  "trong cải cách hành chính.") == []
    assert _kinds("Việc khai trương bộ phận một cửa hiện đại giúp xã giải quyết 1.200 hồ sơ đúng hạn.") == [
        ("result", "Việc khai trương bộ phận một cửa hiện đại giúp xã giải quyết 1.200 hồ sơ đúng hạn")]


def test_hoping_is_not_asking():
    assert _kinds("Chủ tịch UBND huyện rất mong các xã cần giải quyết hồ sơ đúng hẹn cho người dân.") == []
    assert _kinds("Chủ tịch UBND huyện đề nghị các xã cần giải quyết hồ sơ đúng hẹn cho người dân.") == [
        ("task", "Các xã cần giải quyết hồ sơ đúng hẹn cho người dân")]


def test_a_stance_is_not_a_task():
    assert _kinds("Thời gian tới, coi cải cách hành chính là nhiệm vụ trọng tâm của cả nhiệm kỳ.") == []
    assert _kinds("Thời gian tới, coi trọng cải cách hành chính trong mọi cơ quan của huyện.") == [
        ("task", "Coi trọng cải cách hành chính trong mọi cơ quan của huyện")]


def test_what_a_legal_text_says_is_not_a_task():
    assert _kinds("Theo Nghị quyết 12 của tỉnh, các xã phải số hóa toàn bộ hồ sơ hộ tịch trước năm 2030.") == []
    assert _kinds("Các xã phải số hóa toàn bộ hồ sơ hộ tịch trước năm 2030.") == [
        ("task", "Các xã phải số hóa toàn bộ hồ sơ hộ tịch trước năm 2030")]


def test_what_an_official_tells_the_press_is_not_the_events_finding():
    assert _kinds("Trao đổi thêm với báo chí, Phó Chủ tịch huyện cho biết, việc số hóa hồ sơ hộ tịch còn chậm.") == []
    assert _kinds("Phó Chủ tịch huyện cho biết, việc số hóa hồ sơ hộ tịch còn chậm.") == [
        ("limitation", "Việc số hóa hồ sơ hộ tịch còn chậm")]


def test_a_question_without_its_mark_is_not_a_finding():
    assert _kinds("Các xã đã số hóa hồ sơ hộ tịch nhưng người dân đã biết dùng dịch vụ công chưa.") == []
    assert _kinds("Người dân chưa biết dùng dịch vụ công.") == [("limitation", "Người dân chưa biết dùng dịch vụ công")]


def test_what_firms_must_do_is_not_a_task_of_the_bodies():
    assert _kinds("Chủ tịch UBND huyện nhấn mạnh, doanh nghiệp phải nộp đủ hồ sơ trước khi xin cấp phép.") == []
    assert _kinds("Chủ tịch UBND huyện nhấn mạnh, Phòng Kinh tế phải cấp phép đúng hạn cho doanh nghiệp.") == [
        ("task", "Phòng Kinh tế phải cấp phép đúng hạn cho doanh nghiệp")]


def test_what_is_being_done_now_is_not_a_result():
    assert _kinds("Theo báo cáo, hiện Văn phòng huyện đang trực tiếp giải quyết 31 thủ tục hành chính, "
                  "trong đó có 11 thủ tục liên thông.") == []
    assert _kinds("Theo báo cáo, năm qua Văn phòng huyện đã trực tiếp giải quyết 31 thủ tục hành chính, "
                  "trong đó có 11 thủ tục liên thông.") == [
        ("result", "Năm qua Văn phòng huyện đã trực tiếp giải quyết 31 thủ tục hành chính")]


def test_a_figure_about_firms_that_nobody_achieved_is_descriptive():
    assert _kinds("Hơn 60% doanh nghiệp của huyện có dưới 10 lao động.") == []
    assert _kinds("Hơn 60% doanh nghiệp của huyện đã được cấp phép qua mạng.") == [
        ("result", "Hơn 60% doanh nghiệp của huyện đã được cấp phép qua mạng")]


def test_what_the_post_office_will_do_under_an_agreement_is_not_a_task():
    assert _kinds("Theo đó, Bưu điện sẽ thực hiện việc tiếp nhận hồ sơ của người dân chuyển cho Ủy ban nhân "
                  "dân xã; xây dựng phần mềm theo dõi tình trạng hồ sơ cho người dân.") == []
    assert _kinds("Theo đó, Ủy ban nhân dân xã sẽ thực hiện việc tiếp nhận hồ sơ của người dân chuyển cho Ủy ban "
                  "nhân dân huyện; xây dựng phần mềm theo dõi tình trạng hồ sơ cho người dân.") == [
        ("task", "Ủy ban nhân dân xã sẽ thực hiện việc tiếp nhận hồ sơ của người dân chuyển cho Ủy ban nhân dân huyện")]


def test_a_heading_glued_before_who_said_it_is_cut_off():
    assert _kinds("Xã đã làm được những việc ấm lòng người dân Ông Lê Văn Nam cho hay, bộ phận một cửa đã trả "
                  "1.200 hồ sơ đúng hạn.") == [("result", "Bộ phận một cửa đã trả 1.200 hồ sơ đúng hạn")]
    assert _kinds("Huyện xếp thứ ba về cải cách hành chính Theo báo cáo của huyện, bộ phận một cửa đã trả "
                  "1.200 hồ sơ đúng hạn.") == [("result", "Bộ phận một cửa đã trả 1.200 hồ sơ đúng hạn")]


def test_after_a_document_as_source_the_subject_stays():
    # "Theo kết quả đánh giá, Chỉ số …, thị trấn có …": no apposition after a document
    assert _kinds("Theo kết quả đánh giá, Chỉ số cải cách hành chính của các xã, thị trấn có giá trị trung bình "
                  "là 80,29%.") == [
        ("result", "Chỉ số cải cách hành chính của các xã, thị trấn có giá trị trung bình là 80,29%")]
    # after a person, the apposition is still left out
    assert _kinds("Theo Chủ tịch UBND huyện Lê Văn Nam, Trưởng ban Chỉ đạo cải cách hành chính, năm qua huyện "
                  "đã giảm 30% thời gian giải quyết hồ sơ.") == [
        ("result", "Năm qua huyện đã giảm 30% thời gian giải quyết hồ sơ")]


def test_a_piece_opening_with_and_is_not_a_task():
    assert _kinds("Ông Lê Văn Nam, Chủ tịch UBND xã cho biết, người dân có thể đến bưu điện xã để nộp hồ sơ "
                  "yêu cầu và nhận kết quả giải quyết thủ tục hành chính.") == []


def test_an_exclamation_or_a_the_more_reasoning_is_not_a_finding():
    assert _kinds("Thủ tục cấp phép xây dựng còn rườm rà quá!") == []
    assert _kinds("Thủ tục cấp phép xây dựng còn rườm rà.") == [("limitation", "Thủ tục cấp phép xây dựng còn rườm rà")]
    assert _kinds("Hồ sơ trễ hạn càng nhiều thì người dân càng chậm nhận kết quả giải quyết thủ tục.") == []
    assert _kinds("Hồ sơ trễ hạn nhiều nên người dân còn chậm nhận kết quả giải quyết thủ tục.") == [
        ("limitation", "Hồ sơ trễ hạn nhiều nên người dân còn chậm nhận kết quả giải quyết thủ tục")]


def test_a_clause_cut_off_after_and_is_not_published():
    assert _kinds("Chủ tịch UBND huyện đã ký ban hành Quyết định số 85/QĐ-UBND ngày 15/12/2025, quy định danh mục "
                  "thủ tục hành chính và") == []
    assert _kinds("Chủ tịch UBND huyện đã ký ban hành Quyết định số 85/QĐ-UBND ngày 15/12/2025, quy định danh mục "
                  "thủ tục hành chính mới.") == [
        ("result", "Chủ tịch UBND huyện đã ký ban hành Quyết định số 85/QĐ-UBND ngày 15/12/2025, quy định danh mục "
                   "thủ tục hành chính mới")]


def test_when_a_document_was_issued_is_background():
    assert _kinds("Quyết định này được công bố ngày 12/10/2025 nhân dịp Ngày Pháp luật Việt Nam.") == []
    assert _kinds("Quyết định này được công bố công khai tại bộ phận một cửa của 12 xã.") == [
        ("result", "Quyết định này được công bố công khai tại bộ phận một cửa của 12 xã")]


def test_how_a_service_is_arranged_stays_a_description_with_its_dates():
    assert _kinds("Việc trả kết quả thủ tục hành chính qua bưu điện được thực hiện trên phạm vi toàn huyện "
                  "từ ngày 4 đến 8/2.") == []
    assert _kinds("Việc trả kết quả thủ tục hành chính qua bưu điện được thực hiện tại 12 điểm bưu điện văn hóa xã.") == [
        ("result", "Việc trả kết quả thủ tục hành chính qua bưu điện được thực hiện tại 12 điểm bưu điện văn hóa xã")]


def test_what_firms_plan_is_not_a_task():
    assert _kinds("Thời gian tới, có 48% doanh nghiệp của huyện cho biết sẽ mở rộng quy mô kinh doanh trong "
                  "2 năm tới.") == []
    assert _kinds("Thời gian tới, Ủy ban nhân dân huyện sẽ mở rộng bộ phận một cửa trong 2 năm tới.") == [
        ("task", "Ủy ban nhân dân huyện sẽ mở rộng bộ phận một cửa trong 2 năm tới")]


def test_a_speakers_reasoning_is_an_opinion_not_a_finding():
    assert _kinds("Suy cho cùng, bộ phận một cửa hiện đại sẽ hỗ trợ rất nhiều cho người dân trong huyện.") == []
    assert _kinds("Quan trọng là nguồn kinh phí để số hóa hồ sơ, có như vậy xã mới tiết kiệm được 30% thời gian.") == []
    assert _kinds("Nguồn kinh phí để số hóa hồ sơ còn thiếu nên xã chưa tiết kiệm được thời gian.") == [
        ("limitation", "Nguồn kinh phí để số hóa hồ sơ còn thiếu nên xã chưa tiết kiệm được thời gian")]


# --- issue 15, precision: asides to the work reviewed (asides.py; sentences written for these tests) ----

def test_an_example_told_to_illustrate_is_not_a_finding():
    assert _kinds("Như ở xã Tân Lập, bộ phận một cửa đã tiếp nhận 300 hồ sơ trong một tuần.") == []
    assert _kinds("Ông Nam dẫn trường hợp một hộ dân đã phải đi lại 4 lần để làm thủ tục đất đai.") == []
    assert _kinds("Bộ phận một cửa xã Tân Lập đã tiếp nhận 300 hồ sơ trong tháng 5.") == [
        ("result", "Bộ phận một cửa xã Tân Lập đã tiếp nhận 300 hồ sơ trong tháng 5")]


def test_a_consequence_reasoned_out_is_a_hypothesis():
    assert _kinds("Hồ sơ còn chậm thì người dân sẽ phải đi lại nhiều lần.") == []
    assert _kinds("Xã không thể hoàn thành chỉ tiêu nếu thiếu cán bộ một cửa.") == []
    assert _kinds("Hồ sơ còn chậm nên người dân vẫn phải đi lại nhiều lần.") == [
        ("limitation", "Hồ sơ còn chậm nên người dân vẫn phải đi lại nhiều lần")]
    # what was done ("đã quy định …") with its condition is reported, not reasoned
    assert _kinds("Từ năm 2024, xã đã quy định hồ sơ nộp trước 10 giờ thì cán bộ sẽ trả kết quả trong ngày.") == [
        ("result", "Từ năm 2024, xã đã quy định hồ sơ nộp trước 10 giờ thì cán bộ sẽ trả kết quả trong ngày")]


def test_a_judgement_in_a_copula_is_an_opinion():
    assert _kinds("Điều người dân cần chính là thủ tục nhanh gọn, minh bạch.") == []
    assert _kinds("Rút ngắn thời gian giải quyết hồ sơ là quan trọng với người dân.") == []
    # "thủ tục hành chính là …" is no "chính là"
    assert _kinds("Thủ tục hành chính là lĩnh vực xã đã cắt giảm 20 % thời gian giải quyết.") == [
        ("result", "Thủ tục hành chính là lĩnh vực xã đã cắt giảm 20 % thời gian giải quyết")]


def test_figures_of_firms_or_of_the_population_are_descriptive():
    assert _kinds("Dân số của xã đã tăng gấp đôi sau 10 năm.") == []
    assert _kinds("Lợi nhuận của các doanh nghiệp trong huyện đã giảm 5 % so với năm trước.") == []
    assert _kinds("Tổng số cán bộ, công chức của xã có khoảng 25 người, thấp hơn số biên chế được giao.") == []
    assert _kinds("Số cán bộ một cửa của xã còn thiếu 3 người so với biên chế được giao.") == [
        ("limitation", "Số cán bộ một cửa của xã còn thiếu 3 người so với biên chế được giao")]


def test_how_results_are_grouped_or_pointed_to_is_no_result():
    assert _kinds("Kết quả chấm điểm năm nay được chia thành 3 nhóm, nhóm A đạt trên 90 điểm.") == []
    assert _kinds("Điểm trung bình các tiêu chí đã phản ánh kết quả đạt được của 12 xã trong năm.") == []
    assert _kinds("Điểm trung bình các tiêu chí chưa phản ánh kết quả đạt được của 12 xã trong năm.") == [
        ("limitation", "Điểm trung bình các tiêu chí chưa phản ánh kết quả đạt được của 12 xã trong năm")]


def test_a_worry_a_contrast_tail_and_a_speakers_own_words_are_not_findings():
    assert _kinds("Cử tri bày tỏ sự lo lắng trước việc nhiều hồ sơ đất đai còn chậm giải quyết.") == []
    assert _kinds("Chứ không phải cán bộ một cửa nào cũng còn chậm trễ như vậy.") == []
    assert _kinds("Ông Nam cho hay mình chưa có dịp đến bộ phận một cửa của xã.") == []
    assert _kinds("Nhiều hồ sơ đất đai của xã còn chậm giải quyết.") == [
        ("limitation", "Nhiều hồ sơ đất đai của xã còn chậm giải quyết")]


def test_what_a_thing_is_for_or_will_bring_is_not_a_task():
    assert _kinds("Những quy định này cũng nhằm ngăn ngừa, hạn chế việc thu thêm phí ngoài quy định.") == []
    assert _kinds("Phần mềm này sẽ giảm 30 % thời gian chờ của người dân.") == []
    assert _kinds("Thời gian tới, UBND xã sẽ giảm 30 % thời gian chờ của người dân.") == [
        ("task", "UBND xã sẽ giảm 30 % thời gian chờ của người dân")]


def test_an_explanation_or_a_decree_recalled_is_background():
    assert _kinds("Giải thích về con số này, ông Nam cho biết xã đã tiếp nhận thêm 200 hồ sơ đất đai.") == []
    assert _kinds("Việc lập quy chế mới cũng xuất phát từ việc xã đã tiếp nhận thêm 200 hồ sơ.") == []
    assert _kinds("Huyện đã có Nghị quyết số 12/NQ-HĐND ngày 5/3/2015 về cải cách hành chính.") == []
    # a shortfall with its cause is still a shortfall; a decree issued, not recalled, is a result
    assert _kinds("Tình trạng hồ sơ trễ hạn còn nhiều, xuất phát từ việc thiếu cán bộ.") == [
        ("limitation", "Tình trạng hồ sơ trễ hạn còn nhiều, xuất phát từ việc thiếu cán bộ")]
    assert _kinds("Huyện đã ban hành Nghị quyết số 12/NQ-HĐND về cải cách hành chính.") == [
        ("result", "Huyện đã ban hành Nghị quyết số 12/NQ-HĐND về cải cách hành chính")]


def test_the_meetings_own_course_is_not_a_finding():
    assert _kinds("Trước khi vào phần thảo luận, chủ tọa đề nghị các đại biểu cùng thực hiện một cuộc khảo sát nhanh.") == []
    assert _kinds("Chủ tịch huyện sẽ kết luận và sau hội nghị sẽ có văn bản chỉ đạo các xã.") == []
    assert _kinds("Lần này chủ yếu là các ý kiến góp ý để giảm phiền hà cho người dân.") == []
    assert _kinds("HĐND các xã cũng sẽ tổ chức kỳ họp thứ nhất trong tháng 7.") == []


def test_a_law_a_load_and_a_stance_are_not_tasks():
    assert _kinds("Từ 1/7, theo luật Đất đai sửa đổi, các xã phải công khai quy hoạch sử dụng đất.") == []
    assert _kinds("Chủ tịch huyện nhấn mạnh, nhiệm vụ 6 tháng cuối năm còn rất nặng nề.") == []
    assert _kinds("Quan điểm của huyện là cải cách hành chính phải lấy người dân làm trung tâm.") == []
    assert _kinds("Việc trả kết quả hồ sơ qua bưu điện phải bảo đảm đúng thời gian theo quy định.") == []
    assert _kinds("Việc trả kết quả hồ sơ qua bưu điện phải hoàn thành trước ngày 30/6.") == [
        ("task", "Việc trả kết quả hồ sơ qua bưu điện phải hoàn thành trước ngày 30/6")]
    assert _kinds("Từ 1/7, các xã phải công khai quy hoạch sử dụng đất.") == [
        ("task", "Từ 1/7, các xã phải công khai quy hoạch sử dụng đất")]
    assert _kinds("Các xã phải lấy người dân làm trung tâm của cải cách hành chính.") == [
        ("task", "Các xã phải lấy người dân làm trung tâm của cải cách hành chính")]


def test_what_a_task_makes_possible_stays_in_the_task():
    # "…, tạo điều kiện cho …" is part of what is asked (gold keeps it), not an aim cut off like "…, góp phần …"
    assert _kinds("Huyện cần đẩy mạnh số hóa hồ sơ, tạo điều kiện cho người dân nộp hồ sơ tại nhà.") == [
        ("task", "Huyện cần đẩy mạnh số hóa hồ sơ, tạo điều kiện cho người dân nộp hồ sơ tại nhà")]
    assert _kinds("Huyện cần đẩy mạnh số hóa hồ sơ, góp phần nâng cao sự hài lòng của người dân.") == [
        ("task", "Huyện cần đẩy mạnh số hóa hồ sơ")]


def test_information_as_the_object_of_an_act_attributes_nothing():
    from opendata.reform.findings import _stripped

    # "thông tin" after who says it is a verb of saying: what comes before is cut off …
    assert _stripped("Ông Trần Văn Nam thông tin, xã đã số hóa 1.200 hồ sơ.")[0] == "xã đã số hóa 1.200 hồ sơ."
    # … after an act it is what is spread, and the clause stays whole
    said = "Phòng Văn hóa chủ trì, phối hợp với các thôn đẩy mạnh thông tin, tuyên truyền về dịch vụ công."
    assert _stripped(said)[0] == said


def test_a_remedy_said_not_done_is_a_shortfall():
    assert _kinds("Tình trạng ô nhiễm ở cụm công nghiệp của xã còn chưa được giải quyết dứt điểm.") == [
        ("limitation", "Tình trạng ô nhiễm ở cụm công nghiệp của xã còn chưa được giải quyết dứt điểm")]
    # the remedy done is still a result
    assert _kinds("Năm nay, xã đã giải quyết dứt điểm các vướng mắc về đất đai của 20 hộ dân.") == [
        ("result", "Xã đã giải quyết dứt điểm các vướng mắc về đất đai của 20 hộ dân")]


def test_a_shortfall_before_who_asks_is_a_limitation_of_its_own():
    assert _kinds("Thời gian qua, việc số hóa hồ sơ của xã vẫn còn chậm, Chủ tịch UBND huyện đề nghị xã bố trí "
                  "thêm cán bộ cho bộ phận một cửa.") == [
        ("limitation", "Việc số hóa hồ sơ của xã vẫn còn chậm"),
        ("task", "Xã bố trí thêm cán bộ cho bộ phận một cửa")]
    assert _kinds("Theo Chủ tịch UBND huyện, mô hình một cửa liên thông ở hai xã chưa hiệu quả, giao Phòng Nội vụ "
                  "rà soát lại quy trình tiếp nhận hồ sơ.") == [
        ("limitation", "Mô hình một cửa liên thông ở hai xã chưa hiệu quả"),
        ("task", "Phòng Nội vụ rà soát lại quy trình tiếp nhận hồ sơ")]
    # nothing lacking before the asker: the task alone
    assert _kinds("Tại buổi làm việc, Chủ tịch UBND huyện đề nghị xã bố trí thêm cán bộ cho bộ phận một cửa.") == [
        ("task", "Xã bố trí thêm cán bộ cho bộ phận một cửa")]


def test_a_shortfall_we_see_in_ourselves_is_no_speech():
    assert _kinds("Nhưng chúng ta cũng thấy rõ còn nhiều thủ tục rườm rà gây phiền hà cho người dân.") == [
        ("limitation", "Chúng ta cũng thấy rõ còn nhiều thủ tục rườm rà gây phiền hà cho người dân")]
    assert _kinds("Chúng ta thấy rõ thủ tục này gây phiền hà cho người dân.") == []


def test_very_poor_is_a_shortfall():
    assert _kinds("Chất lượng đường truyền tại bộ phận một cửa của hai xã miền núi rất kém.") == [
        ("limitation", "Chất lượng đường truyền tại bộ phận một cửa của hai xã miền núi rất kém")]


def test_what_frames_an_ask_is_no_shortfall_of_its_own():
    assert _kinds("Liên quan đến tình trạng hồ sơ đất đai trễ hạn ở hai xã, Chủ tịch UBND huyện yêu cầu Phòng "
                  "Tài nguyên rà soát lại quy trình.") == [
        ("task", "Phòng Tài nguyên rà soát lại quy trình")]
    assert _kinds("Về thủ tục đất đai, vừa qua vẫn còn nhiều hồ sơ trễ hạn, Chủ tịch UBND huyện yêu cầu Phòng "
                  "Tài nguyên rà soát lại quy trình.") == [
        ("limitation", "Về thủ tục đất đai, vừa qua vẫn còn nhiều hồ sơ trễ hạn"),
        ("task", "Phòng Tài nguyên rà soát lại quy trình")]


def test_a_colon_lead_in_is_left_out_and_what_follows_it_is_the_finding():
    assert _kinds("Liên quan đến công tác một cửa, ông Trần Văn Hòa, Trưởng ban Pháp chế, có ý kiến: tỷ lệ hồ sơ "
                  "trễ hạn của huyện năm nay cao hơn năm trước.") == [
        ("limitation", "Tỷ lệ hồ sơ trễ hạn của huyện năm nay cao hơn năm trước")]
    # a situation or a worry raised leads in shortfalls, each ';' item one, marked or not
    assert _kinds("Qua khảo sát 12 xã, đoàn kiểm tra nhận thấy có tình trạng: cán bộ một cửa tự đặt thêm giấy tờ "
                  "ngoài quy định.") == [
        ("limitation", "Cán bộ một cửa tự đặt thêm giấy tờ ngoài quy định")]
    assert _kinds("Cử tri bày tỏ sự lo lắng về các vấn đề như: giá thuê mặt bằng chợ xã tăng cao bất thường; "
                  "thủ tục cấp phép xây dựng nhà ở còn rườm rà.") == [
        ("limitation", "Giá thuê mặt bằng chợ xã tăng cao bất thường"),
        ("limitation", "Thủ tục cấp phép xây dựng nhà ở còn rườm rà")]


def test_a_frame_before_the_finding_is_left_out():
    assert _kinds("Cần nhìn thẳng vào sự thật rằng nhiều thủ tục đất đai ở cấp xã vẫn còn rườm rà.") == [
        ("limitation", "Nhiều thủ tục đất đai ở cấp xã vẫn còn rườm rà")]
    assert _kinds("Bà Lan cũng nêu thêm về các văn bản mới ban hành, yêu cầu đặt ra là phải rà soát kỹ các "
                  "quy trình tiếp nhận hồ sơ trực tuyến.") == [
        ("task", "Rà soát kỹ các quy trình tiếp nhận hồ sơ trực tuyến")]
    assert _kinds("Về thời gian chờ, theo kết quả khảo sát của Sở Nội vụ, 40% người dân được hỏi vẫn phải đi "
                  "lại nhiều lần.") == [
        ("limitation", "40% người dân được hỏi vẫn phải đi lại nhiều lần")]


def test_who_said_a_quotation_in_lower_case_after_it_is_left_out():
    assert _kinds("“Huyện phải rà soát lại toàn bộ quy trình tiếp nhận hồ sơ đất đai ở các xã”, đại biểu Hòa nói.") == [
        ("task", "Huyện phải rà soát lại toàn bộ quy trình tiếp nhận hồ sơ đất đai ở các xã")]
    assert _kinds("“Các xã phải công khai thủ tục tại bộ phận một cửa” - chủ tịch huyện nhấn mạnh.") == [
        ("task", "Các xã phải công khai thủ tục tại bộ phận một cửa")]


# --- findprec3 (issue 15, round 4: precision) ---

def test_findprec3_what_something_should_be_is_an_opinion():
    assert _kinds("Ông Bình cho rằng, hợp tác xã phải trở thành trụ cột của kinh tế xã.") == []
    assert _kinds("Ông Bình cho rằng, hợp tác xã phải hoàn thành sổ sách trước tháng 6.") == [
        ("task", "Hợp tác xã phải hoàn thành sổ sách trước tháng 6")]


def test_findprec3_a_code_of_conduct_is_a_rule_not_a_task():
    assert _kinds("Cán bộ, công chức xã khi tiếp dân phải tuân thủ đúng quy trình; không gây phiền hà cho người dân.") == []
    assert _kinds("Công chức phải thẩm định kỹ hồ sơ đất đai trước khi trình ký.") == [
        ("task", "Công chức phải thẩm định kỹ hồ sơ đất đai trước khi trình ký")]


def test_findprec3_an_ask_put_to_citizens_is_their_duty():
    assert _kinds("Chủ tịch UBND xã đề nghị phụ huynh đưa đón con em đúng giờ tại cổng trường.") == []
    assert _kinds("Chủ tịch UBND xã đề nghị công an xã hướng dẫn phụ huynh đưa đón con em đúng giờ.") == [
        ("task", "Công an xã hướng dẫn phụ huynh đưa đón con em đúng giờ")]


def test_findprec3_time_needed_and_a_need_naming_a_noun_ask_nothing():
    assert _kinds("Theo ông Hòa, các hộ kinh doanh cần thời gian dài hơn để quen với hóa đơn điện tử.") == []
    assert _kinds("Do đó, số thủ tục cần số hóa đã giảm từ 80 xuống còn 62 thủ tục.") == []
    assert _kinds("Do đó, xã cần số hóa thêm 62 thủ tục trong quý III.") == [
        ("task", "Xã cần số hóa thêm 62 thủ tục trong quý III")]


def test_findprec3_a_purpose_alone_and_a_question_put_are_no_tasks():
    assert _kinds("Hội nghị thống nhất các nhiệm vụ sau: Để người dân hài lòng hơn với bộ phận một cửa; "
                  "rà soát lại toàn bộ thủ tục đất đai.") == [
        ("task", "Rà soát lại toàn bộ thủ tục đất đai")]
    assert doubtful("task", "Anh Tuấn trả lời rõ việc hồ sơ của hộ ông Lâm bị trễ hạn",
                    "Chủ tọa đề nghị anh Tuấn trả lời rõ việc hồ sơ của hộ ông Lâm bị trễ hạn.") == "question"
    assert doubtful("task", "Chúc các đồng chí mạnh khỏe, hoàn thành tốt nhiệm vụ được giao",
                    "Chúc các đồng chí mạnh khỏe, hoàn thành tốt nhiệm vụ được giao.") == "wish"


def test_findprec3_a_ground_or_what_shows_it_can_be_the_finding():
    assert _kinds("Bởi thực tế hiện nay, hệ thống cấp nước của xã vẫn còn yếu hơn nhiều xã lân cận.") == [
        ("limitation", "Bởi thực tế hiện nay, hệ thống cấp nước của xã vẫn còn yếu hơn nhiều xã lân cận")]
    assert _kinds("Điều này thể hiện ở tỷ lệ hồ sơ trực tuyến của xã vẫn còn thấp, chỉ đạt 35 %.") != []
    assert _kinds("Bởi vì thủ tục này liên quan đến nhiều ngành.") == []


def test_findprec3_curbed_is_a_result_not_a_shortfall():
    assert [k for k, _ in _kinds("Nhờ bộ phận một cửa, xã đã hạn chế được tình trạng nhũng nhiễu người dân khi làm thủ tục.")] == [
        "result"]
    assert [k for k, _ in _kinds("Tuy nhiên, xã vẫn chưa hạn chế được tình trạng nhũng nhiễu người dân khi làm thủ tục.")] == [
        "limitation"]


# --- findlabel ---------------------------------------------------------------------------------

def test_findlabel_a_body_carrying_on_its_work_in_a_report_is_a_result():
    assert _kinds("Năm qua, UBND huyện tiếp tục đẩy mạnh số hóa hồ sơ đất đai của người dân.") == [
        ("result", "UBND huyện tiếp tục đẩy mạnh số hóa hồ sơ đất đai của người dân")]
    # asked for, it stays a task; said of a state ("tiếp tục là …"), it is no finding
    assert [k for k, _ in _kinds("UBND huyện cần tiếp tục đẩy mạnh số hóa hồ sơ đất đai.")] == ["task"]
    assert _kinds("UBND huyện tiếp tục là nơi người dân tin cậy nhất.") == []


def test_findlabel_a_colon_that_leads_in_a_list_leaves_the_finding_before_or_after_it():
    # the lead-in at the end is cut off; the items come in the next sentences
    assert _colon_head("Nâng cao chất lượng phục vụ của bộ phận một cửa xã, bao gồm các việc cụ thể như sau:") == (
        "Nâng cao chất lượng phục vụ của bộ phận một cửa xã")
    # "… sau: Một là, …": the item, without the lead-in and its enumerator
    assert [t for _, t in _kinds("Huyện cam kết sẽ tập trung làm tốt 2 việc sau: Một là, tiếp tục rút ngắn thời gian "
                                 "giải quyết hồ sơ đất đai thông qua các việc làm cụ thể sau:")] == [
        "Tiếp tục rút ngắn thời gian giải quyết hồ sơ đất đai"]
    # the names after "gồm 4 xã:" are not the finding; a copula before the colon keeps the clause whole
    assert [t for _, t in _kinds("Nhóm thứ nhất, đạt điểm cải cách hành chính trên 85 % gồm 4 xã: Tân An; Tân Hòa; Phú Lợi; Mỹ Thạnh.")] == [
        "Nhóm thứ nhất, đạt điểm cải cách hành chính trên 85 % gồm 4 xã"]
    assert _colon_head("Huyện đã số hóa 80 % hồ sơ của các xã là: Tân An, Tân Hòa, Phú Lợi") == (
        "Huyện đã số hóa 80 % hồ sơ của các xã là: Tân An, Tân Hòa, Phú Lợi")
    # who speaks or what was raised before the colon: the clause is left as it is (a label)
    assert _colon_head("Cử tri kiến nghị cần sớm rút ngắn các thủ tục: Đăng ký đất đai, cấp phép xây dựng") == (
        "Cử tri kiến nghị cần sớm rút ngắn các thủ tục: Đăng ký đất đai, cấp phép xây dựng")


# --- findrec5: right findings that rejections lost -------------------------------------------------

def test_findrec5_a_working_group_led_by_a_director_is_no_meeting():
    assert _kinds("Chủ tịch UBND huyện yêu cầu Phòng Nội vụ lập tổ công tác do Trưởng phòng chủ trì, "
                  "rà soát toàn bộ hồ sơ tồn đọng của các xã xong trước ngày 15-4.") == [
        ("task", "Phòng Nội vụ lập tổ công tác do Trưởng phòng chủ trì, rà soát toàn bộ hồ sơ tồn đọng "
                 "của các xã xong trước ngày 15-4")]
    # who chairs a meeting the task names is still the meeting's
    assert doubtful("task", "Các xã tổ chức hội nghị do Phó Chủ tịch huyện chủ trì vào tuần tới",
                    "Đề nghị các xã tổ chức hội nghị do Phó Chủ tịch huyện chủ trì vào tuần tới.") == "meeting"


def test_findrec5_later_items_of_a_list_opened_by_an_act_are_tasks():
    sentence = ("Đồng thời, đẩy mạnh số hóa hồ sơ một cửa của xã; lập, trình phê duyệt đề án "
                "đưa toàn bộ thủ tục đất đai lên mạng trong năm tới.")
    assert doubtful("task", "Lập, trình phê duyệt đề án đưa toàn bộ thủ tục đất đai lên mạng trong năm tới",
                    sentence) == ""
    # a noun phrase after such an act is what it governs or a frame, not a task of its own
    assert doubtful("task", "Sự giúp đỡ của các sở, ngành và các xã lân cận trong nhiều năm",
                    "Thực hiện lời dặn của tỉnh, được sự quan tâm của huyện; sự giúp đỡ của các sở, "
                    "ngành và các xã lân cận trong nhiều năm.") == "unasked"


def test_findrec5_first_person_only_in_a_quotation_cited_aside_is_no_speech():
    sentence = ("Nêu việc người dân phản ánh một cán bộ nói: “Tôi mới là người ký chứ không phải lãnh đạo”, "
                "Chủ tịch xã đánh giá khâu yếu nhất hiện nay là bộ phận tiếp nhận hồ sơ của các thôn.")
    text = "Khâu yếu nhất hiện nay là bộ phận tiếp nhận hồ sơ của các thôn"
    assert doubtful("limitation", text, sentence) == ""
    # the clause inside the quotation is the speech itself
    assert doubtful("limitation", "Tôi mới là người ký chứ không phải lãnh đạo", sentence) == "speech"
    # first person outside the quotation: still a speech
    assert doubtful("limitation", text, sentence.replace("Chủ tịch xã đánh giá", "tôi thấy")) == "speech"


def test_findrec5_we_agree_to_do_is_the_meetings_decision():
    sentence = "Chủ tịch huyện nói: “Hôm nay, chúng ta thống nhất thực hiện ngay việc số hóa toàn bộ hồ sơ đất đai”."
    assert doubtful("task", "Thực hiện ngay việc số hóa toàn bộ hồ sơ đất đai", sentence) == ""
    assert doubtful("task", "Thực hiện ngay việc số hóa toàn bộ hồ sơ đất đai",
                    sentence.replace("thống nhất", "nghĩ nên")) == "speech"


# --- findspan3: two findings of one kind joined by a comma, each with its own subject ---------------

def test_findspan3_two_rankings_joined_by_a_comma_are_two_results():
    assert _kinds("Năm nay, trong khối các phòng chuyên môn, Phòng Tư pháp đứng đầu với 96,5 điểm, "
                  "Phòng Kinh tế và Hạ tầng đứng cuối với 71,2 điểm.") == [
        ("result", "Trong khối các phòng chuyên môn, Phòng Tư pháp đứng đầu với 96,5 điểm"),
        ("result", "Phòng Kinh tế và Hạ tầng đứng cuối với 71,2 điểm")]


def test_findspan3_two_passives_of_work_done_are_two_results():
    assert _kinds("Trong 6 tháng đầu năm, công tác tiếp công dân của xã được duy trì thường xuyên, "
                  "an ninh nông thôn được giữ vững.") == [
        ("result", "Công tác tiếp công dân của xã được duy trì thường xuyên"),
        ("result", "An ninh nông thôn được giữ vững")]


def test_findspan3_a_comma_without_a_second_subject_or_naming_a_rank_is_not_cut():
    # the second passive has no subject of its own: one result
    assert len(_kinds("Năm qua, các thủ tục đất đai của xã được triển khai đầy đủ, được thực hiện đúng quy trình.")) == 1
    # "xếp thứ 2 là …" names who ranked, it is no second ranking obtained
    assert len(_kinds("Năm nay, xã Tân Phú đứng đầu huyện với 92 điểm, vượt xa xã xếp thứ 2 là xã Bình An.")) == 1
