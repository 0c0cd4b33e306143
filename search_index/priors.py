"""Law-level evidence in section ranking.

Over 671 laws a query's words turn up in many Acts, and a section can score well on one
rare word in a law that has nothing to do with the question ("หาย" in the Pawnshop Act for
"บัตรประชาชนหาย").  The law the question is about usually shows itself by *several* of its
sections matching well.  :func:`focus_on_laws` measures each law by the mean of its best
:data:`TOP_SECTIONS` section scores and scales every section's score by
``1 + weight × (its law's strength / the strongest law's)``: sections of the law the query
is about move up, a lone good match in an unrelated law moves down.  It only reorders the
matches; what matches, the total and the facet counts stay as they were.
"""

from __future__ import annotations

import numpy as np

from .scoring import Scores

TOP_SECTIONS = 3


def law_strength(scores: np.ndarray, laws: np.ndarray, top: int = TOP_SECTIONS) -> np.ndarray:
    """Per law id (0 .. laws.max()): the sum of its best ``top`` scores divided by ``top``
    (a law with one good section is weaker than one with three).  ``laws`` holds each
    score's law id, -1 for none (such scores count for no law)."""
    if not scores.size or laws.max(initial=-1) < 0:
        return np.zeros(0)
    known = laws >= 0
    scores, laws = scores[known], laws[known]
    order = np.lexsort((-scores, laws))
    grouped = laws[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    sizes = np.diff(np.r_[starts, grouped.size])
    rank = np.arange(grouped.size) - np.repeat(starts, sizes)
    best = rank < top
    return np.bincount(grouped[best], weights=scores[order][best], minlength=int(laws.max()) + 1) / top


def focus_on_laws(found: Scores, law_of_doc: np.ndarray, weight: float) -> Scores:
    """``found`` with each score scaled by its law's relative strength (see module doc);
    ``law_of_doc`` gives every document's law id (-1: none)."""
    if not found.size or weight <= 0:
        return found
    laws = law_of_doc[found.docs]
    strength = law_strength(found.scores, laws)
    if not strength.size or strength.max() <= 0:
        return found
    relative = np.where(laws >= 0, strength[np.maximum(laws, 0)] / strength.max(), 0.0)
    return Scores(found.docs, found.scores * (1.0 + weight * relative))
