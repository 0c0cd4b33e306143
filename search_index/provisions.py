"""What kind of provision a section is, and which kind a query asks for.

Thai drafting marks two kinds of provision in stock phrases that a reader looks for first:

* a **definition**: "“เงินทดแทน” หมายความว่า …" in a definitions section, or, in the older
  codes, a line that opens with the term ("ทรัพย์ หมายความว่า …").  Someone who types a term
  of art ("เงินทดแทน", "ทรัพย์ส่วนกลาง") wants what the law says it is; BM25 instead prefers
  the short sections that repeat the term most often.
* a **permission requirement**: "ห้ามมิให้ผู้ใด … เว้นแต่จะได้รับใบอนุญาต", "ผู้ใดจะก่อสร้าง …
  ต้องได้รับใบอนุญาต".  Someone asking whether a thing needs a permit ("เจาะบ่อน้ำบาดาลต้อง
  ขออนุญาตหรือไม่", "gun licence") wants that section, not the dozens that merely mention
  the licence (fees, renewals, revocation).

At index time :func:`provision_fields` records, per section, the terms it defines and its
kinds (two keyword fields); at query time :func:`asked_provisions` reads what the query asks
for, and :func:`lift_provisions` multiplies the scores of the matching sections that the
query found anyway.  Nothing is added to the result set: a lift re-orders, it never finds.
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

DEFINITION_LIFT = 2.0  # the section defining the whole query counts double
PERMISSION_LIFT = 1.3  # a permission requirement, when the query asks about a permit

# A defined term is at most 60 characters, quoted, or opening a line (the older codes).
_QUOTED_DEFINITION = re.compile(r"[“\"]([^”\"\n]{1,60})[”\"]\s*หมายความ")
_LINE_DEFINITION = re.compile(r"(?m)^[ \t]*([^\s“”\"]{2,60})\s+หมายความ(?:ว่า|รวม)")
_PERMISSION = re.compile(
    r"ห้าม.{0,400}?เว้นแต่.{0,120}?อนุญาต"  # forbidden unless permitted
    r"|ต้องได้รับ(?:ใบ)?อนุญาต|ต้องขอ(?:รับ)?(?:ใบ)?อนุญาต"  # must obtain a permit
)
_ASKS_PERMISSION = re.compile(r"อนุญาต|\blicen[cs]e|\bpermit")
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
    found = [*_QUOTED_DEFINITION.findall(text), *_LINE_DEFINITION.findall(text)]
    return list(dict.fromkeys(key for term in found if (key := term_key(term))))


def provision_roles(text: str) -> list[str]:
    """The kinds of provision ``text`` is (only :data:`ROLE_PERMISSION` so far)."""
    compact = "".join(text.split())
    return [ROLE_PERMISSION] if _PERMISSION.search(compact) else []


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


def asked_provisions(free_text: str, expansions: Iterable[Expansion]) -> AskedProvisions:
    """Read the query: its words without fillers and meaning words are a term whose
    definition it may want (also the legal term an everyday or English query stands for, when
    that query is nothing but the phrase); any mention of a permit asks for the requirement."""
    bare = drop_fillers(_MEANING_WORDS.sub(" ", free_text.lower()))
    whole = term_key(bare)
    terms = [whole] if whole else []
    for expansion in expansions:
        if expansion.terms and term_key(expansion.source) == whole:
            terms.append(term_key(expansion.terms[0]))
    return AskedProvisions(tuple(dict.fromkeys(terms)), bool(_ASKS_PERMISSION.search(free_text.lower())))


def lift_provisions(searcher: Searcher, found: Scores, asked: AskedProvisions) -> Scores:
    """``found`` with the sections of the asked kinds lifted (see the module's docstring).
    An index written before these fields existed has none, and nothing is lifted."""
    if not found.size:
        return found
    factor = np.ones(found.size)
    if asked.terms and DEFINES_FIELD in searcher.schema:
        defining = np.unique(np.concatenate([term_docs(searcher, DEFINES_FIELD, term)
                                             for term in asked.terms]))
        factor[np.isin(found.docs, defining, assume_unique=True)] *= DEFINITION_LIFT
    if asked.permission and ROLES_FIELD in searcher.schema:
        requiring = term_docs(searcher, ROLES_FIELD, ROLE_PERMISSION)
        factor[np.isin(found.docs, requiring, assume_unique=True)] *= PERMISSION_LIFT
    return found if (factor == 1.0).all() else Scores(found.docs, found.scores * factor)
