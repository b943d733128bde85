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
