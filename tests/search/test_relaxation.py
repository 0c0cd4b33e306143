"""Relaxing rare compound query words (search_index.relaxation) and the law prior
(search_index.priors), on small inputs whose answer is known by hand."""

from __future__ import annotations

import numpy as np
import pytest

from search_index.priors import focus_on_laws, law_strength
from search_index.relaxation import spelled_out, split_rare_word
from search_index.scoring import Scores

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


def test_law_strength_is_the_mean_of_the_best_three_sections() -> None:
    scores = np.array([10.0, 1.0, 1.0, 1.0, 6.0, 6.0, 6.0, 2.0])
    laws = np.array([0, 0, 0, 0, 1, 1, 1, -1])
    strength = law_strength(scores, laws)
    assert strength.tolist() == pytest.approx([4.0, 6.0])


def test_focus_moves_the_section_of_the_stronger_law_up() -> None:
    # doc 0: a lone strong match in law 0; docs 1-3: three good matches in law 1.
    found = Scores(np.array([0, 1, 2, 3]), np.array([7.0, 6.0, 6.0, 6.0]))
    law_of_doc = np.array([0, 1, 1, 1])
    focused = focus_on_laws(found, law_of_doc, weight=0.5)
    assert focused.docs.tolist() == [0, 1, 2, 3]
    assert focused.scores[1] > focused.scores[0]
    assert focus_on_laws(found, law_of_doc, weight=0.0) is found


def test_focus_leaves_documents_without_a_law_unscaled() -> None:
    found = Scores(np.array([0, 1]), np.array([3.0, 5.0]))
    focused = focus_on_laws(found, np.array([-1, 0]), weight=1.0)
    assert focused.scores.tolist() == [3.0, 10.0]
