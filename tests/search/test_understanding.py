"""Reading the search box: hostile input, citations, everyday words, English."""

from __future__ import annotations

import pytest

from search_index.understanding import MAX_QUERY_CHARS, plan_query
from search_index.vocabulary import (
    english_expansions,
    glossary_table,
    read_table,
    synonym_table,
    thai_expansions,
)


@pytest.mark.parametrize(
    ("query", "law_key", "section"),
    [
        ("ป.พ.พ. มาตรา 1336", "civil-commercial-code", "1336"),
        ("มาตรา ๒๘๘ ป.อ.", "criminal-code", "288"),
        ("ป.วิ.อ. ม.134/1", "criminal-procedure-code", "134/1"),
        ("277ทวิ ป.อ.", "criminal-code", "277 ทวิ"),
        ("ป.อ. ๒๗๗ ทวิ", "criminal-code", "277 ทวิ"),
        ("มาตรา 420", None, "420"),
    ],
)
def test_citations_in_several_forms(query: str, law_key: str | None, section: str) -> None:
    plan = plan_query(query)
    assert [(c.law_key, c.section) for c in plan.citations] == [(law_key, section)]
    assert plan.free_text == ""


def test_a_year_is_not_read_as_a_section() -> None:
    plan = plan_query("ภาษี 2560")
    assert plan.citations == []
    assert plan.free_text == "ภาษี 2560"


def test_citation_with_other_words_keeps_the_words() -> None:
    plan = plan_query("ป.วิ.อ. ม.134/1 ทนายความ")
    assert plan.citations[0].section == "134/1"
    assert plan.free_text == "ทนายความ"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("\x00\x01\x02\x7f", "empty"),
        ("AND OR NOT", "no_words"),
        ("*", "no_words"),
        ("(((", "no_words"),
        ('"', "no_words"),
        ('""', "no_words"),
    ],
)
def test_input_without_words_gives_a_notice(query: str, code: str) -> None:
    plan = plan_query(query)
    assert plan.is_empty
    assert code in [n.code for n in plan.notices]


def test_long_input_is_cut_and_said_so() -> None:
    plan = plan_query("ลักทรัพย์ " * 2000)
    assert len(plan.text) <= MAX_QUERY_CHARS
    assert "truncated" in [n.code for n in plan.notices]


def test_unbalanced_quote_is_read_as_a_character() -> None:
    plan = plan_query('"ลักทรัพย์" "โดยทุจริต')
    assert plan.phrases == ["ลักทรัพย์"]
    assert plan.free_text == "โดยทุจริต"


def test_binary_junk_is_dropped() -> None:
    plan = plan_query("ลัก\x00ทรัพย์\ufffd\x1b[31m")
    assert "\x00" not in plan.text and "\x1b" not in plan.text
    assert plan.free_text.startswith("ลักทรัพย์")


def test_tables_are_large_enough_and_well_formed() -> None:
    assert len(read_table("synonyms_th.tsv")) >= 150
    assert len(read_table("glossary_en_th.tsv")) >= 300
    assert synonym_table() and glossary_table()


def test_everyday_words_reach_legal_terms() -> None:
    found = {e.source: e.terms for e in thai_expansions("โดนขโมยมือถือ แล้วก็โดนโกง")}
    assert "ลักทรัพย์" in found["โดนขโมย"]
    assert "ฉ้อโกง" in found["โดนโกง"]
    assert "เช่าทรัพย์สิน" in thai_expansions("เช่า บ้าน")[0].terms  # spaces do not matter


def test_english_terms_reach_thai_terms_through_stems() -> None:
    found = {e.source: e.terms for e in english_expansions("Leases and breach of contract")}
    assert "เช่าทรัพย์สิน" in found["leases"]
    assert "ผิดสัญญา" in found["breach of contract"]
    assert english_expansions("theft")[0].terms == ("ลักทรัพย์",)
