"""What `opendata extract` finds in real text: counts, speed, and a sample to check by hand.

    python bench/extract_corpus.py --corpus ../shared/corpus/articles.jsonl \
        --pages ../shared/corpus/portal_pages --sample 20

Reads the corpus articles that speak of administrative reform and the saved district
portal pages (`*.txt`: address, `Title:`, `Published:` header, blank line, text), runs the
extractor on each as a news row, and prints how many events, people and findings it
proposed, by kind, and the time per article. `--sample N` prints N records drawn at
random (events, people and findings alike, or only `--kind person` …; seed fixed) with
their source sentences, for a person to mark right or wrong. Nothing read here is written anywhere.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from opendata.package import Package  # noqa: E402
from opendata.reform import extract_news  # noqa: E402
from opendata.reform.areas import speaks_of_reform  # noqa: E402
from opendata.units import Units  # noqa: E402
from opendata.vntext import normalize  # noqa: E402


def _when(value: str | None) -> str | None:
    if not value:
        return None
    value = value.replace("Z", "+00:00")
    return value + "T00:00:00+07:00" if len(value) == 10 else value


def corpus_news(path: Path) -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            a = json.loads(line)
            when = _when(a.get("published") or a.get("crawled"))
            if when:
                out.append({"id": a["id"], "title": normalize(a["title"]), "lead": "",
                            "body": normalize(a["body"]), "published_at": when, "unit_id": ""})
    return out


def page_news(folder: Path) -> list[dict]:
    out = []
    for path in sorted(folder.glob("*.txt")):
        head, _, body = normalize(path.read_text(encoding="utf-8")).partition("\n\n")
        fields = dict(line.split(": ", 1) for line in head.splitlines()[1:] if ": " in line)
        when = _when(fields.get("Published"))
        if when:
            out.append({"id": path.stem, "title": fields.get("Title", ""), "lead": "", "body": body,
                        "published_at": when, "unit_id": ""})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--pages", type=Path)
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--kind", choices=["event", "person", "finding"], help="sample only records of this kind")
    ap.add_argument("--not-in", dest="not_in", type=Path, metavar="GOLD",
                    help="leave out the articles of this gold file (bench/reform_gold.jsonl): precision off the gold set")
    args = ap.parse_args()
    left_out = set()
    if args.not_in:
        with open(args.not_in, encoding="utf-8") as fh:
            left_out = {row["id"] for row in map(json.loads, fh) if "id" in row}

    units = Units(Package(ROOT / "datapackage.json").read("units"))
    sets = {"corpus articles about reform": [n for n in corpus_news(args.corpus)
                                             if speaks_of_reform(n["title"] + "\n" + n["body"])]}
    if args.pages:
        sets["portal pages"] = page_news(args.pages)
    records = []
    for label, news in sets.items():
        news = [n for n in news if n["id"] not in left_out]
        counts: Counter = Counter()
        start = time.perf_counter()
        for n in news:
            p = extract_news(n, units)
            if not p.event:
                counts["no event: " + p.reason] += 1
                continue
            counts["articles with an event"] += 1
            counts["articles with several events"] += len(p.events) > 1
            for event, unit, focus in zip(p.events, p.organiser_unit_ids, p.focus, strict=True):
                counts["events"] += 1
                counts[f"events, reform_focus {focus}"] += 1
                counts["events without a day"] += event.day is None
                counts["events with an organiser unit"] += bool(unit)
                counts["events with a year reviewed"] += event.year_reviewed is not None
                records.append(("event", n["id"], f"{event.kind} {event.part_of_day} {event.day} {focus} | "
                                f"organisers {event.organisers!r} | {event.year_reviewed}/{event.plan_year} | "
                                f"{event.title}", event.sentence))
            for person in p.people:
                counts[f"people: {person.participation}{' (group)' if person.is_group else ''}"] += 1
                records.append(("person", n["id"], f"{person.participation} {person.name!r} role {person.role!r} "
                                f"pairs {person.pairs}", person.sentence))
            for f in p.findings:
                counts[f"findings: {f.kind}"] += 1
                counts["findings with an area"] += bool(f.areas)
                records.append(("finding", n["id"], f"{f.kind} {f.areas} {f.text!r}", f.sentence))
        took = time.perf_counter() - start
        print(f"\n## {label}: {len(news)} articles, {took / max(len(news), 1) * 1000:.1f} ms each")
        for key, value in sorted(counts.items()):
            print(f"  {key:<60} {value:>6}")
    if args.kind:
        records = [r for r in records if r[0] == args.kind]
    if args.sample:
        print(f"\n## {args.sample} records drawn at random (seed {args.seed}) of {len(records)}")
        for i, (kind, news_id, what, sentence) in enumerate(random.Random(args.seed).sample(
                records, min(args.sample, len(records))), 1):
            print(f"\n{i:>2}. [{kind}] {news_id}: {what}\n    source: {sentence[:400]}")


if __name__ == "__main__":
    main()
