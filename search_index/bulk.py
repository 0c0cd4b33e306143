"""Bulk segment building: the full rebuild's fast path to a standard Whoosh index.

Whoosh's writer spends most of a rebuild on per-posting work that a rebuild does not need:
a Token object per word, a sorting pool of (field, term, docnum, weight, value) tuples, and
at commit a re-read of every document's field length for every posting.  A rebuild knows
all of its documents up front, so :class:`SegmentBuilder` keeps each field's postings in
memory (per term: docnums, weights, encoded values, already in docnum order), analyses the
Thai fields through :func:`search_index.analysis.index_positions` (the same terms and
positions as the schema's analyzer, without Token objects), remembers the analysis of values
that repeat (every section of a law carries the law's title, type, agency, groups), and
writes the segment with Whoosh's own codec objects: the W3 per-document writer (stored
fields, lengths, columns), the W3 field writer and term table, and the W3 posting block
format — so the result is an ordinary Whoosh segment that Whoosh opens, searches, updates
and merges.  tests/search/test_bulk.py holds it equal to what Whoosh's writer makes of the
same documents.

:func:`build_segments` runs builders in worker processes, each writing one segment of the
same new index generation (like Whoosh's multi-segment MpWriter), and commits the table of
contents that lists them.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import queue
import shutil
import signal
import sys
import time
import traceback
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from multiprocessing.context import ForkContext, SpawnContext
from pathlib import Path
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3PostingsWriter, W3Segment
from whoosh.fields import FieldType, Schema, UnknownFieldError
from whoosh.filedb.filestore import FileStorage
from whoosh.formats import Frequency, Positions
from whoosh.index import TOC, clean_files
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte

from lawreg.services.errors import LawregError

from .analysis import CACHED_TEXT_CHARS, index_positions, is_plain_thai_analyzer

INDEX_NAME = "MAIN"  # Whoosh's default index name
CHUNK_DOCUMENTS = 500  # documents per message to a worker process
QUEUED_CHUNKS = 4  # per worker: bounds the parent's lead (and its memory)
WAIT_SECONDS = 0.01  # the parent's pause when every worker's queue is full
CACHED_VALUES = 4096  # analysed values remembered per field
POLL_SECONDS = 0.5  # how often a waiting parent checks on its workers
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>

Document = Mapping[str, Any]
# One analysed value: (term, frequency, weight, encoded posting value) per term, the
# tuples Whoosh's FieldType.index yields (Thai fields: the term as str, see _FieldPlan).
Items = tuple[tuple[Any, int, float, bytes], ...]


class BulkBuildError(LawregError):
    """A worker process failed; nothing of the new generation is used."""


# -- analysis ------------------------------------------------------------------------------


class _Postings:
    """One term's postings in one segment, in docnum order."""

    __slots__ = ("docnums", "weights", "values")

    def __init__(self) -> None:
        self.docnums = array("I")
        self.weights = array("f")
        self.values: list[bytes] = []


class _FieldPlan:
    """How one field's values become postings, stored values and columns.

    ``terms`` maps each term to its postings: by ``str`` for the Thai fields (encoded at
    write time; UTF-8 keeps code point order) and by the bytes Whoosh's
    ``FieldType.index`` yields for the others.
    """

    def __init__(self, name: str, field: FieldType) -> None:
        self.name = name
        self.field = field
        self.indexed = bool(field.indexed)
        self.scorable = bool(field.scorable)
        self.stored = bool(field.stored)
        self.column = field.column_type
        self.terms: defaultdict[Any, _Postings] = defaultdict(_Postings)
        self.lengths = bytearray()  # per document: the field length byte (scorable fields)
        self.cache: dict[Any, Items] = {}
        fmt = field.format
        thai = self.indexed and is_plain_thai_analyzer(getattr(field, "analyzer", None))
        self.thai = thai and type(fmt) in (Positions, Frequency)
        self.positions = type(fmt) is Positions
        self.boost = fmt.field_boost if fmt is not None else 1.0
        self.encoded: dict[int, bytes] = {}  # one position, or a frequency → its encoding

    def add(self, docnum: int, value: Any) -> int:
        """Add the postings of ``value`` in document ``docnum``; returns the field length
        (the number of tokens, as Whoosh counts it)."""
        if self.thai and self.positions and len(value) > CACHED_TEXT_CHARS:
            return self._add_text(docnum, value)
        terms = self.terms
        length = 0
        for term, frequency, weight, encoded in self._items(value):
            postings = terms[term]
            postings.docnums.append(docnum)
            postings.weights.append(weight)
            if encoded:
                postings.values.append(encoded)
            length += frequency
        return length

    def _add_text(self, docnum: int, value: str) -> int:
        """:meth:`add` for a long Thai value with positions (a section's text: never
        repeated, so not remembered), in one pass over its terms."""
        terms = self.terms
        boost = self.boost
        single = self.encoded
        encode = self.field.format.encode
        length = 0
        for term, found in index_positions(value).items():
            postings = terms[term]
            count = len(found)
            postings.docnums.append(docnum)
            postings.weights.append(count * boost)
            if count == 1:
                encoded = single.get(found[0])
                if encoded is None:
                    encoded = single[found[0]] = encode(found)
            else:
                encoded = encode(found)
            postings.values.append(encoded)
            length += count
        return length

    def _items(self, value: Any) -> Items:
        """The analysed ``value``, remembered: a law's title, type, agency, groups and
        chapters repeat in all its sections."""
        try:
            found = self.cache.get(value)
        except TypeError:  # an unhashable value (a list for a KEYWORD field)
            return tuple(self.field.index(value))
        if found is None:
            if self.thai:
                boost = self.boost
                found = tuple(
                    (term, len(where), len(where) * boost, self._encode(where))
                    for term, where in index_positions(value).items()
                )
            else:
                found = tuple(self.field.index(value))
            if len(self.cache) >= CACHED_VALUES:
                self.cache.clear()
            self.cache[value] = found
        return found

    def _encode(self, found: list[int]) -> bytes:
        """The posting value of a term at positions ``found``: Positions.encode, or
        Frequency's packed count.  The encodings of one position (most postings of a section)
        and of a count are shared, not rebuilt."""
        key = found[0] if self.positions else len(found)
        if len(found) == 1 or not self.positions:
            encoded = self.encoded.get(key)
            if encoded is None:
                encoded = self.encoded[key] = self._encode_new(found)
            return encoded
        return self._encode_new(found)

    def _encode_new(self, found: list[int]) -> bytes:
        if self.positions:
            return self.field.format.encode(found)
        return pack_uint(len(found))

    def sorted_terms(self) -> list[tuple[bytes, _Postings]]:
        """The postings in term order (by UTF-8 bytes, as Whoosh's term table needs)."""
        if self.thai:
            return [(term.encode("utf-8"), self.terms[term]) for term in sorted(self.terms)]
        return sorted(self.terms.items())


# -- writing -------------------------------------------------------------------------------


class _BlockPostingsWriter(W3PostingsWriter):
    """W3PostingsWriter fed a whole posting list at once: the same blocks (128 postings,
    the same pickled and compressed data and block statistics), without the per-posting
    calls and type checks.  (Whoosh takes a block's maximum weight before rounding weights
    to float32; here after.  lawreg's weights are term counts, exact in float32.)"""

    _ids: array[int]  # the pending block's document numbers (Whoosh's writer sets it too)

    def add_all(self, postings: _Postings, lengths: bytearray | None) -> None:
        limit = self._blocklimit
        docnums, weights, values = postings.docnums, postings.weights, postings.values
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


class _BulkFieldWriter(W3FieldWriter):
    def add_term(self, btext: bytes, postings: _Postings, lengths: bytearray | None) -> None:
        self.start_term(btext)
        self._postwriter.add_all(postings, lengths)
        self.finish_term()


class SegmentBuilder:
    """Writes documents into one new segment of the index in ``storage``.

    Stored fields, lengths and columns stream to the per-document writer as documents
    arrive; postings stay in memory until :meth:`finish` writes the term table and posting
    lists.  The caller commits the segment to a table of contents.
    """

    def __init__(self, storage: FileStorage, schema: Schema, indexname: str = INDEX_NAME) -> None:
        for name, field in schema.items():
            if field.vector or field.separate_spelling():
                raise ValueError(f"field {name!r}: vectors and spelling are not bulk-built")
        self.storage = storage
        self.schema = schema
        self.codec = W3Codec()
        self.segment = self.codec.new_segment(storage, indexname)
        self.perdoc = self.codec.per_document_writer(storage, self.segment)
        self.plans = {name: _FieldPlan(name, field) for name, field in schema.items()}
        self.doc_count = 0

    def add(self, document: Document) -> None:
        """Add one document (no ``None`` or empty values: see ``index.clean_document``).

        A document with a field the schema lacks is refused whole; any other error (a
        value its field cannot index) leaves the builder unusable — a rebuild then
        discards its generation."""
        plans = self.plans
        unknown = document.keys() - plans.keys()
        if unknown:
            raise UnknownFieldError(f"No field named {sorted(unknown)[0]!r} in {self.schema}")
        docnum = self.doc_count
        perdoc = self.perdoc
        perdoc.start_doc(docnum)
        try:
            for name in sorted(document):
                plan = plans[name]
                value = document[name]
                length = 0
                if plan.indexed:
                    length = plan.add(docnum, value)
                    if plan.scorable:
                        lengths = plan.lengths
                        if len(lengths) < docnum:
                            lengths.extend(bytes(docnum - len(lengths)))
                        lengths.append(length_to_byte(length))
                    else:
                        length = 0
                perdoc.add_field(name, plan.field, value if plan.stored else None, length)
                if plan.column is not None:
                    perdoc.add_column_value(name, plan.column, plan.field.to_column_value(value))
        except BaseException:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self.doc_count += 1

    def finish(self) -> W3Segment | None:
        """Write the segment's files (compound, as Whoosh's writer does); None if empty."""
        if not self.doc_count:
            self.cancel()
            return None
        self.perdoc.close()
        writer = _BulkFieldWriter(_BulkCodec(), self.storage, self.segment)
        for name in sorted(self.plans):
            plan = self.plans[name]
            if not plan.terms:
                continue
            lengths = None
            if plan.scorable:
                lengths = plan.lengths
                lengths.extend(bytes(self.doc_count - len(lengths)))
            writer.start_field(name, plan.field)
            for btext, postings in plan.sorted_terms():
                writer.add_term(btext, postings, lengths)
            writer.finish_field()
            plan.terms.clear()
        writer.close()
        segment = self.segment
        segment.set_doc_count(self.doc_count)
        segment.create_compound_file(self.storage)
        return segment

    def cancel(self) -> None:
        if not self.perdoc.is_closed:
            self.perdoc.close()


def commit_segments(
    storage: FileStorage, schema: Schema, segments: Sequence[W3Segment], indexname: str = INDEX_NAME
) -> None:
    """Write the table of contents listing ``segments`` (the index must be freshly created)
    and remove what the builders left behind: files of empty segments, the temporary folder."""
    generation = TOC.read(storage, indexname).generation + 1
    TOC(schema, list(segments), generation).write(storage, indexname)
    clean_files(storage, indexname, generation, segments)
    shutil.rmtree(Path(storage.folder) / f"{indexname}.tmp", ignore_errors=True)


# -- processes -----------------------------------------------------------------------------


def build_segments(
    directory: Path,
    schema: Schema,
    documents: Iterable[Document],
    *,
    procs: int = 1,
    chunk_size: int = CHUNK_DOCUMENTS,
) -> int:
    """Write ``documents`` into the fresh (empty) index in ``directory`` and commit it:
    one segment, or one per worker process with ``procs`` > 1 (documents sent in chunks of
    ``chunk_size``).  Returns the document count.  On any error nothing is committed (the
    caller discards the directory)."""
    storage = FileStorage(str(directory))
    if procs <= 1:
        builder = SegmentBuilder(storage, schema)
        with _collector_paused():
            try:
                for document in documents:
                    builder.add(document)
            except BaseException:
                builder.cancel()
                raise
            segment = builder.finish()
        commit_segments(storage, schema, [segment] if segment else [])
        return builder.doc_count
    with _Workers(_context(), directory, schema, procs) as workers:
        chunk: list[Document] = []
        for document in documents:
            chunk.append(document)
            if len(chunk) >= chunk_size:
                workers.send(chunk)
                chunk = []
        if chunk:
            workers.send(chunk)
        segments, count = workers.finish()
    commit_segments(storage, schema, segments)
    return count


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a segment is built: the builder makes
    millions of long-lived containers and no cycles, and every full collection would walk
    all of them (a quarter of the build time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _context() -> ForkContext | SpawnContext:
    """fork where the platform has it: workers start at once and inherit the loaded
    segmentation dictionary; they only analyse and write files."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


class _Workers:
    """Worker processes, each with its own bounded queue of document chunks, each building
    one segment.  A chunk goes to the next worker in turn whose queue has room, so a busy
    worker is passed over and every worker gets work as soon as there are enough chunks."""

    def __init__(self, context: ForkContext | SpawnContext, directory: Path, schema: Schema,
                 procs: int) -> None:
        self.queues = [context.Queue(maxsize=QUEUED_CHUNKS) for _ in range(procs)]
        self.results = context.Queue()
        self.processes = [
            context.Process(
                target=_work,
                args=(str(directory), schema, tasks, self.results, os.getpid()),
                daemon=True,
            )
            for tasks in self.queues
        ]
        self.turn = 0
        self.outcomes: list[tuple[str, Any, int]] = []

    def __enter__(self) -> _Workers:
        for process in self.processes:
            process.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        for process in self.processes:
            if process.is_alive():
                process.terminate()
            process.join()
        for tasks in [*self.queues, self.results]:
            tasks.cancel_join_thread()  # a terminated worker left chunks unread
            tasks.close()

    def send(self, chunk: list[Document]) -> None:
        count = len(self.queues)
        self._check()  # a failed worker stops the rebuild now, not after the last chunk
        while True:
            for step in range(count):
                worker = (self.turn + step) % count
                try:
                    self.queues[worker].put_nowait(chunk)
                except queue.Full:
                    continue
                self.turn = worker + 1
                return
            self._check()
            time.sleep(WAIT_SECONDS)

    def finish(self) -> tuple[list[W3Segment], int]:
        for tasks in self.queues:
            while True:  # an empty chunk: no more documents
                try:
                    tasks.put([], timeout=POLL_SECONDS)
                    break
                except queue.Full:
                    self._check()
        while len(self.outcomes) < len(self.processes):
            try:
                self.outcomes.append(self.results.get(timeout=POLL_SECONDS))
            except queue.Empty:
                self._check()
            self._raise_failures()
        segments = [segment for _, segment, _ in self.outcomes if segment is not None]
        return segments, sum(count for _, _, count in self.outcomes)

    def _check(self) -> None:
        """Collect what workers reported; raise if one failed or died without reporting."""
        while True:
            try:
                self.outcomes.append(self.results.get_nowait())
            except queue.Empty:
                break
        self._raise_failures()
        reported = len(self.outcomes)
        dead = [p for p in self.processes if p.exitcode not in (None, 0)]
        if dead and reported < len(self.processes):
            raise BulkBuildError(f"index worker exited with code {dead[0].exitcode}")

    def _raise_failures(self) -> None:
        for status, detail, _ in self.outcomes:
            if status == "error":
                raise BulkBuildError(f"index worker failed:\n{detail}")


def _work(directory: str, schema: Schema, tasks: Any, results: Any, parent: int) -> None:
    """A worker: add every chunk it receives to its segment until an empty chunk."""
    _die_with_parent(parent)
    gc.disable()  # see _collector_paused; it would also copy the parent's pages it walks
    try:
        builder = SegmentBuilder(FileStorage(directory), schema)
        while chunk := _next_chunk(tasks, parent):
            for document in chunk:
                builder.add(document)
        results.put(("ok", builder.finish(), builder.doc_count))
    except BaseException:
        results.put(("error", f"pid {os.getpid()}: {traceback.format_exc()}", 0))


def _die_with_parent(parent: int) -> None:
    """A parent killed with SIGKILL cannot stop its workers, which would wait for chunks
    forever: on Linux the kernel kills the worker when its parent dies (PR_SET_PDEATHSIG);
    elsewhere :func:`_next_chunk` notices the lost parent."""
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the request took effect
        os._exit(1)


def _next_chunk(tasks: Any, parent: int) -> list[Document]:
    """The next chunk, checking every :data:`POLL_SECONDS` that the parent still lives."""
    while True:
        try:
            return tasks.get(timeout=POLL_SECONDS)
        except queue.Empty:
            if os.getppid() != parent:
                os._exit(1)
