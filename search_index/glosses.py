"""A law's own definitions as its thesaurus.

A citizen names a thing in the words a law uses to *define* a term, not in the term the
law then uses everywhere else: "ต่อเติมบ้าน" where the Building Control Act requires a
permit to "ดัดแปลง … อาคาร", having defined "“ดัดแปลง” หมายความว่า เปลี่ยนแปลง ต่อเติม
…" and "“อาคาร” หมายความว่า ตึก บ้าน เรือน …"; "โรงงานข้างบ้านส่งกลิ่นเหม็น" where the
Public Health Act's nuisance section speaks of "อาคาร", which it too defines by "บ้าน".  The
definitions section is the statute's own bridge between the two vocabularies, written by
the drafters for every term of every Act, so following it needs no hand-made entry.

At index time :func:`gloss_fields` records, on each definitions section, which words each
defined term's definition uses (a keyword field of ``word|term`` pairs, the words analysed
as all Thai text is).  At query time :func:`glosses` looks up, for each query word, the
terms whose definitions use it; :mod:`.query` then searches each term within the law that
defines it, and :mod:`.coverage` counts the term where a section lacks the word itself.

Only a real gap between the two vocabularies is bridged.  The law must use the citizen's
word nowhere but in the definition (:data:`MAX_OWN_USES`): a law that writes "ต่อเติม" in
its own rules is found by the word itself.  The word must be rare across the statute book
(:data:`MAX_SHARE`) and gloss few terms (:data:`MAX_TERMS`): "บุคคล" opens hundreds of
definitions and stands for none of them.  Only a definition's head counts
(:func:`head_words`).  And a word the definition of a term the query itself names uses
("กักกันผู้สัมผัสโรค") qualifies that term rather than standing for its siblings.

Measured on the statute-book dev set (113 queries, ``bench/relevance_bench.py``):
Recall@10 0.867 → 0.876, MRR@10 0.752 → 0.763 ("ต่อเติมบ้านโดยไม่ขออนุญาต" finds the
permit section fourth, "โรงงานข้างบ้านส่งกลิ่นเหม็น" the nuisance section first); the
codes' dev set is unchanged (the codes define few terms in quotes).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.searching import Searcher

from lawreg.search.documents import KIND_SECTION, Document, keyword_value

from .analysis import analyze
from .provisions import QUOTED_TERM
from .schema import build_schema
from .scoring import term_docs, terms_with_prefix

GLOSSES_FIELD = "glosses"
SEPARATOR = "|"
MAX_TERMS = 6  # a word glossing more terms than this is too general to follow
MAX_SHARE = 0.01  # a word in more of the sections than this is no one term's stand-in
MAX_OWN_USES = 1  # a law using the word beyond its definitions needs no gloss
MAX_HEAD = 20  # words of a definition's head read ...
MAX_BODY = 400  # ... from at most its first 400 characters

# "“ดัดแปลง” หมายความว่า …" up to the next quoted term or the end of the section.
_DEFINITION = re.compile(rf"{QUOTED_TERM}(?:ว่า|รวม(?:ถึง)?)\s*([^“\"]*)")
# Words that end a definition's head (see head_words).
_QUALIFIERS = frozenset(("ซึ่ง", "ที่", "อัน", "เพื่อ", "โดย", "ตาม", "แห่ง", "ของ", "ทั้งนี้",
                         "ให้", "หมายความ", "รวม", "ใน", "เกี่ยวกับ", "ว่า", "เมื่อ"))


@dataclass(frozen=True)
class Gloss:
    """``term`` of the law ``law_key`` is defined with the query word ``word``."""

    word: str
    term: str
    law_key: str


def definitions(text: str) -> list[tuple[str, str]]:
    """The (term, definition) pairs of the quoted definitions in ``text``, each definition
    up to its first list item ("(๑)"), which adds to what the opening names."""
    return [(term.strip(), body.split("(", 1)[0][:MAX_BODY]) for term, body in _DEFINITION.findall(text)]


def head_words(words: Sequence[str]) -> list[str]:
    """The words a definition opens with, up to its first qualifying word: the things the
    term names ("ตึก บ้าน เรือน โรง ร้าน แพ คลังสินค้า สำนักงาน และสิ่ง…"), or its genus
    ("บุคคลซึ่ง…").  What follows qualifies the head in the drafters' words ("ซึ่งมีอายุต่ำ
    กว่า…", "ตามที่รัฐมนตรีประกาศ"); a query word found only there is rarely what the term
    means."""
    head: list[str] = []
    for word in words[:MAX_HEAD]:
        if word in _QUALIFIERS:
            break
        head.append(word)
    return head


@cache
def _text_analyzer() -> CompositeAnalyzer:
    """The analyzer of the ``text`` field: a gloss's words are the words a query finds."""
    analyzer: CompositeAnalyzer = build_schema()["text"].analyzer
    return analyzer


def gloss_fields(document: Document) -> dict[str, str]:
    """The index field a section document gets from the definitions it holds (none when it
    defines nothing).  A word of the term itself ("บ่อน้ำ" of "บ่อน้ำบาดาล") is no gloss."""
    if document.get("kind") != KIND_SECTION:
        return {}
    thai = _text_analyzer()
    pairs: list[str] = []
    for term, body in definitions(document.get("text") or ""):
        own = set(analyze(thai, term))
        name = " ".join(term.replace(",", " ").replace(SEPARATOR, " ").split())
        pairs.extend(f"{word}{SEPARATOR}{name}" for word in dict.fromkeys(head_words(analyze(thai, body)))
                     if word not in own and SEPARATOR not in word and "," not in word)
    value = keyword_value(pairs)
    return {GLOSSES_FIELD: value} if value else {}


def glosses(searcher: Searcher, words: Sequence[str], law_of_doc: np.ndarray,
            law_keys: Sequence[str]) -> list[Gloss]:
    """The defined terms whose definitions use one of ``words`` where the defining law
    itself hardly uses the word (in at most :data:`MAX_OWN_USES` sections, the definition
    included): the citizen's word and the law's term are then two vocabularies, and only
    the term finds the law's rules.  A law using the word throughout needs no bridge.

    ``law_of_doc`` gives each document's law as an index into ``law_keys``.  None for a word
    that glosses more than :data:`MAX_TERMS` terms, or in an index written before the
    field existed."""
    if GLOSSES_FIELD not in searcher.schema:
        return []
    ceiling = MAX_SHARE * searcher.doc_count()
    found: list[Gloss] = []
    for word in dict.fromkeys(words):
        prefix = f"{word}{SEPARATOR}"
        pairs = terms_with_prefix(searcher, GLOSSES_FIELD, prefix)
        if not pairs or searcher.doc_frequency("text", word) > ceiling:
            continue
        laws_using = law_of_doc[term_docs(searcher, "text", word)]
        uses = np.bincount(laws_using[laws_using >= 0], minlength=len(law_keys))
        entries = [Gloss(word, pair[len(prefix):], law_keys[law])
                   for pair in pairs
                   for law in np.unique(law_of_doc[term_docs(searcher, GLOSSES_FIELD, pair)])
                   if 0 <= law < len(law_keys) and uses[law] <= MAX_OWN_USES]
        if len(entries) <= MAX_TERMS:
            found.extend(entries)
    return found
