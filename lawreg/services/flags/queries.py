"""Reading flags: the triage queue, a law's and a section's flags, the categories the search
index shows, the export and the burden figures.  Nothing here writes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ...models import (
    Flag,
    FlagCategory,
    FlagStatus,
    Law,
    LawBurden,
    Section,
    SectionVersion,
)
from ...paging import Page
from ..law_lookup import law_matching
from ..permissions import Permission, require, scope
from ..unit_of_work import Actor


def flag_categories(session: Session, law_key: str) -> set[str]:
    """Categories of the law's live (suggested or confirmed, not superseded) flags — what
    the search index shows as facets."""
    return set(
        session.scalars(
            select(Flag.category)
            .join(Law, Law.id == Flag.law_id)
            .where(Law.key == law_key, Flag.status != FlagStatus.DISMISSED, Flag.superseded_at.is_(None))
            .distinct()
        )
    )


def export_flags(session: Session, *, include_superseded: bool = False) -> Iterator[dict[str, Any]]:
    """One JSON-ready object per flag, in law and section order:
    ``{"law_key", "section", "category", "rule", "status", "confidence", "evidence"}`` and,
    for duplicative flags, ``"other": "law_key#section"``."""
    query = (
        select(Flag)
        .join(Law, Law.id == Flag.law_id)
        .options(
            selectinload(Flag.law),
            selectinload(Flag.other_version).selectinload(SectionVersion.section).selectinload(Section.law),
        )
        .order_by(Law.key, Flag.section_number, Flag.id)
    )
    if not include_superseded:
        query = query.where(Flag.superseded_at.is_(None))
    for flag in session.scalars(query):
        row: dict[str, Any] = {
            "law_key": flag.law.key,
            "section": flag.section_number,
            "category": flag.category,
            "rule": flag.rule_id,
            "status": flag.status,
            "confidence": flag.confidence,
            "evidence": flag.evidence,
        }
        if flag.category == FlagCategory.DUPLICATIVE and flag.other_version is not None:
            other = flag.other_version.section
            row["other"] = f"{other.law.key}#{other.number}"
            row["similarity"] = flag.similarity
        yield row


def index_categories(session: Session, law_id: int) -> dict[int | None, set[str]]:
    """Categories of the law's live flags (not dismissed, not superseded) keyed by the
    section version they are on (``None``: law-level flags) — what the search index
    stores in ``flag_categories``."""
    rows = session.execute(
        select(Flag.section_version_id, Flag.category).where(
            Flag.law_id == law_id,
            Flag.status != FlagStatus.DISMISSED,
            Flag.superseded_at.is_(None),
        ).distinct()
    )
    categories: dict[int | None, set[str]] = {}
    for version_id, category in rows:
        categories.setdefault(version_id, set()).add(category)
    return categories


def _with_context(query: Any) -> Any:
    """Load what a flag is shown with: its law, its text and, for a duplicate, the other
    section with its law."""
    return query.options(
        selectinload(Flag.law),
        selectinload(Flag.section_version).selectinload(SectionVersion.section),
        selectinload(Flag.other_version).selectinload(SectionVersion.section).selectinload(Section.law),
    )


def law_flags(session: Session, law_id: int) -> list[Flag]:
    """Every flag of a law that still applies to its text (superseded ones left out), in
    section order then by confidence — the law page's list."""
    query = (
        select(Flag)
        .outerjoin(SectionVersion, SectionVersion.id == Flag.section_version_id)
        .outerjoin(Section, Section.id == SectionVersion.section_id)
        .where(Flag.law_id == law_id, Flag.superseded_at.is_(None))
        .order_by(Section.sort_key.nulls_first(), Flag.confidence.desc(), Flag.id)
    )
    return list(session.scalars(_with_context(query)))


def section_flags(session: Session, section: Section) -> list[Flag]:
    """The flags on any version of ``section`` (superseded ones left out), newest
    version first, then by confidence."""
    version_ids = [version.id for version in section.versions]
    if not version_ids:
        return []
    query = (
        select(Flag)
        .where(Flag.section_version_id.in_(version_ids), Flag.superseded_at.is_(None))
        .order_by(Flag.section_version_id.desc(), Flag.confidence.desc(), Flag.id)
    )
    return list(session.scalars(_with_context(query)))


@dataclass(frozen=True)
class TriageFilters:
    """What the triage queue is narrowed to; ``None`` means any."""

    category: str | None = None
    agency_id: int | None = None
    rule_id: str | None = None
    min_confidence: float | None = None
    law_key: str | None = None  # the law's key or words of its title
    status: str | None = FlagStatus.SUGGESTED


@dataclass
class TriageQueue:
    items: list[Flag]
    total: int
    page: int
    page_size: int
    rules: list[str]  # the rules the actor's visible flags come from, for the filter

    @property
    def pages(self) -> int:
        return Page(self.page, self.page_size, self.total).pages


def triage_queue(
    session: Session, actor: Actor, filters: TriageFilters, page: int = 1, page_size: int = 20
) -> TriageQueue:
    """One page of the flags ``actor`` may triage that match ``filters``, most confident
    first; an officer sees only the laws of their own agency.  Superseded flags (their
    text has changed since) are never in the queue."""
    require(actor, Permission.TRIAGE_FLAGS)
    visible = [Flag.superseded_at.is_(None), scope(actor)]
    conditions = list(visible)
    if filters.category:
        conditions.append(Flag.category == filters.category)
    if filters.agency_id is not None:
        conditions.append(Law.agency_id == filters.agency_id)
    if filters.rule_id:
        conditions.append(Flag.rule_id == filters.rule_id)
    if filters.min_confidence is not None:
        conditions.append(Flag.confidence >= filters.min_confidence)
    if filters.law_key:
        conditions.append(law_matching(filters.law_key))
    if filters.status:
        conditions.append(Flag.status == filters.status)
    base = select(Flag).join(Law, Law.id == Flag.law_id).where(*conditions)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    window = Page.of(page, page_size, total)
    page = window.number
    items = list(
        session.scalars(
            _with_context(base.order_by(Flag.confidence.desc(), Law.key, Flag.section_number, Flag.id))
            .limit(page_size)
            .offset(window.offset)
        )
    )
    rules = [
        rule for rule in session.scalars(
            select(Flag.rule_id)
            .join(Law, Law.id == Flag.law_id)
            .where(*visible, Flag.rule_id.is_not(None))
            .distinct()
            .order_by(Flag.rule_id)
        ) if rule is not None
    ]
    return TriageQueue(items=items, total=total, page=page, page_size=page_size, rules=rules)


def law_burden(session: Session, law_key: str) -> dict[str, Any] | None:
    """The stored burden figures of a law (None until it has been screened)."""
    row = session.execute(
        select(LawBurden).join(Law, Law.id == LawBurden.law_id).where(Law.key == law_key)
    ).scalar_one_or_none()
    if row is None:
        return None
    return {
        "law_key": law_key,
        "restrictions": row.restrictions,
        "words": row.words,
        "per_thousand_words": row.per_thousand_words,
        "terms": dict(row.terms),
        "computed_at": row.computed_at.isoformat(),
    }


def burden_ranking(session: Session, limit: int | None = None) -> list[tuple[str, int, float]]:
    """(law key, restrictions, per 1,000 words), most restrictive first."""
    query = (
        select(Law.key, LawBurden.restrictions, LawBurden.per_thousand_words)
        .join(LawBurden, LawBurden.law_id == Law.id)
        .order_by(LawBurden.per_thousand_words.desc(), Law.key)
    )
    if limit:
        query = query.limit(limit)
    return [(key, restrictions, rate) for key, restrictions, rate in session.execute(query)]
