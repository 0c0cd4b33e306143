"""Cutting a consolidated text into sections: where a "มาตรา N" line is a heading and where
it is a line of running text (written in the Council of State's layout: a blank line between
sections, a non-breaking space after each heading's number)."""

from __future__ import annotations

from importers.krisdika_layout import set_off_lines, source_lines
from importers.krisdika_sections import cut_parts
from lawreg.thai.digits import to_thai_digits
from lawreg.thai.normalize import normalize_source

NBSP = "\u00a0"


def numbers(source: str) -> list[str]:
    lines = source_lines(normalize_source(source), set_off_lines(source))
    return [s.number.canonical for part in cut_parts(lines, "มาตรา") for s in part.sections]


def act(*sections: str) -> str:
    return f"\r\n{NBSP}\r\n".join(sections)


def test_a_citation_opening_a_wrapped_line_stays_in_its_section() -> None:
    source = act(
        f"มาตรา ๑{NBSP} พระราชบัญญัตินี้เรียกว่า",
        f"มาตรา ๒{NBSP} ให้ใช้บังคับตั้งแต่วันถัดจากวันประกาศ",
        f"มาตรา ๓[๑]{NBSP}\r\nให้ผู้มีหน้าที่ยื่นรายการตามมาตรา\r\nมาตรา ๔ ทวิ และมาตรา ๔ ตรี ยื่นรายการตามแบบ",
        f"มาตรา ๔{NBSP}\r\nผู้มีเงินได้ต้องยื่นรายการ",
        f"มาตรา ๔ ทวิ[๒]{NBSP} ถ้าผู้มีเงินได้ถึงแก่ความตาย",
        f"มาตรา ๕ {NBSP}ผู้ใดฝ่าฝืนมาตรา ๔\r\nมาตรา ๖ ต้องระวางโทษ",
        f"มาตรา ๖{NBSP} ให้รัฐมนตรีรักษาการ",
        *(f"มาตรา {to_thai_digits(str(n))}{NBSP} ข้อความ" for n in range(7, 21)),
    )
    assert numbers(source) == ["1", "2", "3", "4", "4 ทวิ", *map(str, range(5, 21))]


def test_headings_without_blank_lines_or_marks_are_still_headings() -> None:
    # A label alone, a number alone, or a text that never sets sections apart.
    source = act(
        "มาตรา ๑ ชื่อ", "มาตรา ๒ วันใช้บังคับ", "มาตรา ๓ บทนิยาม", "มาตรา ๔ ผู้รักษาการ",
        "มาตรา ๕ หน้าที่\r\nของรัฐมนตรี\r\nมาตรา\r\n๖ อำนาจ\r\nมาตรา ๗\r\nโทษ",
    )
    assert numbers(source) == ["1", "2", "3", "4", "5", "6", "7"]
    glued = "\r\n".join(f"มาตรา {n} ข้อความ" for n in "๑๒๓๔๕๖")
    assert numbers(glued) == ["1", "2", "3", "4", "5", "6"]
