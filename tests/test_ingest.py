"""Ingest of the founding page (text and HTML), JSON Lines, idempotence and bad input."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from conftest import RETRIEVED, SEED_HTML, SEED_TEXT, read_table, run, snapshot

TITLE = ("Hội nghị đánh giá thực hiện công tác cải cách hành chính năm 2023 và triển khai nhiệm vụ, "
         "giải pháp nâng cao chỉ số cải cách hành chính năm 2024")


def ingest(package: Path, *files: Path, extra: tuple[str, ...] = ()):
    return run("ingest", *map(str, files), "--retrieved-at", RETRIEVED, *extra, package=package)


def test_seed_page_gives_the_expected_record(empty_package):
    result = ingest(empty_package, SEED_TEXT)
    assert result.exit_code == 0, result.output
    assert "news: 1 added, 0 updated, 0 unchanged" in result.output
    [news] = read_table(empty_package, "news")
    assert news["title"] == TITLE
    assert news["published_at"] == "2024-04-08T16:06:00+07:00"
    assert news["views"] == "11"
    assert news["views_observed_at"] == RETRIEVED
    assert news["retrieved_at"] == RETRIEVED
    assert news["author"] == "HH"
    assert news["unit_code"] == "21358"
    assert news["unit_id"] == "pre2025-21358"
    assert news["url"] == ""
    assert news["lead"].startswith("Sáng ngày 28/3/2024, UBND xã Long Môn tổ chức Hội nghị")
    assert news["lead"].endswith("các đồng chí Thành viên BCĐ CCHC xã.")
    paragraphs = news["body"].split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("Năm 2023, UBND xã Long Môn đã chỉ đạo quyết liệt")
    assert paragraphs[-1].endswith("phục vụ người dân, tổ chức, doanh nghiệp./.")
    text = news["lead"] + "\n\n" + news["body"]
    # The page prints the body twice; it is stored once, typos and all.
    for sentence in ("Sáng ngày 28/3/2024", "Xem đây là nhiệm vụ thường xuyên", "bênh cạnh", "phắc phục"):
        assert text.count(sentence) == 1, sentence
    assert "CCHC Thời gian tới" not in text          # the flattened copy is gone
    assert "  " not in text and "\xa0" not in text
    assert "Truy cập nội dung luôn" not in text and "Chung nhan" not in text
    assert unicodedata.is_normalized("NFC", text)
    [publisher] = read_table(empty_package, "publishers")
    assert news["publisher_id"] == publisher["id"]
    assert publisher["site_name"] == "Xã Long Môn | Cổng thông tin điện tử Quảng Ngãi"
    assert publisher["owner"] == "UBND xã Long Môn"
    assert publisher["content_responsible"] == "UBND xã Long Môn"
    assert publisher["phone"] == "0255 3866154"
    assert publisher["email"] == "longmon@quangngai.gov.vn"
    assert publisher["unit_id"] == "pre2025-21358"


def test_shipped_news_is_what_ingest_makes_of_the_seed(empty_package):
    assert ingest(empty_package, SEED_TEXT).exit_code == 0
    shipped = read_table(Path(__file__).resolve().parent.parent / "datapackage.json", "news")
    assert read_table(empty_package, "news") == shipped


def test_html_page_gives_the_same_record(empty_package, tmp_path):
    assert ingest(empty_package, SEED_TEXT).exit_code == 0
    from_text = read_table(empty_package, "news"), read_table(empty_package, "publishers")
    other = tmp_path / "html"
    other.mkdir()
    from conftest import copy_package
    html_package = copy_package(other, empty_news=True)
    result = ingest(html_package, SEED_HTML)
    assert result.exit_code == 0, result.output
    assert (read_table(html_package, "news"), read_table(html_package, "publishers")) == from_text
    # the same page saved as XHTML, with an XML declaration naming its encoding
    xhtml = tmp_path / "long-mon.xhtml.html"
    xhtml.write_text('<?xml version="1.0" encoding="utf-8"?>\n' + SEED_HTML.read_text(encoding="utf-8"),
                     encoding="utf-8")
    assert ingest(html_package, xhtml).exit_code == 0
    assert read_table(html_package, "news") == from_text[0]


def test_reingest_changes_nothing(empty_package):
    assert ingest(empty_package, SEED_TEXT).exit_code == 0
    before = snapshot(empty_package.parent)
    result = run("ingest", str(SEED_TEXT), str(SEED_HTML), "--retrieved-at", "2026-12-01T08:00:00+07:00",
                 package=empty_package)
    assert result.exit_code != 0          # the same article twice in one batch is refused
    again = run("ingest", str(SEED_HTML), "--retrieved-at", "2026-12-01T08:00:00+07:00", package=empty_package)
    assert again.exit_code == 0, again.output
    assert "news: 0 added, 0 updated, 1 unchanged" in again.output
    assert snapshot(empty_package.parent) == before


def test_new_view_count_updates_the_snapshot(empty_package, tmp_path):
    assert ingest(empty_package, SEED_TEXT).exit_code == 0
    page = tmp_path / "later.txt"
    page.write_text(_seed_with(r"16:06\s+11", "16:06    42"), encoding="utf-8")
    result = run("ingest", str(page), "--retrieved-at", "2026-12-01T08:00:00+07:00", package=empty_package)
    assert "news: 0 added, 1 updated, 0 unchanged" in result.output
    [news] = read_table(empty_package, "news")
    assert (news["views"], news["views_observed_at"]) == ("42", "2026-12-01T08:00:00+07:00")


def test_url_gives_a_stable_id(empty_package):
    url = "HTTPS://Longmon.Quangngai.gov.vn/tin-tuc/hoi-nghi.html?utm_source=fb#top"
    result = ingest(empty_package, SEED_TEXT, extra=("--url", url))
    assert result.exit_code == 0, result.output
    [news] = read_table(empty_package, "news")
    assert news["url"] == "https://longmon.quangngai.gov.vn/tin-tuc/hoi-nghi.html"
    from opendata.ingest import news_id
    assert news["id"] == news_id("https://longmon.quangngai.gov.vn/tin-tuc/hoi-nghi.html", "", "", "")
    [publisher] = read_table(empty_package, "publishers")
    assert publisher["base_url"] == "https://longmon.quangngai.gov.vn"


def test_html_entities_and_loose_accents_compose(empty_package, tmp_path):
    html = SEED_HTML.read_text(encoding="utf-8")
    # How a real district portal encoded text: entities followed by loose combining marks, &ETH; for Đ.
    html = html.replace("Huyện Minh Long", "Huy&ecirc;\u0323n Minh Long").replace(
        "Đinh Trung Hiếu", "&ETH;inh Trung Hi&ecirc;\u0301u")
    page = tmp_path / "entities.html"
    page.write_text(html, encoding="utf-8")
    result = ingest(empty_package, page)
    assert result.exit_code == 0, result.output
    [news] = read_table(empty_package, "news")
    assert "Đinh Trung Hiếu" in news["lead"]
    assert "\u00d0" not in news["lead"] and unicodedata.is_normalized("NFC", news["lead"])


def jsonl(tmp_path: Path, *records, name="batch.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records)
                    + "\n", encoding="utf-8")
    return path


def record(**extra):
    rec = {"title": "Xã Minh Long tập huấn dịch vụ công trực tuyến",
           "body": "Sáng ngày 2/9/2025, UBND xã Minh Long tổ chức tập huấn.\nCán bộ được hướng dẫn.",
           "published_at": "2025-09-03T08:15:00+07:00", "unit_code": "21361",
           "url": "https://minhlong.quangngai.gov.vn/tin-tuc/tap-huan-dvc.html"}
    rec.update(extra)
    return rec


def test_jsonl_records_are_added_with_units_of_their_era(empty_package, tmp_path):
    batch = jsonl(tmp_path, record(), record(id="long-hiep-2024", published_at="2024-05-01T01:00:00Z",
                                             url="", title="Tin xã Long Hiệp", body="Đoạn một.\n\nĐoạn hai."))
    result = ingest(empty_package, batch)
    assert result.exit_code == 0, result.output
    assert "news: 2 added" in result.output
    rows = {r["id"]: r for r in read_table(empty_package, "news")}
    hiep = rows["long-hiep-2024"]
    assert hiep["unit_id"] == "pre2025-21361"            # 21361 was Xã Long Hiệp in 2024
    assert hiep["published_at"] == "2024-05-01T08:00:00+07:00"
    assert hiep["body"] == "Đoạn một.\n\nĐoạn hai."
    [minh_long] = [r for r in rows.values() if r["id"] != "long-hiep-2024"]
    assert minh_long["unit_id"] == "2025-21361"          # and Xã Minh Long after 1/7/2025
    assert minh_long["body"].split("\n\n")[1] == "Cán bộ được hướng dẫn."
    assert run("validate", package=empty_package).exit_code == 0
    again = ingest(empty_package, batch)
    assert "news: 0 added, 0 updated, 2 unchanged" in again.output


def cp1258(text: str) -> bytes:
    """Encode like a Windows-1258 editor: base letters plus combining tone marks."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            for part in unicodedata.normalize("NFD", ch):
                try:
                    out += part.encode("cp1258")
                except UnicodeEncodeError:
                    out += unicodedata.normalize("NFD", part)[0].encode("cp1258", "replace")
    return bytes(out)


def _seed_with(old: str, new: str) -> str:
    """The seed page with one change; `old` is a regex (the date line holds no-break spaces)."""
    text = SEED_TEXT.read_text(encoding="utf-8")
    changed = re.sub(old, new, text, count=1)
    assert changed != text
    return changed


BAD_INPUTS = {
    "not-a-portal-page.txt": ("Xin chào\n\nĐây là trang chủ của một diễn đàn.\n".encode(), "not a portal article"),
    "unknown-unit.txt": (_seed_with("UBND Xã Long Môn", "UBND Xã Không Có").encode(), ":3:unit_code: unknown unit"),
    "unit-of-wrong-era.txt": (_seed_with("08/04/2024 16:06", "08/09/2025 16:06").encode(), ":3:unit_code: unknown"),
    "bad-date.txt": (_seed_with("08/04/2024 16:06", "31/02/2024 16:06").encode(), ":11:published_at"),
    "no-date.txt": (_seed_with(r"08/04/2024 16:06\s+11", "").encode(), "no publish date line"),
    "broken.jsonl": ((json.dumps(record()) + "\n" + '{"title": "x", \n').encode(), ":2: broken JSON"),
    "not-object.jsonl": (b'["a", "b"]\n', ":1: each line must be a JSON object"),
    "naive-time.jsonl": (json.dumps(record(published_at="2025-09-03T08:15:00")).encode(), ":1:published_at"),
    "unknown-field.jsonl": (json.dumps(record(colour="red")).encode(), ":1:colour"),
    "unknown-code.jsonl": (json.dumps(record(unit_code="99999")).encode(), ":1:unit_code"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
    "windows-1258.txt": (cp1258(SEED_TEXT.read_text(encoding="utf-8")), ":1: not UTF-8"),
    "empty.txt": (b"", "the file is empty"),
    "other-site.txt": ("Báo Điện tử\n\nGiá lúa tăng nhẹ\n\n08/04/2024 16:06\n\nGiá lúa hôm nay tăng.\n".encode(),
                       "no unit banner"),
    "no-body.txt": (re.sub(r"(16:06\s+11\n).*(\nHH\n)", r"\1\2", SEED_TEXT.read_text(encoding="utf-8"),
                           flags=re.S).encode(), "no body text"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_rejected_and_nothing_is_written(package, tmp_path, name):
    content, expected = BAD_INPUTS[name]
    bad = tmp_path / name
    bad.write_bytes(content)
    good = jsonl(tmp_path, record(url="https://minhlong.quangngai.gov.vn/tin-tuc/khac.html", title="Tin khác"),
                 name="good.jsonl")
    before = snapshot(package.parent)
    # a good record in the same batch is not written either: all or none
    result = run("ingest", str(good), str(bad), "--retrieved-at", RETRIEVED, package=package)
    assert result.exit_code == 1, result.output
    assert name in result.stderr and expected in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert snapshot(package.parent) == before


def test_page_of_the_new_era(empty_package, tmp_path):
    page = tmp_path / "minh-long.txt"
    page.write_text("UBND Xã Minh Long\n\nTỉnh Quảng Ngãi\n\nXã Minh Long ra mắt Trung tâm phục vụ hành chính công\n\n"
                    "02/07/2025 09:30    120\n\nSáng ngày 1/7/2025, Trung tâm phục vụ hành chính công xã đi vào hoạt động.\n\n"
                    "Người dân đến làm thủ tục hành chính được hướng dẫn tận tình.\n\nPV\n", encoding="utf-8")
    result = ingest(empty_package, page)
    assert result.exit_code == 0, result.output
    [news] = read_table(empty_package, "news")
    assert (news["unit_id"], news["views"], news["author"]) == ("2025-21361", "120", "PV")
    assert news["lead"].startswith("Sáng ngày 1/7/2025") and news["body"].startswith("Người dân")
    assert run("validate", package=empty_package).exit_code == 0


def test_missing_file_is_a_clear_error(package, tmp_path):
    result = run("ingest", str(tmp_path / "nope.txt"), package=package)
    assert result.exit_code == 1
    assert "nope.txt: no such file" in result.stderr


def test_jsonl_body_caught_twice_is_stored_once(empty_package, tmp_path):
    body = "Đoạn một của bài.\nĐoạn hai của bài.\nĐoạn một của bài.\nĐoạn hai của bài."
    batch = jsonl(tmp_path, record(body=body, lead="Tóm tắt bài."), record(
        url="https://minhlong.quangngai.gov.vn/tin-tuc/khac.html", title="Tin khác",
        body="Tóm tắt khác.\nNội dung khác.", lead="Tóm tắt khác."))
    assert ingest(empty_package, batch).exit_code == 0
    first, second = read_table(empty_package, "news")
    assert first["body"] == "Đoạn một của bài.\n\nĐoạn hai của bài."
    assert second["body"] == "Nội dung khác." and second["lead"] == "Tóm tắt khác."
    assert run("validate", package=empty_package).exit_code == 0
