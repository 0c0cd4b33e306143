"""The visible structure of Thai legislative text: section headings and chapter headings.

A section starts with its citation — "มาตรา 277 ทวิ", "มาตรา ๑๙๓/๓๐", "ข้อ 5" — and the
law is divided into parts: บรรพ or ภาค (book/part) > ลักษณะ (title) > หมวด (chapter) > ส่วน
(division).  Importers that read running text (the codes' section texts, plain-text and PDF
laws) use these helpers to cut the text into sections and to know each section's chapter
path.  Number parsing itself is :func:`lawreg.thai.numbers.parse_section_number`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lawreg.thai.numbers import (
    ORDINAL_SUFFIXES,
    SUFFIX_VARIANTS,
    SectionNumber,
    parse_section_number,
)

_DIGIT = r"[0-9๐-๙]"
_SUFFIXES = "|".join(
    re.escape(s) for s in sorted([*ORDINAL_SUFFIXES, *SUFFIX_VARIANTS], key=len, reverse=True)
)
# A suffix must not run into more Thai letters: "มาตรา 342 ฉ้อโกง" is section 342 whose
# heading starts with "ฉ้อโกง", not section "342 ฉ".
_NUMBER = (
    rf"{_DIGIT}+(?:\s*/\s*{_DIGIT}+)?"
    rf"(?:\s*(?:{_SUFFIXES})(?![\u0e01-\u0e4e]))?"
    rf"(?:\s*/\s*{_DIGIT}+)?"
)
SECTION_HEADING_RE = re.compile(rf"^\s*(?P<label>มาตรา|ข้อ)\s*(?P<number>{_NUMBER})(?=\s|$|\()")
_RANGE_RE = re.compile(rf"\s*(?:-|–|ถึง)\s*(?:มาตรา\s*)?(?P<end>{_NUMBER})(?=\s|$)")

# Level of each kind of chapter heading; a heading resets the levels below it.
CHAPTER_LEVELS = {"บรรพ": 0, "ภาค": 0, "ลักษณะ": 1, "หมวด": 2, "บทเฉพาะกาล": 2, "ส่วนที่": 3, "ส่วน": 3}
CHAPTER_HEADING_RE = re.compile(
    rf"^\s*(?:(?P<kind>บรรพ|ภาค|ลักษณะ|หมวด|ส่วนที่|ส่วน)\s*{_DIGIT}+(?:\s*/\s*{_DIGIT}+)?"
    rf"(?:\s*(?:{_SUFFIXES})(?![\u0e01-\u0e4e]))?(?=\s|$|:)"
    r"|(?P<transitional>บทเฉพาะกาล)\s*$)"
)
_SPACES_RE = re.compile(r"\s+")
_REPEALED_RE = re.compile(r"^\(?\s*ยกเลิก\s*\)?$")


@dataclass(frozen=True)
class SectionHeading:
    """A section citation found at the start of a text: label, parsed number, where it ends."""

    label: str
    number: SectionNumber
    written: str
    end: int
    range_end: SectionNumber | None = None


def match_section_heading(text: str) -> SectionHeading | None:
    """The "มาตรา N" / "ข้อ N" at the start of ``text``, or ``None``.

    A range ("มาตรา 1274 ถึง มาตรา 1297 (ยกเลิก)", "มาตรา 1274 - 1297") is recognised too:
    ``range_end`` is then its last number and ``end`` covers the whole range.
    """
    match = SECTION_HEADING_RE.match(text)
    if not match:
        return None
    try:
        number = parse_section_number(match.group("number"), default_label=match.group("label"))
    except ValueError:
        return None
    end = match.end()
    range_end = None
    tail = _RANGE_RE.match(text, end)
    if tail:
        try:
            range_end = parse_section_number(tail.group("end"))
            end = tail.end()
        except ValueError:
            range_end = None
    return SectionHeading(match.group("label"), number, match.group(0).strip(), end, range_end)


def chapter_level(line: str) -> int | None:
    """The level of a chapter heading line ("ลักษณะ 2 ศาล" → 1), or ``None`` for other lines."""
    match = CHAPTER_HEADING_RE.match(line)
    if not match:
        return None
    return CHAPTER_LEVELS[match.group("kind") or match.group("transitional")]


def clean_heading(line: str) -> str:
    return _SPACES_RE.sub(" ", line).strip()


@dataclass
class ChapterPath:
    """The chapter headings in force at a point of a law: a higher-level heading resets the
    lower ones ("ภาค 2" forgets the "ลักษณะ 6" of ภาค 1)."""

    levels: dict[int, str] = field(default_factory=dict)

    def enter(self, line: str) -> bool:
        """Apply ``line`` if it is a chapter heading; say whether it was."""
        level = chapter_level(line)
        if level is None:
            return False
        self.levels = {lvl: text for lvl, text in self.levels.items() if lvl < level}
        self.levels[level] = clean_heading(line)
        return True

    def path(self) -> list[str]:
        return [self.levels[level] for level in sorted(self.levels)]


def split_trailing_chapter_headings(text: str) -> tuple[str, list[str]]:
    """Cut the chapter headings a section text ends with (they head the NEXT part).

    "…ตามบทบัญญัติแห่งประมวลกฎหมายนี้\\nลักษณะ 2 ศาล" → ("…ตามบทบัญญัติแห่งประมวลกฎหมายนี้",
    ["ลักษณะ 2 ศาล"]).  Headings come back in reading order.
    """
    lines = text.split("\n")
    headings: list[str] = []
    while lines:
        last = lines[-1]
        if not last.strip():
            lines.pop()
            continue
        if chapter_level(last) is None:
            break
        headings.insert(0, clean_heading(lines.pop()))
    return "\n".join(lines).rstrip(), headings


def next_number(previous: SectionNumber) -> SectionNumber | None:
    """The number that follows ``previous`` in an inserted series: 83 สัตต → 83 อัฏฐ,
    193/8 → 193/9; ``None`` when ``previous`` is not part of such a series."""
    if previous.suffix and previous.slash is None:
        rank = ORDINAL_SUFFIXES[previous.suffix] + 1
        suffix = next((name for name, value in ORDINAL_SUFFIXES.items() if value == rank), None)
        if suffix is None:
            return None
        return SectionNumber(previous.base, suffix, None, previous.label)
    if previous.slash is not None:
        return SectionNumber(previous.base, previous.suffix, previous.slash + 1, previous.label)
    return None


def status_of(text: str) -> str:
    """``repealed`` for a section whose whole text is "(ยกเลิก)", else ``in_force``."""
    return "repealed" if _REPEALED_RE.match(text.strip()) else "in_force"
