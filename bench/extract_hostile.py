"""Is `extract_news()` linear on long and hostile articles, for the rules on events, people and findings?

    python bench/extract_hostile.py [--words 3000] [--repeat 3]

Each shape (written here, no corpus text) is an article body built from a short unit repeated,
one paragraph with no stop (the worst case: one huge sentence for every rule to look at) or, for
`*-sentences`, sentence after sentence; timed at N words and at 8 N words: linear rules take about
8 times as long on the long one (the `ratio` column). The `plain` row is the baseline, ordinary
sentences measured in the same run, so a shared, noisy machine shows in every row alike.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from opendata.package import Package  # noqa: E402
from opendata.reform import extract_news  # noqa: E402
from opendata.units import Units  # noqa: E402

LEAD = "Sáng 5/3, UBND xã tổ chức hội nghị về cải cách hành chính. "
# One unit per shape: what a rule looks at, over and over, with nothing to end it.
SHAPES = {
    "plain": "Năm qua, xã đã giải quyết 1.250 hồ sơ đúng hạn, đạt 99%. ",
    "announced": "chỉ số được Bộ Nội vụ công bố chiều ",          # _announced: no date ever follows
    "sitting": "báo cáo giải trình, tiếp thu, chỉnh lý dự án luật ngày ",
    "body-of": "cuộc họp của Ban Chỉ đạo cải cách hành chính ",  # _body_of: no end of the body
    "theo": "Theo ông Lê Văn An, Phó Giám đốc Sở Nội vụ, ",       # _according_to
    "signers": "Giám đốc Sở Nội vụ Lê Văn An và ",               # a list of signers, the verb at the end
    "groups": "Tới dự có đại diện bưu điện huyện, phòng tư pháp huyện, ",
    "members": "các đại biểu Quốc hội ",
    "captions-sentences": "Ảnh: Minh An. ",                      # _opening: captions only
    "theo-sentences": "Theo ông Lê Văn An, Phó Giám đốc Sở Nội vụ, xã làm tốt. ",
    # findings: a flattened body whose one sentence holds thousands of clauses, each judged
    "asks-list": "Đề nghị các xã rà soát thủ tục; công khai quy trình; báo cáo kết quả, tạo điều kiện cho người dân; ",
    "results-run": "Xã đã giải quyết 1.250 hồ sơ đúng hạn, đạt 99 %, nhưng vẫn còn chậm, được đẩy mạnh, xếp thứ 3, ",
}
TAILS = {"signers": "ký thỏa thuận hợp tác.", "members": "làm việc tại hội trường."}
SYLLABLES = "An Bình Chi Dũng Giang Hà Hải Hòa Hùng Khánh Lan Linh Long Minh Nam Ngọc Phúc Quang Sơn Tâm Thảo Trung Tuấn Vân".split()


def names_unit(rng: random.Random) -> str:
    """A speaker of a name not met before (for `_unique`, which compares every name kept)."""
    return f"Ông Nguyễn {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)} cho biết xã làm tốt. "


def article(body: str) -> dict:
    return {"id": "bench-1", "title": "Cải cách hành chính", "lead": "", "body": LEAD + body,
            "published_at": "2030-03-10T09:00:00+07:00", "unit_id": ""}


def timed(news: dict, units: Units, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        extract_news(news, units)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=3000, help="words of the short body (N)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each; the best is kept")
    args = ap.parse_args()
    units = Units(Package(ROOT / "datapackage.json").read("units"))
    print(f"load average {os.getloadavg()[0]:.2f}; best of {args.repeat}")
    print(f"{'shape':<20}{'N words ms':>12}{'8N words ms':>13}{'ratio':>8}")
    shapes = dict(SHAPES)
    shapes["names-sentences"] = None
    for name, unit in shapes.items():
        if unit is None:
            rng = random.Random(15)
            sample = names_unit(rng)
            per_unit = len(sample.split())
            short = "".join(names_unit(rng) for _ in range(args.words // per_unit))
            long = "".join(names_unit(rng) for _ in range(8 * args.words // per_unit))
        else:
            per_unit = max(len(unit.split()), 1)
            short = unit * (args.words // per_unit) + TAILS.get(name, "")
            long = unit * (8 * args.words // per_unit) + TAILS.get(name, "")
        t_short = timed(article(short), units, args.repeat)
        t_long = timed(article(long), units, args.repeat)
        print(f"{name:<20}{t_short * 1000:>12.1f}{t_long * 1000:>13.1f}{t_long / t_short:>8.1f}")


if __name__ == "__main__":
    main()
