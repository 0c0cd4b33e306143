"""Each host's search index follows the database through the index outbox.

A unit of work that changes laws adds :class:`~lawreg.models.IndexOutbox` rows in its own
transaction.  Every process applies the rows after its index's cursor to the index and then
moves the cursor (``OUTBOX_CURSOR`` in the index folder, since each host has its own index).
So whatever happens after a commit — kill -9 before the index write, a full disk during
it, a second host that never saw the write — the index catches up the next time any
process on that host commits, searches, or runs ``lawreg index sync``.

Applying is idempotent (a law's documents are recomputed from the database and rewritten
only where their content hash differs), so applying a row twice is harmless: the cursor is
written after the index commit, and a crash between the two only repeats work.

An index whose cursor is missing (a new index folder), ahead of the outbox (the database was
restored from a backup) or behind its oldest row (rows were pruned past it) is compared
with the database law by law instead (:func:`lawreg.services.search.check_index`).

Cost on the hot path: a search calls :func:`maybe_catch_up`, which reads the outbox head
(one indexed ``max(id)``) at most once every ``INDEX_SYNC_INTERVAL`` seconds (default 1)
per process, and never waits for another process that is already applying.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

from flask import Flask, current_app
from sqlalchemy import CursorResult, delete, func, select
from sqlalchemy.orm import Session

from ..db import get_database
from ..models import IndexOutbox
from ..models.base import utcnow

log = logging.getLogger(__name__)

EXTENSION_KEY = "lawreg.index_sync"
CURSOR_FILE = "OUTBOX_CURSOR"
LOCK_FILE = "SYNC.lock"
BATCH_ROWS = 500
RETRY_DELAY = 0.05
RETENTION_DAYS = 14


@dataclass
class SyncResult:
    """What one catch-up did."""

    cursor: int
    rows: int = 0
    laws: int = 0
    full_check: bool = False


class IndexSync:
    """Per-application state of the catch-up: when the outbox was last looked at."""

    def __init__(self, directory: Path, interval: float, timeout: float) -> None:
        self.directory = directory
        self.interval = interval
        self.timeout = timeout
        self.last_look = float("-inf")
        self.guard = threading.Lock()


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = IndexSync(
        Path(app.config["INDEX_DIR"]),
        interval=float(app.config.get("INDEX_SYNC_INTERVAL", 1.0)),
        timeout=float(app.config.get("INDEX_WRITE_TIMEOUT", 30)),
    )


def _state() -> IndexSync:
    return current_app.extensions[EXTENSION_KEY]


def enabled() -> bool:
    """``SEARCH_SYNC = False`` (some tests and benchmarks) leaves the index alone."""
    return bool(current_app.config.get("SEARCH_SYNC", True))


# -- the cursor ----------------------------------------------------------------------------


def read_cursor(directory: Path) -> int | None:
    """The last outbox id applied to the index in ``directory`` (``None``: never synced)."""
    try:
        return int((directory / CURSOR_FILE).read_text(encoding="ascii").strip())
    except (FileNotFoundError, ValueError):
        return None


def write_cursor(directory: Path, value: int) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    tmp = directory / f".{CURSOR_FILE}.{uuid.uuid4().hex}"
    tmp.write_text(f"{value}\n", encoding="ascii")
    os.replace(tmp, directory / CURSOR_FILE)


@contextmanager
def _sync_lock(directory: Path, timeout: float) -> Iterator[bool]:
    """One applier per index folder at a time (an flock: released if the process dies).
    Yields whether it was taken within ``timeout`` seconds (0: do not wait)."""
    directory.mkdir(parents=True, exist_ok=True)
    fd = os.open(directory / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    yield False
                    return
                time.sleep(RETRY_DELAY)
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


# -- catching up ---------------------------------------------------------------------------


def outbox_bounds(session: Session) -> tuple[int, int]:
    """(oldest, newest) outbox id; (0, 0) when the outbox is empty."""
    low, high = session.execute(select(func.min(IndexOutbox.id), func.max(IndexOutbox.id))).one()
    return low or 0, high or 0


def lag(session: Session) -> int | None:
    """Outbox rows this host's index has not applied (``None``: it was never synced)."""
    cursor = read_cursor(_state().directory)
    if cursor is None:
        return None
    count = session.scalar(select(func.count()).select_from(IndexOutbox).where(IndexOutbox.id > cursor))
    return int(count or 0)


def catch_up(*, wait: bool = True) -> SyncResult | None:
    """Apply the outbox to this host's index.  ``wait``: wait (up to the index write
    timeout) for another process that is applying; otherwise return ``None`` at once.
    Raises what the index writer raises (a full disk, :class:`IndexBusy`); the cursor then
    stays where it was, and the next catch-up repeats the work."""
    state = _state()
    with _sync_lock(state.directory, state.timeout if wait else 0) as held:
        if not held:
            return None
        with get_database().session() as session:
            return _apply(session, state.directory)


def _apply(session: Session, directory: Path) -> SyncResult:
    from .search import check_index, reindex_laws

    low, head = outbox_bounds(session)
    cursor = read_cursor(directory)
    if cursor is None or cursor > head or (low and cursor < low - 1):
        check_index(session, repair=True)
        write_cursor(directory, head)
        return SyncResult(cursor=head, full_check=True)
    result = SyncResult(cursor=cursor)
    while True:
        rows = session.execute(
            select(IndexOutbox.id, IndexOutbox.law_key)
            .where(IndexOutbox.id > result.cursor)
            .order_by(IndexOutbox.id)
            .limit(BATCH_ROWS)
        ).all()
        if not rows:
            return result
        keys = {row.law_key for row in rows}
        reindex_laws(keys)
        result.cursor = rows[-1].id
        result.rows += len(rows)
        result.laws += len(keys)
        write_cursor(directory, result.cursor)


def maybe_catch_up() -> None:
    """The hot-path catch-up before a search: throttled, never waits, never fails the
    search (an error is logged and retried after the interval)."""
    if not enabled():
        return
    state = _state()
    now = time.monotonic()
    with state.guard:
        if now - state.last_look < state.interval:
            return
        state.last_look = now
    try:
        catch_up(wait=False)
    except Exception:
        log.exception("search index catch-up failed; retrying on a later search")


def full_sync(session: Session) -> SyncResult:
    """Compare the whole index with the database, repair it, and set the cursor to the
    outbox head read before the comparison (after a rebuild or restore)."""
    state = _state()
    with _sync_lock(state.directory, state.timeout):
        from .search import check_index

        _, head = outbox_bounds(session)
        check_index(session, repair=True)
        write_cursor(state.directory, head)
        return SyncResult(cursor=head, full_check=True)


# -- pruning -------------------------------------------------------------------------------


def prune(session: Session, days: int = RETENTION_DAYS) -> int:
    """Delete outbox rows older than ``days``, always keeping the newest row (so a host can
    tell "pruned past my cursor" from "nothing happened").  Deletes a prefix of the ids: a
    host whose cursor falls before the oldest remaining row compares its whole index
    instead.  Returns the number of rows deleted; the caller commits."""
    cutoff = utcnow() - timedelta(days=days)
    _, head = outbox_bounds(session)
    last_old = session.scalar(
        select(func.max(IndexOutbox.id)).where(IndexOutbox.changed_at < cutoff, IndexOutbox.id < head)
    )
    if not last_old:
        return 0
    # A bulk DELETE's result is a CursorResult (it has rowcount); Session.execute is typed
    # with the general Result.
    result = cast(CursorResult[Any],
                  session.execute(delete(IndexOutbox).where(IndexOutbox.id <= last_old)))
    return int(result.rowcount or 0)


def catch_up_after_write() -> str | None:
    """Catch up now, after a command's commit; the reason the index is still behind, or
    ``None`` when it is caught up (or another process is applying the outbox).  A command
    reports the reason instead of a bare success: the data is committed, and the index
    catches up on the next search or ``lawreg index sync``."""
    if not enabled():
        return None
    try:
        catch_up()
    except Exception as error:
        log.exception("search index catch-up failed")
        return f"{type(error).__name__}: {error}"
    return None
