import unicodedata

import pytest

from opendata.vntext import canonical_tones, comparable, fold, is_normalized, normalize, slugify

SAMPLES = ["hoà bình", "Uỷ ban nhân dân", "thuỷ lợi", "khoẻ mạnh", "Đinh Trung Hiếu", "ở", "ý kiến",
           "quý", "khuỷu tay", "ngoài", "hoàn thành", "Long Môn", "xã Minh Long", "Ðinh"]


@pytest.mark.parametrize("text", SAMPLES)
def test_normalize_is_idempotent_and_nfc(text):
    once = normalize(text)
    assert normalize(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert is_normalized(once)


@pytest.mark.parametrize("text", SAMPLES)
def test_nfd_input_means_the_same(text):
    nfd = unicodedata.normalize("NFD", text)
    assert normalize(nfd) == normalize(text)
    assert fold(nfd) == fold(text)
    assert comparable(nfd) == comparable(text)


def test_icelandic_eth_and_invisible_characters():
    assert normalize("\u00d0inh Th\u1ecb Ri") == "Đinh Thị Ri"
    assert normalize("c\u00f0a") == "cđa"
    assert normalize("Long\u200b Môn\ufeff") == "Long Môn"
    assert not is_normalized("\u00d0inh")
    assert not is_normalized("Long\u200bMôn")
    assert not is_normalized(unicodedata.normalize("NFD", "Môn"))


@pytest.mark.parametrize("new_style, old_style", [
    ("hoà bình", "hòa bình"), ("Uỷ ban", "Ủy ban"), ("thuỷ lợi", "thủy lợi"), ("khoẻ", "khỏe"),
    ("HOÀ", "HÒA"), ("tuỳ", "tùy"), ("Hoà Bình", "Hòa Bình"),
])
def test_tone_placement_both_ways(new_style, old_style):
    assert canonical_tones(new_style) == old_style
    assert canonical_tones(old_style) == old_style
    assert comparable(new_style) == comparable(old_style)


@pytest.mark.parametrize("word", ["quý", "quỳ", "hoàn", "khuỷu", "ngoài", "khuya", "thuế", "hoặc"])
def test_tone_rule_leaves_fixed_spellings_alone(word):
    assert canonical_tones(word) == word


def test_fold_removes_every_diacritic_and_folds_d():
    assert fold("Đinh Trung Hiếu") == "dinh trung hieu"
    assert fold("CẢI CÁCH HÀNH CHÍNH") == "cai cach hanh chinh"
    assert fold("ỘẾỮ ư ơ ă â đ Đ") == "oeu u o a a d d"
    assert fold("ở") == "o"                      # one-letter syllables survive
    assert fold(fold("Hòa")) == fold("Hòa")


def test_slugify():
    assert slugify("Xã Long Môn | Cổng thông tin điện tử Quảng Ngãi") == "xa-long-mon-cong-thong-tin-dien-tu-quang-ngai"
    assert slugify("  --Đắk Song--  ") == "dak-song"


def test_sort_key_follows_the_vietnamese_alphabet():
    from opendata.vntext import sort_key
    names = ["Đông", "Dương", "Ân", "An", "Ăn", "Bình", "2 Long", "10 Long", "Long Môn", "Long An", "á", "a", "à"]
    assert sorted(names, key=sort_key) == ["10 Long", "2 Long", "a", "à", "á", "An", "Ăn", "Ân", "Bình", "Dương",
                                           "Đông", "Long An", "Long Môn"]
    assert sort_key("Hoà") == sort_key("Hòa")


def test_sentences_split_at_full_stops_not_inside_numbers_or_abbreviations():
    from opendata.vntext import sentences

    assert sentences("Sáng ngày 28/3/2024, xã tổ chức hội nghị. Dự có 17.000 người ở TP. Quảng Ngãi. "
                     "Hiệu quả nhất. 4 cơ quan cam kết…/ Kết thúc./.") == [
        "Sáng ngày 28/3/2024, xã tổ chức hội nghị.", "Dự có 17.000 người ở TP. Quảng Ngãi.", "Hiệu quả nhất.",
        "4 cơ quan cam kết…/", "Kết thúc./."]
    assert sentences("một câu không có dấu chấm") == ["một câu không có dấu chấm"]


def test_sentences_do_not_split_before_lower_case_or_after_a_title():
    from opendata.vntext import sentences

    assert sentences("Đạt 98 %. so với năm trước. Theo ông. Nguyễn Văn A, xã làm tốt.") == [
        "Đạt 98 %. so với năm trước.", "Theo ông. Nguyễn Văn A, xã làm tốt."]


def test_a_stop_after_an_abbreviation_ends_the_sentence_before_an_opener():
    from opendata.vntext import sentences

    assert sentences("Xã hỗ trợ nhà ở cho CN. Ông Lê Văn Chung đề cập đến khu nhà ở.") == [
        "Xã hỗ trợ nhà ở cho CN.", "Ông Lê Văn Chung đề cập đến khu nhà ở."]
    # "CN." is no title in news: it is "công nhân" ending a sentence
    assert sentences("Cần có đất cho nhà ở CN. Quan trọng là nguồn vốn.") == [
        "Cần có đất cho nhà ở CN.", "Quan trọng là nguồn vốn."]
    assert sentences("Hội nghị diễn ra ở TP. Theo đó, các xã làm tốt. Họp ở TP. Quảng Ngãi.") == [
        "Hội nghị diễn ra ở TP.", "Theo đó, các xã làm tốt.", "Họp ở TP. Quảng Ngãi."]
    assert sentences("Xã đã làm tốt, theo lời ông. Tuy nhiên, hồ sơ còn chậm.") == [
        "Xã đã làm tốt, theo lời ông.", "Tuy nhiên, hồ sơ còn chậm."]


def test_titles_and_place_names_stay_with_the_name_after_them():
    from opendata.vntext import sentences

    assert sentences("Dự có PGS.TS. Lê Văn An và GS.TSKH. Trần Minh. Hội nghị kết thúc.") == [
        "Dự có PGS.TS. Lê Văn An và GS.TSKH. Trần Minh.", "Hội nghị kết thúc."]
    assert sentences("Đoàn đến TP. Bà Rịa làm việc.") == ["Đoàn đến TP. Bà Rịa làm việc."]
    # a capitalised "Bà" is a place's name, not the title "bà."
    assert sentences("Đoàn ra đảo Cát Bà. Lê Văn An phát biểu.") == ["Đoàn ra đảo Cát Bà.", "Lê Văn An phát biểu."]


def test_inline_list_items_are_sentences_of_their_own():
    from opendata.vntext import sentences

    assert sentences("Xã giao các việc như sau: - Rà soát thủ tục hành chính; - Số hóa hồ sơ. "
                     "Phát triển kinh tế - xã hội của Sở Tài nguyên - Môi trường.") == [
        "Xã giao các việc như sau:", "- Rà soát thủ tục hành chính;", "- Số hóa hồ sơ.",
        "Phát triển kinh tế - xã hội của Sở Tài nguyên - Môi trường."]
    assert sentences("Đoàn kiểm tra đã làm việc. + Làm việc với xã, đoàn kiến nghị. • Hồ sơ đủ.") == [
        "Đoàn kiểm tra đã làm việc.", "+ Làm việc với xã, đoàn kiến nghị.", "• Hồ sơ đủ."]


def test_headings_and_links_glued_to_a_sentence_are_cut_off():
    from opendata.vntext import sentences

    assert sentences("Xã trồng 400 cây xanh…Những tồn tại cần rút kinh nghiệm Với tinh thần cầu thị, xã nêu rõ.") == [
        "Xã trồng 400 cây xanh…", "Những tồn tại cần rút kinh nghiệm", "Với tinh thần cầu thị, xã nêu rõ."]
    assert sentences("Tết an toàn Đối với Tết năm nay, xã chủ động. Hồ sơ nhanh Sau khi số hóa, hồ sơ đi nhanh.") == [
        "Tết an toàn", "Đối với Tết năm nay, xã chủ động.", "Hồ sơ nhanh", "Sau khi số hóa, hồ sơ đi nhanh."]
    assert sentences("Duyệt hồ sơ trong hai phút Báo cáo với lãnh đạo huyện, bà Lan cho biết.") == [
        "Duyệt hồ sơ trong hai phút", "Báo cáo với lãnh đạo huyện, bà Lan cho biết."]
    # "Báo cáo" as the object of a verb is no sentence's start
    assert sentences("Ông An trình bày Báo cáo tại hội nghị.") == ["Ông An trình bày Báo cáo tại hội nghị."]
    assert sentences("Xã làm tốt. [Xã Long Môn số hóa hồ sơ] Các thôn cũng làm tốt.") == [
        "Xã làm tốt.", "[Xã Long Môn số hóa hồ sơ]", "Các thôn cũng làm tốt."]


def test_a_photo_credit_ends_before_the_body_or_title_that_starts_the_sentence():
    from opendata.vntext import sentences

    assert sentences("Ảnh: Quang Hiếu Bộ Tài chính nghiên cứu chính sách thuế.") == [
        "Ảnh: Quang Hiếu", "Bộ Tài chính nghiên cứu chính sách thuế."]
    assert sentences("Ảnh: Minh Anh Phó Chủ tịch UBND xã phát biểu.") == [
        "Ảnh: Minh Anh", "Phó Chủ tịch UBND xã phát biểu."]
    assert sentences("Ảnh: Minh Anh Công chức xã hướng dẫn người dân.") == [
        "Ảnh: Minh Anh", "Công chức xã hướng dẫn người dân."]


def test_reported_speech_after_a_colon_is_a_sentence_of_its_own():
    from opendata.vntext import sentences

    assert sentences("Đại diện Sở Nội vụ cho biết: Năm 2024, xã đã số hóa 1.200 hồ sơ.") == [
        "Đại diện Sở Nội vụ cho biết:", "Năm 2024, xã đã số hóa 1.200 hồ sơ."]
    # a list after "gồm:", or speech going on in lower case, stays in its sentence
    assert sentences("Dự có các sở gồm: Sở Nội vụ, Sở Tư pháp.") == ["Dự có các sở gồm: Sở Nội vụ, Sở Tư pháp."]
    assert sentences("Xã có hai việc: Rà soát hồ sơ và số hóa.") == ["Xã có hai việc: Rà soát hồ sơ và số hóa."]
    assert sentences("Báo cáo của đoàn nêu: đầu tư cho xã còn thiếu.") == ["Báo cáo của đoàn nêu: đầu tư cho xã còn thiếu."]


def test_lower_case_accented_letters_are_not_capitals():
    from opendata.vntext import sentences

    # "đ", "ấ" are lower case: no glued stop, no list item, no new sentence
    assert sentences("Hồ sơ của xã.đây là lỗi gõ.") == ["Hồ sơ của xã.đây là lỗi gõ."]
    assert sentences("Ảnh: T.ĐỨC") == ["Ảnh: T.ĐỨC"]
    assert sentences("Xã giao việc: - đẩy mạnh số hóa.") == ["Xã giao việc: - đẩy mạnh số hóa."]


def test_a_stop_after_a_figure_ends_a_sentence_before_a_number():
    from opendata.vntext import sentences

    assert sentences("Xã Long Môn dẫn đầu, đạt 96,5%. 3 xã khác đạt trên 90%.") == [
        "Xã Long Môn dẫn đầu, đạt 96,5%.", "3 xã khác đạt trên 90%."]
    assert sentences("Hệ thống sẽ vận hành trong quý II/2025. 12 thủ tục còn lại chuyển sang năm sau.") == [
        "Hệ thống sẽ vận hành trong quý II/2025.", "12 thủ tục còn lại chuyển sang năm sau."]
    assert sentences("Huyện xếp sau Minh Long (88%). 5 xã chưa nộp báo cáo.") == [
        "Huyện xếp sau Minh Long (88%).", "5 xã chưa nộp báo cáo."]
    # a thousands group after a stray space is the same number, not a new sentence
    assert sentences("Kinh phí là 12. 450,5 triệu đồng.") == ["Kinh phí là 12. 450,5 triệu đồng."]
    assert sentences("Kinh phí là 12.  450,5 triệu đồng.") == ["Kinh phí là 12.  450,5 triệu đồng."]   # two spaces
