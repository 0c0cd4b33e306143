"""Citations of sections in running text: "ป.พ.พ. มาตรา 1336", "ม.134/1 ป.วิ.อ.", ...

Screening, cross-references and search all need to know which provision a text points
at.  Thai writing cites a section with "มาตรา" or "ม." and Thai or Arabic digits, with an
optional Pali ordinal ("335 ทวิ") or slash number ("134/1") and paragraph ("วรรค 1",
"วรรคสอง"); the law is named before or after by abbreviation or title.  English text uses
"section 420 of the Civil and Commercial Code".  Laws resolve through
:mod:`lawreg.known_laws`, section numbers through :func:`lawreg.thai.numbers.parse_section_number`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..known_laws import known_laws
from .abbreviations import law_abbreviations
from .digits import to_arabic_digits
from .numbers import ORDINAL_SUFFIXES, SUFFIX_VARIANTS, SectionNumberError, parse_section_number

THAI_ORDINAL_PARAGRAPHS = {
    "แรก": 1, "หนึ่ง": 1, "สอง": 2, "สาม": 3, "สี่": 4, "ห้า": 5,
    "หก": 6, "เจ็ด": 7, "แปด": 8, "เก้า": 9, "สิบ": 10,
}  # fmt: skip


@dataclass(frozen=True)
class Citation:
    """One cited provision: ``text[start:end]`` is the citation as written."""

    law_key: str | None
    section: str | None
    paragraph: int | None
    start: int
    end: int


_DIGITS = r"[0-9๐-๙]+"
_SUFFIXES = "|".join(
    re.escape(s) for s in sorted([*ORDINAL_SUFFIXES, *SUFFIX_VARIANTS], key=len, reverse=True)
)
_NUMBER = rf"{_DIGITS}(?:\s*/\s*{_DIGITS})?(?:\s*(?:{_SUFFIXES})(?![ก-ฮ]))?"
_PARAGRAPH = r"(?:\s*วรรค\s*(?P<paragraph>[0-9๐-๙]+|" + "|".join(THAI_ORDINAL_PARAGRAPHS) + r"))?"


@cache
def _law_names() -> dict[str, str]:
    """Every way of naming a known law (abbreviation, title with/without year) → key."""
    names = dict(law_abbreviations())
    for law in known_laws():
        names[law.title] = law.key
        names[re.sub(r"\s*(?:พ\.\s*ศ\.|พุทธศักราช)\s*\d{4}$", "", law.title)] = law.key
    return names


@cache
def _english_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for law in known_laws():
        names[law.title_en.lower()] = law.key
        names[re.sub(r"\s*B\.E\..*$", "", law.title_en).lower()] = law.key
    return names


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    # "พ.ร.บ.วิธีการงบประมาณ" is also written "พ.ร.บ. วิธีการงบประมาณ".
    names = "|".join(
        re.escape(n).replace(r"\.", r"\.\s*")
        for n in sorted(_law_names(), key=len, reverse=True)
    )
    law = rf"(?:แห่ง\s*)?(?P<{{group}}>{names})"
    thai = re.compile(
        rf"(?:{law.format(group='before')}\s*)?"
        rf"(?:มาตรา|ม\.)\s*(?P<number>{_NUMBER}){_PARAGRAPH}"
        rf"(?:\s*{law.format(group='after')})?"
    )
    english_names = "|".join(
        re.escape(n) for n in sorted(_english_names(), key=len, reverse=True)
    )
    english = re.compile(
        rf"\b(?:section|s\.)\s*(?P<number>\d+(?:/\d+)?(?:\s*(?:bis|ter))?)"
        rf"(?:\s*(?:paragraph|para\.)\s*(?P<paragraph>\d+))?"
        rf"(?:\s+of\s+the\s+(?P<after>{english_names}))?",
        re.IGNORECASE,
    )
    return thai, english


def _law_key(written: str) -> str:
    names = _law_names()
    return names.get(written) or names[re.sub(r"\.\s+", ".", written)]


def _paragraph(text: str | None) -> int | None:
    if not text:
        return None
    arabic = to_arabic_digits(text)
    return int(arabic) if arabic.isdigit() else THAI_ORDINAL_PARAGRAPHS.get(text)


def _section(text: str) -> str | None:
    english = {"bis": "ทวิ", "ter": "ตรี"}
    for word, thai in english.items():
        text = re.sub(word, thai, text, flags=re.IGNORECASE)
    try:
        return parse_section_number(text).canonical
    except SectionNumberError:
        return None


def find_citations(text: str) -> list[Citation]:
    """Every section citation in ``text``, in order of appearance.

    "ตาม ป.พ.พ. มาตรา 1336" → Citation("civil-commercial-code", "1336", None, 4, 20);
    the law is taken from a name right before or right after the section, else None.
    """
    thai, english = _patterns()
    found: list[Citation] = []
    for match in thai.finditer(text):
        law_text = match.group("before") or match.group("after")
        found.append(
            Citation(
                law_key=_law_key(law_text) if law_text else None,
                section=_section(match.group("number")),
                paragraph=_paragraph(match.group("paragraph")),
                start=match.start(),
                end=match.end(),
            )
        )
    for match in english.finditer(text):
        law_text = match.group("after")
        found.append(
            Citation(
                law_key=_english_names()[law_text.lower()] if law_text else None,
                section=_section(match.group("number")),
                paragraph=_paragraph(match.group("paragraph")),
                start=match.start(),
                end=match.end(),
            )
        )
    return sorted(found, key=lambda c: c.start)
