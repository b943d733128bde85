"""Shared fixtures: throw-away copies of the shipped package, and running the CLI."""

from __future__ import annotations

import contextlib
import csv
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from opendata.cli import cli

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_TEXT = FIXTURES / "long_mon_cchc_2024.txt"
SEED_HTML = FIXTURES / "long_mon_cchc_2024.html"
RETRIEVED = "2026-11-28T16:36:00+07:00"
PROVINCE = {"pre2025-51", "2025-51"}


def _rewrite(path: Path, keep) -> None:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, [r for r in reader if keep(r)]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def copy_package(dest: Path, *, whole_country: bool = False, empty_news: bool = False) -> Path:
    """Copy datapackage.json and data/ to dest; by default keep only Quảng Ngãi's units
    (both eras) so that validation in tests is quick."""
    shutil.copy(ROOT / "datapackage.json", dest / "datapackage.json")
    shutil.copytree(ROOT / "data", dest / "data")
    if not whole_country:
        _rewrite(dest / "data" / "units.csv", lambda r: r["id"] in PROVINCE or r["province_id"] in PROVINCE)
        kept = {r["id"] for r in csv.DictReader(open(dest / "data" / "units.csv", encoding="utf-8"))}
        _rewrite(dest / "data" / "unit_changes.csv", lambda r: r["old_unit_id"] in kept and r["new_unit_id"] in kept)
    if empty_news:
        for name in ("news", "publishers", "reform_events", "event_people", "event_findings"):
            _rewrite(dest / "data" / f"{name}.csv", lambda r: False)
    return dest / "datapackage.json"


@pytest.fixture
def package(tmp_path) -> Path:
    """A copy of the shipped package (Quảng Ngãi units only)."""
    return copy_package(tmp_path)


@pytest.fixture
def empty_package(tmp_path) -> Path:
    """A copy with no news, publishers or reform records yet."""
    return copy_package(tmp_path, empty_news=True)


def run(*args: str, package: Path | None = None):
    """Run the CLI in-process; returns click's Result (exit_code, stdout, stderr)."""
    argv = list(args) + (["--package", str(package)] if package else [])
    return CliRunner().invoke(cli, argv, catch_exceptions=False)


def read_table(package: Path, name: str) -> list[dict]:
    path = package.parent / "data" / f"{name}.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder, byte for byte."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str):
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status, r.read().decode("utf-8")


@contextlib.contextmanager
def serving(package: Path, *options: str):
    """A real `opendata serve` on a free loopback port (with extra command-line `options`);
    yields its base URL. Its output goes to serve.log beside the package (read when it
    fails to start)."""
    port = free_port()
    log_path = package.parent / "serve.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "opendata", "serve", "--port", str(port), "--package",
                                 str(package), *options], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("serve did not start: " + log_path.read_text())
            try:
                get(base + "/-/versions.json")
                break
            except OSError:
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:      # a frozen server ignores SIGTERM
            proc.kill()
            proc.wait(timeout=20)
            raise AssertionError("serve did not stop on SIGTERM") from None


# --- a real browser: Debian's Chromium driven by Playwright ---------------------------

CHROMIUM = os.environ.get("OPENDATA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_or_skip() -> None:
    """Without Chromium a browser test is skipped, unless OPENDATA_REQUIRE_BROWSER=1 (CI,
    which installs it): then a missing browser fails it."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("OPENDATA_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
        pytest.skip("Chromium not installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def browser():
    """Chromium for a module's tests (Playwright's sync API: keep it out of modules that
    also run asyncio themselves)."""
    chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()
