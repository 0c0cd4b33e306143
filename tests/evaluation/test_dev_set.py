"""The relevance dev set is well-formed and every judgment names a real section."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from lawreg.known_laws import find_by_source_key
from lawreg.thai.numbers import parse_section_number
from search_index.evaluation import QUERY_KINDS, load_qrels, load_queries

DEV_SET = Path(__file__).resolve().parents[1] / "fixtures" / "relevance"


def test_dev_set_has_every_kind_and_every_query_judged() -> None:
    queries = load_queries(DEV_SET / "queries.jsonl")
    qrels = load_qrels(DEV_SET / "qrels.txt")
    assert len(queries) >= 120
    kinds = Counter(query.kind for query in queries)
    assert set(kinds) == set(QUERY_KINDS)
    assert min(kinds.values()) >= 15
    assert {query.qid for query in queries} == set(qrels)
    for qid, judged in qrels.items():
        assert 2 in judged.values(), f"{qid} has no best answer (grade 2)"
        assert set(judged.values()) <= {1, 2}
    citations = [q.qid for q in queries if q.kind == "citation"]
    assert all(len(qrels[qid]) == 1 for qid in citations), "a citation names one section"


@pytest.mark.shared_data
def test_every_judged_section_exists_in_the_codes(shared_data: Path) -> None:
    sections: set[str] = set()
    for path in sorted((shared_data / "thai-codes").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        law = find_by_source_key(data["id"])
        assert law is not None, path.name
        sections.update(
            f"{law.key}#{parse_section_number(s['number']).canonical}" for s in data["sections"]
        )
    qrels = load_qrels(DEV_SET / "qrels.txt")
    unknown = sorted({doc for judged in qrels.values() for doc in judged} - sections)
    assert unknown == []
