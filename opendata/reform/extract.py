"""Read one article and propose its reform event, people and findings, as table rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone

from ..units import Units, valid_on
from ..vntext import comparable, fold, fold_chars, sentences
from .areas import REFORM_WORK_ONLY, reform_phrase, speaks_of_reform
from .events import Event, find_events, kind_at_start, organiser_units
from .findings import Finding, find_findings
from .people import Person, attendees, came, chair_title, chairs, counterparts, signers, speakers

VIETNAM = timezone(timedelta(hours=7))


FOCUS = ("core", "item", "mention")          # how central reform is to an event
APPLIED_FOCUS = ("core", "item")               # what `--apply` writes unless asked for more


@dataclass
class Proposal:
    """What `extract` proposes for one article: its events, the main one first (none when it
    reports none); people and findings belong to the event whose sentence they follow."""

    news_id: str
    title: str
    events: list[Event] = field(default_factory=list)
    organiser_unit_ids: list[str] = field(default_factory=list)
    focus: list[str] = field(default_factory=list)             # reform_focus of each event
    people_of: list[list[Person]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)      # the main event's
    reason: str = ""              # why there is no event

    @property
    def event(self) -> Event | None:
        return self.events[0] if self.events else None

    @property
    def organiser_unit_id(self) -> str:
        return self.organiser_unit_ids[0] if self.organiser_unit_ids else ""

    @property
    def people(self) -> list[Person]:
        """Everyone at any of the article's events, each once."""
        return _unique([p for people in self.people_of for p in people])

    @property
    def event_id(self) -> str:
        return f"{self.news_id}-1"

    def event_ids(self) -> list[str]:
        """`<news_id>-1` for the main event, `-2`, … for the others, in the article's order."""
        return [f"{self.news_id}-{n}" for n in range(1, len(self.events) + 1)]

    def rows(self, provenance: str = "extracted", focus: tuple[str, ...] = FOCUS) -> dict[str, list[dict]]:
        """The proposal as rows of reform_events, event_people and event_findings; only the
        events whose reform_focus is in `focus` (their people and findings with them)."""
        out = {"reform_events": [], "event_people": [], "event_findings": []}
        for n, (event_id, e) in enumerate(zip(self.event_ids(), self.events, strict=True)):
            if self.focus[n] not in focus:
                continue
            out["reform_events"].append({
                "id": event_id, "news_id": self.news_id, "kind": e.kind, "title": e.title,
                "event_date": e.day.isoformat() if e.day else "", "part_of_day": e.part_of_day,
                "organiser_unit_id": self.organiser_unit_ids[n], "organiser": e.organiser,
                "year_reviewed": _int(e.year_reviewed), "plan_year": _int(e.plan_year),
                "reform_focus": self.focus[n], "provenance": provenance, "source_text": e.sentence})
            out["event_people"] += [
                {"event_id": event_id, "seq": str(i), "participation": p.participation,
                 "is_group": "true" if p.is_group else "false", "name": p.name, "role": p.role,
                 "positions": " ; ".join(p.positions), "provenance": provenance, "source_text": p.sentence}
                for i, p in enumerate(self.people_of[n], 1)]
            if n == 0:
                out["event_findings"] += [
                    {"event_id": event_id, "seq": str(i), "kind": f.kind, "text": f.text,
                     "areas": ";".join(f.areas), "provenance": provenance, "source_text": f.sentence}
                    for i, f in enumerate(self.findings, 1)]
        return out

    def as_dict(self) -> dict:
        """For `--format json`: the rows plus confidences and (position, body) pairs; `event`
        is the main event (as before several were read), `events` all of them."""
        rows = self.rows()
        out = {"news_id": self.news_id, "title": self.title, "reason": self.reason or None,
               "event": None, "events": [], "people": [], "findings": []}
        for n, (row, e) in enumerate(zip(rows["reform_events"], self.events, strict=True)):
            people_rows = [r for r in rows["event_people"] if r["event_id"] == row["id"]]
            people = [{**person_row, "is_group": p.is_group, "seq": int(person_row["seq"]),
                       "confidence": p.confidence, "positions": [{"position": a, "body": b} for a, b in p.pairs]}
                      for person_row, p in zip(people_rows, self.people_of[n], strict=True)]
            out["events"].append({**row, "organisers": e.organisers, "year_reviewed": e.year_reviewed,
                                  "plan_year": e.plan_year, "confidence": e.confidence, "people": people})
        if out["events"]:
            main = out["events"][0]
            out["event"] = {k: v for k, v in main.items() if k != "people"}
            out["people"] = main["people"]
            out["findings"] = [{**row, "seq": int(row["seq"]), "areas": f.areas, "confidence": f.confidence}
                               for row, f in zip(rows["event_findings"], self.findings, strict=True)]
        return out


def _int(value: int | None) -> str:
    return "" if value is None else str(value)


def article_sentences(news: dict) -> list[tuple[int, str]]:
    """(paragraph number, sentence) of the lead, then the body."""
    out = []
    paragraphs = [p for p in (news.get("lead") or "").split("\n") if p.strip()]
    paragraphs += [p for p in (news.get("body") or "").split("\n") if p.strip()]
    for n, paragraph in enumerate(paragraphs):
        out += [(n, s) for s in sentences(paragraph)]
    return out


def published_day(published_at: str) -> date:
    """The publish date where the article was published (UTC+7): '2026-01-30T18:00:00+00:00'
    is 31/1 in Vietnam, the day "hôm nay" means."""
    when = datetime.fromisoformat(published_at)
    if when.tzinfo is not None:
        when = when.astimezone(VIETNAM)
    return when.date()


def extract_news(news: dict, units: Units) -> Proposal:
    """Propose the reform events of one news row (a dict of the news table)."""
    proposal = Proposal(news["id"], news["title"])
    text = "\n".join((news["title"], news.get("lead") or "", news.get("body") or ""))
    if not speaks_of_reform(text):
        proposal.reason = "does not speak of administrative reform"
        return proposal
    said = article_sentences(news)
    published = published_day(news["published_at"])
    body = [s for _, s in said]
    events = (find_events(body, published, speaks_of_reform, undated=False)
              or find_events([news["title"]], published, undated=False)   # a title that is the report's first sentence
              or find_events(body, published) or find_events([news["title"]], published))
    if not events:
        proposal.reason = "no event (hội nghị, họp, tập huấn …) reported as held"
        return proposal
    proposal.events = events
    proposal.organiser_unit_ids = [organiser_unit(e, news, units) for e in events]
    headline = "\n".join((news["title"], news.get("lead") or ""))
    proposal.focus = [reform_focus(e, headline if n == 0 else "") for n, e in enumerate(events)]
    used = {e.sentence for e in events}
    people_of: list[list[Person]] = [[] for _ in events]
    starts = [e.index for e in events]
    for index, (_, sentence) in enumerate(said):
        at = max((n for n, start in enumerate(starts) if start <= index), default=0)
        found = (chairs(sentence) + attendees(sentence)) or came(sentence) or signers(sentence)
        if found:
            used.add(sentence)
        people_of[at] += found
        if any(sentence == e.sentence for e in events):
            people_of[at] += counterparts(sentence)
        people_of[at] += speakers(sentence)
    everyone = [(fold(p.role), p) for people in people_of for p in people if not p.is_group]
    named_by: dict[str, list[Person]] = {}       # each title once: many sentences, many people stay linear
    for index, (_, sentence) in enumerate(said):              # "Thủ tướng chủ trì …": the Thủ tướng named elsewhere
        title = fold(chair_title(sentence))
        if not title:
            continue
        if title not in named_by:
            named_by[title] = [p for role, p in everyone if role.startswith(title)]
        named = named_by[title]
        if len({comparable(p.name) for p in named}) == 1:
            at = max((n for n, start in enumerate(starts) if start <= index), default=0)
            people_of[at].insert(0, Person("chair", False, named[0].name, named[0].role, named[0].positions,
                                           sentence, 0.6))
    for n, event in enumerate(events):                      # "Tổ công tác … kiểm tra …" led by its "Tổ trưởng X"
        if any(_TEAM.match(o) for o in event.organisers) and not any(p.participation == "chair" for p in people_of[n]):
            heads = {comparable(p.name): p for people in people_of for p in people
                     if not p.is_group and _TEAM_HEAD.match(p.role)}
            if len(heads) == 1:
                head = next(iter(heads.values()))
                people_of[n].insert(0, Person("chair", False, head.name, head.role, head.positions, head.sentence, 0.6))
    proposal.people_of = [_unique(people) for people in people_of]
    event = events[0]
    # The article's opening sentence, when its event comes later, is a summary (sapo) of what the
    # body then says in full: no finding is quoted from it (on the gold set 12 such, none right).
    proposal.findings = find_findings([(p, s) for n, (p, s) in enumerate(said)
                                       if s not in used and not 0 == n < event.index])
    if not speaks_of_reform(f"{event.title}\n{event.sentence}"):
        for f in proposal.findings:               # direction and impact are criteria of reform work only
            f.areas = [a for a in f.areas if a not in REFORM_WORK_ONLY]
    return proposal


# A working group or delegation that organises, and its head: "Tổ công tác …" / "Tổ trưởng X", "Đoàn …" / "Trưởng đoàn X".
_TEAM = re.compile(r"(?:Tổ|Đoàn|đoàn|tổ)\s")
_TEAM_HEAD = re.compile(r"(?:Tổ trưởng|Trưởng đoàn|Trưởng Đoàn)(?![^\W_])")
# Reform named after another item of an agenda: "… kinh tế - xã hội, an toàn giao thông và cải cách hành chính".
_AGENDA_BEFORE = re.compile(r"(?:,|;|(?<![^\W_])va)\s+(?:\w+\s+){0,4}$")


def reform_focus(event: Event, headline: str = "") -> str:
    """How central reform is to an event: `core` when its title is about reform, `item` when
    reform is one item of its agenda (named after others in its title, or only in the
    article's headline or its sentence), `mention` when only the article speaks of it."""
    title = fold_chars(event.title)
    found = reform_phrase(event.title)
    if found:
        kind_end = kind_at_start(title)
        before = title[kind_end.end() if kind_end else 0:found.start()]
        return "item" if _AGENDA_BEFORE.search(before) else "core"
    if speaks_of_reform(event.sentence) or (headline and speaks_of_reform(headline)):
        return "item"
    return "mention"


def _unique(people: list[Person]) -> list[Person]:
    """Each person once, chairs first, in the order the article names them; "bà Minh Hoa" is the
    "Nguyễn Thị Minh Hoa" named before (a person's name shortened to its last syllables)."""
    kept: dict[str, Person] = {}      # every name kept, and its endings of two syllables or more
    out = []
    order = {"chair": 0, "attendee": 1, "speaker": 2}
    for p in sorted(people, key=lambda p: order[p.participation]):
        key = comparable(p.name)
        words = key.split()
        endings = [key] + ([" ".join(words[i:]) for i in range(1, len(words) - 1)] if not p.is_group else [])
        if key in kept:
            continue
        same = next((kept[e] for e in endings if e in kept), None) if not p.is_group and len(words) >= 2 else None
        if same is not None:              # "Mai Lực" kept, "Khúc Mai Lực" now: one person, the full name
            same.name = p.name if len(p.name) > len(same.name) else same.name
            kept.update((e, same) for e in endings)
            continue
        p = replace(p)                    # a copy: the full name may be written into it
        kept.update((e, p) for e in endings)
        out.append(p)
    return out


def organiser_unit(event: Event, news: dict, units: Units) -> str:
    """The unit that organised the event, on the event's day: one named by the organiser
    ('UBND xã Long Môn') near the article's own unit, else the article's unit when the
    organiser names only its level ('UBND xã')."""
    day = (event.day or published_day(news["published_at"])).isoformat()   # no day given: the article's
    home = units.get(news.get("unit_id") or "")
    province_code = _code(home.get("province_id") or home["id"]) if home else None
    named = organiser_units(event.organiser)
    for name in named:
        found = units.named(name, day)
        if len(found) > 1 and province_code:           # "xã Long Môn" in the article's province
            found = [u for u in found if _code(u.get("province_id") or u["id"]) == province_code]
        if len(found) == 1:
            return found[0]["id"]
    if home and not named and valid_on(home, day) and home.get("type"):   # "UBND xã" of a commune's own page
        if f" {fold(home['type'])} " in f" {fold(event.organiser)} ":
            return home["id"]
    return ""


def _code(unit_id: str) -> str:
    """'pre2025-51' -> '51': provinces kept their codes across the 2025 reform."""
    return unit_id.split("-", 1)[-1]

