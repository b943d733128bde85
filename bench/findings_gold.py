"""How right `find_findings` is on its own, against the findings of the gold set.

    python bench/findings_gold.py --corpus ../shared/corpus/articles.jsonl \
        --pages ../shared/corpus/portal_pages [--gold bench/reform_gold.jsonl] [--show] [--ids A,B]

`bench/reform_gold.py` scores findings only where the extractor found the event, so its
findings figures mix two things. Here every gold article with an event and annotated
findings gets `find_findings` on all its sentences (what `extract_news` gives it, minus
nothing), as if the event had been found; scoring is `reform_gold.score`'s (same kind,
clause overlap >= 50 %). `--show` prints, per article, the gold clauses missed and the
proposals that matched nothing (to the terminal only: corpus text is never written).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from reform_gold import (ANNOTATED, FINDING_KINDS, GOLD, OVERLAP, Count, Prop, _one_to_one,  # noqa: E402
                         load_articles, load_gold, overlap, place, sha1)

from opendata.reform.extract import article_sentences  # noqa: E402
from opendata.reform.findings import find_findings  # noqa: E402

NAMES = ("results", "limitations", "tasks", "findings (any kind)")


def _matches(ps: list[dict], gs: list[dict], kind_matters: bool) -> list[tuple[int, int]]:
    def s(p, g):
        if kind_matters and p["kind"] != g["kind"]:
            return 0.0
        o = overlap(p.get("span"), tuple(g["span"]))
        return o if o >= OVERLAP else 0.0
    return _one_to_one(ps, gs, s)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--pages", type=Path)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--ids", default="", help="only these gold ids (comma-separated)")
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()
    only = set(filter(None, args.ids.split(",")))
    articles = load_articles(args.corpus, args.pages)
    total = {k: Count() for k in NAMES}
    scored = 0
    for g in load_gold(args.gold):
        if only and g["id"] not in only:
            continue
        a = articles.get(g["id"])
        if (not g["events"] or "findings" not in g.get("annotated", ANNOTATED) or a is None
                or sha1(a["text"]) != g["sha1"]):
            continue
        scored += 1
        text = a["text"]
        prop = Prop(findings=[{"kind": f.kind, "text": f.text, "sentence": f.sentence}
                              for f in find_findings(article_sentences(a))])
        place(text, prop)
        golds = [f for e in g["events"] for f in e.get("findings", [])]
        for kind, name in zip(FINDING_KINDS, NAMES, strict=False):
            ps = [p for p in prop.findings if p["kind"] == kind]
            gs = [x for x in golds if x["kind"] == kind]
            n = len(_matches(ps, gs, True))
            total[name].add(Count(n, len(ps), n, len(gs)))
        pairs = _matches(prop.findings, golds, False)
        total[NAMES[-1]].add(Count(len(pairs), len(prop.findings), len(pairs), len(golds)))
        if args.show:
            kinded = _matches(prop.findings, golds, True)
            hit_p, hit_g = {i for i, _ in kinded}, {j for _, j in kinded}
            print(f"===== {g['id']}  proposed {len(prop.findings)}  gold {len(golds)}  "
                  f"kind-matched {len(kinded)}")
            for j, x in enumerate(golds):
                if j not in hit_g:
                    print(f"  MISS {x['kind'][:5]:5} {text[x['span'][0]:x['span'][1]]}")
            for i, p in enumerate(prop.findings):
                if i not in hit_p:
                    print(f"  XTRA {p['kind'][:5]:5} {p['text']}")
    print(f"gold: {args.gold.name}, {scored} articles with an event and annotated findings\n")
    print(f"{'record':<22} {'precision':>9} {'recall':>8} {'right/proposed':>15} {'found/gold':>11}")
    for name in NAMES:
        c = total[name]
        p = "   –  " if c.precision is None else f"{c.precision * 100:5.1f}%"
        r = "   –  " if c.recall is None else f"{c.recall * 100:5.1f}%"
        print(f"{name:<22} {p:>9} {r:>8} {f'{c.tp_p}/{c.n_p}':>15} {f'{c.tp_g}/{c.n_g}':>11}")


if __name__ == "__main__":
    main()
