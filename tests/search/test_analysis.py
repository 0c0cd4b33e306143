"""The Thai analyzer: words, positions and offsets into the original text."""

from __future__ import annotations

from search_index.analysis import THAI_STOP_WORDS, analyze, english_analyzer, thai_analyzer


def tokens(text: str, **options: bool) -> list[tuple[str, int, int, int]]:
    analyzer = thai_analyzer(**options)
    return [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in analyzer(text, positions=True, chars=True, mode="index")
    ]


def test_thai_words_with_positions_and_offsets_into_the_original() -> None:
    text = "ผู้ใดลักทรัพย์ของผู้อื่น"
    result = tokens(text)
    assert [t[0] for t in result] == ["ผู้ใด", "ลักทรัพย์", "ของ", "ผู้อื่น"]
    assert [t[1] for t in result] == [0, 1, 2, 3]
    for word, _, start, end in result:
        assert text[start:end] == word


def test_thai_digits_fold_to_arabic_but_offsets_keep_the_thai_digits() -> None:
    text = "มาตรา ๒๘๘ และมาตรา ๑๓๔/๑"
    result = tokens(text)
    texts = [t[0] for t in result]
    assert "288" in texts and "134/1" in texts
    start, end = next((s, e) for w, _, s, e in result if w == "288")
    assert text[start:end] == "๒๘๘"


def test_punctuation_is_not_a_token_and_does_not_take_a_position() -> None:
    result = tokens("“ลักทรัพย์” (ก) — ลักทรัพย์")
    assert [t[0] for t in result] == ["ลักทรัพย์", "ก", "ลักทรัพย์"]
    assert [t[1] for t in result] == [0, 1, 2]


def test_latin_words_are_lowercased_and_stemmed_thai_untouched() -> None:
    assert analyze(thai_analyzer(), "Leases และ contracts ของ SMS") == [
        "leas", "และ", "contract", "ของ", "sm",
    ]
    assert analyze(english_analyzer(), "Leases of Contracts") == ["leas", "contract"]


def test_misencoded_thai_meets_the_correct_encoding() -> None:
    # sara am typed as nikhahit + sara aa, and a zero-width space inside a word
    assert analyze(thai_analyzer(), "คํา\u200bพิพากษา") == analyze(thai_analyzer(), "คำพิพากษา")


def test_stop_filter_removes_function_words_and_keeps_phrase_positions() -> None:
    result = tokens("ผู้ใดลักทรัพย์ของผู้อื่น", stop_words=True)
    assert "ของ" in THAI_STOP_WORDS
    assert [t[0] for t in result] == ["ผู้ใด", "ลักทรัพย์", "ผู้อื่น"]
    assert [t[1] for t in result] == [0, 1, 2]


def test_query_and_index_analysis_agree() -> None:
    analyzer = thai_analyzer()
    text = "ค่าสินไหมทดแทน ตามมาตรา ๔๒๐"
    indexed = [t.text for t in analyzer(text, positions=True, mode="index")]
    assert indexed == analyze(analyzer, text)


def test_empty_and_whitespace_give_no_tokens() -> None:
    assert tokens("") == []
    assert tokens("  \n\t ") == []


def test_nominalised_compounds_are_also_indexed_bare() -> None:
    analyzer = thai_analyzer()
    indexed = [(t.text, t.pos) for t in analyzer("การกู้เงินของรัฐบาล", positions=True, mode="index")]
    assert ("การกู้เงิน", 0) in indexed and ("กู้เงิน", 0) in indexed
    assert analyze(analyzer, "การกู้เงิน") == ["การกู้เงิน"]  # queries are not expanded
