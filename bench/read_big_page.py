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

PARAGRAPH = "<p>Người dân được hướng dẫn nộp hồ sơ qua mạng và tra cứu kết quả giải quyết thủ tục, đoạn %d.</p>\n"
MARKER = '<p style="text-align: right;">'        # the fixture's closing line (author, source)


def big_page(fixture: Path, paragraphs: int) -> str:
    """The fixture's article with `paragraphs` more paragraphs before its closing line."""
    article = fixture.read_text(encoding="utf-8")
    return article.replace(MARKER, "".join(PARAGRAPH % i for i in range(paragraphs)) + MARKER)


CODE = r"""
import sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
sys.path.insert(0, {bench!r})
from read_big_page import big_page


def peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
big = big_page(Path({fixture!r}), {paragraphs})
if {reader!r} == "opendata":
    from opendata.pages import parse_html
    read = lambda page: len(parse_html(page, "big.html").paragraphs)
else:
    import trafilatura
    read = lambda page: (trafilatura.extract(page) or "").count("\n") + 1
start = time.perf_counter()                     # imports done: the reading alone
n = read(big)
print(len(big.encode()), round(time.perf_counter() - start, 2), peak_mb(), n, sep="\t")
"""


def run(reader: str, fixture: Path, paragraphs: int) -> tuple[int, float, int, int]:
    code = CODE.format(root=str(ROOT), bench=str(ROOT / "bench"), fixture=str(fixture), paragraphs=paragraphs, reader=reader)
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
