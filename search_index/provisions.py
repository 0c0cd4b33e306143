"""What kind of provision a section is, and which kind a query asks for.

Thai drafting marks kinds of provision in stock phrases that a reader looks for first:

* a **definition**: "“เงินทดแทน” หมายความว่า …" in a definitions section, or, in the older
  codes, a line that opens with the term ("ทรัพย์ หมายความว่า …").  Someone who types a term
  of art ("เงินทดแทน", "ทรัพย์ส่วนกลาง") wants what the law says it is; BM25 instead prefers
  the short sections that repeat the term most often.
* a **permission requirement**: "ห้ามมิให้ผู้ใด … เว้นแต่จะได้รับใบอนุญาต", "ผู้ใดจะก่อสร้าง …
  ต้องได้รับใบอนุญาต".  Someone asking whether a thing needs a permit ("เจาะบ่อน้ำบาดาลต้อง
  ขออนุญาตหรือไม่", "gun licence") wants that section, not the dozens that merely mention
  the licence (fees, renewals, revocation).  Asked outright, or told of acting without
  one ("ต่อเติมบ้านโดยไม่ขออนุญาต"), the requirement is the answer as surely as a definition
  is to a term, and counts as much (× 2; a mere mention × 1.3).
* a **prohibition**: "ห้ามมิให้นายจ้างจ้างเด็กอายุต่ำกว่าสิบห้าปี".  "…ได้หรือไม่" asks for it.
* a **penalty**: "… ต้องระวางโทษ …", which :mod:`.companions` brings to the duty it punishes
  when the query asks for one ("โดนโทษอะไร").
* a **minister's rule-making power** over a list of matters: "ให้รัฐมนตรีมีอำนาจออกกฎกระทรวง
  กำหนด (๑) … (๒) …".  Such a section holds the words of every matter it lists and answers
  none of them; it counts half unless the query asks about such powers.
* a **quantity**: "ให้มีอายุสิบปี", "ภายในสามสิบวัน", "ไม่เกินหนึ่งแสนบาท", "ร้อยละสิบห้า".
  Someone asking "เครื่องหมายการค้าคุ้มครองกี่ปี", "อายุเท่าไรต้องทำบัตร" or "how many days"
  wants the section that states the number in the unit asked for; the question words
  themselves ("กี่", "เท่าไร") are fillers the search leaves out, so nothing else sees them.

At index time :func:`provision_fields` records, per section, the terms it defines and its
kinds (two keyword fields); at query time :func:`asked_provisions` reads what the query asks
for, and :func:`lift_provisions` multiplies the scores of the matching sections that the
query found anyway.  Nothing is added to the result set: a lift re-orders, it never finds.

The quantity lift (× 1.5, chosen on the statute-book dev set among 1.2–2): statute dev
0.857/0.734 → 0.863/0.740 (the trademark's "คุ้มครองกี่ปี" from outside the top ten to
fifth); the codes' dev set unchanged at 1.5, slightly worse at 2.  The prohibition and
rule-making steps took the statute dev set from 0.876/0.763 to 0.885/0.768, the permit
questions to 0.898/0.784 (bench/README.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from whoosh.searching import Searcher

from lawreg.search.documents import KIND_SECTION, Document, keyword_value
from lawreg.search.results import Expansion

from .scoring import Scores, term_docs
from .vocabulary import drop_fillers, thai_key

DEFINES_FIELD = "defines"
ROLES_FIELD = "roles"
ROLE_PERMISSION = "permission"
ROLE_PROHIBITION = "prohibition"
ROLE_DELEGATION = "delegation"
ROLE_PENALTY = "penalty"

DEFINITION_LIFT = 2.0  # the section defining the whole query counts double
PERMISSION_LIFT = 1.3  # a permission requirement, when the query mentions a permit ...
PERMIT_QUESTION_LIFT = 2.0  # ... and when it asks whether one is needed, or acts without one
QUANTITY_LIFT = 1.5  # a section stating a quantity of the unit a question asks for
PROHIBITION_LIFT = 1.3  # a prohibition, when the question asks whether a thing is allowed
DELEGATION_WEIGHT = 0.5  # a minister's rule-making power, unless the query asks about one

# A defined term is at most 60 characters, quoted, or opening a line (the older codes).
QUOTED_TERM = r"[“\"]([^”\"\n]{1,60})[”\"]\s*หมายความ"  # "“ดัดแปลง” หมายความ…" (also .glosses)
_QUOTED_DEFINITION = re.compile(QUOTED_TERM)
_LINE_DEFINITION = re.compile(r"(?m)^[ \t]*([^\s“”\"]{2,60})\s+หมายความ(?:ว่า|รวม)")
# A section that opens by naming what a term covers: "ประโยชน์ทดแทนในกรณีคลอดบุตร ได้แก่ …",
# "อาหารผิดมาตรฐานได้แก่อาหารที่ …"; or that deems a list to be it: "อาหารที่มีลักษณะดังต่อไปนี้
# ให้ถือว่าเป็นอาหารไม่บริสุทธิ์", "ทรัพย์สินต่อไปนี้ให้ถือว่าเป็นทรัพย์ส่วนกลาง".
_OPENING_DEFINITION = re.compile(r"\A\s*([^\s“”\"(]{2,60}?)\s*ได้แก่")
_DEEMED_LIST = re.compile(r"ต่อไปนี้\s*(?:ให้)?ถือว่าเป็น\s*([^\s“”\"(]{2,60})(?=\s|\(|\Z)")
_PERMISSION = re.compile(
    r"ห้าม.{0,400}?เว้นแต่.{0,120}?อนุญาต"  # forbidden unless permitted
    r"|ต้องได้รับ(?:ใบ)?อนุญาต|ต้องขอ(?:รับ)?(?:ใบ)?อนุญาต"  # must obtain a permit
)
_ASKS_PERMISSION = re.compile(r"อนุญาต|\blicen[cs]e|\bpermit")
# Whether a permit is needed ("ต้องขออนุญาตหรือไม่", "ต้องมีใบอนุญาตไหม", "do I need a licence"),
# or what follows from acting without one ("ต่อเติมบ้านโดยไม่ขออนุญาต", "ไม่มีใบอนุญาตทำงาน"):
# the rule requiring the permit is the answer, as the definition is to "X คืออะไร".
_WITHOUT_PERMIT = (r"ไม่\s*(?:ได้)?\s*(?:ขอ|มี|รับ)?\s*(?:ใบ)?อนุญาต"
                   r"|\bwithout (?:an? )?(?:licen[cs]e|permit)|\bunlicen[cs]ed\b")
_ASKS_PERMIT_NEEDED = re.compile(
    r"ต้อง\s*(?:ขอ|มี|ได้รับ)?\s*(?:ใบ)?อนุญาต\s*(?:หรือไม่|ไหม|มั้ย|หรือเปล่า)"
    rf"|\bneed (?:an? )?(?:licen[cs]e|permit)|{_WITHOUT_PERMIT}")
# A prohibition: "ห้ามมิให้ผู้ใด…", "ห้ามนายจ้าง…", "เป็นการต้องห้าม".
_PROHIBITION = re.compile(r"ห้าม")
# A section that gives the minister power to make rules on a list of matters: "ให้รัฐมนตรีมี
# อำนาจออกกฎกระทรวงกำหนด (๑) … (๒) …", "รัฐมนตรีโดยคำแนะนำของคณะกรรมการมีอำนาจประกาศ …".
_DELEGATION = re.compile(r"\A(?:ให้)?รัฐมนตรี.{0,120}?มีอำนาจ")
_ASKS_DELEGATION = re.compile(r"รัฐมนตรี|กฎกระทรวง|ประกาศกำหนด|มีอำนาจ|\bminister|\bregulation")
# A penalty: "… ต้องระวางโทษจำคุกไม่เกิน …"; a query asking for one: "โดนโทษอะไร", "ต้องรับโทษ
# อย่างไร", "penalty for …", "fine".
_PENALTY = re.compile(r"ระวางโทษ")
_ASKS_PENALTY = re.compile(rf"โทษ|\bpenalt|\bpunish|\bfined?\b|\bfines\b|\bjail|\bprison|{_WITHOUT_PERMIT}")
# Whether a thing may be done: "…ได้หรือไม่", "…ได้ไหม", "can I …", "is it legal to …".
_ASKS_ALLOWED = re.compile(r"ได้\s*(?:หรือไม่|ไหม|มั้ย|หรือเปล่า)|\bcan (?:i|you|we)\b|\ballowed\b|\blegal to\b")

# Quantities, as statutes write them: "สิบปี", "๓๐ วัน", "หนึ่งล้านบาท", "ร้อยละสิบห้า" — a
# unit right after a number (read on the text without spaces: each unit is found once, then
# the letters before it are looked at, rather than a number sought at every letter).
_UNIT_ROLES = {"ปี": "quantity_years", "เดือน": "quantity_months", "วัน": "quantity_days",
               "ชั่วโมง": "quantity_hours", "บาท": "quantity_baht"}
_UNIT = re.compile("|".join(_UNIT_ROLES))
_NUMBER_WORDS = "หนึ่ง|สอง|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า|สิบ|เอ็ด|ร้อย|พัน|หมื่น|แสน|ล้าน"
_NUMBER_BEFORE = re.compile(rf"(?:[0-9๐-๙]|{_NUMBER_WORDS})\Z")
_PERCENT = re.compile(rf"ร้อยละ(?:[0-9๐-๙]|ยี่|{_NUMBER_WORDS})")
QUANTITY_ROLES = (*_UNIT_ROLES.values(), "quantity_percent")
_TIME = tuple(_UNIT_ROLES[unit] for unit in ("ปี", "เดือน", "วัน", "ชั่วโมง"))
_AMOUNT = (_UNIT_ROLES["บาท"], "quantity_percent")
# What a question asks the quantity of: "กี่ปี", "ปีละกี่วัน", "อายุเท่าไร", "นานเท่าไร",
# "เท่าไร" (an amount), "how many days", "how long", "how much".
_ASKS_UNIT = re.compile(r"กี่\s*(ปี|เดือน|วัน|ชั่วโมง|บาท)|how many (year|month|day|hour)s?")
_ASKS_AGE = re.compile(r"อายุ\s*(?:เท่าไร|เท่าใด|กี่)|how old|what age")
_ASKS_TIME = re.compile(r"นาน\s*(?:เท่าไร|เท่าใด|แค่ไหน|ไหม)|ระยะเวลา\s*(?:เท่าไร|เท่าใด)|how long")
_ASKS_AMOUNT = re.compile(r"เท่าไร|เท่าใด|ร้อยละ\s*เท่า|กี่เปอร์เซ็นต์|how much")
# The unit a question names, in Thai or English, to the role of the sections stating it.
_ASKED_UNIT_ROLES = {**_UNIT_ROLES, "year": _UNIT_ROLES["ปี"], "month": _UNIT_ROLES["เดือน"],
                     "day": _UNIT_ROLES["วัน"], "hour": _UNIT_ROLES["ชั่วโมง"]}
# What people type around a term when they ask what it means.
_MEANING_WORDS = re.compile(
    r"คืออะไร|คือ\s*$|หมายความว่าอย่างไร|หมายความว่า|หมายถึงอะไร|หมายถึง|ความหมายของ|ความหมาย|นิยาม"
    r"|\bdefinition of\b|\bmeaning of\b|\bwhat is (?:an? |the )?"
)


def term_key(text: str) -> str:
    """The form a defined term and a query are compared in: :func:`.vocabulary.thai_key`,
    without the commas that separate a keyword field's values."""
    return thai_key(text).replace(",", "")


def defined_terms(text: str) -> list[str]:
    """The keys of the terms ``text`` defines (:func:`term_key`), in order of appearance."""
    found = [*_QUOTED_DEFINITION.findall(text), *_LINE_DEFINITION.findall(text),
             *_OPENING_DEFINITION.findall(text), *_DEEMED_LIST.findall(text)]
    return list(dict.fromkeys(key for term in found if (key := term_key(term))))


def provision_roles(text: str) -> list[str]:
    """The kinds of provision ``text`` is: :data:`ROLE_PERMISSION`, and ``quantity_<unit>``
    for each unit it states a quantity of."""
    compact = "".join(text.split())
    roles = [ROLE_PERMISSION] if _PERMISSION.search(compact) else []
    if _PROHIBITION.search(compact):
        roles.append(ROLE_PROHIBITION)
    if _DELEGATION.search(compact):
        roles.append(ROLE_DELEGATION)
    if _PENALTY.search(compact):
        roles.append(ROLE_PENALTY)
    stated = {_UNIT_ROLES[match.group()] for match in _UNIT.finditer(compact)
              if _NUMBER_BEFORE.search(compact, max(0, match.start() - 5), match.start())}
    if _PERCENT.search(compact):
        stated.add("quantity_percent")
    return roles + [role for role in QUANTITY_ROLES if role in stated]


def asked_quantities(text: str) -> tuple[str, ...]:
    """The quantity roles a question asks for, read from its words as typed (question words
    included): "คุ้มครองกี่ปี" → years; "อายุเท่าไร" → years; "นานเท่าไร" → any length of
    time; any other "เท่าไร" → an amount of money or a percentage."""
    lowered = text.lower()
    asked = [_ASKED_UNIT_ROLES[match.group(1) or match.group(2)] for match in _ASKS_UNIT.finditer(lowered)]
    if _ASKS_AGE.search(lowered):
        asked.append("quantity_years")
    elif _ASKS_TIME.search(lowered):
        asked.extend(_TIME)
    elif not asked and _ASKS_AMOUNT.search(lowered):
        asked.extend(_AMOUNT)
    return tuple(dict.fromkeys(asked))


def provision_fields(document: Document) -> dict[str, str]:
    """The index fields a section document gets from its text (none for a law document)."""
    if document.get("kind") != KIND_SECTION:
        return {}
    text = document.get("text") or ""
    fields = {DEFINES_FIELD: keyword_value(defined_terms(text)),
              ROLES_FIELD: keyword_value(provision_roles(text))}
    return {name: value for name, value in fields.items() if value}


@dataclass(frozen=True)
class AskedProvisions:
    """What a query asks for: the definition of one of ``terms``, a permission requirement."""

    terms: tuple[str, ...] = ()
    permission: bool = False
    permit_needed: bool = False  # whether a permit is needed (see _ASKS_PERMIT_NEEDED)
    quantities: tuple[str, ...] = ()  # see asked_quantities
    allowed: bool = False  # whether a thing may be done
    delegation: bool = False  # a minister's rule-making power
    penalty: bool = False  # the penalty for a thing (see .companions.bring_penalties)


def asked_provisions(free_text: str, expansions: Iterable[Expansion], typed: str = "") -> AskedProvisions:
    """Read the query: its words without fillers and meaning words are a term whose
    definition it may want (also the legal term an everyday or English query stands for, when
    that query is nothing but the phrase); any mention of a permit asks for the requirement;
    ``typed``, the query as typed (its question words kept), says which quantity it asks."""
    bare = drop_fillers(_MEANING_WORDS.sub(" ", free_text.lower()))
    whole = term_key(bare)
    terms = [whole] if whole else []
    for expansion in expansions:
        if expansion.terms and term_key(expansion.source) == whole:
            terms.append(term_key(expansion.terms[0]))
    typed = typed or free_text
    asked = typed.lower()
    return AskedProvisions(
        terms=tuple(dict.fromkeys(terms)),
        permission=bool(_ASKS_PERMISSION.search(free_text.lower())),
        permit_needed=bool(_ASKS_PERMIT_NEEDED.search(asked)),
        quantities=asked_quantities(typed),
        allowed=bool(_ASKS_ALLOWED.search(asked)),
        delegation=bool(_ASKS_DELEGATION.search(asked)),
        penalty=bool(_ASKS_PENALTY.search(asked)),
    )


def lift_provisions(searcher: Searcher, found: Scores, asked: AskedProvisions) -> Scores:
    """``found`` with the sections of the asked kinds lifted (see the module's docstring).
    An index written before these fields existed has none, and nothing is lifted."""
    if not found.size:
        return found
    factor = np.ones(found.size)

    def weigh(field: str, values: Iterable[str], weight: float) -> None:
        """Multiply the factor of the found documents holding one of ``values``."""
        if field in searcher.schema:
            holding = [term_docs(searcher, field, value) for value in values]
            if holding:
                holders = np.unique(np.concatenate(holding))
                factor[np.isin(found.docs, holders, assume_unique=True)] *= weight

    if asked.terms:
        weigh(DEFINES_FIELD, asked.terms, DEFINITION_LIFT)
    if asked.permission:
        weigh(ROLES_FIELD, [ROLE_PERMISSION],
              PERMIT_QUESTION_LIFT if asked.permit_needed else PERMISSION_LIFT)
    if asked.allowed:
        weigh(ROLES_FIELD, [ROLE_PROHIBITION], PROHIBITION_LIFT)
    if not asked.delegation:
        weigh(ROLES_FIELD, [ROLE_DELEGATION], DELEGATION_WEIGHT)
    if asked.quantities:
        weigh(ROLES_FIELD, asked.quantities, QUANTITY_LIFT)
    return found if (factor == 1.0).all() else Scores(found.docs, found.scores * factor)
