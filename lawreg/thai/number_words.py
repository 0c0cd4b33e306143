"""Thai numbers written in words: "ห้าร้อย", "หนึ่งหมื่นสองพัน", "ยี่สิบเอ็ด".

Thai writes numbers in words with place-value multipliers (สิบ 10, ร้อย 100, พัน 1,000,
หมื่น 10,000, แสน 100,000, ล้าน 1,000,000) and two irregular forms: ยี่ for 2 before สิบ
("ยี่สิบ" = 20) and เอ็ด for a final 1 after a ten ("สิบเอ็ด" = 11, "ร้อยเอ็ด" = 101).  ล้าน
repeats ("หนึ่งพันล้าน" = 10⁹, "ล้านล้าน" = 10¹²): everything before a ล้าน is a count of
millions.  Statutes also write numbers in digits, Thai or Arabic, with thousands separators.
Money amounts (:mod:`lawreg.screening.money`) and the quantities search compares
(:mod:`search_index.thresholds`) are read with the same parser.
"""

from __future__ import annotations

import re

from .digits import to_arabic_digits

DIGIT_WORDS: dict[str, int] = {
    "ศูนย์": 0,
    "หนึ่ง": 1,
    "เอ็ด": 1,
    "สอง": 2,
    "ยี่": 2,
    "สาม": 3,
    "สี่": 4,
    "ห้า": 5,
    "หก": 6,
    "เจ็ด": 7,
    "แปด": 8,
    "เก้า": 9,
}
MULTIPLIERS: dict[str, int] = {
    "สิบ": 10,
    "ร้อย": 100,
    "พัน": 1_000,
    "หมื่น": 10_000,
    "แสน": 100_000,
}
MILLION = "ล้าน"

_WORDS = sorted([*DIGIT_WORDS, *MULTIPLIERS, MILLION], key=len, reverse=True)
_WORD_RE = re.compile("|".join(map(re.escape, _WORDS)))
NUMBER_WORDS_PATTERN = "(?:" + "|".join(map(re.escape, _WORDS)) + ")+"
DIGITS_PATTERN = r"[0-9๐-๙]{1,3}(?:,[0-9๐-๙]{3})+(?:\.[0-9๐-๙]+)?|[0-9๐-๙]+(?:\.[0-9๐-๙]+)?"


class ThaiNumberError(ValueError):
    """The text is not a Thai number written in words."""


def parse_thai_number(text: str) -> int:
    """The value of a Thai number written in words.

    "ห้าร้อย" → 500, "หนึ่งหมื่นสองพัน" → 12,000, "ยี่สิบเอ็ด" → 21, "สิบ" → 10,
    "สองล้านห้าแสน" → 2,500,000, "หนึ่งพันล้าน" → 1,000,000,000.  Raises
    :class:`ThaiNumberError` for text that is not made only of number words, or for a
    sequence no Thai writer produces ("ห้าห้า", "ร้อยพัน").
    """
    words = _split_words(text)
    total = 0
    group = 0  # the value below the current ล้าน
    digit: int | None = None
    last_multiplier = 10**7  # multipliers inside one group must fall: พัน before ร้อย
    for word in words:
        if word == MILLION:
            count = group + (digit or 0)
            if count == 0 and total == 0:
                count = 1  # a bare "ล้าน" is one million
            total = (total + count) * 1_000_000
            group, digit, last_multiplier = 0, None, 10**7
        elif word in MULTIPLIERS:
            value = MULTIPLIERS[word]
            if value >= last_multiplier:
                raise ThaiNumberError(f"{word} after a larger place value in {text!r}")
            group += (1 if digit is None else digit) * value
            digit, last_multiplier = None, value
        else:
            if digit is not None:
                raise ThaiNumberError(f"two digits in a row in {text!r}")
            digit = DIGIT_WORDS[word]
            if word == "ยี่" or (word == "เอ็ด" and group == 0 and total == 0):
                _check_irregular(word, text)
    return total + group + (digit or 0)


def _split_words(text: str) -> list[str]:
    words: list[str] = []
    position = 0
    for match in _WORD_RE.finditer(text):
        if match.start() != position:
            raise ThaiNumberError(f"not a Thai number: {text!r}")
        words.append(match.group(0))
        position = match.end()
    if not words or position != len(text):
        raise ThaiNumberError(f"not a Thai number: {text!r}")
    return words


def _check_irregular(word: str, text: str) -> None:
    if word == "ยี่" and "ยี่สิบ" not in text:
        raise ThaiNumberError(f"ยี่ is only written before สิบ: {text!r}")
    if word == "เอ็ด":
        raise ThaiNumberError(f"เอ็ด only ends a number after a ten or more: {text!r}")


def parse_number(text: str) -> float:
    """The value of a number written in words or in Thai/Arabic digits (with thousands
    separators)."""
    arabic = to_arabic_digits(text).replace(",", "")
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", arabic):
        return float(arabic)
    return float(parse_thai_number(text))
