"""Findings (any kind) on the gold set, on its two halves, and what stricter rules would trade.

    python bench/findings_tradeoff.py --corpus ../shared/corpus/articles.jsonl \
        --pages ../shared/corpus/portal_pages [--gold bench/reform_gold.jsonl]

Scores what `extract_news` proposes exactly as `bench/reform_gold.py` does (same kind or any
kind, clause overlap >= 50 %), over all gold articles with annotated findings and over two
halves: A = gold rows 0, 2, 4 … (the data lines of the gold file, header left out), B = rows 1,
3, 5 … (choose a threshold on A, check it on B). Then each stricter rule below is applied on top
of the extractor's own and scored the same way, so the precision/recall it would trade can be
read before anyone adopts it. Only figures are printed, never corpus text.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from reform_gold import (ANNOTATED, FINDING_KINDS, GOLD, OVERLAP, _one_to_one, from_proposal,  # noqa: E402
                         load_articles, load_gold, overlap, place, sha1)


def _no_findings_at(kinds):
    def rule(proposal):
        if proposal.events and proposal.events[0].kind in kinds:
            proposal.findings = []
    return rule


def _at_most_words(n):
    def rule(proposal):
        proposal.findings = [f for f in proposal.findings if len(f.text.split()) <= n]
    return rule


def _openers_only(proposal):
    proposal.findings = [f for f in proposal.findings if f.confidence >= 0.6]


# Stricter rules someone could adopt (none is applied by the extractor itself).
RULES = {
    "no findings at ceremonies (le)": [_no_findings_at({"le"})],
    "no findings at ceremonies, receptions (le, khac)": [_no_findings_at({"le", "khac"})],
    "findings of at most 60 words": [_at_most_words(60)],
    "findings of at most 55 words": [_at_most_words(55)],
    "findings of at most 50 words": [_at_most_words(50)],
    "findings of at most 40 words": [_at_most_words(40)],
    "le, khac none + at most 50 words": [_no_findings_at({"le", "khac"}), _at_most_words(50)],
    "only list openers (confidence >= 0.6)": [_openers_only],
}


def score(articles, gold, units, extract_news, rules=()) -> dict[str, list[int]]:
    """{'all'|'A'|'B'|kind: [right, proposed, gold]} with `rules` applied to each proposal."""
    out = {name: [0, 0, 0] for name in ("all", "A", "B", *FINDING_KINDS)}

    def match(ps, gs):
        def s(p, g):
            o = overlap(p.get("span"), tuple(g["span"]))
            return o if o >= OVERLAP else 0.0
        return len(_one_to_one(ps, gs, s))
    for row, g in enumerate(gold):
        a = articles.get(g["id"])
        if "findings" not in g.get("annotated", ANNOTATED) or a is None or sha1(a["text"]) != g["sha1"]:
            continue
        proposal = extract_news(a, units)
        for rule in rules:
            rule(proposal)
        prop = from_proposal(proposal)
        place(a["text"], prop)
        golds = [f for e in g["events"] for f in e.get("findings", [])]
        right = match(prop.findings, golds)
        for name in ("all", "AB"[row % 2]):
            for i, n in enumerate((right, len(prop.findings), len(golds))):
                out[name][i] += n
        for kind in FINDING_KINDS:
            ps, gs = [p for p in prop.findings if p["kind"] == kind], [x for x in golds if x["kind"] == kind]
            for i, n in enumerate((match(ps, gs), len(ps), len(gs))):
                out[kind][i] += n
    return out


def _pr(counts: list[int]) -> str:
    right, proposed, gold = counts
    return f"P {100 * right / max(proposed, 1):5.1f} R {100 * right / max(gold, 1):5.1f} ({right}/{proposed}, /{gold})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--pages", type=Path)
    ap.add_argument("--gold", type=Path, default=GOLD)
    args = ap.parse_args()

    from opendata.package import Package
    from opendata.reform import extract_news
    from opendata.units import Units

    units = Units(Package(ROOT / "datapackage.json").read("units"))
    articles = load_articles(args.corpus, args.pages)
    gold = load_gold(args.gold)
    print(f"{'rule':<50} {'all':<34} {'half A':<34} {'half B':<34}")
    for name, rules in {"the extractor as it is": [], **RULES}.items():
        counts = score(articles, gold, units, extract_news, rules)
        print(f"{name:<50} {_pr(counts['all']):<34} {_pr(counts['A']):<34} {_pr(counts['B']):<34}")
        if not rules:
            print(" " * 51 + "  ".join(f"{kind} {_pr(counts[kind])}" for kind in FINDING_KINDS))


if __name__ == "__main__":
    main()
