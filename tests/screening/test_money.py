"""Thai number words and money amounts."""

from __future__ import annotations

import pytest

from lawreg.screening.money import find_amounts
from lawreg.thai.number_words import ThaiNumberError, parse_thai_number


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("ห้าร้อย", 500),
        ("หนึ่งหมื่นสองพัน", 12_000),
        ("สิบ", 10),
        ("สิบเอ็ด", 11),
        ("ยี่สิบ", 20),
        ("ยี่สิบเอ็ด", 21),
        ("ร้อยเอ็ด", 101),
        ("หนึ่งแสนสี่หมื่น", 140_000),
        ("สองล้านห้าแสน", 2_500_000),
        ("หนึ่งพันล้าน", 1_000_000_000),
        ("ล้านล้าน", 1_000_000_000_000),
        ("สามสิบห้าล้านหกแสนเจ็ดหมื่นแปดพันเก้าร้อยสิบสอง", 35_678_912),
        ("ศูนย์", 0),
    ],
)
def test_number_words(words: str, value: int) -> None:
    assert parse_thai_number(words) == value


@pytest.mark.parametrize("bad", ["ห้าห้า", "ร้อยพัน", "เอ็ด", "ยี่", "บาท", "", "ห้าร้อยกว่า"])
def test_not_numbers_are_rejected(bad: str) -> None:
    with pytest.raises(ThaiNumberError):
        parse_thai_number(bad)


def test_amounts_in_words_and_digits_with_spans():
    text = "ปรับไม่เกินห้าร้อยบาท หรือ ๕๐๐ บาท หรือ 1,000 บาท และห้าสิบสตางค์"
    amounts = find_amounts(text)
    assert [a.baht for a in amounts] == [500, 500, 1000, 0.5]
    assert [text[a.start : a.end] for a in amounts] == ["ห้าร้อยบาท", "๕๐๐ บาท", "1,000 บาท", "ห้าสิบสตางค์"]


def test_amount_spans_point_into_unnormalised_text():
    text = "ปรับไม่เกินสองพัน\u00a0\u00a0บาท"  # NBSPs a normaliser collapses
    (amount,) = find_amounts(text)
    assert amount.baht == 2000 and text[amount.start : amount.end] == "สองพัน\u00a0\u00a0บาท"


def test_text_without_money_has_no_amounts():
    assert find_amounts("ผู้ใดลักทรัพย์ของผู้อื่น") == []
