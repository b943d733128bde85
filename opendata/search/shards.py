"""Postings arrays: the query side of the index, kept next to the Whoosh index.

Whoosh's own matchers cost Python work per posting, and the syllables people
search for ("xã", "năm", "công tác") are in most documents. So every indexing run
also writes its documents' postings as compressed-sparse-row numpy arrays, a
*shard*: per field, the sorted terms, an offsets array and the (document, term
frequency) pairs. A query then intersects and scores whole posting lists with
numpy. Shards are written from the same analysis that feeds Whoosh, in batches of
`SHARD_DOCS` documents to bound memory; a later run adds shards, and the manifest
says which shard holds the live copy of each document.
"""

from __future__ import annotations

import itertools
import json
import os
import struct
import zipfile
from array import array
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

FIELDS = ("f", "x", "t")
SHARD_DOCS = 5_000


@dataclass
class FieldPostings:
    terms: np.ndarray      # sorted utf-8 terms (numpy bytes)
    offsets: np.ndarray    # int64, len(terms) + 1
    docs: np.ndarray       # int32 local document numbers, ascending within a term
    tfs: np.ndarray        # uint16 term frequencies

    def lookup(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        key = term.encode("utf-8")
        i = int(np.searchsorted(self.terms, key))
        if i < len(self.terms) and self.terms[i] == key:
            a, b = self.offsets[i], self.offsets[i + 1]
            return self.docs[a:b], self.tfs[a:b]
        return _EMPTY_DOCS, _EMPTY_TFS

    def df(self, term: str) -> int:
        return len(self.lookup(term)[0])


_EMPTY_DOCS = np.zeros(0, dtype=np.int32)
_EMPTY_TFS = np.zeros(0, dtype=np.uint16)


class ShardWriter:
    """Accumulates analysed documents, then writes one shard."""

    def __init__(self):
        self.ids: list[str] = []
        self.meta: list[dict] = []
        self._vocab = {f: defaultdict(itertools.count().__next__) for f in FIELDS}
        self._tids = {f: array("i") for f in FIELDS}
        self._docs = {f: array("i") for f in FIELDS}
        self._tfs = {f: array("H") for f in FIELDS}
        self._len = array("i")
        self._tlen = array("i")

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, doc_id: str, terms: dict, meta: dict) -> None:
        n = len(self.ids)
        self.ids.append(doc_id)
        self.meta.append(meta)
        for f in FIELDS:
            counts = terms[f]
            self._tids[f].extend(map(self._vocab[f].__getitem__, counts))
            try:
                self._tfs[f].extend(counts.values())
            except OverflowError:          # a term more than 65,535 times in one text
                self._tfs[f].extend(min(v, 65535) for v in counts.values())
            self._docs[f].extend(itertools.repeat(n, len(counts)))
        self._len.append(terms["len"])
        self._tlen.append(terms["tlen"])

    def write(self, folder: Path, name: str) -> None:
        """Write `name.npz` + `name.json`; files appear under their final names by rename.

        Each array goes into the archive as soon as it is made, and each field's
        accumulators are dropped once sorted: the writer is emptied as it writes, and
        holds at most one field's sorting arrays at a time."""
        tmp = folder / f".{name}.npz.tmp"
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
            def put(key: str, arr: np.ndarray) -> None:
                with archive.open(key + ".npy", "w", force_zip64=True) as fh:
                    np.lib.format.write_array(fh, np.ascontiguousarray(arr), allow_pickle=False)

            put("len", np.frombuffer(self._len, dtype=np.int32))
            put("tlen", np.frombuffer(self._tlen, dtype=np.int32))
            for f in FIELDS:
                vocab = self._vocab.pop(f)
                terms = np.array([t.encode("utf-8") for t in vocab], dtype=bytes) if vocab else np.zeros(0, "S1")
                del vocab
                order = np.argsort(terms, kind="stable")
                put(f"{f}_terms", terms[order])
                del terms
                rank = np.empty(len(order), dtype=np.int32)
                rank[order] = np.arange(len(order), dtype=np.int32)
                tids = rank[np.frombuffer(self._tids.pop(f), dtype=np.int32)]
                put(f"{f}_offsets", np.concatenate(([0], np.cumsum(np.bincount(tids, minlength=len(order))))
                                                   ).astype(np.int64))
                del rank, order
                by_term = np.argsort(tids, kind="stable")        # documents stay ascending
                del tids
                put(f"{f}_docs", np.frombuffer(self._docs.pop(f), dtype=np.int32)[by_term])
                put(f"{f}_tfs", np.frombuffer(self._tfs.pop(f), dtype=np.uint16)[by_term])
                del by_term
        os.replace(tmp, folder / f"{name}.npz")
        tmp = folder / f".{name}.json.tmp"
        tmp.write_text(json.dumps({"ids": self.ids, "meta": self.meta}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, folder / f"{name}.json")


def load_arrays(path: Path) -> dict[str, np.ndarray]:
    """The arrays of an uncompressed `.npz`, memory-mapped where they lie in the file.

    Read-only maps share the page cache: several server processes on one index hold
    its postings in memory once, and pages nobody asks for are never read. Headers are
    parsed with numpy's own format readers; nothing is unpickled.
    """
    out: dict[str, np.ndarray] = {}
    with zipfile.ZipFile(path) as zf, open(path, "rb") as fh:
        for info in zf.infolist():
            if info.compress_type != zipfile.ZIP_STORED or not info.filename.endswith(".npy"):
                return _read_arrays(path)
            fh.seek(info.header_offset)
            local = fh.read(30)
            name_len, extra_len = struct.unpack("<HH", local[26:30])
            fh.seek(info.header_offset + 30 + name_len + extra_len)
            version = np.lib.format.read_magic(fh)
            read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                           else np.lib.format.read_array_header_2_0)
            shape, fortran, dtype = read_header(fh)
            if dtype.hasobject:
                raise ValueError(f"{path}: object arrays are refused")
            key = info.filename[:-4]
            if int(np.prod(shape)) == 0 or dtype.itemsize == 0:
                out[key] = np.zeros(shape, dtype=dtype)
            else:
                mapped = np.memmap(path, dtype=dtype, mode="r", shape=shape, offset=fh.tell(),
                                   order="F" if fortran else "C")
                out[key] = mapped.view(np.ndarray)     # same pages; plain indexing is several times faster
    return out


def _read_arrays(path: Path) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


class Shard:
    """A written shard, loaded for queries (arrays memory-mapped, never unpickled)."""

    def __init__(self, folder: Path, name: str):
        self.name = name
        data = load_arrays(folder / f"{name}.npz")
        side = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        self.ids: list[str] = side["ids"]
        self.meta: list[dict] = side["meta"]
        self.fields = {f: FieldPostings(data[f"{f}_terms"], data[f"{f}_offsets"], data[f"{f}_docs"],
                                        data[f"{f}_tfs"]) for f in FIELDS}
        self.length = data["len"].astype(np.float32)
        self.title_length = data["tlen"].astype(np.float32)
        self.ts = np.array([m["ts"] for m in self.meta], dtype=np.int64)
        self.alive = np.ones(len(self.ids), dtype=bool)    # the Searcher marks replaced documents

    def __len__(self) -> int:
        return len(self.ids)
