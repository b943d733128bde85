"""Read one article and propose its reform event, people and findings, as table rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..units import Units, valid_on
from ..vntext import comparable, fold, sentences
from .areas import REFORM_WORK_ONLY, speaks_of_reform
from .events import Event, find_event, organiser_units
from .findings import Finding, find_findings
from .people import Person, attendees, chairs, speakers


@dataclass
class Proposal:
    """What `extract` proposes for one article; `event` is None when it reports none."""

    news_id: str
    title: str
    event: Event | None = None
    organiser_unit_id: str = ""
    people: list[Person] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    reason: str = ""              # why there is no event

    @property
    def event_id(self) -> str:
        return f"{self.news_id}-1"

    def rows(self, provenance: str = "extracted") -> dict[str, list[dict]]:
        """The proposal as rows of reform_events, event_people and event_findings."""
        if not self.event:
            return {"reform_events": [], "event_people": [], "event_findings": []}
        e = self.event
        event = {"id": self.event_id, "news_id": self.news_id, "kind": e.kind, "title": e.title,
                 "event_date": e.day.isoformat(), "part_of_day": e.part_of_day,
                 "organiser_unit_id": self.organiser_unit_id, "organiser": e.organiser,
                 "year_reviewed": _int(e.year_reviewed), "plan_year": _int(e.plan_year),
                 "provenance": provenance, "source_text": e.sentence}
        people = [{"event_id": self.event_id, "seq": str(i), "participation": p.participation,
                   "is_group": "true" if p.is_group else "false", "name": p.name, "role": p.role,
                   "positions": " ; ".join(p.positions), "provenance": provenance, "source_text": p.sentence}
                  for i, p in enumerate(self.people, 1)]
        findings = [{"event_id": self.event_id, "seq": str(i), "kind": f.kind, "text": f.text,
                     "areas": ";".join(f.areas), "provenance": provenance, "source_text": f.sentence}
                    for i, f in enumerate(self.findings, 1)]
        return {"reform_events": [event], "event_people": people, "event_findings": findings}

    def as_dict(self) -> dict:
        """For `--format json`: the rows plus confidences and (position, body) pairs."""
        rows = self.rows()
        out = {"news_id": self.news_id, "title": self.title, "reason": self.reason or None,
               "event": None, "people": [], "findings": []}
        if self.event:
            out["event"] = {**rows["reform_events"][0], "year_reviewed": self.event.year_reviewed,
                            "plan_year": self.event.plan_year, "confidence": self.event.confidence}
            out["people"] = [{**row, "is_group": p.is_group, "seq": int(row["seq"]), "confidence": p.confidence,
                              "positions": [{"position": a, "body": b} for a, b in p.pairs]}
                             for row, p in zip(rows["event_people"], self.people, strict=True)]
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


def extract_news(news: dict, units: Units) -> Proposal:
    """Propose the reform event of one news row (a dict of the news table)."""
    proposal = Proposal(news["id"], news["title"])
    text = "\n".join((news["title"], news.get("lead") or "", news.get("body") or ""))
    if not speaks_of_reform(text):
        proposal.reason = "does not speak of administrative reform"
        return proposal
    said = article_sentences(news)
    published = datetime.fromisoformat(news["published_at"]).date()
    event = find_event([s for _, s in said], published)
    if event is None:
        proposal.reason = "no dated event (hội nghị, họp, tập huấn …) in its opening sentences"
        return proposal
    proposal.event = event
    proposal.organiser_unit_id = organiser_unit(event, news, units)
    used = {event.sentence}
    people: list[Person] = []
    for _, sentence in said:
        found = chairs(sentence) or attendees(sentence)
        if found:
            used.add(sentence)
        people += found
    for _, sentence in said:
        people += speakers(sentence)
    proposal.people = _unique(people)
    proposal.findings = find_findings([(p, s) for p, s in said if s not in used])
    if not speaks_of_reform(f"{event.title}\n{event.sentence}"):
        for f in proposal.findings:               # direction and impact are criteria of reform work only
            f.areas = [a for a in f.areas if a not in REFORM_WORK_ONLY]
    return proposal


def _unique(people: list[Person]) -> list[Person]:
    """Each person once, chairs first, in the order the article names them."""
    seen, out = set(), []
    order = {"chair": 0, "attendee": 1, "speaker": 2}
    for p in sorted(people, key=lambda p: order[p.participation]):
        key = comparable(p.name)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def organiser_unit(event: Event, news: dict, units: Units) -> str:
    """The unit that organised the event, on the event's day: one named by the organiser
    ('UBND xã Long Môn') near the article's own unit, else the article's unit when the
    organiser names only its level ('UBND xã')."""
    day = event.day.isoformat()
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

