"""The numpy evaluator (search_index.scoring) against Whoosh's own searcher.

lawreg ranks with the Whoosh query tree :func:`build_query` builds; :func:`score_query`
must give every match Whoosh's score (to rounding: the sums are added in another order) and
the ranking Whoosh's collectors give — on the four real codes and on the sample registry,
for every dev-set query text, with filters, pins, phrases, sorting by year, several
segments and deleted documents.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from flask import Flask
from whoosh import sorting
from whoosh.formats import Positions
from whoosh.query import Or, Prefix, Query, Term

from lawreg.records import SectionRecord
from lawreg.search import SearchRequest
from lawreg.services import search as search_service
from search_index.evaluation import load_queries
from search_index.postings import PostingCache
from search_index.query import build_filter, build_query, filter_docnums
from search_index.scoring import (
    Scores,
    ranked,
    score_query,
    sorted_by_column,
)
from search_index.understanding import plan_query
from search_index.whoosh_adapter import decode_positions

from .conftest import CIVIL, write

DEV_QUERIES = [
    query.text
    for query in load_queries(
        Path(__file__).resolve().parents[1] / "fixtures" / "relevance" / "queries.jsonl"
    )
]
FILTERS = [
    {"law_type": "ประมวลกฎหมาย", "year_from": 2470, "year_to": 2500},
    {"law_key": "criminal-code"},
    {"group": "ศาล และกระบวนการยุติธรรม"},
]
RELATIVE = 1e-9


def assert_same_as_whoosh(searcher: Any, query: Query, filter_query: Query | None = None) -> int:
    """Every match and its score equal Whoosh's, in Whoosh's order (a swap only between
    scores equal to rounding); the top 10 equal those of Whoosh's top-N collector.
    Returns the number of matches."""
    found = score_query(searcher, query).restricted(filter_docnums(searcher, filter_query))
    everything = searcher.search(query, filter=filter_query, limit=None)
    expected = [(hit.docnum, hit.score) for hit in everything]
    assert found.size == len(expected)
    mine = {int(doc): float(score) for doc, score in zip(found.docs, found.scores, strict=True)}
    assert set(mine) == {doc for doc, _ in expected}
    for doc, score in expected:
        assert mine[doc] == pytest.approx(score, rel=RELATIVE, abs=0), doc
    order = [int(found.docs[i]) for i in ranked(found, found.size)]
    for rank, (doc, score) in enumerate(expected):
        if order[rank] != doc:  # only a tie may be ordered differently
            assert mine[order[rank]] == pytest.approx(score, rel=RELATIVE, abs=0)
    top = searcher.search(query, filter=filter_query, limit=10)
    best = [int(found.docs[i]) for i in ranked(found, 10)]
    for rank, hit in enumerate(top):
        assert best[rank] == hit.docnum or mine[best[rank]] == pytest.approx(
            hit.score, rel=RELATIVE
        )
    return found.size


def assert_same_year_order(searcher: Any, query: Query, filter_query: Query | None) -> None:
    found = score_query(searcher, query).restricted(filter_docnums(searcher, filter_query))
    for reverse in (True, False):
        facet = sorting.FieldFacet("year_be", reverse=reverse)
        expected = [
            hit.docnum
            for hit in searcher.search(query, filter=filter_query, sortedby=facet, limit=None)
        ]
        order = sorted_by_column(searcher, found, "year_be", reverse=reverse, limit=found.size)
        assert [int(found.docs[i]) for i in order] == expected


def dev_queries(searcher: Any) -> Iterator[tuple[str, Query]]:
    for text in DEV_QUERIES:
        built = build_query(searcher, plan_query(text))
        if built.query is not None:
            yield text, built.query


@pytest.mark.shared_data
def test_every_dev_query_scores_as_whoosh_on_the_real_codes(codes: Flask) -> None:
    with codes.app_context(), search_service.get_index().searcher() as searcher:
        matched = [assert_same_as_whoosh(searcher, query) for _, query in dev_queries(searcher)]
    assert len(matched) == len(DEV_QUERIES)
    assert sum(1 for n in matched if n > 300) > 20  # broad queries, long posting lists


@pytest.mark.shared_data
@pytest.mark.parametrize("filters", FILTERS)
def test_filtered_and_sorted_by_year_as_whoosh_on_the_real_codes(
    codes: Flask, filters: dict
) -> None:
    filter_query = build_filter(SearchRequest(**filters))
    with codes.app_context(), search_service.get_index().searcher() as searcher:
        for _, query in list(dev_queries(searcher))[::4]:
            assert_same_as_whoosh(searcher, query, filter_query)
            assert_same_year_order(searcher, query, filter_query)


@pytest.mark.shared_data
def test_pins_and_phrases_score_as_whoosh(codes: Flask) -> None:
    texts = [
        "ป.พ.พ. มาตรา 1336",
        "ประมวลกฎหมายอาญา",
        '"ผู้ใด" ทรัพย์',
        '"ทำร้ายร่างกาย" "ผู้อื่น"',
        "มาตรา 420",
        "ป.วิ.อ. ม.134/1 ทนายความ",
    ]
    with codes.app_context(), search_service.get_index().searcher() as searcher:
        for text in texts:
            built = build_query(searcher, plan_query(text))
            assert built.query is not None
            assert assert_same_as_whoosh(searcher, built.query) > 0, text
    with codes.app_context():
        pinned = search_service.search(SearchRequest(text="ป.พ.พ. มาตรา 1336", per_page=5))
    assert pinned.hits[0].doc_id == "civil-commercial-code#1336" and pinned.hits[0].pinned


def test_every_dev_query_scores_as_whoosh_over_segments_with_deletions(registry: Flask) -> None:
    """The sample registry, then one law changed: a second segment, and deleted
    documents in the first."""
    changed = replace(
        CIVIL,
        sections=[
            *CIVIL.sections[:-1],
            SectionRecord(
                "1336", "มาตรา 1336 เจ้าของทรัพย์สินมีสิทธิใช้สอยและจำหน่ายทรัพย์สินของตน", "สิทธิของเจ้าของทรัพย์สิน"
            ),
            SectionRecord(
                "1337",
                "มาตรา 1337 บุคคลใดใช้สิทธิของตนเป็นเหตุให้เจ้าของอสังหาริมทรัพย์อื่นได้รับความเสียหาย",
                "เหตุเดือดร้อนรำคาญ",
            ),
        ],
    )
    write(registry, changed)
    with registry.app_context(), search_service.get_index().searcher() as searcher:
        assert len(searcher.leaf_searchers()) > 1
        assert any(sub.reader().has_deletions() for sub, _ in searcher.leaf_searchers())
        matched = [assert_same_as_whoosh(searcher, query) for _, query in dev_queries(searcher)]
        for filters in FILTERS:
            filter_query = build_filter(SearchRequest(**filters))
            for _, query in list(dev_queries(searcher))[::9]:
                assert_same_as_whoosh(searcher, query, filter_query)
                assert_same_year_order(searcher, query, filter_query)
    assert sum(1 for n in matched if n) > 60


def test_ranked_breaks_ties_by_document_number() -> None:
    found = Scores(np.array([2, 3, 5, 8, 9]), np.array([1.0, 3.0, 3.0, 0.5, 3.0]))
    assert [int(found.docs[i]) for i in ranked(found, 2)] == [3, 5]
    assert [int(found.docs[i]) for i in ranked(found, 10)] == [3, 5, 9, 2, 8]


def test_positions_decode_as_whoosh_decodes_them() -> None:
    fmt = Positions()
    lists = [[0], [3, 4, 90], list(range(5, 3000, 7)), [70000, 70001]]
    values = [fmt.encode(positions) for positions in lists]
    values[1] = values[1][:-1]  # a value stored without the pickle's STOP
    counts, flat = decode_positions(values, fmt.decode_positions)
    assert counts.tolist() == [len(p) for p in lists]
    assert flat.tolist() == [p for positions in lists for p in positions]
    protocol0 = [v[:4] + pickle.dumps([1, 2], 0) for v in values[:1]]  # another encoding
    counts, flat = decode_positions(protocol0, fmt.decode_positions)
    assert flat.tolist() == [1, 3]


def test_the_cache_keeps_within_its_byte_budget() -> None:
    cache = PostingCache(max_bytes=100)
    for key in range(5):
        cache.get(key, lambda key=key: (key, 40))
    assert cache.bytes <= 100
    loads: list[int] = []
    assert cache.get(4, lambda: (loads.append(4), 40)) == 4 and not loads  # kept
    assert cache.get(0, lambda: (loads.append(0) or "again", 40)) == "again"  # dropped


@pytest.mark.shared_data
def test_a_query_type_it_does_not_know_is_refused_not_misscored(codes: Flask) -> None:
    with (
        codes.app_context(),
        search_service.get_index().searcher() as searcher,
        pytest.raises(TypeError),
    ):
        score_query(searcher, Or([Term("text", "ทรัพย์"), Prefix("text", "ทรัพ")]))
