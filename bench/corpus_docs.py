"""Corpus articles (JSON Lines: id, title, body, published, url …) as index documents.

The corpus is third-party text used only to measure: nothing from it is stored in
the project; benchmarks read it from the path they are given.
"""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from opendata.search import Doc  # noqa: E402
from opendata.vntext import normalize  # noqa: E402

# A few real unit ids so that facets have something to count.
UNITS = [("pre2025-21358", "21358", "Xã Long Môn", "pre2025-51", "Tỉnh Quảng Ngãi"),
         ("pre2025-20500", "20500", "Xã Hiệp Đức", "pre2025-49", "Tỉnh Quảng Nam"),
         ("2025-21361", "21361", "Xã Minh Long", "2025-51", "Tỉnh Quảng Ngãi"),
         ("2025-00004", "00004", "Phường Ba Đình", "2025-01", "Thành phố Hà Nội")]
AREAS = ["tthc", "chinh-phu-so", "cong-vu", "chi-dao-dieu-hanh"]


def read_corpus(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def to_doc(record: dict, n: int, doc_id: str | None = None) -> Doc:
    when = record.get("published") or record.get("crawled") or "2020-01-01T00:00:00+07:00"
    if len(when) == 10:
        when += "T00:00:00+07:00"
    when = when.replace("Z", "+00:00")
    ts = datetime.fromisoformat(when)
    unit = UNITS[n % len(UNITS)]
    paragraphs = [p.strip() for p in normalize(record["body"]).split("\n") if p.strip()]
    return Doc(id=doc_id or hashlib.sha256(record["id"].encode()).hexdigest()[:16],
               title=normalize(record["title"]), lead="", body="\n\n".join(paragraphs),
               url=record.get("url") or "", published_at=ts.isoformat(), ts=int(ts.timestamp()),
               year=ts.year, unit_id=unit[0], unit_code=unit[1], unit_name=unit[2], province_id=unit[3],
               province_name=unit[4], places=[unit[0], unit[3]],
               areas=[AREAS[n % len(AREAS)]] if n % 3 == 0 else [], place_names=f"{unit[2]} {unit[4]}")


def corpus_docs(path: str | Path) -> list[Doc]:
    return [to_doc(r, n) for n, r in enumerate(read_corpus(path))]
