"""Helpers to grow the gold set of `bench/reform_gold.py` without putting corpus text in the repo.

    python bench/gold_offsets.py sample --corpus C [--seed 15 --topic 85 --mention 15]
    python bench/gold_offsets.py show   --corpus C [--pages P] ID          # the text, with offsets
    python bench/gold_offsets.py find   --corpus C [--pages P] ID "phrase" # offsets of a phrase
    python bench/gold_offsets.py build  --corpus C [--pages P] DRAFT.json [--gold bench/reform_gold.jsonl]

`sample` prints the articles to annotate, drawn with a fixed seed. `show` and `find` print
to the terminal only. `build` reads a draft kept OUTSIDE the repository (e.g. /tmp): a JSON
list of {"id", "note"?, "annotated"?: ["events", "people"] (findings left out), "events": [{"kind", "date", "reform": "topic"|"item"|"mention",
"trigger": PHRASE, "organisers": [PHRASE], "people": [{"participation", "name": PHRASE,
"role": PHRASE|null, "role_parts"?: [PHRASE, …], "group"?: true}], "findings": [{"kind", "text": PHRASE}]}]}, finds
each phrase in the article text (a PHRASE may be "words" or ["words", "anchor"] to take the
first occurrence after the anchor phrase; names and roles are looked for inside or after the
trigger first) and writes or replaces that article's gold line with offsets only: no phrase
of the draft reaches the gold file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reform_gold import GOLD, check_gold_row, load_articles, sample, sha1  # noqa: E402

HEADER = {"header": (
    "Gold set for bench/reform_gold.py: offsets only, never corpus text. Offsets are [start, end) "
    "character offsets into normalize(title) + '\\n\\n' + normalize(body) (opendata.vntext.normalize: NFC, "
    "Ð->Đ, invisible characters removed); a portal page's title is its 'Title: ' header and its body what "
    "follows the first blank line of the normalized file. sha1/length are of that text. One line per article; "
    "each person once as chair > attendee > speaker; findings are clauses (list items separately). Events: "
    "meetings, conferences, trainings, inspections, workshops, dialogues, ceremonies the article reports as held "
    "and at which administrative reform is the topic ('reform': 'topic'), one item of the agenda ('item') or is spoken "
    "of ('mention'); events "
    "with nothing of reform are not annotated (the extractor should not propose them). Kinds: a working session "
    "(buổi làm việc) or council/committee sitting is 'hop', an inspection visit 'kiem-tra', a forum 'hoi-thao', a "
    "press conference or a reception 'khac', a signing or launch 'le'. Chair only where the text says so (chủ trì); "
    "someone who opens or concludes without that is a speaker. Dates only from the text (null when it gives no "
    "day). 'annotated' lists what was annotated "
    "when not everything (findings of very long articles).")}


class NotFound(Exception):
    pass


def find(text: str, phrase, start: int = 0, prefer: tuple[int, int] | None = None) -> list[int]:
    anchor = None
    if isinstance(phrase, list):
        phrase, anchor = phrase
    if anchor is not None:
        i = text.find(anchor, start)
        if i < 0:
            raise NotFound(f"anchor not found: {anchor!r}")
        start = i
    elif prefer:
        i = text.find(phrase, max(prefer[0], 0))
        if i >= 0:
            return [i, i + len(phrase)]
    i = text.find(phrase, start)
    if i < 0:
        raise NotFound(f"phrase not found: {phrase!r}")
    return [i, i + len(phrase)]


def gold_row(text: str, draft: dict) -> dict:
    row = {"id": draft["id"], "sha1": sha1(text), "length": len(text), "events": []}
    for key in ("note", "annotated"):
        if draft.get(key):
            row[key] = draft[key]
    for e in draft.get("events", []):
        trigger = find(text, e["trigger"]) if e.get("trigger") else None
        ev = {"kind": e["kind"], "date": e.get("date"), "reform": e.get("reform", "topic"), "trigger": trigger,
              "organisers": [find(text, o, prefer=trigger) for o in e.get("organisers", [])], "people": [],
              "findings": []}
        for p in e.get("people", []):
            name = find(text, p["name"], prefer=trigger)
            role = find(text, p["role"], prefer=(name[0], name[1])) if p.get("role") else None
            if role and isinstance(p["role"], str):      # the role nearest the name, before or after it
                before = text.rfind(p["role"], 0, name[0])
                after = text.find(p["role"], name[1])
                cands = [c for c in (before, after) if c >= 0]
                c = min(cands, key=lambda c: min(abs(c - name[1]), abs(name[0] - c - len(p["role"]))))
                role = [c, c + len(p["role"])]
            person = {"participation": p["participation"], "name": name, "role": role}
            if p.get("role_parts"):                       # a role on both sides of the name
                person["role_parts"] = [find(text, part, prefer=(name[0] - len(part) - 3, name[1]))
                                        for part in p["role_parts"]]
            if p.get("group"):
                person["group"] = True
            ev["people"].append(person)
        for f in e.get("findings", []):
            ev["findings"].append({"kind": f["kind"], "span": find(text, f["text"], prefer=trigger)})
        ev = {k: v for k, v in ev.items() if v is not None}
        row["events"].append(ev)
    check_gold_row(row)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["sample", "show", "find", "build"])
    ap.add_argument("args", nargs="*")
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--pages", type=Path)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--topic", type=int, default=85)
    ap.add_argument("--mention", type=int, default=15)
    a = ap.parse_intermixed_args()
    articles = load_articles(a.corpus, a.pages)
    if a.command == "sample":
        topic, mention = sample(articles, a.seed, a.topic, a.mention)
        print(f"# seed {a.seed}: {len(topic)} that speak of reform (title or first paragraph), "
              f"{len(mention)} that only mention it")
        for i in topic:
            print("topic", i, articles[i]["title"][:90])
        for i in mention:
            print("mention", i, articles[i]["title"][:90])
    elif a.command == "show":
        text = articles[a.args[0]]["text"]
        pos = 0
        for line in text.split("\n"):
            print(f"[{pos}] {line}")
            pos += len(line) + 1
    elif a.command == "find":
        text = articles[a.args[0]]["text"]
        i = text.find(a.args[1])
        while i >= 0:
            print([i, i + len(a.args[1])])
            i = text.find(a.args[1], i + 1)
    else:
        drafts = json.loads(Path(a.args[0]).read_text(encoding="utf-8"))
        rows = {}
        if a.gold.exists():
            for line in a.gold.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    r = json.loads(line)
                    if "header" not in r:
                        rows[r["id"]] = r
        ok = True
        for d in drafts:
            try:
                rows[d["id"]] = gold_row(articles[d["id"]]["text"], d)
            except (NotFound, KeyError, AssertionError) as err:
                ok = False
                print(f"{d['id']}: {err}", file=sys.stderr)
        with open(a.gold, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(HEADER, ensure_ascii=False) + "\n")
            for r in rows.values():
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"{a.gold}: {len(rows)} articles")
        sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
