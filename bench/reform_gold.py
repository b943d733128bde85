"""How right `opendata extract` is, against a gold set annotated by hand.

    python bench/reform_gold.py --corpus ../shared/corpus/articles.jsonl \
        --pages ../shared/corpus/portal_pages [--gold bench/reform_gold.jsonl] [--show] [--half odd|even]

The gold file holds no corpus text (the text belongs to its publishers): one JSON line per
article with its id, the sha1 and length of the article text, and for each event its kind
code, ISO date, and character offsets [start, end) of the trigger sentence, the organisers,
the people (name, role; participation chair / attendee / speaker) and the findings (result /
limitation / task, the clause).

THE ARTICLE TEXT the offsets point into (`article_text`):
    vntext.normalize(title) + "\\n\\n" + vntext.normalize(body)
- a corpus record (`articles.jsonl`, key `id`): its `title` and `body` fields;
- a portal page (`<pages>/<stem>.txt`, id = the file's stem): the whole file is normalized
  first, then split at the first blank line; the title is the `Title: ` header line, the
  body everything after that blank line.
`normalize` is NFC with `Ð/ð` mapped to `Đ/đ` and invisible characters removed. If the
sha1 of a rebuilt text differs from the gold's, that article is skipped and reported.

Scoring (`score`): proposals are located in the article text (the extractor gives strings
and the sentence they came from) and matched one to one with gold records:
- events: the article's proposed events and gold events, one to one: same ISO date (or both
  without a day) and kind, else the proposal's trigger sentence overlaps the gold trigger;
  fields "date right", "kind right" and "reform focus agrees" (the proposal's reform_focus
  against the gold's `reform`: topic ~ core or item, item ~ item, mention ~ mention) are
  counted over matched events;
- people: within the article (all its events pooled, on both sides), name spans overlap or
  folded names are equal; a chair/attendee/speaker record is right
  when the matched gold person has the same participation; "role right" compares the folded
  role texts (both empty is right; a role written on both sides of the name is kept as
  `role_parts`, joined by ", ");
- organisers: each proposed organiser (co-organisers one by one) against each gold organiser
  span, one to one, overlap >= 50 % or equal folded text;
- findings: same kind and clause overlap >= 50 % (shared characters / the longer span);
  "findings" overall ignores the kind.
A gold line may say `"annotated": ["events", "people"]`: its findings were not annotated (a
long article with dozens of them), so neither its gold nor its proposed findings are counted.
Each person appears once in gold with the first that applies of chair > attendee > speaker
(the extractor's convention); a group ("Thành viên BCĐ") is a person with `"group": true`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from opendata.vntext import fold, normalize  # noqa: E402

GOLD = Path(__file__).resolve().parent / "reform_gold.jsonl"
KINDS = ("hoi-nghi", "hop", "tap-huan", "kiem-tra", "hoi-thao", "doi-thoai", "le", "khac")
PARTICIPATION = ("chair", "attendee", "speaker")
FINDING_KINDS = ("result", "limitation", "task")
OVERLAP = 0.5
ANNOTATED = ("events", "people", "findings")     # what a gold line annotates unless it says less


# --- the article text -------------------------------------------------------------------

def article_text(title: str, body: str) -> str:
    return normalize(title) + "\n\n" + normalize(body)


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _when(value: str | None) -> str:
    if not value:
        return "2000-01-01T00:00:00+07:00"             # the extractor needs one; a missing year stays wrong
    value = value.replace("Z", "+00:00")
    return value + "T00:00:00+07:00" if len(value) == 10 else value


def load_articles(corpus: Path | None, pages: Path | None) -> dict[str, dict]:
    """id -> news row (as the extractor reads it) plus `text`, the text offsets point into."""
    out: dict[str, dict] = {}
    if corpus:
        with open(corpus, encoding="utf-8") as fh:
            for line in fh:
                a = json.loads(line)
                title, body = normalize(a["title"]), normalize(a["body"])
                out[a["id"]] = {"id": a["id"], "title": title, "lead": "", "body": body,
                                "published_at": _when(a.get("published") or a.get("crawled")),
                                "unit_id": "", "text": title + "\n\n" + body, "source": "corpus"}
    if pages:
        for path in sorted(pages.glob("*.txt")):
            head, _, body = normalize(path.read_text(encoding="utf-8")).partition("\n\n")
            fields = dict(line.split(": ", 1) for line in head.splitlines()[1:] if ": " in line)
            title = fields.get("Title", "")
            out[path.stem] = {"id": path.stem, "title": title, "lead": "", "body": body,
                              "published_at": _when(fields.get("Published")), "unit_id": "",
                              "text": title + "\n\n" + body, "source": "page"}
    return out


def load_gold(path: Path, half: str | None = None) -> list[dict]:
    """The gold rows; `half` "odd" or "even" keeps only the rows on odd / even lines, counted
    from 1 over the non-comment lines (the header line is line 1), so rules designed on one half
    can be checked on the other."""
    rows, kept = [], 0
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if line and not line.startswith("#") and not line.startswith("//"):
                kept += 1
                row = json.loads(line)
                if "header" not in row and (half is None or (kept % 2 == 1) == (half == "odd")):
                    check_gold_row(row, n)
                    rows.append(row)
    return rows


def check_gold_row(row: dict, n: int = 0) -> None:
    where = f"gold line {n} ({row.get('id')})"
    assert {"id", "sha1", "length", "events"} <= row.keys(), where
    for e in row["events"]:
        assert e["kind"] in KINDS, f"{where}: kind {e['kind']}"
        assert e.get("date") is None or len(e["date"]) == 10, f"{where}: date {e.get('date')}"
        for p in e.get("people", []):
            assert p["participation"] in PARTICIPATION, where
        for f in e.get("findings", []):
            assert f["kind"] in FINDING_KINDS, where
        for span in _spans(e):
            assert 0 <= span[0] < span[1] <= row["length"], f"{where}: span {span}"


def _spans(e: dict):
    if e.get("trigger"):
        yield e["trigger"]
    yield from e.get("organisers", [])
    for p in e.get("people", []):
        yield p["name"]
        if p.get("role"):
            yield p["role"]
        yield from p.get("role_parts", [])
    for f in e.get("findings", []):
        yield f["span"]


# --- locating proposals in the text -----------------------------------------------------

def locate(text: str, needle: str, near: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """Where `needle` is in `text`: inside `near` first, exactly, then case- and
    diacritic-blind (fold keeps one character per NFC character), else anywhere."""
    needle = needle.strip()
    if not needle:
        return None
    folded_text, folded_needle = fold(text), fold(needle)
    foldable = len(folded_text) == len(text)
    for lo, hi in ([near] if near else []) + [(0, len(text))]:
        i = text.find(needle, lo, hi)
        if i < 0 and foldable:                   # "Xây dựng …" for "… yêu cầu xây dựng …"
            i = folded_text.find(folded_needle, lo, hi)
        if i >= 0:
            return i, i + len(needle)
    return None


def overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> float:
    """Shared characters over the longer span."""
    if not a or not b:
        return 0.0
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return max(shared, 0) / max(a[1] - a[0], b[1] - b[0])


def _key(text: str) -> str:
    return " ".join(fold(text).replace(",", " ").replace(":", " ").split()).strip(" .;-–")


# --- proposals as plain records (so tests can build them by hand) -----------------------

@dataclass
class Prop:
    """One article's proposal, reduced to what is scored; spans are filled by `place`."""
    event: dict | None = None          # {"kind", "date", "sentence", "organiser", "focus"?}: the main event
    events: list[dict] = field(default_factory=list)      # all of them, the main one first (else [event])
    people: list[dict] = field(default_factory=list)      # {"participation", "name", "role", "sentence"}
    findings: list[dict] = field(default_factory=list)    # {"kind", "text", "sentence"}


def from_proposal(p) -> Prop:
    """An `opendata.reform.Proposal` as a Prop."""
    out = Prop()
    for n, e in enumerate(getattr(p, "events", None) or ([p.event] if p.event else [])):
        focus = p.focus[n] if getattr(p, "focus", None) else None
        out.events.append({"kind": e.kind, "date": e.day.isoformat() if e.day else None, "sentence": e.sentence,
                           "organiser": e.organiser, "organisers": list(getattr(e, "organisers", [e.organiser])),
                           "focus": focus})
    out.event = out.events[0] if out.events else None
    out.people = [{"participation": x.participation, "name": x.name, "role": x.role, "sentence": x.sentence,
                   "group": x.is_group} for x in p.people]
    out.findings = [{"kind": f.kind, "text": f.text, "sentence": f.sentence} for f in p.findings]
    return out


def place(text: str, prop: Prop) -> int:
    """Give each proposed record a span in `text`; returns how many could not be placed."""
    missing = 0
    for event in _events(prop):
        event["span"] = locate(text, event["sentence"])
        sentence = event["span"]
        event["organiser_spans"] = [locate(text, o, sentence) for o in _organisers(event)]
        missing += event["span"] is None
    for rec in prop.people + prop.findings:
        sentence = locate(text, rec.get("sentence") or "")
        rec["span"] = locate(text, rec.get("name") or rec.get("text") or "", sentence)
        missing += rec["span"] is None
    return missing


# --- counting ---------------------------------------------------------------------------

@dataclass
class Count:
    tp_p: int = 0      # proposals that are right
    n_p: int = 0       # proposals
    tp_g: int = 0      # gold records found
    n_g: int = 0       # gold records

    def add(self, other: Count) -> None:
        self.tp_p += other.tp_p
        self.n_p += other.n_p
        self.tp_g += other.tp_g
        self.n_g += other.n_g

    @property
    def precision(self) -> float | None:
        return self.tp_p / self.n_p if self.n_p else None

    @property
    def recall(self) -> float | None:
        return self.tp_g / self.n_g if self.n_g else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)


@dataclass
class Field:
    right: int = 0
    of: int = 0

    def add(self, other: Field) -> None:
        self.right += other.right
        self.of += other.of


RECORDS = ("events", "organisers", "people (any participation)", "chairs", "attendees", "speakers",
           "results", "limitations", "tasks", "findings (any kind)")
RECALL_ONLY = ("  events, reform the topic", "  events, reform mentioned")   # gold split; proposals carry no such flag
FIELDS = ("event date right", "event kind right", "reform focus agrees", "participation right", "role right")
# The gold's `reform` label against the proposal's reform_focus: a topic is core (or item, where
# the gold says nothing finer), an item is item, a mention is mention.
FOCUS_AGREES = {"topic": ("core", "item"), "item": ("item",), "mention": ("mention",)}


def _events(prop: Prop) -> list[dict]:
    return prop.events or ([prop.event] if prop.event else [])


def _organisers(event: dict) -> list[str]:
    """The proposed organisers of an event: its list, else its one string."""
    found = event.get("organisers")
    if found is None:
        found = [event.get("organiser") or ""]
    return [o for o in found if o.strip()]


def _one_to_one(props: list, golds: list, score) -> list[tuple[int, int]]:
    """Greedy best-first pairs (i proposal, j gold) with score > 0."""
    cands = sorted(((score(p, g), i, j) for i, p in enumerate(props) for j, g in enumerate(golds)),
                   reverse=True)
    used_p, used_g, pairs = set(), set(), []
    for s, i, j in cands:
        if s > 0 and i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def _span_text(text: str, span) -> str:
    return text[span[0]:span[1]] if span else ""


def gold_role(text: str, person: dict) -> str:
    """The role as written: one span, or parts around the name joined by ", "
    ("Phó Thủ tướng Thường trực Chính phủ [name], Trưởng ban Chỉ đạo …")."""
    if person.get("role_parts"):
        return ", ".join(_span_text(text, s) for s in person["role_parts"])
    return _span_text(text, person.get("role"))


def score(text: str, gold: dict, prop: Prop) -> tuple[dict[str, Count], dict[str, Field]]:
    """Counts for one article: `prop` already placed (see `place`)."""
    counts = {k: Count() for k in RECORDS + RECALL_ONLY}
    fields = {k: Field() for k in FIELDS}
    events = gold["events"]
    counts["events"].n_g = len(events)

    # events
    props = _events(prop)
    counts["events"].n_p = len(props)

    def event_score(p, g):
        if p["date"] == g.get("date") and p["kind"] == g["kind"]:
            return 2.0
        o = overlap(p.get("span"), tuple(g["trigger"]) if g.get("trigger") else None)
        return 1.0 + o if o > 0 else 0.0
    pairs = _one_to_one(props, events, event_score)
    counts["events"].tp_p = counts["events"].tp_g = len(pairs)
    for j, e in enumerate(events):                   # recall by how much the event is about reform
        central = e.get("reform", "topic") in ("topic", "item")          # an agenda item counts with the topic
        which = "  events, reform the topic" if central else "  events, reform mentioned"
        counts[which].n_g += 1
        counts[which].tp_g += any(j == jj for _, jj in pairs)
    for i, j in pairs:
        fields["event date right"].of += 1
        fields["event date right"].right += props[i]["date"] == events[j].get("date")
        fields["event kind right"].of += 1
        fields["event kind right"].right += props[i]["kind"] == events[j]["kind"]
        if props[i].get("focus"):
            fields["reform focus agrees"].of += 1
            fields["reform focus agrees"].right += props[i]["focus"] in FOCUS_AGREES[events[j].get("reform", "topic")]

    # organisers: each proposed organiser (co-organisers one by one) against each gold organiser span
    org = counts["organisers"]
    gold_orgs = [tuple(s) for e in events for s in e.get("organisers", [])]
    mine = [(name, span) for e in props for name, span in zip(_organisers(e), e.get("organiser_spans") or
                                                             [None] * len(_organisers(e)), strict=True)]
    org.n_g, org.n_p = len(gold_orgs), len(mine)
    org.tp_p = org.tp_g = len(_one_to_one(mine, gold_orgs, lambda m, g: 1.0 if (
        overlap(m[1], g) >= OVERLAP or _key(m[0]) == _key(_span_text(text, g))) else 0.0))

    # people
    gold_people = [p for e in events for p in e.get("people", [])]

    def person_score(p, g):
        s = overlap(p.get("span"), tuple(g["name"]))
        if _key(p["name"]) == _key(_span_text(text, g["name"])):
            s = max(s, 1.0)
        return s
    pairs = _one_to_one(prop.people, gold_people, person_score)
    anyp = counts["people (any participation)"]
    anyp.n_p, anyp.n_g = len(prop.people), len(gold_people)
    anyp.tp_p = anyp.tp_g = len(pairs)
    for part, name in zip(PARTICIPATION, ("chairs", "attendees", "speakers"), strict=True):
        c = counts[name]
        c.n_p = sum(p["participation"] == part for p in prop.people)
        c.n_g = sum(g["participation"] == part for g in gold_people)
        right = sum(prop.people[i]["participation"] == part == gold_people[j]["participation"] for i, j in pairs)
        c.tp_p = c.tp_g = right
    for i, j in pairs:
        p, g = prop.people[i], gold_people[j]
        fields["participation right"].of += 1
        fields["participation right"].right += p["participation"] == g["participation"]
        fields["role right"].of += 1
        fields["role right"].right += _key(p.get("role") or "") == _key(gold_role(text, g))

    # findings (not scored where the annotator left them out: a long article, see `annotated`)
    if "findings" not in gold.get("annotated", ANNOTATED):
        for name in ("results", "limitations", "tasks", "findings (any kind)"):
            counts[name] = Count()
        return counts, fields
    gold_findings = [f for e in events for f in e.get("findings", [])]

    def finding_score(kind_matters):
        def s(p, g):
            if kind_matters and p["kind"] != g["kind"]:
                return 0.0
            o = overlap(p.get("span"), tuple(g["span"]))
            return o if o >= OVERLAP else 0.0
        return s
    for kind, name in zip(FINDING_KINDS, ("results", "limitations", "tasks"), strict=True):
        ps = [p for p in prop.findings if p["kind"] == kind]
        gs = [g for g in gold_findings if g["kind"] == kind]
        n = len(_one_to_one(ps, gs, finding_score(True)))
        counts[name] = Count(n, len(ps), n, len(gs))
    n = len(_one_to_one(prop.findings, gold_findings, finding_score(False)))
    counts["findings (any kind)"] = Count(n, len(prop.findings), n, len(gold_findings))
    return counts, fields


def table(counts: dict[str, Count], fields: dict[str, Field]) -> str:
    def pct(x):
        return "   –  " if x is None else f"{x * 100:5.1f}%"
    lines = [f"{'record':<28} {'precision':>9} {'recall':>8} {'F1':>8} {'right/proposed':>15} {'found/gold':>11}"]
    for k in RECORDS + RECALL_ONLY:
        c = counts.get(k, Count())
        if k in RECALL_ONLY:
            lines.append(f"{k:<28} {'':>9} {pct(c.recall):>8} {'':>8} {'':>15} {f'{c.tp_g}/{c.n_g}':>11}")
            continue
        lines.append(f"{k:<28} {pct(c.precision):>9} {pct(c.recall):>8} {pct(c.f1):>8} "
                     f"{f'{c.tp_p}/{c.n_p}':>15} {f'{c.tp_g}/{c.n_g}':>11}")
    lines.append("")
    lines.append(f"{'field (over matched records)':<28} {'right':>9} {'':>8} {'':>8} {'right/matched':>15}")
    for k in FIELDS:
        f = fields[k]
        lines.append(f"{k:<28} {pct(f.right / f.of if f.of else None):>9} {'':>8} {'':>8} {f'{f.right}/{f.of}':>15}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--pages", type=Path)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--show", action="store_true", help="per article: what was missed and what was wrong")
    ap.add_argument("--half", choices=("odd", "even"), help="score only the gold rows on odd / even lines")
    args = ap.parse_args()

    from opendata.package import Package
    from opendata.reform import extract_news
    from opendata.units import Units

    units = Units(Package(ROOT / "datapackage.json").read("units"))
    articles = load_articles(args.corpus, args.pages)
    gold = load_gold(args.gold, args.half)
    total = {k: Count() for k in RECORDS + RECALL_ONLY}
    total_fields = {k: Field() for k in FIELDS}
    skipped, unplaced, with_event = [], 0, 0
    for g in gold:
        a = articles.get(g["id"])
        if a is None or sha1(a["text"]) != g["sha1"] or len(a["text"]) != g["length"]:
            skipped.append((g["id"], "missing" if a is None else "text changed (sha1)"))
            continue
        prop = from_proposal(extract_news(a, units))
        unplaced += place(a["text"], prop)
        with_event += bool(g["events"])
        counts, fields = score(a["text"], g, prop)
        for k in RECORDS + RECALL_ONLY:
            total[k].add(counts[k])
        for k in FIELDS:
            total_fields[k].add(fields[k])
        if args.show:
            print(f"{g['id']}: " + "  ".join(f"{k} {c.tp_p}/{c.n_p}p {c.tp_g}/{c.n_g}g"
                                            for k, c in counts.items() if c.n_p or c.n_g))
    scored = len(gold) - len(skipped)
    print(f"gold: {args.gold.name}, {scored} articles scored ({with_event} with an event, "
          f"{scored - with_event} without), {len(skipped)} skipped; "
          f"{unplaced} proposed records could not be placed in the text (counted wrong)\n")
    for news_id, why in skipped:
        print(f"  skipped {news_id}: {why}")
    print(table(total, total_fields))


def sample(articles: dict[str, dict], seed: int, n_topic: int, n_mention: int) -> tuple[list[str], list[str]]:
    """The articles to annotate: `n_topic` drawn among those whose title or first paragraph
    speaks of reform, `n_mention` among those that only mention it further down (seed fixed)."""
    from opendata.reform.areas import speaks_of_reform
    topic, mention = [], []
    for a in articles.values():
        if a["source"] == "page":
            continue
        if speaks_of_reform(a["title"] + "\n" + a["body"].split("\n")[0]):
            topic.append(a["id"])
        elif speaks_of_reform(a["text"]):
            mention.append(a["id"])
    rng = random.Random(seed)
    return (rng.sample(sorted(topic), min(n_topic, len(topic))),
            rng.sample(sorted(mention), min(n_mention, len(mention))))


if __name__ == "__main__":
    main()
