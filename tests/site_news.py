"""A few more articles for the site tests (our own text), added beside the seed so that
facets have something to narrow and pages something to turn."""

from __future__ import annotations

import csv
from pathlib import Path

from conftest import RETRIEVED

ARTICLES = [
    # id, unit_id, unit_code, published_at, title, body
    ("long-hiep-cchc-2024", "pre2025-21361", "21361", "2024-05-20T08:30:00+07:00",
     "Xã Long Hiệp triển khai kế hoạch cải cách hành chính năm 2024",
     "Chiều ngày 15/5/2024, UBND xã Long Hiệp họp triển khai kế hoạch cải cách hành chính.\n\n"
     "Cán bộ một cửa được nhắc giải quyết hồ sơ thủ tục hành chính đúng hẹn."),
    ("minh-long-mot-cua-2025", "2025-21361", "21361", "2025-09-02T10:00:00+07:00",
     "Xã Minh Long sau sắp xếp: bộ phận một cửa phục vụ người dân ba xã cũ",
     "Từ ngày 1/7/2025, Xã Minh Long được thành lập trên cơ sở xã Long Môn và các xã lân cận.\n\n"
     "Công tác cải cách hành chính được duy trì; người dân làm thủ tục tại bộ phận một cửa của xã."),
    ("cho-chua-le-hoi", "pre2025-21364", "21364", "2023-10-01T07:00:00+07:00",
     "Thị trấn Chợ Chùa tổ chức ngày hội đại đoàn kết toàn dân tộc",
     "Ngày hội đại đoàn kết được tổ chức tại khu dân cư số 3 với nhiều hoạt động văn hóa, thể thao.\n\n"
     "Bà con phấn khởi tham gia <b>đông đủ</b>; ban tổ chức trao quà cho hộ khó khăn."),
]


def add_articles(package: Path, articles=ARTICLES) -> None:
    """Append our articles to the package's news table."""
    path = package.parent / "data" / "news.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        fields = csv.DictReader(fh).fieldnames
    with open(path, "a", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        for news_id, unit_id, code, when, title, body in articles:
            w.writerow({"id": news_id, "url": f"https://example.gov.vn/tin-tuc/{news_id}.html",
                        "unit_id": unit_id, "unit_code": code, "title": title, "published_at": when,
                        "views": "3", "author": "PV", "lead": "", "body": body, "retrieved_at": RETRIEVED})
