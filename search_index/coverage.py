"""Query coverage: how much of what the query asks for a section holds.

BM25 sums the scores of the query words a section matches, so a section that repeats one
word of the query ("ขาย" six times, in a short section) can outrank the section that holds
all of them ("ขาย" … "ผลิตภัณฑ์ยาสูบ" … "อายุต่ำกว่ายี่สิบปี").  On the statute book that was
the most common way for the best answer to come second or fifth: the right law, the wrong
section.  :func:`weigh_by_coverage` multiplies each score by the share of the query's
*concepts* the section holds — each weighted by its rarity (IDF), as BM25 weighs words — the
"coordination factor" of classic Lucene scoring, which BM25 dropped.

A concept is one query word, or one legal term the query stood for (an expansion of
:mod:`.vocabulary`: any of its legal spellings counts), or a rare compound spelled in
pieces (:mod:`.relaxation`: "บัตร" … "ประชาชน" counts for "บัตรประชาชน").  A spelling of
several words counts where the section holds all of them, in any of :data:`FIELDS`.

Measured on the statute-book dev set (113 queries, ``bench/relevance_bench.py``):
Recall@10 0.716 → 0.75, MRR@10 0.594 → 0.62 (see bench/README.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from whoosh.searching import Searcher

from .scoring import Scores, term_docs

# Where a concept may be found: the fields a section's own words are in (its law's title
# and chapter say what the section is about as much as its text).
FIELDS = ("text", "heading", "law_title", "chapter")
# A spelling "word" that is a condition on the section's law, not a word (see in_law).
LAW_CONDITION = "\x00law:"
# A section holding none of the concepts (matched through the English title or a pin
# alone) keeps this share of its score, so such matches stay in their own order.
FLOOR = 0.1


@dataclass(frozen=True)
class Concept:
    """One thing the query asks for: any of ``spellings`` (each a sequence of index words,
    all of which must be in the section) counts, weighted by ``weight``."""

    spellings: tuple[tuple[str, ...], ...]
    weight: float


def in_law(law_key: str) -> str:
    """The spelling word that holds in the sections of ``law_key`` only: a spelling with it
    counts there alone (a term one law defines, :mod:`.glosses`)."""
    return f"{LAW_CONDITION}{law_key}"


def idf(doc_frequency: int, doc_count: int) -> float:
    """BM25's inverse document frequency (always positive)."""
    return math.log(1.0 + (doc_count - doc_frequency + 0.5) / (doc_frequency + 0.5))


def query_concepts(
    words: Sequence[str],
    terms: Iterable[Sequence[Sequence[str]]],
    doc_frequency: Callable[[str], int],
    doc_count: int,
    pieces: Callable[[str], Sequence[str] | None] = lambda word: None,
    glossed: Mapping[str, Sequence[Sequence[str]]] | None = None,
) -> list[Concept]:
    """The concepts of a query: each distinct scoring word the index holds (with its pieces
    as a second spelling when it is a rare compound, and the terms whose definitions use it,
    ``glossed``, see :mod:`.glosses`), then each expansion's legal terms (``terms``:
    per expansion, the analysed words of each of its terms).  A word's weight is its IDF,
    a term's the largest sum of IDFs over its spellings."""
    concepts: list[Concept] = []
    for word in dict.fromkeys(words):
        spellings: list[tuple[str, ...]] = [(word,)]
        split = pieces(word)
        if split:
            spellings.append(tuple(split))
        spellings.extend(tuple(term) for term in (glossed or {}).get(word, ()) if term)
        frequency = doc_frequency(word)
        if frequency or split:  # a word in no section cannot tell sections apart
            concepts.append(Concept(tuple(spellings), idf(frequency, doc_count)))
    for expansion in terms:
        spellings = [tuple(term) for term in expansion if term]
        if spellings:
            weight = max(sum(idf(doc_frequency(w), doc_count) for w in s) for s in spellings)
            concepts.append(Concept(tuple(spellings), weight))
    return concepts


def coverage(concepts: Sequence[Concept], size: int,
             holds: Callable[[str], np.ndarray]) -> np.ndarray:
    """For each of ``size`` documents, the weighted share of ``concepts`` it holds, in
    [0, 1]; ``holds(word)`` tells, for each of them, whether it holds the word."""
    total = sum(concept.weight for concept in concepts)
    share = np.zeros(size, dtype=np.float64)
    if not total or not size:
        return share
    for concept in concepts:
        held = np.zeros(size, dtype=bool)
        for spelling in concept.spellings:
            together = np.ones(size, dtype=bool)
            for word in spelling:
                together &= holds(word)
            held |= together
        share += held * concept.weight
    return share / total


def weigh_by_coverage(searcher: Searcher, found: Scores, concepts: Sequence[Concept]) -> Scores:
    """``found`` with each score multiplied by ``FLOOR + (1 - FLOOR) * coverage``
    (unchanged for a query without concepts: a citation, English without glossary terms)."""
    if not concepts or not found.size:
        return found
    cache: dict[str, np.ndarray] = {}
    every = np.zeros(searcher.doc_count_all(), dtype=bool)

    def holds(word: str) -> np.ndarray:
        if word not in cache:
            every[:] = False
            if word.startswith(LAW_CONDITION):
                every[term_docs(searcher, "law_key", word.removeprefix(LAW_CONDITION))] = True
            else:
                for name in FIELDS:
                    every[term_docs(searcher, name, word)] = True
            cache[word] = every[found.docs]
        return cache[word]

    share = coverage(concepts, found.docs.size, holds)
    return Scores(found.docs, found.scores * (FLOOR + (1.0 - FLOOR) * share))
