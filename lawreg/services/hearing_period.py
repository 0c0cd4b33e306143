"""When a public hearing opened and closed, and the minimum time it must stay open.

A hearing opens with the ``open_hearing`` transition and closes with the first step that
takes the case out of ``public_hearing`` (``close_hearing``, or ``withdraw``); both are rows
of the case's history, so the period needs no column of its own.

The Act on Legislative Drafting (B.E. 2562) and its rules ask that a hearing run long enough
for people to answer: ``close_hearing`` is refused until :func:`min_days` (the deployment's
``HEARING_MIN_DAYS``, 15 by default) have passed since the opening (the guard is in
:mod:`lawreg.services.case_workflow`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app, has_app_context

from ..models import CaseStage, CaseTransition, ReviewCase
from ..models.base import utcnow

DEFAULT_MIN_DAYS = 15


def min_days() -> int:
    """The deployment's minimum hearing length in days (``HEARING_MIN_DAYS``, default 15)."""
    configured = current_app.config.get("HEARING_MIN_DAYS") if has_app_context() else None
    return DEFAULT_MIN_DAYS if configured is None else max(0, int(configured))


@dataclass(frozen=True)
class HearingPeriod:
    opened_at: datetime
    closed_at: datetime | None  # None while the hearing is open

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


def _aware(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def hearing_period(case: ReviewCase) -> HearingPeriod | None:
    """The hearing of ``case`` from its history, or ``None`` if it never had one."""
    steps: list[CaseTransition] = list(case.transitions)
    opened = next((s for s in steps if s.to_stage == CaseStage.PUBLIC_HEARING
                   and s.from_stage != CaseStage.PUBLIC_HEARING), None)
    if opened is None:
        return None
    closed = next((s for s in steps if s.id > opened.id and s.from_stage == CaseStage.PUBLIC_HEARING
                   and s.to_stage != CaseStage.PUBLIC_HEARING), None)
    return HearingPeriod(_aware(opened.at), _aware(closed.at) if closed else None)
