"""Bare section numbers read in the context of the query (search_index.context)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from search_index.context import bare_section_pins, context_law
from search_index.index import SearchIndex
from search_index.query import SearchRequest, search
from search_index.schema import KIND_LAW, KIND_SECTION
from search_index.scoring import Scores

LABOUR = "พระราชบัญญัติคุ้มครองแรงงาน พ.ศ. 2541"
BUILDING = "พระราชบัญญัติควบคุมอาคาร พ.ศ. 2522"
# Excerpts: the Labour Protection Act ss. 118, 119 and 17, the Building Control Act s. 118.
LAWS = {
    "labour": (LABOUR, {
        "118": "ให้นายจ้างจ่ายค่าชดเชยให้แก่ลูกจ้างซึ่งเลิกจ้าง ลูกจ้างซึ่งทำงานติดต่อกันครบหกปี"
               "แต่ไม่ครบสิบปี ให้จ่ายไม่น้อยกว่าค่าจ้างอัตราสุดท้ายสองร้อยสี่สิบวัน",
        "119": "นายจ้างไม่ต้องจ่ายค่าชดเชยให้แก่ลูกจ้างซึ่งเลิกจ้างในกรณีหนึ่งกรณีใด ดังต่อไปนี้ "
               "ทุจริตต่อหน้าที่",
        "17": "ให้ถือว่าสัญญาจ้างสิ้นสุดลงเมื่อครบกำหนดระยะเวลาในสัญญาจ้าง นายจ้างบอกเลิกสัญญาจ้าง"
              "โดยบอกกล่าวล่วงหน้า",
    }),
    "building": (BUILDING, {
        "118": "ผู้ใดฝ่าฝืนคำสั่งของเจ้าพนักงานท้องถิ่นต้องระวางโทษจำคุกไม่เกินสามเดือน",
    }),
}


def statute_index(tmp_path: Path) -> SearchIndex:
    index = SearchIndex(tmp_path / "index")
    for key, (title, sections) in LAWS.items():
        documents = [
            {"doc_id": f"{key}#{number}", "kind": KIND_SECTION, "law_key": key, "law_title": title,
             "section": number, "text": text, "content_hash": f"{key}{number}"}
            for number, text in sections.items()
        ]
        law = {"doc_id": key, "kind": KIND_LAW, "law_key": key, "law_title": title,
               "doc_count": len(documents) + 1, "content_hash": key}
        index.replace_law(key, [law, *documents])
    return index


def test_the_law_holding_most_of_the_best_scores_is_the_context() -> None:
    found = Scores(np.array([0, 1, 2, 3]), np.array([5.0, 4.0, 3.0, 1.0]))
    assert context_law(found, np.array([1, 0, 0, -1])) == 0  # 7 of 13
    assert context_law(found, np.array([1, 0, 2, 3])) is None  # no law holds half
    assert context_law(found, np.array([1, 0, 0, 0]), depth=1) == 1
    assert context_law(Scores(np.array([], dtype=np.int64), np.array([])), np.array([])) is None


def test_pins_are_the_cited_sections_the_law_has_in_the_order_cited() -> None:
    held = {"labour#118", "labour#17"}
    assert bare_section_pins(["17", "999", "118", "17"], "labour", held.__contains__) == [
        "labour#17", "labour#118"]


def test_a_bare_section_in_a_question_is_the_section_of_the_law_asked_about(tmp_path: Path) -> None:
    index = statute_index(tmp_path)
    question = ("นายจ้างเลิกจ้างลูกจ้างซึ่งทำงานติดต่อกันมาหกปีโดยไม่จ่ายค่าชดเชย "
                "ลูกจ้างมีสิทธิได้รับค่าชดเชยตามมาตรา 118 เท่าใด")
    hits = search(index, SearchRequest(text=question)).hits
    assert hits[0].doc_id == "labour#118" and hits[0].pinned
    assert "building#118" not in [hit.doc_id for hit in hits[:2]]
    alone = search(index, SearchRequest(text="มาตรา 118")).hits  # no context: nothing pinned
    assert {hit.doc_id for hit in alone} >= {"labour#118", "building#118"}
    assert not any(hit.pinned for hit in alone)
