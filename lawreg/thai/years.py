"""Buddhist-Era years.  Thai law titles carry the B.E. year ("พ.ศ. 2560", "พ.ศ.๒๕๖๒").

B.E. = C.E. + 543 for dates from 1 January; before the 1941 reform the Thai year began on
1 April, so laws dated January–March of B.E. 2483 and earlier belong to the next C.E. year.
lawreg stores B.E. years as written in the title and converts with :func:`be_to_ce`.
"""

from __future__ import annotations

import re

from .digits import to_arabic_digits

BE_OFFSET = 543
_TITLE_YEAR_RE = re.compile(r"(?:พ\.\s*ศ\.?|พุทธศักราช)\s*(\d{4})")
_CE_YEAR_RE = re.compile(r"(?:ค\.\s*ศ\.|คริสต์ศักราช|\bA\.?D\.?)\s*(\d{4})", re.IGNORECASE)
# A plausible B.E. range for Thai legislation (the oldest laws in force date from B.E. 2400s).
MIN_BE, MAX_BE = 2400, 2700


def be_to_ce(year_be: int) -> int:
    return year_be - BE_OFFSET


def ce_to_be(year_ce: int) -> int:
    return year_ce + BE_OFFSET


def year_from_title(title: str) -> int | None:
    """The B.E. year written in a title: "… พ.ศ.2562 " → 2562; a C.E. year is converted."""
    text = to_arabic_digits(title)
    match = _TITLE_YEAR_RE.search(text)
    if match:
        year = int(match.group(1))
        return year if MIN_BE <= year <= MAX_BE else None
    match = _CE_YEAR_RE.search(text)
    if match:
        year = ce_to_be(int(match.group(1)))
        return year if MIN_BE <= year <= MAX_BE else None
    return None


def normalise_year_be(value: int | str | None) -> int | None:
    """Accept a B.E. year as int or text (Thai digits allowed); reject C.E.-looking values."""
    if value is None or value == "":
        return None
    text = to_arabic_digits(str(value)).strip()
    if not text.isdigit():
        raise ValueError(f"year_be is not a number: {value!r}")
    year = int(text)
    if not MIN_BE <= year <= MAX_BE:
        raise ValueError(f"year_be {year} is not a Buddhist-Era year ({MIN_BE}–{MAX_BE})")
    return year


_ANY_YEAR_RE = re.compile(
    r"(?P<be_label>พ\.\s*ศ\.|พุทธศักราช)\s*(?P<be>[0-9๐-๙]{4})(?![0-9๐-๙])"
    r"|(?P<ce_label>ค\.\s*ศ\.|คริสต์ศักราช|\bA\.?D\.?)\s*(?P<ce>[0-9๐-๙]{4})(?![0-9๐-๙])"
    r"|(?<![0-9๐-๙./])(?P<bare>[0-9๐-๙]{4})(?![0-9๐-๙/])",
    re.IGNORECASE,
)


def find_years(text: str) -> list[tuple[int, int, int]]:
    """Years written in running text as (year_be, start, end), C.E. years converted.

    "พ.ศ. ๒๕๖๐" and "ค.ศ. 2017" → 2560; a bare four-digit number counts only when it is a
    plausible B.E. year ("ปี 2560"), so "1336" in "มาตรา 1336" is not a year.
    """
    found: list[tuple[int, int, int]] = []
    for match in _ANY_YEAR_RE.finditer(text):
        if match.group("be"):
            year = int(to_arabic_digits(match.group("be")))
        elif match.group("ce"):
            year = ce_to_be(int(to_arabic_digits(match.group("ce"))))
        else:
            year = int(to_arabic_digits(match.group("bare")))
        if MIN_BE <= year <= MAX_BE:
            found.append((year, match.start(), match.end()))
    return found


def own_year_from_title(title: str) -> int | None:
    """The B.E. year of the instrument a title names: the *last* year written with พ.ศ. /
    พุทธศักราช, since an amending law's title carries the year of the law it amends first
    ("พระราชกำหนดแก้ไขเพิ่มเติมพระราชบัญญัติเรือไทย พุทธศักราช 2481 พ.ศ. 2562" → 2562),
    before "ออกตามความใน" (issued under) when the title names the Act it was made under."""
    title = title.split("ออกตามความใน")[0] or title  # "กฎกระทรวง ... (พ.ศ. 2503) ออกตามความใน<Act 2478>"
    years = [int(match.group(1)) for match in _TITLE_YEAR_RE.finditer(to_arabic_digits(title))]
    years = [year for year in years if MIN_BE <= year <= MAX_BE]
    return years[-1] if years else year_from_title(title)
