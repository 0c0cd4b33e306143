r"""The full rebuild's worker processes: :func:`build_segments` feeds the documents to
:class:`~.bulk.SegmentBuilder`\ s, one per process, each writing one segment of the same new
index generation (like Whoosh's multi-segment MpWriter), then commits the table of
contents that lists them.  A failed or killed worker stops the rebuild; nothing of the
new generation is used.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import queue
import signal
import sys
import time
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from multiprocessing.context import ForkContext, SpawnContext
from pathlib import Path
from typing import Any

from whoosh.codec.whoosh3 import W3Segment
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage

from lawreg.search.errors import IndexBuildFailed

from .bulk import Fields, SegmentBuilder, commit_segments

CHUNK_DOCUMENTS = 500  # documents per message to a worker process
QUEUED_CHUNKS = 4  # per worker: bounds the parent's lead (and its memory)
WAIT_SECONDS = 0.01  # the parent's pause when every worker's queue is full
POLL_SECONDS = 0.5  # how often a waiting parent checks on its workers
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def build_segments(
    directory: Path,
    schema: Schema,
    documents: Iterable[Fields],
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
        chunk: list[Fields] = []
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

    def __init__(self, context: ForkContext | SpawnContext, directory: Path, schema: Schema, procs: int) -> None:
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

    def send(self, chunk: list[Fields]) -> None:
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
            raise IndexBuildFailed(f"index worker exited with code {dead[0].exitcode}")

    def _raise_failures(self) -> None:
        for status, detail, _ in self.outcomes:
            if status == "error":
                raise IndexBuildFailed(f"index worker failed:\n{detail}")


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


def _next_chunk(tasks: Any, parent: int) -> list[Fields]:
    """The next chunk, checking every :data:`POLL_SECONDS` that the parent still lives."""
    while True:
        try:
            return tasks.get(timeout=POLL_SECONDS)
        except queue.Empty:
            if os.getppid() != parent:
                os._exit(1)
