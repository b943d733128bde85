"""The index's posting format: a Whoosh codec whose postings numpy reads in place.

`ArrayCodec` is Whoosh 3's codec (`W3Codec`: terms file, stored fields, field
lengths, columns, deletions) with one change: a term's postings are ONE contiguous
run in the segment's `.pst` file, little-endian int32 segment-local document
numbers (ascending, the run starts on a 4-byte boundary) followed by uint16 term
frequencies. `ArrayTermInfo` keeps W3's term-info bytes and says where the run is
(`offset`, `count`). Whoosh's own reader serves it through a `ListMatcher`, so
Whoosh's searcher and scorer work on the index as on any other; our engine maps
each `.pst` once and takes numpy slices of it (no decoding, no copy).

The codec object is pickled into every segment, so `whoosh.index.open_dir()`
reads the index by importing this module.

This is also the ONE module that knows Whoosh 2.7.5's private layouts beyond the
codec API: the hash table behind the terms file, the fixed-width and
variable-width column files, and the term-info struct. `tests/test_codec.py`
checks each against Whoosh's own public readers, so a different Whoosh version
fails there, loudly, and not in a search.
"""

from __future__ import annotations

import io
import mmap
import os
import pickle
import struct
import zlib
from array import array
from pathlib import Path

import numpy as np
import whoosh
from whoosh.codec import base
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3TermInfo, W3TermsReader
from whoosh.filedb.filetables import OrderedHashReader, OrderedHashWriter
from whoosh.filedb.structfile import StructFile
from whoosh.matching import ListMatcher
from whoosh.reading import TermNotFound
from whoosh.formats import Existence
from whoosh.system import IS_LITTLE, pack_int, pack_long, pack_uint, pack_ushort
from whoosh.util.numeric import length_to_byte

WHOOSH_VERSION = "2.7.5"          # the layouts below are this version's
DOC_DTYPE = np.dtype("<i4")
TF_DTYPE = np.dtype("<u2")
MAX_TF = 65535
_HEAD = struct.Struct("!BfIBBfII")      # W3TermInfo's fixed part
_POINTER = struct.Struct("!qi")         # then offset (long) and count (int)
EMPTY_DOCS = np.zeros(0, dtype=DOC_DTYPE)
EMPTY_TFS = np.zeros(0, dtype=TF_DTYPE)


class ArrayTermInfo(W3TermInfo):
    """W3's term info; the extent is the run's byte offset and its number of postings."""

    @property
    def offset(self) -> int:
        return self._offset

    @property
    def count(self) -> int:
        return self._length

    @classmethod
    def from_bytes(cls, s):
        """W3's decoder, without its slip: it leaves the extent's length a 1-tuple."""
        terminfo = super().from_bytes(s)
        terminfo._offset, terminfo._length = run_of(s)
        return terminfo

    def to_bytes(self) -> bytes:
        minlength = 0 if self._minlength is None else length_to_byte(self._minlength)
        minid = 0xFFFFFFFF if self._minid is None else self._minid
        maxid = 0xFFFFFFFF if self._maxid is None else self._maxid
        return (_HEAD.pack(0, self._weight, self._df, minlength, length_to_byte(self._maxlength),
                           self._maxweight, minid, maxid) + pack_long(self._offset) + pack_int(self._length))


_length_bytes: dict[int, int] = {}


def _length_byte(length: int) -> int:
    """Whoosh's one-byte length code (0 for no length)."""
    code = _length_bytes.get(length)
    if code is None:
        code = _length_bytes[length] = length_to_byte(length) if length else 0
    return code


def run_of(valbytes: bytes) -> tuple[int, int]:
    """(offset, count) from a term's term-info bytes, without building the object."""
    return _POINTER.unpack_from(valbytes, _HEAD.size)


class ArrayPostingsWriter(base.PostingsWriter):
    """Collects one term's postings and writes them as one run."""

    def __init__(self, postfile):
        self._postfile = postfile
        self._terminfo = None

    def written(self) -> bool:
        return False

    def start_postings(self, format_, terminfo):
        if self._terminfo is not None:
            raise Exception("Called start_postings in a term")
        self._terminfo = terminfo
        self._ids = array("i")
        self._weights = array("d")
        self._minlength, self._maxlength = None, 0

    def add_posting(self, id_, weight, vbytes, length=None):
        self._ids.append(id_)
        self._weights.append(weight)
        if length:
            if self._minlength is None or length < self._minlength:
                self._minlength = length
            if length > self._maxlength:
                self._maxlength = length

    def finish_postings(self):
        docs = np.frombuffer(self._ids, dtype=np.int32)
        tfs = np.minimum(np.rint(np.frombuffer(self._weights, dtype=np.float64)), MAX_TF)
        terminfo = self.write_run(self._terminfo, docs, tfs.astype(TF_DTYPE), self._minlength, self._maxlength)
        self._terminfo = None
        return terminfo

    def write_run(self, terminfo, docs: np.ndarray, tfs: np.ndarray, minlength, maxlength):
        """One term's postings, whole: docnums ascending, term frequencies beside them."""
        postfile = self._postfile
        pad = -postfile.tell() % 4
        if pad:
            postfile.write(b"\0" * pad)
        offset = postfile.tell()
        postfile.write(np.ascontiguousarray(docs, dtype=DOC_DTYPE).tobytes())
        postfile.write(np.ascontiguousarray(tfs, dtype=TF_DTYPE).tobytes())
        count = len(docs)
        terminfo._weight = float(tfs.sum(dtype=np.int64))
        terminfo._df = count
        terminfo._minlength = minlength
        terminfo._maxlength = maxlength or 0
        terminfo._maxweight = float(tfs.max()) if count else 0.0
        terminfo._minid = int(docs[0]) if count else None
        terminfo._maxid = int(docs[-1]) if count else None
        terminfo.set_extent(offset, count)
        return terminfo


class _TermsFileWriter(OrderedHashWriter):
    """Whoosh's ordered hash file; its 256 hash tables built with numpy at close (Whoosh
    probes slot by slot in Python, the larger part of a build's writing time)."""

    def _write_hashes(self):
        dbfile = self.dbfile
        for entries in self.buckets:
            start = dbfile.tell()
            numslots = 2 * len(entries)
            self.directory.append((start, numslots))
            if not entries:
                continue
            hashes = np.array([h for h, _ in entries], dtype=np.int64)
            positions = np.array([p for _, p in entries], dtype=np.int64)
            home = (hashes >> 8) % numslots
            order = np.argsort(home, kind="stable")
            rank = np.arange(len(order))
            # linear probing: each entry in the first free slot from its home, in home order
            slots = np.maximum.accumulate(home[order] - rank) + rank
            wrapped = slots >= numslots
            if wrapped.any():
                taken = np.zeros(numslots, dtype=bool)       # not np.setdiff1d: it imports numpy.ma (0.2 s)
                taken[slots[~wrapped]] = True
                slots[wrapped] = np.flatnonzero(~taken)[:int(wrapped.sum())]
            table = np.zeros(numslots, dtype=_HASH_SLOT)
            table["hash"][slots] = hashes[order]
            table["position"][slots] = positions[order]
            dbfile.write(table.tobytes())


_HASH_SLOT = np.dtype([("hash", ">u4"), ("position", ">i8")])      # filetables' "!Iq" pointer
_SLOT = struct.Struct("!Iq")
_RECORD = struct.Struct("!ii")          # key and value lengths before each record
_COUNT = struct.Struct("!i")            # the run's number of postings, the term info's last field


class ArrayFieldWriter(W3FieldWriter):
    """W3's field writer (same terms file) writing runs; `add_field_runs` takes a field whole."""

    def __init__(self, codec, storage, segment):
        self._codec = codec
        self._storage = storage
        self._segment = segment
        self._fieldname = self._fieldid = self._btext = self._fieldobj = self._format = None
        self._tindex = _TermsFileWriter(self._create_file(W3Codec.TERMS_EXT))
        self._fieldmap = self._tindex.extras["fieldmap"] = {}
        self._postfile = self._create_file(W3Codec.POSTS_EXT)
        self._postwriter = None
        self._infield = False
        self.is_closed = False

    def start_field(self, fieldname, fieldobj):
        if fieldobj.format.supports("positions") or fieldobj.format.supports("characters"):
            raise TypeError(f"ArrayCodec stores frequencies only; field {fieldname!r} has positions")
        super().start_field(fieldname, fieldobj)

    def start_term(self, btext):
        if self._postwriter is None:
            raise Exception("Called start_term before start_field")
        self._btext = btext
        self._postwriter.start_postings(self._fieldobj.format, ArrayTermInfo())

    def add_field_runs(self, terms: np.ndarray, starts: np.ndarray, docs: np.ndarray, tfs: np.ndarray,
                       lengths: np.ndarray | None) -> None:
        """A whole field at once: term k's postings are docs/tfs[starts[k]:starts[k + 1]]
        (terms in byte order, docnums ascending within a term); `lengths` are the
        documents' field lengths (None when the field keeps none). Lays the runs out as
        `ArrayPostingsWriter.write_run` does, one buffer for the field, and adds the term
        infos `write_run` would make."""
        if not len(terms):
            return
        postfile = self._postfile
        pad = -postfile.tell() % 4
        if pad:
            postfile.write(b"\0" * pad)
        counts = np.diff(starts)
        sizes = 6 * counts + (-(6 * counts) % 4)
        offsets = np.concatenate(([0], np.cumsum(sizes)[:-1]))       # within the field's buffer
        buffer = np.zeros(int(sizes.sum()) // 4, dtype=DOC_DTYPE)
        within = np.arange(len(docs), dtype=np.int64) - np.repeat(starts[:-1], counts)
        buffer[np.repeat(offsets // 4, counts) + within] = docs
        tf_view = buffer.view(TF_DTYPE)
        tf_view[np.repeat((offsets + 4 * counts) // 2, counts) + within] = tfs
        base = postfile.tell()
        postfile.write(buffer.tobytes())
        head = starts[:-1]
        weights = np.add.reduceat(tfs.astype(np.int64), head).tolist()
        maxweights = np.maximum.reduceat(tfs, head).tolist()
        minids, maxids = docs[head].tolist(), docs[starts[1:] - 1].tolist()
        if lengths is not None:
            term_lengths = lengths[docs]
            minlengths = [_length_byte(n) for n in np.minimum.reduceat(term_lengths, head).tolist()]
            maxlengths = [_length_byte(n) for n in np.maximum.reduceat(term_lengths, head).tolist()]
        else:
            minlengths = maxlengths = [0] * len(terms)
        infos = np.zeros(len(terms), dtype=_TERM_INFO)
        infos["weight"], infos["df"], infos["maxweight"] = weights, counts, maxweights
        infos["minlength"], infos["maxlength"] = minlengths, maxlengths
        infos["minid"], infos["maxid"] = minids, maxids
        infos["offset"], infos["count"] = offsets + base, counts
        self._add_terms(terms, infos.tobytes())

    def _add_terms(self, terms: np.ndarray, infos: bytes) -> None:
        """What `OrderedHashWriter.add` does for each (field id + term, term info), for a
        whole field: the records written as one buffer, their hashes and positions kept
        for the hash tables Whoosh writes at close."""
        tindex = self._tindex
        head = pack_ushort(self._fieldid)
        keys = [head + btext for btext in terms.tolist()]
        if keys[0] <= tindex.lastkey:
            raise ValueError(f"Keys must increase: {tindex.lastkey!r}..{keys[0]!r}")
        size = _TERM_INFO.itemsize
        key_lengths = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
        lengths = np.zeros(len(keys), dtype=_RECORD_LENGTHS)
        lengths["key"], lengths["value"] = key_lengths, size
        length_bytes = lengths.tobytes()
        records = b"".join([piece for k, key in enumerate(keys)
                            for piece in (length_bytes[8 * k:8 * k + 8], key, infos[size * k:size * k + size])])
        dbfile = tindex.dbfile
        start = dbfile.tell()
        positions = (start + np.concatenate(([0], np.cumsum(8 + key_lengths + size)[:-1]))).tolist()
        dbfile.write(records)
        hashfn, buckets = tindex.hashfn, tindex.buckets
        for key, position in zip(keys, positions):
            keyhash = hashfn(key)
            buckets[keyhash & 255].append((keyhash, position))
        tindex.index.extend(positions)
        tindex.lastkey = keys[-1]


# W3TermInfo's bytes (`_HEAD` + `_POINTER`) for a whole field at once
_TERM_INFO = np.dtype({"names": ["flags", "weight", "df", "minlength", "maxlength", "maxweight", "minid", "maxid",
                                 "offset", "count"],
                       "formats": ["u1", ">f4", ">u4", "u1", "u1", ">f4", ">u4", ">u4", ">i8", ">i4"],
                       "offsets": [0, 1, 5, 9, 10, 11, 15, 19, 23, 31], "itemsize": 35})
_RECORD_LENGTHS = np.dtype([("key", ">i4"), ("value", ">i4")])      # filetables' "!ii" before each record
assert _TERM_INFO.itemsize == _HEAD.size + _POINTER.size


class ArrayTermsReader(W3TermsReader):
    def term_info(self, fieldname, tbytes):
        try:
            return ArrayTermInfo.from_bytes(self._tindex[self._keycoder(fieldname, tbytes)])
        except KeyError:
            raise TermNotFound(f"No term {fieldname}:{tbytes!r}") from None

    def items(self):
        for keybytes, valbytes in self._tindex.items():
            yield self._keydecoder(keybytes), ArrayTermInfo.from_bytes(valbytes)

    def items_from(self, fieldname, prefix):
        for keybytes, valbytes in self._tindex.items_from(self._keycoder(fieldname, prefix)):
            yield self._keydecoder(keybytes), ArrayTermInfo.from_bytes(valbytes)


class RunMatcher(ListMatcher):
    """Whoosh's list matcher over a run; a posting's value is its frequency, encoded as
    Whoosh's Frequency format does (Existence: none), so merges copy it as Whoosh would."""

    def value(self):
        if isinstance(self._format, Existence):
            return b""
        return pack_uint(int(self._weights[self._i]))

    def all_items(self):
        for i, docnum in enumerate(self._ids):
            self._i = i
            yield docnum, self.value()


class ArrayCodec(W3Codec):
    """Whoosh 3's codec with postings as raw arrays (see the module docstring)."""

    def __init__(self):
        super().__init__(inlinelimit=0)

    def field_writer(self, storage, segment):
        return ArrayFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        if byteids:
            raise TypeError("ArrayCodec writes no term vectors")
        return ArrayPostingsWriter(dbfile)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        offset, count = terminfo.extent()
        raw = dbfile.get(offset, count * (DOC_DTYPE.itemsize + TF_DTYPE.itemsize)) if count else b""
        docs = np.frombuffer(raw, dtype=DOC_DTYPE, count=count)
        tfs = np.frombuffer(raw, dtype=TF_DTYPE, count=count, offset=count * DOC_DTYPE.itemsize)
        return RunMatcher(docs.tolist(), tfs.astype(np.float64).tolist(), None, format_,
                          scorer=scorer, term=term, terminfo=terminfo)

    def terms_reader(self, storage, segment):
        tiname = segment.make_filename(self.TERMS_EXT)
        return ArrayTermsReader(self, storage.open_file(tiname), storage.file_length(tiname),
                                segment.open_file(storage, self.POSTS_EXT))


# --- reading a segment's files in place, for the engine ----------------------------------------

# The kernel's readahead on a file map fetches up to the device's readahead window around
# every page a fault touches: a search touches scattered records of big files, and a cold
# open of a 200k index read 1.4 GB for it (7.8 s). So every map is MADV_RANDOM (only the
# page touched), and what is read whole (a posting run, a field's terms, a column's
# offsets) is announced first with MADV_WILLNEED on exactly its pages, one request for the
# run instead of a fault a page. OPENDATA_MAP_ADVICE=none leaves the kernel's default:
# a switch for bench/search_speed.py's A/B, not a setting.
MAP_ADVICE = hasattr(mmap, "MADV_RANDOM") and os.environ.get("OPENDATA_MAP_ADVICE", "random") != "none"
PAGE = mmap.PAGESIZE
MAX_RUNS_ASKED_FOR = 200_000     # a segment's runs remembered as asked for (then forgotten, asked again)
WILLNEED_CHUNK = 128 * 1024     # the kernel reads at most its readahead window (128 KB by default) a call


def will_need(buffer, start: int, length: int) -> None:
    """Ask the kernel to read buffer[start:start + length] of a map now, a few large
    reads instead of a fault a page (a range within one page is left to its fault)."""
    if not MAP_ADVICE or length <= 0:
        return
    first = start - start % PAGE
    end = start + length
    if end - first <= PAGE:
        return
    for chunk in range(first, end, WILLNEED_CHUNK):
        buffer.madvise(mmap.MADV_WILLNEED, chunk, min(WILLNEED_CHUNK, end - chunk))


class MappedFile(StructFile):
    """A read-only file mapped into memory; `get()` slices the map and keeps no file
    position, so any number of threads may read through one object at once."""

    def __init__(self, path: Path):
        with open(path, "rb") as fh:
            size = fh.seek(0, 2)
            self.map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        if size and MAP_ADVICE:
            self.map.madvise(mmap.MADV_RANDOM)        # see MAP_ADVICE
        # the map's own file position serves only while a Whoosh reader object is set up
        super().__init__(self.map if size else io.BytesIO(b""), name=str(path))
        self.is_real = False
        self.size = size

    def get(self, position, length):
        return self.map[position:position + length]

    def get_array(self, position, typecode, length):
        values = array(typecode)
        values.frombytes(self.get(position, length * values.itemsize))
        if IS_LITTLE:
            values.byteswap()
        return values

    def close(self):      # the map lives as long as the arrays taken from it
        self.is_closed = True


class SegmentFiles:
    """One segment's terms, postings and columns, mapped once, read without locks."""

    def __init__(self, folder: Path, segment):
        if not isinstance(segment.codec(), ArrayCodec):
            raise TypeError(f"segment {segment.segment_id()} was not written by ArrayCodec")
        if segment.is_compound():
            raise TypeError(f"segment {segment.segment_id()} is compound; the index writes separate files")
        self.folder = Path(folder)
        self.segment = segment
        self.doc_count = segment.doc_count_all()
        terms_file = MappedFile(self.folder / segment.make_filename(W3Codec.TERMS_EXT))
        self._terms = OrderedHashReader(terms_file, terms_file.size)
        self._terms_map = terms_file.map
        self._hashfn, self._tables = self._terms.hashfn, self._terms.tables
        self._fieldnums: dict[str, int] = dict(self._terms.extras["fieldmap"])
        self._postings = MappedFile(self.folder / segment.make_filename(W3Codec.POSTS_EXT)).map
        # runs asked for once (MADV_WILLNEED) in this process: a search looks up ~700 runs,
        # and the advice again on cached pages was 5 % of a warm query's time (a syscall each)
        self._runs_asked_for: set[int] = set()

    def postings(self, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(docnums, term frequencies) of a term, views into the mapped `.pst`."""
        fieldnum = self._fieldnums.get(fieldname)
        if fieldnum is None:
            return EMPTY_DOCS, EMPTY_TFS
        datapos = self._find(pack_ushort(fieldnum) + term.encode("utf-8"))
        if datapos is None:
            return EMPTY_DOCS, EMPTY_TFS
        offset, count = _POINTER.unpack_from(self._terms_map, datapos + _HEAD.size)
        if not count:
            return EMPTY_DOCS, EMPTY_TFS
        if offset not in self._runs_asked_for:
            if len(self._runs_asked_for) > MAX_RUNS_ASKED_FOR:
                self._runs_asked_for.clear()
            self._runs_asked_for.add(offset)
            will_need(self._postings, offset, 6 * count)
        docs = np.frombuffer(self._postings, dtype=DOC_DTYPE, count=count, offset=offset)
        tfs = np.frombuffer(self._postings, dtype=TF_DTYPE, count=count, offset=offset + 4 * count)
        return docs, tfs

    def _find(self, key: bytes) -> int | None:
        """Where a key's value starts in the terms file: `HashReader.ranges_for_key` with
        the reads done in place on the map (a search looks up every query term in every
        segment, and Whoosh's layers of calls were most of that)."""
        keyhash = self._hashfn(key)
        tablestart, numslots = self._tables[keyhash & 255]
        if not numslots:
            return None
        terms_map = self._terms_map
        end = tablestart + numslots * _SLOT.size
        slotpos = tablestart + ((keyhash >> 8) % numslots) * _SLOT.size
        for _ in range(numslots):
            slothash, itempos = _SLOT.unpack_from(terms_map, slotpos)
            if not itempos:
                return None
            if slothash == keyhash:
                keylen, _ = _RECORD.unpack_from(terms_map, itempos)
                start = itempos + _RECORD.size
                if keylen == len(key) and terms_map[start:start + keylen] == key:
                    return start + keylen
            slotpos += _SLOT.size
            if slotpos == end:
                slotpos = tablestart
        return None

    def terms_from(self, fieldname: str, prefix: str = ""):
        """(term, number of postings) of a field from `prefix` on, in term order, while
        the terms start with `prefix`. Walks the terms file's records in place on the map
        (Whoosh's `items_from` goes through four layers of calls a term; a first query
        reads every term of two fields in every segment for the spelling vocabulary)."""
        fieldnum = self._fieldnums.get(fieldname)
        if fieldnum is None:
            return
        head = pack_ushort(fieldnum)
        start = head + prefix.encode("utf-8")
        position = self._terms.closest_key_pos(start)
        if position is None:
            return
        terms_map, end, skip = self._terms_map, self._terms.endofdata, len(head)
        count_at = _HEAD.size + _POINTER.size - _COUNT.size
        unpack_record, unpack_count = _RECORD.unpack_from, _COUNT.unpack_from
        while position < end:
            keylen, datalen = unpack_record(terms_map, position)
            keystart = position + _RECORD.size
            key = terms_map[keystart:keystart + keylen]
            if not key.startswith(start):
                return
            yield key[skip:].decode("utf-8"), unpack_count(terms_map, keystart + keylen + count_at)[0]
            position = keystart + keylen + datalen

    def field_terms(self, fieldname: str, prefix: str = "", alive: np.ndarray | None = None
                    ) -> tuple[list[str], np.ndarray]:
        """Every term of a field that starts with `prefix`, in term order, with its number
        of postings (of live documents when `alive` says which are): `terms_from`, read all
        at once with numpy (the records of one field are adjacent in the terms file, and
        its index array lists them in order)."""
        fieldnum = self._fieldnums.get(fieldname)
        if fieldnum is None:
            return [], np.zeros(0, dtype=np.int64)
        head = pack_ushort(fieldnum)
        records = self._field_records(head + prefix.encode("utf-8"))
        if not len(records):
            return [], np.zeros(0, dtype=np.int64)
        data = np.frombuffer(self._terms_map, dtype=np.uint8)
        key_lengths = _big_endian_int32(data, records)
        counts = _big_endian_int32(data, records + _RECORD.size + key_lengths + _HEAD.size + _POINTER.size
                                   - _COUNT.size)
        # the terms (keys less the field number), each followed by a newline, in one buffer
        term_starts, term_lengths = records + _RECORD.size + len(head), key_lengths - len(head)
        ends = np.cumsum(term_lengths + 1)
        within = (np.arange(int(term_lengths.sum()), dtype=np.int64)
                  - np.repeat(np.cumsum(term_lengths) - term_lengths, term_lengths))
        joined = np.full(int(ends[-1]) - 1, ord("\n"), dtype=np.uint8)
        term_bytes = data[np.repeat(term_starts, term_lengths) + within]
        if (term_bytes == ord("\n")).any():        # a term with a newline: split record by record instead
            terms = [term for term, _ in self.terms_from(fieldname, prefix)]
            return terms, counts if alive is None else np.array(
                [int(np.count_nonzero(alive[self.postings(fieldname, term)[0]])) for term in terms], dtype=np.int64)
        joined[np.repeat(ends - term_lengths - 1, term_lengths) + within] = term_bytes
        terms = joined.tobytes().decode("utf-8").split("\n")
        if alive is not None and not alive.all():
            counts = self._live_counts(data, records + _RECORD.size + key_lengths, counts, alive)
        return terms, counts

    def _field_records(self, start: bytes) -> np.ndarray:
        """Where the records whose keys start with `start` are in the terms file, in key
        order; their pages asked for in one go (they are adjacent, each far below a page)."""
        positions = self._record_positions()
        first, last = self._first_at_or_after(positions, start), self._first_at_or_after(positions, _after(start))
        itemsize = positions.dtype.itemsize
        will_need(self._terms_map, self._terms.indexbase + first * itemsize, (last - first) * itemsize)
        records = positions[first:last].astype(np.int64)
        if len(records):
            end = int(positions[last]) if last < len(positions) else self._terms.endofdata     # of the last record
            will_need(self._terms_map, int(records[0]), end - int(records[0]))
        return records

    def field_runs(self, fieldname: str) -> list[tuple[str, np.ndarray]]:
        """(term, its docnums) for every term of a field, in term order, each run found from
        the term info in its record, not by a hash look-up (the look-ups of every term of
        the ID fields at open were each a random page of the terms file: 2,200 page reads
        in a cold open of 33 segments); the field's runs asked for in one go."""
        terms, counts = self.field_terms(fieldname)
        if not terms:
            return []
        data = np.frombuffer(self._terms_map, dtype=np.uint8)
        records = self._field_records(pack_ushort(self._fieldnums[fieldname]))
        offsets = _run_offsets(data, records + _RECORD.size + _big_endian_int32(data, records))
        first = int(offsets.min())
        will_need(self._postings, first, int((offsets + 6 * counts).max()) - first)
        return [(term, np.frombuffer(self._postings, dtype=DOC_DTYPE, count=count, offset=offset))
                for term, offset, count in zip(terms, offsets.tolist(), counts.tolist()) if count]

    def _live_counts(self, data: np.ndarray, values: np.ndarray, counts: np.ndarray, alive: np.ndarray):
        """Each term's number of postings in live documents: its run's docnums gathered
        from the map (`values`: where each term's info starts)."""
        offsets = _run_offsets(data, values)
        if len(offsets):
            first = int(offsets.min())
            will_need(self._postings, first, int((offsets + 4 * counts).max()) - first)
        doc_view = np.frombuffer(self._postings, dtype=DOC_DTYPE, count=len(self._postings) // 4)
        starts = np.cumsum(counts) - counts
        within = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(starts, counts)
        dead = ~alive[doc_view[np.repeat(offsets // 4, counts) + within]]
        dead_per_term = np.add.reduceat(dead.astype(np.int64), starts[counts > 0]) if dead.size else dead
        live = counts.copy()
        live[counts > 0] -= dead_per_term
        return live

    def _record_positions(self) -> np.ndarray:
        """Where each record of the terms file starts, in key order (OrderedHashWriter's
        index array, big-endian), a view into the map."""
        terms = self._terms
        return np.frombuffer(self._terms_map, dtype=">" + terms.extras["indextype"], count=terms.indexlen,
                             offset=terms.indexbase)

    def _first_at_or_after(self, positions: np.ndarray, key: bytes | None) -> int:
        """The index of the first record whose key is >= key (binary search; None: the end)."""
        if key is None:
            return len(positions)
        terms_map = self._terms_map
        low, high = 0, len(positions)
        while low < high:
            middle = (low + high) // 2
            position = int(positions[middle])
            keylen = _COUNT.unpack_from(terms_map, position)[0]
            if terms_map[position + _RECORD.size:position + _RECORD.size + keylen] < key:
                low = middle + 1
            else:
                high = middle
        return low

    def deleted(self) -> np.ndarray:
        return np.fromiter(self.segment.deleted_docs(), dtype=np.int64)

    def _column_path(self, fieldname: str) -> Path:
        return self.folder / W3Codec.column_filename(self.segment, fieldname)

    def numeric_column(self, fieldname: str, typecode: str, default=0) -> np.ndarray:
        """A `NumericColumn(typecode)` as one array: big-endian fixed-width values, the
        documents after the last value written taking the default."""
        dtype = np.dtype(">" + typecode)
        out = np.full(self.doc_count, default, dtype=dtype.newbyteorder("="))
        path = self._column_path(fieldname)
        if path.exists():
            raw = path.read_bytes()
            values = np.frombuffer(raw, dtype=dtype, count=min(len(raw) // dtype.itemsize, self.doc_count))
            out[:len(values)] = values
        return out

    def bytes_column(self, fieldname: str) -> tuple[bytes, np.ndarray, np.ndarray] | None:
        """A `VarBytesColumn` whole (see `var_bytes_column`), None when the segment has none."""
        path = self._column_path(fieldname)
        return var_bytes_column(path.read_bytes(), self.doc_count) if path.exists() else None

    def stored_fields(self):
        """docnum -> the document's stored fields (a dict), read through the map."""
        path = self._column_path("_stored")
        return StoredFields(path, self.doc_count) if path.exists() else _NoStoredFields()

    def column_reader(self, fieldname: str, column):
        """Whoosh's reader for a column, over the mapped file (thread-safe reads)."""
        path = self._column_path(fieldname)
        if not path.exists():
            return None
        mapped = MappedFile(path)
        return column.reader(mapped, 0, mapped.size, self.doc_count)


def var_bytes_column(raw: bytes, count: int) -> tuple[bytes, np.ndarray, np.ndarray]:
    """A `VarBytesColumn` file of `count` documents as (the values' bytes, each document's
    offset into them, each one's length), read with numpy: Whoosh's reader derives offsets
    in a Python loop and hands values out one call at a time."""
    offsets, lengths, end = var_bytes_layout(raw, count)
    return raw[:end], offsets, lengths


def var_bytes_layout(raw, count: int) -> tuple[np.ndarray, np.ndarray, int]:
    """(offsets, lengths, where the values end) of a `VarBytesColumn` in a buffer (bytes or
    a map: only its tail is read). Layout (`VarBytesColumn.Writer.finish`): the values, the
    lengths array, the offsets array when written, then the lengths' typecode, and after
    offsets their typecode and b"X"; the arrays big-endian."""
    end = len(raw) - 1
    offsets = None
    if raw[end:end + 1] == b"X":
        lengths_code, offsets_code = chr(raw[end - 2]), chr(raw[end - 1])
        offsets_dtype = np.dtype(">" + offsets_code)
        end = end - 2 - count * offsets_dtype.itemsize
    else:
        lengths_code = chr(raw[end])
    lengths_dtype = np.dtype(">" + lengths_code)
    start = end - count * lengths_dtype.itemsize
    if isinstance(raw, mmap.mmap):
        will_need(raw, start, len(raw) - start)       # the two arrays, read whole below
    if offsets is not None:
        offsets = np.frombuffer(raw, dtype=offsets_dtype, count=count, offset=end).astype(np.int64)
    lengths = np.frombuffer(raw, dtype=lengths_dtype, count=count, offset=start).astype(np.int64)
    if offsets is None:
        offsets = np.cumsum(lengths) - lengths
    return offsets, lengths, start


class StoredFields:
    """docnum -> a document's stored fields (a dict, None when it has none): Whoosh's
    `STORED_COLUMN` (pickles, each zlib-compressed, in a VarBytesColumn) read through the
    map, its offsets read with numpy at open (Whoosh's reader derives them in a Python
    loop: the larger part of opening a 200k index)."""

    def __init__(self, path: Path, count: int):
        self._map = MappedFile(path).map
        if count:
            offsets, lengths, _ = var_bytes_layout(self._map, count)
        else:
            offsets = lengths = np.zeros(0, dtype=np.int64)
        self._starts, self._ends = offsets.tolist(), (offsets + lengths).tolist()

    def __getitem__(self, docnum: int):
        start, end = self._starts[docnum], self._ends[docnum]
        if start == end:
            return None
        value = zlib.decompress(self._map[start:end])
        return pickle.loads(value) if value else None


def _after(prefix: bytes) -> bytes | None:
    """The smallest byte string above every string that starts with `prefix` (None: none)."""
    stripped = prefix.rstrip(b"\xff")
    if not stripped:
        return None
    return stripped[:-1] + bytes([stripped[-1] + 1])


def _run_offsets(data: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Each run's offset in `.pst`, from the term infos that start at `values` in the terms file."""
    block = data[(values + _HEAD.size)[:, None] + np.arange(8)]
    return np.ascontiguousarray(block).view(">i8").ravel()


def _big_endian_int32(data: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """The big-endian int32 at each position of a byte array (positions need no alignment)."""
    block = data[positions[:, None] + np.arange(4)]
    return np.ascontiguousarray(block).view(">i4").ravel().astype(np.int64)


class _NoStoredFields:
    def __getitem__(self, docnum):
        return {}


def check_version() -> None:
    if whoosh.versionstring() != WHOOSH_VERSION:
        raise RuntimeError(f"the search index is written for Whoosh {WHOOSH_VERSION}, "
                           f"found {whoosh.versionstring()}: pin whoosh-reloaded=={WHOOSH_VERSION}")


def index_segments(ix) -> list:
    """The segments of an open Whoosh index's current generation, in docnum order."""
    return list(ix._segments())
