"""The committee dashboard: where the reform stands, as tables every chart and export uses.

Each figure is a :class:`Table` (columns and rows of plain values), so the page draws a chart
from it, shows it as an accessible HTML table, and exports it as CSV or XLSX without a
second computation.  The figures:

* cases by stage, by proposed action, by the agency and by the type of their law;
* cases by flag category: the cases linked to at least one non-dismissed flag of each
  category (a case with flags of two categories counts in both), and a ``none`` row for
  the cases with no such flag — so the rows may add up to more than the cases;
* screening flags by category: open flags (suggested or confirmed, not superseded) and the
  distinct laws carrying them, per category — the screening backlog, linked or not;
* cases opened and closed (closed or withdrawn) per month;
* the burndown of each :class:`~lawreg.models.ReformTarget`: laws still to go at the end of
  each month, against the straight line from the target to zero on the due date; a law
  counts as done from the day the instrument of a case with the target's action on it
  commenced (a published repeal with a future commencement counts on that day);
* median days spent in each stage, from consecutive :class:`CaseTransition` timestamps
  (a stage still in progress does not count);
* overdue cases and laws overdue for periodic review (:mod:`lawreg.services.deadlines`).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from ..errors import InvalidRecord, NotFound
from ..models import (
    Agency,
    CaseFlag,
    CaseStage,
    CaseTransition,
    Flag,
    FlagCategory,
    FlagStatus,
    Law,
    ProposedAction,
    ReformTarget,
    ReviewCase,
)
from ..models.review import FINAL_STAGES
from .deadlines import laws_due_for_review, overdue_cases
from .permissions import Permission, require
from .unit_of_work import UnitOfWork

NOTE_MAX = 2_000
MAX_TARGET = 1_000_000
# A target's burndown has one row per month of its span: a target due in 9999 made every
# dashboard view build 96,000 rows (171 MB, 19 s).  Twenty years covers any plan.
MAX_TARGET_YEARS = 20
TARGET_ACTIONS = (ProposedAction.REPEAL, ProposedAction.AMEND, ProposedAction.CONSOLIDATE)
NO_AGENCY = "—"  # also the label of a law with no recorded type
NO_FLAG = "none"  # the row of cases linked to no (non-dismissed) flag


@dataclass(frozen=True)
class Table:
    """One figure: ``columns`` are (key, English heading) pairs; ``rows`` tuples of values."""

    name: str
    title: str
    columns: tuple[tuple[str, str], ...]
    rows: list[tuple[Any, ...]]


def _grouped(uow: UnitOfWork, column: Any, *joins: Any) -> list[tuple[Any, int]]:
    query = select(column, func.count(ReviewCase.id)).select_from(ReviewCase)
    for target, condition in joins:
        query = query.outerjoin(target, condition)
    return [(key, count) for key, count in uow.session.execute(query.group_by(column))]


def cases_by_stage(uow: UnitOfWork) -> Table:
    counts = dict(_grouped(uow, ReviewCase.stage))
    rows = [(stage.value, counts[stage]) for stage in CaseStage if counts.get(stage)]
    return Table("by_stage", "Cases by stage", (("stage", "Stage"), ("cases", "Cases")), rows)


def cases_by_action(uow: UnitOfWork) -> Table:
    counts = dict(_grouped(uow, ReviewCase.action))
    rows = [(action.value, counts[action]) for action in ProposedAction if counts.get(action)]
    return Table("by_action", "Cases by proposed action", (("action", "Proposed action"), ("cases", "Cases")), rows)


def cases_by_agency(uow: UnitOfWork) -> Table:
    counts = _grouped(uow, Agency.name, (Law, ReviewCase.law_id == Law.id), (Agency, Law.agency_id == Agency.id))
    rows = sorted(((name or NO_AGENCY, n) for name, n in counts), key=lambda r: (-r[1], r[0]))
    return Table("by_agency", "Cases by agency", (("agency", "Agency"), ("cases", "Cases")), rows)


def cases_by_law_type(uow: UnitOfWork) -> Table:
    counts = _grouped(uow, Law.law_type, (Law, ReviewCase.law_id == Law.id))
    rows = sorted(((kind or NO_AGENCY, n) for kind, n in counts), key=lambda r: (-r[1], r[0]))
    return Table("by_law_type", "Cases by type of law", (("law_type", "Type of law"), ("cases", "Cases")), rows)


def cases_by_flag_category(uow: UnitOfWork) -> Table:
    """Cases per category of their linked, non-dismissed flags, then the unflagged cases."""
    counts: dict[str, int] = {
        category: count for category, count in uow.session.execute(
            select(Flag.category, func.count(func.distinct(CaseFlag.case_id)))
            .join(Flag, Flag.id == CaseFlag.flag_id)
            .where(Flag.status != FlagStatus.DISMISSED)
            .group_by(Flag.category)
        )
    }
    flagged = (
        select(CaseFlag.case_id)
        .join(Flag, Flag.id == CaseFlag.flag_id)
        .where(Flag.status != FlagStatus.DISMISSED)
    )
    unflagged = uow.session.scalar(
        select(func.count()).select_from(ReviewCase).where(ReviewCase.id.not_in(flagged))
    ) or 0
    known = [c.value for c in FlagCategory]
    rows = [(category, counts[category]) for category in known + sorted(set(counts) - set(known))
            if counts.get(category)]
    if unflagged:
        rows.append((NO_FLAG, unflagged))
    return Table("cases_by_flag_category", "Cases by flag category",
                 (("category", "Category"), ("cases", "Cases")), rows)


def flags_by_category(uow: UnitOfWork) -> Table:
    query = (
        select(Flag.category, func.count(Flag.id), func.count(func.distinct(Flag.law_id)))
        .where(Flag.status != FlagStatus.DISMISSED, Flag.superseded_at.is_(None))
        .group_by(Flag.category)
        .order_by(Flag.category)
    )
    rows = [(category, flags, laws) for category, flags, laws in uow.session.execute(query)]
    return Table("flags_by_category", "Open screening flags by category",
                 (("category", "Category"), ("flags", "Flags"), ("laws", "Laws")), rows)


def _month(moment: datetime | date) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def _months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def opened_closed_by_month(uow: UnitOfWork) -> Table:
    opened = Counter(_month(at) for at in uow.session.scalars(select(ReviewCase.created_at)))
    closed = Counter(
        _month(at) for at in uow.session.scalars(
            select(CaseTransition.at).where(CaseTransition.to_stage.in_(list(FINAL_STAGES)),
                                            CaseTransition.from_stage.not_in(list(FINAL_STAGES)))
        )
    )
    months = sorted(set(opened) | set(closed))
    rows = [(m, opened.get(m, 0), closed.get(m, 0)) for m in _months_between(months[0], months[-1])] if months else []
    return Table("opened_closed", "Cases opened and closed per month",
                 (("month", "Month"), ("opened", "Opened"), ("closed", "Closed")), rows)


def median_days_in_stage(uow: UnitOfWork) -> Table:
    """Median (and count) of completed stays in each stage, in days (fractions kept)."""
    stays: dict[str, list[float]] = defaultdict(list)
    entered: dict[int, tuple[str, datetime]] = {}
    query = select(CaseTransition.case_id, CaseTransition.to_stage, CaseTransition.at).order_by(
        CaseTransition.case_id, CaseTransition.id)
    for case_id, stage, at in uow.session.execute(query):
        previous = entered.get(case_id)
        if previous is not None and previous[0] != stage:
            stays[previous[0]].append((at - previous[1]).total_seconds() / 86400)
        if previous is None or previous[0] != stage:
            entered[case_id] = (stage, at)
    rows = [(stage.value, round(statistics.median(stays[stage]), 1), len(stays[stage]))
            for stage in CaseStage if stays.get(stage)]
    return Table("median_stage_days", "Median days in each stage",
                 (("stage", "Stage"), ("median_days", "Median days"), ("stays", "Completed stays")), rows)


def overdue_table(uow: UnitOfWork, today: date) -> Table:
    rows = [(case.id, case.law.key, case.stage, case.stage_due_on.isoformat() if case.stage_due_on else "",
             (today - case.stage_due_on).days if case.stage_due_on else 0)
            for case in overdue_cases(uow, today)]
    return Table("overdue", "Overdue cases",
                 (("case", "Case"), ("law", "Law"), ("stage", "Stage"), ("due_on", "Due"),
                  ("days_overdue", "Days overdue")), rows)


def review_due_table(uow: UnitOfWork, today: date) -> Table:
    rows = [(item.law.key, item.law.title,
             item.last_evaluated.isoformat() if item.last_evaluated else "", item.due_on.isoformat())
            for item in laws_due_for_review(uow, today)]
    return Table("review_due", "Laws overdue for periodic review",
                 (("law", "Law"), ("title", "Title"), ("last_evaluated", "Last evaluated"),
                  ("due_on", "Review due")), rows)


def completions(uow: UnitOfWork, action: str, today: date) -> dict[int, date]:
    """Laws carried out with ``action`` by ``today``: law id → the day its first such case
    took effect (the instrument's commencement, else its publication).  A repeal published
    with a later commencement counts from that day, not before (registry truth)."""
    took_effect = func.coalesce(ReviewCase.commenced_on, ReviewCase.published_on)
    query = (
        select(ReviewCase.law_id, func.min(took_effect))
        .where(ReviewCase.action == action, ReviewCase.published_on.is_not(None))
        .group_by(ReviewCase.law_id)
    )
    return {law_id: day for law_id, day in uow.session.execute(query) if day <= today}


def burndown(uow: UnitOfWork, target: ReformTarget, today: date) -> Table:
    """Per month from the start to the due date: ideal remaining, and actual up to today."""
    done = sorted(d for d in completions(uow, target.action, today).values()
                  if target.starts_on <= d <= target.due_on)
    months = _months_between(_month(target.starts_on), _month(target.due_on))
    span = max(1, len(months) - 1)
    rows = []
    for index, month in enumerate(months):
        ideal = round(target.target_count * (1 - index / span), 1)
        achieved = sum(1 for d in done if _month(d) <= month)
        actual = max(0, target.target_count - achieved) if month <= _month(today) else None
        rows.append((month, ideal, actual))
    return Table(f"burndown_{target.id}", "Burndown", (("month", "Month"), ("ideal", "Ideal remaining"),
                                                       ("remaining", "Laws remaining")), rows)


@dataclass(frozen=True)
class TargetProgress:
    target: ReformTarget
    achieved: int
    table: Table


def targets(uow: UnitOfWork, today: date) -> list[TargetProgress]:
    rows = uow.session.scalars(select(ReformTarget).order_by(ReformTarget.due_on, ReformTarget.id))
    progress = []
    for target in rows:
        done = completions(uow, target.action, today).values()
        achieved = sum(1 for d in done if target.starts_on <= d <= target.due_on)
        progress.append(TargetProgress(target, achieved, burndown(uow, target, today)))
    return progress


@dataclass(frozen=True)
class Dashboard:
    tables: dict[str, Table]
    targets: list[TargetProgress]
    open_cases: int
    total_cases: int


def build(uow: UnitOfWork, today: date | None = None) -> Dashboard:
    """Every figure of the dashboard (reviewers, committee and administrators)."""
    require(uow.actor, Permission.VIEW_DASHBOARD)
    today = today or date.today()
    tables = [cases_by_stage(uow), cases_by_action(uow), cases_by_agency(uow), cases_by_law_type(uow),
              cases_by_flag_category(uow), flags_by_category(uow), opened_closed_by_month(uow), median_days_in_stage(uow),
              overdue_table(uow, today), review_due_table(uow, today)]
    progress = targets(uow, today)
    tables += [p.table for p in progress]
    total = uow.session.scalar(select(func.count()).select_from(ReviewCase)) or 0
    open_count = uow.session.scalar(
        select(func.count()).select_from(ReviewCase).where(ReviewCase.stage.not_in(list(FINAL_STAGES)))
    ) or 0
    return Dashboard({t.name: t for t in tables}, progress, open_count, total)


def _target_fields(action: str, target_count: int, starts_on: date, due_on: date, note: str) -> dict[str, Any]:
    if action not in TARGET_ACTIONS:
        raise InvalidRecord("action", "target.action_unknown", action=action)
    if not isinstance(target_count, int) or not 0 < target_count <= MAX_TARGET:
        raise InvalidRecord("target_count", "target.count_range", max=f"{MAX_TARGET:,}")
    if due_on <= starts_on:
        raise InvalidRecord("due_on", "target.due_before_start")
    if due_on.year - starts_on.year > MAX_TARGET_YEARS:
        raise InvalidRecord("due_on", "target.too_long", years=MAX_TARGET_YEARS)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise InvalidRecord("note", "field.too_long", limit=f"{NOTE_MAX:,}")
    return {"action": action, "target_count": target_count, "starts_on": starts_on,
            "due_on": due_on, "note": note}


def _target_snapshot(target: ReformTarget) -> dict[str, Any]:
    return {"action": target.action, "target_count": target.target_count,
            "starts_on": target.starts_on.isoformat(), "due_on": target.due_on.isoformat(),
            "note": target.note}


def set_target(
    uow: UnitOfWork,
    action: str,
    target_count: int,
    starts_on: date,
    due_on: date,
    note: str = "",
    *,
    target_id: int | None = None,
) -> ReformTarget:
    """Create a reform target, or change target ``target_id``; committee and admin only, audited."""
    require(uow.actor, Permission.SET_TARGETS)
    values = _target_fields(action, target_count, starts_on, due_on, note)
    if target_id is None:
        target = ReformTarget(set_by=uow.actor.name, **values)
        uow.session.add(target)
        before = None
    else:
        found = uow.session.get(ReformTarget, target_id)
        if found is None:
            raise NotFound("target.not_found", target=target_id)
        target = found
        before = _target_snapshot(target)
        for name, value in values.items():
            setattr(target, name, value)
        target.set_by = uow.actor.name
    uow.session.flush()
    uow.audit("target.set", "reform_target", str(target.id), before=before, after=_target_snapshot(target))
    return target
