"""Section numbering of Thai legislation, parsed from any written form.

Thai codes number inserted provisions two ways: with a Pali ordinal after the number
("มาตรา 277 ทวิ", "277 ตรี", ...) and with a slash ("มาตรา 193/30").  Code order is
277 < 277 ทวิ < 277 ตรี < 277/1 < 277/2 < 278, and 193/9 < 193/10, which neither a string
nor a float sort gives.  :func:`parse_section_number` accepts what real sources contain:
Thai or Arabic digits, "277ทวิ" without a space, a leading "มาตรา"/"ม."/"ข้อ", stray spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .digits import to_arabic_digits

# Pali ordinals used for inserted sections, with their rank (ทวิ = 2nd, ตรี = 3rd, ...).
ORDINAL_SUFFIXES: dict[str, int] = {
    "ทวิ": 2,
    "ตรี": 3,
    "จัตวา": 4,
    "เบญจ": 5,
    "ฉ": 6,
    "สัตต": 7,
    "อัฏฐ": 8,
    "นว": 9,
    "ทศ": 10,
    "เอกาทศ": 11,
    "ทวาทศ": 12,
    "เตรส": 13,
    "จตุทศ": 14,
    "ปัณรส": 15,
    "โสฬส": 16,
    "สัตตรส": 17,
    "อัฏฐารส": 18,
    "เอกูนวีสติ": 19,
    "วีสติ": 20,
}
# Spellings met in real data, mapped to the canonical suffix.
SUFFIX_VARIANTS: dict[str, str] = {
    "ปัณณรส": "ปัณรส",
    "อัฎฐ": "อัฏฐ",
    "อัฐ": "อัฏฐ",
    "อัฏฐะ": "อัฏฐ",
    "จัตตวา": "จัตวา",
    "เบญจะ": "เบญจ",
    "สัตตะ": "สัตต",
    "นวะ": "นว",
    "ทศะ": "ทศ",
}
LABELS = {"มาตรา": "มาตรา", "ม.": "มาตรา", "ม": "มาตรา", "ข้อ": "ข้อ", "section": "มาตรา", "s.": "มาตรา"}

_suffix_alternatives = sorted(
    [*ORDINAL_SUFFIXES, *SUFFIX_VARIANTS], key=len, reverse=True
)
_NUMBER_RE = re.compile(
    r"^\s*(?P<label>มาตรา|ม\.?|ข้อ|section|s\.)?\s*"
    r"(?P<base>\d+)\s*"
    r"(?:/\s*(?P<slash>\d+))?\s*"
    r"(?P<suffix>" + "|".join(map(re.escape, _suffix_alternatives)) + r")?\s*"
    r"(?:/\s*(?P<slash2>\d+))?\s*$",
    re.IGNORECASE,
)


class SectionNumberError(ValueError):
    """The text is not a section number in any written form lawreg knows."""


@dataclass(frozen=True, order=False)
class SectionNumber:
    """A parsed section number: ``base`` [``suffix``] [/``slash``], e.g. 193/30 or 277 ทวิ."""

    base: int
    suffix: str | None = None
    slash: int | None = None
    label: str = "มาตรา"

    @property
    def canonical(self) -> str:
        """Arabic digits, one space before a Pali ordinal: "277 ทวิ", "193/30"."""
        text = str(self.base)
        if self.suffix:
            text += f" {self.suffix}"
        if self.slash is not None:
            text += f"/{self.slash}"
        return text

    @property
    def sort_key(self) -> str:
        """A string that sorts in code order (fixed width, so SQL ORDER BY works too):
        65 < 65 ทวิ < ... < 65 อัฏฐ < 65 อัฏฐ/1 < 65 นว < 65/1 < 65/2 < 66.  A slash after a
        suffix numbers sections inserted after that suffixed one; a slash alone comes after
        all of them."""
        if self.suffix:
            return f"{self.base:06d}.0.{ORDINAL_SUFFIXES[self.suffix]:02d}.{(self.slash or 0):05d}"
        if self.slash:
            return f"{self.base:06d}.1.{self.slash:05d}.00"
        return f"{self.base:06d}.0.00.00000"

    def __str__(self) -> str:
        return self.canonical


def parse_section_number(text: str | int, *, default_label: str = "มาตรา") -> SectionNumber:
    """Parse "มาตรา ๒๗๗ ทวิ", "277ทวิ", "193/30", "ข้อ ๕", 42 into a :class:`SectionNumber`.

    Raises :class:`SectionNumberError` naming the text when it is not a section number.
    """
    raw = str(text)
    normalised = to_arabic_digits(raw).replace("\u200b", "").strip()
    match = _NUMBER_RE.match(normalised)
    if not match:
        raise SectionNumberError(f"not a section number: {raw!r}")
    label_text = (match.group("label") or "").lower()
    label = LABELS.get(label_text, default_label) if label_text else default_label
    suffix = match.group("suffix")
    if suffix:
        suffix = SUFFIX_VARIANTS.get(suffix, suffix)
    slash_text = match.group("slash") or match.group("slash2")
    if match.group("slash") and match.group("slash2"):
        raise SectionNumberError(f"two slash numbers in {raw!r}")
    return SectionNumber(
        base=int(match.group("base")),
        suffix=suffix,
        slash=int(slash_text) if slash_text else None,
        label=label,
    )


def section_sort_key(text: str | int) -> str:
    """Sort key of a written section number; see :attr:`SectionNumber.sort_key`."""
    return parse_section_number(text).sort_key
