"""The `opendata` command: a thin Click layer over the library modules."""

from __future__ import annotations

import csv
import functools
import io
import json
import sys
from datetime import datetime
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
