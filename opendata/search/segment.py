"""A Whoosh segment writer for the parallel full build: the same segment files as
Whoosh's `SegmentWriter` with our codec, far less work per posting.

Whoosh's writer keeps every posting as a tuple in a `PostingPool` and hands postings
to the codec one by one. Here documents arrive in docnum order and the text fields
come already analysed (term lists from `analysis.terms()`): the pool counts each
field's terms into compact arrays (term number, docnum, frequency) at C speed; at the
end each field's terms are sorted once with numpy and the field's runs go to
`ArrayFieldWriter.add_field_runs` whole, laid out as the codec stores them.
"""

from __future__ import annotations

import itertools
from array import array
from collections import Counter, defaultdict

import numpy as np
from whoosh.writing import SegmentWriter

from .codec import MAX_TF, ArrayCodec


class ArrayPool:
    """New documents' postings grouped by field: term numbers and frequencies, and the
    docnums as (docnum, number of postings) runs (postings arrive a document at a time)."""

    def __init__(self):
        self._vocab: dict[str, dict] = {}
        self._tids: dict[str, array] = {}
        self._docs: dict[str, array] = {}
        self._tfs: dict[str, array] = {}

    @property
    def fieldnames(self) -> list[str]:
        return sorted(self._vocab)

    def _field(self, fieldname: str):
        if fieldname not in self._vocab:
            self._vocab[fieldname] = defaultdict(itertools.count().__next__)     # term -> its number
            self._tids[fieldname], self._docs[fieldname], self._tfs[fieldname] = array("i"), array("i"), array("H")
        return self._vocab[fieldname]

    def add_counts(self, fieldname: str, docnum: int, counts: Counter) -> None:
        vocab = self._field(fieldname)
        self._tids[fieldname].extend(map(vocab.__getitem__, counts))
        self._docs[fieldname].extend((docnum, len(counts)))
        try:
            self._tfs[fieldname].extend(counts.values())
        except OverflowError:          # a term more than 65,535 times in one text
            self._tfs[fieldname].extend(min(v, MAX_TF) for v in counts.values())

    def add(self, item) -> None:
        """One posting as Whoosh's writer makes them: (fieldname, btext, docnum, weight, vbytes)."""
        fieldname, btext, docnum, weight, _ = item
        vocab = self._field(fieldname)
        self._tids[fieldname].append(vocab[btext.decode("utf-8")])
        self._tfs[fieldname].append(min(int(round(weight)), MAX_TF))
        self._docs[fieldname].extend((docnum, 1))

    def field_runs(self, fieldname: str):
        """(terms in byte order, run starts, docnums, tfs): each term's postings are
        docnums[starts[k]:starts[k + 1]], ascending. The field's accumulators are released."""
        vocab = self._vocab.pop(fieldname)
        terms = np.array([t.encode("utf-8") for t in vocab], dtype=bytes) if vocab else np.zeros(0, "S1")
        del vocab
        order = np.argsort(terms, kind="stable")
        rank = np.empty(len(order), dtype=np.int32)
        rank[order] = np.arange(len(order), dtype=np.int32)
        tids = rank[np.frombuffer(self._tids.pop(fieldname), dtype=np.int32)]
        del rank
        starts = np.concatenate(([0], np.cumsum(np.bincount(tids, minlength=len(order))))).astype(np.int64)
        by_term = np.argsort(tids, kind="stable")          # docnums stay ascending within a term
        del tids
        runs = np.frombuffer(self._docs.pop(fieldname), dtype=np.int32).reshape(-1, 2)
        docs = np.repeat(runs[:, 0], runs[:, 1])[by_term]
        del runs
        tfs = np.frombuffer(self._tfs.pop(fieldname), dtype=np.uint16)[by_term]
        del by_term
        return terms[order], starts, docs, tfs

    def cleanup(self) -> None:
        for table in (self._vocab, self._tids, self._docs, self._tfs):
            table.clear()


def term_slices(starts: np.ndarray, max_terms: int, max_postings: int):
    """(first, last) term ranges covering a field's runs, each of at most `max_terms`
    terms and `max_postings` postings (at least one term): the codec's temporary
    arrays and lists for a slice are a few per term and per posting."""
    count = len(starts) - 1
    first = 0
    while first < count:
        by_postings = int(np.searchsorted(starts, starts[first] + max_postings, side="right")) - 1
        last = max(first + 1, min(first + max_terms, count, by_postings))
        yield first, last
        first = last


class BuildSegmentWriter(SegmentWriter):
    """SegmentWriter for whole new segments, documents added in order (no updates, no
    merges). Text fields given as term lists are counted straight into the pool.

    A field goes to the codec in slices of terms (the pair fields have hundreds of
    thousands in a segment): whole, the codec's per-term lists and per-posting arrays
    were the peak of a worker's memory (~150 MB over the pool at 2,000 documents)."""

    flush_terms = 20_000         # terms per `add_field_runs` call
    flush_postings = 1_000_000   # postings per call (a frequent syllable has one per document)

    def __init__(self, ix, compound: bool = False, **kwargs):
        super().__init__(ix, compound=compound, codec=ArrayCodec(), **kwargs)
        self.pool = ArrayPool()
        self._lengths: dict[str, array] = {}

    def add_reader(self, reader):
        raise NotImplementedError("BuildSegmentWriter only adds new documents")

    def add_document(self, **fields):
        self._check_state()
        schema = self.schema
        docnum = self.docnum
        perdoc = self.perdocwriter
        perdoc.start_doc(docnum)
        try:
            for fieldname in sorted(name for name in fields if not name.startswith("_")):
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    if isinstance(value, list):
                        counts = Counter(value)
                        self.pool.add_counts(fieldname, docnum, counts)
                        length = len(value) if field.scorable else 0
                    else:
                        for tbytes, freq, weight, vbytes in field.index(value):
                            if field.scorable:
                                length += freq
                            self.pool.add((fieldname, tbytes, docnum, weight, vbytes))
                    if field.scorable:
                        lengths = self._lengths.get(fieldname)
                        if lengths is None:
                            lengths = self._lengths[fieldname] = array("i", [0] * (docnum - self.docbase))
                        lengths.append(length)
                stored = fields.get("_stored_" + fieldname, value)
                perdoc.add_field(fieldname, field, stored if field.stored else None, length)
                if field.column_type and stored is not None:
                    perdoc.add_column_value(fieldname, field.column_type, field.to_column_value(stored))
        except BaseException:
            perdoc.cancel_doc()
            raise
        for lengths in self._lengths.values():      # fields a document lacks have length 0
            if len(lengths) < docnum + 1 - self.docbase:
                lengths.extend([0] * (docnum + 1 - self.docbase - len(lengths)))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self):
        self.perdocwriter.close()
        writer = self.fieldwriter
        count = self.docnum - self.docbase
        for fieldname in self.pool.fieldnames:
            lengths = self._lengths.get(fieldname)
            if lengths is not None:
                lengths = np.frombuffer(lengths, dtype=np.int32)
                if len(lengths) < count:
                    lengths = np.concatenate((lengths, np.zeros(count - len(lengths), dtype=np.int32)))
            writer.start_field(fieldname, self.schema[fieldname])
            terms, starts, docs, tfs = self.pool.field_runs(fieldname)
            for first, last in term_slices(starts, self.flush_terms, self.flush_postings):
                low, high = starts[first], starts[last]
                writer.add_field_runs(terms[first:last], starts[first:last + 1] - low, docs[low:high],
                                      tfs[low:high], lengths)
            del terms, starts, docs, tfs
            writer.finish_field()
        writer.close()
