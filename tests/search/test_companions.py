"""Companion sections (search_index.companions): a section the best match cites, or that
cites it, in the same law, comes up next to it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lawreg.search.results import SearchRequest
from search_index import companions
from search_index.companions import bring_penalties, companion_fields
from search_index.facets import facet_columns
from search_index.index import SearchIndex
from search_index.query import search
from search_index.schema import KIND_LAW, KIND_SECTION
from search_index.scoring import Scores

from .index_documents import law_documents

# พ.ร.บ.จราจรทางบก พ.ศ. 2522, excerpts: the duty (43), its penalty (160 ตรี) and sections
# that share the query's words without answering it.
TRAFFIC = {
    "43": "ห้ามมิให้ผู้ขับขี่ขับรถ\n(๑) ในขณะหย่อนความสามารถที่จะขับ\n(๒) ในขณะเมาสุราหรือของเมาอย่างอื่น",
    "160 ตรี": "ผู้ใดฝ่าฝืนมาตรา ๔๓ (๒) ต้องระวางโทษจำคุกไม่เกินหนึ่งปี "
               "หรือปรับตั้งแต่ห้าพันบาทถึงสองหมื่นบาท หรือทั้งจำทั้งปรับ",
    "152": "ผู้ขับขี่ขับรถเร็วเกินอัตราที่กำหนด ต้องระวางโทษปรับไม่เกินหนึ่งพันบาท",
    "157": "ผู้ขับขี่ขับรถโดยไม่มีใบอนุญาตขับขี่ ต้องระวางโทษปรับไม่เกินหนึ่งพันบาท",
    "4": "ในพระราชบัญญัตินี้ “ขับขี่” หมายความว่า การขับรถ",
}
# Another law citing its own section 43: never the traffic law's companion.
OTHER = {
    "43": "ห้ามมิให้ผู้ใดขายเครื่องดื่มแก่บุคคลซึ่งมีอายุต่ำกว่ายี่สิบปี",
    "50": "ผู้ใดฝ่าฝืนมาตรา ๔๓ ต้องระวางโทษจำคุกไม่เกินหกเดือน",
}


def ranked(index: SearchIndex, text: str) -> list[str]:
    return [f"{hit.law_key}#{hit.section}"
            for hit in search(index, SearchRequest(text=text, facets=False)).hits]


def test_a_section_records_the_sections_of_its_own_law_it_cites() -> None:
    section = {"doc_id": "t#160 ตรี", "kind": KIND_SECTION, "section": "160 ตรี",
               "text": TRAFFIC["160 ตรี"] + " และมาตรา ๑๖๐ ตรี"}
    assert companion_fields(section) == {"cites": "43"}  # its own number left out
    assert companion_fields({"doc_id": "t", "kind": KIND_LAW, "text": TRAFFIC["160 ตรี"]}) == {}
    assert companion_fields({"doc_id": "t#152", "kind": KIND_SECTION, "section": "152",
                             "text": TRAFFIC["152"]}) == {}


def test_the_penalty_comes_next_to_the_duty_it_punishes(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    index = SearchIndex(tmp_path / "index")
    index.replace_law("traffic", law_documents("traffic", TRAFFIC))
    index.replace_law("liquor", law_documents("liquor", OTHER))
    query = "ขับรถขณะเมาสุรา ต้องระวางโทษอย่างไร"
    monkeypatch.setattr(companions, "PENALTY_TOP", 0)  # the lift alone, see the next test
    with monkeypatch.context() as patch:
        patch.setattr(companions, "SHARE", 0.0)
        plain = ranked(index, query)
    lifted = ranked(index, query)
    # The other law's section 50 (shorter, the same penalty words) cites a section 43 too,
    # but not the traffic law's: only the traffic penalty moves up, and not past the duty.
    assert plain[:3] == ["traffic#43", "liquor#50", "traffic#160 ตรี"]
    assert lifted[:3] == ["traffic#43", "traffic#160 ตรี", "liquor#50"]


def test_a_query_asking_for_the_penalty_brings_it_below_the_duty(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = SearchIndex(tmp_path / "index")
    index.replace_law("traffic", law_documents("traffic", TRAFFIC))
    index.replace_law("liquor", law_documents("liquor", OTHER))
    query = "เมาสุราแล้วขับรถโดนโทษอะไร"
    with monkeypatch.context() as patch:
        patch.setattr(companions, "PENALTY_TOP", 0)
        plain = ranked(index, query)
    brought = ranked(index, query)
    # "ผู้ใดฝ่าฝืนมาตรา ๔๓ (๒) ต้องระวางโทษ…" holds none of the words but "โทษ"; asked for
    # the penalty, it comes right below the duty it punishes.
    assert plain[0] == brought[0] == "traffic#43"
    assert "traffic#160 ตรี" not in plain[:2]
    assert brought[1] == "traffic#160 ตรี"
    # A brought section is a result like the others: in the total and the facet counts.
    with monkeypatch.context() as patch:
        patch.setattr(companions, "PENALTY_TOP", 0)
        before = search(index, SearchRequest(text=query))
    after = search(index, SearchRequest(text=query))
    assert after.total == before.total + 1
    assert sum(count for _, count in after.facets["law"]) == after.total
    # Not asked for the penalty, or asked with the sections named, nothing is brought.
    assert "traffic#160 ตรี" not in ranked(index, "เมาสุราแล้วขับรถ")[:2]
    assert ranked(index, "เมาสุราแล้วขับรถโดนโทษตามมาตรา 152 หรือไม่")[1] != "traffic#160 ตรี"


def test_penalties_are_brought_only_from_the_filtered_sections(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index")
    index.replace_law("traffic", law_documents("traffic", TRAFFIC))
    with index.searcher() as searcher:
        column = facet_columns(searcher)["law"]
        duty = searcher.document_number(doc_id="traffic#43")
        penalty = searcher.document_number(doc_id="traffic#160 ตรี")
        found = Scores(np.array([duty]), np.array([2.0]))
        everywhere = bring_penalties(searcher, found, column.single, None)
        filtered = bring_penalties(searcher, found, column.single, np.array([duty]))
    assert everywhere.score_of(penalty) == pytest.approx(companions.CEILING * 2.0)
    assert filtered.docs.tolist() == [duty]
