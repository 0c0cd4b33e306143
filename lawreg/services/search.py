"""The registry's search index: keeping it in step with the database, and searching it.
What goes into it, the documents a law becomes, is :mod:`lawreg.services.search_documents`.

The database is the truth; the index is derived from it and can be rebuilt at any time.
This module talks to it only through the :mod:`lawreg.search` interface
(:class:`~lawreg.search.SearchEngine`); :func:`init_app` is the one place that picks the
engine (:class:`search_index.engine.WhooshEngine`).  Three mechanisms keep them in step:

* every committed :class:`~lawreg.services.unit_of_work.UnitOfWork` that changed laws writes
  them to the index outbox in its own transaction; after the commit a listener applies the
  outbox to this process's index, and every search first catches up (throttled) with what
  other processes and hosts committed (:mod:`lawreg.services.index_sync`): a rolled-back
  write never reaches the outbox, so the index never shows what the database does not hold;
* :func:`rebuild_index` writes a new index generation from the database and swaps it in;
* :func:`check_index` compares, per law, the document count and a content hash stored in the
  law-level document with what the database would produce, and repairs the difference.

If the listener cannot write (the index stayed locked past its timeout, the disk is full,
the process was killed) the database commit stands, and the outbox brings the index back
on the next catch-up.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from flask import Flask, current_app
from sqlalchemy.orm import Session

from search_index.engine import WhooshEngine

from ..db import get_database
from ..metrics import SEARCH_SECONDS
from ..search import RebuildReport, SearchEngine, SearchRequest, SearchResults
from . import LISTENERS_KEY, index_sync
from .search_documents import iter_law_documents, law_documents, load_laws

log = logging.getLogger(__name__)

EXTENSION_KEY = "lawreg.search_index"
REPAIR_BATCH = 50


def init_app(app: Flask) -> None:
    """Give ``app`` its index and register the commit listener that keeps it in step."""
    app.extensions[EXTENSION_KEY] = WhooshEngine(
        app.config["INDEX_DIR"], write_timeout=float(app.config.get("INDEX_WRITE_TIMEOUT", 30))
    )
    index_sync.init_app(app)
    if app.config.get("SEARCH_SYNC", True):
        app.extensions.setdefault(LISTENERS_KEY, []).append(_make_listener(app))


def get_index() -> SearchEngine:
    return current_app.extensions[EXTENSION_KEY]


def _make_listener(app: Flask) -> Callable[[set[str]], None]:
    def apply_outbox(changed: set[str]) -> None:
        with app.app_context():
            try:
                index_sync.catch_up()
            except Exception:  # the commit stands; the outbox brings the index back
                log.exception(
                    "search index not yet updated for %s; it catches up from the outbox",
                    ", ".join(sorted(changed)),
                )

    return apply_outbox


def reindex_laws(law_keys: Iterable[str]) -> None:
    """Replace the index documents of ``law_keys`` with what the database holds now."""
    keys = sorted(set(law_keys))
    with get_database().session() as session:
        laws = {law.key: law for law in load_laws(session, keys)}
        changes = {key: (law_documents(laws[key]) if key in laws else None) for key in keys}
    get_index().apply(changes)


# -- rebuild and check ---------------------------------------------------------------------


def rebuild_index(session: Session, *, procs: int | None = None) -> RebuildReport:
    """Write a new index generation from the database and switch to it atomically, then
    repair any law changed while the rebuild ran (its listener wrote to the old generation)
    and move the outbox cursor to where the comparison started.

    ``procs`` indexing processes (default ``INDEX_PROCS``, else up to two: the issue 3
    machine has two cores) each write one segment of the new generation."""
    if procs is None:
        procs = int(current_app.config.get("INDEX_PROCS", min(2, os.cpu_count() or 1)))
    report = get_index().rebuild(iter_law_documents(session), procs=max(1, procs))
    session.expire_all()
    index_sync.full_sync(session)
    return report


@dataclass
class IndexCheck:
    """Laws whose index documents differ from the database, by kind of difference."""

    missing: list[str] = field(default_factory=list)  # in the database, not in the index
    stale: list[str] = field(default_factory=list)  # in both, but different
    extra: list[str] = field(default_factory=list)  # in the index only
    laws: int = 0
    repaired: bool = False

    @property
    def in_sync(self) -> bool:
        return not (self.missing or self.stale or self.extra)


def check_index(session: Session, repair: bool = False) -> IndexCheck:
    """Compare the index with the database law by law; with ``repair``, fix what differs."""
    index = get_index()
    states = index.law_states()
    result = IndexCheck()
    to_fix: list[str] = []
    seen: set[str] = set()
    for documents in iter_law_documents(session):
        key = documents[0]["law_key"]
        result.laws += 1
        seen.add(key)
        state = states.get(key)
        if state is None or state.doc_count == 0:
            result.missing.append(key)
        elif (
            state.doc_count != len(documents)
            or state.expected_count != len(documents)
            or state.content_hash != documents[0]["content_hash"]
        ):
            result.stale.append(key)
        else:
            continue
        to_fix.append(key)
    result.extra = sorted(key for key in states if key not in seen)
    if repair and not result.in_sync:
        for start in range(0, len(to_fix), REPAIR_BATCH):
            reindex_laws(to_fix[start : start + REPAIR_BATCH])
        index.apply({key: None for key in result.extra})
        result.repaired = True
    return result


# -- searching -----------------------------------------------------------------------------


def search(request: SearchRequest) -> SearchResults:
    """Search the application's index (web pages, the CLI and the API call this)."""
    index_sync.maybe_catch_up()
    with SEARCH_SECONDS.time():
        return get_index().search(request)
