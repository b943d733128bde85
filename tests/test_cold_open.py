"""Opening the index from a cold page cache reads what a search touches, not the files
around it: every index file a Searcher maps is MADV_RANDOM (no kernel readahead), and
a posting run is asked for whole (MADV_WILLNEED) before numpy reads it. Real index on
disk, residency read from the kernel (/proc/self/smaps, mincore)."""

from __future__ import annotations

import ctypes
import mmap
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from whoosh import index as windex

from opendata.search import Searcher, build_index
from opendata.search.codec import PAGE, SegmentFiles, index_segments
from opendata.search.fields import FOLDED
from search_docs import DOCS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from search_speed import evict_file  # noqa: E402  (the bench's page-cache eviction, one copy)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux VmFlags and mincore")

COPIES = 800        # "xa" in every copy: a run of 800 postings, 4,800 bytes, over two pages


@pytest.fixture
def index_dir(tmp_path):
    """A fresh index each test: pages another test's searcher mapped cannot be evicted."""
    folder = tmp_path / "index"
    docs = [replace(DOCS[i % len(DOCS)], id=f"copy-{i}", body=f"Bản tin xã số {i}.") for i in range(COPIES)]
    build_index(docs, folder)
    return folder


def _version_dir(index_dir: Path) -> Path:
    return next(p for p in index_dir.iterdir() if p.is_dir())


def _maps_of(folder: Path) -> dict[str, str]:
    """path -> VmFlags of this process's maps of the files in `folder`."""
    flags, current = {}, None
    for line in Path("/proc/self/smaps").read_text().splitlines():
        fields = line.split()
        if not fields[0].endswith(":"):             # a map's first line: range, perms, ..., path
            current = fields[5] if len(fields) >= 6 and fields[5].startswith(str(folder)) else None
        elif current and fields[0] == "VmFlags:":
            flags[current] = " ".join(fields[1:])
    return flags


def test_every_index_map_is_random_access(index_dir):
    searcher = Searcher(index_dir)
    searcher.search("xã")
    maps = _maps_of(index_dir.resolve())
    kinds = {Path(path).suffix for path in maps}
    assert {".pst", ".trm"} <= kinds, maps          # the postings and the terms are mapped
    plain = {path: flags for path, flags in maps.items() if "rr" not in flags.split()}
    assert not plain, f"maps with readahead: {plain}"


def _resident_pages(path: Path) -> list[bool]:
    """Which pages of a file the page cache holds (mincore over a map of our own)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mmap.restype = ctypes.c_void_p
    libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
    libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    size = path.stat().st_size
    fd = os.open(path, os.O_RDONLY)
    try:
        address = libc.mmap(None, size, mmap.PROT_READ, mmap.MAP_SHARED, fd, 0)
        vec = (ctypes.c_ubyte * -(-size // PAGE))()
        assert libc.mincore(ctypes.c_void_p(address), ctypes.c_size_t(size), vec) == 0
        libc.munmap(address, size)
    finally:
        os.close(fd)
    return [bool(b & 1) for b in bytes(vec)]


def _resident_soon(path: Path, pages: range) -> list[bool]:
    """The file's resident pages once `pages` are all in (MADV_WILLNEED reads in the
    background), or after 5 s."""
    deadline = time.monotonic() + 5
    while True:
        resident = _resident_pages(path)
        if all(resident[p] for p in pages) or time.monotonic() > deadline:
            return resident
        time.sleep(0.02)


def test_a_cold_run_is_fetched_whole_and_nothing_around_it(index_dir):
    folder = _version_dir(index_dir)
    segment = index_segments(windex.open_dir(str(folder)))[0]
    files = SegmentFiles(folder, segment)
    pst = folder / segment.make_filename(".pst")
    evict_file(pst)
    if any(_resident_pages(pst)):
        pytest.skip("the file system keeps the file cached (eviction refused)")
    docs, _ = files.postings(FOLDED, "xa")          # views: numpy has read nothing of them
    assert len(docs) == COPIES
    first_byte = docs.__array_interface__["data"][0] - _map_address(files)
    run_pages = range(first_byte // PAGE, (first_byte + 6 * COPIES - 1) // PAGE + 1)
    assert len(run_pages) >= 2
    resident = _resident_soon(pst, run_pages)
    assert len(resident) > len(run_pages) + 4           # the file has pages besides the run's
    assert all(resident[p] for p in run_pages), (list(run_pages), resident)
    assert sum(resident) == len(run_pages), (list(run_pages), resident)      # and only those were read

    # a page read through the map brings that page, not the kernel's readahead window around it
    evict_file(pst)
    assert not any(_resident_pages(pst))
    int(docs[-1])
    assert sum(_resident_pages(pst)) == 1


def _map_address(files: SegmentFiles) -> int:
    """Where the segment's `.pst` map starts in memory."""
    return np.frombuffer(files._postings, dtype=np.uint8, count=1).__array_interface__["data"][0]
