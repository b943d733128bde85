"""Relevance benchmark: our search against SQLite FTS5 and Whoosh's StandardAnalyzer.

    python bench/relevance.py --corpus ../shared/corpus/articles.jsonl

Builds three indexes of the same corpus in one run and scores ~420 queries in
sixteen classes. Known-item queries are made at run time from the corpus titles
(typed without diacritics whole or five words of it, half-accented, in the other
tone placement); topic and
ambiguous queries are written by us in bench/relevance_topics.csv, where a
document is relevant when it contains the phrase (any tone placement).

How people mistype (made at run time from other titles, seed 1414, by rules written
here rather than with the code under test): five words of a title without
diacritics with one wrong, missing, extra or swapped letter in a word of four or
more letters; five words typed in Telex (`hooij nghij`) or VNI (`ho65i ngh5i`) with
the Vietnamese keyboard off; the first words of a title with the next one cut short
(`cai cach hanh ch`, as a search box sends it); five words with the other i/y
spelling of one syllable (`kĩ` for `kỹ`, `qui` for `quy`). Each is a known-item query:
the words it stands for, typed right, appear in its own title and no other (a window
that several titles hold has no one right answer; `--shared-windows` draws them too).

Metrics per class: MRR@10; P@10 = relevant in the top 10 / min(10, relevant);
R@100 = relevant in the top 100 / min(100, relevant).
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sqlite3
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

from corpus_docs import ROOT, corpus_docs

from opendata import vntext
from opendata.search import Searcher, build_index

CLASSES = ["known_unaccented", "known_partial", "half_accented", "other_tone", "topic_accented", "topic_unaccented",
           "topic_abbreviated", "ambiguous"]
MISTAKES = ["typo_wrong", "typo_missing", "typo_extra", "typo_swapped", "telex", "vni", "prefix", "iy_variant"]
CLASSES += MISTAKES
PER_MISTAKE = 25
_NEW_STYLE = {v: k for k, v in vntext._TONE_TABLE.items()}          # hòa -> hoà
_OLD_STYLE_RE = re.compile("(?<![qQ])(" + "|".join(map(re.escape, _NEW_STYLE)) + r")(?!\w)")


def other_tone(text: str) -> str:
    return _OLD_STYLE_RE.sub(lambda m: _NEW_STYLE[m.group(1)], text)


def phrase_key(text: str) -> str:
    return " " + " ".join(vntext.syllables(text)) + " "


def make_queries(docs, seed: int = 20240408) -> list[tuple[str, str, set[str]]]:
    rnd = random.Random(seed)
    by_title = defaultdict(set)
    for d in docs:
        by_title[vntext.fold(d.title)].add(d.id)
    candidates = [d for d in docs if 5 <= len(vntext.syllables(d.title)) <= 25]
    rnd.shuffle(candidates)
    queries = []
    for d in candidates[:40]:
        queries.append(("known_unaccented", vntext.fold(d.title), by_title[vntext.fold(d.title)]))
    for d in candidates[40:70]:
        words = d.title.split()
        half = " ".join(vntext.fold(w) if i % 2 else w for i, w in enumerate(words))
        queries.append(("half_accented", half, by_title[vntext.fold(d.title)]))
    for d in candidates[95:125]:
        words = d.title.split()
        start = rnd.randrange(0, max(1, len(words) - 5))
        part = vntext.fold(" ".join(words[start:start + 5]))
        queries.append(("known_partial", part, by_title[vntext.fold(d.title)]))
    toggled = [d for d in candidates[70:95] + candidates[125:] if other_tone(vntext.canonical_tones(d.title)) != vntext.canonical_tones(d.title)]
    for d in toggled[:25]:
        queries.append(("other_tone", other_tone(vntext.canonical_tones(d.title)), by_title[vntext.fold(d.title)]))
    texts = {d.id: phrase_key(d.title + "\n" + d.body) for d in docs}
    with open(Path(__file__).with_name("relevance_topics.csv"), encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(line for line in fh if not line.startswith("#"))]
    for r in rows:
        keys = [phrase_key(p) for p in r["relevant"].split("|")]
        relevant = {i for i, t in texts.items() if any(k in t for k in keys)}
        if relevant:
            queries.append((r["class"], r["query"], relevant))
    return queries


# --- how people mistype: rules of our own, independent of opendata.vntext's decoders ---

_LETTERS = "abcdeghiklmnopqrstuvxy"
_TELEX_TONE = {"\u0301": "s", "\u0300": "f", "\u0309": "r", "\u0303": "x", "\u0323": "j"}
_VNI_TONE = {"\u0301": "1", "\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0323": "5"}
_TELEX_MARK = {("a", "\u0302"): "aa", ("e", "\u0302"): "ee", ("o", "\u0302"): "oo", ("a", "\u0306"): "aw",
               ("o", "\u031b"): "ow", ("u", "\u031b"): "uw"}
_VNI_MARK = {"\u0302": "6", "\u031b": "7", "\u0306": "8"}
_IY_SYLLABLE = re.compile(r"^(qu|[hklmst])([iy])$")


def _letters(word: str):
    """(base letter, vowel mark, tone mark) of each letter of a lower-case word; đ -> ('đ', '', '')."""
    out = []
    for ch in unicodedata.normalize("NFC", word.lower()):
        parts = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in parts[1:] if c in _TELEX_TONE)
        mark = "".join(c for c in parts[1:] if c not in _TELEX_TONE)
        out.append((parts[0], mark, tone))
    return out


def telex(word: str) -> str:
    """Keys typed for a word in Telex with the keyboard off, the tone key last: hội -> hooij."""
    keys, tone = [], ""
    for base, mark, t in _letters(word):
        keys.append("dd" if base == "đ" else _TELEX_MARK.get((base, mark), base))
        tone = tone or t
    return "".join(keys) + _TELEX_TONE.get(tone, "")


def vni(word: str) -> str:
    """VNI keys with each digit right after its vowel: hội -> ho65i, đường -> d9u7o7ng2."""
    keys = []
    for base, mark, tone in _letters(word):
        keys.append("d9" if base == "đ" else base + _VNI_MARK.get(mark, "") + _VNI_TONE.get(tone, ""))
    return "".join(keys)


def other_iy(word: str) -> str | None:
    base = [(b, m, t) for b, m, t in _letters(word)]
    plain = "".join(b + m for b, m, _ in base)
    if not _IY_SYLLABLE.match(plain):
        return None
    swapped = plain[:-1] + ("y" if plain[-1] == "i" else "i")
    tone = "".join(t for _, _, t in base)
    return unicodedata.normalize("NFC", swapped + tone)


def typo(word: str, kind: str, rnd: random.Random) -> str:
    k = rnd.randrange(len(word))
    if kind == "typo_wrong":
        return word[:k] + rnd.choice([c for c in _LETTERS if c != word[k]]) + word[k + 1:]
    if kind == "typo_missing":
        return word[:k] + word[k + 1:]
    if kind == "typo_extra":
        return word[:k] + rnd.choice(_LETTERS) + word[k:]
    spots = [i for i in range(len(word) - 1) if word[i] != word[i + 1]]
    k = rnd.choice(spots)
    return word[:k] + word[k + 1] + word[k] + word[k + 2:]


def _title_words(title: str) -> list[str]:
    return re.findall(r"[^\W_]+", vntext.normalize(title).lower())


def make_mistakes(docs, seed: int = 1414, unique: bool = True) -> list[tuple[str, str, set[str]]]:
    """PER_MISTAKE queries of each kind in MISTAKES, each from a different title. With
    `unique`, the words a query stands for (typed right) must name its title: a window
    that other titles hold too ("tham và làm việc tại") has no one right answer, and
    typed right it misses the first rank as often as mistyped."""
    rnd = random.Random(seed)
    by_title = defaultdict(set)
    folded_titles: dict[str, str] = {}
    for d in docs:
        by_title[vntext.fold(d.title)].add(d.id)
        folded_titles.setdefault(vntext.fold(d.title), " " + " ".join(vntext.fold(w) for w in _title_words(d.title)) + " ")

    def names_its_title(meant: list[str], own: str) -> bool:
        needle = " " + " ".join(meant) + " "
        return not unique or all(key == own or needle not in text for key, text in folded_titles.items())
    pool = [d for d in docs if 6 <= len(d.title.split()) <= 25]
    rnd.shuffle(pool)
    queries, used = [], set()

    def window(words: list[str], must=None) -> tuple[int, int] | None:
        spots = [i for i in range(len(words)) if must is None or must(words[i])]
        if not spots:
            return None
        i = rnd.choice(spots)
        start = max(0, min(i - rnd.randrange(5), len(words) - 5))
        return start, i

    for kind in MISTAKES:
        made = 0
        for d in pool:
            if made == PER_MISTAKE:
                break
            if d.id in used:
                continue
            words = _title_words(d.title)
            if len(words) < 6:
                continue
            own = vntext.fold(d.title)
            if kind.startswith("typo"):
                folded = [vntext.fold(w) for w in words]
                found = window(folded, lambda w: len(w) >= 4 and w.isalpha() and len(set(w)) > 1)
                if not found:
                    continue
                start, i = found
                if not names_its_title(folded[start:start + 5], own):
                    continue
                folded[i] = typo(folded[i], kind, rnd)
                q = " ".join(folded[start:start + 5])
            elif kind in ("telex", "vni"):
                found = window(words, vntext.has_diacritics)
                if not found:
                    continue
                start, _ = found
                if not names_its_title([vntext.fold(w) for w in words[start:start + 5]], own):
                    continue
                q = " ".join((telex if kind == "telex" else vni)(w) for w in words[start:start + 5])
            elif kind == "prefix":
                n = rnd.randint(2, 5)
                last = vntext.fold(words[n])
                if len(last) < 2 or not last.isalpha() or not names_its_title(
                        [vntext.fold(w) for w in words[:n + 1]], own):
                    continue
                q = " ".join(vntext.fold(w) for w in words[:n]) + " " + last[:rnd.randint(1, len(last) - 1)]
            else:
                found = window(words, lambda w: other_iy(w) is not None)
                if not found:
                    continue
                start, i = found
                if not names_its_title([vntext.fold(w) for w in words[start:start + 5]], own):
                    continue
                words[i] = other_iy(words[i])
                q = " ".join(words[start:start + 5])
            used.add(d.id)
            made += 1
            queries.append((kind, q, by_title[vntext.fold(d.title)]))
    return queries


# --- engines ----------------------------------------------------------------------

class Ours:
    name = "opendata"

    def __init__(self, docs, folder: Path):
        t = time.perf_counter()
        build_index(docs, folder / "ours")
        self.build_s = time.perf_counter() - t
        self.searcher = Searcher(folder / "ours")

    def search(self, q):
        return [r["id"] for r in self.searcher.search(q, limit=100, facets=False, snippets=False)["results"]]


class Fts5:
    name = "sqlite-fts5"

    def __init__(self, docs, folder: Path):
        t = time.perf_counter()
        self.db = sqlite3.connect(":memory:")
        self.db.execute("create virtual table docs using fts5(id unindexed, title, body, "
                        "tokenize = 'unicode61 remove_diacritics 2')")
        self.db.executemany("insert into docs values (?, ?, ?)", [(d.id, d.title, d.body) for d in docs])
        self.build_s = time.perf_counter() - t

    def search(self, q):
        q = vntext.normalize(q)
        phrases = re.findall(r'"([^"]+)"', q)
        words = re.findall(r"\w+", re.sub(r'"[^"]+"', " ", q))
        terms = ['"' + " ".join(re.findall(r"\w+", p)) + '"' for p in phrases] + [f'"{w}"' for w in words]
        if not terms:
            return []
        rows = self.db.execute("select id from docs where docs match ? order by bm25(docs, 2.0, 1.0) limit 100",
                               (" ".join(terms),)).fetchall()
        return [r[0] for r in rows]


class WhooshStandard:
    name = "whoosh-standard"

    def __init__(self, docs, folder: Path):
        from whoosh import index
        from whoosh.analysis import StandardAnalyzer
        from whoosh.fields import ID, TEXT, Schema
        from whoosh.qparser import AndGroup, MultifieldParser

        t = time.perf_counter()
        schema = Schema(id=ID(stored=True), title=TEXT(analyzer=StandardAnalyzer(), field_boost=2.0),
                        body=TEXT(analyzer=StandardAnalyzer()))
        (folder / "std").mkdir()
        ix = index.create_in(str(folder / "std"), schema)
        w = ix.writer(limitmb=256)
        for d in docs:
            w.add_document(id=d.id, title=d.title, body=d.body)
        w.commit()
        self.build_s = time.perf_counter() - t
        self.searcher = ix.searcher()
        self.parser = MultifieldParser(["title", "body"], schema, group=AndGroup)

    def search(self, q):
        words = re.findall(r"\w+", vntext.normalize(q))
        if not words:
            return []
        query = self.parser.parse(" ".join(words))
        return [hit["id"] for hit in self.searcher.search(query, limit=100)]


# --- scoring ----------------------------------------------------------------------

def metrics(ranked: list[str], relevant: set[str]) -> tuple[float, float, float]:
    rr = next((1 / (i + 1) for i, d in enumerate(ranked[:10]) if d in relevant), 0.0)
    p10 = sum(d in relevant for d in ranked[:10]) / min(10, len(relevant))
    r100 = sum(d in relevant for d in ranked[:100]) / min(100, len(relevant))
    return rr, p10, r100


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--show-misses", action="store_true", help="print our queries with reciprocal rank < 1")
    ap.add_argument("--mistake-seed", type=int, default=1414,
                    help="another seed draws other titles and mistakes (a held-out set)")
    ap.add_argument("--show-queries", action="store_true", help="print the mistaken queries made")
    ap.add_argument("--shared-windows", action="store_true",
                    help="also draw mistaken queries whose words, typed right, other titles hold too "
                         "(the draw before the known-item rule)")
    ap.add_argument("--only-ours", action="store_true", help="skip the baselines (for quick tuning)")
    args = ap.parse_args()
    docs = corpus_docs(args.corpus)
    queries = make_queries(docs) + make_mistakes(docs, seed=args.mistake_seed, unique=not args.shared_windows)
    if args.show_queries:
        for cls, q, _ in queries:
            if cls in MISTAKES:
                print(f"  [{cls}] {q}")
    counts = defaultdict(int)
    for cls, _, _ in queries:
        counts[cls] += 1
    print(f"{len(docs)} documents, {len(queries)} queries: " + ", ".join(f"{c} {counts[c]}" for c in CLASSES))
    with tempfile.TemporaryDirectory() as tmp:
        engines = [Ours(docs, Path(tmp))]
        if not args.only_ours:
            engines += [Fts5(docs, Path(tmp)), WhooshStandard(docs, Path(tmp))]
        table = {}
        for engine in engines:
            per = defaultdict(list)
            for cls, q, relevant in queries:
                ranked = engine.search(q)
                m = metrics(ranked, relevant)
                per[cls].append(m)
                if args.show_misses and engine.name == "opendata" and m[0] < 1:
                    print(f"  miss [{cls}] rr={m[0]:.2f} {q!r}")
            table[engine.name] = per
            print(f"built {engine.name} in {engine.build_s:.1f} s")
    header = f"{'class':20s}" + "".join(f"{e.name:>26s}" for e in engines)
    print("\nMRR@10 / P@10 / R@100\n" + header)
    overall = {e.name: [] for e in engines}
    for cls in CLASSES + ["overall_mistakes", "overall"]:
        cells = []
        for e in engines:
            rows = [m for c in CLASSES for m in table[e.name][c]] if cls.startswith("overall") else table[e.name][cls]
            if cls == "overall_mistakes":
                rows = [m for c in MISTAKES for m in table[e.name][c]]
            if not rows:
                cells.append(f"{'-':>26s}")
                continue
            avg = [sum(col) / len(rows) for col in zip(*rows)]
            overall[e.name] = avg
            cells.append(f"{avg[0]:8.3f} {avg[1]:8.3f} {avg[2]:8.3f}")
        print(f"{cls:20s}" + "".join(f"{c:>26s}" for c in cells))
    ours = overall["opendata"][0]
    for e in engines[1:]:
        print(f"MRR ratio opendata / {e.name}: {ours / max(overall[e.name][0], 1e-9):.2f}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
