"""Conditions on a number (search_index.thresholds): a query's fact ("อายุสิบสี่ปี") lifts the
sections whose threshold it meets ("อายุต่ำกว่าสิบห้าปี"), though the words differ."""

from __future__ import annotations

from pathlib import Path

import pytest

from lawreg.search.results import SearchRequest
from search_index import thresholds as thresholds_module
from search_index.index import SearchIndex
from search_index.query import search
from search_index.schema import KIND_LAW, KIND_SECTION
from search_index.thresholds import Fact, met, stated_facts, threshold_fields, thresholds

from .index_documents import law_documents

# พ.ร.บ.คุ้มครองแรงงาน พ.ศ. 2541 มาตรา 44 and 118 (excerpt), and a penalty.
LABOUR_44 = "ห้ามมิให้นายจ้างจ้างเด็กอายุต่ำกว่าสิบห้าปีเป็นลูกจ้าง"
LABOUR_118 = ("ให้นายจ้างจ่ายค่าชดเชยให้แก่ลูกจ้างซึ่งเลิกจ้างดังต่อไปนี้\n(๓) ลูกจ้างซึ่งทำงานติดต่อกัน"
              "ครบสามปี แต่ไม่ครบหกปี ให้จ่ายไม่น้อยกว่าค่าจ้างอัตราสุดท้ายหนึ่งร้อยแปดสิบวัน")
PENALTY = "ผู้ใดฝ่าฝืนมาตรา ๔๔ ต้องระวางโทษจำคุกไม่เกินหนึ่งปี หรือปรับไม่เกินสองแสนบาท"


def test_thresholds_are_read_with_their_comparison_and_unit() -> None:
    assert thresholds(LABOUR_44) == ["ปี:lt:15"]
    # "ไม่ครบ" is not "ครบ": at least three years, and fewer than six.
    assert thresholds(LABOUR_118) == ["ปี:ge:3", "ปี:lt:6"]
    assert thresholds("ผู้มีสัญชาติไทยซึ่งมีอายุไม่ต่ำกว่า ๒๐ ปีบริบูรณ์") == ["ปี:ge:20"]
    # A term of imprisonment is a penalty, not a condition.
    assert thresholds(PENALTY) == []
    assert threshold_fields({"doc_id": "l#44", "kind": KIND_SECTION, "text": LABOUR_44}) == {
        "thresholds": "ปี:lt:15"}
    assert threshold_fields({"doc_id": "l", "kind": KIND_LAW, "text": LABOUR_44}) == {}


def test_a_query_states_facts_not_comparisons_or_questions() -> None:
    assert stated_facts("จ้างเด็กอายุสิบสี่ปีทำงานได้หรือไม่") == [Fact(14.0, "ปี", "สิบสี่")]
    assert stated_facts("ทำงานมา 4 ปี ถูกเลิกจ้าง") == [Fact(4.0, "ปี", "4")]
    assert stated_facts("ขายบุหรี่ให้คนอายุต่ำกว่ายี่สิบปีได้หรือไม่") == []
    assert stated_facts("ลิขสิทธิ์มีอายุการคุ้มครองกี่ปี") == []
    assert met("ปี:lt:15", [Fact(14.0, "ปี")])
    assert not met("ปี:lt:15", [Fact(15.0, "ปี")])
    assert not met("ปี:lt:15", [Fact(14.0, "วัน")])
    assert met("ปี:ge:3", [Fact(4.0, "ปี")]) and met("ปี:lt:6", [Fact(4.0, "ปี")])


def test_the_sections_whose_threshold_the_fact_meets_are_lifted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Two bans in the same words; only the first applies to a fourteen-year-old.
    sections = {"44": LABOUR_44, "48": "ห้ามมิให้นายจ้างจ้างเด็กอายุเกินสิบแปดปีเป็นลูกจ้าง"}
    index = SearchIndex(tmp_path / "index")
    index.replace_law("lab", law_documents("lab", sections, "พระราชบัญญัติคุ้มครองแรงงาน"))

    def scores(query: str) -> dict[str | None, float]:
        return {hit.section: hit.score
                for hit in search(index, SearchRequest(text=query, facets=False)).hits}

    query = "นายจ้างจ้างเด็กอายุสิบสี่ปีทำงาน"
    with monkeypatch.context() as patch:
        patch.setattr(thresholds_module, "THRESHOLD_LIFT", 1.0)
        plain = scores(query)
    lifted = scores(query)
    assert lifted["44"] == pytest.approx(plain["44"] * thresholds_module.THRESHOLD_LIFT)
    assert lifted["48"] == pytest.approx(plain["48"])
    # The fact's number is compared, not matched: "สิบสี่" and "สิบหก" score alike.
    assert scores("นายจ้างจ้างเด็กอายุสิบหกปีทำงาน")["48"] == pytest.approx(plain["48"])
