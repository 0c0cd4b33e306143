import json
import re

import pytest

from lawreg.thai.normalize import normalize_marks
from lawreg.thai.repair import repair_pdf_damage

REAL_DAMAGE = [
    ("ใหเ้ ข้ากับ", "ให้เข้ากับ"),
    ("เทคโนโลยดี ิจทิ ัล", "เทคโนโลยีดิจิทัล"),
    ("ขาดวฒั นธรรม", "ขาดวัฒนธรรม"),
    ("องคก์ รปกครอง", "องค์กรปกครอง"),
    ("ไดแ้ ก ่", "ได้แก่"),
    ("ความมัน่ คง ม่งั คั่ง ยัง่ ยืน", "ความมั่นคง มั่งคั่ง ยั่งยืน"),
    ("รวดเร็วเป็ นรูปธรรม", "รวดเร็วเป็นรูปธรรม"),
    ("สว่ นที่ 5 การขบั เคล่อื นแผนสู่การปฏิบตั ิ", "ส่วนที่ 5 การขับเคลื่อนแผนสู่การปฏิบัติ"),
    ("กลยทุ ธท์ ี่ 1 การใหบ้ รกิ ารภาครฐั ทตี่ อบโจทย์", "กลยุทธ์ที่ 1 การให้บริการภาครัฐที่ตอบโจทย์"),
]


@pytest.mark.parametrize(("damaged", "expected"), REAL_DAMAGE)
def test_real_pdf_damage_is_repaired(damaged: str, expected: str) -> None:
    assert repair_pdf_damage(damaged) == expected


def test_genuine_spaces_after_final_marks_stay() -> None:
    text = "ที่ ได้ ดี  มาก หน้าที่ ๆ"
    assert repair_pdf_damage(text) == text


def test_one_output_line_per_input_line() -> None:
    text = "ใหเ้ ข้ากับ\n\nไดแ้ ก ่\r\nมาตรา 1\n"
    repaired = repair_pdf_damage(text)
    assert repaired.split("\n") == ["ให้เข้ากับ", "", "ได้แก่\r", "มาตรา 1", ""]


def test_every_section_of_a_real_code_is_unchanged(shared_data) -> None:
    sections = json.loads((shared_data / "thai-codes" / "criminal-th.json").read_text())["sections"]
    changed = [s["number"] for s in sections if repair_pdf_damage(s["text"]) != normalize_marks(s["text"])]
    assert changed == []


def test_hand_checked_fixture_lines() -> None:
    from pathlib import Path

    fixture = Path(__file__).parents[1] / "fixtures" / "thai" / "repair_real.tsv"
    pairs = [line.split("\t") for line in fixture.read_text(encoding="utf-8").splitlines()]
    misses = [damaged for damaged, expected in pairs if repair_pdf_damage(damaged) != expected]
    assert misses == []


def test_repair_is_idempotent_on_real_damage() -> None:
    for damaged, _ in REAL_DAMAGE:
        once = repair_pdf_damage(damaged)
        assert repair_pdf_damage(once) == once


ORPHAN_MARK = re.compile(r"(?:^|\s)[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
MARK_ON_LEADING_VOWEL = re.compile(r"[\u0e40-\u0e44][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def test_seed_document_loses_its_impossible_marks(shared_data) -> None:
    seed = shared_data.parent / "seeds" / "000_815a362265429338.txt"
    if not seed.is_file():
        pytest.skip(f"seed document not found at {seed}")
    text = seed.read_text(encoding="utf-8")
    repaired = repair_pdf_damage(text)
    assert repaired.count("\n") == text.count("\n")
    assert len(ORPHAN_MARK.findall(text)) > 20 and len(MARK_ON_LEADING_VOWEL.findall(text)) > 20
    assert ORPHAN_MARK.findall(repaired) == []
    assert MARK_ON_LEADING_VOWEL.findall(repaired) == []


def test_clean_pdf_extraction_is_left_alone(shared_data) -> None:
    """pypdf extracts the fiscal-law PDFs without mark damage: footnotes, English, section
    numbers and Thai must all come back as they were, line for line."""
    from pypdf import PdfReader

    pages = PdfReader(shared_data / "pdf" / "doc4.pdf").pages
    text = "\n".join(page.extract_text() for page in pages)
    assert repair_pdf_damage(text) == normalize_marks(text)
