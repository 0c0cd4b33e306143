"""Facet counts: for each facet field, its values by document as numpy columns, built once
per index reader, and the (value, count) of the documents a query matched.

:mod:`.query` counts the facets over every match of a search (filtered, not paged) and
reads the law column for its priors and context pins.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np
from whoosh.searching import Searcher

from .scoring import column_array, term_docs

FACETS: dict[str, str] = {
    "law_type": "law_type",
    "status": "status",
    "year": "year_be",
    "agency": "agency",
    "group": "groups",
    "law": "law_key",
    "flag": "flag_categories",
}



@dataclass(frozen=True)
class FacetColumn:
    """One facet field by document: document ``d`` has the values
    ``values[ids[starts[d]:starts[d + 1]]]``.

    A multi-valued field ("agency": a,b) lists several values for a document, so it counts
    under each of them; a document without a value lists none.  Counting goes over the
    matched documents only, not over the whole column.
    """

    values: list[str]
    starts: np.ndarray
    ids: np.ndarray
    alphabetical: np.ndarray  # each value's rank in sorted(values)
    single: np.ndarray | None  # a single-valued field: each document's value id, -1: none

    @classmethod
    def from_pairs(cls, values: list[str], docs: np.ndarray, ids: np.ndarray,
                   doc_count: int) -> FacetColumn:
        """From (document, value id) pairs in any order."""
        order = np.argsort(docs, kind="stable")
        per_doc = np.bincount(docs, minlength=doc_count)
        alphabetical = np.empty(len(values), dtype=np.int64)
        alphabetical[sorted(range(len(values)), key=values.__getitem__)] = np.arange(len(values))
        single = None
        if not per_doc.size or per_doc.max() <= 1:
            single = np.full(doc_count, -1, dtype=np.int64)
            single[docs] = ids
        return cls(values, np.r_[0, np.cumsum(per_doc)], ids[order], alphabetical, single)

    def counts(self, matched: np.ndarray) -> list[tuple[str, int]]:
        """(value, count) over the ``matched`` documents, most frequent first, ties in
        alphabetical order (the law facet has a value per law: sorted in numpy)."""
        if self.single is not None:
            chosen = self.single[matched]
            chosen = chosen[chosen >= 0]
        else:
            first = self.starts[matched]
            lengths = self.starts[matched + 1] - first
            chosen = self.ids[np.repeat(first - np.cumsum(lengths) + lengths, lengths)
                              + np.arange(int(lengths.sum()))]
        if not chosen.size:
            return []
        tally = np.bincount(chosen, minlength=len(self.values))
        present = np.flatnonzero(tally)
        present = present[np.lexsort((self.alphabetical[present], -tally[present]))]
        return [(self.values[i], int(tally[i])) for i in present]


# Per reader (the index searcher is kept open between queries, see SearchIndex.searcher):
# the facet columns, built once and reused until the index changes.
_FACET_COLUMNS: WeakKeyDictionary[Any, dict[str, FacetColumn]] = WeakKeyDictionary()


def facet_columns(searcher: Searcher) -> dict[str, FacetColumn]:
    """The facet columns of the searcher's reader (facet name → column), cached."""
    reader = searcher.reader()
    columns = _FACET_COLUMNS.get(reader)
    if columns is None:
        columns = {name: _facet_column(searcher, fieldname) for name, fieldname in FACETS.items()}
        _FACET_COLUMNS[reader] = columns
    return columns


def _facet_column(searcher: Searcher, fieldname: str) -> FacetColumn:
    values: list[str] = []
    docs: list[np.ndarray] = []
    ids: list[np.ndarray] = []
    if fieldname == "year_be":  # numeric: the index holds its values at several precisions
        stored, inverse = np.unique(column_array(searcher, fieldname), return_inverse=True)
        field = searcher.schema[fieldname]
        years = np.array([field.from_column_value(int(v)) or 0 for v in stored], dtype=np.int64)
        present = np.flatnonzero(years[inverse])
        distinct, ids_of = np.unique(years[inverse][present], return_inverse=True)
        return FacetColumn.from_pairs([str(int(y)) for y in distinct], present,
                                      ids_of.astype(np.int64), searcher.doc_count_all())
    for term in searcher.reader().lexicon(fieldname):
        value = _facet_value(term)
        if not value:
            continue
        postings = term_docs(searcher, fieldname, term, cached=False)
        if postings.size:
            docs.append(postings)
            ids.append(np.full(postings.size, len(values), dtype=np.int64))
            values.append(value)
    if not values:
        empty = np.zeros(0, dtype=np.int64)
        return FacetColumn.from_pairs([], empty, empty, searcher.doc_count_all())
    return FacetColumn.from_pairs(values, np.concatenate(docs), np.concatenate(ids),
                                  searcher.doc_count_all())


def facet_counts(searcher: Searcher, matched: np.ndarray) -> dict[str, list[tuple[str, int]]]:
    """Facet name → (value, count) over the ``matched`` documents, most frequent first
    (years newest first)."""
    facets: dict[str, list[tuple[str, int]]] = {}
    for name, column in facet_columns(searcher).items():
        counts = column.counts(matched)
        if name == "year":
            facets[name] = sorted(counts, key=lambda item: item[0], reverse=True)
        else:
            facets[name] = counts
    return facets


def _facet_value(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return str(value)
