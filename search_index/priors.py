"""Document priors: what a section's law, and the rest of the statute book, say about its
worth as an answer before any word of the query is matched.

The statute book holds, next to each principal Act, the amending instruments appended to its
consolidated text ("พระราชบัญญัติประกันสังคม (ฉบับที่ 4) พ.ศ. 2558"), each a law of its own
with its reasons and transitional sections.  Their titles repeat the principal Act's words,
so for "บัตรประชาชนหาย" the transitional section of an amending Act outranked the ID Card
Act itself.  A reader almost always wants the rule in force, which lives in the principal
Act's sections: :func:`demote_amending` scales the scores of an amending instrument's
documents down (they still match, count in the facets and can be filtered to).

An amending instrument is recognised by its title, as Thai drafting names them: "(ฉบับที่ N)"
or "แก้ไขเพิ่มเติม" ("พระราชบัญญัติแก้ไขเพิ่มเติม...").

The sections other sections cite are the load-bearing ones: the prohibition its penalty
section names ("ผู้ใดฝ่าฝืนมาตรา 14 ต้องระวางโทษ…"), the duty its procedure refers to.  Among
sections that match a query about equally, the one the law itself keeps citing is more often
the answer than a neighbour that repeats the words: :func:`lift_cited` raises a score by the
logarithm of how many sections cite it, counted by the registry's citation table and kept in
the section's index document (re-indexed whenever the count changes).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from whoosh.searching import Searcher

from .scoring import Scores, column_array

AMENDING_MARKS = ("(ฉบับที่", "แก้ไขเพิ่มเติม")


def is_amending_title(title: str) -> bool:
    """Whether a law's title names an amending instrument."""
    return any(mark in title for mark in AMENDING_MARKS)


def amending_flags(law_keys: Sequence[str], titles: Mapping[str, str]) -> np.ndarray:
    """For each law key (in the order of a facet column's values), whether its title names
    an amending instrument; a key without a title is not one."""
    return np.array([is_amending_title(titles.get(key, "")) for key in law_keys], dtype=bool)


def demote_amending(found: Scores, law_of_doc: np.ndarray, amending: np.ndarray, weight: float) -> Scores:
    """``found`` with the scores of amending instruments' documents multiplied by ``weight``;
    ``law_of_doc`` gives each document's law id (-1: none), ``amending`` each law id's flag."""
    if not found.size or weight >= 1.0 or not amending.any():
        return found
    laws = law_of_doc[found.docs]
    hit = np.zeros(laws.size, dtype=bool)
    known = laws >= 0
    hit[known] = amending[laws[known]]
    if not hit.any():
        return found
    return Scores(found.docs, np.where(hit, found.scores * weight, found.scores))


def citation_counts(searcher: Searcher) -> np.ndarray:
    """For each document number of ``searcher``, how many sections cite it (its
    ``cited_count`` column; zero where absent, and everywhere in an index built before it)."""
    if "cited_count" not in searcher.schema:
        return np.zeros(searcher.doc_count_all(), dtype=np.float64)
    return column_array(searcher, "cited_count").astype(np.float64)


def lift_cited(found: Scores, counts: np.ndarray, weight: float) -> Scores:
    """``found`` with each score multiplied by ``1 + weight * ln(1 + times cited)``."""
    if not found.size or weight <= 0.0:
        return found
    return Scores(found.docs, found.scores * (1.0 + weight * np.log1p(counts[found.docs])))
