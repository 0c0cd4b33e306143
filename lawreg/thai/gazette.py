"""Government Gazette (ราชกิจจานุเบกษา) references: volume, issue, page and date.

The Office of the Council of State writes them "ราชกิจจานุเบกษา เล่ม ๕๙/ตอนที่ ๖/หน้า ๒๕๘/๒๗
มกราคม ๒๔๘๕", and real texts vary every part: "ตอนที่ ๓๑/ฉบับพิเศษ หน้า ๓๖" or "ตอนพิเศษ ๘๕
ง" for special issues, "-" for an issue nobody recorded, "เล่มที่", "น่า" (old spelling of
หน้า), stray spaces around the slashes, typos in the gazette's own name
("ราชกิจจานุเยกษา", "ราชกิจานุเบกษา").  Each part is therefore read on its own rather than
by one rigid pattern, and the date is the last Thai date of the reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .dates import LAST_APRIL_NEW_YEAR_BE, THAI_MONTHS, last_thai_date
from .digits import to_arabic_digits
from .years import ce_to_be

# "ราชกิจจานุเบกษา" and the misspellings met in real references, one letter off
# ("ราชกิจจานุเยกษา", "ราชกิจจานุเษกษา", "ราชกิจานุเบกษา").
GAZETTE_NAME_RE = re.compile(r"ราชกิจ{1,2}า?นุเ[\u0e01-\u0e2e]กษา")
_VOLUME_RE = re.compile(r"เล่ม(?:ที่)?\s*(?P<volume>[0-9]{1,4})")
_ISSUE_RE = re.compile(r"ตอน(?:ที่|พิเศษ)?\s*(?P<issue>[0-9]{1,4}\s*[ก-ฮ]?(?![ก-๙]))")
_UNKNOWN_ISSUE_RE = re.compile(r"/\s*-\s*/")
_PAGE_RE = re.compile(r"(?:หน้า|น่า)\s*(?P<page>[0-9]{1,5})")
_SPECIAL_RE = re.compile(r"ฉบับพิเศษ|ตอนพิเศษ")


@dataclass(frozen=True)
class GazetteRef:
    """A parsed reference; a part the source leaves out or writes as "-" is ``None``."""

    volume: int | None
    issue: str | None
    page: int | None
    published_on: date | None
    special: bool = False

    def display(self) -> str:
        """The reference in one regular Thai form, Arabic digits:
        "ราชกิจจานุเบกษา เล่ม 59 ตอนที่ 6 หน้า 258 วันที่ 27 มกราคม 2485"."""
        parts = ["ราชกิจจานุเบกษา"]
        if self.volume is not None:
            parts.append(f"เล่ม {self.volume}")
        parts.append(f"ตอนที่ {self.issue}" if self.issue else "ตอนที่ -")
        if self.special:
            parts.append("ฉบับพิเศษ")
        if self.page is not None:
            parts.append(f"หน้า {self.page}")
        if self.published_on is not None:
            parts.append(f"วันที่ {thai_date_text(self.published_on)}")
        return " ".join(parts)


def is_gazette_reference(text: str) -> bool:
    """True when ``text`` starts with the gazette's name (typos included)."""
    return GAZETTE_NAME_RE.match(text.strip()) is not None


def parse_gazette_ref(text: str) -> GazetteRef | None:
    """The reference written in ``text``, or ``None`` when it names neither a volume nor a
    date (then it is not a gazette reference at all)."""
    body = to_arabic_digits(" ".join(text.split()))
    name = GAZETTE_NAME_RE.search(body)
    if name is not None:
        body = body[name.end():]
    volume = _VOLUME_RE.search(body)
    issue = None if _UNKNOWN_ISSUE_RE.search(body) else _ISSUE_RE.search(body)
    page = _PAGE_RE.search(body)
    published_on = last_thai_date(body)
    if volume is None and published_on is None:
        return None
    return GazetteRef(
        volume=int(volume.group("volume")) if volume else None,
        issue=" ".join(issue.group("issue").split()) if issue else None,
        page=int(page.group("page")) if page else None,
        published_on=published_on,
        special=_SPECIAL_RE.search(body) is not None,
    )


def thai_date_text(value: date) -> str:
    """A C.E. date written the Thai way: 1942-01-27 → "27 มกราคม 2485" (pre-1941 years
    began on 1 April, so 1936-02-01 → "1 กุมภาพันธ์ 2478")."""
    year_be = ce_to_be(value.year)
    if value.month <= 3 and year_be - 1 <= LAST_APRIL_NEW_YEAR_BE:
        year_be -= 1
    return f"{value.day} {THAI_MONTHS[value.month - 1]} {year_be}"
