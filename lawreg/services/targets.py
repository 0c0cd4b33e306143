"""Each agency's yearly targets, and its progress against them from the dated records.

An administrator sets, per agency and calendar year, how many laws it is to have
*reviewed*, *repealed* or *amended* (one :class:`~lawreg.models.AgencyTarget` per agency,
year and measure; setting it again changes the number, audited).  A ministry's target
counts the laws of its departments too.  Progress is never typed in; it is counted from
records that carry a date:

* reviewed — the distinct laws on which the committee decided a case (the ``approve`` or
  ``reject`` step, dated in Thai time) or an evaluation was recorded, in the year;
* repealed — the distinct laws repealed as a whole with effect in the year (a
  ``repeals`` relation on the law, not on some of its sections);
* amended — the distinct laws with an ``amends`` relation taking effect in the year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from ..errors import InvalidRecord, NotFound
from ..models import (
    Agency,
    AgencyTarget,
    CaseTransition,
    Law,
    LawEvaluation,
    LawRelation,
    RelationKind,
    ReviewCase,
    TargetMeasure,
)
from ..models.base import utcnow
from .permissions import Permission, require
from .unit_of_work import UnitOfWork

MEASURES = frozenset(m.value for m in TargetMeasure)
MAX_TARGET = 100_000
FIRST_YEAR, LAST_YEAR = 2000, 2100
BANGKOK = timedelta(hours=7)
DECISIONS = ("approve", "reject")


@dataclass(frozen=True)
class AgencyProgress:
    target: AgencyTarget
    achieved: int

    @property
    def share(self) -> float:
        return min(1.0, self.achieved / self.target.target_count)


def set_agency_target(uow: UnitOfWork, agency_id: int, year: int, measure: str, count: int) -> AgencyTarget:
    """Set (or change) ``agency_id``'s target for ``measure`` in ``year``; administrators only."""
    require(uow.actor, Permission.SET_AGENCY_TARGETS)
    agency = uow.session.get(Agency, agency_id)
    if agency is None:
        raise NotFound("agency.not_found", agency=agency_id)
    if measure not in MEASURES:
        raise InvalidRecord("measure", "agency_target.measure_unknown", measure=measure)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidRecord("year", "agency_target.year_range", first=FIRST_YEAR, last=LAST_YEAR)
    if not 0 < count <= MAX_TARGET:
        raise InvalidRecord("target_count", "target.count_range", max=f"{MAX_TARGET:,}")
    target = uow.session.scalar(select(AgencyTarget).where(
        AgencyTarget.agency_id == agency_id, AgencyTarget.year == year, AgencyTarget.measure == measure))
    before = {"target_count": target.target_count} if target else None
    if target is None:
        target = AgencyTarget(agency_id=agency_id, year=year, measure=measure, target_count=count,
                              set_by=uow.actor.name)
        uow.session.add(target)
    else:
        target.target_count, target.set_by, target.set_at = count, uow.actor.name, utcnow()
    uow.session.flush()
    uow.audit("agency_target.set", "agency", agency.name, before=before,
              after={"year": year, "measure": measure, "target_count": count})
    return target


def agency_family(session_agencies: list[Agency], root_id: int) -> set[int]:
    """``root_id`` and every agency below it."""
    children: dict[int | None, list[int]] = {}
    for agency in session_agencies:
        children.setdefault(agency.parent_id, []).append(agency.id)
    family, todo = set(), [root_id]
    while todo:
        current = todo.pop()
        if current not in family:
            family.add(current)
            todo.extend(children.get(current, []))
    return family


def achieved(uow: UnitOfWork, law_ids: set[int], measure: str, year: int) -> int:
    """How many of ``law_ids`` met ``measure`` in ``year`` (see the module doc)."""
    if not law_ids:
        return 0
    start, end = date(year, 1, 1), date(year, 12, 31)
    if measure == TargetMeasure.REVIEWED:
        decided = uow.session.execute(
            select(ReviewCase.law_id, CaseTransition.at)
            .join(CaseTransition, CaseTransition.case_id == ReviewCase.id)
            .where(ReviewCase.law_id.in_(law_ids), CaseTransition.name.in_(DECISIONS)))
        laws = {law_id for law_id, at in decided if (at + BANGKOK).year == year}
        laws |= set(uow.session.scalars(select(LawEvaluation.law_id).where(
            LawEvaluation.law_id.in_(law_ids), LawEvaluation.evaluated_on.between(start, end))))
        return len(laws)
    kind = RelationKind.REPEALS if measure == TargetMeasure.REPEALED else RelationKind.AMENDS
    query = select(LawRelation.object_law_id).where(
        LawRelation.kind == kind, LawRelation.object_law_id.in_(law_ids),
        LawRelation.effective_on.between(start, end))
    if measure == TargetMeasure.REPEALED:
        query = query.where(LawRelation.object_section_id.is_(None))
    return len(set(uow.session.scalars(query)))


def agency_progress(uow: UnitOfWork, year: int) -> list[AgencyProgress]:
    """Every agency target of ``year`` with what has been achieved, by agency then measure."""
    require(uow.actor, Permission.VIEW_DASHBOARD)
    targets = list(uow.session.scalars(select(AgencyTarget).where(AgencyTarget.year == year)))
    if not targets:
        return []
    agencies = list(uow.session.scalars(select(Agency)))
    order = [m.value for m in TargetMeasure]
    progress = []
    for target in targets:
        family = agency_family(agencies, target.agency_id)
        law_ids = set(uow.session.scalars(select(Law.id).where(Law.agency_id.in_(family))))
        progress.append(AgencyProgress(target, achieved(uow, law_ids, target.measure, year)))
    return sorted(progress, key=lambda p: (p.target.agency.name, order.index(p.target.measure)))


def agencies(uow: UnitOfWork) -> list[Agency]:
    """Every agency by name, for the target form."""
    return list(uow.session.scalars(select(Agency).order_by(Agency.name)))
