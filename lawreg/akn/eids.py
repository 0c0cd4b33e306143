"""Akoma Ntoso element names and ``eId`` s for Thai chapters and sections (AKN-NC 1.0).

A chapter path title starts with its Thai kind — บรรพ (book), ลักษณะ (title), ภาค (part),
หมวด (chapter), ส่วน (subchapter) — and usually its number; the eId joins the kind's
abbreviation and the number in Arabic digits (``chp_1``), nested with ``__``
(``bk_1__chp_2__sec_14bis``).  Inserted sections take the Latin ordinal of the Pali one
(ทวิ -> bis, ตรี -> ter ...) and a slash becomes a hyphen (``sec_193-30``).
"""

from __future__ import annotations

import re

from ..thai.digits import to_arabic_digits
from ..thai.numbers import SectionNumberError, parse_section_number

KINDS = {  # Thai word -> (AKN element, eId abbreviation)
    "บรรพ": ("book", "book"),
    "ลักษณะ": ("title", "title"),
    "ภาค": ("part", "part"),
    "หมวด": ("chapter", "chp"),
    "ส่วน": ("subchapter", "subchp"),
}
SCHEDULE_WORDS = ("บัญชี", "ตาราง", "แบบท้าย", "อัตราค่าธรรมเนียม")
LATIN_ORDINALS = {
    "ทวิ": "bis", "ตรี": "ter", "จัตวา": "quater", "เบญจ": "quinquies", "ฉ": "sexies",
    "สัตต": "septies", "อัฏฐ": "octies", "นว": "novies", "ทศ": "decies",
    "เอกาทศ": "undecies", "ทวาทศ": "duodecies", "เตรส": "terdecies",
    "จตุทศ": "quaterdecies", "ปัณรส": "quindecies", "โสฬส": "sexdecies",
    "สัตตรส": "septdecies", "อัฏฐารส": "octodecies", "เอกูนวีสติ": "novodecies",
    "วีสติ": "vicies",
}
_NUMBER_RE = re.compile(r"\d+(?:/\d+)?")


def is_schedule(chapter_path: list[str] | None) -> bool:
    return bool(chapter_path and chapter_path[0].startswith(SCHEDULE_WORDS))


def container_kind(title: str) -> str:
    """The AKN element of a chapter-path title; an unknown kind is a generic hcontainer…
    except that the schema wants a name on hcontainer, so unknown titles are chapters."""
    for word, (element, _abbr) in KINDS.items():
        if title.startswith(word):
            return element
    return "chapter"


def container_eid(prefix: str, title: str, counters: dict[str, int]) -> str:
    """The eId of a container titled ``title`` under ``prefix``; unnumbered titles and
    repeated numbers are numbered in order so every eId stays unique."""
    abbr = next((a for word, (_e, a) in KINDS.items() if title.startswith(word)), "chp")
    match = _NUMBER_RE.search(to_arabic_digits(title))
    base = f"{prefix}__{abbr}" if prefix else abbr
    number = match.group(0).replace("/", "-") if match else "nn"
    eid = f"{base}_{number}"
    seen = counters.get(eid, 0)
    counters[eid] = seen + 1
    return eid if seen == 0 else f"{eid}-{seen + 1}"


def section_number_eid(number: str) -> str:
    """``14 ทวิ`` -> ``14bis``; ``193/30`` -> ``193-30``."""
    try:
        parsed = parse_section_number(number)
    except SectionNumberError:
        return re.sub(r"[^0-9A-Za-z-]+", "-", to_arabic_digits(number)).strip("-") or "nn"
    text = str(parsed.base)
    if parsed.suffix:
        text += LATIN_ORDINALS[parsed.suffix]
    if parsed.slash is not None:
        text += f"-{parsed.slash}"
    return text


def section_eid(prefix: str, number: str) -> str:
    eid = f"sec_{section_number_eid(number)}"
    return f"{prefix}__{eid}" if prefix else eid
