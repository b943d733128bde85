"""A Whoosh segment writer for the parallel full build: the same segment files, less
work and memory per posting.

Whoosh's `SegmentWriter` keeps every posting as a ~200-byte tuple in a `PostingPool`;
past `limitmb` it pickles each one to a run file and unpickles it again for a merge
sort (at 2,500 articles a segment that was a third of the build). Then, writing, it
reads the field length of every posting from the length column and passes postings
one by one to the postings writer. Here documents arrive in docnum order, so each
term's postings are already sorted: the pool keeps them grouped by term in compact
arrays, only the terms are sorted, lengths are read once per document, and each
block of a posting list is handed to Whoosh's postings writer whole.
"""

from __future__ import annotations

from array import array

from whoosh.codec.whoosh3 import W3Codec
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
            entry = self._terms[(fieldname, btext)] = (array("I"), array("d"), [])
        elif entry[0][-1] > docnum:
            raise ValueError("postings must be added in docnum order")
        if vbytes is None:
            vbytes = b""
        elif len(vbytes) <= 4:
            vbytes = self._values.setdefault(vbytes, vbytes)
        entry[0].append(docnum)
        entry[1].append(weight)
        entry[2].append(vbytes)

    def sorted_terms(self):
        """((fieldname, btext), (docnums, weights, values)) in Whoosh's order, the pool
        emptied as it goes."""
        terms = self._terms
        for key in sorted(terms):
            yield key, terms.pop(key)

    def cleanup(self) -> None:
        self._terms.clear()
        self._values.clear()


def _field_lengths(reader, fieldname: str) -> list[int]:
    return [reader.doc_field_length(d, fieldname, 0) for d in range(reader.doc_count_all())]


class BuildSegmentWriter(SegmentWriter):
    """SegmentWriter for whole new segments, documents added in order (no updates, no merges)."""

    def __init__(self, ix, compound: bool = False, **kwargs):
        super().__init__(ix, compound=compound, **kwargs)
        if type(self.codec) is not W3Codec:
            raise TypeError("BuildSegmentWriter writes Whoosh 3 codec postings only")
        self.pool = TermPool()

    def add_reader(self, reader):
        raise NotImplementedError("BuildSegmentWriter only adds new documents")

    def _flush_segment(self):
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        self._write_blocks(pdr)
        self.fieldwriter.close()
        if pdr:
            pdr.close()

    def _write_blocks(self, pdr) -> None:
        """What `FieldWriter.add_postings` does posting by posting, a block at a time:
        the same ids, weights, values and block statistics go to `_write_block`."""
        fw = self.fieldwriter
        field = None
        for (fieldname, btext), (docs, weights, values) in self.pool.sorted_terms():
            if fieldname != field:
                if field is not None:
                    fw.finish_field()
                fw.start_field(fieldname, self.schema[fieldname])
                field = fieldname
                lengths = _field_lengths(pdr, fieldname) if pdr else None
                if lengths is not None and not any(lengths):
                    lengths = None
            fw.start_term(btext)
            pw = fw._postwriter
            limit = pw._blocklimit
            for a in range(0, len(docs), limit):
                if a:
                    pw._write_block()
                block = docs[a:a + limit]
                pw._ids.extend(block)
                ws = weights[a:a + limit].tolist()
                pw._weights.fromlist(ws)
                pw._values.extend(values[a:a + limit])
                top = max(ws)
                if top > pw._maxweight:
                    pw._maxweight = top
                if lengths is not None:
                    ls = [n for n in map(lengths.__getitem__, block) if n]
                    if ls:
                        pw._minlength, pw._maxlength = min(ls), max(ls)
            fw.finish_term()
        if field is not None:
            fw.finish_field()
