"""Benchmark: validate a package with N generated news rows.

Prints CPU seconds and peak memory of `opendata validate` next to a baseline measured
in the same run: plain frictionless validating the same package with no domain check.

    python bench/validate_speed.py --rows 100000 [--corpus ../shared/corpus/articles.jsonl]

Rows are built by recombining sentences (from the corpus when given, else from the
shipped seed article), with real unit ids and distinct ids, in a temporary folder.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from opendata.package import Package  # noqa: E402
from opendata.units import valid_on  # noqa: E402
from opendata.vntext import normalize  # noqa: E402


def sentences(corpus: str | None) -> list[str]:
    texts = []
    if corpus:
        with open(corpus, encoding="utf-8") as fh:
            for line in fh:
                texts.append(json.loads(line)["body"])
    else:
        texts = [r["lead"] + " " + r["body"] for r in Package(ROOT / "datapackage.json").read("news")]
    out = []
    for t in texts:
        out.extend(normalize(s.strip()) + "." for s in t.replace("\n", " ").split(". ") if len(s) > 30)
    return out


def generate(dest: Path, rows: int, corpus: str | None, seed: int = 7) -> None:
    shutil.copy(ROOT / "datapackage.json", dest / "datapackage.json")
    shutil.copytree(ROOT / "data", dest / "data")
    pkg = Package(dest / "datapackage.json")
    communes = [u for u in pkg.read("units") if u["level"] == "commune" and u["era"] == "pre2025"]
    communes_new = [u for u in pkg.read("units") if u["level"] == "commune" and u["era"] == "2025"]
    pool = sentences(corpus)
    rnd = random.Random(seed)
    tz = timezone(timedelta(hours=7))
    start = datetime(2021, 1, 1, tzinfo=tz)
    fields = pkg["news"].field_names
    shipped = pkg.read("news")   # kept: the shipped reform records point to them
    with open(dest / "data" / "news.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(shipped)
        for i in range(rows - len(shipped)):
            when = start + timedelta(minutes=rnd.randrange(0, 5 * 365 * 24 * 60))
            unit = rnd.choice(communes if when.date().isoformat() < "2025-07-01" else communes_new)
            assert valid_on(unit, when.date().isoformat())
            picked = iter(rnd.sample(pool, 40))
            paras = [" ".join(next(picked) for _ in range(rnd.randint(2, 5))) for _ in range(rnd.randint(3, 7))]
            w.writerow({
                "id": f"bench-{i:07d}", "url": f"https://xa{i % 977}.example.gov.vn/tin-tuc/bai-{i}.html",
                "unit_id": unit["id"], "unit_code": unit["code"], "publisher_id": "",
                "title": next(picked)[:160], "published_at": when.isoformat(),
                "views": rnd.randint(0, 5000), "views_observed_at": "2026-11-28T10:00:00+07:00",
                "author": rnd.choice(["HH", "PV", "Minh Hiếu", ""]), "lead": paras[0],
                "body": "\n\n".join(paras[1:]), "retrieved_at": "2026-11-28T10:00:00+07:00",
            })


BASELINE = textwrap.dedent("""
    import sys, frictionless
    report = frictionless.Package(sys.argv[1]).validate()
    print("valid" if report.valid else "invalid", report.stats["errors"])
""")


def measure(cmd: list[str]) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(cmd, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    out = (proc.stdout.strip().splitlines() or [""])[-1][:100] + f" (exit {proc.returncode})"
    return cpu, after.ru_maxrss / 1024, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--corpus", default=None, help="articles.jsonl to draw sentences from")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp)
        generate(dest, args.rows, args.corpus)
        size = (dest / "data" / "news.csv").stat().st_size
        print(f"news.csv: {args.rows} rows, {size / 1e6:.0f} MB; units: "
              f"{sum(1 for _ in open(dest / 'data' / 'units.csv')) - 1} rows")
        # ru_maxrss of children is the max over all children so far: run the smaller one first.
        runs = [("frictionless (baseline)", [sys.executable, "-c", BASELINE, str(dest / "datapackage.json")]),
                ("opendata validate", [sys.executable, "-m", "opendata", "validate", "--package",
                                       str(dest / "datapackage.json")])]
        results = {}
        for label, cmd in runs:
            cpu, rss, out = measure(cmd)
            results[label] = cpu
            print(f"{label:26s} cpu {cpu:6.1f} s   peak rss so far {rss:6.0f} MB   {out}")
        ratio = results["opendata validate"] / results["frictionless (baseline)"]
        print(f"ratio opendata/baseline cpu: {ratio:.2f}")


if __name__ == "__main__":
    main()
