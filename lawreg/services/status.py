"""Registry truth: the status of a law or section on a date, computed from dated facts.

The stored ``Law.status`` / ``Section.status`` say what a source or a publication last
recorded, which may lie in the future (a repeal published today that commences next year)
or say nothing of dates at all.  Every page, facet, index document and dashboard figure asks
this module instead, so the status flips on the day a repeal commences without any write:

* a law is *not yet in force* before it commenced (else was published, else was enacted,
  else before 1 January of the Common-Era year its B.E. year starts in);
* a law is *repealed* from the earliest date of a ``repeals`` relation aimed at the whole
  law; a stored "repealed"/"expired" with no dated repeal is kept (the source knows better
  than nothing), but a dated repeal still in the future overrides it;
* a section is repealed when its law is, or from the date of a ``repeals`` relation aimed
  at it; a stored "repealed" with no such relation is dated by the end of its last text, and
  is undated (always repealed) when no version ended;
* a law some of whose sections are repealed on the date is *partly repealed* (*repealed*
  when all are).

:func:`statuses_at` works on many laws with a fixed number of queries (browse facets, the
home page, the index rebuild); :func:`law_status_at` is the same computation for one law.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from ..models import (
    Law,
    LawRelation,
    LawStatus,
    RelationKind,
    Section,
    SectionStatus,
    SectionVersion,
)
from ..thai.years import be_to_ce

NOT_YET_IN_FORCE = "not_yet_in_force"
ENDED = (LawStatus.REPEALED, LawStatus.EXPIRED)


@dataclass(frozen=True)
class StatusAt:
    """The status on ``on``, when the law started, and when it ends (past or announced)."""

    status: str
    on: date
    starts_on: date | None = None
    ends_on: date | None = None  # the repeal's commencement; None when undated or none

    @property
    def in_force(self) -> bool:
        return self.status in (LawStatus.IN_FORCE, LawStatus.PARTLY_REPEALED)

    @property
    def announced_end(self) -> date | None:
        """The commencement of a repeal that is recorded but not yet in effect on ``on``."""
        return self.ends_on if self.ends_on is not None and self.ends_on > self.on else None


@dataclass
class LawFacts:
    """What the status of one law depends on (see the module doc)."""

    stored: str
    starts_on: date | None
    repeals: list[date | None] = field(default_factory=list)  # whole-law repeal dates
    section_count: int = 0
    section_ends: dict[int, date | None] = field(default_factory=dict)  # section id -> repeal date


def law_start(law: Law | Row[*tuple[Any, ...]]) -> date | None:
    """The first day the law can have been in force (see the module doc)."""
    for day in (law.commenced_on, law.published_on, law.enacted_on):
        if day is not None:
            return day
    return date(be_to_ce(law.year_be), 1, 1) if law.year_be else None


def _earliest(dates: Iterable[date | None]) -> tuple[bool, date | None]:
    """(any given, earliest) where an undated fact counts as earlier than every date."""
    dates = list(dates)
    if not dates:
        return False, None
    if any(day is None for day in dates):
        return True, None
    return True, min(day for day in dates if day is not None)


def _ended(has: bool, day: date | None, when: date) -> bool:
    return has and (day is None or day <= when)


def status_from_facts(facts: LawFacts, when: date) -> StatusAt:
    """The status of a law on ``when`` from its facts; the one rule every caller shares."""
    has_repeal, repealed_on = _earliest(facts.repeals)
    if facts.starts_on is not None and when < facts.starts_on:
        return StatusAt(NOT_YET_IN_FORCE, when, facts.starts_on, repealed_on)
    if has_repeal:
        if _ended(has_repeal, repealed_on, when):
            return StatusAt(LawStatus.REPEALED, when, facts.starts_on, repealed_on)
    elif facts.stored in ENDED:
        return StatusAt(facts.stored, when, facts.starts_on, None)
    gone = sum(1 for day in facts.section_ends.values() if day is None or day <= when)
    if gone and gone >= facts.section_count:
        return StatusAt(LawStatus.REPEALED, when, facts.starts_on, repealed_on)
    if gone:
        return StatusAt(LawStatus.PARTLY_REPEALED, when, facts.starts_on, repealed_on)
    if facts.stored == LawStatus.PARTLY_REPEALED and not facts.section_ends:
        return StatusAt(LawStatus.PARTLY_REPEALED, when, facts.starts_on, repealed_on)
    return StatusAt(LawStatus.IN_FORCE, when, facts.starts_on, repealed_on)


def load_facts(session: Session, law_ids: list[int] | None = None) -> dict[int, LawFacts]:
    """The facts of the laws ``law_ids`` (every law when ``None``) in at most five queries."""
    statement = select(
        Law.id, Law.status, Law.commenced_on, Law.published_on, Law.enacted_on, Law.year_be
    )
    if law_ids is not None:
        statement = statement.where(Law.id.in_(law_ids))
    facts: dict[int, LawFacts] = {}
    for row in session.execute(statement):
        facts[row.id] = LawFacts(stored=row.status, starts_on=law_start(row))
    if not facts:
        return facts
    # Every law: no id list (thousands of bound parameters); else the laws asked for.
    wanted = list(facts) if law_ids is not None else None
    section_repeals: dict[tuple[int, int], list[date | None]] = defaultdict(list)
    for law_id, section_id, effective_on in session.execute(
        select(LawRelation.object_law_id, LawRelation.object_section_id, LawRelation.effective_on)
        .where(LawRelation.kind == RelationKind.REPEALS, *_among(LawRelation.object_law_id, wanted))
    ):
        if law_id not in facts:
            continue
        if section_id is None:
            facts[law_id].repeals.append(effective_on)
        else:
            section_repeals[(law_id, section_id)].append(effective_on)
    for (law_id, section_id), day in _section_ends(session, wanted, section_repeals).items():
        if law_id in facts:
            facts[law_id].section_ends[section_id] = day
    # Only a law with repealed sections needs its section count (all gone or some).
    touched = [law_id for law_id, fact in facts.items() if fact.section_ends]
    if touched:
        for law_id, count in session.execute(
            select(Section.law_id, func.count())
            .where(Section.law_id.in_(touched))
            .group_by(Section.law_id)
        ):
            facts[law_id].section_count = count
    return facts


def _among(column: Any, ids: list[int] | None) -> list[Any]:
    """The condition "``column`` is one of ``ids``", none when ``ids`` is ``None`` (all)."""
    return [] if ids is None else [column.in_(ids)]


def _section_ends(
    session: Session, law_ids: list[int] | None, relation_dates: dict[tuple[int, int], list[date | None]]
) -> dict[tuple[int, int], date | None]:
    """(law id, section id) -> the date each repealed-or-to-be-repealed section ends: its
    earliest dated repeal (``relation_dates``), else the end of its last text."""
    ends: dict[tuple[int, int], date | None] = {
        key: _earliest(days)[1] for key, days in relation_dates.items()
    }
    last_text_end = (
        select(
            Section.law_id,
            Section.id,
            func.max(SectionVersion.valid_to),
            func.count(SectionVersion.id) - func.count(SectionVersion.valid_to),
        )
        .outerjoin(SectionVersion, SectionVersion.section_id == Section.id)
        .where(Section.status == SectionStatus.REPEALED, *_among(Section.law_id, law_ids))
        .group_by(Section.law_id, Section.id)
    )
    for law_id, section_id, last_end, open_ended in session.execute(last_text_end):
        if (law_id, section_id) not in ends:
            # Without a dated repeal, the repeal is dated by the end of the last real text:
            # an open-ended "(ยกเลิก)" placeholder follows it, so only closed texts count.
            ends[(law_id, section_id)] = last_end if last_end is not None and open_ended <= 1 else None
    return ends


def statuses_at(session: Session, when: date, law_ids: list[int] | None = None) -> dict[int, StatusAt]:
    """The status on ``when`` of each law in ``law_ids`` (every law when ``None``)."""
    return {law_id: status_from_facts(facts, when) for law_id, facts in load_facts(session, law_ids).items()}


def law_status_at(session: Session, law: Law, when: date | None = None) -> StatusAt:
    """The status of ``law`` on ``when`` (today when not given)."""
    return status_from_facts(law_facts(session, law), when or date.today())


def law_facts(session: Session, law: Law) -> LawFacts:
    """The facts of one law, for its status and its sections' with no further query."""
    return load_facts(session, [law.id])[law.id]


def section_status_at(session: Session, section: Section, when: date | None = None) -> StatusAt:
    """The status of ``section`` on ``when`` (today when not given); see
    :func:`section_statuses_at`."""
    return section_statuses_at(law_facts(session, section.law), [section], when or date.today())[
        section.id
    ]


def section_statuses_at(facts: LawFacts, sections: list[Section], when: date) -> dict[int, StatusAt]:
    """Section id -> status on ``when`` of sections of the law whose facts are given."""
    law_status = status_from_facts(facts, when)
    return {
        section.id: section_status_from(section.id, section_start(section), facts, when, law_status)
        for section in sections
    }


def section_status_from(
    section_id: int, first: date | None, facts: LawFacts, when: date, law_status: StatusAt
) -> StatusAt:
    """Its law's status when the law is not in force; else repealed from its own repeal
    date; else not yet in force before its first text starts (``first``: a section added
    by a later amendment)."""
    if not law_status.in_force:
        return StatusAt(law_status.status, when, law_status.starts_on, law_status.ends_on)
    has_end = section_id in facts.section_ends
    own_end = facts.section_ends.get(section_id)
    ends_on = own_end if has_end else law_status.ends_on
    if _ended(has_end, own_end, when):
        return StatusAt(SectionStatus.REPEALED, when, law_status.starts_on, own_end)
    if first is not None and when < first:
        return StatusAt(NOT_YET_IN_FORCE, when, first, ends_on)
    return StatusAt(SectionStatus.IN_FORCE, when, first or law_status.starts_on, ends_on)


def section_start(section: Section) -> date | None:
    """The first day any text of the section was in force, when every version is dated."""
    return first_start([version.valid_from for version in section.versions])


def first_start(starts: list[date | None]) -> date | None:
    """The earliest of the versions' start dates; ``None`` when any is undated (an original
    text of unknown date) or there are none."""
    if not starts or any(day is None for day in starts):
        return None
    return min(day for day in starts if day is not None)


def laws_with_dated_changes(session: Session, after: date, until: date) -> list[str]:
    """Keys of the laws whose status or current text may differ between ``after`` and
    ``until`` (a fact dated in ``(after, until]``): the laws to re-index once those days
    have passed, since the index holds the status and text of the day it was written."""
    keys: set[str] = set()

    def within(column: Any) -> Any:
        return column.is_not(None) & (column > after) & (column <= until)

    keys.update(session.scalars(select(Law.key).where(
        within(Law.commenced_on) | within(Law.published_on) | within(Law.enacted_on))))
    keys.update(session.scalars(
        select(Law.key).join(LawRelation, LawRelation.object_law_id == Law.id)
        .where(LawRelation.kind.in_((RelationKind.REPEALS, RelationKind.AMENDS)),
               within(LawRelation.effective_on))))
    keys.update(session.scalars(
        select(Law.key).join(Section, Section.law_id == Law.id)
        .join(SectionVersion, SectionVersion.section_id == Section.id)
        .where(within(SectionVersion.valid_from) | within(SectionVersion.valid_to))))
    return sorted(keys)
