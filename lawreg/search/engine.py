"""The search engine behind :mod:`lawreg.search`, as the registry uses it.

:class:`SearchEngine` is every operation the service layer calls: replace or delete the
documents of laws (:meth:`~SearchEngine.apply`), rebuild everything
(:meth:`~SearchEngine.rebuild`), report what it holds per law for the drift check
(:meth:`~SearchEngine.law_states`) and search.  Spelling suggestions come with the results
of a search that found nothing (:attr:`~.results.SearchResults.suggestions`).  lawreg's
engine is :class:`search_index.engine.WhooshEngine`; docs/search-engine.md says how another one
plugs in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from .documents import Document
from .results import SearchRequest, SearchResults


@dataclass(frozen=True)
class LawState:
    """What the engine holds for one law: live documents, and the law document's record of
    how many there should be and the hash of their content."""

    doc_count: int
    expected_count: int | None
    content_hash: str | None


@dataclass(frozen=True)
class RebuildReport:
    laws: int
    documents: int
    seconds: float

    @property
    def documents_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0


@runtime_checkable
class SearchEngine(Protocol):
    """A search engine over :class:`~.documents.Document`\\ s, one law's documents at a time.

    Writes are atomic per call: a reader sees all of a call's changes or none.  Errors are
    :class:`~.errors.SearchError`\\ s (:class:`~.errors.IndexBusy` when another writer
    holds the index past the timeout); :meth:`search` never raises for bad input.
    """

    def apply(self, changes: Mapping[str, Sequence[Document] | None]) -> None:
        """Make the engine hold exactly these documents for each law key (``None``: none)."""
        ...

    def rebuild(self, laws: Iterable[Sequence[Document]], *, procs: int = 1) -> RebuildReport:
        """Replace everything with ``laws`` (each item: one law's documents), switching
        atomically; on error the old contents stay in use."""
        ...

    def law_states(self) -> dict[str, LawState]:
        """Per law key: what the engine holds (see :class:`LawState`)."""
        ...

    def search(self, request: SearchRequest) -> SearchResults:
        """Hits of the requested page, the total, facet counts over all matches."""
        ...
