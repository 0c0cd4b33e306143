"""What a cited section adds to a query: pins, notices and scoring parts.

A citation resolved by :func:`search_index.understanding.law_name_table` names one law or
several (laws sharing a short name, no year given).  The cited section of each law that has
it is pinned, the best first; a law whose text is not in the registry (a catalogue entry)
is said so and its own document pinned, rather than listing unrelated sections numbered
alike; a section the law lacks gives ``section_not_found`` and lifts the law's sections.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from whoosh.query import Phrase, Query, Term
from whoosh.searching import Searcher

from lawreg.search.results import CitedSection, Notice

from .understanding import law_name_table

BARE_SECTION_BOOST = 6.0
LAW_LIFT_BOOST = 2.0  # as search_index.query's lift of a named law
MAX_CHOICES = 8


@dataclass
class CitedPart:
    pins: list[str] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    queries: list[Query] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)  # law keys to choose from


def cited_section_query(searcher: Searcher, cited: CitedSection, number_tokens: Sequence[str]) -> CitedPart:
    """The pins, notices and optional scoring queries of one cited section."""
    part = CitedPart()
    laws = list(cited.candidates) or ([cited.law_key] if cited.law_key else [])
    if not laws:
        part.queries.append(Phrase("text", list(number_tokens)))
        part.queries.append(Term("section", cited.section, boost=BARE_SECTION_BOOST))
        return part
    if cited.ambiguous:
        part.choices = laws[:MAX_CHOICES]
    found = [f"{key}#{cited.section}" for key in laws[:MAX_CHOICES]
             if searcher.document_number(doc_id=f"{key}#{cited.section}") is not None]
    if found:
        part.pins.extend(found)
        part.queries.append(Phrase("text", list(number_tokens)))
        return part
    first = laws[0]
    if not _has_text(searcher, first):
        docnum = searcher.document_number(doc_id=first)
        title = searcher.stored_fields(docnum).get("law_title") if docnum is not None else None
        part.notices.append(Notice("law_without_text", {"law_key": first, "title": title or first,
                                                        "section": cited.section}))
        if docnum is not None:
            part.pins.append(first)
            part.queries.append(Term("doc_id", first))
        return part
    part.notices.append(Notice("section_not_found", {"law_key": first, "section": cited.section}))
    part.queries.append(Phrase("text", list(number_tokens)))
    part.queries.append(Term("law_key", first, boost=LAW_LIFT_BOOST))
    return part


def named_law_part(searcher: Searcher, text: str) -> CitedPart:
    """A query that is only a law's name ("พ.ร.บ.ล้างมลทิน", "พรบ ศุลกากร 2560"): the laws
    it names pinned, best first, and a list to choose from when several share it."""
    part = CitedPart()
    names = law_name_table(searcher)
    stripped = text.strip()
    found = names.match_at(stripped, 0) if stripped else None
    if found is None or stripped[found.end:].strip():
        return part
    keys = [law.law_key for law in found.laws[:MAX_CHOICES]]
    part.pins.extend(keys)
    if found.ambiguous:
        part.choices = keys
    return part


def _has_text(searcher: Searcher, law_key: str) -> bool:
    """Whether the index holds sections of the law (its law document counts them)."""
    docnum = searcher.document_number(doc_id=law_key)
    if docnum is None:
        return False
    return (searcher.stored_fields(docnum).get("doc_count") or 1) > 1
