"""Whoosh's scores for a query tree, computed with numpy a posting list at a time.

:func:`.query.build_query` defines the ranking as a Whoosh query tree (BM25F terms, phrases,
Or/And/AndMaybe).  Whoosh scores such a tree document by document in pure Python, walking a
tree of matchers — for a long OR query over a 30k-section index that is hundreds of
milliseconds, growing with the index.  This module evaluates the same tree per segment
with array operations and returns the same scores:

* a :class:`~whoosh.query.Term` reads its posting list (document numbers, weights) once —
  cached, see :data:`CACHE` — and scores it with Whoosh's BM25F formula
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

Scores agree with Whoosh's to rounding (the sums are added in another order); the order
of the results is Whoosh's: score descending, ties by document number ascending.
"""

from __future__ import annotations

import gc
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import chain
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np
from whoosh import columns
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import And, AndMaybe, Or, Phrase, Query, Term
from whoosh.reading import IndexReader
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

CACHE_BYTES = 256 * 1024 * 1024
_BYTE_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
_EMPTY_DOCS = np.zeros(0, dtype=np.int64)
_EMPTY_SCORES = np.zeros(0, dtype=np.float64)
_POSITION_STRIDE = np.int64(1) << 32  # (document index, position) packed into one int64
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


class PostingCache:
    """Decoded posting lists and columns, least recently used dropped beyond ``max_bytes``.

    Keys start with the segment id: a segment's files never change (deletions are applied
    per query, from the reader), so an entry stays valid as long as its segment exists.
    """

    def __init__(self, max_bytes: int = CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, load: Callable[[], tuple[Any, int]]) -> Any:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                return entry[0]
        value, size = load()
        with self._lock:
            if key not in self._entries:
                self._entries[key] = (value, size)
                self.bytes += size
            while self.bytes > self.max_bytes and len(self._entries) > 1:
                _, (_, dropped) = self._entries.popitem(last=False)
                self.bytes -= dropped
        return value


CACHE = PostingCache()


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
        self.live = _live_documents(reader)
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
        B = self.weighting._field_B.get(fieldname, self.weighting.B)  # noqa: N806 (Whoosh's names)
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
        load = partial(_read_postings, self.reader, fieldname, btext)
        docs, weights = CACHE.get(key, load) if cached else load()[0]
        if self.live is not None:
            keep = self.live[docs]
            docs, weights = docs[keep], weights[keep]
        return docs.astype(np.int64), weights

    def _lengths(self, fieldname: str) -> np.ndarray:
        return CACHE.get(
            (self.key, "lengths", fieldname), lambda: _read_lengths(self.reader, fieldname)
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
        views: dict[bytes, _View] = {}
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

    def _view(self, fieldname: str, btext: bytes, docs: np.ndarray | None) -> _View:
        """A term's live postings (weights, positions) in ``docs`` (``None``: all).

        Only the posting blocks that can hold ``docs`` are read, each once and cached (a
        citation's "มาตรา" is in every section; "มาตรา 420" needs a few of its blocks).
        When most blocks are wanted the whole list is read and cached as one view."""
        maxids, offsets = CACHE.get(
            (self.key, "blocks", fieldname, btext),
            partial(_read_directory, self.reader, fieldname, btext),
        )
        chosen = list(range(len(offsets)))
        if docs is not None:
            wanted = np.unique(np.searchsorted(maxids, docs))
            chosen = wanted[wanted < len(offsets)].tolist()
        opened: list[Any] = []  # one matcher for every block this call reads

        def read(offset: int | None) -> tuple[_View, int]:
            if not opened:
                opened.append(_leaf_matcher(self.reader, fieldname, btext))
            return _read_block(opened[0], self.schema[fieldname].format, offset)

        if len(chosen) * WHOLE_LIST_SHARE >= len(offsets):
            view = CACHE.get(
                (self.key, "view", fieldname, btext),
                lambda: _sized_view(_View.concatenated([read(o)[0] for o in offsets])),
            )
        elif chosen:
            view = _View.concatenated(
                [
                    CACHE.get(
                        (self.key, "block", fieldname, btext, offsets[i]), partial(read, offsets[i])
                    )
                    for i in chosen
                ]
            )
        else:
            return _View.empty()
        if docs is not None:  # ``docs`` are live already
            rows = np.searchsorted(view.docs, docs)
            rows[rows == view.docs.size] = 0
            return view.where(rows[view.docs[rows] == docs])
        return view if self.live is None else view.where(self.live[view.docs])


@dataclass(frozen=True)
class _View:
    """Some postings of one term: documents, weights, and each one's positions
    ``flat[starts[i]:starts[i] + counts[i]]``."""

    docs: np.ndarray
    weights: np.ndarray
    starts: np.ndarray
    counts: np.ndarray
    flat: np.ndarray

    @classmethod
    def empty(cls) -> _View:
        return cls(_EMPTY_DOCS, _EMPTY_SCORES, _EMPTY_DOCS, _EMPTY_DOCS, _EMPTY_DOCS)

    @classmethod
    def concatenated(cls, blocks: Sequence[_View]) -> _View:
        if len(blocks) == 1:
            return blocks[0]
        flat_sizes = np.array([block.flat.size for block in blocks])
        before = np.cumsum(flat_sizes) - flat_sizes  # where each block's positions start
        shift = np.repeat(before, [block.docs.size for block in blocks])
        return cls(
            np.concatenate([block.docs for block in blocks]),
            np.concatenate([block.weights for block in blocks]),
            np.concatenate([block.starts for block in blocks]) + shift,
            np.concatenate([block.counts for block in blocks]),
            np.concatenate([block.flat for block in blocks]),
        )

    def where(self, keep: np.ndarray) -> _View:
        return _View(
            self.docs[keep], self.weights[keep], self.starts[keep], self.counts[keep], self.flat
        )

    def restricted(self, docs: np.ndarray) -> _View:
        """The postings of ``docs``, which must all be in this view."""
        if docs.size == self.docs.size:
            return self
        return self.where(np.searchsorted(self.docs, docs))

    def packed(self) -> np.ndarray:
        """The positions as sorted ``row * STRIDE + position`` (row: index in ``docs``)."""
        total = int(self.counts.sum())
        first = np.repeat(self.starts - np.cumsum(self.counts) + self.counts, self.counts)
        rows = np.repeat(np.arange(self.docs.size, dtype=np.int64), self.counts)
        return rows * _POSITION_STRIDE + self.flat[np.arange(total) + first]


def _in_order(positions: Sequence[np.ndarray], doc_count: int, slop: int) -> np.ndarray:
    """Which documents have the words in order, each 1..``slop`` positions after the
    previous (``positions``: per word, packed as :meth:`_View.packed`): the set of
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
    keep[(ends // _POSITION_STRIDE).astype(np.int64)] = True
    return keep


# Per reader: which documents are not deleted (None: all of them).  A reader's deletions
# are fixed; a commit that deletes documents gives a new reader.
_LIVE: WeakKeyDictionary[IndexReader, np.ndarray | None] = WeakKeyDictionary()


def _live_documents(reader: IndexReader) -> np.ndarray | None:
    if reader not in _LIVE:
        live = None
        if reader.has_deletions():
            live = np.ones(reader.doc_count_all(), dtype=bool)
            live[np.fromiter(reader.deleted_docs_set, dtype=np.int64)] = False
        _LIVE[reader] = live
    return _LIVE[reader]


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


# -- reading the segment files ---------------------------------------------------------------


def _leaf_matcher(reader: IndexReader, fieldname: str, btext: bytes) -> Any:
    """The term's posting list with deleted documents in (they are dropped per query)."""
    matcher = reader.postings(fieldname, btext)
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
        matcher.reset()  # the filter has already skipped the leading deleted documents
    return matcher


def _blocks(matcher: Any) -> Any:
    """(ids, weights, values) per block of a posting list, straight from the whoosh3
    codec's pickled block tuples (Whoosh's own per-block decoding loops in Python);
    through Whoosh's matcher interface, one posting at a time, for another codec."""
    if not isinstance(matcher, W3LeafMatcher):
        read_ids, read_weights, read_values = [], [], []
        while matcher.is_active():
            read_ids.append(matcher.id())
            read_weights.append(matcher.weight())
            read_values.append(matcher.value())
            matcher.next()
        yield np.array(read_ids, dtype=np.int64), np.array(read_weights, dtype=np.float32), read_values
        return
    while matcher.is_active():
        matcher._read_data()
        ids, weights, values = matcher._data
        length = matcher._blocklength
        ids = np.array(ids, dtype=np.int64)
        if not matcher._byteids:
            ids = np.cumsum(ids)  # delta-coded within the block
        if weights is None:
            weights = np.ones(length, dtype=np.float32)
        elif isinstance(weights, float):
            weights = np.full(length, weights, dtype=np.float32)
        else:
            weights = np.asarray(weights, dtype=np.float32)
        yield ids, weights, values
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)


def _read_postings(reader: IndexReader, fieldname: str, btext: bytes) -> tuple[Any, int]:
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for block_ids, block_weights, _ in _blocks(_leaf_matcher(reader, fieldname, btext)):
        ids.append(block_ids)
        weights.append(block_weights)
    docs = np.concatenate(ids).astype(np.int32)
    tf = np.concatenate(weights)
    return (docs, tf), docs.nbytes + tf.nbytes


def _read_directory(reader: IndexReader, fieldname: str, btext: bytes) -> tuple[Any, int]:
    """A posting list's blocks: the last document of each and where it starts (read from
    the block headers only); one block for a codec other than whoosh3."""
    matcher = _leaf_matcher(reader, fieldname, btext)
    if not isinstance(matcher, W3LeafMatcher):
        return (np.array([np.iinfo(np.int64).max]), [None]), 16
    maxids: list[int] = []
    offsets: list[int] = []
    offset = matcher._baseoffset
    while True:
        maxids.append(matcher._maxid)
        offsets.append(offset)
        if matcher._lastblock:
            break
        offset = matcher._nextoffset
        matcher._goto(offset)
    return (np.array(maxids, dtype=np.int64), offsets), 16 * len(offsets)


def _sized_view(view: _View) -> tuple[_View, int]:
    size = view.docs.nbytes + view.weights.nbytes + 2 * view.counts.nbytes + view.flat.nbytes
    return view, size


def _read_block(matcher: Any, fmt: Any, offset: int | None) -> tuple[_View, int]:
    """One posting block with its positions decoded (the whole list for another codec)."""
    if offset is None:
        ids, weights, values = _all(matcher)
    else:
        matcher._goto(offset)
        ids, weights, values = next(_blocks(matcher))
    counts, flat = _decode_positions(values, fmt.decode_positions)
    return _sized_view(_View(ids, weights, np.cumsum(counts) - counts, counts, flat))


def _all(matcher: Any) -> tuple[np.ndarray, np.ndarray, list[bytes]]:
    ids, weights, values = zip(*_blocks(matcher), strict=True)
    return np.concatenate(ids), np.concatenate(weights), [v for block in values for v in block]


def _decode_positions(
    values: Sequence[bytes], decode_one: Callable[[bytes], list[int]]
) -> tuple[np.ndarray, np.ndarray]:
    """Counts and concatenated positions of many encoded position lists.

    Whoosh stores each list as a 4-byte count and a protocol-2 pickle of the deltas; the
    pickles' opcodes, concatenated between one MARK and one LIST, unpickle in a single
    call into the list of delta lists — one C call instead of one per posting.  Anything
    unexpected falls back to Whoosh's decoder, posting by posting.
    """
    counts = np.frombuffer(b"".join(v[:4] for v in values), dtype=">u4").astype(np.int64)
    try:
        body = b"".join(v[6:-1] if v.endswith(b".") else v[6:] for v in values)
        if any(v[4:6] != b"\x80\x02" for v in values):
            raise ValueError("not a protocol-2 pickle")
        gc.disable()  # a million small lists would trigger collections for nothing
        try:
            deltas = pickle.loads(b"\x80\x02(" + body + b"l.")
        finally:
            gc.enable()
        if len(deltas) != len(values) or sum(map(len, deltas)) != int(counts.sum()):
            raise ValueError("position counts disagree")
        flat = np.fromiter(chain.from_iterable(deltas), dtype=np.int64, count=int(counts.sum()))
        running = np.cumsum(flat)
        ends = np.cumsum(counts)
        before = np.r_[0, running[ends[:-1] - 1]] if len(values) else _EMPTY_DOCS
        return counts, running - np.repeat(before, counts)
    except (pickle.UnpicklingError, ValueError, EOFError, IndexError):
        lists = [decode_one(v) for v in values]
        counts = np.array([len(p) for p in lists], dtype=np.int64)
        return counts, np.fromiter(
            chain.from_iterable(lists), dtype=np.int64, count=int(counts.sum())
        )


def _read_lengths(reader: IndexReader, fieldname: str) -> tuple[np.ndarray, int]:
    """Per document of the segment, the field length Whoosh's BM25F uses."""
    lbytes = _fixed_column(reader, _lenfield(fieldname), LENGTHS_COLUMN)
    lengths = _BYTE_LENGTHS[lbytes]
    return lengths, lengths.nbytes


def _sized(array: np.ndarray) -> tuple[np.ndarray, int]:
    return array, array.nbytes


def _sized_column(reader: IndexReader, fieldname: str, column: Any) -> tuple[np.ndarray, int]:
    return _sized(_fixed_column(reader, fieldname, column))


def _fixed_column(reader: IndexReader, fieldname: str, column: Any) -> np.ndarray:
    """A numeric column of one segment as an array, read in one piece (documents past the
    end of the stored column have the column's default, as Whoosh's reader gives)."""
    doc_count = reader.doc_count_all()
    perdoc = reader._perdoc
    if not isinstance(column, columns.NumericColumn) or not perdoc.has_column(fieldname):
        default = column.default_value() if column is not None else 0
        return np.full(doc_count, default)
    creader = perdoc.column_reader(fieldname, column)
    dtype = np.dtype(">" + creader._typecode)
    stored = creader._count
    values = np.full(doc_count, creader._default, dtype=dtype.newbyteorder("="))
    raw = creader._dbfile.get(creader._basepos, stored * dtype.itemsize)
    values[:stored] = np.frombuffer(raw, dtype=dtype)
    return values
