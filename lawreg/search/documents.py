"""What goes into a search engine: one :class:`Document` per section and one per law.

A citizen's question is answered by a section ("มาตรา 334"), so sections are the documents
(``doc_id`` ``law_key#section``, e.g. ``criminal-code#334``); each carries its law's fields
too, so filters and facets work on sections directly.  One law-level document per law
(``doc_id`` ``law_key``, ``kind`` :data:`KIND_LAW`) makes laws without sections findable
by title and records the law's document count and content hash, which the service layer
compares with the database to detect drift.

A document is a plain mapping (a :class:`~typing.TypedDict`), not a dataclass: the
content hash is taken over its JSON form, and a mapping keeps the hashes of indexes built
before this interface existed valid.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict

KIND_LAW = "law"
KIND_SECTION = "section"


class Document(TypedDict, total=False):
    """One index document.  Multi-valued fields (``abbreviations``, ``agency``, ``groups``,
    ``flag_categories``) are comma-joined with :func:`keyword_value`; ``None`` or ``""``
    means "no value"."""

    doc_id: str  # law_key#section, or law_key for the law document
    kind: str  # KIND_LAW | KIND_SECTION
    law_key: str
    law_title: str
    law_title_en: str | None
    abbreviations: str
    abbreviations_text: str  # the abbreviations as searchable words
    law_type: str | None
    year_be: int | None
    status: str
    agency: str  # the agency's lineage, ministry first
    groups: str
    flag_categories: str
    section: str
    section_sort: str
    label: str  # "มาตรา" or "ข้อ"
    heading: str | None
    chapter: str  # the chapter path joined with " > "
    text: str
    cited_count: int | None  # how many sections cite this one (a ranking prior)
    doc_count: int  # law document only: how many documents the law has
    content_hash: str


def keyword_value(values: Iterable[str]) -> str:
    """A list as the value of a multi-valued field (commas inside names dropped)."""
    return ",".join(v.replace(",", " ").strip() for v in values if v and v.strip())
