"""Whoosh's scores for a query tree, computed with numpy a posting list at a time.

:func:`.query.build_query` defines the ranking as a Whoosh query tree (BM25F terms, phrases,
Or/And/AndMaybe).  Whoosh scores such a tree document by document in pure Python, walking a
tree of matchers — for a long OR query over a 30k-section index that is hundreds of
milliseconds, growing with the index.  This module evaluates the same tree per segment
with array operations and returns the same scores:

* a :class:`~whoosh.query.Term` reads its posting list (document numbers, weights) once —
  cached, see :data:`.postings.CACHE` — and scores it with Whoosh's BM25F formula
  (:func:`whoosh.scoring.bm25`: idf and average field length from the searcher's
  statistics, the field length from the segment's byte-quantised length column), or with
  the posting weight in an unscorable field, as :class:`whoosh.scoring.WeightScorer` does;
* a boost multiplies the score, as Whoosh's ``WrappingMatcher`` does — for a compound
  query only when it has more than one subquery (Whoosh returns the only subquery's
  matcher unwrapped);
* ``Or`` sums the scores of the children that match a document (Whoosh's union matchers),
  ``And`` keeps the documents all children match and sums their scores, ``AndMaybe``
  keeps the documents of its first child and adds the second child's score where it also
  matches;
* a :class:`~whoosh.query.Phrase` matches the documents that have its words in order,
  each within ``slop`` positions of the previous one (Whoosh's ``SpanNear2``, ``mindist``
  1), and scores them as the sum of its words' scores times its boost (Whoosh scores a
  phrase by its intersection matcher).  Positions are read only for the documents that
  contain every word.

Posting lists, positions, lengths and columns are decoded and cached by :mod:`.postings`;
what Whoosh's public API cannot give comes from :mod:`.whoosh_adapter`.

Scores agree with Whoosh's to rounding (the sums are added in another order); the order
of the results is Whoosh's: score descending, ties by document number ascending.

Long because each query node's evaluation must mirror its Whoosh matcher exactly (the
contract tests compare the scores); the posting lists it reads are in :mod:`.postings` and
the Whoosh internals in :mod:`.whoosh_adapter`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
from whoosh.query import And, AndMaybe, Or, Phrase, Query, Term
from whoosh.reading import IndexReader
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from .postings import (
    CACHE,
    POSITION_STRIDE,
    PostingView,
    live_documents,
    read_block,
    read_directory,
    read_lengths,
    read_postings,
    sized,
    sized_view,
)
from .whoosh_adapter import bm25_field_b, leaf_matcher, numeric_column

_EMPTY_DOCS = np.zeros(0, dtype=np.int64)
_EMPTY_SCORES = np.zeros(0, dtype=np.float64)
WHOLE_LIST_SHARE = 4  # a phrase word needing 1/4 of its blocks is read (and kept) whole


@dataclass(frozen=True)
class Scores:
    """Matching documents (sorted, unique) and their scores."""

    docs: np.ndarray
    scores: np.ndarray

    @property
    def size(self) -> int:
        return int(self.docs.size)

    def restricted(self, allowed: np.ndarray | None) -> Scores:
        """Only the documents in ``allowed`` (sorted document numbers; ``None``: all)."""
        if allowed is None:
            return self
        keep = np.isin(self.docs, allowed, assume_unique=True)
        return Scores(self.docs[keep], self.scores[keep])

    def score_of(self, doc: int) -> float | None:
        i = int(np.searchsorted(self.docs, doc))
        return float(self.scores[i]) if i < self.docs.size and self.docs[i] == doc else None


EMPTY = Scores(_EMPTY_DOCS, _EMPTY_SCORES)


# -- public entry points -----------------------------------------------------------------


def score_query(searcher: Searcher, query: Query) -> Scores:
    """Every document ``query`` matches (deleted ones excluded) with Whoosh's score,
    document numbers global to ``searcher``."""
    weighting = searcher.weighting
    if not isinstance(weighting, BM25F) or weighting.use_final:
        raise TypeError(f"numpy scoring implements BM25F only, not {weighting!r}")
    docs: list[np.ndarray] = []
    scores: list[np.ndarray] = []
    for subsearcher, offset in searcher.leaf_searchers():
        segment = _Segment(searcher, subsearcher.reader(), weighting)
        found = segment.evaluate(query)
        if found is not None and found.size:
            docs.append(found.docs + offset)
            scores.append(found.scores)
    if not docs:
        return EMPTY
    return Scores(np.concatenate(docs), np.concatenate(scores))


def term_docs(searcher: Searcher, fieldname: str, text: Any, *, cached: bool = True) -> np.ndarray:
    """The sorted global document numbers containing ``text`` in ``fieldname`` (a filter,
    a facet value); ``cached=False`` reads the posting list without keeping it."""
    parts: list[np.ndarray] = []
    for subsearcher, offset in searcher.leaf_searchers():
        segment = _Segment(searcher, subsearcher.reader(), searcher.weighting)
        postings = segment.postings(fieldname, text, cached=cached)
        if postings is not None:
            parts.append(postings[0] + offset)
    return np.concatenate(parts) if parts else _EMPTY_DOCS


def terms_with_prefix(searcher: Searcher, fieldname: str, prefix: str) -> list[str]:
    """The index terms of ``fieldname`` that start with ``prefix``, as text."""
    return [term.decode("utf-8") if isinstance(term, bytes) else term
            for term in searcher.reader().expand_prefix(fieldname, prefix)]


def _sized_column(reader: Any, fieldname: str, column: Any) -> Any:
    return sized(numeric_column(reader, fieldname, column))


def column_array(searcher: Searcher, fieldname: str) -> np.ndarray:
    """A numeric column's stored values for every document (global numbers, deleted
    documents included), as Whoosh's column reader gives them untranslated."""
    column = searcher.schema[fieldname].column_type
    parts = [
        CACHE.get(
            (reader.segment().segment_id(), "column", fieldname),
            partial(_sized_column, reader, fieldname, column),
        )
        for reader in (sub.reader() for sub, _ in searcher.leaf_searchers())
        if reader.doc_count_all()
    ]
    return np.concatenate(parts) if parts else _EMPTY_DOCS


def ranked(found: Scores, limit: int) -> np.ndarray:
    """Indexes into ``found`` of the best ``limit`` documents, best first: score
    descending, ties by document number ascending (Whoosh's top-N collector)."""
    if limit <= 0 or not found.size:
        return np.zeros(0, dtype=np.int64)
    candidates = np.arange(found.size)
    if found.size > limit:
        # Everything scoring at least the limit-th best score, so ties at the cut are kept.
        threshold = np.partition(found.scores, found.size - limit)[found.size - limit]
        candidates = np.flatnonzero(found.scores >= threshold)
    order = np.lexsort((found.docs[candidates], -found.scores[candidates]))
    return candidates[order[:limit]]


def sorted_by_column(
    searcher: Searcher, found: Scores, fieldname: str, *, reverse: bool, limit: int
) -> np.ndarray:
    """Indexes into ``found`` of the first ``limit`` documents ordered by a numeric
    column (descending if ``reverse``), ties by document number: Whoosh's sorting
    collector with a :class:`~whoosh.sorting.FieldFacet`."""
    if not found.size:
        return np.zeros(0, dtype=np.int64)
    keys = column_array(searcher, fieldname)[found.docs].astype(np.int64)
    return np.lexsort((found.docs, -keys if reverse else keys))[:limit]


# -- one segment ---------------------------------------------------------------------------


class _Segment:
    """Evaluates a query tree over one segment (segment-local document numbers)."""

    def __init__(self, top: Searcher, reader: IndexReader, weighting: BM25F) -> None:
        self.top = top
        self.reader = reader
        self.schema = reader.schema
        self.weighting = weighting
        self.doc_count = reader.doc_count_all()
        segment = reader.segment()
        self.key = segment.segment_id() if segment is not None else None
        self.live = live_documents(reader)
        self._terms: dict[tuple[str, bytes], Scores | None] = {}

    def evaluate(self, query: Query) -> Scores | None:
        """The documents of this segment ``query`` matches and their scores; ``None``
        where Whoosh's matcher would be empty."""
        if type(query) is Term:
            found = self.term(query.fieldname, query.text)
            return _boosted(found, query.boost)
        if type(query) is Phrase:
            return _boosted(self.phrase(query), query.boost)
        if type(query) is AndMaybe:
            return self.and_maybe(query)
        if type(query) in (Or, And):
            subqueries = query.subqueries
            if len(subqueries) == 1:  # Whoosh uses the only matcher as it is, unboosted
                return self.evaluate(subqueries[0])
            if type(query) is Or:
                if query.minmatch or query.scale:
                    raise TypeError(f"numpy scoring: unsupported Or options in {query!r}")
                found = _union([self.evaluate(sub) for sub in subqueries], self.doc_count)
            else:
                found = self.intersection(subqueries)
            return _boosted(found, query.boost)
        raise TypeError(f"numpy scoring: unsupported query {query!r}")

    def and_maybe(self, query: AndMaybe) -> Scores | None:
        first = self.evaluate(query.a)
        if first is None or not first.size:
            return None
        second = self.evaluate(query.b)
        if second is None or not second.size:
            return first
        where = np.searchsorted(second.docs, first.docs)
        where[where == second.size] = 0
        both = second.docs[where] == first.docs
        scores = first.scores.copy()
        scores[both] += second.scores[where[both]]
        return Scores(first.docs, scores)

    def intersection(self, subqueries: Sequence[Query]) -> Scores | None:
        found: Scores | None = None
        for sub in subqueries:
            part = self.evaluate(sub)
            if part is None or not part.size:
                return None
            if found is None:
                found = part
                continue
            docs, mine, theirs = np.intersect1d(
                found.docs, part.docs, assume_unique=True, return_indices=True
            )
            found = Scores(docs, found.scores[mine] + part.scores[theirs])
            if not docs.size:
                return None
        return found

    # -- terms ----------------------------------------------------------------------------

    def term(self, fieldname: str, text: Any) -> Scores | None:
        """A term's documents with Whoosh's BM25F score (no boost)."""
        btext = self._bytes(fieldname, text)
        if btext is None:
            return None
        key = (fieldname, btext)
        if key not in self._terms:
            self._terms[key] = self._score_term(fieldname, btext)
        return self._terms[key]

    def _score_term(self, fieldname: str, btext: bytes) -> Scores | None:
        postings = self.postings(fieldname, btext)
        if postings is None or not postings[0].size:
            return None
        docs, weights = postings
        return Scores(docs, self._bm25(fieldname, btext, docs, weights))

    def _bm25(
        self, fieldname: str, btext: bytes, docs: np.ndarray, weights: np.ndarray
    ) -> np.ndarray:
        """Whoosh's score of a term in ``docs`` with posting ``weights``: BM25F in a
        scorable field, the weight itself in another (``WeightScorer``)."""
        tf = weights.astype(np.float64)
        if not self.schema[fieldname].scorable:
            return tf
        B = bm25_field_b(self.weighting, fieldname)  # noqa: N806 (Whoosh's names)
        K1 = self.weighting.K1  # noqa: N806
        idf = self.top.idf(fieldname, btext)
        avgfl = self.top.avg_field_length(fieldname) or 1
        fl = self._lengths(fieldname)[docs]
        # whoosh.scoring.bm25, term for term, so the floating-point result is the same
        return idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))

    def _bytes(self, fieldname: str, text: Any) -> bytes | None:
        if fieldname not in self.schema:
            return None
        try:
            btext = self.schema[fieldname].to_bytes(text)
        except ValueError:
            return None
        return btext if (fieldname, btext) in self.reader else None

    def postings(
        self, fieldname: str, text: Any, *, cached: bool = True
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """Document numbers (deleted ones dropped) and weights of a term's posting list."""
        btext = text if isinstance(text, bytes) else self._bytes(fieldname, text)
        if btext is None or (fieldname, btext) not in self.reader:
            return None
        key = (self.key, "postings", fieldname, btext)
        load = partial(read_postings, self.reader, fieldname, btext)
        docs, weights = CACHE.get(key, load) if cached else load()[0]
        if self.live is not None:
            keep = self.live[docs]
            docs, weights = docs[keep], weights[keep]
        return docs.astype(np.int64), weights

    def _lengths(self, fieldname: str) -> np.ndarray:
        return CACHE.get(
            (self.key, "lengths", fieldname), lambda: read_lengths(self.reader, fieldname)
        )

    # -- phrases --------------------------------------------------------------------------

    def phrase(self, query: Phrase) -> Scores | None:
        """Whoosh's phrase matcher: the documents with every word (rarest word first, each
        next word read only in the posting blocks of the candidates left), its words in
        order within ``slop``; scored as the sum of the words' scores."""
        fieldname = query.fieldname
        if fieldname not in self.schema:
            return None
        field = self.schema[fieldname]
        if not field.format or not field.format.supports("positions"):
            raise TypeError(f"phrase search: {fieldname!r} has no positions")
        found = [self._bytes(fieldname, word) for word in query.words]
        words = [word for word in found if word is not None]
        if not words or len(words) < len(found):
            return None
        views: dict[bytes, PostingView] = {}
        docs: np.ndarray | None = None
        for word in sorted(set(words), key=lambda w: self.reader.doc_frequency(fieldname, w)):
            view = self._view(fieldname, word, docs)
            views[word] = view
            docs = view.docs  # within the previous ``docs``
            if not docs.size:
                return None
        assert docs is not None
        views = {word: view.restricted(docs) for word, view in views.items()}
        scores = np.zeros(docs.size, dtype=np.float64)
        for word in words:
            scores += self._bm25(fieldname, word, docs, views[word].weights)
        keep = _in_order([views[word].packed() for word in words], docs.size, query.slop)
        if not keep.any():
            return None
        return Scores(docs[keep], scores[keep])

    def _view(self, fieldname: str, btext: bytes, docs: np.ndarray | None) -> PostingView:
        """A term's live postings (weights, positions) in ``docs`` (``None``: all).

        Only the posting blocks that can hold ``docs`` are read, each once and cached (a
        citation's "มาตรา" is in every section; "มาตรา 420" needs a few of its blocks).
        When most blocks are wanted the whole list is read and cached as one view."""
        maxids, offsets = CACHE.get(
            (self.key, "blocks", fieldname, btext),
            partial(read_directory, self.reader, fieldname, btext),
        )
        chosen = list(range(len(offsets)))
        if docs is not None:
            wanted = np.unique(np.searchsorted(maxids, docs))
            chosen = wanted[wanted < len(offsets)].tolist()
        opened: list[Any] = []  # one matcher for every block this call reads

        def read(offset: int | None) -> tuple[PostingView, int]:
            if not opened:
                opened.append(leaf_matcher(self.reader, fieldname, btext))
            return read_block(opened[0], self.schema[fieldname].format, offset)

        if len(chosen) * WHOLE_LIST_SHARE >= len(offsets):
            view = CACHE.get(
                (self.key, "view", fieldname, btext),
                lambda: sized_view(PostingView.concatenated([read(o)[0] for o in offsets])),
            )
        elif chosen:
            view = PostingView.concatenated(
                [
                    CACHE.get(
                        (self.key, "block", fieldname, btext, offsets[i]), partial(read, offsets[i])
                    )
                    for i in chosen
                ]
            )
        else:
            return PostingView.empty()
        if docs is not None:  # ``docs`` are live already
            rows = np.searchsorted(view.docs, docs)
            rows[rows == view.docs.size] = 0
            return view.where(rows[view.docs[rows] == docs])
        return view if self.live is None else view.where(self.live[view.docs])


def _in_order(positions: Sequence[np.ndarray], doc_count: int, slop: int) -> np.ndarray:
    """Which documents have the words in order, each 1..``slop`` positions after the
    previous (``positions``: per word, packed as :meth:`PostingView.packed`): the set of
    reachable end positions, word by word, as Whoosh's ``SpanNear2`` finds spans."""
    ends = positions[0]
    for candidates in positions[1:]:
        if not ends.size:
            break
        reachable = np.zeros(candidates.size, dtype=bool)
        for distance in range(1, slop + 1):
            before = candidates - distance
            where = np.searchsorted(ends, before)
            where[where == ends.size] = 0
            reachable |= ends[where] == before
        ends = candidates[reachable]
    keep = np.zeros(doc_count, dtype=bool)
    keep[(ends // POSITION_STRIDE).astype(np.int64)] = True
    return keep


def _boosted(found: Scores | None, boost: float) -> Scores | None:
    if found is None or boost == 1.0:
        return found
    return Scores(found.docs, found.scores * boost)


def _union(parts: Sequence[Scores | None], doc_count: int) -> Scores | None:
    """Every document of any part, its score the sum of the parts that have it."""
    present = [part for part in parts if part is not None and part.size]
    if not present:
        return None
    if len(present) == 1:
        return present[0]
    total = sum(part.size for part in present)
    if total * 4 >= doc_count:  # dense accumulation: linear in the segment, no sort
        sums = np.zeros(doc_count, dtype=np.float64)
        hit = np.zeros(doc_count, dtype=bool)
        for part in present:
            sums[part.docs] += part.scores
            hit[part.docs] = True
        docs = np.flatnonzero(hit)
        return Scores(docs, sums[docs])
    docs = np.concatenate([part.docs for part in present])
    scores = np.concatenate([part.scores for part in present])
    order = np.argsort(docs, kind="stable")
    docs, scores = docs[order], scores[order]
    starts = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]])
    return Scores(docs[starts], np.add.reduceat(scores, starts))
