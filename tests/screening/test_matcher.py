"""The catalogue's token-sequence patterns over segmented Thai."""

from __future__ import annotations

import pytest

from lawreg.screening.matcher import PatternError, TokenizedText, compile_pattern, find_matches

LEXICONS = {"state_actor": ["พนักงานเจ้าหน้าที่", "นายทะเบียน", "=ศาล"]}


def quotes(pattern: str, text: str) -> list[str]:
    tokens = TokenizedText.of(text)
    return [tokens.quote(a, b) for a, b in find_matches(compile_pattern(pattern, LEXICONS), tokens)]


def test_gap_and_lexicon():
    assert quotes("ยื่น* ...8 เป็นหนังสือ ...3 ต่อ @state_actor",
                  "ให้ผู้ขอยื่นคำขอเป็นหนังสือต่อนายทะเบียนภายในสามสิบวัน") == [
        "ยื่นคำขอเป็นหนังสือต่อนายทะเบียน"
    ]


def test_gap_is_bounded():
    assert quotes("ยื่น* ...2 ต่อ @state_actor", "ยื่นคำขอพร้อมเอกสารหลักฐานครบถ้วนต่อนายทะเบียน") == []


def test_phrase_must_end_at_a_word_end():
    assert quotes("หนังสือ", "ให้โฆษณาในหนังสือพิมพ์") == []
    assert quotes("หนังสือพิมพ์*", "ให้โฆษณาในหนังสือพิมพ์รายวัน") != []


def test_strict_start_does_not_match_inside_a_word():
    assert quotes("@state_actor", "ห้ามนั่งในศาลาริมน้ำ") == []
    assert quotes("@state_actor", "ให้ยื่นต่อศาล") == ["ศาล"]


def test_thai_and_arabic_digits_match_alike():
    assert quotes("มาตรา 5", "ตามมาตรา ๕ แห่งพระราชบัญญัตินี้") != []


def test_spans_point_into_the_original_text():
    text = "ให้ยื่นเป็นหนังสือ\u200bต่อนายทะเบียน"  # a zero-width space inside
    tokens = TokenizedText.of(text)
    ((first, last),) = find_matches(compile_pattern("เป็นหนังสือ ...2 @state_actor", LEXICONS), tokens)
    start, end = tokens.char_span(first, last)
    assert text[start:end] == "เป็นหนังสือ\u200bต่อนายทะเบียน"


@pytest.mark.parametrize("bad", ["... ยื่น", "ยื่น ...", "@unknown", "ยื่น ... ... ต่อ", ""])
def test_bad_patterns_are_errors(bad: str) -> None:
    with pytest.raises(PatternError):
        compile_pattern(bad, LEXICONS)
