"""Query understanding beyond the basics: every written form of a citation, filler words
of questions, and everyday words matched only as whole words."""

from __future__ import annotations

import pytest
from flask import Flask

from lawreg.search import SearchRequest
from lawreg.services import search as search_service
from search_index.understanding import plan_query
from search_index.vocabulary import drop_fillers, thai_expansions


@pytest.mark.parametrize(
    ("query", "law_key", "section"),
    [
        ("ม.420 ปพพ", "civil-commercial-code", "420"),
        ("ปพพ.1382", "civil-commercial-code", "1382"),
        ("section 420 civil and commercial code", "civil-commercial-code", "420"),
        ("criminal code section 341", "criminal-code", "341"),
        ("civil procedure code s. 4 ทวิ", "civil-procedure-code", "4 ทวิ"),
    ],
)
def test_citation_forms_are_read_from_the_query(query: str, law_key: str, section: str) -> None:
    plan = plan_query(query)
    assert [(c.law_key, c.section) for c in plan.citations] == [(law_key, section)]
    assert plan.free_text == ""


def test_a_law_title_with_its_year_is_no_citation() -> None:
    assert plan_query("พ.ร.บ.ล้มละลาย 2483").citations == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ม.420 ป.พ.พ", "civil-commercial-code#420"),
        ("ปอ 288", "criminal-code#288"),
        ("criminal procedure code section 134/1", "criminal-procedure-code#134/1"),
    ],
)
def test_a_cited_section_is_pinned_first(searchable: Flask, query: str, expected: str) -> None:
    with searchable.app_context():
        results = search_service.search(SearchRequest(text=query))
    assert results.hits[0].doc_id == expected
    assert results.hits[0].pinned


def test_question_fillers_are_dropped_from_queries() -> None:
    assert drop_fillers("ฟ้องหย่าได้ด้วยเหตุอะไรบ้าง") == "ฟ้องหย่าได้ด้วยเหตุ"
    assert drop_fillers("ลักทรัพ") == "ลักทรัพ"  # untouched text keeps its writing
    assert drop_fillers("อย่างไร") == "อย่างไร"  # never emptied
    assert plan_query("โดนหลอกต้องทำยังไงครับ").free_text == "หลอก ทำ"


def test_everyday_words_match_only_whole_words() -> None:
    # "บ้าน" (a house) is not in "เพื่อนบ้าน" (a neighbour); "หมา … กัด" is a dog bite.
    assert [e.source for e in thai_expansions("ถูกหมาของเพื่อนบ้านกัด")] == ["หมากัด"]
    assert "บ้าน" in [e.source for e in thai_expansions("ขโมยของในบ้าน")]


def test_an_everyday_phrase_is_found_with_its_words_apart() -> None:
    sources = [e.source for e in thai_expansions("เอาหมาไปปล่อยทิ้งข้างถนน")]
    assert sources == ["ปล่อยหมา"]  # in another order, "ปล่อย" the head of "ปล่อยทิ้ง"
    assert "สามีทำร้ายภรรยา" in [e.source for e in thai_expansions("สามีทำร้ายร่างกายภรรยาในบ้าน")]


def test_words_far_apart_or_fillers_make_no_phrase() -> None:
    # "ไม่ … มา … ศาล" ("ไม่มาศาล", failing to appear) holds a filler: never found apart.
    text = "จำเลยนำไม้มาแปรรูปโดยไม่ได้รับอนุญาต ศาลจะลงโทษอย่างไร"
    assert "ไม่มาศาล" not in [e.source for e in thai_expansions(text)]
    far = "หมาตัวนั้นวิ่งเล่นอยู่ในสวนสาธารณะทุกเช้าแล้วก็กัด"
    assert "หมากัด" not in [e.source for e in thai_expansions(far)]


def test_filler_words_do_not_block_an_everyday_phrase() -> None:
    found = {e.source: e.terms for e in thai_expansions(drop_fillers("โดนขู่เอาเงิน"))}
    assert "กรรโชก" in found["ขู่เงิน"]


def test_a_phrase_inside_a_longer_one_is_still_found_where_it_stands_alone() -> None:
    # The first "ขโมย" is inside "โดนขโมย"; the second stands alone and is found there.
    assert [e.source for e in thai_expansions("โดนขโมยแล้วเขาก็ขโมยอีก")] == ["โดนขโมย", "ขโมย"]
