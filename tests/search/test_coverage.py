"""Query coverage (search_index.coverage): a section holding more of the query ranks higher."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from search_index.coverage import FLOOR, Concept, coverage, idf, query_concepts, weigh_by_coverage
from search_index.index import SearchIndex
from search_index.query import SearchRequest, build_query, search
from search_index.schema import KIND_LAW, KIND_SECTION
from search_index.scoring import Scores, score_query
from search_index.understanding import law_name_table, plan_query

TOBACCO = "พระราชบัญญัติควบคุมผลิตภัณฑ์ยาสูบ พ.ศ. 2560"
# Excerpts of the Tobacco Products Control Act 2560, ss. 26, 39 and 27, and five unrelated
# sections so that the words are not in most of the index.
SECTIONS = {
    "26": "ห้ามผู้ใดขายหรือให้ซึ่งผลิตภัณฑ์ยาสูบแก่บุคคลซึ่งมีอายุต่ำกว่ายี่สิบปีบริบูรณ์",
    "39": "ห้ามผู้ใดผลิตหรือนำเข้าผลิตภัณฑ์ยาสูบเพื่อขาย ขาย หรือเสนอขายผลิตภัณฑ์ยาสูบ",
    "27": "ในการขายผลิตภัณฑ์ยาสูบโดยผู้ขายปลีก ห้ามผู้ขายปลีกกระทำการขายโดยใช้เครื่องขาย",
    "1": "พระราชบัญญัตินี้เรียกว่า พระราชบัญญัติควบคุมผลิตภัณฑ์ยาสูบ",
    "2": "พระราชบัญญัตินี้ให้ใช้บังคับเมื่อพ้นกำหนดหนึ่งร้อยแปดสิบวัน",
    "3": "ให้รัฐมนตรีว่าการกระทรวงสาธารณสุขรักษาการตามพระราชบัญญัตินี้",
    "4": "คณะกรรมการประกอบด้วยปลัดกระทรวงสาธารณสุขเป็นประธานกรรมการ",
    "5": "ให้คณะกรรมการมีอำนาจหน้าที่ให้คำแนะนำแก่รัฐมนตรี",
}


def tobacco_index(tmp_path: Path) -> SearchIndex:
    index = SearchIndex(tmp_path / "index")
    sections = [
        {"doc_id": f"tobacco#{number}", "kind": KIND_SECTION, "law_key": "tobacco",
         "law_title": TOBACCO, "section": number, "text": text, "content_hash": f"h{number}"}
        for number, text in SECTIONS.items()
    ]
    law = {"doc_id": "tobacco", "kind": KIND_LAW, "law_key": "tobacco", "law_title": TOBACCO,
           "doc_count": len(sections) + 1, "content_hash": "h"}
    index.replace_law("tobacco", [law, *sections])
    return index


def test_coverage_is_the_weighted_share_of_concepts_held() -> None:
    held = {"ขาย": np.array([True, True, False]), "ยาสูบ": np.array([True, False, False]),
            "เด็ก": np.array([True, False, True])}
    concepts = [Concept((("ขาย",),), 1.0), Concept((("ยาสูบ",),), 2.0), Concept((("เด็ก",),), 1.0)]
    assert coverage(concepts, 3, held.__getitem__).tolist() == [1.0, 0.25, 0.25]


def test_a_spelling_of_several_words_needs_all_of_them() -> None:
    held = {"บัตร": np.array([True, True]), "ประชาชน": np.array([True, False]),
            "บัตรประชาชน": np.array([False, False])}
    concepts = [Concept((("บัตรประชาชน",), ("บัตร", "ประชาชน")), 1.0)]
    assert coverage(concepts, 2, held.__getitem__).tolist() == [1.0, 0.0]


def test_concepts_are_words_with_their_pieces_then_legal_terms() -> None:
    frequency = {"บัตรประชาชน": 1, "หาย": 50, "บัตร": 400, "สูญหาย": 30}.get
    concepts = query_concepts(
        ["บัตรประชาชน", "หาย", "หาย", "ไม่มีในดัชนี"], [[["สูญหาย"], []]],
        lambda word: frequency(word, 0), 1000,
        lambda word: ["บัตร", "ประชาชน"] if word == "บัตรประชาชน" else None,
    )
    assert [c.spellings for c in concepts] == [
        (("บัตรประชาชน",), ("บัตร", "ประชาชน")), (("หาย",),), (("สูญหาย",),)]
    assert concepts[0].weight == idf(1, 1000) > concepts[1].weight == idf(50, 1000)
    assert concepts[2].weight == idf(30, 1000)


def test_scores_are_scaled_by_coverage_above_a_floor(tmp_path: Path) -> None:
    index = tobacco_index(tmp_path)
    with index.searcher() as searcher:
        docs = np.array(sorted(searcher.document_number(doc_id=f"tobacco#{n}") for n in ("26", "39")))
        found = Scores(docs, np.array([10.0, 10.0]))
        concepts = [Concept((("ขาย",),), 1.0), Concept((("ยี่สิบ",),), 1.0)]
        weighed = weigh_by_coverage(searcher, found, concepts)
        by_doc = dict(zip(weighed.docs.tolist(), weighed.scores.tolist(), strict=True))
        assert by_doc[searcher.document_number(doc_id="tobacco#26")] == 10.0
        assert by_doc[searcher.document_number(doc_id="tobacco#39")] == 10.0 * (FLOOR + (1 - FLOOR) / 2)
        assert weigh_by_coverage(searcher, found, []) is found


def test_search_scales_each_bm25_score_by_the_coverage_of_the_query(tmp_path: Path) -> None:
    # Section 26 holds every word of the question; 39 and 27 lack the age limit, which is
    # what the question is about, so they lose more than half of their BM25 score.
    index = tobacco_index(tmp_path)
    text = "ขายผลิตภัณฑ์ยาสูบให้คนอายุต่ำกว่ายี่สิบปี"
    with index.searcher() as searcher:
        built = build_query(searcher, plan_query(text, law_name_table(searcher)))
        assert built.query is not None and len(built.concepts) == 4
        bm25 = score_query(searcher, built.query)
        plain = {searcher.stored_fields(int(doc))["doc_id"]: float(score)
                 for doc, score in zip(bm25.docs, bm25.scores, strict=True)}
    hits = {hit.doc_id: hit.score for hit in search(index, SearchRequest(text=text)).hits}
    # "คน" and "อายุ" are in no section ("มีอายุ" is one word): they do not count.
    assert hits["tobacco#26"] == pytest.approx(plain["tobacco#26"])
    for other in ("tobacco#39", "tobacco#27"):
        assert hits[other] / plain[other] < 0.5
    assert max(hits, key=hits.__getitem__) == "tobacco#26"
