"""What to try when a search finds nothing: the legal terms of the everyday words typed,
and spelling corrections from the index's own vocabulary ("ลักทรัพ" → "ลักทรัพย์")."""

from __future__ import annotations

from collections.abc import Sequence

from whoosh.searching import Searcher

from lawreg.search.results import Expansion
from lawreg.thai.normalize import fold_for_matching

from .understanding import QueryPlan


def suggestions(searcher: Searcher, plan: QueryPlan, synonyms: Sequence[Expansion]) -> list[str]:
    """Other queries worth trying when nothing was found: legal terms for everyday words
    (the query's ``synonyms``), and spelling corrections of each typed chunk ("ลักทรัพ" →
    "ลักทรัพย์") from the index's own vocabulary."""
    found: list[str] = []
    for expansion in synonyms:
        found.extend(expansion.terms)
    corrector = searcher.corrector("text")
    chunks = plan.free_text.split()
    corrected: list[str] = []
    for chunk in chunks:
        word = fold_for_matching(chunk)
        if searcher.doc_frequency("text", word) == 0 and len(word) >= 3:
            options = corrector.suggest(word, limit=1, maxdist=2, prefix=1)
            corrected.append(options[0] if options else chunk)
        else:
            corrected.append(chunk)
    if corrected != chunks:
        found.append(" ".join(corrected))
    return list(dict.fromkeys(found))[:5]
