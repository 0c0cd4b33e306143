"""Deadlines: the due date of each case stage, and every law's next periodic review.

The Act on Legislative Drafting and Evaluation of Law Achievement B.E. 2562
(พระราชบัญญัติหลักเกณฑ์การจัดทำร่างกฎหมายและการประเมินผลสัมฤทธิ์ของกฎหมาย พ.ศ. 2562)
requires a law to be evaluated at least every five years.  A law's next review is due five
years after the later of its last recorded :class:`~lawreg.models.LawEvaluation` and its last
recorded amendment (:mod:`lawreg.services.history`), or, when it has neither, five years
after it commenced (else was published, else 1 January of its B.E. year).  Only laws in
force on the day (:mod:`lawreg.services.status`) are due, and amending instruments are not
reviewed apart from the law they amend.

Stage due dates default to :data:`DEFAULT_STAGE_DAYS`; a deployment overrides them with
``STAGE_DUE_DAYS = {"public_hearing": 15, ...}`` in its instance ``config.py``, and a
transition may set its own due date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app, has_app_context
from sqlalchemy import func, select

from ..errors import InvalidRecord, NotFound
from ..models import CaseStage, Law, LawEvaluation, ReviewCase
from ..models.review import FINAL_STAGES
from ..thai.years import be_to_ce
from .history import amending_instrument_ids, last_amendments
from .permissions import Permission, require, scope
from .status import statuses_at
from .unit_of_work import UnitOfWork

REVIEW_INTERVAL_YEARS = 5
NOTE_MAX = 10_000
DEFAULT_STAGE_DAYS: dict[str, int] = {
    CaseStage.DRAFT: 30,
    CaseStage.AGENCY_REVIEW: 30,
    CaseStage.CENTRAL_REVIEW: 30,
    CaseStage.PUBLIC_HEARING: 15,
    CaseStage.COMMITTEE_DECISION: 30,
    CaseStage.APPROVED: 30,
    CaseStage.REJECTED: 30,
    CaseStage.DRAFTING: 90,
    CaseStage.CABINET: 60,
    CaseStage.PARLIAMENT: 180,
    CaseStage.GAZETTE_PUBLISHED: 30,
}


def stage_days(stage: str) -> int | None:
    """Days allowed for ``stage`` (``None`` for a final stage, which has no deadline)."""
    if stage in FINAL_STAGES:
        return None
    overrides = current_app.config.get("STAGE_DUE_DAYS", {}) if has_app_context() else {}
    return int(overrides.get(stage, DEFAULT_STAGE_DAYS.get(stage, 30)))


def stage_due_on(stage: str, today: date, override: date | None = None) -> date | None:
    """When the new ``stage`` is due: the override if given, else today plus the stage's days."""
    days = stage_days(stage)
    if days is None:
        return None
    if override is not None:
        if override < today:
            raise InvalidRecord("due_on", "deadline.before_today", date=override.isoformat())
        return override
    return today + timedelta(days=days)


def overdue_cases(uow: UnitOfWork, today: date) -> list[ReviewCase]:
    """Open cases whose current stage was due before ``today``, most overdue first."""
    require(uow.actor, Permission.VIEW_DEADLINES)
    return list(
        uow.session.scalars(
            select(ReviewCase)
            .where(ReviewCase.stage.not_in(list(FINAL_STAGES)), ReviewCase.stage_due_on < today)
            .order_by(ReviewCase.stage_due_on, ReviewCase.id)
        )
    )


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def review_basis(
    law: Law, last_evaluated: date | None, last_amended: date | None = None
) -> date | None:
    """The date the five-year review period runs from (see the module doc)."""
    known = [day for day in (last_evaluated, last_amended) if day is not None]
    if known:
        return max(known)
    if law.commenced_on is not None:
        return law.commenced_on
    if law.published_on is not None:
        return law.published_on
    if law.year_be is not None:
        return date(be_to_ce(law.year_be), 1, 1)
    return None


def next_review_on(
    law: Law, last_evaluated: date | None, last_amended: date | None = None
) -> date | None:
    basis = review_basis(law, last_evaluated, last_amended)
    return add_years(basis, REVIEW_INTERVAL_YEARS) if basis else None


@dataclass(frozen=True)
class ReviewDue:
    law: Law
    last_evaluated: date | None
    due_on: date
    last_amended: date | None = None


def laws_due_for_review(uow: UnitOfWork, today: date, *, scoped: bool = False) -> list[ReviewDue]:
    """Laws in force whose periodic review is due on or before ``today``, longest overdue first;
    with ``scoped``, only those the unit's actor acts for (:func:`permissions.scope`).

    Laws with no date at all cannot be scheduled and are left out.
    """
    last = (
        select(LawEvaluation.law_id, func.max(LawEvaluation.evaluated_on).label("last"))
        .group_by(LawEvaluation.law_id)
        .subquery()
    )
    in_force = [
        law_id for law_id, status in statuses_at(uow.session, today).items() if status.in_force
    ]
    skipped = amending_instrument_ids(uow.session)
    amended = last_amendments(uow.session, today)
    query = (
        select(Law, last.c.last)
        .outerjoin(last, last.c.law_id == Law.id)
        .where(Law.id.in_([law_id for law_id in in_force if law_id not in skipped]))
    )
    if scoped:
        query = query.where(scope(uow.actor))
    due: list[ReviewDue] = []
    for law, last_evaluated in uow.session.execute(query):
        when = next_review_on(law, last_evaluated, amended.get(law.id))
        if when is not None and when <= today:
            due.append(ReviewDue(law, last_evaluated, when, amended.get(law.id)))
    due.sort(key=lambda item: (item.due_on, item.law.key))
    return due


def record_evaluation(
    uow: UnitOfWork,
    law_key: str,
    evaluated_on: date,
    note: str,
    *,
    today: date | None = None,
    case: ReviewCase | None = None,
) -> LawEvaluation:
    """Record that ``law_key`` was evaluated on ``evaluated_on``; the date may not be in the future."""
    law = uow.session.scalar(select(Law).where(Law.key == law_key))
    if law is None:
        raise NotFound("law.not_found", law=law_key)
    require(uow.actor, Permission.RECORD_EVALUATION, law=law)
    if evaluated_on > (today or date.today()):
        raise InvalidRecord("evaluated_on", "evaluation.in_future", date=evaluated_on.isoformat())
    if len(note) > NOTE_MAX:
        raise InvalidRecord("note", "field.too_long", limit=NOTE_MAX)
    evaluation = LawEvaluation(
        law_id=law.id,
        evaluated_on=evaluated_on,
        evaluated_by=uow.actor.name,
        user_id=uow.actor.user_id,
        case_id=case.id if case else None,
        note=note.strip(),
    )
    uow.session.add(evaluation)
    uow.session.flush()
    uow.audit(
        "law.evaluate",
        "law",
        law.key,
        after={"evaluated_on": evaluated_on.isoformat(), "note": evaluation.note,
               "case": case.id if case else None},
    )
    return evaluation
