"""Companion sections: the ones a law ties together by citing each other.

A Thai Act states a duty in one section and its penalty in another that only cites it
("ผู้ใดฝ่าฝืนมาตรา ๔๓ (๒) ต้องระวางโทษ…", จราจรทางบก 160 ตรี); a definition, a procedure or an
exception likewise lives apart from the rule it serves.  Someone asking "เมาแล้วขับโดนโทษ
อะไร" needs both halves, but BM25 only finds the half holding the words: the penalty section
has almost none of them.  The law's own cross-references say which sections belong together.

At index time :func:`companion_fields` records the sections of its own law each section
cites (:func:`lawreg.thai.citations.own_law_sections`, a stored keyword field).  At query
time :func:`lift_companions` takes the best :data:`TOP` matches and raises each section of
the same law that one of them cites, or that cites one of them, towards it: its score
grows by :data:`SHARE` of the match's score, but stays below the match itself, so the
companion comes next to the section that brought it and never ahead of it.  Only sections
the query matched are raised: a lift re-orders, it never finds.

Measured on the statute-book dev set (113 queries, ``bench/relevance_bench.py``):
Recall@10 0.791 → 0.839, MRR@10 0.716 → 0.722 (see bench/README.md).
"""

from __future__ import annotations

import numpy as np
from whoosh.searching import Searcher

from lawreg.search.documents import KIND_SECTION, Document, keyword_value
from lawreg.thai.citations import own_law_sections

from .provisions import ROLE_PENALTY, ROLES_FIELD
from .scoring import Scores, term_docs

CITES_FIELD = "cites"
TOP = 10  # the best matches whose companions are raised
SHARE = 0.3  # a companion gains this share of its match's score ...
CEILING = 0.999  # ... but stays below the match
PENALTY_TOP = 3  # the best matches whose penalties a query asking for one brings
SPECIFIC = 0.99  # a penalty citing n sections comes 0.99^(n-1) below the match


def companion_fields(document: Document) -> dict[str, str]:
    """The index field a section document gets from its text (none for a law document, or
    a section citing no other section of its law)."""
    if document.get("kind") != KIND_SECTION:
        return {}
    cited = [number for number in own_law_sections(document.get("text") or "")
             if number != document.get("section")]
    value = keyword_value(cited)
    return {CITES_FIELD: value} if value else {}


def companions(searcher: Searcher, doc: int, law_of_doc: np.ndarray) -> np.ndarray:
    """The document numbers of the sections of ``doc``'s law that it cites or that cite it."""
    fields = searcher.stored_fields(doc)
    law_key, section = fields.get("law_key"), fields.get("section")
    if not law_key or not section:
        return np.zeros(0, dtype=np.int64)
    numbers = [number for number in (fields.get(CITES_FIELD) or "").split(",") if number]
    cited = [docnum for number in numbers
             if (docnum := searcher.document_number(doc_id=f"{law_key}#{number}")) is not None]
    citing = term_docs(searcher, CITES_FIELD, section)
    citing = citing[law_of_doc[citing] == law_of_doc[doc]]
    linked = np.union1d(np.array(cited, dtype=np.int64), citing)
    return linked[linked != doc]


def lift_companions(searcher: Searcher, found: Scores, law_of_doc: np.ndarray | None) -> Scores:
    """``found`` with the companions of its best :data:`TOP` documents raised (see the
    module's docstring).  An index written before the field existed has none to raise."""
    if law_of_doc is None or not found.size or CITES_FIELD not in searcher.schema:
        return found
    best = np.argsort(-found.scores, kind="stable")[:TOP]
    raised = found.scores.copy()
    for i in best:
        score = float(found.scores[i])
        linked = companions(searcher, int(found.docs[i]), law_of_doc)
        rows = np.flatnonzero(np.isin(found.docs, linked, assume_unique=True))
        own = found.scores[rows]
        lifted = np.maximum(own, np.minimum(own + SHARE * score, CEILING * score))
        raised[rows] = np.maximum(raised[rows], lifted)
    return Scores(found.docs, raised)


def bring_penalties(searcher: Searcher, found: Scores, law_of_doc: np.ndarray | None,
                    allowed: np.ndarray | None) -> Scores:
    """``found`` with the penalty sections that cite one of its best :data:`PENALTY_TOP`
    matches placed right below that match, found or not: someone asking "เมาแล้วขับโดนโทษ
    อะไร" is answered by "ผู้ใดฝ่าฝืนมาตรา ๔๓ (๒) ต้องระวางโทษ…", which holds none of the
    query's words.  Only the sections of ``allowed`` (``None``: all) are brought."""
    if law_of_doc is None or not found.size or ROLES_FIELD not in searcher.schema:
        return found
    penalties = term_docs(searcher, ROLES_FIELD, ROLE_PENALTY)
    brought: dict[int, float] = {}
    for i in np.argsort(-found.scores, kind="stable")[:PENALTY_TOP]:
        doc, score = int(found.docs[i]), float(found.scores[i])
        section = searcher.stored_fields(doc).get("section")
        if not section or doc in penalties:
            continue
        citing = term_docs(searcher, CITES_FIELD, section)
        citing = citing[(law_of_doc[citing] == law_of_doc[doc]) & np.isin(citing, penalties)]
        for penalty in citing.tolist():
            # The penalty of this section alone before one shared by a list of sections.
            shared = len((searcher.stored_fields(penalty).get(CITES_FIELD) or "").split(","))
            lifted = CEILING * score * SPECIFIC ** (shared - 1)
            brought[penalty] = max(brought.get(penalty, 0.0), lifted)
    extra = np.array(sorted(brought), dtype=found.docs.dtype)
    if allowed is not None:
        extra = extra[np.isin(extra, allowed)]
    if not extra.size:
        return found
    docs = np.union1d(found.docs, extra)
    scores = np.zeros(docs.size, dtype=np.float64)
    scores[np.searchsorted(docs, found.docs)] = found.scores
    rows = np.searchsorted(docs, extra)
    scores[rows] = np.maximum(scores[rows], [brought[doc] for doc in extra.tolist()])
    return Scores(docs, scores)
