"""The unscored facet pass (search_index.query.run) against Whoosh's own grouping.

Whoosh's ``groupedby`` collector counts facets over every scored match; lawreg counts them
in a separate pass over the matching document numbers.  The two must agree exactly, with
filters, multi-valued fields and deleted documents, and the page of hits must be the same.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from whoosh import sorting

from lawreg.search import SearchRequest
from lawreg.services import search as search_service
from search_index.facets import FACETS, facet_counts
from search_index.query import (
    build_filter,
    build_query,
    filter_docnums,
    sanitized,
)
from search_index.scoring import score_query
from search_index.understanding import plan_query

from .conftest import CRIMINAL

MULTI_VALUED = {"agency", "groups", "flag_categories"}


def whoosh_grouping(searcher: Any, request: SearchRequest) -> tuple[list[str], int, dict]:
    """Hits, total and facet counts the way Whoosh groups them, over the same query."""
    built = build_query(searcher, plan_query(request.text))
    facets = {
        name: sorting.FieldFacet(fieldname, allow_overlap=fieldname in MULTI_VALUED)
        for name, fieldname in FACETS.items()
    }
    results = searcher.search(built.query, filter=build_filter(request), limit=request.per_page,
                              groupedby=facets, maptype=sorting.Count)
    counts = {}
    for name in FACETS:
        groups = results.groups(name)
        values = {
            (v.decode() if isinstance(v, bytes) else str(v)): n for v, n in groups.items()
        }
        counts[name] = {v: n for v, n in values.items() if v not in ("", "None")}
    top = [results[i]["doc_id"] for i in range(min(request.per_page, results.scored_length()))]
    return top, len(results), counts


def compare(app: Flask, request: SearchRequest) -> None:
    request = sanitized(request)
    with app.app_context():
        index = search_service.get_index()
        results = search_service.search(request)
        with index.searcher() as searcher:
            hits, total, expected = whoosh_grouping(searcher, request)
            built = build_query(searcher, plan_query(request.text))
            allowed = filter_docnums(searcher, build_filter(request))
            matched = score_query(searcher, built.query).restricted(allowed).docs
            assert facet_counts(searcher, matched) == results.facets
    assert results.total == total
    if not results.understanding.citations and not results.understanding.laws:
        assert [hit.doc_id for hit in results.hits] == hits  # no pins: same page
    assert {name: dict(counts) for name, counts in results.facets.items()} == expected


QUERIES = ["มาตรา", "ขโมย", "โดนขโมยของ", "เช่าบ้าน", "เพื่อนยืมเงิน", "ทำร้ายร่างกาย",
           "ป.พ.พ. มาตรา 1336", "theft", "\"ผู้ใด\" ทรัพย์"]


@pytest.mark.parametrize("text", QUERIES)
def test_facets_and_total_equal_whoosh_grouping(searchable: Flask, text: str) -> None:
    compare(searchable, SearchRequest(text=text, per_page=5))


@pytest.mark.parametrize(
    "filters",
    [
        {"law_type": "ประมวลกฎหมาย", "year_from": 2470, "year_to": 2500},
        {"group": "ครอบครัว และมรดก"},
        {"law_key": "criminal-code"},
        {"agency": "สำนักงานคณะกรรมการกฤษฎีกา", "year_to": 2470},
    ],
)
def test_filtered_facets_equal_whoosh_grouping(searchable: Flask, filters: dict) -> None:
    compare(searchable, SearchRequest(text="มาตรา ทรัพย์", per_page=3, **filters))


def test_facets_skip_deleted_documents(registry: Flask) -> None:
    with registry.app_context():
        search_service.get_index().apply({"criminal-procedure-code": None})
    compare(registry, SearchRequest(text="มาตรา", per_page=10))
    with registry.app_context():
        results = search_service.search(SearchRequest(text="มาตรา"))
    laws = dict(results.facets["law"])
    assert "criminal-procedure-code" not in laws
    assert laws["criminal-code"] == len(CRIMINAL.sections)
