"""Read-side queries behind the public pages: each returns everything one page shows.

Each function takes a session and issues a fixed, small number of ``select()`` statements
with eager loading, so the page of a law with 1,869 sections costs the same few queries as
one with three.  Nothing here writes.  The law list itself (browse, facets) is in
:mod:`lawreg.services.browse`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from ..models import (
    AuditEntry,
    Flag,
    Law,
    LawBurden,
    LawRelation,
    Section,
    SectionVersion,
)
from ..thai.numbers import SectionNumberError, parse_section_number
from .flags.queries import law_flags, section_flags
from .law_parts import PART_SIZE, ChapterNode, Part, part_of, split_parts, table_of_contents
from .status import StatusAt, law_facts, section_statuses_at, status_from_facts, statuses_at


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

