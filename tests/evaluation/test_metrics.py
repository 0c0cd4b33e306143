"""Metrics of search_index.evaluation on toy cases computed by hand."""

from __future__ import annotations

import math

import pytest

from lawreg.errors import ImportRejected
from search_index.evaluation import (
    Query,
    evaluate,
    format_table,
    load_qrels,
    load_queries,
    ndcg_at,
    recall_at,
    reciprocal_rank,
    score_query,
)

# a is the best answer (2), b is relevant (1); x, y are not judged.
RELEVANT = {"a": 2, "b": 1}
RANKING = ["x", "a", "y", "b"]


def test_recall_counts_relevant_docids_within_the_cutoff() -> None:
    assert recall_at(RANKING, RELEVANT, 1) == 0.0
    assert recall_at(RANKING, RELEVANT, 2) == 0.5
    assert recall_at(RANKING, RELEVANT, 3) == 0.5
    assert recall_at(RANKING, RELEVANT, 4) == 1.0


def test_reciprocal_rank_is_the_first_relevant_rank_within_k() -> None:
    assert reciprocal_rank(RANKING, RELEVANT) == 0.5
    assert reciprocal_rank(["b", "a"], RELEVANT) == 1.0
    assert reciprocal_rank([f"n{i}" for i in range(10)] + ["a"], RELEVANT) == 0.0


def test_ndcg_uses_graded_gains() -> None:
    # DCG = 3/log2(3) + 1/log2(5); ideal = 3/log2(2) + 1/log2(3)
    expected = (3 / math.log2(3) + 1 / math.log2(5)) / (3 + 1 / math.log2(3))
    assert ndcg_at(RANKING, RELEVANT, 10) == pytest.approx(expected)
    assert ndcg_at(RANKING, RELEVANT, 10) == pytest.approx(0.63991, abs=1e-5)
    assert ndcg_at(["a", "b"], RELEVANT, 10) == pytest.approx(1.0)
    # the best answer below the merely relevant one scores less than the ideal order
    assert ndcg_at(["b", "a"], RELEVANT, 10) == pytest.approx((1 + 3 / math.log2(3)) / (3 + 1 / math.log2(3)))


def test_a_docid_listed_twice_counts_once_and_keeps_its_slot() -> None:
    assert recall_at(["a", "a", "b"], RELEVANT, 2) == 0.5
    assert recall_at(["a", "a", "b"], RELEVANT, 3) == 1.0
    expected = (3 + 0 + 1 / math.log2(4)) / (3 + 1 / math.log2(3))
    assert ndcg_at(["a", "a", "b"], RELEVANT, 10) == pytest.approx(expected)
    assert ndcg_at(["b", "b", "b"], {"b": 1}, 10) == pytest.approx(1.0)


def test_unjudged_query_cannot_be_scored() -> None:
    with pytest.raises(ValueError):
        recall_at(["a"], {}, 10)
    with pytest.raises(ValueError):
        recall_at(["a"], {"a": 0}, 10)
    with pytest.raises(ValueError):
        ndcg_at(["a"], {"a": 0}, 10)


def test_evaluate_averages_per_kind_and_overall() -> None:
    queries = [
        Query("q1", "one", "citation"),
        Query("q2", "two", "citation"),
        Query("q3", "three", "english"),
        Query("q4", "four", "english"),
    ]
    qrels = {"q1": {"a": 2}, "q2": {"b": 2}, "q3": {"c": 1, "d": 2}}
    rankings = {"q1": ["a"], "q2": ["x", "b"], "q3": ["d"]}
    report = evaluate(queries, qrels, rankings)
    assert report.unjudged == ["q4"]
    assert report.by_kind["citation"]["recall@1"] == 0.5
    assert report.by_kind["citation"]["mrr@10"] == 0.75
    assert report.by_kind["english"]["recall@10"] == 0.5
    assert report.overall["mrr@10"] == pytest.approx((1 + 0.5 + 1) / 3)
    assert report.counts == {"citation": 2, "english": 1, "overall": 3}
    assert report.per_query["q3"] == score_query(["d"], {"c": 1, "d": 2})
    table = format_table(report)
    assert "citation" in table and "overall" in table and "q4" in table


def test_missing_ranking_scores_zero() -> None:
    report = evaluate([Query("q1", "t", "everyday")], {"q1": {"a": 1}}, {})
    assert report.overall == {m: 0.0 for m in report.overall}


def test_loaders_read_queries_and_trec_qrels(tmp_path) -> None:  # type: ignore[no-untyped-def]
    queries = tmp_path / "queries.jsonl"
    queries.write_text('{"qid": "q1", "text": "ลักทรัพย์", "kind": "legal_term"}\n\n', encoding="utf-8")
    qrels = tmp_path / "qrels.txt"
    qrels.write_text(
        "q1 0 criminal-code#334 2\nq1 0 criminal-code#335 ทวิ 1\nq1 0 criminal-code#1 0\n",
        encoding="utf-8",
    )
    assert load_queries(queries) == [Query("q1", "ลักทรัพย์", "legal_term")]
    assert load_qrels(qrels) == {"q1": {"criminal-code#334": 2, "criminal-code#335 ทวิ": 1}}


@pytest.mark.parametrize(
    ("content", "line", "field"),
    [
        ('{"qid": "q1", "text": "x", "kind": "citation"}\n{"qid": "q1", "text": "y", "kind": "citation"}\n', 2, "qid"),
        ('{"qid": "q1", "kind": "citation"}\n', 1, "text"),
        ("not json\n", 1, None),
    ],
)
def test_bad_query_lines_are_located(tmp_path, content: str, line: int, field: str | None) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "queries.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        load_queries(path)
    assert (caught.value.line, caught.value.field) == (line, field)


@pytest.mark.parametrize(
    ("content", "field"),
    [
        ("q1 0 criminal-code#334\n", None),
        ("q1 0 criminal-code-334 1\n", "docid"),
        ("q1 0 a#1 high\n", "rel"),
        ("q1 0 a#1 -1\n", "rel"),
    ],
)
def test_bad_qrels_lines_are_located(tmp_path, content: str, field: str | None) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "qrels.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        load_qrels(path)
    assert (caught.value.line, caught.value.field) == (1, field)


def test_a_docid_judged_twice_is_rejected_even_when_first_judged_zero(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "qrels.txt"
    path.write_text("q1 0 a#1 0\nq1 0 a#1 2\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        load_qrels(path)
    assert (caught.value.line, caught.value.field) == (2, "docid")
