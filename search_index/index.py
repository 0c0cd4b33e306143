"""The on-disk index: generations, incremental per-law updates, atomic rebuilds.

Layout of ``INDEX_DIR``::

    CURRENT          the name of the generation in use (replaced atomically with os.replace)
    gen-<stamp>/     a complete Whoosh index
    build-<stamp>/   a rebuild in progress (deleted when it fails or is abandoned)

A rebuild writes a complete new generation into ``build-*``, renames it to ``gen-*`` and
only then points ``CURRENT`` at it, so a crash at any moment leaves the old index in use
and intact.  The generation is written by :mod:`search_index.rebuild` (worker processes, one
segment each); if the reader of the laws or any worker fails, the workers are stopped and
``build-*`` is deleted before the error propagates.  Incremental updates (:meth:`SearchIndex.replace_law`) go to the generation
``CURRENT`` names when the writer opens.

Concurrency: Whoosh allows one writer per index and guards it with a lock file
(``MAIN_WRITELOCK``, an ``fcntl.flock`` lock).  Writers here wait for it — retrying every 50 ms up
to ``write_timeout`` seconds — and raise :class:`IndexBusy` after that; they never write
without it, so two threads or processes cannot corrupt the index.  A *stale* lock cannot
outlive a crash: flock locks belong to the open file and the kernel releases them when the
process dies, so the lock file left behind is harmless.  If a live process hangs
while holding it, stop that process; ``lawreg index rebuild`` then builds a fresh
generation, and ``lawreg index check --repair`` brings the index back in line with the
database.  (On file systems without flock, e.g. some NFS mounts, keep ``INDEX_DIR`` local.)
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import FileIndex, LockError
from whoosh.searching import Searcher
from whoosh.util.filelock import FileLock
from whoosh.writing import IndexWriter

from lawreg.search.documents import Document
from lawreg.search.engine import LawState, RebuildReport
from lawreg.search.errors import IndexBusy

from .companions import companion_fields
from .glosses import gloss_fields
from .provisions import provision_fields
from .rebuild import build_segments
from .schema import KIND_LAW, build_schema
from .thresholds import threshold_fields

log = logging.getLogger(__name__)

CURRENT_FILE = "CURRENT"
CREATE_LOCK = "CREATE.lock"
WRITE_LOCK_FILE = "MAIN_WRITELOCK"  # Whoosh's writer lock of the default index name
WRITE_TIMEOUT = 30.0
RETRY_DELAY = 0.05

__all__ = ["IndexBusy", "LawState", "RebuildReport", "SearchIndex", "clean_document"]

# What the index derives from a document's text (.provisions, .companions) is no part of the
# database's content hash, so a change to the derivation would leave every document as it
# was.  The hash is stored tagged with this version: a document derived by another version
# reads as changed, so the next write of its law rewrites it and `lawreg index check` reports
# its law stale (`--repair` or `index rebuild` fixes it).  Bump it with any change to what is
# derived.
DERIVATION = "3"  # 2: companions' "cites", quantity roles, two more definition forms; 3: glosses, prohibition, delegation and penalty roles, thresholds
_TAG = "+derived:"


class SearchIndex:
    """The search index of one instance folder."""

    def __init__(self, directory: str | Path, write_timeout: float = WRITE_TIMEOUT) -> None:
        self.directory = Path(directory)
        self.write_timeout = write_timeout
        self._opened: dict[str, FileIndex] = {}
        self._local = threading.local()

    # -- generations ---------------------------------------------------------------------

    def generation(self) -> str:
        """The name of the generation in use, creating an empty index on first use."""
        current = self.directory / CURRENT_FILE
        try:
            return current.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            pass
        self.directory.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.directory / CREATE_LOCK))
        if not _acquire(lock, self.write_timeout):
            raise IndexBusy(f"search index {self.directory} is being created by another process")
        try:
            if current.exists():
                return current.read_text(encoding="ascii").strip()
            name = _new_name("gen")
            path = self.directory / name
            path.mkdir()
            whoosh_index.create_in(str(path), build_schema())
            _point_current(self.directory, name)
            return name
        finally:
            lock.release()

    def open(self) -> FileIndex:
        """The Whoosh index of the current generation (cached per generation)."""
        name = self.generation()
        index = self._opened.get(name)
        if index is None:
            index = self._with_current_fields(whoosh_index.open_dir(str(self.directory / name)))
            self._opened = {name: index}
        return index

    def _with_current_fields(self, index: FileIndex) -> FileIndex:
        """``index`` with the fields :func:`.schema.build_schema` added since it was built, so
        an upgraded lawreg can keep writing to it; its older documents lack their values until
        ``lawreg index rebuild``, and ranking only misses what those fields add."""
        wanted = build_schema()
        missing = [name for name in wanted.names() if name not in index.schema]
        if not missing:
            return index
        writer = self._writer(index)
        for name in missing:
            writer.add_field(name, wanted[name])
        writer.commit()
        return index.refresh()

    @contextmanager
    def searcher(self) -> Iterator[Searcher]:
        """A searcher of the current index, kept open between calls (one per thread).

        Opening a searcher re-reads the table of contents and the pickled schema and opens
        every segment, which cost more than a typical query; so the searcher is reused
        while the index is unchanged and reopened after a commit or a rebuild.
        """
        index = self.open()
        cached: tuple[FileIndex, Searcher] | None = getattr(self._local, "searcher", None)
        if cached is not None and cached[0] is index and cached[1].up_to_date():
            yield cached[1]
            return
        if cached is not None:
            cached[1].close()
        # Not Searcher.refresh(): it reuses segment readers by segment id and so misses
        # the deletions of a commit that only deleted documents.
        searcher = index.searcher()
        self._local.searcher = (index, searcher)
        yield searcher

    # -- incremental updates ---------------------------------------------------------------

    def apply(self, changes: Mapping[str, Sequence[Document] | None]) -> None:
        """Replace the documents of each law in ``changes`` (``None``: delete the law), in
        one writer commit, so a reader sees all of the changes or none of them."""
        if not changes:
            return
        for attempt in range(2):
            try:
                writer = self._writer(self.open())
            except (FileNotFoundError, whoosh_index.EmptyIndexError):
                # A rebuild swapped generations and removed the one we had opened.
                self._opened = {}
                if attempt:
                    raise
                continue
            break
        try:
            searcher = writer.searcher()
            written = False
            for law_key, documents in changes.items():
                written |= _replace_changed(writer, searcher, law_key, documents or ())
        except BaseException:
            writer.cancel()
            raise
        if written:
            writer.commit()
        else:
            writer.cancel()  # nothing differs: no new segment, readers stay valid

    def replace_law(self, law_key: str, documents: Sequence[Document]) -> None:
        """Delete every document of ``law_key`` and add ``documents``, in one commit."""
        self.apply({law_key: documents})

    def delete_law(self, law_key: str) -> None:
        self.apply({law_key: None})

    def _writer(self, index: FileIndex, **options: Any) -> IndexWriter:
        try:
            return index.writer(timeout=self.write_timeout, delay=RETRY_DELAY, **options)
        except LockError as error:
            raise IndexBusy(
                f"search index {self.directory} stayed locked by another writer for "
                f"{self.write_timeout:g} s; nothing was written"
            ) from error

    # -- rebuild ---------------------------------------------------------------------------

    def rebuild(self, laws: Iterable[Sequence[Document]], *, procs: int = 1) -> RebuildReport:
        """Build a complete new generation from ``laws`` (each item: one law's documents)
        and switch to it atomically; on any error the old generation stays in use.

        The generation is written by :func:`search_index.rebuild.build_segments` (``procs``
        worker processes, one segment each): a standard Whoosh index, several times faster
        to build than through Whoosh's writer."""
        started = time.perf_counter()
        self.directory.mkdir(parents=True, exist_ok=True)
        self._remove_abandoned_builds()
        build = self.directory / _new_name("build")
        build.mkdir()
        law_count = 0

        def documents() -> Iterator[dict[str, Any]]:
            nonlocal law_count
            for law in laws:
                law_count += 1
                for document in law:
                    yield clean_document(document)

        try:
            index = whoosh_index.create_in(str(build), build_schema())
            # Held while building, so _remove_abandoned_builds elsewhere leaves this one be.
            lock = index.lock("WRITELOCK")
            if not lock.acquire(False):
                raise IndexBusy(f"rebuild folder {build} was claimed by another process")
            try:
                doc_count = build_segments(build, index.schema, documents(), procs=procs)
            finally:
                lock.release()
            final = self.directory / build.name.replace("build-", "gen-", 1)
            os.rename(build, final)
        except BaseException:
            shutil.rmtree(build, ignore_errors=True)
            raise
        previous = self._current_name()
        _point_current(self.directory, final.name)
        self._opened = {}
        if previous and previous != final.name:
            self._retire(previous)
        return RebuildReport(law_count, doc_count, time.perf_counter() - started)

    def _current_name(self) -> str | None:
        try:
            return (self.directory / CURRENT_FILE).read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None

    def _retire(self, name: str) -> None:
        """Delete an old generation once no writer is inside it (readers keep open files)."""
        path = self.directory / name
        lock = FileLock(str(path / WRITE_LOCK_FILE))
        if _acquire(lock, self.write_timeout):
            try:
                shutil.rmtree(path, ignore_errors=True)
            finally:
                lock.release()
        else:
            log.warning("old index generation %s is still locked; left in place", path)

    def _remove_abandoned_builds(self) -> None:
        for path in self.directory.glob("build-*"):
            lock_path = path / WRITE_LOCK_FILE
            lock = FileLock(str(lock_path))
            if lock_path.exists() and not lock.acquire(False):
                continue  # a rebuild in another process is still running
            shutil.rmtree(path, ignore_errors=True)

    # -- drift checking --------------------------------------------------------------------

    def law_states(self) -> dict[str, LawState]:
        """Per law: live document count and what its law-level document says it should be."""
        with self.searcher() as searcher:
            reader = searcher.reader()
            counts: Counter[str] = Counter()
            column = reader.column_reader("law_key") if reader.has_column("law_key") else None
            if column is not None:
                for docnum in reader.all_doc_ids():
                    counts[_text(column[docnum])] += 1
            else:
                for fields in reader.all_stored_fields():
                    counts[fields["law_key"]] += 1
            recorded: dict[str, tuple[int | None, str | None]] = {}
            for fields in searcher.documents(kind=KIND_LAW):
                recorded[fields["law_key"]] = (fields.get("doc_count"),
                                               _untagged(fields.get("content_hash")))
        keys = set(counts) | set(recorded)
        return {
            key: LawState(counts.get(key, 0), *recorded.get(key, (None, None))) for key in keys
        }

    def doc_count(self) -> int:
        with self.searcher() as searcher:
            return searcher.doc_count()

    def has_document(self, doc_id: str) -> bool:
        with self.searcher() as searcher:
            return searcher.document_number(doc_id=doc_id) is not None

    def law_document_ids(self, law_key: str) -> list[str]:
        with self.searcher() as searcher:
            return sorted(fields["doc_id"] for fields in searcher.documents(law_key=law_key))


def _replace_changed(
    writer: IndexWriter, searcher: Searcher, law_key: str, documents: Sequence[Document]
) -> bool:
    """Make the index hold exactly ``documents`` for ``law_key``, rewriting only those whose
    stored ``content_hash`` differs (a document without one is always rewritten), so an
    edit to one section of a 1,700-section code re-analyses two documents, not 1,700.
    Returns whether anything was written."""
    stored: dict[str, list[Any]] = {}
    for fields in searcher.documents(law_key=law_key):
        stored.setdefault(fields["doc_id"], []).append(fields.get("content_hash"))
    wanted = {document["doc_id"]: document for document in documents}
    written = False
    for doc_id, hashes in stored.items():
        document = wanted.get(doc_id)
        if document is None or not _same(hashes, document):
            writer.delete_by_term("doc_id", doc_id, searcher=searcher)
            written = True
    for doc_id, document in wanted.items():
        if not _same(stored.get(doc_id, []), document):
            writer.add_document(**clean_document(document))
            written = True
    return written


def _same(stored_hashes: list[Any], document: Document) -> bool:
    """The index holds ``document`` once, with the same content hash, derived alike."""
    return (
        len(stored_hashes) == 1
        and stored_hashes[0] is not None
        and _untagged(stored_hashes[0]) == document.get("content_hash")
    )


def clean_document(document: Document) -> dict[str, Any]:
    """The fields Whoosh is given for ``document``: its own (Whoosh rejects ``None``, so empty
    values are left out), those derived from its text (:func:`.provisions.provision_fields`,
    :func:`.companions.companion_fields`), and its content hash tagged with
    :data:`DERIVATION`."""
    fields = {name: value for name, value in document.items() if value is not None and value != ""}
    fields.update(provision_fields(document))
    fields.update(companion_fields(document))
    fields.update(gloss_fields(document))
    fields.update(threshold_fields(document))
    if fields.get("content_hash"):
        fields["content_hash"] = _tagged(str(fields["content_hash"]))
    return fields


def _tagged(content_hash: str) -> str:
    return f"{content_hash}{_TAG}{DERIVATION}"


def _untagged(stored: str | None) -> str | None:
    """The database's hash of a stored document, or ``None`` when the document was derived
    by another version of the derivation (or before hashes were tagged): it must be rewritten."""
    if not stored:
        return None
    content_hash, tag, version = stored.rpartition(_TAG)
    return content_hash if tag and version == DERIVATION else None


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _new_name(prefix: str) -> str:
    return f"{prefix}-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"


def _point_current(directory: Path, name: str) -> None:
    tmp = directory / f".{CURRENT_FILE}.{uuid.uuid4().hex}"
    tmp.write_text(name + "\n", encoding="ascii")
    os.replace(tmp, directory / CURRENT_FILE)


def _acquire(lock: FileLock, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        if lock.acquire(False):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(RETRY_DELAY)
