"""The project's promises about itself: README commands, CI, the console script, regenerated units."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_package, run


def test_readme_opens_with_the_two_commands_and_ci_runs_the_second():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```bash\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2
    assert "opendata" in block[0] and "pip install -e ." in block[0]
    assert "pytest" in block[1] and "[test]" in block[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == block[1]


def test_console_entry_point_reports_unusable_package(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "opendata", "validate", "--package", str(tmp_path / "none.json")],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "none.json: no such file" in proc.stderr
    assert "Traceback" not in proc.stderr


def count(package: Path, table: str, **where) -> int:
    with open(package.parent / "data" / f"{table}.csv", encoding="utf-8") as fh:
        return sum(all(r[k] == v for k, v in where.items()) for r in csv.DictReader(fh))


def test_units_of_both_eras_are_shipped():
    pkg = ROOT / "datapackage.json"
    assert count(pkg, "units", era="2025", level="province") == 34
    assert count(pkg, "units", era="2025", level="commune") == 3321
    assert count(pkg, "units", era="pre2025", level="province") == 63
    assert count(pkg, "units", id="pre2025-21361", name="Xã Long Hiệp") == 1
    assert count(pkg, "units", id="2025-21361", name="Xã Minh Long") == 1
    assert count(pkg, "units", id="pre2025-21358", name="Xã Long Môn", parent_id="pre2025-531") == 1
    assert count(pkg, "unit_changes", old_unit_id="pre2025-21358", new_unit_id="2025-21361", kind="full") == 1
    assert count(pkg, "unit_changes", old_unit_id="pre2025-62", new_unit_id="2025-51") == 1   # Kon Tum


def test_regenerated_units_equal_the_shipped_ones(tmp_path):
    pytest.importorskip("vietnamadminunits")
    package = copy_package(tmp_path, whole_country=True)
    result = run("regenerate-units", package=package)
    assert result.exit_code == 0, result.output
    for name in ("units.csv", "unit_changes.csv"):
        assert (tmp_path / "data" / name).read_bytes() == (ROOT / "data" / name).read_bytes(), name
