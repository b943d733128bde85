"""Search forgives how people type: typos, Telex/VNI keys, i/y spellings, a last word cut short.

On a small index of articles written for these tests (our own text)."""

from __future__ import annotations

import pytest

from opendata import vntext
from opendata.search import Searcher, build_index
from opendata.search.fields import FOLDED, FOLDED_PAIRS, TITLE
from opendata.search.query import parse
from opendata.search.spelling import vocabulary
from search_docs import doc

DOCS = [
    doc("cai-cach", "Xã Long Môn đẩy mạnh cải cách hành chính",
        "Ủy ban nhân dân xã họp bàn về cải cách hành chính và thủ tục cho người dân. "
        "Dịp rằm, người dâng hương ở đình làng đông hơn mọi năm."),
    doc("hanh-trinh", "Hành trình về nguồn của đoàn viên thanh niên",
        "Đoàn viên thanh niên thăm khu di tích trong hành trình về nguồn."),
    doc("hoi-nghi", "Hội nghị tổng kết công tác thủy lợi",
        "Hội nghị ghi nhận kênh mương được nạo vét trước mùa mưa."),
    doc("ky-thuat", "Tập huấn kỹ thuật trồng lúa cho nông dân",
        "Cán bộ khuyến nông hướng dẫn kỹ thuật bón phân cân đối."),
    doc("ki-thuat", "Hướng dẫn kĩ thuật chăm sóc cây cà phê",
        "Người trồng cà phê được chỉ kĩ thuật tỉa cành sau thu hoạch."),
    doc("quy-dinh", "Thực hiện quy định mới về đăng ký hộ tịch",
        "Công chức tư pháp phổ biến quy định mới cho người dân."),
    doc("qui-dinh", "Phổ biến qui định về phòng cháy trong mùa khô",
        "Các hộ gia đình nắm rõ qui định về phòng cháy rừng."),
    doc("quyet-dinh-1193", "Ban hành kế hoạch kiểm tra công vụ",
        "Ngày 5/4/2024, Chủ tịch xã ký Quyết định số 1193/QĐ-UBND về kế hoạch kiểm tra công vụ."),
    doc("quyet-dinh-1194", "Ban hành kế hoạch tuyên truyền pháp luật",
        "Ngày 6/4/2024, Chủ tịch xã ký Quyết định số 1194/QĐ-UBND về kế hoạch tuyên truyền."),
    # A typo kept as the portal wrote it ("phắc phục"), beside many articles that spell it right.
    doc("typo-in-text", "Xã tập trung phắc phục sạt lở bờ sông",
        "Người dân cùng lực lượng xung kích phắc phục sạt lở trong đêm."),
    doc("typo-in-body", "Ngư dân bám biển dịp cuối năm",
        "Bà con ngư dân tranh thủ ra khơi khi trời yên biển lặng. " * 8
        + "Một chiếc thuyềm nhỏ cập bến lúc chiều. " + "Hải sản được bán ngay tại cảng cá. " * 8),
] + [
    doc(f"thuyen-{k}", f"Thuyền thúng số {k} về bến", f"Chiếc thuyền thúng số {k} chở đầy cá.")
    for k in range(1, 13)
] + [
    doc(f"khac-phuc-{k}", f"Thôn {k} khắc phục hậu quả mưa lớn",
        f"Bà con thôn {k} khắc phục hậu quả mưa lớn, dọn bùn đất trên đường liên thôn.")
    for k in range(1, 13)
]


def _searcher_over(docs, tmp_path_factory, name: str):
    """A real index of `docs` on disk, opened for the module's tests, closed after."""
    folder = tmp_path_factory.mktemp(name)
    build_index(docs, folder)
    s = Searcher(folder)
    yield s
    s.close()


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    yield from _searcher_over(DOCS, tmp_path_factory, "index")


def ids(searcher, q):
    return [r["id"] for r in searcher.search(q, limit=50)["results"]]


# --- the rules in vntext ------------------------------------------------------------

@pytest.mark.parametrize("typed, meant", [
    ("hooij", "hội"), ("nghij", "nghị"), ("dduwowngf", "đường"), ("nguowif", "người"), ("quyeets", "quyết"),
    ("thuyr", "thủy"), ("khoer", "khỏe"), ("hoaf", "hòa"), ("nawm", "năm"), ("tuw", "tư"), ("vieetj", "việt"),
    ("ho65i", "hội"), ("hoi65", "hội"), ("ngh5i", "nghị"), ("d9u7o7ng2", "đường"), ("na8m", "năm"),
    ("chi1nh", "chính"), ("quye6t1", "quyết"),
])
def test_telex_and_vni_keys_read_as_the_letters_meant(typed, meant):
    assert vntext.decode_keystrokes(typed) == meant


@pytest.mark.parametrize("typed", ["truong", "ban", "hanh", "1193", "m3", "covid19", "facebook", "hội", "qđ"])
def test_words_without_keys_are_left_alone(typed):
    assert vntext.decode_keystrokes(typed) is None


@pytest.mark.parametrize("one, other", [
    ("kĩ", "kỹ"), ("lí", "lý"), ("qui", "quy"), ("quí", "quý"), ("mĩ", "mỹ"), ("ti", "ty"), ("hi", "hy"),
])
def test_i_y_spellings_are_variants_both_ways(one, other):
    assert vntext.iy_variant(one) == other
    assert vntext.iy_variant(other) == one


@pytest.mark.parametrize("word", ["y", "thi", "kính", "quyết", "tuy", "bi"])
def test_no_i_y_variant_where_spelling_allows_none(word):
    assert vntext.iy_variant(word) is None


# --- the index's vocabulary -----------------------------------------------------------

def test_terms_in_order_with_document_frequencies(searcher):
    folded = list(searcher.terms(FOLDED))
    assert [t for t, _ in folded] == sorted(t for t, _ in folded)
    assert all("_" not in t for t, _ in folded)
    counts = dict(folded)
    assert counts["khac"] == 12 and counts["phac"] == 1 and counts["1193"] == 1
    title = dict(searcher.terms(TITLE))
    assert title["hanh"] == 4 and "muong" not in title and counts["muong"] == 1     # 'kênh mương': a body only


def test_terms_with_prefix_only_those(searcher):
    pairs = list(searcher.terms_with_prefix(FOLDED_PAIRS, "hanh_"))
    assert [t for t, _ in pairs] == ["hanh_chinh", "hanh_ke", "hanh_trinh"]     # "ban hành kế hoạch" twice
    assert dict(pairs) == {"hanh_chinh": 1, "hanh_ke": 2, "hanh_trinh": 1}
    assert [t for t, _ in searcher.terms_with_prefix(FOLDED, "ngh")] == ["nghi"]
    assert list(searcher.terms_with_prefix(FOLDED, "zzz")) == []


# --- what the reader gets --------------------------------------------------------------

@pytest.mark.parametrize("query", [
    "cai cach hanh chonh",     # a wrong letter
    "cai cach hanh chnh",      # a missing letter
    "cai cach hanh chinhh",    # an extra letter
    "cai cach hanh chnih",     # two letters swapped
    "cai cahc hanh chinh",
    "cải cách hàmh chính",     # with diacritics typed
])
def test_one_typo_still_finds_the_article(searcher, query):
    found = ids(searcher, query)
    assert found and found[0] == "cai-cach"
    assert searcher.search(query)["suggestion"] == "cải cách hành chính"


def test_a_corrected_typo_ranks_under_the_word_as_written(searcher):
    # "phắc" is a known word (one article), "khắc phục" far commoner: both are found, exact first.
    found = ids(searcher, "phắc phục")
    assert found[0] == "typo-in-text"
    assert {f"khac-phuc-{k}" for k in range(1, 13)} <= set(found)
    # The right spelling is not taken for a typo of the rarer one.
    assert "typo-in-text" not in ids(searcher, "khắc phục")
    # One word alone: the article that has it as typed first, then the far commoner neighbour's.
    found = ids(searcher, "phac")
    assert found[0] == "typo-in-text" and len(found) == 13
    # Even where the guess alone would score higher (in twelve titles; the word as typed once in a long text).
    found = ids(searcher, "thuyem")
    assert found[0] == "typo-in-body" and len(found) == 13


def test_short_words_are_not_guessed(searcher):
    # 'thon' (4 letters) is corrected; 'xa' with one letter wrong ('xz') is not a word of 4.
    assert ids(searcher, "thob 3 khac phuc")[0] == "khac-phuc-3"
    assert ids(searcher, "xz long mon") == []


@pytest.mark.parametrize("query", ["cair cachs hanhf chinhs", "ca3i ca1ch ha2nh chi1nh", "cai3 cach1 hanh2 chinh1"])
def test_telex_and_vni_queries(searcher, query):
    assert ids(searcher, query)[0] == "cai-cach"
    assert searcher.search(query)["suggestion"] == "cải cách hành chính"


@pytest.mark.parametrize("query", ["hooij nghij", "ho65i ngh5i"])
def test_telex_and_vni_examples_from_the_issue(searcher, query):
    assert ids(searcher, query) == ["hoi-nghi"]
    assert searcher.search(query)["suggestion"].lower() == "hội nghị"


def test_i_y_variants_find_each_other_exact_spelling_first(searcher):
    assert ids(searcher, "kĩ thuật")[:2] == ["ki-thuat", "ky-thuat"]
    assert ids(searcher, "kỹ thuật")[:2] == ["ky-thuat", "ki-thuat"]
    assert ids(searcher, "ki thuat") == ["ki-thuat", "ky-thuat"]
    assert ids(searcher, "ky thuat") == ["ky-thuat", "ki-thuat"]
    assert ids(searcher, "ki")[:2] == ["ki-thuat", "ky-thuat"]         # then completions (kiểm)
    found = ids(searcher, "ky")               # 'ky' is also 'ký' (đăng ký): the variant comes after those
    assert found[:3] == ["ky-thuat", "quy-dinh", "ki-thuat"]
    assert ids(searcher, "qui định")[:2] == ["qui-dinh", "quy-dinh"]
    assert ids(searcher, "quy định")[:2] == ["quy-dinh", "qui-dinh"]


@pytest.mark.parametrize("query, expected", [
    ("cai cach hanh ch", "cai-cach"), ("hanh tr", "hanh-trinh"), ("hội ngh", "hoi-nghi"), ("doan vi", "hanh-trinh"),
    ("hooij ngh", "hoi-nghi"),
])
def test_the_last_word_is_a_prefix(searcher, query, expected):
    assert ids(searcher, query)[0] == expected


def test_a_finished_accented_word_is_not_completed(searcher):
    q = parse("người dân", vocabulary(searcher))
    assert [[alt.words for alt in g.alts] for g in q.groups] == [[("nguoi",)], [("dan",)]]
    q = parse("nguoi dan", vocabulary(searcher))           # unaccented: it may be the start of 'dâng'
    assert [alt.words for alt in q.groups[1].alts] == [("dan",), ("dang",)]


def test_quoted_words_are_taken_as_typed(searcher):
    assert ids(searcher, '"cai cach hanh chnh"') == []
    assert ids(searcher, 'cai cach "hanh chnh"') == []
    assert ids(searcher, 'cai cach hanh "chnh"') == []
    assert ids(searcher, 'cai cach hanh chnh') == ["cai-cach"]


@pytest.mark.parametrize("query", ["1193/QĐ-UBND", "1193/qd-ubnd", "Quyết định số 1193/QĐ-UBND", "1193 qd ubnd"])
def test_document_numbers_stay_one_exact_token(searcher, query):
    assert ids(searcher, query) == ["quyet-dinh-1193"]


@pytest.mark.parametrize("query", ["1195/QĐ-UBND", "1139/QĐ-UBND", "11193/QĐ-UBND"])
def test_a_number_nobody_issued_is_not_taken_for_a_typo(searcher, query):
    assert ids(searcher, query) == []


# An unknown word's guess weighs less than the words typed right (spelling.TYPO_WEIGHT):
# "nạo vét muonh" ('muonh' is no word here; 'mương' one letter away). One article is about
# dredging (nạo vét) and names a ditch once; the other is about a ditch (mương, in its
# title and again and again) and names dredging once. As typed, the reader asked about
# dredging: that article first. With the guess weighed like a typed word (1.0) or more,
# the ditch article would win.
FILLER = "Người dân trong thôn tham gia đông đủ, ban tổ chức cảm ơn bà con. "
WEIGHED_DOCS = [
    doc("dredging", "Thôn Ba nạo kênh", "Cả thôn nạo vét kênh dẫn nước. " + FILLER * 6 + "Bờ mương được đắp lại."),
    doc("ditch", "Mương nội đồng thôn Bốn được bê tông hóa",
        "Mương dài hai cây số. Mương mới giúp dẫn nước. " + FILLER * 6 + "Tháng trước thôn đã nạo vét."),
] + [doc(f"ao-{k}", f"Thôn {k} nạo vét ao làng", "Bà con nạo vét ao. " + FILLER) for k in range(6)] + [
    doc(f"cay-{k}", f"Thôn {k} trồng cây", "Bà con trồng cây xanh. " + FILLER) for k in range(10)]


@pytest.fixture(scope="module")
def weighed(tmp_path_factory):
    yield from _searcher_over(WEIGHED_DOCS, tmp_path_factory, "weighed")


def test_an_unknown_words_guess_ranks_under_the_words_typed(weighed):
    query = parse("nạo vét muonh", vocabulary(weighed))
    assert "muonh" not in vocabulary(weighed).df                             # unknown to the index
    assert [alt.words for alt in query.groups[2].alts] == [("muonh",), ("muong",)]   # and guessed
    assert ids(weighed, "nạo vét muonh")[:2] == ["dredging", "ditch"]
    assert ids(weighed, "muong")[0] == "ditch"                 # typed right, the ditch article is first


# 'xoong' (the loan word of "xoong nồi") is also Telex for 'xông', and 'xong' (folded) is
# far commoner: where the index knows 'xoong', the word as typed comes first and its
# Telex reading is only a weak alternative.
LOAN_DOCS = [
    doc("xoong-noi", "Hội Phụ nữ tặng xoong nồi cho hộ nghèo", "Mỗi hộ nhận một bộ xoong nồi và chăn ấm."),
    doc("cho-phien", "Chợ phiên cuối tuần đông vui", "Bà con mang nông sản ra chợ bán. " * 6
        + "Quầy đồ gia dụng bán cả xoong. " + "Chợ họp từ sáng sớm đến trưa. " * 6),
] + [doc(f"xong-{k}", f"Thôn {k} làm xong đường bê tông", f"Thôn {k} đã làm xong đường, bà con phấn khởi.")
     for k in range(8)] + [
    doc(f"xong-hoi-{k}", f"Thôn {k} xông hơi khử trùng chuồng trại", "Cán bộ thú y hướng dẫn xông hơi khử trùng.")
    for k in range(4)]


@pytest.fixture(scope="module")
def loan(tmp_path_factory):
    yield from _searcher_over(LOAN_DOCS, tmp_path_factory, "loan")


def test_a_real_word_that_reads_as_telex_keys_stays_itself(loan):
    assert vntext.decode_keystrokes("xoong") == "xông"                   # the reading exists
    alts = parse("xoong", vocabulary(loan)).groups[0].alts
    assert alts[0].words == ("xoong",) and alts[0].weight == 1.0
    reading = [alt for alt in alts if alt.words == ("xong",)]
    assert reading and reading[0].weight < 0.5                              # a weak alternative
    for query in ("xoong nồi", "xoong noi", "bộ xoong"):
        found = ids(loan, query)
        assert found[0] == "xoong-noi", (query, found)
    # Both articles that have the word, even once in a long text, before any 'xông' or 'xong'
    assert ids(loan, "xoong")[:2] == ["xoong-noi", "cho-phien"]
    assert loan.search("xoong")["suggestion"] in (None, "", "xoong")       # no "did you mean xông"
    assert set(ids(loan, "xoong")) >= {f"xong-hoi-{k}" for k in range(4)}    # the reading still finds


@pytest.mark.parametrize("query", ["", "   ", '"', "a" * 5000, "\x00\x07 hooij", "ho65i" * 200, "9999", "w w w"])
def test_any_input_is_still_safe(searcher, query):
    out = searcher.search(query)
    assert isinstance(out["results"], list)


# --- one rule for keys, in search and in the search box ------------------------------

def test_keys_reading_is_one_rule_for_search_and_completions(loan, searcher):
    from opendata.datasette_plugin.suggest import _meant

    assert vocabulary(loan).keys_reading("xoong") == ("xông", False)     # a known word: it stays
    assert vocabulary(searcher).keys_reading("hooij") == ("hội", True)   # unknown as typed: read as meant
    assert vocabulary(searcher).keys_reading("hội") is None
    assert _meant(["xoong", "nooif"], loan) == ["xoong", "noi"]           # "xoong nồi": the loan word kept
    assert _meant(["hooij", "nghij"], searcher) == ["hoi", "nghi"]
    assert _meant(["hooij"], None) == ["hooij"]                           # no index: as typed


# --- what a mistyped query finds, ranked as if typed right -------------------------------
# Articles written for these tests: "không khí lạnh" beside "lần" (a far commoner word one
# letter from "lạnh"), anniversaries beside one "Nga", plans beside a ceremony.
MISTYPED_DOCS = [
    doc(f"lanh-{k}", f"Đợt không khí lạnh tràn về tỉnh {k}", f"Không khí lạnh tràn về làm nhiệt độ tỉnh {k} giảm sâu.")
    for k in range(3)
] + [
    doc(f"lan-{k}", f"Lần thứ {k} hội thi nấu cơm", f"Hội thi lần thứ {k} có nhiều đội, lần này đông hơn lần trước.")
    for k in range(6)
] + [
    doc("lan-scattered", "Không khí vui tràn ngập lần hội thi này",
        "Không khí vui tràn ngập bản. Lần này hội thi đông hơn lần trước, không khí rộn ràng."),
    doc("nga", "Đoàn khách Nga thăm làng gốm", "Khách Nga học làm gốm cùng nghệ nhân. Xe của đoàn hư giữa đường, khi chạy 40 km/h."),
] + [
    doc(f"ky-niem-{k}", f"Xã {k} kỷ niệm ngày thành lập", f"Xã {k} tổ chức kỷ niệm ngày thành lập, bà con dự đông đủ.")
    for k in range(4)
] + [
    doc("mid-title", "Thôn Ba tăng cường phối hợp giữ gìn an ninh",
        "Thôn Ba tăng cường phối hợp với công an xã giữ gìn an ninh trật tự, tăng cường phối hợp tuần tra."),
    doc("opening", "Tăng cường phối hợp tuyên truyền pháp luật cho bà con",
        "Xã tăng cường phối hợp với trường học tuyên truyền pháp luật cho bà con."),
    doc("huyen-beside", "Cử tri thôn Một đề nghị huyện sửa đường", "Cử tri đề nghị huyện sớm sửa đường liên thôn."),
    doc("huyen-apart", "Cử tri huyện Hai đề nghị tăng hỗ trợ giống",
        "Cử tri đề nghị tăng hỗ trợ giống lúa. Cử tri đề nghị tăng hỗ trợ phân bón. "
        "Cử tri đề nghị tăng hỗ trợ máy cày. Cán bộ huyện ghi nhận ý kiến của cử tri."),
]


@pytest.fixture(scope="module")
def mistyped(tmp_path_factory):
    yield from _searcher_over(MISTYPED_DOCS, tmp_path_factory, "mistyped")


def test_a_known_word_that_fits_nowhere_between_its_neighbours_is_taken_for_a_typo(mistyped):
    vocab = vocabulary(mistyped)
    assert vocab.df["lan"] > vocab.df["lanh"]                   # 'lan' (lần) is the commoner word
    # 'lan' never stands between 'khi' and 'tran'; 'lanh' does: the cold-air articles are found.
    found = ids(mistyped, "khong khi lan tran")
    assert set(found[:3]) == {f"lanh-{k}" for k in range(3)} and found[3:] == ["lan-scattered"]
    alts = {alt.words: alt.weight for alt in parse("khong khi lan tran", vocab).groups[2].alts}
    assert alts[("lan",)] == 1.0 and 0 < alts[("lanh",)] < 1.0
    # With as little going for it as a word the index does not know: its guess weighs the same.
    unknown = {alt.words: alt.weight for alt in parse("khong khi lanx tran", vocab).groups[2].alts}
    assert "lanx" not in vocab.df and alts[("lanh",)] == unknown[("lanh",)]
    # Where it does fit, it stays itself and nothing is guessed.
    assert [alt.words for alt in parse("thu lan nay", vocab).groups[1].alts] == [("lan",)]
    # At the query's start, beside the one word after it.
    assert set(ids(mistyped, "lan tran ve")) == {f"lanh-{k}" for k in range(3)}


def test_a_guess_that_is_also_a_completion_keeps_the_completions_weight(mistyped):
    # 'nga' (one article) is a known word; 'ngay' both a typo guess for it and its completion.
    alts = {alt.words: alt.weight for alt in parse("niem nga", vocabulary(mistyped)).groups[1].alts}
    assert alts[("nga",)] == 1.0
    assert alts[("ngay",)] > 0.5
    assert ids(mistyped, "niem nga")[:4] and set(ids(mistyped, "niem nga")[:4]) == {f"ky-niem-{k}" for k in range(4)}


def test_a_completion_counts_beside_the_word_before_it(mistyped):
    # Both hold 'huyện'; one right after 'đề nghị', as typed, the other far from it (and
    # says "cử tri đề nghị" more often).
    assert ids(mistyped, "tri de nghi hu")[:2] == ["huyen-beside", "huyen-apart"]


def test_a_title_that_opens_with_the_query_comes_first(mistyped):
    # Both titles hold the words side by side; one opens with them, the other says them twice in its text.
    assert ids(mistyped, "tang cuong phoi hop")[:2] == ["opening", "mid-title"]
    assert ids(mistyped, "tang cuong phoi ho")[:2] == ["opening", "mid-title"]
    assert "h" in vocabulary(mistyped).df                 # "km/h": one letter the index knows, not completed
    assert ids(mistyped, "tang cuong phoi h")[:2] == ["opening", "mid-title"]     # the last word cut short


def test_completions_of_one_letter_do_not_count_beside_the_word_before(mistyped):
    # One letter says too little of the word: its commonest completions after 'phối' are a
    # guess, scored alone; from two letters on they also count side by side.
    one = [alt for alt in parse("tang cuong phoi h", vocabulary(mistyped)).groups[3].alts if alt.words == ("hop",)]
    two = [alt for alt in parse("tang cuong phoi ho", vocabulary(mistyped)).groups[3].alts if alt.words == ("hop",)]
    assert one and not one[0].beside
    assert two and two[0].beside


SEARCH_BOX_DOCS = [
    doc("vui-khi", "Bà con vui mừng khi đường về thôn được mở rộng",
        "Bà con thôn Hai vui mừng khi con đường đất được đổ bê tông trước mùa mưa."),
    doc("diem-hen", "Bất ngờ điểm hẹn của đoàn du khảo ở bản Lác",
        "Đoàn du khảo dừng chân ở bản Lác, nơi có suối nước trong. "
        + "Người trong bản dệt thổ cẩm, nấu cơm lam và hát cho khách nghe bên bếp lửa. " * 14),
    doc("duoc-mua", "Nông dân bất ngờ được mùa dưa hấu",
        "Nông dân bất ngờ vì dưa đạt năng suất cao. Bất ngờ nhất là dưa vẫn được giá. "
        "Nhiều hộ bất ngờ khi thương lái đến tận ruộng, đặt cọc dưa từ sớm."),
] + [
    doc(f"ke-hoach-{k}", f"Xã {k} ban hành kế hoạch phòng chống thiên tai",
        f"UBND xã {k} ban hành KH phòng chống thiên tai năm nay; bà con được phổ biến kế hoạch.")
    for k in range(4)
]


@pytest.fixture(scope="module")
def search_box(tmp_path_factory):
    yield from _searcher_over(SEARCH_BOX_DOCS, tmp_path_factory, "search-box")


def test_a_last_word_that_is_an_abbreviation_is_also_completed(search_box):
    # 'kh' is KH (kế hoạch) and the start of 'khi': a search box sends it before 'khi' is typed.
    assert ids(search_box, "ba con vui mung kh")[:1] == ["vui-khi"]
    # Whole, it is still the abbreviation.
    assert set(ids(search_box, "ban hanh kh")) >= {f"ke-hoach-{k}" for k in range(4)}


def test_while_the_last_word_is_typed_a_title_opening_with_the_query_comes_first(search_box):
    # The other article says 'bất ngờ' four times with d- words after it; this one's title opens with the query.
    assert parse("bat ngo d", vocabulary(search_box)).completing
    assert not parse('bat ngo "d"', vocabulary(search_box)).completing
    assert ids(search_box, "bat ngo d")[:2] == ["diem-hen", "duoc-mua"]
