"""Decoded posting lists of one segment, read once and cached for :mod:`.scoring`.

A term's posting list (document numbers and weights), a phrase word's postings with their
positions (:class:`PostingView`, read a block at a time where only some blocks are needed),
a field's lengths and a numeric column are decoded into numpy arrays through
:mod:`.whoosh_adapter` and kept in :data:`CACHE`, keyed by segment: a segment's files never
change, and deletions are applied per query from the reader (:func:`live_documents`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np
from whoosh.reading import IndexReader
from whoosh.util.numeric import byte_to_length

from .whoosh_adapter import (
    block_at,
    block_directory,
    decode_positions,
    leaf_matcher,
    length_bytes,
    posting_blocks,
)

CACHE_BYTES = 256 * 1024 * 1024
POSITION_STRIDE = np.int64(1) << 32  # (document index, position) packed into one int64
_BYTE_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
_EMPTY_DOCS = np.zeros(0, dtype=np.int64)
_EMPTY_SCORES = np.zeros(0, dtype=np.float64)


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


@dataclass(frozen=True)
class PostingView:
    """Some postings of one term: documents, weights, and each one's positions
    ``flat[starts[i]:starts[i] + counts[i]]``."""

    docs: np.ndarray
    weights: np.ndarray
    starts: np.ndarray
    counts: np.ndarray
    flat: np.ndarray

    @classmethod
    def empty(cls) -> PostingView:
        return cls(_EMPTY_DOCS, _EMPTY_SCORES, _EMPTY_DOCS, _EMPTY_DOCS, _EMPTY_DOCS)

    @classmethod
    def concatenated(cls, blocks: Sequence[PostingView]) -> PostingView:
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

    def where(self, keep: np.ndarray) -> PostingView:
        return PostingView(
            self.docs[keep], self.weights[keep], self.starts[keep], self.counts[keep], self.flat
        )

    def restricted(self, docs: np.ndarray) -> PostingView:
        """The postings of ``docs``, which must all be in this view."""
        if docs.size == self.docs.size:
            return self
        return self.where(np.searchsorted(self.docs, docs))

    def packed(self) -> np.ndarray:
        """The positions as sorted ``row * STRIDE + position`` (row: index in ``docs``)."""
        total = int(self.counts.sum())
        first = np.repeat(self.starts - np.cumsum(self.counts) + self.counts, self.counts)
        rows = np.repeat(np.arange(self.docs.size, dtype=np.int64), self.counts)
        return rows * POSITION_STRIDE + self.flat[np.arange(total) + first]


# Per reader: which documents are not deleted (None: all of them).  A reader's deletions
# are fixed; a commit that deletes documents gives a new reader.
_LIVE: WeakKeyDictionary[IndexReader, np.ndarray | None] = WeakKeyDictionary()


def live_documents(reader: IndexReader) -> np.ndarray | None:
    if reader not in _LIVE:
        live = None
        if reader.has_deletions():
            live = np.ones(reader.doc_count_all(), dtype=bool)
            live[np.fromiter(reader.deleted_docs_set, dtype=np.int64)] = False
        _LIVE[reader] = live
    return _LIVE[reader]


# -- reading the segment files ---------------------------------------------------------------


def read_postings(reader: IndexReader, fieldname: str, btext: bytes) -> tuple[Any, int]:
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for block_ids, block_weights, _ in posting_blocks(leaf_matcher(reader, fieldname, btext)):
        ids.append(block_ids)
        weights.append(block_weights)
    docs = np.concatenate(ids).astype(np.int32)
    tf = np.concatenate(weights)
    return (docs, tf), docs.nbytes + tf.nbytes


def read_directory(reader: IndexReader, fieldname: str, btext: bytes) -> tuple[Any, int]:
    """A posting list's blocks: the last document of each and where it starts (read from
    the block headers only); one block for a codec other than whoosh3."""
    directory = block_directory(leaf_matcher(reader, fieldname, btext))
    if directory is None:
        return (np.array([np.iinfo(np.int64).max]), [None]), 16
    maxids, offsets = directory
    return (np.array(maxids, dtype=np.int64), offsets), 16 * len(offsets)


def sized_view(view: PostingView) -> tuple[PostingView, int]:
    size = view.docs.nbytes + view.weights.nbytes + 2 * view.counts.nbytes + view.flat.nbytes
    return view, size


def read_block(matcher: Any, fmt: Any, offset: int | None) -> tuple[PostingView, int]:
    """One posting block with its positions decoded (the whole list for another codec)."""
    if offset is None:
        ids, weights, values = _all(matcher)
    else:
        ids, weights, values = block_at(matcher, offset)
    counts, flat = decode_positions(values, fmt.decode_positions)
    return sized_view(PostingView(ids, weights, np.cumsum(counts) - counts, counts, flat))


def _all(matcher: Any) -> tuple[np.ndarray, np.ndarray, list[bytes]]:
    ids, weights, values = zip(*posting_blocks(matcher), strict=True)
    return np.concatenate(ids), np.concatenate(weights), [v for block in values for v in block]


def read_lengths(reader: IndexReader, fieldname: str) -> tuple[np.ndarray, int]:
    """Per document of the segment, the field length Whoosh's BM25F uses."""
    lengths = _BYTE_LENGTHS[length_bytes(reader, fieldname)]
    return lengths, lengths.nbytes


def sized(array: np.ndarray) -> tuple[np.ndarray, int]:
    return array, array.nbytes
