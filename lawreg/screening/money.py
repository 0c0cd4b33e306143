"""Money amounts in Thai legal text: "ปรับไม่เกินห้าร้อยบาท", "หนึ่งหมื่นสองพันบาท", "๕๐๐ บาท".

The number before the unit is written in words or in digits (:mod:`lawreg.thai.number_words`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..thai.normalize import normalize_with_spans
from ..thai.number_words import DIGITS_PATTERN, NUMBER_WORDS_PATTERN, ThaiNumberError, parse_number

AMOUNT_RE = re.compile(
    rf"(?P<number>{NUMBER_WORDS_PATTERN}|{DIGITS_PATTERN})\s*(?P<unit>บาท|สตางค์)"
)


@dataclass(frozen=True)
class MoneyAmount:
    """An amount of money found in a text; ``start``/``end`` index the ORIGINAL text."""

    baht: float
    start: int
    end: int
    written: str


def find_amounts(text: str) -> list[MoneyAmount]:
    """Every amount in baht (or satang) in ``text``, in order, with its span in ``text``.

    Text is normalised first so "ห้าร้อย บาท" with an NBSP or a mis-ordered tone mark is
    still found; the spans point into the text as given.
    """
    if "บาท" not in text and "สตางค์" not in text:
        return []
    normalized = normalize_with_spans(text)
    amounts: list[MoneyAmount] = []
    for match in AMOUNT_RE.finditer(normalized.text):
        try:
            value = parse_number(match.group("number"))
        except ThaiNumberError:
            continue
        if match.group("unit") == "สตางค์":
            value /= 100
        start, end = normalized.original_span(match.start(), match.end())
        amounts.append(MoneyAmount(value, start, end, text[start:end]))
    return amounts
