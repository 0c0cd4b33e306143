"""The two baselines lawreg's search is measured against.

* :class:`PlainBM25` — textbook Okapi BM25 (k1 = 1.2, b = 0.75, Lucene's non-negative idf
  ``ln(1 + (N - df + 0.5) / (df + 0.5))``) over pythainlp ``word_tokenize(engine="newmm")``
  tokens minus pythainlp's Thai stop words, lower-cased, punctuation-only tokens dropped.
  No field weights, no number handling, no synonyms: what a developer gets in an afternoon.
* :class:`Fts5Trigram` — SQLite FTS5 with the ``trigram`` tokenizer (SQLite >= 3.34), the
  "just use the database" option: the query's newmm words (minus stop words) of three or
  more characters, each quoted as a phrase, OR-ed, ranked by FTS5's built-in bm25().

Both index :attr:`bench.corpus.SectionDoc.body` (heading + text) and return docids.
"""

from __future__ import annotations

import heapq
import math
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import cache

from pythainlp.corpus import thai_stopwords
from pythainlp.tokenize import word_tokenize

from .corpus import SectionDoc

MIN_FTS5_VERSION = (3, 34, 0)


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(thai_stopwords())


def newmm_terms(text: str) -> list[str]:
    """newmm tokens, lower-cased, without stop words, whitespace or punctuation."""
    stops = _stop_words()
    return [
        token
        for raw in word_tokenize(text, engine="newmm", keep_whitespace=False)
        if (token := raw.strip().lower()) and token not in stops and any(c.isalnum() for c in token)
    ]


class PlainBM25:
    """An in-memory inverted index scored with BM25."""

    def __init__(self, docs: Iterable[SectionDoc], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1 = k1
        self.b = b
        self.docids: list[str] = []
        lengths: list[int] = []
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for number, doc in enumerate(docs):
            terms = newmm_terms(doc.body)
            self.docids.append(doc.docid)
            lengths.append(len(terms))
            for term, tf in Counter(terms).items():
                postings[term].append((number, tf))
        self.postings = dict(postings)
        self.lengths = lengths
        count = len(lengths)
        self.average_length = sum(lengths) / count if count else 0.0
        self.idf = {
            term: math.log(1 + (count - len(plist) + 0.5) / (len(plist) + 0.5))
            for term, plist in self.postings.items()
        }

    def search(self, query: str, k: int = 10) -> list[str]:
        scores: dict[int, float] = defaultdict(float)
        for term in set(newmm_terms(query)):
            idf = self.idf.get(term)
            if idf is None:
                continue
            for number, tf in self.postings[term]:
                norm = self.k1 * (1 - self.b + self.b * self.lengths[number] / self.average_length)
                scores[number] += idf * tf * (self.k1 + 1) / (tf + norm)
        best = heapq.nlargest(k, scores.items(), key=lambda item: (item[1], -item[0]))
        return [self.docids[number] for number, _ in best]


def fts5_trigram_available() -> bool:
    version = tuple(int(part) for part in sqlite3.sqlite_version.split("."))
    return version >= MIN_FTS5_VERSION


def fts5_query(text: str) -> str | None:
    """The MATCH expression for ``text``: its words as quoted phrases, OR-ed; ``None`` when
    no word is long enough for trigrams (a trigram index cannot match fewer than 3 chars)."""
    terms = dict.fromkeys(term for term in newmm_terms(text) if len(term) >= 3)
    if not terms:
        return None
    return " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)


class Fts5Trigram:
    """An FTS5 trigram table in an SQLite database (``:memory:`` by default)."""

    def __init__(self, path: str = ":memory:") -> None:
        if not fts5_trigram_available():
            raise RuntimeError(
                f"SQLite {sqlite3.sqlite_version} has no FTS5 trigram tokenizer (needs >= 3.34)"
            )
        self.connection = sqlite3.connect(path)
        self.connection.execute("DROP TABLE IF EXISTS sections")
        self.connection.execute(
            "CREATE VIRTUAL TABLE sections USING fts5(docid UNINDEXED, law_key UNINDEXED, "
            "heading, text, tokenize='trigram')"
        )

    def add(self, docs: Sequence[SectionDoc]) -> None:
        with self.connection:
            self.connection.executemany(
                "INSERT INTO sections (docid, law_key, heading, text) VALUES (?, ?, ?, ?)",
                [(d.docid, d.law_key, d.heading, d.text) for d in docs],
            )

    def optimize(self) -> None:
        with self.connection:
            self.connection.execute("INSERT INTO sections (sections) VALUES ('optimize')")

    def search(self, query: str, k: int = 10) -> list[str]:
        expression = fts5_query(query)
        if expression is None:
            return []
        rows = self.connection.execute(
            "SELECT docid FROM sections WHERE sections MATCH ? ORDER BY rank LIMIT ?",
            (expression, k),
        )
        return [docid for (docid,) in rows]

    def search_with_facets_and_snippets(self, query: str, k: int = 10) -> tuple[list, list]:
        """The like-for-like work of a results page: top k with highlighted snippets, and
        the hit count per law (the facet lawreg's page shows)."""
        expression = fts5_query(query)
        if expression is None:
            return [], []
        hits = self.connection.execute(
            "SELECT docid, snippet(sections, 3, '<b>', '</b>', '…', 24) FROM sections "
            "WHERE sections MATCH ? ORDER BY rank LIMIT ?",
            (expression, k),
        ).fetchall()
        facets = self.connection.execute(
            "SELECT law_key, count(*) FROM sections WHERE sections MATCH ? GROUP BY law_key",
            (expression,),
        ).fetchall()
        return hits, facets

    def close(self) -> None:
        self.connection.close()
