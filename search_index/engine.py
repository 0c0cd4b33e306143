"""lawreg's search engine: :class:`lawreg.search.SearchEngine` implemented with Whoosh.

Storage, generations and rebuilds are :class:`~.index.SearchIndex`'s; searching is
:func:`.query.search` (query understanding, BM25F scored by :mod:`.scoring`, facets,
snippets).  The service layer creates one :class:`WhooshEngine` per application and uses it
only through the interface; tests and benchmarks may reach the Whoosh searcher
(:meth:`~.index.SearchIndex.searcher`) behind it.
"""

from __future__ import annotations

from lawreg.search.results import SearchRequest, SearchResults

from .index import SearchIndex


class WhooshEngine(SearchIndex):
    """The search index of one instance folder, searchable through the interface."""

    def search(self, request: SearchRequest) -> SearchResults:
        from .query import search  # query understanding loads dictionaries: on first search

        return search(self, request)
