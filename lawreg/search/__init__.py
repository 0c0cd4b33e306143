"""The registry's narrow search interface: documents in, hits and facets out.

Flask-free and database-free.  The service layer (:mod:`lawreg.services.search`) turns laws
into :class:`Document`\\ s and calls a :class:`SearchEngine`; pages, the API and the CLI
build a :class:`SearchRequest` and read :class:`SearchResults`.  Whoosh is the engine
(:mod:`search_index`, wired in by the service layer); nothing outside ``search_index``
names it.  See docs/search-engine.md.
"""

from __future__ import annotations

from .documents import KIND_LAW, KIND_SECTION, Document, keyword_value
from .engine import LawState, RebuildReport, SearchEngine
from .errors import IndexBuildFailed, IndexBusy, SearchDataRejected, SearchError
from .results import (
    FACET_NAMES,
    SORTS,
    CitedSection,
    Expansion,
    FacetCounts,
    Hit,
    Notice,
    SearchRequest,
    SearchResults,
    Segment,
    Understanding,
    snippet_html,
    snippet_text,
)

__all__ = [
    "FACET_NAMES", "KIND_LAW", "KIND_SECTION", "SORTS", "CitedSection", "Document",
    "Expansion", "FacetCounts", "Hit", "IndexBuildFailed", "IndexBusy", "LawState",
    "Notice", "RebuildReport", "SearchDataRejected", "SearchEngine", "SearchError",
    "SearchRequest", "SearchResults", "Segment", "Understanding", "keyword_value",
    "snippet_html", "snippet_text",
]
