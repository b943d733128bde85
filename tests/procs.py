"""Processes as Linux shows them in /proc: a process's children and whether it still runs
(the tests that watch `opendata serve` workers and `opendata index` workers)."""

from __future__ import annotations

from pathlib import Path


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def parent_of(pid: int) -> int | None:
    stat = _stat(pid)
    return int(stat[1]) if stat else None


def children(pid: int) -> list[int]:
    """The processes whose parent is pid (running or not yet reaped)."""
    return [int(entry.name) for entry in Path("/proc").iterdir()
            if entry.name.isdigit() and parent_of(int(entry.name)) == pid]


def alive(pid: int) -> bool:
    """Running (a zombie, dead and not yet reaped, is not)."""
    stat = _stat(pid)
    return stat is not None and stat[0] != "Z"
