"""Writing proposals into the package: curated records are never touched, and the
package is validated as it would be before anything is written."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import OpendataError
from ..package import Package
from .extract import APPLIED_FOCUS, Proposal

TABLES = ("reform_events", "event_people", "event_findings")


@dataclass
class Applied:
    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    removed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    kept_curated: list[str] = field(default_factory=list)      # news ids
    left_out: int = 0                                          # events whose reform_focus was not asked for
    written: bool = False

    def summary(self) -> str:
        parts = [f"{name}: +{self.added[name]} -{self.removed[name]}" for name in TABLES]
        kept = f"; {len(self.kept_curated)} article(s) with curated records kept as they are" if self.kept_curated else ""
        left = (f"; {self.left_out} event(s) that only mention reform left out (--with-mentions writes them)"
                if self.left_out else "")
        return ", ".join(parts) + kept + left


def curated_news(package: Package) -> set[str]:
    """Articles any of whose reform records a person curated."""
    events = package.read("reform_events")
    news_of = {e["id"]: e["news_id"] for e in events}
    out = {e["news_id"] for e in events if e["provenance"] == "curated"}
    for name in ("event_people", "event_findings"):
        out |= {news_of.get(r["event_id"], "") for r in package.read(name) if r["provenance"] == "curated"}
    return out - {""}


def apply(package: Package, proposals: list[Proposal], focus: tuple[str, ...] = APPLIED_FOCUS) -> Applied:
    """Replace the extracted records of the proposals' articles with the proposals' events
    whose reform_focus is in `focus` (core and item unless asked: an event that only
    mentions reform is not a reform event).

    An article with any curated record keeps all its records as they are. An article
    whose new proposal has no event loses its old extracted records (they came from an
    older extractor). Nothing is written unless the whole package would be valid.
    """
    done = Applied()
    tables = {name: package.read(name) for name in TABLES}
    keep = curated_news(package)
    news_of = {e["id"]: e["news_id"] for e in tables["reform_events"]}
    replacing = set()
    for p in proposals:
        if p.news_id in keep:
            done.kept_curated.append(p.news_id)
        else:
            replacing.add(p.news_id)
    for name in TABLES:
        rows = tables[name]
        news = (lambda r: r["news_id"]) if name == "reform_events" else (lambda r: news_of.get(r["event_id"], ""))
        kept = [r for r in rows if news(r) not in replacing]         # in their order: curated files stay as they are
        done.removed[name] = len(rows) - len(kept)
        tables[name] = kept
    for p in proposals:
        if p.news_id in replacing:
            done.left_out += sum(f not in focus for f in p.focus)
            for name, rows in p.rows("extracted", focus).items():
                tables[name] += rows
                done.added[name] += len(rows)
    if all(tables[name] == _as_read(package.read(name)) for name in TABLES):
        done.added = dict.fromkeys(TABLES, 0)                      # the same records again: touch nothing
        done.removed = dict.fromkeys(TABLES, 0)
        return done
    _require_valid_after(package, tables)
    package.write(tables)
    done.written = True
    return done


def _as_read(rows: list[dict]) -> list[dict]:
    return [{k: v or "" for k, v in r.items()} for r in rows]


def _require_valid_after(package: Package, tables: dict[str, list[dict]]) -> None:
    from ..validate import validate

    with package.staged(tables) as view:
        report = validate(view)
        names = {view[n].relpath: package[n].relpath for n in tables}
    if report.valid:
        return
    if not validate(package).valid:            # not the proposals' fault
        raise OpendataError("the package is already invalid; nothing was written",
                            hint="`opendata validate` lists its problems; fix them, then extract again")
    lines = []
    for problem in report.problems[:20]:
        text = problem.text()
        for staged, real in names.items():
            text = text.replace(staged, real)
        lines.append(text)
    raise OpendataError(f"the extracted records would make the package invalid ({len(report.problems)} problem(s));"
                        " nothing was written:\n" + "\n".join(lines),
                        hint="fix the articles or the extractor; `opendata extract` without --apply shows the proposals")
