"""Thai ↔ Arabic digits.  Real sources mix them ("มาตรา ๒๗๗", "พ.ศ. 2560") in one document."""

from __future__ import annotations

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)


def to_arabic_digits(text: str) -> str:
    """"มาตรา ๒๗๗" → "มาตรา 277"."""
    return text.translate(_TO_ARABIC)


def to_thai_digits(text: str) -> str:
    """"มาตรา 277" → "มาตรา ๒๗๗"."""
    return text.translate(_TO_THAI)
