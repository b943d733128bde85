"""Thousands of articles written from our own word list (no corpus text), for tests that
need a server under real load: random sentences, a few units of both eras, many dates."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from conftest import RETRIEVED

WORDS = ("xã nam bắc thôn hội nghị cải cách hành chính thủ tục hồ sơ người dân cán bộ một cửa "
         "ủy ban nhân dân huyện tỉnh năm kế hoạch triển khai công tác đánh giá kết quả nông thôn mới "
         "đường giao thông trường học trạm y tế an ninh trật tự lễ hội văn hóa thể thao mùa vụ lúa "
         "ngô sắn keo cây giống phòng chống thiên tai bão lũ nước sạch điện chiếu sáng dịch vụ công "
         "trực tuyến chuyển đổi số chữ ký số quy định kỹ thuật lý do tiếp công dân đối thoại").split()
UNITS = [("pre2025-21358", "21358", "2024"), ("pre2025-21361", "21361", "2023"),
         ("pre2025-21364", "21364", "2022"), ("2025-21361", "21361", "2025")]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 16))]
    return " ".join(words).capitalize() + "."


def add_many(package: Path, n: int, seed: int = 7, prefix: str = "gen") -> None:
    """Append n generated articles to the package's news table."""
    rng = random.Random(seed)
    path = package.parent / "data" / "news.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        fields = csv.DictReader(fh).fieldnames
    with open(path, "a", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        for i in range(n):
            unit_id, code, year = UNITS[i % len(UNITS)]
            month = 7 + i % 6 if year == "2025" else 1 + i % 12
            paras = ["\n".join([" ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))])
                     for _ in range(rng.randint(2, 6))]
            w.writerow({"id": f"{prefix}-{i:05d}", "url": f"https://example.gov.vn/tin-tuc/{prefix}-{i:05d}.html",
                        "unit_id": unit_id, "unit_code": code,
                        "title": " ".join(rng.choice(WORDS) for _ in range(8)).capitalize() + f" {i}",
                        "published_at": f"{year}-{month:02d}-{1 + i % 28:02d}T08:{i % 60:02d}:00+07:00",
                        "views": str(i % 500), "author": "PV", "lead": "", "body": "\n\n".join(paras),
                        "retrieved_at": RETRIEVED})
