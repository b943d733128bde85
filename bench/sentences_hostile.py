"""Is `vntext.sentences()` linear on long and hostile paragraphs?

    python bench/sentences_hostile.py [--words 20000] [--repeat 3]

Each shape (written here, no corpus text) is one paragraph built from a short unit repeated,
timed at N words and at 8 N words; a linear splitter takes about 8 times as long on the
long one (the `ratio` column). The `plain` row is the baseline: ordinary sentences,
measured in the same run, so a shared, noisy machine shows in every row alike.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from opendata.vntext import sentences  # noqa: E402

# One unit per shape: what a splitting rule looks at, over and over, with nothing to end it.
SHAPES = {
    "plain": "Xã tổ chức hội nghị tổng kết công tác cải cách hành chính năm 2024. ",
    "titles": "TP. ThS. PGS.TS. GS.TSKH. ông. ",               # abbreviations, never a name after
    "titles-opener": "cho CN. Ông TP. Theo ông. Tuy ",      # abbreviations before openers
    "bullets": "như sau: - Rà soát; + Số hóa: • Công khai; ",
    "glued": "hồ sơ…Những việc.Phó ...Các ",
    "openers": "hai phút Báo cáo với lãnh đạo Trao đổi tại xã Với ",   # no comma ever closes them
    "brackets": ". [Xã Long Môn số hóa hồ sơ ",                 # '[' never closed
    "speech-colons": "cho biết: Năm nêu: Xã: Aaaa: - B; ",       # colons, lists and speech verbs
    "no-space": "a" * 40,
}


def timed(text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        sentences(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=20000, help="words of the short paragraph (N)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each; the best is kept")
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}; best of {args.repeat}")
    print(f"{'shape':<15}{'N words ms':>12}{'8N words ms':>13}{'ratio':>8}")
    for name, unit in SHAPES.items():
        per_unit = max(len(unit.split()), 1)
        short = unit * (args.words // per_unit)
        long = unit * (8 * args.words // per_unit)
        t_short, t_long = timed(short, args.repeat), timed(long, args.repeat)
        print(f"{name:<15}{t_short * 1000:>12.1f}{t_long * 1000:>13.1f}{t_long / t_short:>8.1f}")


if __name__ == "__main__":
    main()
