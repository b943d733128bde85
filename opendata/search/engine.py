"""Answering queries from the Whoosh index's postings, read in place with numpy.

Each segment's `.pst` is mapped once (`codec.SegmentFiles`); a term's postings are a
numpy slice of it. Retrieval: each group of the query is the union of its
alternatives (a word, the words of an expansion, or a phrase's adjacent pairs); the
groups are intersected smallest first, so the work follows the rarest term, and
only the candidates are scored (each term's frequencies gathered with
`np.searchsorted`). Ranking: BM25 over the folded text, plus the query's adjacent
pairs (proximity; an alternative's pairs at its weight), plus title matches, plus
exact-diacritic matches for the words typed with diacritics, so 'bán' ranks "bán"
above "ban" and "bàn" while 'ban' matches all; among the best few, a title that
opens with the query's words is raised.
"""

from __future__ import annotations

import html
import itertools
import math
import os
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator

import numpy as np
from whoosh import index as windex

from .. import vntext
from ..errors import OpendataError
from .analysis import PAIR
from .codec import EMPTY_DOCS, EMPTY_TFS, SegmentFiles, check_version, index_segments
from .fields import FOLDED, FOLDED_PAIRS, SYLLABLES, TITLE, TITLE_PAIRS
from .indexer import (AREAS, COLUMN_TYPES, FACET_FIELDS, FOLDED_LENGTH, INDEX_FORMAT, MANIFEST, PLACES,
                      PUBLISHED_DAY, PUBLISHED_TS, TITLE_LENGTH, manifest_format, read_manifest)
from .query import Alt, Query, parse
from .spelling import vocabulary


K1, B = 1.2, 0.75
# Most Vietnamese words are two syllables ("cải cách", "hành chính"): two query
# syllables found side by side are usually the word the reader meant, so pairs
# weigh heavily (bench/relevance.py: P@10 on topic queries 0.69 at 1.5, 0.94 at 8).
PAIR_WEIGHT = 8.0
TITLE_WEIGHT = 2.0       # query words in the title
TITLE_PAIR_WEIGHT = 2.0  # query words side by side in the title
OPENING_BOOST = 0.2       # a title that opens with the query's words: its score raised by a fifth
OPENING_BOOST_COMPLETING = 0.5   # ... by half while the last word is being typed (a search box's query)
OPENING_TOP = 30          # ... among this many best candidates
EXACT_WEIGHT = 2.5       # words typed with diacritics found with the same diacritics
DENSE_FROM = 32           # candidates above 1/32 of the documents: term frequencies read densely
SNIPPET_CHARS = 240
FACET_LIMIT = 20
MERGE_WITH_NUMPY = 5_000   # (term, count) pairs over the segments above which terms are merged with numpy


@dataclass
class Filters:
    unit: str | None = None       # a code (any era) or a unit id; provinces too
    year: int | None = None
    date_from: str | None = None  # ISO dates, inclusive
    date_to: str | None = None
    area: str | None = None


def _intersect(small: np.ndarray, large: np.ndarray) -> np.ndarray:
    """The docnums in both sorted arrays: each of the smaller looked up in the larger."""
    if len(small) > len(large):
        small, large = large, small
    if not len(small):
        return small
    at = np.searchsorted(large, small)
    at[at == len(large)] = 0
    return small[large[at] == small]


def _union(arrays: list[np.ndarray]) -> np.ndarray:
    arrays = [a for a in arrays if len(a)]
    if not arrays:
        return EMPTY_DOCS
    if len(arrays) == 1:
        return arrays[0]
    return np.unique(np.concatenate(arrays))


class _Segment:
    """One segment's files, its place in the global docnum space, its stored fields."""

    def __init__(self, files: SegmentFiles, base: int, stored, alive: np.ndarray):
        self.files, self.base, self.stored, self.alive = files, base, stored, alive
        self.all_alive = bool(alive.all())


class Searcher:
    """Opens the index once; `search()` is cheap afterwards. A newer index on disk makes it
    `stale()`: the server then opens a new Searcher beside it and swaps (never in place,
    as other threads may be searching this one). Nothing on the search path takes a lock:
    every file is read through a memory map, and the shared arrays are never written."""

    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)
        self._stamp = None
        self._labels_cache: dict[tuple[str, str], str] = {}
        check_version()
        for attempt in range(5):
            try:
                self._load()
                break
            except FileNotFoundError:       # a build removed a segment between the TOC and its files
                if attempt == 4:
                    raise
                time.sleep(0.1)

    # --- loading ------------------------------------------------------------

    def _manifest_stamp(self):
        try:
            st = os.stat(self.index_dir / MANIFEST)
            return (st.st_mtime_ns, st.st_ino, st.st_size)
        except FileNotFoundError:
            return None

    def _load(self) -> None:
        stamp = self._manifest_stamp()
        manifest = read_manifest(self.index_dir)
        if manifest is None:
            found = manifest_format(self.index_dir)
            if found is not None and found != INDEX_FORMAT:
                raise OpendataError(f"the search index in {self.index_dir} has format {found}; this version "
                                    f"reads format {INDEX_FORMAT}", hint="run `opendata index` to rebuild it")
            raise OpendataError(f"no search index in {self.index_dir}", hint="run `opendata index` first")
        folder = self.index_dir / manifest["version"]
        ix = windex.open_dir(str(folder))
        self.segments: list[_Segment] = []
        columns = {name: [] for name in COLUMN_TYPES}
        alive, base = [], 0
        for segment in index_segments(ix):
            files = SegmentFiles(folder, segment)
            seg_alive = np.ones(files.doc_count, dtype=bool)
            seg_alive[files.deleted()] = False
            stored = files.stored_fields()
            self.segments.append(_Segment(files, base, stored, seg_alive))
            for name, typecode in COLUMN_TYPES.items():
                columns[name].append(files.numeric_column(name, typecode))
            alive.append(seg_alive)
            base += files.doc_count
        self.doc_count_all = base
        self.starts = np.array([seg.base for seg in self.segments], dtype=np.int64)

        def joined(parts, dtype):
            return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)

        self.alive = joined(alive, bool)
        self.length = joined(columns[FOLDED_LENGTH], np.float32)
        self.title_length = joined(columns[TITLE_LENGTH], np.float32)
        self.ts = joined(columns[PUBLISHED_TS], np.int64)
        self.day = joined(columns[PUBLISHED_DAY], np.int32)
        self.year = self.day // 10000
        self.n_docs = int(self.alive.sum())
        self.avg_len = float(self.length[self.alive].sum()) / max(1, self.n_docs)
        self.avg_tlen = float(self.title_length[self.alive].sum()) / max(1, self.n_docs)
        self.norm = (K1 * (1 - B + B * self.length / max(self.avg_len, 1e-9))).astype(np.float32)
        self.title_norm = (K1 * (1 - B + B * self.title_length / max(self.avg_tlen, 1e-9))).astype(np.float32)
        # facets: each document's unit and province as a number, from the ID fields' postings
        self.facet_codes: dict[str, np.ndarray] = {}
        self.facet_values: dict[str, list[str]] = {}
        for kind, fieldname in FACET_FIELDS.items():
            codes = np.full(self.doc_count_all, -1, dtype=np.int32)
            numbers = {value: number for number, (value, _) in enumerate(self.terms(fieldname))}
            for seg in self.segments:       # each run from the terms' records, in term order (no look-ups)
                for value, docs in seg.files.field_runs(fieldname):
                    number = numbers.get(value)       # None: a value only dead documents have
                    if number is not None:
                        codes[docs + seg.base] = number
            self.facet_codes[kind] = codes
            self.facet_values[kind] = list(numbers)
        # a unit filter names a place as it is, or by its code without the era prefix
        self.place_terms: dict[str, list[str]] = {}
        for place, _ in self.terms(PLACES):
            self.place_terms.setdefault(place, []).append(place)
            code = place.split("-", 1)[-1]
            if code != place:
                self.place_terms.setdefault(code, []).append(place)
        self.areas = [area for area, _ in self.terms(AREAS)]
        self._stamp = stamp

    def stale(self) -> bool:
        """True when another process has built a newer index (a stat call: cheap)."""
        return self._manifest_stamp() != self._stamp

    @property
    def version(self):
        """Changes whenever a newer index is loaded (a cache key for answers)."""
        return self._stamp

    def close(self) -> None:
        self.segments = []

    # --- the index's vocabulary (for suggestions and completions) -------------

    def terms(self, field: str) -> Iterator[tuple[str, int]]:
        """Every term of a field with its document frequency (live documents), in term order."""
        return self.terms_with_prefix(field, "")

    def terms_with_prefix(self, field: str, prefix: str) -> Iterator[tuple[str, int]]:
        """The terms of a field that start with `prefix`, with their document frequency, in term order."""
        per_segment = [seg.files.field_terms(field, prefix, seg.alive) for seg in self.segments]
        if len(per_segment) == 1:
            terms, counts = per_segment[0]
            return ((term, count) for term, count in zip(terms, counts.tolist()) if count)
        if sum(len(terms) for terms, _ in per_segment) > MERGE_WITH_NUMPY:
            return _merged_terms(per_segment)
        totals: dict[str, int] = {}
        for terms, counts in per_segment:
            if not totals:
                totals = dict(zip(terms, counts.tolist()))
                continue
            get = totals.get
            totals.update((term, get(term, 0) + count) for term, count in zip(terms, counts.tolist()))
        return ((term, totals[term]) for term in sorted(totals) if totals[term])

    def doc_frequency(self, field: str, term: str) -> int:
        """How many live documents hold exactly `term`: one hash look-up a segment. The
        spelling asks it for every pair around a guessed word (thousands for a pasted
        title); `terms_with_prefix` cost two binary searches and a numpy range a segment."""
        total = 0
        for seg in self.segments:
            docs, _ = seg.files.postings(field, term)
            if len(docs):
                total += len(docs) if seg.all_alive else int(np.count_nonzero(seg.alive[docs]))
        return total

    # --- postings -----------------------------------------------------------

    def _postings(self, field: str, term: str, cache: dict | None) -> tuple[np.ndarray, np.ndarray]:
        """(global docnums ascending, term frequencies) of a term over every segment."""
        key = (field, term)
        if cache is not None and key in cache:
            return cache[key]
        docs, tfs = [], []
        for seg in self.segments:
            seg_docs, seg_tfs = seg.files.postings(field, term)
            if len(seg_docs):
                docs.append(seg_docs + seg.base if seg.base else seg_docs)
                tfs.append(seg_tfs)
        if not docs:
            out = (EMPTY_DOCS, EMPTY_TFS)
        elif len(docs) == 1:
            out = (docs[0], tfs[0])
        else:
            out = (np.concatenate(docs), np.concatenate(tfs))
        if cache is not None:
            cache[key] = out
        return out

    def _idf(self, field: str, term: str, cache: dict) -> float:
        key = ("idf", field, term)
        if key not in cache:
            df = len(self._postings(field, term, cache)[0])
            cache[key] = math.log(1 + (self.n_docs - df + 0.5) / (df + 0.5)) if df else 0.0
        return cache[key]

    def _tf(self, field: str, term: str, cand: np.ndarray, cache: dict) -> np.ndarray:
        """The term's frequency in each candidate (0 where absent). Many candidates (a
        query of frequent syllables) are read through a vector over every document: a
        binary search per candidate cost 4.7 ms a term for 180k candidates at 200k
        documents, the vector 0.8 ms; for 2,000 candidates the search costs 0.09 ms."""
        docs, tfs = self._postings(field, term, cache)
        if not len(docs):
            return np.zeros(len(cand), dtype=np.float32)
        if len(cand) * DENSE_FROM > len(self.alive):
            every = np.zeros(len(self.alive), dtype=np.float32)
            every[docs] = tfs
            return every[cand]
        at = np.searchsorted(docs, cand)
        at[at == len(docs)] = 0
        return np.where(docs[at] == cand, tfs[at], 0).astype(np.float32)

    def _bm25(self, field, term, cand, norm, cache) -> np.ndarray:
        """BM25 of one term for the candidates; `norm` is the candidates' length norm."""
        idf = self._idf(field, term, cache)
        if not idf:
            return np.zeros(len(cand), dtype=np.float32)
        tf = self._tf(field, term, cand, cache)
        return idf * tf * (K1 + 1) / (tf + norm)

    # --- retrieval ----------------------------------------------------------

    def _alt_docs(self, alt: Alt, cache: dict) -> np.ndarray:
        """Documents with every word of the alternative (adjacent pairs for a phrase; a
        one-word phrase, such as a quoted abbreviation, is that word)."""
        if alt.phrase and len(alt.words) > 1:
            field, terms = FOLDED_PAIRS, [a + PAIR + b for a, b in zip(alt.words, alt.words[1:])]
        else:
            field, terms = FOLDED, list(alt.words)
        if not terms:
            return EMPTY_DOCS
        lists = sorted((self._postings(field, term, cache)[0] for term in terms), key=len)
        result = lists[0]
        for docs in lists[1:]:
            if not len(result):
                break
            result = _intersect(result, docs)
        return result

    def _candidates(self, query: Query, filters: Filters, cache: dict) -> np.ndarray:
        groups = sorted((_union([self._alt_docs(alt, cache) for alt in group.alts]) for group in query.groups),
                        key=len)
        result = groups[0]
        for docs in groups[1:]:
            if not len(result):
                break
            result = _intersect(result, docs)
        result = result[self.alive[result]]
        return self._filter(result, filters, cache)

    def _filter(self, cand: np.ndarray, filters: Filters, cache: dict) -> np.ndarray:
        if filters.unit:
            places = self.place_terms.get(filters.unit, [])
            cand = _intersect(cand, _union([self._postings(PLACES, p, cache)[0] for p in places]))
        if filters.area:
            cand = _intersect(cand, self._postings(AREAS, filters.area, cache)[0])
        if filters.year:
            cand = cand[self.year[cand] == int(filters.year)]
        if filters.date_from:
            cand = cand[self.day[cand] >= _day(filters.date_from)]
        if filters.date_to:
            cand = cand[self.day[cand] <= _day(filters.date_to)]
        return cand

    def _score(self, query: Query, cand: np.ndarray, cache: dict) -> np.ndarray:
        norm, title_norm = self.norm[cand], self.title_norm[cand]
        score = np.zeros(len(cand), dtype=np.float32)
        for group in query.groups:
            best = None
            for alt in group.alts:
                alt_score = np.zeros(len(cand), dtype=np.float32)
                for w in alt.words:
                    alt_score += self._bm25(FOLDED, w, cand, norm, cache)
                    alt_score += TITLE_WEIGHT * self._bm25(TITLE, w, cand, title_norm, cache)
                for w in alt.exact:
                    alt_score += EXACT_WEIGHT * self._bm25(SYLLABLES, w, cand, norm, cache)
                if alt.weight != 1.0:
                    alt_score *= alt.weight
                best = alt_score if best is None else np.maximum(best, alt_score)
            score += best
        readings = _readings(query)
        for left, right in zip(readings, readings[1:]):
            # The words as read side by side, and each alternative beside the other
            # word as read ('hanh' + a completion of 'ch'), weighed like the alternative.
            (a, _), (b, _) = left[0], right[0]
            combos = [(a, b, 1.0)] + [(a, alt, w) for alt, w in right[1:]] + [(alt, b, w) for alt, w in left[1:]]
            best = None
            for x, y, weight in combos:
                pair = x + PAIR + y
                pair_score = PAIR_WEIGHT * self._bm25(FOLDED_PAIRS, pair, cand, norm, cache)
                pair_score += TITLE_PAIR_WEIGHT * self._bm25(TITLE_PAIRS, pair, cand, title_norm, cache)
                if weight != 1.0:
                    pair_score *= weight
                best = pair_score if best is None else np.maximum(best, pair_score)
            score += best
        self._boost_title_openings(query, readings, cand, score, cache)
        return score

    def _boost_title_openings(self, query: Query, readings, cand: np.ndarray, score: np.ndarray,
                              cache: dict) -> None:
        """Among the best OPENING_TOP candidates, raise those whose title opens with the
        query's words (any reading of each; the last also cut short): a reader who types
        a title's first words is looking for that article ("tăng cường phối hợp" finds it
        in many titles; the one that begins with it first). Only the stored titles of the
        top few are read, so a candidate further down is never raised (pages stay in one
        order)."""
        n = len(query.words)
        if n < 2 or len(query.groups) < 2 or not len(cand):
            return
        top = np.argpartition(-score, OPENING_TOP - 1)[:OPENING_TOP] if len(cand) > OPENING_TOP else np.arange(len(cand))
        ways = [{w for w, _ in options} for options in readings]
        cut_short = not query.text.endswith('"')          # a quoted last word is whole
        # Someone still typing the last word ('bat ngo d') has the title's opening in
        # mind more surely than someone who typed whole words found everywhere.
        boost = OPENING_BOOST_COMPLETING if query.completing else OPENING_BOOST
        # Only titles that hold the first word (its postings are already read) are read.
        held = np.zeros(len(top), dtype=bool)
        for w in ways[0]:
            held |= self._tf(TITLE, w, cand[top], cache) > 0
        for k in top[held]:
            opening = vntext.fold_all(vntext.syllables(self._stored(int(cand[k])).get(TITLE, "")))[:n]
            if len(opening) < n or not all(opening[i] in ways[i] for i in range(n - 1)):
                continue
            if opening[-1] in ways[-1] or cut_short and any(opening[-1].startswith(w) for w in ways[-1]):
                score[k] *= 1 + boost

    def count_with_all(self, field: str, terms: list[str]) -> int:
        """How many live documents have every one of the terms (for the vocabulary: does
        a word stand next to both of its neighbours anywhere)."""
        lists = sorted((self._postings(field, term, None)[0] for term in terms), key=len)
        result = lists[0] if lists else EMPTY_DOCS
        for docs in lists[1:]:
            if not len(result):
                break
            result = _intersect(result, docs)
        return int(self.alive[result].sum()) if len(result) else 0

    # --- the public call ----------------------------------------------------

    def search(self, text: str, *, limit: int = 10, page: int = 1, sort: str = "relevance",
               filters: Filters | None = None, facets: bool = True, snippets: bool = True,
               max_limit: int = 1000) -> dict:
        """One page of results (`limit` of them, at most `max_limit`). Safe to call from
        several threads at once: it reads shared arrays and keeps its caches per call."""
        filters = filters or Filters()
        limit = max(1, min(int(limit), max_limit))
        page = max(1, int(page))
        query = parse(text, vocabulary(self))
        cache: dict = {}
        cand, score = EMPTY_DOCS, None
        if not query.empty and self.segments:
            cand = self._candidates(query, filters, cache)
            if len(cand) and sort == "relevance":
                score = self._score(query, cand, cache)
        hits = self._order(cand, score, sort, (page - 1) * limit, page * limit)
        results = [self._result(doc, s, query, snippets) for doc, s in hits]
        out = {"query": query.text, "total": int(len(cand)), "page": page, "limit": limit, "sort": sort,
               "results": results, "facets": self._facets(cand, cache) if facets else {},
               "suggestion": self._suggest(query, results)}
        return out

    def _order(self, cand: np.ndarray, score, sort: str, start: int, end: int):
        if not len(cand):
            return []
        ts = self.ts[cand]
        if sort == "newest" or score is None:
            score = np.zeros(len(cand), dtype=np.float32)
            if len(ts) > 4 * end + 100:
                top = np.argpartition(-ts, end - 1)[:end]
                order = top[np.lexsort((cand[top], -ts[top]))]
            else:
                order = np.lexsort((cand, -ts))
        else:
            if len(score) > 4 * end + 100:           # only the top needs a full sort
                top = np.argpartition(-score, end - 1)[:end]
                order = top[np.lexsort((cand[top], -ts[top], -score[top]))]
            else:
                order = np.lexsort((cand, -ts, -score))
        return [(int(cand[i]), float(score[i])) for i in order[start:end]]

    def _facets(self, cand: np.ndarray, cache: dict) -> dict:
        counts = {"unit": Counter(), "province": Counter(), "year": Counter(), "area": Counter()}
        if len(cand):
            for kind in FACET_FIELDS:
                values = self.facet_values[kind]
                n = np.bincount(self.facet_codes[kind][cand] + 1, minlength=len(values) + 1)[1:]
                for v in np.flatnonzero(n):
                    counts[kind][values[int(v)]] = int(n[v])
            years = self.year[cand]
            low = int(years.min())
            n = np.bincount(years - low)
            for v in np.flatnonzero(n):
                counts["year"][low + int(v)] = int(n[v])
            for area in self.areas:
                c = len(_intersect(cand, self._postings(AREAS, area, cache)[0]))
                if c:
                    counts["area"][area] = c
        out = {}
        for kind, counter in counts.items():
            items = counter.most_common(FACET_LIMIT) if kind != "year" else sorted(counter.items(), reverse=True)
            out[kind] = [{"value": v, "label": self._label(kind, v) if kind in FACET_FIELDS else v,
                          "count": c} for v, c in items]
        return out

    def _label(self, kind: str, value: str) -> str:
        """A unit's or province's name, from the stored fields of one document that has it."""
        key = (kind, value)
        label = self._labels_cache.get(key)
        if label is None:
            docs = self._postings(FACET_FIELDS[kind], value, None)[0]
            stored = self._stored(int(docs[0])) if len(docs) else {}
            label = stored.get("unit_name" if kind == "unit" else "province_name") or value
            self._labels_cache[key] = label
        return label

    def _stored(self, doc: int) -> dict:
        """A document's stored fields, by global docnum (a slice of the mapped column)."""
        k = int(np.searchsorted(self.starts, doc, side="right")) - 1
        seg = self.segments[k]
        return seg.stored[doc - seg.base] or {}

    def _result(self, doc: int, score: float, query: Query, snippets: bool) -> dict:
        stored = self._stored(doc)
        title = stored.get(TITLE, "")
        result = {"id": stored.get("id", ""), "title": title, "url": stored.get("url", ""),
                  "published_at": stored.get("published_at", ""), "unit_code": stored.get("unit_code", ""),
                  "unit_id": stored.get("unit_id", ""), "unit_name": stored.get("unit_name", ""),
                  "score": round(score, 4), "snippet": ""}
        title_found = vntext.find_words(title, query.wanted)      # one scan: highlight and suggestion
        result["title_html"] = _marked(title, [(s, e) for s, e, _ in title_found])
        result["_found"] = [(title, title_found)]
        if snippets:
            text = " ".join(" ".join(p for p in (stored.get("lead", ""), stored.get("body", "")) if p).split())
            found = vntext.find_words(text, query.wanted)
            result["snippet"] = snippet(text, query, found=found)
            result["_found"].append((text, found))
        return result

    def _suggest(self, query: Query, results: list[dict]) -> str | None:
        """The query with diacritics restored, as the best-matching articles spell it, and
        with the words the vocabulary corrected (a typo, Telex keys, a word cut short:
        `spelling.Vocabulary` put its best guess in `query.words`).

        Only for queries of two or more words typed (partly) without diacritics, or with a
        corrected word: a word's spelling is taken where it stands next to its neighbour in
        the query ("mot cua" -> "một cửa", not the commoner "của"), a corrected word's
        anywhere in the results when not; no suggestion without that evidence.
        """
        texts = [r.pop("_found") for r in results]
        words, typed = query.words, query.typed
        corrected = [vntext.fold_word(t) != w for t, w in zip(typed, words)]
        if not any(corrected) and (len(words) < 2 or all(vntext.has_diacritics(t) for t in typed)):
            return None
        wanted = set(words)
        in_context = [Counter() for _ in words]
        anywhere = [Counter() for _ in words]
        for text, found in (pair for pairs in texts for pair in pairs):
            found = [f for f in found if f[2] in wanted]
            for k, (start, end, f) in enumerate(found):
                prev_ok = k > 0 and _adjacent(text, found[k - 1], (start, end))
                next_ok = k + 1 < len(found) and _adjacent(text, (start, end), found[k + 1])
                for i, w in enumerate(words):
                    if f != w:
                        continue
                    anywhere[i][text[start:end].lower()] += 1
                    before = prev_ok and i > 0 and found[k - 1][2] == words[i - 1]
                    after = next_ok and i + 1 < len(words) and found[k + 1][2] == words[i + 1]
                    if before or after:
                        in_context[i][text[start:end]] += 1
        out = []
        for i, t in enumerate(typed):
            if vntext.has_diacritics(t) and not corrected[i]:
                out.append(t)
            elif in_context[i]:
                out.append(in_context[i].most_common(1)[0][0])
            elif corrected[i] and anywhere[i]:
                out.append(anywhere[i].most_common(1)[0][0])
            else:
                return None          # no evidence of how this word is spelled here
        if all(a.lower() == b for a, b in zip(out, typed)):
            return None
        return " ".join(out)


def _readings(query: Query) -> list[list[tuple[str, float]]]:
    """Per word of the query: the word as read (`Query.words`) first, then the other
    one-word alternatives its group offers, with their weights."""
    out = [[(w, 1.0)] for w in query.words]
    position = 0
    for group in query.groups:
        width = len(group.alts[0].words)
        if width == 1 and position < len(out):
            read = out[position][0][0]
            out[position] += [(alt.words[0], alt.weight) for alt in group.alts
                              if len(alt.words) == 1 and not alt.phrase and alt.beside and alt.words[0] != read]
        position += width
    return out


def _merged_terms(per_segment: list[tuple[list[str], np.ndarray]]) -> Iterator[tuple[str, int]]:
    """Segments' (terms, counts) summed per term, in term order, terms counted 0 left out:
    each term numbered once, the counts summed by number with numpy (a whole field over
    33 segments is ~1M (term, count) pairs: a dict updated pair by pair took 2 s)."""
    every_term = list(itertools.chain.from_iterable(terms for terms, _ in per_segment))
    vocab = sorted(set(every_term))
    numbers = dict(zip(vocab, range(len(vocab))))
    term_numbers = np.fromiter(map(numbers.__getitem__, every_term), dtype=np.int64, count=len(every_term))
    counts = np.concatenate([counts for _, counts in per_segment])
    totals = np.bincount(term_numbers, weights=counts, minlength=len(vocab)).astype(np.int64)
    return ((term, total) for term, total in zip(vocab, totals.tolist()) if total)


def _day(iso: str) -> int:
    """An ISO date as the YYYYMMDD number the index keeps per document."""
    day = date.fromisoformat(str(iso)[:10])
    return day.year * 10000 + day.month * 100 + day.day


def _adjacent(text: str, a: tuple, b: tuple) -> bool:
    """True when only spaces separate two found syllables."""
    return not text[a[1]:b[0]].strip()


def _marked(text: str, spans) -> str:
    """HTML-escaped text with <mark> around the spans; spans separated only by spaces
    share one mark ("<mark>cải cách</mark>")."""
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and text[merged[-1][1]:s].isspace():
            merged[-1][1] = e
        else:
            merged.append([s, e])
    out, last = [], 0
    for s, e in merged:
        out.append(html.escape(text[last:s]))
        out.append(f"<mark>{html.escape(text[s:e])}</mark>")
        last = e
    out.append(html.escape(text[last:]))
    return "".join(out)


def snippet(text: str, query: Query, size: int = SNIPPET_CHARS, found=None) -> str:
    """The window of the text with the most distinct query words, highlighted (HTML).
    `found`: the query's words already found in this (whitespace-collapsed) text."""
    if found is None:
        text = " ".join(text.split())
        found = vntext.find_words(text, query.wanted)
    if not found:
        cut = text[:size]
        return html.escape(cut) + ("…" if len(text) > size else "")
    best, best_key = 0, (-1, 0)
    for k, (s, _, _) in enumerate(found):
        inside = set()
        for s2, e2, f2 in found[k:]:
            if e2 > s + size:
                break
            inside.add(f2)
        key = (len(inside), -s)
        if key > best_key:
            best, best_key = k, key
    start = found[best][0]
    start = max(0, text.rfind(" ", 0, max(0, start - 40)) + 1) if start > 40 else 0
    end = min(len(text), start + size)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    window = [(s - start, e - start) for s, e, _ in found if s >= start and e <= end]
    return ("…" if start else "") + _marked(text[start:end], window) + ("…" if end < len(text) else "")
