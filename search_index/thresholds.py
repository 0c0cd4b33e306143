"""Conditions on a number: the sections whose thresholds a query's facts meet.

A rule applies by a threshold — "ห้ามมิให้นายจ้างจ้างเด็กอายุต่ำกว่าสิบห้าปี", "ลูกจ้างซึ่ง
ทำงานติดต่อกันครบหกปี", "ผู้ซึ่งมีอายุไม่ถึงยี่สิบปี" — while a citizen states a fact: "จ้าง
เด็กอายุสิบสี่ปีได้หรือไม่", "ทำงานมาเจ็ดปีถูกเลิกจ้าง".  The words differ (สิบสี่ is not
สิบห้า), so no word of the query finds the threshold; only the comparison does.

At index time :func:`threshold_fields` records each threshold a section states on a length
of time, as ``unit:op:bound`` keywords ("ปี:lt:15").  At query time :func:`stated_facts`
reads the quantities the query states without a comparison word of its own, and
:func:`lift_thresholds` multiplies the scores of the found sections with a threshold that
one of them meets.  The words of such a number ("สิบ", "สี่") are compared, not matched:
:mod:`.query` leaves them out of the words it scores, where they would favour any section
that happens to write "สิบ" or "สี่".  A threshold the query itself states ("อายุต่ำกว่ายี่สิบปี") is matched
by its words; a term of imprisonment ("จำคุกไม่เกินสามปี") is a penalty, not a condition,
and is not recorded.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from whoosh.searching import Searcher

from lawreg.search.documents import KIND_SECTION, Document, keyword_value
from lawreg.thai.number_words import (
    DIGITS_PATTERN,
    NUMBER_WORDS_PATTERN,
    ThaiNumberError,
    parse_number,
)

from .scoring import Scores, term_docs, terms_with_prefix

THRESHOLDS_FIELD = "thresholds"
THRESHOLD_LIFT = 1.3  # a section whose threshold the query's fact meets

_OPERATORS: dict[str, str] = {
    "ต่ำกว่า": "lt", "ไม่ถึง": "lt", "น้อยกว่า": "lt", "ไม่ครบ": "lt",
    "ไม่เกิน": "le",
    "เกินกว่า": "gt", "เกิน": "gt", "มากกว่า": "gt",
    "ตั้งแต่": "ge", "ไม่ต่ำกว่า": "ge", "ไม่น้อยกว่า": "ge", "ครบ": "ge",
}
_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "lt": operator.lt, "le": operator.le, "gt": operator.gt, "ge": operator.ge}
_UNITS = ("ปี", "เดือน", "วัน")
_NUMBER = rf"(?:{NUMBER_WORDS_PATTERN}|{DIGITS_PATTERN})"
_UNIT = "|".join(_UNITS)
# Longer comparison words first: "ไม่ต่ำกว่า" is not "ต่ำกว่า".
_OPERATOR = "|".join(sorted(_OPERATORS, key=len, reverse=True))
_THRESHOLD = re.compile(rf"(?P<op>{_OPERATOR})(?P<number>{_NUMBER})(?P<unit>{_UNIT})")
_QUANTITY = re.compile(rf"(?P<number>{_NUMBER})(?P<unit>{_UNIT})")
_PENALTY_BEFORE = re.compile(r"(?:จำคุก|กักขัง|ปรับ)\Z")


@dataclass(frozen=True)
class Fact:
    """A quantity a query states: ``value`` in ``unit``, its number ``written`` so."""

    value: float
    unit: str
    written: str = ""


def thresholds(text: str) -> list[str]:
    """The ``unit:op:bound`` keys of the thresholds ``text`` states (imprisonment left out)."""
    compact = "".join(text.split())
    found: list[str] = []
    for match in _THRESHOLD.finditer(compact):
        if _PENALTY_BEFORE.search(compact, max(0, match.start() - 8), match.start()):
            continue
        try:
            bound = parse_number(match.group("number"))
        except (ThaiNumberError, ValueError):
            continue
        found.append(f"{match.group('unit')}:{_OPERATORS[match.group('op')]}:{bound:g}")
    return list(dict.fromkeys(found))


def threshold_fields(document: Document) -> dict[str, str]:
    """The index field a section document gets from the thresholds it states."""
    if document.get("kind") != KIND_SECTION:
        return {}
    value = keyword_value(thresholds(document.get("text") or ""))
    return {THRESHOLDS_FIELD: value} if value else {}


def stated_facts(text: str) -> list[Fact]:
    """The quantities ``text`` (a query) states as facts: "อายุสิบสี่ปี", "ทำงานมาหกปี"; not
    those it compares ("อายุต่ำกว่ายี่สิบปี"), nor a question's "กี่ปี"."""
    compact = "".join(text.split())
    facts: list[Fact] = []
    for match in _QUANTITY.finditer(compact):
        before = compact[max(0, match.start() - 10):match.start()]
        if any(before.endswith(word) for word in _OPERATORS):
            continue
        try:
            number = match.group("number")
            facts.append(Fact(parse_number(number), match.group("unit"), number))
        except (ThaiNumberError, ValueError):
            continue
    return list(dict.fromkeys(facts))


def met(key: str, facts: Sequence[Fact]) -> bool:
    """Whether one of ``facts`` meets the threshold ``key`` (``unit:op:bound``)."""
    unit, op, bound = key.split(":")
    return any(fact.unit == unit and _COMPARE[op](fact.value, float(bound)) for fact in facts)


def lift_thresholds(searcher: Searcher, found: Scores, facts: Sequence[Fact]) -> Scores:
    """``found`` with the sections whose thresholds ``facts`` meet lifted by
    :data:`THRESHOLD_LIFT` (none in an index written before the field existed)."""
    if not facts or not found.size or THRESHOLDS_FIELD not in searcher.schema:
        return found
    keys = [key for unit in {fact.unit for fact in facts}
            for key in terms_with_prefix(searcher, THRESHOLDS_FIELD, f"{unit}:")]
    meeting = [term_docs(searcher, THRESHOLDS_FIELD, key) for key in keys if met(key, facts)]
    if not meeting:
        return found
    lifted = np.isin(found.docs, np.unique(np.concatenate(meeting)), assume_unique=True)
    return Scores(found.docs, np.where(lifted, found.scores * THRESHOLD_LIFT, found.scores))
