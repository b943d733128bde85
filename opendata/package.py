"""The data package on disk: where its tables are, reading them, replacing them atomically."""

from __future__ import annotations

import copy
import csv
import json
import os
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .errors import UnusableError

# Bodies of long articles exceed the csv module's default 128 KiB cell limit.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

DEFAULT_PACKAGE = "datapackage.json"
COMMIT_JOURNAL = ".commit.json"       # a multi-table write in progress (see Package.write)

# Order in which tables are replaced: a table before those that point to it is
# never needed, so targets of foreign keys go first.
WRITE_ORDER = ["units", "unit_changes", "reform_areas", "publishers", "news", "news_sources",
               "reform_events", "event_people", "event_findings"]


@dataclass
class Resource:
    name: str
    path: Path          # absolute, inside the package folder
    relpath: str        # as written in datapackage.json
    schema: dict
    descriptor: dict = field(repr=False)

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.schema.get("fields", [])]

    def field(self, name: str) -> dict:
        for f in self.schema.get("fields", []):
            if f["name"] == name:
                return f
        raise KeyError(name)


class Package:
    """A Data Package descriptor plus safe paths to its CSV tables."""

    def __init__(self, descriptor_path: str | os.PathLike = DEFAULT_PACKAGE):
        self.descriptor_path = Path(descriptor_path).absolute()
        self.root = self.descriptor_path.parent
        try:
            text = self.descriptor_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise UnusableError("no such file", path=str(descriptor_path),
                                hint="run the command in the package folder or pass --package PATH")
        except (OSError, UnicodeDecodeError) as exc:
            raise UnusableError(f"cannot read the descriptor: {exc}", path=str(descriptor_path))
        try:
            self.descriptor = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UnusableError(f"not valid JSON: {exc.msg}", path=str(descriptor_path), line=exc.lineno)
        if not isinstance(self.descriptor, dict) or not isinstance(self.descriptor.get("resources"), list):
            raise UnusableError("a data package needs a 'resources' list", path=str(descriptor_path))
        self.resources: dict[str, Resource] = {}
        for i, res in enumerate(self.descriptor["resources"]):
            where = f"resources[{i}]"
            if not isinstance(res, dict) or not isinstance(res.get("name"), str):
                raise UnusableError(f"{where} has no name", path=str(descriptor_path))
            relpath = res.get("path")
            if not isinstance(relpath, str):
                raise UnusableError(f"resource '{res['name']}' needs one local 'path'", path=str(descriptor_path))
            schema = res.get("schema")
            if not isinstance(schema, dict):
                raise UnusableError(f"resource '{res['name']}' needs an inline 'schema'", path=str(descriptor_path))
            self.resources[res["name"]] = Resource(res["name"], self.safe_path(relpath, res["name"]),
                                                   relpath, schema, res)
        self.recover()

    def safe_path(self, relpath: str, name: str) -> Path:
        """Resolve a resource path, refusing anything outside the package folder."""
        if os.path.isabs(relpath) or "://" in relpath or "\\" in relpath:
            raise UnusableError(f"resource '{name}' path '{relpath}' must be relative to the package folder",
                                path=str(self.descriptor_path))
        resolved = (self.root / relpath).resolve()
        root = self.root.resolve()
        if resolved != root and root not in resolved.parents:
            raise UnusableError(f"resource '{name}' path '{relpath}' leaves the package folder",
                                path=str(self.descriptor_path))
        return resolved

    def __getitem__(self, name: str) -> Resource:
        try:
            return self.resources[name]
        except KeyError:
            raise UnusableError(f"the package has no '{name}' resource", path=str(self.descriptor_path))

    def display(self, resource: Resource) -> str:
        """A table's path in messages: as the descriptor writes it (relative to the package)."""
        return resource.relpath

    @staticmethod
    def display_path(path: Path) -> str:
        """Relative to the current folder when inside it, else absolute."""
        rel = os.path.relpath(path)
        return str(path) if rel.startswith("..") else rel

    def read(self, name: str) -> list[dict[str, str]]:
        """All rows of a table as dicts of strings (empty string for missing)."""
        res = self[name]
        if not res.path.exists():
            return []
        with open(res.path, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    @property
    def commit_journal(self) -> Path:
        return self.root / COMMIT_JOURNAL

    def write(self, tables: dict[str, list[dict]]) -> None:
        """Replace several tables all at once, or not at all.

        Every new file is written and synced under a temporary name; then a journal
        listing the renames is written, the files are renamed in FK order, and the
        journal is removed. A writer killed before the journal changed nothing; one
        killed after it is completed by the next `Package()` (`recover`), so no reader
        after a crash sees some tables new and others old.
        """
        staged: list[tuple[str, Path]] = []
        self._remove_stale_staged()
        try:
            for name in sorted(tables, key=lambda n: WRITE_ORDER.index(n) if n in WRITE_ORDER else 99):
                res = self[name]
                res.path.parent.mkdir(parents=True, exist_ok=True)
                # Named with our pid, like staged files: what a writer killed before its
                # journal leaves behind is removed by the next write (_remove_stale_staged).
                fd, tmp = tempfile.mkstemp(prefix=f".{res.path.name}.staged.{os.getpid()}.", suffix=".tmp",
                                           dir=res.path.parent)
                staged.append((name, Path(tmp)))
                os.chmod(tmp, _file_mode(res.path))
                _write_csv(fd, res, tables[name])
            renames = [[str(tmp.relative_to(self.root)), self[name].relpath] for name, tmp in staged]
            write_json_atomic(self.commit_journal, {"pid": os.getpid(), "renames": renames}, sync=True)
            staged = []                                    # from here on the journal owns them
            self._finish(renames)
        finally:
            for _, tmp in staged:
                tmp.unlink(missing_ok=True)

    @contextmanager
    def staged(self, tables: dict[str, list[dict]]) -> Iterator["Package"]:
        """This package with some tables replaced, on disk beside the real ones but under
        other names: what a write would make, for validating before writing anything."""
        self._remove_stale_staged()
        made: list[Path] = []
        pid = os.getpid()
        try:
            descriptor = copy.deepcopy(self.descriptor)
            for res_desc in descriptor["resources"]:
                name = res_desc["name"]
                if name in tables:
                    res = self[name]
                    fd, tmp = tempfile.mkstemp(prefix=f".{res.path.name}.staged.{pid}.", suffix=".csv",
                                                dir=res.path.parent)
                    made.append(Path(tmp))
                    _write_csv(fd, res, tables[name])
                    res_desc["path"] = os.path.relpath(tmp, self.root)
            fd, desc = tempfile.mkstemp(prefix=f".datapackage.staged.{pid}.", suffix=".json", dir=self.root)
            made.append(Path(desc))
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(descriptor, fh, ensure_ascii=False, indent=2)
            yield Package(desc)
        finally:
            for path in made:
                path.unlink(missing_ok=True)

    def _remove_stale_staged(self) -> None:
        """Staged files of a process that was killed before it could remove them."""
        folders = {self.root} | {r.path.parent for r in self.resources.values()}
        for folder in folders:
            for path in folder.glob(".*.staged.*"):
                parts = path.name.split(".staged.", 1)[1].split(".")
                if parts[0].isdigit() and not _alive(int(parts[0])):
                    path.unlink(missing_ok=True)

    def _finish(self, renames: list[list[str]]) -> None:
        for tmp, final in renames:
            if (self.root / tmp).exists():
                os.replace(self.root / tmp, self.root / final)
        _sync_dir(self.root)
        self.commit_journal.unlink(missing_ok=True)

    def recover(self) -> None:
        """Complete a multi-table write whose writer died after its journal was written."""
        try:
            journal = json.loads(self.commit_journal.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError):
            raise UnusableError("an unreadable commit journal", path=str(self.commit_journal),
                                hint="remove it: the write it describes did not finish")
        pid = journal.get("pid")
        if isinstance(pid, int) and pid != os.getpid() and _alive(pid):
            return                                         # the writer is still at work
        renames = journal.get("renames") or []
        for tmp, final in renames:                         # only names this package owns
            self.safe_path(tmp, "commit journal")
            self.safe_path(final, "commit journal")
        self._finish(renames)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _file_mode(path: Path) -> int:
    """Keep an existing file's mode; new files get the usual 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_csv(fd: int, res: Resource, rows: list[dict]) -> None:
    """A table's rows as CSV (our one form: header, LF, minimal quoting) into an open file, synced."""
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=res.field_names, lineterminator="\n", extrasaction="raise")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(v) for k, v in row.items()})
        fh.flush()
        os.fsync(fh.fileno())


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_json_atomic(path: Path, data, compact: bool = False, sync: bool = False) -> None:
    """Write JSON next to its final place, then rename over it (`compact`: no indentation,
    which lets the json module use its fast encoder for large files; `sync`: on disk
    before the rename)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, _file_mode(path))
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            if compact:
                fh.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
            else:
                json.dump(data, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
