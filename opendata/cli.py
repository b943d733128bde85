"""The `opendata` command: a thin Click layer over the library modules."""

from __future__ import annotations

import csv
import functools
import io
import json
import sys
from pathlib import Path

import click

from . import __version__
from .errors import OpendataError
from .package import DEFAULT_PACKAGE, Package


def package_options(fn):
    """--package and --build-dir, shared by every command."""
    fn = click.option("--build-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                      help="Where generated files go [default: build/ beside the package].")(fn)
    fn = click.option("--package", "package_path", type=click.Path(dir_okay=False, path_type=Path),
                      default=DEFAULT_PACKAGE, show_default=True, help="The data package descriptor.")(fn)
    return fn


def reports_errors(fn):
    """Turn our errors into a message on stderr and their exit code, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except OpendataError as exc:
            click.echo(f"Error: {exc.format()}", err=True)
            sys.exit(exc.exit_code)

    return wrapper


def _progress(length: int, label: str):
    return click.progressbar(length=length, label=label, file=sys.stderr, show_pos=False,
                             show_percent=True, hidden=not sys.stderr.isatty())


@click.group()
@click.version_option(__version__, prog_name="opendata")
def cli():
    """Commune news and administrative-reform metadata as open data."""


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--url", default="", help="The address the page was saved from (one file only).")
@click.option("--retrieved-at", type=click.DateTime(["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z"]), default=None,
              help="When the pages were saved (ISO 8601 with offset) [default: each file's time].")
@package_options
@reports_errors
def ingest(files, url, retrieved_at, package_path, build_dir):
    """Add or update news from saved portal pages (text or HTML) and JSON Lines files.

    All files are read and checked first; if any is bad nothing is written.
    """
    from .ingest import ingest as run, total_bytes

    package = Package(package_path)
    with _progress(total_bytes(list(files)), "Reading") as bar:
        result = run(package, list(files), url=url, retrieved_at=retrieved_at, progress=bar.update)
    click.echo(result.summary())
    if not result.written:
        click.echo("Nothing changed.")


@cli.command()
@click.argument("urls", nargs=-1, required=True, metavar="URL...")
@click.option("--unit", default="", metavar="CODE", help="The publishing unit's code, for pages that do not name it.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Only articles published on or after (YYYY-MM-DD).")
@click.option("--max", "max_articles", type=click.IntRange(1, None), default=None, help="Fetch at most N articles.")
@click.option("--delay", type=click.FloatRange(0, None), default=1.0, show_default=True,
              help="Seconds between two requests to the same portal (robots.txt's Crawl-delay if longer).")
@click.option("--timeout", type=click.FloatRange(0.1, None), default=30.0, show_default=True,
              help="Seconds to wait for an answer.")
@click.option("--retries", type=click.IntRange(0, 10), default=3, show_default=True,
              help="Retries of a timeout, 5xx or 429, with exponential backoff.")
@click.option("--backoff", type=click.FloatRange(0, None), default=1.0, show_default=True,
              help="Seconds before the first retry; doubled for each next one.")
@click.option("--batch", type=click.IntRange(1, None), default=50, show_default=True,
              help="Write the package every N articles: a stopped harvest loses at most one batch.")
@click.option("--max-pages", type=click.IntRange(1, None), default=200, show_default=True,
              help="Listing pages walked per portal, at most.")
@package_options
@reports_errors
def harvest(urls, unit, since, max_articles, delay, timeout, retries, backoff, batch, max_pages, package_path, build_dir):
    """Fetch a portal's articles (from its home page or news sections) into the package.

    Finds the articles through the portal's sitemaps and RSS feeds, else by walking its
    listing pages; honours robots.txt; reads each article like `ingest` and writes
    news, publishers and news_sources. Run again: only what changed is fetched and written.
    """
    from .harvest.run import Options, harvest as run

    package = Package(package_path)
    options = Options(unit=unit, since=since.date() if since else None, max_articles=max_articles, delay=delay,
                      timeout=timeout, retries=retries, backoff=backoff, batch=batch, max_pages=max_pages)
    report = run(package, _build_dir(package, build_dir), list(urls), options, say=lambda m: click.echo(m, err=True))
    click.echo(report.summary())
    if report.read == 0:
        click.echo("Error: no article could be read from " + ", ".join(urls), err=True)
        sys.exit(1)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@package_options
@reports_errors
def validate(fmt, package_path, build_dir):
    """Check every table against its schema, its foreign keys and the domain rules.

    Exit 0 when valid, 1 when invalid, 2 when the package cannot be read.
    """
    from .validate import validate as run

    package = Package(package_path)
    estimate = _row_estimates(package)
    with _progress(sum(size for size, _ in estimate.values()), "Validating") as bar:

        def tick(name: str, n: int) -> None:
            # Called every 1,000 rows: advance by bytes, at the table's average row size.
            size, per_row = estimate.get(name, (0, 0))
            bar.update(min(int(1000 * per_row), max(0, size - int((n - 1000) * per_row))))

        report = run(package, progress=tick)
        bar.update(bar.length)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for problem in report.problems:
            click.echo(problem.text())
        counts = ", ".join(f"{n} {name}" for name, n in report.rows.items())
        if report.valid:
            click.echo(f"Valid: {counts}.")
        else:
            click.echo(f"Invalid: {len(report.problems)} problem(s) in {counts}.", err=True)
    sys.exit(0 if report.valid else 1)


def _row_estimates(package: Package) -> dict[str, tuple[int, float]]:
    """(file size, bytes per row) of each table, the row size sampled from its first 64 KiB."""
    out = {}
    for name, res in package.resources.items():
        try:
            size = res.path.stat().st_size
            with open(res.path, "rb") as fh:
                head = fh.read(65536)
        except OSError:
            continue
        rows = sum(1 for _ in csv.reader(io.StringIO(head.decode("utf-8", "replace")))) - 1
        out[name] = (size, len(head) / max(1, rows))
    return out


def _build_dir(package: Package, build_dir: Path | None) -> Path:
    return Path(build_dir) if build_dir else package.root / "build"


@cli.command()
@click.option("--rebuild", is_flag=True, help="Rebuild from scratch instead of only what changed.")
@click.option("--wait", type=float, default=30.0, show_default=True,
              help="Seconds to wait for another running build before giving up.")
@package_options
@reports_errors
def index(rebuild, wait, package_path, build_dir):
    """Build or update the search index (build/index/) from the validated package."""
    from .search import build_index, load_docs

    package = _valid_package(package_path)
    docs = load_docs(package)
    with _progress(len(docs), "Indexing") as bar:
        result = build_index(docs, _build_dir(package, build_dir) / "index", rebuild=rebuild, wait=wait,
                             progress=bar.update)
    click.echo(result.summary())


@cli.command()
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--page", type=click.IntRange(1, None), default=1, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True)
@click.option("--unit", help="Unit code (commune, district or province, either era) or unit id.")
@click.option("--year", type=int)
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="Published on or after (YYYY-MM-DD).")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Published on or before (YYYY-MM-DD).")
@click.option("--area", help="Reform area code, e.g. tthc.")
@click.option("--sort", type=click.Choice(["relevance", "newest"]), default="relevance", show_default=True)
@package_options
@reports_errors
def search(query, limit, page, fmt, unit, year, date_from, date_to, area, sort, package_path, build_dir):
    """Search the news, with or without diacritics."""
    from .export import plain, search_csv
    from .search import Filters, Searcher

    package = Package(package_path)
    if area:
        known = [r["code"] for r in package.read("reform_areas")]
        if area not in known:
            raise click.BadParameter(f"unknown reform area '{area}'; one of: {', '.join(known)}",
                                     param_hint="'--area'")
    searcher = Searcher(_build_dir(package, build_dir) / "index")
    filters = Filters(unit=unit, year=year, area=area,
                      date_from=date_from.date().isoformat() if date_from else None,
                      date_to=date_to.date().isoformat() if date_to else None)
    out = searcher.search(query, limit=limit, page=page, sort=sort, filters=filters)
    if fmt == "json":
        keep = ("id", "title", "url", "published_at", "unit_code", "score", "snippet")
        out["results"] = [{k: r[k] for k in keep} for r in out["results"]]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(search_csv(out["results"]), nl=False)
    else:
        click.echo(f"{out['total']} result(s) for “{out['query']}”")
        if out["suggestion"]:
            click.echo(f"Did you mean: {out['suggestion']}")
        for n, r in enumerate(out["results"], start=(page - 1) * limit + 1):
            click.echo(f"\n{n}. {r['title']}  [{r['published_at'][:10]}, {r['unit_name']}]  {r['id']}")
            click.echo(f"   {plain(r['snippet'])}")


def _valid_package(package_path) -> Package:
    from .validate import require_valid

    package = Package(package_path)
    require_valid(package)
    return package


@cli.command()
@package_options
@reports_errors
def build(package_path, build_dir):
    """Write build/opendata.db (SQLite, for Datasette) and build/metadata.json from the validated package."""
    from .database import build_database, write_metadata

    package = _valid_package(package_path)
    out = _build_dir(package, build_dir)
    counts = build_database(package, out / "opendata.db")
    write_metadata(package, out / "metadata.json")
    click.echo(f"{out / 'opendata.db'}: " + ", ".join(f"{n} {name}" for name, n in counts.items()))


@cli.command()
@click.option("--ids", "ids", multiple=True, metavar="ID[,ID…]",
              help="Articles to read (news ids, comma-separated or repeated) [default: all].")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--apply", "write", is_flag=True,
              help="Write the proposals as 'extracted' records; records a person curated are kept.")
@click.option("--with-mentions", "with_mentions", is_flag=True,
              help="With --apply, also write events that only mention reform (reform_focus 'mention'); "
                   "by default only 'core' and 'item' events are written.")
@package_options
@reports_errors
def extract(ids, fmt, write, with_mentions, package_path, build_dir):
    """Propose reform events, their people and findings from the news text.

    Prints the proposals with a confidence for each record. With --apply they replace
    earlier extracted records, and only if the package stays valid; events that only
    mention reform are written only with --with-mentions.
    """
    from .reform.apply import apply, curated_news
    from .reform.extract import APPLIED_FOCUS, FOCUS, extract_news
    from .reform.report import as_text
    from .units import Units

    if with_mentions and not write:
        raise click.UsageError("--with-mentions says what --apply writes: use it with --apply")
    package = Package(package_path)
    news = package.read("news")
    wanted = [i.strip() for chunk in ids for i in chunk.split(",") if i.strip()]
    if wanted:
        by_id = {n["id"]: n for n in news}
        missing = [i for i in wanted if i not in by_id]
        if missing:
            raise OpendataError(f"no article with id {', '.join(missing)} in the news table",
                                path=package.display(package["news"]), field="id",
                                hint="`opendata search` or the news table shows the ids")
        news = [by_id[i] for i in dict.fromkeys(wanted)]
    units = Units(package.read("units"))
    proposals = [extract_news(n, units) for n in news]
    curated = curated_news(package)
    if fmt == "json":
        click.echo(json.dumps({"proposals": [dict(p.as_dict(), curated=p.news_id in curated) for p in proposals]},
                              ensure_ascii=False, indent=2))
    else:
        click.echo(as_text(proposals, curated))
    if write:
        done = apply(package, proposals, FOCUS if with_mentions else APPLIED_FOCUS)
        click.echo(("Wrote " if done.written else "Nothing to write: ") + done.summary(), err=True)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8001, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes sharing the port (one per core serves most).")
@click.option("--public-url", default="", metavar="URL",
              help="The address the public uses (behind a proxy or CDN), for the absolute links the site "
                   "builds [default: http://HOST:PORT]. The visitor's Host header is never used.")
@click.option("--base-url", default="/", show_default=True, metavar="PATH",
              help="Serve the site under this path (Datasette's base_url, e.g. /data/), behind a proxy.")
@click.option("--with-db", "with_dbs", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              metavar="FILE", help="Another SQLite file to serve beside the site's, read-only, with Datasette's "
                                   "own pages (repeatable).")
@package_options
@reports_errors
def serve(host, port, workers, public_url, base_url, with_dbs, package_path, build_dir):
    """Validate, index and build what is stale, then serve the site with Datasette."""
    import os
    from urllib.parse import urlsplit

    from .serve import ensure_fresh, run_datasette, settings

    try:
        settings(base_url)
    except ValueError as exc:
        raise OpendataError(f"--base-url: {exc}") from None

    if public_url:
        parts = urlsplit(public_url)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
            raise OpendataError(f"--public-url must be http(s)://host[:port], not '{public_url}'")
        os.environ["OPENDATA_PUBLIC_URL"] = f"{parts.scheme}://{parts.netloc}"
    package = Package(package_path)
    out = _build_dir(package, build_dir)
    db = ensure_fresh(package, out, say=lambda m: click.echo(m, err=True))
    click.echo(f"Serving http://{host}:{port}{base_url}", err=True)
    run_datasette([db, *with_dbs], out / "metadata.json", host, port, workers=workers, base_url=base_url)


@cli.command("regenerate-units")
@package_options
@reports_errors
def regenerate_units(package_path, build_dir):
    """Maintainers: rewrite units.csv and unit_changes.csv from the units registry package."""
    from .registry import regenerate

    stats = regenerate(Package(package_path))
    click.echo(json.dumps(stats, ensure_ascii=False))


def main():  # pragma: no cover - console script
    cli()
