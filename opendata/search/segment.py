"""A Whoosh segment writer for the parallel full build: the same segment files, less
work and memory per posting.

Whoosh's `SegmentWriter` keeps every posting as a ~200-byte tuple in a `PostingPool`;
past `limitmb` it pickles each one to a run file and unpickles it again for a merge
sort (at 2,500 articles a segment that was a third of the build). Then, writing, it
reads the field length of every posting from the length column. Here documents
arrive in docnum order, so each term's postings are already sorted: the pool keeps
them grouped by term in compact arrays and only the terms are sorted, and lengths
are read once per document.
"""

from __future__ import annotations

from array import array
from itertools import repeat

from whoosh.writing import SegmentWriter


class TermPool:
    """Postings grouped by (field, term): docnums, weights and shared value bytes."""

    def __init__(self):
        self.fieldnames: set[str] = set()
        self._terms: dict[tuple[str, bytes], tuple[array, array, list]] = {}
        self._values: dict[bytes, bytes] = {}       # one object per distinct short value

    def add(self, item) -> None:
        fieldname, btext, docnum, weight, vbytes = item
        entry = self._terms.get((fieldname, btext))
        if entry is None:
            self.fieldnames.add(fieldname)
            entry = self._terms[(fieldname, btext)] = (array("l"), array("d"), [])
        elif entry[0][-1] > docnum:
            raise ValueError("postings must be added in docnum order")
        if vbytes is not None and len(vbytes) <= 4:
            vbytes = self._values.setdefault(vbytes, vbytes)
        entry[0].append(docnum)
        entry[1].append(weight)
        entry[2].append(vbytes)

    def iter_postings(self):
        """(fieldname, btext, docnum, weight, vbytes) in Whoosh's order, pool emptied as it goes."""
        terms = self._terms
        for key in sorted(terms):
            docs, weights, values = terms.pop(key)
            yield from zip(repeat(key[0]), repeat(key[1]), docs, weights, values)

    def cleanup(self) -> None:
        self._terms.clear()
        self._values.clear()


class _Lengths:
    """`doc_field_length` for the postings writer, each field's column read once."""

    def __init__(self, reader):
        self.reader = reader
        self.cache: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        lengths = self.cache.get(fieldname)
        if lengths is None:
            n = self.reader.doc_count_all()
            lengths = self.cache[fieldname] = [self.reader.doc_field_length(d, fieldname, default)
                                               for d in range(n)]
        return lengths[docnum]


class BuildSegmentWriter(SegmentWriter):
    """SegmentWriter for whole new segments, documents added in order (no updates, no merges)."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self.pool = TermPool()

    def add_reader(self, reader):
        raise NotImplementedError("BuildSegmentWriter only adds new documents")

    def _flush_segment(self):
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        self.fieldwriter.add_postings(self.schema, _Lengths(pdr) if pdr else None, self.pool.iter_postings())
        self.fieldwriter.close()
        if pdr:
            pdr.close()
