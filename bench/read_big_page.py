"""How long our page reader takes, and how much memory, on one 10 MB article page,
against trafilatura's extraction of the same page in the same run (the baseline).

    python bench/read_big_page.py [--paragraphs 75000] [--fixture tests/fixtures/portals/liferay/article.html]

The page is one of our own portal fixtures with its body grown to N paragraphs (our own
text). Each reader runs in a fresh process, so its peak memory (VmHWM) is its own.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CODE = r"""
import sys, time
sys.path.insert(0, {root!r})


def peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
article = open({fixture!r}, encoding="utf-8").read()
para = "<p>Người dân được hướng dẫn nộp hồ sơ qua mạng và tra cứu kết quả giải quyết thủ tục, đoạn %d.</p>\n"
marker = "<p style=\"text-align: right;\">"
big = article.replace(marker, "".join(para % i for i in range({paragraphs})) + marker)
start = time.perf_counter()
if {reader!r} == "opendata":
    from opendata.pages import parse_html
    n = len(parse_html(big, "big.html").paragraphs)
else:
    import trafilatura
    n = (trafilatura.extract(big) or "").count("\n") + 1
print(len(big.encode()), round(time.perf_counter() - start, 2), peak_mb(), n, sep="\t")
"""


def run(reader: str, fixture: Path, paragraphs: int) -> tuple[int, float, int, int]:
    code = CODE.format(root=str(ROOT), fixture=str(fixture), paragraphs=paragraphs, reader=reader)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=900)
    if proc.returncode:
        sys.exit(f"{reader}: {proc.stderr[-2000:]}")
    size, seconds, peak, n = proc.stdout.split("\t")
    return int(size), float(seconds), int(peak), int(n)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--paragraphs", type=int, default=75_000)
    ap.add_argument("--fixture", type=Path, default=ROOT / "tests/fixtures/portals/liferay/article.html")
    args = ap.parse_args()
    rows = {reader: run(reader, args.fixture, args.paragraphs) for reader in ("opendata", "trafilatura")}
    print(f"page: {rows['opendata'][0] / 1e6:.1f} MB, {args.paragraphs:,} paragraphs added")
    print(f"{'reader':<12} {'seconds':>8} {'peak MB':>8} {'paragraphs':>11}")
    for reader, (_, seconds, peak, n) in rows.items():
        print(f"{reader:<12} {seconds:>8.2f} {peak:>8} {n:>11,}")
    ours, theirs = rows["opendata"], rows["trafilatura"]
    print(f"ratio opendata / trafilatura: time {ours[1] / max(theirs[1], 1e-9):.2f}, "
          f"peak memory {ours[2] / max(theirs[2], 1):.2f}")


if __name__ == "__main__":
    main()
