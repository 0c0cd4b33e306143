"""Read-side queries behind the public pages: each returns everything one page shows.

Each function takes a session and issues a fixed, small number of ``select()`` statements
with eager loading, so the page of a law with 1,869 sections costs the same few queries as
one with three.  Nothing here writes.  :func:`browse_laws` is the one place the law list is
filtered and counted, so the search index can replace it behind the same signature.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from ..models import (
    Agency,
    AuditEntry,
    Flag,
    Law,
    LawBurden,
    LawGroup,
    LawRelation,
    Section,
    SectionVersion,
)
from ..models.law import DEMO_SOURCE
from ..paging import Page
from ..thai.numbers import SectionNumberError, parse_section_number
from .flags.queries import law_flags, section_flags
from .law_parts import PART_SIZE, ChapterNode, Part, part_of, split_parts, table_of_contents
from .status import StatusAt, law_facts, section_statuses_at, status_from_facts, statuses_at


@dataclass(frozen=True)
class LawFilters:
    """What the reader narrowed the law list to; ``None`` means "any"."""

    law_type: str | None = None
    group: str | None = None
    status: str | None = None
    year_from: int | None = None  # B.E., inclusive
    year_to: int | None = None  # B.E., inclusive
    agency_id: int | None = None  # the agency and every agency under it


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    depth: int = 0  # nesting level, for agencies


@dataclass
class BrowseResult:
    """One page of laws, the number matching, and per-filter counts.

    A facet's counts apply every *other* filter, so the reader sees how many laws each
    choice would give (choosing a type does not hide the other types).
    """

    items: list[Law]
    total: int
    page: int
    page_size: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    burdens: dict[int, LawBurden] = field(default_factory=dict)  # by law id, screened ones
    statuses: dict[int, StatusAt] = field(default_factory=dict)  # by law id, on the date

    @property
    def pages(self) -> int:
        return Page(self.page, self.page_size, self.total).pages


@dataclass(frozen=True)
class RegistrySummary:
    laws: int
    sections: int
    by_status: list[tuple[str, int]]
    by_type: list[tuple[str, int]]


@dataclass(frozen=True)
class Amendment:
    """Sections given new text by one amending law on one date."""

    valid_from: date | None
    amended_by: Law | None
    sections: list[Section]


@dataclass
class LawPage:
    """The page of a law on a reading date: its status then, and one part of its text."""

    law: Law
    sections: list[Section]  # every section, for the contents and the history
    contents: ChapterNode  # the root: sections outside any chapter, then the chapters
    outgoing: list[LawRelation]
    incoming: list[LawRelation]
    history: list[AuditEntry]
    history_total: int
    amendments: list[Amendment]
    flags: list[Flag] = field(default_factory=list)  # not superseded, in section order
    burden: LawBurden | None = None  # None until the law has been screened
    status: StatusAt | None = None  # on the reading date
    parts: list[Part] = field(default_factory=list)
    part: Part | None = None  # the part shown; None when the law has no sections
    section_status: dict[int, StatusAt] = field(default_factory=dict)  # of the shown sections

    @property
    def shown(self) -> list[Section]:
        """The sections of the part on the page."""
        return self.part.sections if self.part else []

    @property
    def part_numbers(self) -> dict[int, int]:
        """Section id -> part number, for links from the contents to other parts."""
        return part_of(self.parts)

    def flags_by_section(self) -> dict[str, list[Flag]]:
        """The flags per section number, for the badges beside the text."""
        grouped: dict[str, list[Flag]] = {}
        for flag in self.flags:
            if flag.section_number is not None:
                grouped.setdefault(flag.section_number, []).append(flag)
        return grouped


@dataclass
class SectionPage:
    law: Law
    section: Section
    previous: Section | None
    next: Section | None
    outgoing: list[LawRelation]
    incoming: list[LawRelation]
    flags: list[Flag] = field(default_factory=list)  # on any version, not superseded
    status: StatusAt | None = None  # the section's, on the reading date
    law_status: StatusAt | None = None  # its law's, on the reading date


HISTORY_LIMIT = 50
BROWSE_SORTS = ("year", "burden")


def registry_summary(
    session: Session, statuses: dict[int, StatusAt] | None = None
) -> RegistrySummary:
    """Counts for the home page: laws, sections, laws by status today (``statuses`` when
    the caller has them already) and by type."""
    statuses = statuses if statuses is not None else statuses_at(session, date.today())
    counted = Counter(status.status for status in statuses.values())
    by_status = sorted(counted.items(), key=lambda item: (-item[1], item[0]))
    by_type = session.execute(
        select(Law.law_type, func.count())
        .where(Law.law_type.is_not(None))
        .group_by(Law.law_type)
        .order_by(func.count().desc(), Law.law_type)
    ).all()
    return RegistrySummary(
        laws=session.scalar(select(func.count()).select_from(Law)) or 0,
        sections=session.scalar(select(func.count()).select_from(Section)) or 0,
        by_status=by_status,
        by_type=[(law_type, count) for law_type, count in by_type if law_type is not None],
    )


def recently_changed_laws(session: Session, limit: int = 10) -> list[Law]:
    """The laws whose metadata or sections changed last, newest first.

    Read from the audit trail rather than ``Law.updated_at``, because amending a section
    does not touch the law row.
    """
    keys: list[str] = []
    entries = session.execute(
        select(AuditEntry.entity_type, AuditEntry.entity_key)
        .where(AuditEntry.entity_type.in_(("law", "section")))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit * 20)
    )
    for entity_type, entity_key in entries:
        key = entity_key.split("#", 1)[0] if entity_type == "section" else entity_key
        if key not in keys:
            keys.append(key)
        if len(keys) == limit:
            break
    laws = {law.key: law for law in session.scalars(select(Law).where(Law.key.in_(keys)))}
    return [laws[key] for key in keys if key in laws]


def agency_tree(session: Session) -> list[tuple[Agency, int]]:
    """Every agency with its depth, each followed by the agencies under it, by name."""
    agencies = session.scalars(select(Agency).order_by(Agency.name)).all()
    children: dict[int | None, list[Agency]] = {}
    for agency in agencies:
        children.setdefault(agency.parent_id, []).append(agency)
    ordered: list[tuple[Agency, int]] = []
    seen: set[int] = set()

    def walk(parent_id: int | None, depth: int) -> None:
        for agency in children.get(parent_id, []):
            if agency.id in seen:
                continue
            seen.add(agency.id)
            ordered.append((agency, depth))
            walk(agency.id, depth + 1)

    walk(None, 0)
    return ordered


def _descendant_ids(tree: list[tuple[Agency, int]], agency_id: int) -> set[int]:
    """``agency_id`` and every agency below it."""
    children: dict[int | None, list[int]] = {}
    for agency, _depth in tree:
        children.setdefault(agency.parent_id, []).append(agency.id)
    ids, pending = {agency_id}, [agency_id]
    while pending:
        for child in children.get(pending.pop(), []):
            if child not in ids:
                ids.add(child)
                pending.append(child)
    return ids


def _conditions(
    filters: LawFilters, agency_ids: set[int] | None, statuses: dict[int, StatusAt], *,
    skip: str | None = None,
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.law_type and skip != "law_type":
        conditions.append(Law.law_type == filters.law_type)
    if filters.group and skip != "group":
        conditions.append(
            Law.id.in_(select(LawGroup.law_id).where(LawGroup.name == filters.group))
        )
    if filters.status and skip != "status":
        conditions.append(
            Law.id.in_([law_id for law_id, at in statuses.items() if at.status == filters.status])
        )
    if filters.year_from is not None:
        conditions.append(Law.year_be >= filters.year_from)
    if filters.year_to is not None:
        conditions.append(Law.year_be <= filters.year_to)
    if agency_ids is not None and skip != "agency":
        conditions.append(Law.agency_id.in_(agency_ids))
    return conditions


def browse_laws(
    session: Session, filters: LawFilters, page: int = 1, page_size: int = 20,
    sort: str = "year", when: date | None = None, statuses: dict[int, StatusAt] | None = None,
) -> BrowseResult:
    """Laws matching ``filters``, one page of ``page_size``: newest year first, or with
    ``sort="burden"`` the most restrictive per 1,000 words first (laws not yet screened
    last).  The status filter and counts are each law's status on ``when`` (today;
    ``statuses`` when the caller has them already).

    ``page`` past the last page gives the last page; the result says which page it is.
    """
    if sort not in BROWSE_SORTS:
        raise ValueError(f"unknown sort {sort!r}; use one of {', '.join(BROWSE_SORTS)}")
    tree = agency_tree(session)
    agency_ids = (
        _descendant_ids(tree, filters.agency_id) if filters.agency_id is not None else None
    )
    if statuses is None:
        statuses = statuses_at(session, when or date.today())
    conditions = _conditions(filters, agency_ids, statuses)
    total = session.scalar(select(func.count()).select_from(Law).where(*conditions)) or 0
    window = Page.of(page, page_size, total)
    page = window.number
    # Real laws first: the fictional demo laws never sit among them at the top.
    statement = select(Law).where(*conditions).order_by(case((Law.source == DEMO_SOURCE, 1), else_=0))
    if sort == "burden":
        statement = statement.outerjoin(LawBurden, LawBurden.law_id == Law.id).order_by(
            LawBurden.per_thousand_words.desc().nulls_last(), Law.title, Law.id
        )
    else:
        statement = statement.order_by(Law.year_be.desc().nulls_last(), Law.title, Law.id)
    items = list(
        session.scalars(
            statement
            .limit(page_size)
            .offset(window.offset)
        )
    )
    facets = {
        "law_type": _column_facet(
            session, Law.law_type, _conditions(filters, agency_ids, statuses, skip="law_type")
        ),
        "status": _status_facet(
            session, statuses, _conditions(filters, agency_ids, statuses, skip="status")
        ),
        "group": _group_facet(session, _conditions(filters, agency_ids, statuses, skip="group")),
        "agency": _agency_facet(
            session, tree, _conditions(filters, agency_ids, statuses, skip="agency")
        ),
    }
    # A chosen value stays among the choices even when nothing matches it any more.
    for name, chosen in (("law_type", filters.law_type), ("status", filters.status),
                         ("group", filters.group)):
        if chosen and all(facet.value != chosen for facet in facets[name]):
            facets[name].append(FacetValue(chosen, chosen, 0))
    if filters.agency_id is not None and all(
        facet.value != str(filters.agency_id) for facet in facets["agency"]
    ):
        names = {agency.id: agency.name for agency, _depth in tree}
        if filters.agency_id in names:
            facets["agency"].append(
                FacetValue(str(filters.agency_id), names[filters.agency_id], 0)
            )
    burdens = {
        row.law_id: row
        for row in session.scalars(
            select(LawBurden).where(LawBurden.law_id.in_([law.id for law in items]))
        )
    }
    return BrowseResult(items=items, total=total, page=page, page_size=page_size, facets=facets,
                        burdens=burdens,
                        statuses={law.id: statuses[law.id] for law in items if law.id in statuses})


def _column_facet(
    session: Session, column: Any, conditions: list[ColumnElement[bool]]
) -> list[FacetValue]:
    statement: Select[Any] = (
        select(column, func.count())
        .where(column.is_not(None), *conditions)
        .group_by(column)
        .order_by(func.count().desc(), column)
    )
    return [FacetValue(value, value, count) for value, count in session.execute(statement)]


def _status_facet(
    session: Session, statuses: dict[int, StatusAt], conditions: list[ColumnElement[bool]]
) -> list[FacetValue]:
    """Laws per status on the reading date (computed, so not a column to group by)."""
    counted = Counter(
        statuses[law_id].status
        for law_id in session.scalars(select(Law.id).where(*conditions))
        if law_id in statuses
    )
    ordered = sorted(counted.items(), key=lambda item: (-item[1], item[0]))
    return [FacetValue(value, value, count) for value, count in ordered]


def _group_facet(session: Session, conditions: list[ColumnElement[bool]]) -> list[FacetValue]:
    statement = (
        select(LawGroup.name, func.count(LawGroup.law_id.distinct()))
        .join(Law, Law.id == LawGroup.law_id)
        .where(*conditions)
        .group_by(LawGroup.name)
        .order_by(LawGroup.name)
    )
    return [FacetValue(name, name, count) for name, count in session.execute(statement)]


def _agency_facet(
    session: Session, tree: list[tuple[Agency, int]], conditions: list[ColumnElement[bool]]
) -> list[FacetValue]:
    """Laws per agency, each agency counting the laws of the agencies under it."""
    direct = dict(
        session.execute(
            select(Law.agency_id, func.count())
            .where(Law.agency_id.is_not(None), *conditions)
            .group_by(Law.agency_id)
        ).all()
    )
    rolled: Counter[int] = Counter()
    for agency, _depth in tree:
        if agency.id in direct:
            for node in agency.lineage():
                rolled[node.id] += direct[agency.id]
    return [
        FacetValue(str(agency.id), agency.name, rolled[agency.id], depth)
        for agency, depth in tree
        if rolled[agency.id]
    ]


def law_page(
    session: Session, key: str, *, part: int = 1, when: date | None = None,
    part_size: int = PART_SIZE,
) -> LawPage | None:
    """Everything the page of law ``key`` shows on reading date ``when`` (today when not
    given) with part ``part`` of its text (clamped to the parts there are; parts of at
    most ``part_size`` sections, see :mod:`lawreg.services.law_parts`), or ``None`` when
    there is no such law."""
    when = when or date.today()
    law = session.scalar(select(Law).where(Law.key == key))
    if law is None:
        return None
    # Every section for the contents, but the versions only of the part shown: a code's
    # 1,900 sections with all their versions cost more to load than the page is worth.
    sections = list(
        session.scalars(select(Section).where(Section.law_id == law.id).order_by(Section.sort_key))
    )
    contents = table_of_contents(sections)
    parts = split_parts(contents, part_size)
    shown = parts[min(max(1, part), len(parts)) - 1] if parts else None
    if shown is not None:
        session.scalars(
            select(Section)
            .where(Section.id.in_([section.id for section in shown.sections]))
            .options(selectinload(Section.versions).joinedload(SectionVersion.amended_by))
        ).all()
    # A law's references between its own sections belong on the section pages.
    relations = [
        row
        for row in _relations(
            session, or_(LawRelation.subject_law_id == law.id, LawRelation.object_law_id == law.id)
        )
        if row.subject_law_id != row.object_law_id
    ]
    history_condition = or_(
        (AuditEntry.entity_type == "law") & (AuditEntry.entity_key == key),
        (AuditEntry.entity_type == "section")
        & AuditEntry.entity_key.startswith(f"{key}#", autoescape=True),
    )
    history = list(
        session.scalars(
            select(AuditEntry)
            .where(history_condition)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(HISTORY_LIMIT)
        )
    )
    history_total = session.scalar(
        select(func.count()).select_from(AuditEntry).where(history_condition)
    ) or 0
    facts = law_facts(session, law)
    status = status_from_facts(facts, when)
    return LawPage(
        law=law,
        sections=sections,
        contents=contents,
        status=status,
        parts=parts,
        part=shown,
        section_status=section_statuses_at(facts, shown.sections, when) if shown else {},
        outgoing=[row for row in relations if row.subject_law_id == law.id],
        incoming=[row for row in relations if row.object_law_id == law.id],
        history=history,
        history_total=history_total,
        amendments=amendments(session, law, sections),
        flags=law_flags(session, law.id),
        burden=session.get(LawBurden, law.id),
    )


def part_of_section(session: Session, law: Law, section: Section) -> tuple[int, int]:
    """(the part of ``law``'s page that holds ``section``, the number of parts)."""
    sections = list(
        session.scalars(select(Section).where(Section.law_id == law.id).order_by(Section.sort_key))
    )
    parts = split_parts(table_of_contents(sections))
    return part_of(parts).get(section.id, 1), len(parts)


def _relations(session: Session, condition: ColumnElement[bool]) -> list[LawRelation]:
    """Relations matching ``condition`` with both laws and sections loaded in one query."""
    return list(
        session.scalars(
            select(LawRelation)
            .where(condition)
            .options(
                joinedload(LawRelation.subject_law),
                joinedload(LawRelation.object_law),
                joinedload(LawRelation.subject_section),
                joinedload(LawRelation.object_section),
            )
            .order_by(LawRelation.kind, LawRelation.effective_on.nulls_last(), LawRelation.id)
        ).unique()
    )


def amendments(session: Session, law: Law, sections: list[Section]) -> list[Amendment]:
    """Dated versions grouped by (date, amending law), newest first: the law's amendment
    history as the section versions record it (one query, not every section's versions)."""
    by_id = {section.id: section for section in sections}
    rows = session.execute(
        select(SectionVersion.section_id, SectionVersion.valid_from, SectionVersion.amended_by_id)
        .join(Section, Section.id == SectionVersion.section_id)
        .where(
            Section.law_id == law.id,
            or_(SectionVersion.valid_from.is_not(None), SectionVersion.amended_by_id.is_not(None)),
        )
        .order_by(Section.sort_key, SectionVersion.id)
    )
    grouped: dict[tuple[date | None, int | None], list[Section]] = {}
    for section_id, valid_from, amended_by_id in rows:
        grouped.setdefault((valid_from, amended_by_id), []).append(by_id[section_id])
    ids = {law_id for _when, law_id in grouped if law_id is not None}
    laws = {row.id: row for row in session.scalars(select(Law).where(Law.id.in_(ids)))} if ids else {}
    ordered = sorted(grouped.items(), key=lambda item: (item[0][0] or date.min), reverse=True)
    return [
        Amendment(valid_from=when, amended_by=laws.get(law_id) if law_id else None, sections=group)
        for (when, law_id), group in ordered
    ]


def find_section(
    session: Session, key: str, number: str, when: date | None = None
) -> SectionPage | None:
    """The section of law ``key`` written as ``number`` in any form ("๒๗๗ ทวิ", "277ทวิ"),
    with its neighbours, relations and status on ``when`` (today when not given);
    ``None`` when the law or section does not exist."""
    try:
        canonical = parse_section_number(number).canonical
    except SectionNumberError:
        return None
    law = session.scalar(select(Law).where(Law.key == key))
    if law is None:
        return None
    section = session.scalar(
        select(Section)
        .where(Section.law_id == law.id, Section.number == canonical)
        .options(selectinload(Section.versions).joinedload(SectionVersion.amended_by))
    )
    if section is None:
        return None
    previous = session.scalar(
        select(Section)
        .where(Section.law_id == law.id, Section.sort_key < section.sort_key)
        .order_by(Section.sort_key.desc())
        .limit(1)
    )
    following = session.scalar(
        select(Section)
        .where(Section.law_id == law.id, Section.sort_key > section.sort_key)
        .order_by(Section.sort_key)
        .limit(1)
    )
    relations = _relations(
        session,
        or_(
            LawRelation.subject_section_id == section.id,
            LawRelation.object_section_id == section.id,
        ),
    )
    facts = law_facts(session, law)
    when = when or date.today()
    return SectionPage(
        law=law,
        section=section,
        previous=previous,
        next=following,
        outgoing=[row for row in relations if row.subject_section_id == section.id],
        incoming=[row for row in relations if row.object_section_id == section.id],
        flags=section_flags(session, section),
        status=section_statuses_at(facts, [section], when)[section.id],
        law_status=status_from_facts(facts, when),
    )

