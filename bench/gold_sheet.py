"""A blind second annotation of the gold set's findings, then its adjudication.

    python bench/gold_sheet.py sheet --corpus C --pages P --out DIR [--seed 15]
    python bench/gold_sheet.py uncovered --corpus C --pages P --out DIR
    python bench/gold_sheet.py apply --corpus C --pages P --out DIR [--write]

`sheet` pairs the gold findings with what main's extractor proposes (`reform_gold.score`'s
matching: same kind, clause overlap >= 50 %) and writes, in DIR (OUTSIDE the repository: it
holds corpus text), `origins.jsonl` (item -> where it came from) and `sheet.txt`: every clause
in disagreement (gold clause not found, proposal matched with nothing) plus as many agreed
clauses (or all of them, if fewer), shuffled with a fixed seed, each shown with its context
and no label and no origin, so the judge cannot lean toward either side.

The judge writes `verdicts.txt` in DIR, one line per item:
    ITEM KIND [|corrected|] [|second|] …     KIND: result / limitation / task / none
a corrected span is an exact phrase of the context, or "start…end" (first `start` near the
item, then the first `end` after it); several phrases split the clause into several findings.

`uncovered` prints, per article with an event, the sentences that no item touches, for a
read for findings nobody marked; the judge adds them to `added.txt` in DIR as
    ARTICLE_ID KIND |phrase| [|after anchor|]
`apply` joins verdicts to origins, prints the change counts and the agreement on the agreed
sample, and with `--write` rewrites bench/reform_gold.jsonl (header kept, sha1/length
unchanged) and bench/gold_changes.jsonl (ids and offsets only, no corpus text).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reform_gold import (GOLD, OVERLAP, _one_to_one, check_gold_row, from_proposal,  # noqa: E402
                         load_articles, overlap, place, sha1)

CHANGES = Path(__file__).resolve().parent / "gold_changes.jsonl"
CONTEXT = 90            # characters shown each side of a clause
VERDICTS = ("result", "limitation", "task", "none")


def _dump(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))


def _read_gold(path: Path) -> tuple[dict, list[dict]]:
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[0], lines[1:]


def _scored(corpus: Path, pages: Path | None, gold_path: Path):
    """(article, gold row, placed proposed findings) for each gold article with an event."""
    from opendata.package import Package
    from opendata.reform import extract_news
    from opendata.units import Units

    units = Units(Package(Path(__file__).resolve().parent.parent / "datapackage.json").read("units"))
    articles = load_articles(corpus, pages)
    _, rows = _read_gold(gold_path)
    for row in rows:
        article = articles[row["id"]]
        assert sha1(article["text"]) == row["sha1"], row["id"]
        if not row["events"]:
            continue
        prop = from_proposal(extract_news(article, units))
        place(article["text"], prop)
        yield article, row, [f for f in prop.findings if f["span"]]


def _kinded(props: list[dict], golds: list[dict]) -> list[tuple[int, int]]:
    def same(p, g):
        if p["kind"] != g["kind"]:
            return 0.0
        o = overlap(p["span"], tuple(g["span"]))
        return o if o >= OVERLAP else 0.0
    return _one_to_one(props, golds, same)


def make_sheet(args) -> None:
    disagreed, agreed = [], []
    for article, row, props in _scored(args.corpus, args.pages, args.gold):
        golds = [(n, m, f) for n, e in enumerate(row["events"]) for m, f in enumerate(e.get("findings", []))]
        pairs = _kinded(props, [f for _, _, f in golds])
        hit_p, hit_g = {i for i, _ in pairs}, {j for _, j in pairs}
        for j, (n, m, finding) in enumerate(golds):
            origin = {"id": row["id"], "span": list(finding["span"]), "gold": [n, m], "gold_kind": finding["kind"]}
            if j in hit_g:
                i = next(i for i, jj in pairs if jj == j)
                agreed.append(origin | {"proposed_kind": props[i]["kind"], "proposed_span": list(props[i]["span"])})
            else:
                disagreed.append(origin | {"side": "gold"})
        for i, p in enumerate(props):
            if i not in hit_p:
                disagreed.append({"id": row["id"], "span": list(p["span"]), "side": "proposed",
                                  "proposed_kind": p["kind"]})
    rng = random.Random(args.seed)
    sample = rng.sample(agreed, min(len(disagreed), len(agreed)))
    for origin in sample:
        origin["side"] = "agreed"
    items = disagreed + sample
    rng.shuffle(items)
    args.out.mkdir(parents=True, exist_ok=True)
    articles = load_articles(args.corpus, args.pages)
    with open(args.out / "origins.jsonl", "w", encoding="utf-8") as origins, \
            open(args.out / "sheet.txt", "w", encoding="utf-8") as sheet:
        for n, origin in enumerate(items, 1):
            origin["item"] = f"n{n}"
            origins.write(_dump(origin) + "\n")
            text = articles[origin["id"]]["text"]
            lo, hi = origin["span"]
            before = text[max(0, lo - CONTEXT):lo].replace("\n", " ¶ ")
            after = text[hi:hi + CONTEXT].replace("\n", " ¶ ")
            clause = text[lo:hi].replace("\n", " ¶ ")
            sheet.write(f"n{n} {origin['id']} {lo}-{hi}\n  …{before}⟦{clause}⟧{after}…\n")
    print(f"{len(disagreed)} clauses in disagreement, {len(sample)} agreed of {len(agreed)}; "
          f"{len(items)} items in {args.out / 'sheet.txt'}")


def _phrase_span(text: str, phrase: str, near: int, window: int = CONTEXT + 40) -> list[int]:
    """Where a judge's phrase ("words" or "start…end") is, searched from just before `near`."""
    lo = max(0, near - window)
    start_words, sep, end_words = phrase.partition("…")
    i = text.find(start_words, lo)
    if i < 0 or i > near + 2 * window + 400:
        raise SystemExit(f"phrase not found near offset {near}: {start_words!r}")
    if not sep:
        return [i, i + len(start_words)]
    j = text.find(end_words, i + len(start_words))
    if j < 0:
        raise SystemExit(f"end of phrase not found after offset {i}: {end_words!r}")
    return [i, j + len(end_words)]


def _kinded_phrase(kind: str, phrase: str) -> tuple[str, str]:
    """A phrase may name its own kind ("result:words…"), for a clause the judge splits in two."""
    head, sep, rest = phrase.partition(":")
    return (head, rest) if sep and head in VERDICTS[:3] else (kind, phrase)


def _verdicts(path: Path) -> dict[str, tuple[str, list[str]]]:
    out = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        item, kind, *_ = line.split(maxsplit=2)
        if kind not in VERDICTS:
            raise SystemExit(f"{path}:{n}: verdict {kind!r} is not one of {', '.join(VERDICTS)}")
        out[item] = (kind, re.findall(r"\|([^|]+)\|", line))
    return out


def _same_clause(a: list[int], b: list[int]) -> bool:
    """Most of one clause inside the other ("tuy nhiên chưa …" in its sentence, a clause
    without its opening words): half of the shorter span shared."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and shared >= OVERLAP * min(a[1] - a[0], b[1] - b[0])


def uncovered(args) -> None:
    origins = [json.loads(line) for line in open(args.out / "origins.jsonl", encoding="utf-8")]
    from opendata.reform.extract import article_sentences
    articles = load_articles(args.corpus, args.pages)
    _, rows = _read_gold(args.gold)
    for row in rows:
        if not row["events"]:
            continue
        spans = [o["span"] for o in origins if o["id"] == row["id"]]
        spans += [f["span"] for e in row["events"] for f in e.get("findings", [])]
        article = articles[row["id"]]
        text = article["text"]
        print(f"===== {row['id']}")
        for start, sentence in article_sentences(article):
            span = (start, start + len(sentence))
            if text[span[0]:span[1]] != sentence:
                found = text.find(sentence)
                span = (found, found + len(sentence))
            if not any(min(span[1], s[1]) > max(span[0], s[0]) for s in spans):
                print(f"  {span[0]}: {sentence}")


def apply(args) -> None:
    header, rows = _read_gold(args.gold)
    by_id = {row["id"]: row for row in rows}
    articles = load_articles(args.corpus, args.pages)
    origins = [json.loads(line) for line in open(args.out / "origins.jsonl", encoding="utf-8")]
    verdicts = _verdicts(args.out / "verdicts.txt")
    missing = [o["item"] for o in origins if o["item"] not in verdicts]
    if missing:
        raise SystemExit(f"no verdict for {len(missing)} items: {' '.join(missing[:20])} …")
    changes, counts = [], {}
    agreed_kept = agreed_total = 0
    kept: dict[str, list[dict]] = {}            # id -> the findings of the new gold, with their event
    edits: dict[tuple[str, int, int], list[dict]] = {}
    for origin in origins:
        kind, phrases = verdicts[origin["item"]]
        text = articles[origin["id"]]["text"]
        found = [_kinded_phrase(kind, p) for p in phrases]
        try:
            spans = [_phrase_span(text, p, origin["span"][0]) for _, p in found] or [origin["span"]]
        except SystemExit as err:
            raise SystemExit(f"verdicts.txt, item {origin['item']}: {err}") from None
        kinds = [k for k, _ in found] or [kind]
        if origin["side"] == "agreed":
            agreed_total += 1
            agreed_kept += kind == origin["gold_kind"] and spans == [origin["span"]]
        if "gold" in origin:
            key = (origin["id"], *origin["gold"])
            edits[key] = [] if kind == "none" else [{"kind": k, "span": s} for k, s in zip(kinds, spans, strict=True)]
            before = {"kind": origin["gold_kind"], "span": origin["span"]}
            if kind == "none":
                what = "gold finding -> none"
            elif kind != origin["gold_kind"]:
                what = "kind change" + (" and span change" if spans != [origin["span"]] else "")
            elif spans != [origin["span"]]:
                what = "span change" if len(spans) == 1 else "split"
            else:
                continue
            changes.append({"id": origin["id"], "item": origin["item"], "before": before,
                            "after": edits[key], "reason": what, "origin": origin["side"]})
        elif kind != "none":
            for k, s in zip(kinds, spans, strict=True):
                kept.setdefault(origin["id"], []).append({"kind": k, "span": s, "item": origin["item"],
                                                          "origin": "proposed"})
    for line in ((args.out / "added.txt").read_text(encoding="utf-8").splitlines()
                 if (args.out / "added.txt").exists() else []):
        if not line.strip() or line.startswith("#"):
            continue
        news_id, kind, _ = line.split(maxsplit=2)
        phrases = re.findall(r"\|([^|]+)\|", line)
        text = articles[news_id]["text"]
        anchor = text.find(phrases[1]) if len(phrases) > 1 else 0
        if anchor < 0:
            raise SystemExit(f"added.txt: anchor not found in {news_id}: {phrases[1]!r}")
        i = text.find(phrases[0].partition("…")[0], anchor)
        if i < 0:
            raise SystemExit(f"added.txt: phrase not found in {news_id}: {phrases[0]!r}")
        kept.setdefault(news_id, []).append({"kind": kind, "span": _phrase_span(text, phrases[0], i, 0),
                                             "origin": "read"})
    for row in rows:
        for n, event in enumerate(row["events"]):
            new = []
            for m, finding in enumerate(event.get("findings", [])):
                for edited in edits.get((row["id"], n, m), [finding]):
                    if any(f["span"] == edited["span"] for e in row["events"][:n] for f in e["findings"]) or \
                            any(f["span"] == edited["span"] for f in new):
                        changes.append({"id": row["id"], "item": None, "before": edited, "after": [],
                                        "reason": "merged (the same clause twice)", "origin": "gold"})
                        continue
                    new.append(edited)
            event["findings"] = new
        for extra in kept.get(row["id"], []):
            existing = [f for e in row["events"] for f in e["findings"]]
            if any(_same_clause(extra["span"], f["span"]) for f in existing):
                continue                         # the same clause, already kept from the gold side
            starts = [(e["trigger"][0] if e.get("trigger") else 0, n) for n, e in enumerate(row["events"])]
            home = max((s for s in starts if s[0] <= extra["span"][0]), default=starts[0])[1]
            row["events"][home]["findings"].append({"kind": extra["kind"], "span": extra["span"]})
            changes.append({"id": row["id"], "item": extra.get("item"), "before": None,
                            "after": [{"kind": extra["kind"], "span": extra["span"]}],
                            "reason": "none -> finding" if extra["origin"] == "proposed" else "added (read)",
                            "origin": extra["origin"]})
        for event in row["events"]:
            event["findings"].sort(key=lambda f: f["span"][0])
        assert sha1(articles[row["id"]]["text"]) == row["sha1"]
        check_gold_row(row)
    for change in changes:
        counts[change["reason"]] = counts.get(change["reason"], 0) + 1
    for reason, n in sorted(counts.items()):
        print(f"{reason:<32} {n}")
    print(f"agreed sample: {agreed_kept}/{agreed_total} kept as they were "
          f"({100 * agreed_kept / max(agreed_total, 1):.1f} %), {agreed_total - agreed_kept} overturned")
    print(f"findings: {sum(len(e['findings']) for r in rows for e in r['events'])} in the new gold")
    if args.write:
        tmp = args.gold.with_suffix(".tmp")
        tmp.write_text("\n".join(_dump(r) for r in [header] + rows) + "\n", encoding="utf-8")
        tmp.replace(args.gold)
        tmp = args.changes.with_suffix(".tmp")
        tmp.write_text("".join(_dump(c) + "\n" for c in changes), encoding="utf-8")
        tmp.replace(args.changes)
        print(f"wrote {args.gold} and {args.changes}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=("sheet", "uncovered", "apply"))
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--pages", type=Path)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--out", type=Path, required=True, help="a directory outside the repository")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--changes", type=Path, default=CHANGES, help="the change log `apply --write` writes")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    {"sheet": make_sheet, "uncovered": uncovered, "apply": apply}[args.command](args)


if __name__ == "__main__":
    main()
