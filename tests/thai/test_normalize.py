import pytest

from lawreg.thai.normalize import fold_for_matching, normalize, normalize_marks

CASES = [
    ("คํา", "คำ"),  # nikhahit + sara aa typed for sara am
    ("ค\u0e4d\u0e48า", "ค่ำ"),  # nikhahit, tone, sara aa
    ("ค\u0e48\u0e4dา", "ค่ำ"),  # tone, nikhahit, sara aa
    ("ท\u0e48\u0e35", "ที่"),  # tone before vowel
    ("ข\u0e49\u0e36น", "ขึ้น"),
    ("ที่่", "ที่"),  # doubled tone mark
    ("เเม่", "แม่"),  # two sara e for sara ae
    ("สิทธ\u0e4c\u0e34", "สิทธิ์"),  # thanthakhat before vowel
    ("มาตรา\u200b ๒๘๘\ufeff", "มาตรา ๒๘๘"),
    ("ผู้\u00adรับ", "ผู้รับ"),
    ("  วรรค \t หนึ่ง  \r\n  วรรคสอง ", "วรรค หนึ่ง\nวรรคสอง"),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_normalize_repairs_encoding_variants(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_normalize_is_idempotent(raw: str, expected: str) -> None:
    assert normalize(normalize(raw)) == normalize(raw)


def test_correct_text_is_unchanged() -> None:
    text = "ตั๋วเงิน ศักดิ์ พันธุ์ สิทธิ์ ค่ำคืน ผู้รับมอบอำนาจ café"
    assert normalize(text) == text


def test_every_code_section_is_a_fixed_point(shared_data) -> None:
    import json

    sections = json.loads((shared_data / "thai-codes" / "criminal-th.json").read_text())["sections"]
    for section in sections:
        once = normalize(section["text"])
        assert normalize(once) == once
        assert normalize_marks(section["text"]) == section["text"]


def test_fold_for_matching_unifies_digits_and_case() -> None:
    assert fold_for_matching("มาตรา ๒๘๘ Section") == fold_for_matching("มาตรา 288 section")
