"""Every use of Whoosh's internals in lawreg, in one place.

:mod:`.scoring` scores posting lists with numpy and :mod:`.bulk` writes whole segments at
once; both need what Whoosh's public API does not give — a posting block as stored, a
column as one array, a posting writer fed a list at a time.  This module is the only one
in ``search_index`` that reads a private attribute of a Whoosh object, imports a private
Whoosh name or depends on Whoosh's file layout (tests/search/test_whoosh_layering.py
enforces it); tests/search/test_whoosh_contract.py pins each item below against the
installed Whoosh-Reloaded (pinned exactly in pyproject.toml), so an upgrade fails there,
loudly, instead of ranking differently.

Private attributes and names used, and why:

Reading posting blocks (``whoosh.codec.whoosh3.W3LeafMatcher``): Whoosh decodes a block
one posting at a time in Python; a block's pickled tuple holds all of them at once.

* ``matcher._read_data()`` — load and unpickle the current block's (ids, weights, values);
* ``matcher._data`` — that tuple: ids delta-coded unless ``_byteids``, weights ``None``
  (all 1.0), one float (all equal) or a tuple, values the encoded posting values;
* ``matcher._blocklength`` — postings in the block (to expand ``None``/one-float weights);
* ``matcher._byteids`` — ids stored as they are (vector postings) rather than delta-coded;
* ``matcher._lastblock`` — the current block is the list's last;
* ``matcher._nextoffset`` — file offset of the next block;
* ``matcher._baseoffset`` — file offset of the first block (after the list's header);
* ``matcher._goto(offset)`` — read the header of the block at ``offset`` (to read only
  the blocks a phrase's candidates can be in).

Searchers, scoring and columns:

* ``Searcher._ix`` — the index a searcher reads, whose folder keys the per-index tables
  of law titles and names (:func:`index_folder`);
* ``BM25F._field_B`` — the per-field ``B`` parameters (``title_B=...``), for Whoosh's own
  BM25F formula applied to arrays;
* ``SegmentReader._perdoc`` — the segment's per-document reader: the field-length
  column is not a schema field, so ``SegmentReader.column_reader`` refuses it;
* ``whoosh.codec.whoosh3._lenfield`` — the name of a field's length column;
* ``NumericColumn.Reader._typecode``, ``._count``, ``._default``, ``._dbfile``,
  ``._basepos`` — the column's struct type, stored document count, default value, file
  and offset: a numeric column read as one ``numpy.frombuffer`` instead of a Python call
  per document.

Writing posting lists (``W3PostingsWriter``, ``W3FieldWriter``, ``W3Codec``), used by
:class:`BulkFieldWriter`: ``_blocklimit``, ``_ids``, ``_weights``, ``_values``,
``_maxweight``, ``_minlength``, ``_maxlength``, ``_write_block()`` (fill and write a whole
block at once instead of one ``add_posting`` call per posting), ``W3Codec._blocklimit``,
``._compression``, ``._inlinelimit`` (the codec's own block settings) and
``W3FieldWriter._postwriter`` (the field writer's posting writer).

File layout: a ``Positions`` posting value is a 4-byte big-endian count followed by a
protocol-2 pickle of the position deltas (:func:`decode_positions` splices the pickles
into one).
"""

from __future__ import annotations

import gc
import pickle
from collections.abc import Callable, Iterator, Sequence
from itertools import chain
from typing import Any

import numpy as np
from whoosh import columns
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    W3Codec,
    W3FieldWriter,
    W3LeafMatcher,
    W3PostingsWriter,
    _lenfield,
)
from whoosh.filedb.filestore import Storage
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

_EMPTY = np.zeros(0, dtype=np.int64)

# (ids, weights, encoded values) of one posting block
Block = tuple[np.ndarray, np.ndarray, Any]


# -- searchers and scoring -------------------------------------------------------------------


def index_folder(searcher: Searcher) -> str:
    """The folder of the index ``searcher`` reads (a stand-in when it has none), to key
    caches per index."""
    index = getattr(searcher, "_ix", None)
    return str(getattr(getattr(index, "storage", None), "folder", id(index)))


def bm25_field_b(weighting: BM25F, fieldname: str) -> float:
    """The ``B`` BM25F uses for ``fieldname`` (its per-field value, else the default)."""
    return weighting._field_B.get(fieldname, weighting.B)


# -- posting lists ---------------------------------------------------------------------------


def leaf_matcher(reader: IndexReader, fieldname: str, btext: bytes) -> Any:
    """The term's posting list with deleted documents in (they are dropped per query)."""
    matcher = reader.postings(fieldname, btext)
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
        matcher.reset()  # the filter has already skipped the leading deleted documents
    return matcher


def posting_blocks(matcher: Any) -> Iterator[Block]:
    """(ids, weights, values) per block of a posting list, straight from the whoosh3
    codec's pickled block tuples (Whoosh's own per-block decoding loops in Python);
    through Whoosh's matcher interface, one posting at a time, for another codec."""
    if not isinstance(matcher, W3LeafMatcher):
        read_ids: list[int] = []
        read_weights: list[float] = []
        read_values: list[Any] = []
        while matcher.is_active():
            read_ids.append(matcher.id())
            read_weights.append(matcher.weight())
            read_values.append(matcher.value())
            matcher.next()
        yield np.array(read_ids, dtype=np.int64), np.array(read_weights, dtype=np.float32), read_values
        return
    while matcher.is_active():
        matcher._read_data()
        raw_ids, raw_weights, values = matcher._data
        length = matcher._blocklength
        ids: np.ndarray = np.array(raw_ids, dtype=np.int64)
        if not matcher._byteids:
            ids = np.cumsum(ids)  # delta-coded within the block
        weights: np.ndarray
        if raw_weights is None:
            weights = np.ones(length, dtype=np.float32)
        elif isinstance(raw_weights, float):
            weights = np.full(length, raw_weights, dtype=np.float32)
        else:
            weights = np.asarray(raw_weights, dtype=np.float32)
        yield ids, weights, values
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)


def block_directory(matcher: Any) -> tuple[list[int], list[int]] | None:
    """A posting list's blocks: the last document of each and the file offset where it
    starts, read from the block headers only; ``None`` for a codec other than whoosh3."""
    if not isinstance(matcher, W3LeafMatcher):
        return None
    maxids: list[int] = []
    offsets: list[int] = []
    offset = matcher._baseoffset
    while True:
        maxids.append(matcher.block_max_id())
        offsets.append(offset)
        if matcher._lastblock:
            break
        offset = matcher._nextoffset
        matcher._goto(offset)
    return maxids, offsets


def block_at(matcher: Any, offset: int) -> Block:
    """The posting block at ``offset`` (an offset :func:`block_directory` gave)."""
    matcher._goto(offset)
    return next(posting_blocks(matcher))


def decode_positions(
    values: Sequence[bytes], decode_one: Callable[[bytes], list[int]]
) -> tuple[np.ndarray, np.ndarray]:
    """Counts and concatenated positions of many encoded position lists.

    Whoosh stores each list as a 4-byte count and a protocol-2 pickle of the deltas; the
    pickles' opcodes, concatenated between one MARK and one LIST, unpickle in a single
    call into the list of delta lists — one C call instead of one per posting.  Anything
    unexpected falls back to Whoosh's decoder (``decode_one``), posting by posting.
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
        before = np.r_[0, running[ends[:-1] - 1]] if len(values) else _EMPTY
        return counts, running - np.repeat(before, counts)
    except (pickle.UnpicklingError, ValueError, EOFError, IndexError):
        lists = [decode_one(v) for v in values]
        counts = np.array([len(p) for p in lists], dtype=np.int64)
        return counts, np.fromiter(
            chain.from_iterable(lists), dtype=np.int64, count=int(counts.sum())
        )


# -- columns ---------------------------------------------------------------------------------


def numeric_column(reader: IndexReader, fieldname: str, column: Any) -> np.ndarray:
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


def length_bytes(reader: IndexReader, fieldname: str) -> np.ndarray:
    """Per document of the segment, the byte-quantised length of ``fieldname`` (decode
    with ``whoosh.util.numeric.byte_to_length``)."""
    return numeric_column(reader, _lenfield(fieldname), LENGTHS_COLUMN)


# -- writing ---------------------------------------------------------------------------------


class _BlockPostingsWriter(W3PostingsWriter):
    """W3PostingsWriter fed a whole posting list at once: the same blocks (128 postings,
    the same pickled and compressed data and block statistics), without the per-posting
    calls and type checks.  (Whoosh takes a block's maximum weight before rounding weights
    to float32; here after.  lawreg's weights are term counts, exact in float32.)"""

    _ids: Any  # the pending block's document numbers (Whoosh's writer sets it too)

    def add_all(
        self, docnums: Sequence[int], weights: Sequence[float], values: Sequence[bytes],
        lengths: bytearray | None,
    ) -> None:
        limit = self._blocklimit
        for start in range(0, len(docnums), limit):
            if self._ids:
                self._write_block()
            end = start + limit
            ids = docnums[start:end]
            block_weights = weights[start:end]
            self._ids = ids
            self._weights = block_weights
            self._values = values[start:end]
            self._maxweight = max(0, max(block_weights))
            if lengths is not None:
                found = [lengths[docnum] for docnum in ids]
                shortest = min((b for b in found if b), default=0)
                self._minlength = byte_to_length(shortest) if shortest else None
                self._maxlength = byte_to_length(max(found)) if max(found) else 0


class _BulkCodec(W3Codec):
    """The W3 codec whose field writer writes posting lists with :class:`_BlockPostingsWriter`.
    Segments keep the plain :class:`W3Codec` (it is pickled into the table of contents)."""

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        return _BlockPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )


class BulkFieldWriter(W3FieldWriter):
    """Whoosh's W3 field writer (term table and posting file of a segment), given each
    term's whole posting list at once: docnums ascending, weights, encoded values, and the
    field-length bytes of the segment's documents (``None``: an unscored field)."""

    def __init__(self, storage: Storage, segment: Any) -> None:
        super().__init__(_BulkCodec(), storage, segment)

    def add_term(
        self, btext: bytes, docnums: Sequence[int], weights: Sequence[float],
        values: Sequence[bytes], lengths: bytearray | None,
    ) -> None:
        self.start_term(btext)
        self._postwriter.add_all(docnums, weights, values, lengths)
        self.finish_term()
