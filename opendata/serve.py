"""`opendata serve`: bring what is stale up to date, then run Datasette on it.

Validation is skipped when the descriptor and tables are the files last found valid
(size and modification time); the index updates itself incrementally; the SQLite
file is rebuilt when a table or the descriptor is newer than it, or when it was built by
an older version (database.DB_FORMAT).
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Callable

from .package import Package

# Public-safe Datasette settings: bounded queries and responses.
SETTINGS = {
    "sql_time_limit_ms": 1500,
    "max_returned_rows": 1000,
    "default_page_size": 50,
    "facet_time_limit_ms": 400,
    "allow_download": False,
    "suggest_facets": False,
}


def free_heap() -> None:
    """Give the C heap's free pages back to the system (glibc keeps them otherwise: a
    Python process that built an index or reloaded one keeps its peak). Collects cycles
    first, so that what was just dropped is free. The trim is a no-op without glibc."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _limit_arenas() -> None:
    """MALLOC_ARENA_MAX for this process, already running (glibc only; no-op elsewhere)."""
    try:
        ctypes.CDLL("libc.so.6").mallopt(-8, int(os.environ["MALLOC_ARENA_MAX"]))     # M_ARENA_MAX
    except (OSError, AttributeError, KeyError, ValueError):
        pass


def _inputs(package: Package) -> list[Path]:
    return [package.descriptor_path] + [r.path for r in package.resources.values()]


def _stamp(package: Package) -> str:
    h = hashlib.blake2b(digest_size=16)
    for path in _inputs(package):
        st = path.stat() if path.exists() else None
        h.update(f"{path}|{st.st_size if st else -1}|{st.st_mtime_ns if st else -1}\n".encode())
    return h.hexdigest()


def ensure_fresh(package: Package, build_dir: Path, say: Callable[[str], None] = print) -> Path:
    """Validate, index and build as needed; return the SQLite file to serve."""
    from .database import DB_FORMAT, build_database, db_format, write_metadata
    from .search import build_index, load_docs
    from .validate import require_valid

    build_dir.mkdir(parents=True, exist_ok=True)
    stamp_file = build_dir / "validated.stamp"
    stamp = _stamp(package)
    if not stamp_file.exists() or stamp_file.read_text() != stamp:
        require_valid(package)
        stamp_file.write_text(stamp)
        say("validated")
    result = build_index(load_docs(package), build_dir / "index")
    say(result.summary())
    db = build_dir / "opendata.db"
    newest = max(p.stat().st_mtime for p in _inputs(package))
    if not db.exists() or db.stat().st_mtime < newest or db_format(db) != DB_FORMAT:
        counts = build_database(package, db)
        say(f"built {db}: {sum(counts.values())} rows")
    write_metadata(package, build_dir / "metadata.json", index_dir=build_dir / "index")
    return db


def settings(base_url: str = "/") -> dict:
    """SETTINGS, with Datasette's `base_url` (the path the site is served under behind a
    proxy: "/prefix/"; every link of the plugin follows it)."""
    if not base_url.startswith("/") or not base_url.endswith("/"):
        raise ValueError(f"base_url must start and end with '/', not '{base_url}'")
    return {**SETTINGS, "base_url": base_url}


def datasette_app(dbs: list[Path], metadata_path: Path, base_url: str = "/"):
    from datasette.app import Datasette

    metadata = json.loads(Path(metadata_path).read_text(encoding="utf-8"))
    return Datasette(immutables=[str(db) for db in dbs], metadata=metadata, settings=settings(base_url), cors=True)


def app_from_environment():
    """The ASGI app of one worker process (uvicorn factory): databases and metadata
    come from OPENDATA_SERVE, set by `run_datasette`."""
    from .datasette_plugin.guard import ShortLines

    if not isinstance(sys.stderr, ShortLines):
        sys.stderr = ShortLines(sys.stderr)
    spec = json.loads(os.environ["OPENDATA_SERVE"])
    return datasette_app([Path(p) for p in spec["dbs"]], Path(spec["metadata"]), spec.get("base_url", "/")).app()


def run_datasette(dbs: list[Path], metadata_path: Path, host: str, port: int, workers: int = 1,
                  base_url: str = "/") -> None:
    """Serve the (immutable) databases with the plugin configured by the metadata file;
    several worker processes share the port when `workers` > 1 (one per core)."""
    import uvicorn

    from .door import uvicorn_options

    from .datasette_plugin.guard import ShortLines

    free_heap()             # what validating, indexing and building left behind
    os.environ.setdefault("OPENDATA_PUBLIC_URL", f"http://{host}:{port}")
    if not isinstance(sys.stderr, ShortLines):
        sys.stderr = ShortLines(sys.stderr)    # one short line per error (workers: app_from_environment)
    # Two malloc arenas, not glibc's 8 per core: Datasette's and the search's threads
    # each fill an arena of their own, and freed pages stay behind in every one of them
    # (bench/soak.py: about 10 MB less per worker, same latency).
    os.environ.setdefault("MALLOC_ARENA_MAX", "2")      # read by each worker process at start
    if workers <= 1:
        _limit_arenas()
        uvicorn.run(datasette_app(dbs, metadata_path, base_url).app(), host=host, port=port, log_level="warning",
                    **uvicorn_options())
        return
    os.environ["OPENDATA_SERVE"] = json.dumps({"dbs": [str(Path(db).resolve()) for db in dbs],
                                               "metadata": str(Path(metadata_path).resolve()), "base_url": base_url})
    uvicorn.run("opendata.serve:app_from_environment", factory=True, workers=workers, host=host, port=port,
                log_level="warning", **uvicorn_options())
