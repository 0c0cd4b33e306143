"""The index schema: one document per section, plus one per law.

A citizen's question is answered by a section ("มาตรา 334"), so sections are the documents
(doc id ``law_key#section``, e.g. ``criminal-code#334``).  Each section document carries its
law's fields too (title, type, year, status, agency, groups), so filters and facets work on
sections directly and a title word can lift a law's sections.  One law-level document per
law (doc id ``law_key``, no section) makes laws without sections — the 2,215 catalogue
entries — findable by title, and stores the per-law document count and content hash that
:mod:`lawreg.services.search` compares with the database to detect drift.
"""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from lawreg.search.documents import KIND_LAW, KIND_SECTION

from .analysis import english_analyzer, thai_analyzer

__all__ = ["FACET_FIELDS", "FIELD_BOOSTS", "KIND_LAW", "KIND_SECTION", "build_schema"]

# Field boosts for BM25F, tuned on the four codes (see report): a match in the marginal
# heading or in a law's title says more about the document than one in running text.
FIELD_BOOSTS: dict[str, float] = {
    "text": 1.0,
    "heading": 2.5,
    "law_title": 1.5,
    "law_title_en": 1.5,
    "abbreviations_text": 1.5,
    "chapter": 0.6,
}
USE_STOP_WORDS = False

# Fields whose values lawreg filters and counts on (name in the index → facet name).
FACET_FIELDS = ("law_type", "status", "year_be", "agency", "groups", "law_key", "flag_categories")


def build_schema() -> Schema:
    thai = thai_analyzer(stop_words=USE_STOP_WORDS)
    return Schema(
        doc_id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        law_key=ID(stored=True, sortable=True),
        law_title=TEXT(analyzer=thai, stored=True, phrase=True),
        law_title_en=TEXT(analyzer=english_analyzer(), stored=True, phrase=True),
        abbreviations=KEYWORD(stored=True, commas=True, lowercase=True),
        abbreviations_text=TEXT(analyzer=thai, phrase=False),
        law_type=ID(stored=True, sortable=True),
        year_be=NUMERIC(int, bits=32, stored=True, sortable=True, signed=False),
        status=ID(stored=True, sortable=True),
        agency=KEYWORD(stored=True, commas=True, scorable=False),
        groups=KEYWORD(stored=True, commas=True, scorable=False),
        flag_categories=KEYWORD(stored=True, commas=True, scorable=False),
        section=ID(stored=True),
        section_sort=STORED(),
        label=STORED(),
        heading=TEXT(analyzer=thai, stored=True, phrase=True),
        chapter=TEXT(analyzer=thai, stored=True, phrase=False),
        text=TEXT(analyzer=thai, stored=True, phrase=True),
        cited_count=NUMERIC(int, bits=32, signed=False, sortable=True, default=0),  # a prior, see .priors
        # Derived from a section's text when it is indexed (see .provisions, .companions).
        defines=KEYWORD(commas=True, scorable=False),
        roles=KEYWORD(commas=True, scorable=False),
        cites=KEYWORD(stored=True, commas=True, scorable=False),  # see .companions
        glosses=KEYWORD(commas=True, scorable=False),  # see .glosses
        thresholds=KEYWORD(commas=True, scorable=False),  # see .thresholds
        doc_count=STORED(),
        content_hash=STORED(),
    )

