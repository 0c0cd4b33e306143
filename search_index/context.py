"""A section number cited without its law, read in the context of the rest of the query.

A ruling-style question names the Act once, or not at all, and cites its sections in
passing: "… โจทก์มีสิทธิได้รับค่าชดเชยตามมาตรา 118 เท่าใด …".  Alone, "มาตรา 118" can
only lift every section 118 of the statute book (:mod:`.citing`); in the question it means
section 118 of the law the question is about.  :func:`context_law` takes that law from
the ranking itself — the law whose sections hold most of the score of the best matches —
and :func:`bare_section_pins` pins its cited sections, in the order cited.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from .scoring import Scores, ranked

CONTEXT_DEPTH = 10  # the best matches that vote for the law
MIN_SHARE = 0.5  # the share of their score the law must hold


def context_law(found: Scores, law_of_doc: np.ndarray, depth: int = CONTEXT_DEPTH,
                min_share: float = MIN_SHARE) -> int | None:
    """The law id (``law_of_doc`` gives each document's, -1: none) holding at least
    ``min_share`` of the summed score of the best ``depth`` matches; ``None`` when no law
    does (the query is about several laws, or none)."""
    if not found.size:
        return None
    best = ranked(found, depth)
    laws = law_of_doc[found.docs[best]]
    scores = found.scores[best]
    known = laws >= 0
    total = float(scores.sum())
    if not known.any() or total <= 0:
        return None
    sums = np.bincount(laws[known], weights=scores[known])
    law = int(np.argmax(sums))
    return law if sums[law] >= min_share * total else None


def bare_section_pins(sections: Sequence[str], law_key: str,
                      exists: Callable[[str], bool]) -> list[str]:
    """The doc ids of ``sections`` in the law ``law_key`` that the index holds, in order."""
    pins = [f"{law_key}#{section}" for section in dict.fromkeys(sections)]
    return [pin for pin in pins if exists(pin)]
