"""Browsing the registry: the filtered, counted and faceted list of laws behind the
browse page and the API's law list.

:func:`browse_laws` is the one place the law list is filtered and counted, so the search
index can replace it behind the same signature.  A facet's counts apply every *other*
filter.  Nothing here writes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import Session

from ..models import (
    Agency,
    Law,
    LawBurden,
    LawGroup,
)
from ..models.law import DEMO_SOURCE
from ..paging import Page
from .status import StatusAt, statuses_at


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


BROWSE_SORTS = ("year", "burden")


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
