"""Thai dates: "๒๗ มกราคม ๒๔๘๕", "๑ ก.พ. ๒๕๖๐", "วันที่ 9 ธันวาคม พ.ศ. 2476" → a C.E. date.

Thai documents write the day, the month by name (full or abbreviated) and the Buddhist-Era
year.  Before the 1941 calendar reform the Thai year began on 1 April, so January–March of
B.E. 2483 and earlier fall in the *next* C.E. year (:func:`be_date_to_ce`): "๑ กุมภาพันธ์
๒๔๗๘" is 1 February 1936, not 1935.  Typed sources misspell month names ("เมายน" for
เมษายน); a word within one edit of exactly one month name is read as that month.
"""

from __future__ import annotations

import re
from datetime import date

from .digits import to_arabic_digits
from .years import BE_OFFSET, MAX_BE, MIN_BE

THAI_MONTHS: tuple[str, ...] = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
THAI_MONTH_ABBREVIATIONS: tuple[str, ...] = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
# The last B.E. year that began on 1 April (the reform made B.E. 2484 begin on 1 January 1941).
LAST_APRIL_NEW_YEAR_BE = 2483

_DATE_RE = re.compile(
    r"(?<![0-9])(?P<day>[0-9]{1,2})\s*"
    r"(?P<month>[\u0e01-\u0e4e.]{3,12})\s*"
    r"(?:(?:พ\.\s*ศ\.|พุทธศักราช)\s*)?(?P<year>[0-9]{4})(?![0-9])"
)


def month_number(word: str) -> int | None:
    """The month (1–12) a Thai month name or abbreviation stands for, typos within one edit
    of a single full name included; ``None`` for any other word."""
    word = word.strip()
    if word in THAI_MONTHS:
        return THAI_MONTHS.index(word) + 1
    compact = word.replace(" ", "")
    for index, abbreviation in enumerate(THAI_MONTH_ABBREVIATIONS):
        if compact == abbreviation or compact == abbreviation.rstrip("."):
            return index + 1
    if len(word) < 5:
        return None
    close = [index for index, name in enumerate(THAI_MONTHS) if _within_one_edit(word, name)]
    return close[0] + 1 if len(close) == 1 else None


def be_date_to_ce(day: int, month: int, year_be: int) -> date:
    """The C.E. date of a Thai date, with the pre-1941 April new year; ``ValueError`` for
    an impossible date."""
    year_ce = year_be - BE_OFFSET
    if year_be <= LAST_APRIL_NEW_YEAR_BE and month <= 3:
        year_ce += 1
    return date(year_ce, month, day)


def parse_thai_date(text: str) -> date | None:
    """The first Thai date written in ``text`` ("๒๗ มกราคม ๒๔๘๕" → 1942-01-27), or ``None``."""
    for day, month, year_be in thai_dates(text):
        try:
            return be_date_to_ce(day, month, year_be)
        except ValueError:
            continue
    return None


def last_thai_date(text: str) -> date | None:
    """The last valid Thai date written in ``text`` (a reference ends with its date)."""
    found: date | None = None
    for day, month, year_be in thai_dates(text):
        try:
            found = be_date_to_ce(day, month, year_be)
        except ValueError:
            continue
    return found


def thai_dates(text: str) -> list[tuple[int, int, int]]:
    """Every (day, month, B.E. year) written as day, month name and year in ``text``."""
    found: list[tuple[int, int, int]] = []
    for match in _DATE_RE.finditer(to_arabic_digits(text)):
        month = month_number(match.group("month"))
        year_be = int(match.group("year"))
        if month is not None and MIN_BE <= year_be <= MAX_BE:
            found.append((int(match.group("day")), month, year_be))
    return found


def _within_one_edit(a: str, b: str) -> bool:
    """True when ``a`` becomes ``b`` by at most one insertion, deletion or substitution."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = j = edits = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i += 1
            j += 1
            continue
        edits += 1
        if edits > 1:
            return False
        if len(a) == len(b):
            i += 1
        j += 1
    return edits + (len(b) - j) + (len(a) - i) <= 1
