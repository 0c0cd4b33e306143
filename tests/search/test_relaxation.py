"""Relaxing rare compound query words (search_index.relaxation), on small inputs whose
answer is known by hand."""

from __future__ import annotations

import pytest

from search_index.relaxation import spelled_out, split_rare_word

# Section counts of an imagined index, as the statute book has them.
FREQUENCIES = {
    "บัตรประชาชน": 1, "บัตร": 105, "ประชาชน": 900, "ประจำตัว": 228,
    "กฎหมายแรงงาน": 0, "กฎหมาย": 2439, "แรงงาน": 310,
    "ลูกจ้าง": 1200, "ค่า": 4000, "ค่าชดเชย": 60, "ชดเชย": 40,
    "เงินทดแทน": 50, "ทดแทน": 80, "เงิน": 3000,
}


def frequency(word: str) -> int:
    return FREQUENCIES.get(word, 0)


@pytest.mark.parametrize(
    ("word", "pieces"),
    [
        ("บัตรประชาชน", ["บัตร", "ประชาชน"]),
        ("กฎหมายแรงงาน", ["กฎหมาย", "แรงงาน"]),
    ],
)
def test_a_rare_compound_splits_into_common_words(word: str, pieces: list[str]) -> None:
    assert split_rare_word(word, frequency) == pieces


@pytest.mark.parametrize(
    "word",
    [
        "ค่าชดเชย",  # common enough as it is
        "เงินทดแทน",
        "ลูกจ้าง",
        "severance",  # Latin words are the glossary's business
        "ก",  # nothing to split
        "ฮฮฮฮฮฮ",  # rare, but no split into known words
    ],
)
def test_common_latin_or_unsplittable_words_stay_whole(word: str) -> None:
    assert split_rare_word(word, frequency) is None


def test_three_pieces_when_two_do_not_cover_the_word() -> None:
    table = {"ลูกจ้างชั่วคราวรายวัน": 0, "ลูกจ้าง": 50, "ชั่วคราว": 40, "รายวัน": 30}
    assert split_rare_word("ลูกจ้างชั่วคราวรายวัน", lambda w: table.get(w, 0)) == [
        "ลูกจ้าง", "ชั่วคราว", "รายวัน"]


def test_the_split_with_the_most_common_rarest_piece_wins() -> None:
    table = {"กขคงจฉ": 0, "กข": 50, "คงจฉ": 6, "กขคง": 80, "จฉ": 30}
    assert split_rare_word("กขคงจฉ", lambda w: table.get(w, 0)) == ["กขคง", "จฉ"]


def test_spelled_out_finds_the_longer_word_of_the_law() -> None:
    lexicon = ["บัตร", "บัตรประจำตัว", "บัตรประจำตัวประชาชน", "บัตรประชาชน", "บัตรเลือกตั้ง"]
    found = spelled_out(["บัตร", "ประชาชน"], "บัตรประชาชน",
                        lambda prefix: [t for t in lexicon if t.startswith(prefix)])
    assert found == ["บัตรประจำตัวประชาชน"]


def test_spelled_out_keeps_middle_pieces_in_order() -> None:
    lexicon = ["กขคง", "กคขง", "กxขxคxง"]
    found = spelled_out(["ก", "ข", "ค", "ง"], "กขคง",
                        lambda prefix: [t for t in lexicon if t.startswith(prefix)])
    assert found == ["กxขxคxง"]
