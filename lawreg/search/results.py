"""What a search asks and answers: :class:`SearchRequest` in, :class:`SearchResults` out.

Engine-neutral: hits name documents by their fields (law key, section), facets are
(value, count) pairs per facet name, and what the engine read into the query
(:class:`Understanding`, :class:`Notice` codes) is data the page, the API and the CLI
word in their own language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

SORTS = ("relevance", "year", "year_asc")
# Facet names, as results and filters use them.
FACET_NAMES = ("law_type", "status", "year", "agency", "group", "law", "flag")

FacetCounts = list[tuple[str, int]]  # (value, count), most frequent first (years: newest)


@dataclass
class SearchRequest:
    """A query with its filters (exact values; years Buddhist Era, inclusive) and paging."""

    text: str = ""
    law_type: str | None = None
    status: str | None = None
    law_key: str | None = None
    agency: str | None = None
    group: str | None = None
    flag: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    page: int = 1
    per_page: int = 20
    sort: str = "relevance"  # one of SORTS
    facets: bool = True  # count facets over the whole filtered result set
    snippets: bool = True

    @property
    def has_filters(self) -> bool:
        return any(
            value is not None
            for value in (self.law_type, self.status, self.law_key, self.agency, self.group,
                          self.flag, self.year_from, self.year_to)
        )

    def without_filters(self) -> SearchRequest:
        return SearchRequest(text=self.text, per_page=self.per_page, sort=self.sort)


@dataclass(frozen=True)
class Segment:
    """A piece of a snippet; ``matched``: a query word the page marks."""

    text: str
    matched: bool = False


def snippet_text(segments: Sequence[Segment]) -> str:
    return "".join(segment.text for segment in segments)


def snippet_html(segments: Sequence[Segment], tag: str = "mark") -> Markup:
    """Escape every segment, then wrap the matched ones in ``<mark>``."""
    return Markup("").join(
        Markup(f"<{tag}>{escape(s.text)}</{tag}>") if s.matched else escape(s.text)
        for s in segments
    )


@dataclass(frozen=True)
class Notice:
    """Something to tell the user about their query; pages and the CLI word it."""

    code: str  # empty | no_words | truncated | section_not_found | law_not_found | law_without_text
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CitedSection:
    """A citation read in the query ("ป.พ.พ. มาตรา 1336")."""

    law_key: str | None
    section: str
    text: str  # as written in the query
    # Every law the cited name may mean, best first, and whether several are equally
    # named with no year to choose: the page offers them as a list.
    candidates: tuple[str, ...] = ()
    ambiguous: bool = False


@dataclass(frozen=True)
class Expansion:
    """``source`` (as written in the query's folded form) stands for the legal ``terms``."""

    source: str
    terms: tuple[str, ...]


@dataclass
class Understanding:
    """What lawreg read into the query, shown to the user ("ค้นหา ลักทรัพย์ แทน ขโมย")."""

    citations: list[CitedSection] = field(default_factory=list)
    laws: list[str] = field(default_factory=list)  # keys of the laws whose title was typed
    choices: list[str] = field(default_factory=list)  # law keys: "did you mean one of these laws"
    synonyms: list[Expansion] = field(default_factory=list)
    english: list[Expansion] = field(default_factory=list)


@dataclass
class Hit:
    """One matching document: a section, or a law (``section`` ``None``)."""

    doc_id: str
    law_key: str
    law_title: str
    section: str | None
    label: str | None
    heading: str | None
    law_type: str | None
    year_be: int | None
    status: str | None
    score: float
    pinned: bool = False  # the exact answer to a citation or title, shown first
    snippet: list[Segment] = field(default_factory=list)

    @property
    def snippet_text(self) -> str:
        return snippet_text(self.snippet)

    @property
    def snippet_html(self) -> Markup:
        return snippet_html(self.snippet)

    def to_json(self) -> dict[str, Any]:
        return {
            "law_key": self.law_key,
            "law_title": self.law_title,
            "section": self.section,
            "score": round(self.score, 4),
            "snippet": self.snippet_text,
        }


@dataclass
class SearchResults:
    request: SearchRequest
    hits: list[Hit]
    total: int
    facets: dict[str, FacetCounts]  # facet name (FACET_NAMES) → counts
    notices: list[Notice]
    understanding: Understanding
    suggestions: list[str] = field(default_factory=list)  # other queries, when nothing found
    law_titles: dict[str, str] = field(default_factory=dict)  # law_key → title, for facets

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.per_page))
