"""Answering queries from the postings shards; stored text comes from Whoosh.

Retrieval: each group of the query is the union of its alternatives (a word, the
words of an expansion, or a phrase's adjacent pairs); the groups are intersected.
Ranking: BM25 over the folded text, plus the query's adjacent pairs (proximity),
plus title matches, plus exact-diacritic matches for the words typed with
diacritics, so 'bán' ranks "bán" above "ban" and "bàn" while 'ban' matches all.
"""

from __future__ import annotations

import heapq
import html
import math
import os
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np
from whoosh import index as windex
from whoosh.reading import TermNotFound

from .. import vntext
from ..errors import OpendataError
from . import fields as index_fields
from .analysis import PAIR
from .indexer import MANIFEST, read_manifest
from .query import Alt, Query, parse
from .spelling import vocabulary
from .shards import Shard

K1, B = 1.2, 0.75
# Most Vietnamese words are two syllables ("cải cách", "hành chính"): two query
# syllables found side by side are usually the word the reader meant, so pairs
# weigh heavily (bench/relevance.py: P@10 on topic queries 0.69 at 1.5, 0.94 at 8).
PAIR_WEIGHT = 8.0
TITLE_WEIGHT = 2.0       # query words in the title
EXACT_WEIGHT = 2.5       # words typed with diacritics found with the same diacritics
SNIPPET_CHARS = 240
FACET_LIMIT = 20


@dataclass
class Filters:
    unit: str | None = None       # a code (any era) or a unit id; provinces too
    year: int | None = None
    date_from: str | None = None  # ISO dates, inclusive
    date_to: str | None = None
    area: str | None = None


class _ShardView:
    """One shard with the arrays a query needs: facets as integer codes, places and
    areas as boolean masks, term frequencies as dense vectors on demand."""

    def __init__(self, shard: Shard, vocab: dict[str, dict[str, int]]):
        self.shard = shard
        meta = shard.meta

        def codes(kind, key):
            table = vocab.setdefault(kind, {})
            return np.array([table.setdefault(m[key], len(table)) for m in meta], dtype=np.int32)

        self.n = len(shard)
        self.unit = codes("unit", "unit_id")
        self.province = codes("province", "province_id")
        self.year = np.array([m["year"] for m in meta], dtype=np.int32)
        self.day = np.array([m["published_at"][:10] for m in meta], dtype="U10")
        self.places: dict[str, np.ndarray] = {}
        self.areas: dict[str, np.ndarray] = {}
        for target, key in ((self.places, "places"), (self.areas, "areas")):
            for i, m in enumerate(meta):
                for value in m[key]:
                    if value not in target:
                        target[value] = np.zeros(self.n, dtype=bool)
                    target[value][i] = True
        self.norm = self.title_norm = None      # BM25 length norms, set by the Searcher

    def dense(self, field: str, term: str) -> np.ndarray:
        """Term frequency of `term` in every document of the shard (zeros elsewhere)."""
        docs, tfs = self.shard.fields[field].lookup(term)
        out = np.zeros(self.n, dtype=np.float32)
        out[docs] = tfs
        return out


class Searcher:
    """Opens the index once; `search()` is cheap afterwards. A newer index on disk makes it
    `stale()`: the server then opens a new Searcher beside it and swaps (never in place,
    as other threads may be searching this one)."""

    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)
        self._stamp = None
        # Whoosh reads stored fields by seek + read on one shared file: one thread at a
        # time. Held only for that read; `vn_search()` (inside SQLite) never takes it.
        self._stored_lock = threading.Lock()
        self._load()

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
            raise OpendataError(f"no search index in {self.index_dir}", hint="run `opendata index` first")
        folder = self.index_dir / manifest["version"]
        docs = manifest["docs"]
        shards = []
        for name in manifest["shards"]:
            shard = Shard(folder / "shards", name)
            shard.alive = np.array([docs.get(i, {}).get("shard") == name for i in shard.ids], dtype=bool)
            shards.append(shard)
        self.vocab: dict[str, dict[str, int]] = {}
        self.views = [_ShardView(s, self.vocab) for s in shards]
        self.labels = {kind: {v: k for k, v in table.items()} for kind, table in self.vocab.items()}
        self.names = {}
        for view in self.views:
            for m in view.shard.meta:
                self.names[m["unit_id"]] = m["unit_name"]
                self.names[m["province_id"]] = m["province_name"]
        self.n_docs = int(sum(s.alive.sum() for s in shards))
        total_len = sum(float(s.length[s.alive].sum()) for s in shards)
        total_tlen = sum(float(s.title_length[s.alive].sum()) for s in shards)
        self.avg_len = total_len / max(1, self.n_docs)
        self.avg_tlen = total_tlen / max(1, self.n_docs)
        for view in self.views:
            view.norm = K1 * (1 - B + B * view.shard.length / max(self.avg_len, 1e-9))
            view.title_norm = K1 * (1 - B + B * view.shard.title_length / max(self.avg_tlen, 1e-9))
        # id -> Whoosh document number, filled as documents are read: `first_id` scans
        # every segment's term index, a third of an export's time the first time.
        self._docnums: dict[str, int] = {}
        self.whoosh = windex.open_dir(str(folder))
        self._whoosh_searcher = self.whoosh.searcher()
        self._whoosh_reader = self._whoosh_searcher.reader()
        _open_stored(self._whoosh_searcher)
        self._stamp = stamp

    def stale(self) -> bool:
        """True when another process has built a newer index (a stat call: cheap)."""
        return self._manifest_stamp() != self._stamp

    @property
    def version(self):
        """Changes whenever a newer index is loaded (a cache key for answers)."""
        return self._stamp

    def close(self) -> None:
        self._whoosh_searcher.close()

    # --- vocabulary (the `index` branch has the same two methods over Whoosh) ----

    _SHARD_FIELDS = {index_fields.FOLDED: ("f", False), index_fields.FOLDED_PAIRS: ("f", True),
                     index_fields.TITLE: ("t", False), index_fields.TITLE_PAIRS: ("t", True),
                     index_fields.SYLLABLES: ("x", False)}

    def terms(self, field: str) -> Iterator[tuple[str, int]]:
        """Every term of a field with its document frequency, in term order."""
        return self.terms_with_prefix(field, "")

    def terms_with_prefix(self, field: str, prefix: str) -> Iterator[tuple[str, int]]:
        """The terms of a field that start with `prefix`, with document frequencies, in
        term order (shards merged; pairs and single syllables share a shard field)."""
        name, want_pairs = self._SHARD_FIELDS[field]
        key = prefix.encode("utf-8")
        runs = []
        for view in self.views:
            postings = view.shard.fields[name]
            terms = postings.terms
            if key and len(key) > terms.dtype.itemsize:
                continue
            low = int(np.searchsorted(terms, key)) if key else 0
            high = (int(np.searchsorted(terms, key[:-1] + bytes([key[-1] + 1]))) if key else len(terms))
            if high <= low:
                continue
            chosen = terms[low:high]
            dfs = np.diff(postings.offsets[low:high + 1])
            if name != "x":
                is_pair = np.char.find(chosen, PAIR.encode()) >= 0
                keep = is_pair if want_pairs else ~is_pair
                chosen, dfs = chosen[keep], dfs[keep]
            runs.append(zip(chosen.tolist(), dfs.tolist()))
        last, total = None, 0
        for term, df in heapq.merge(*runs):
            if term != last:
                if last is not None:
                    yield last.decode("utf-8"), total
                last, total = term, 0
            total += df
        if last is not None:
            yield last.decode("utf-8"), total

    # --- scoring helpers ----------------------------------------------------

    def _df(self, field: str, term: str) -> int:
        return sum(len(v.shard.fields[field].lookup(term)[0]) for v in self.views)

    def _idf(self, field: str, term: str, cache: dict) -> float:
        key = (field, term)
        if key not in cache:
            df = self._df(field, term)
            cache[key] = math.log(1 + (self.n_docs - df + 0.5) / (df + 0.5)) if df else 0.0
        return cache[key]

    def _bm25(self, view, field, term, cand, norm, cache) -> np.ndarray:
        """BM25 of one term for the candidates; `norm` is the candidates' length norm."""
        idf = self._idf(field, term, cache)
        if not idf:
            return np.zeros(len(cand), dtype=np.float32)
        tf = self._dense(view, field, term, cache)[cand]
        return idf * tf * (K1 + 1) / (tf + norm)

    @staticmethod
    def _dense(view, field: str, term: str, cache: dict) -> np.ndarray:
        """view.dense(), once per search: matching and scoring ask for the same terms."""
        key = (id(view), field, term)
        if key not in cache:
            cache[key] = view.dense(field, term)
        return cache[key]

    # --- retrieval ----------------------------------------------------------

    def _alt_mask(self, view, alt: Alt, cache: dict) -> np.ndarray:
        """Documents with every word of the alternative (adjacent pairs for a phrase; a
        one-word phrase, such as a quoted abbreviation, is that word)."""
        phrase = alt.phrase and len(alt.words) > 1
        terms = [a + PAIR + b for a, b in zip(alt.words, alt.words[1:])] if phrase else list(alt.words)
        result = np.zeros(view.n, dtype=bool) if not terms else None
        for term in terms:
            m = self._dense(view, "f", term, cache) > 0
            result = m if result is None else (result & m)
        return result

    def _candidates(self, view, query: Query, filters: Filters, cache: dict) -> np.ndarray:
        result = view.shard.alive.copy()
        for group in query.groups:
            docs = np.zeros(view.n, dtype=bool)
            for alt in group.alts:
                docs |= self._alt_mask(view, alt, cache)
            result &= docs
        self._filter(view, result, filters)
        return np.flatnonzero(result)

    def _filter(self, view, mask: np.ndarray, filters: Filters) -> None:
        """Narrow `mask` (in place) to the filters."""
        if filters.unit:
            allowed = np.zeros(view.n, dtype=bool)
            for place, docs in view.places.items():
                if place == filters.unit or place.split("-", 1)[-1] == filters.unit:
                    allowed |= docs
            mask &= allowed
        if filters.area:
            mask &= view.areas.get(filters.area, np.zeros(view.n, dtype=bool))
        if filters.year:
            mask &= view.year == filters.year
        if filters.date_from:
            mask &= view.day >= filters.date_from
        if filters.date_to:
            mask &= view.day <= filters.date_to

    def _score(self, view, query: Query, cand: np.ndarray, cache: dict) -> np.ndarray:
        norm, tnorm = view.norm[cand], view.title_norm[cand]
        score = np.zeros(len(cand), dtype=np.float32)
        for group in query.groups:
            best = None
            for alt in group.alts:
                s = np.zeros(len(cand), dtype=np.float32)
                for w in alt.words:
                    s += self._bm25(view, "f", w, cand, norm, cache)
                    s += TITLE_WEIGHT * self._bm25(view, "t", w, cand, tnorm, cache)
                for w in alt.exact:
                    s += EXACT_WEIGHT * self._bm25(view, "x", w, cand, norm, cache)
                if alt.weight != 1.0:
                    s *= alt.weight
                best = s if best is None else np.maximum(best, s)
            score += best
        for a, b in zip(query.words, query.words[1:]):
            pair = a + PAIR + b
            score += PAIR_WEIGHT * self._bm25(view, "f", pair, cand, norm, cache)
            score += TITLE_WEIGHT * self._bm25(view, "t", pair, cand, tnorm, cache)
        return score

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
        parts = []
        for k, view in enumerate(self.views):
            if query.empty:
                break
            cand = self._candidates(view, query, filters, cache)
            if len(cand):
                score = self._score(view, query, cand, cache) if sort == "relevance" else None
                parts.append((k, cand, score))
        total = sum(len(c) for _, c, _ in parts)
        hits = self._order(parts, sort, (page - 1) * limit, page * limit)
        results = [self._result(k, i, float(s), query, snippets) for k, i, s in hits]
        out = {"query": query.text, "total": total, "page": page, "limit": limit, "sort": sort,
               "results": results, "facets": self._facets(parts) if facets else {},
               "suggestion": self._suggest(query, results)}
        return out

    def _order(self, parts, sort: str, start: int, end: int):
        if not parts:
            return []
        shard_ix = np.concatenate([np.full(len(c), k, dtype=np.int32) for k, c, _ in parts])
        local = np.concatenate([c for _, c, _ in parts])
        ts = np.concatenate([self.views[k].shard.ts[c] for k, c, _ in parts])
        if sort == "newest":
            score = np.zeros(len(local), dtype=np.float32)
            if len(ts) > 4 * end + 100:
                top = np.argpartition(-ts, end - 1)[:end]
                order = top[np.lexsort((local[top], -ts[top]))]
            else:
                order = np.lexsort((local, -ts))
        else:
            score = np.concatenate([s for _, _, s in parts])
            if len(score) > 4 * end + 100:           # only the top needs a full sort
                top = np.argpartition(-score, end - 1)[:end] if end < len(score) else np.arange(len(score))
                order = top[np.lexsort((local[top], -ts[top], -score[top]))]
            else:
                order = np.lexsort((local, -ts, -score))
        chosen = order[start:end]
        return [(int(shard_ix[i]), int(local[i]), score[i]) for i in chosen]

    def _facets(self, parts) -> dict:
        counts = {"unit": Counter(), "province": Counter(), "year": Counter(), "area": Counter()}
        for k, cand, _ in parts:
            view = self.views[k]
            for kind, arr in (("unit", view.unit), ("province", view.province)):
                n = np.bincount(arr[cand], minlength=len(self.labels[kind]))
                for v in np.flatnonzero(n):
                    counts[kind][self.labels[kind][int(v)]] += int(n[v])
            years = view.year[cand]
            if len(years):
                low = int(years.min())
                n = np.bincount(years - low)
                for v in np.flatnonzero(n):
                    counts["year"][low + int(v)] += int(n[v])
            for area, docs in view.areas.items():
                c = int(np.count_nonzero(docs[cand]))
                if c:
                    counts["area"][area] += c
        out = {}
        for kind, counter in counts.items():
            items = counter.most_common(FACET_LIMIT) if kind != "year" else sorted(counter.items(), reverse=True)
            out[kind] = [{"value": v, "label": self.names.get(v, str(v)) if kind in ("unit", "province") else v,
                          "count": c} for v, c in items]
        return out

    def _result(self, k: int, i: int, score: float, query: Query, snippets: bool) -> dict:
        shard = self.views[k].shard
        meta = shard.meta[i]
        doc_id = shard.ids[i]
        result = {"id": doc_id, "title": meta["title"], "url": meta["url"], "published_at": meta["published_at"],
                  "unit_code": meta["unit_code"], "unit_id": meta["unit_id"], "unit_name": meta["unit_name"],
                  "score": round(score, 4), "snippet": ""}
        title_found = vntext.find_words(meta["title"], query.wanted)      # one scan: highlight and suggestion
        result["title_html"] = _marked(meta["title"], [(s, e) for s, e, _ in title_found])
        result["_found"] = [(meta["title"], title_found)]
        if snippets:
            stored = self._stored(doc_id)
            text = " ".join(" ".join(p for p in (stored.get("lead", ""), stored.get("body", "")) if p).split())
            found = vntext.find_words(text, query.wanted)
            result["snippet"] = snippet(text, query, found=found)
            result["_found"].append((text, found))
        return result

    def _stored(self, doc_id: str) -> dict:
        """A document's stored fields, found through the id's posting list (a Query
        object per lookup costs several times more)."""
        with self._stored_lock:
            docnum = self._docnums.get(doc_id)
            if docnum is None:
                try:
                    docnum = self._docnums[doc_id] = self._whoosh_reader.first_id("id", doc_id)
                except TermNotFound:
                    return {}
            return self._whoosh_searcher.stored_fields(docnum)

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


def _open_stored(searcher) -> None:
    """Open every segment's stored-fields file now. Segments are separate files, read
    from disk rather than copied into memory as Whoosh does with a compound segment's
    parts; Whoosh opens this one on first use, and by then an index build may have
    deleted the segment (an open file stays readable)."""
    for reader, _ in searcher.reader().leaf_readers():
        if reader.doc_count_all():
            reader.stored_fields(0)


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
