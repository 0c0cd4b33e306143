"""A law's recorded amendment history: when it was last amended, and which laws only amend.

Two facts record an amendment: an ``amends`` relation aimed at the law (dated by the
amending law's commencement or gazette date), and a section version ``amended_by`` another
law with its ``valid_from``.  The latest of them on or before a date is the law's last
amendment then.  Reused by the periodic-review deadlines and by screening ("old law never
amended", outdated amounts).

An *amending instrument* is a law whose role is to amend another: it has an outgoing
``amends`` relation and nothing amends it or is made under it.  Its provisions live on in
the law it amended, so it is not reviewed on its own.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Law, LawRelation, RelationKind, Section, SectionVersion


def last_amendments(
    session: Session, when: date, law_ids: list[int] | None = None
) -> dict[int, date]:
    """Law id -> the date of its latest recorded amendment on or before ``when`` (laws never
    amended are absent); for every law when ``law_ids`` is ``None``."""
    relations = select(LawRelation.object_law_id, func.max(LawRelation.effective_on)).where(
        LawRelation.kind == RelationKind.AMENDS,
        LawRelation.effective_on <= when,
        LawRelation.subject_law_id != LawRelation.object_law_id,
    )
    versions = (
        select(Section.law_id, func.max(SectionVersion.valid_from))
        .join(SectionVersion, SectionVersion.section_id == Section.id)
        .where(
            SectionVersion.amended_by_id.is_not(None),
            SectionVersion.amended_by_id != Section.law_id,
            SectionVersion.valid_from <= when,
        )
    )
    if law_ids is not None:
        relations = relations.where(LawRelation.object_law_id.in_(law_ids))
        versions = versions.where(Section.law_id.in_(law_ids))
    latest: dict[int, date] = {}
    for statement in (
        relations.group_by(LawRelation.object_law_id),
        versions.group_by(Section.law_id),
    ):
        for law_id, day in session.execute(statement):
            if day is not None and (law_id not in latest or day > latest[law_id]):
                latest[law_id] = day
    return latest


def last_amended_on(session: Session, law: Law, when: date | None = None) -> date | None:
    """The date of ``law``'s latest recorded amendment on or before ``when`` (today)."""
    return last_amendments(session, when or date.today(), [law.id]).get(law.id)


def amending_instrument_ids(session: Session) -> set[int]:
    """Ids of the laws that only amend others (see the module doc)."""
    amending = set(
        session.scalars(
            select(LawRelation.subject_law_id).where(
                LawRelation.kind == RelationKind.AMENDS,
                LawRelation.subject_law_id != LawRelation.object_law_id,
            )
        )
    )
    if not amending:
        return set()
    principal = set(
        session.scalars(
            select(LawRelation.object_law_id).where(
                LawRelation.kind.in_((RelationKind.AMENDS, RelationKind.ENABLED_BY)),
                LawRelation.subject_law_id != LawRelation.object_law_id,
                LawRelation.object_law_id.in_(amending),
            )
        )
    )
    return amending - principal
