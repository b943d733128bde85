"""Proposals as text a person reads before `--apply`."""

from __future__ import annotations

from .extract import Proposal


def as_text(proposals: list[Proposal], curated: set[str]) -> str:
    lines, counts = [], {"events": 0, "people": 0, "findings": 0}
    for p in proposals:
        lines.append(f"{p.news_id}  {p.title}")
        if not p.events:
            lines.append(f"  no event: {p.reason}")
            continue
        if p.news_id in curated:
            lines.append("  (this article has curated records: --apply keeps them)")
        for n, (event_id, e) in enumerate(zip(p.event_ids(), p.events, strict=True)):
            counts["events"] += 1
            when = " ".join(x for x in (e.part_of_day, e.day.isoformat() if e.day else "no day given") if x)
            years = ", ".join(x for x in (f"reviewed {e.year_reviewed}" if e.year_reviewed else "",
                                          f"plan {e.plan_year}" if e.plan_year else "") if x)
            unit = p.organiser_unit_ids[n]
            organiser = f"{e.organiser} ({unit or 'unit not found'})" if e.organiser else "organiser ?"
            lines.append(f"  event     [{e.confidence:.2f}] {event_id} {e.kind} {when}, {organiser}; "
                         f"reform {p.focus[n]}" + (f"; {years}" if years else ""))
            lines.append(f"            {e.title}")
            for person in p.people_of[n]:
                counts["people"] += 1
                who = person.name + (" (group)" if person.is_group else "")
                roles = " ; ".join(f"{a} | {b}" if a else b for a, b in person.pairs)
                lines.append(f"  {person.participation:<9} [{person.confidence:.2f}] {who}" + (f" — {roles}" if roles else ""))
            if n == 0:
                for f in p.findings:
                    counts["findings"] += 1
                    areas = f" {{{', '.join(f.areas)}}}" if f.areas else ""
                    lines.append(f"  {f.kind:<9} [{f.confidence:.2f}] {f.text}{areas}")
    lines.append(("\n" if lines else "") + f"{len(proposals)} article(s): {counts['events']} event(s), {counts['people']} people or groups, "
                 f"{counts['findings']} finding(s).")
    return "\n".join(lines)
