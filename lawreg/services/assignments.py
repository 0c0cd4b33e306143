"""Who works a case: assigning it to a named person, with an optional due date.

An assignment is a new :class:`~lawreg.models.CaseAssignment` row; the latest one per case
is the current assignee, earlier ones are its history.  Assigning needs ``assign_case`` on
the case's law (an officer: their own agency's cases), the case must be open, and the
assignee must be an active account that may see the case — an officer of another agency
cannot be given it.  The date a case is due is the assignment's own due date, else the due
date of the case's stage (:func:`due_on`).  Every assignment is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ..errors import InvalidRecord
from ..models import CaseAssignment, ReviewCase
from ..models.review import FINAL_STAGES
from .accounts import actor_for, find_user
from .case_workflow import COMMENT_MAX, TransitionRefused, clean_text
from .cases import get_case
from .permissions import Permission, can, require
from .unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Assigned:
    """An open case, its current assignment and the date it is due (if any)."""

    case: ReviewCase
    assignment: CaseAssignment
    due_on: date | None


def due_on(case: ReviewCase, assignment: CaseAssignment | None) -> date | None:
    """When the case is due: the assignment's date, else its stage's."""
    if assignment is not None and assignment.due_on is not None:
        return assignment.due_on
    return case.stage_due_on


def assign_case(
    uow: UnitOfWork, case_id: int, username: str, *, due: date | None = None, note: str = ""
) -> CaseAssignment:
    """Assign case ``case_id`` to ``username`` (see the module doc for who may)."""
    case = get_case(uow, case_id)
    require(uow.actor, Permission.ASSIGN_CASE, law=case.law)
    if not case.is_open:
        raise TransitionRefused("assignment.case_closed", case=case.id, stage=case.stage)
    user = find_user(uow, username)
    if user is None or not user.active:
        raise InvalidRecord("assignee", "assignment.unknown_assignee", user=username)
    if not can(actor_for(user), Permission.VIEW_CASES, law=case.law):
        raise InvalidRecord("assignee", "assignment.cannot_see_case", user=user.username, case=case.id)
    previous = current_assignment(uow.session, case.id)
    assignment = CaseAssignment(case_id=case.id, user_id=user.id, assigned_by=uow.actor.name,
                                assigned_by_id=uow.actor.user_id, due_on=due,
                                note=clean_text(note, "note", COMMENT_MAX))
    uow.session.add(assignment)
    uow.session.flush()
    uow.audit("case.assign", "case", str(case.id),
              before={"assignee": previous.assignee.username} if previous else None,
              after={"assignee": user.username, "due_on": due.isoformat() if due else None,
                     "note": assignment.note})
    return assignment


def _latest_ids() -> Select[int]:
    return select(func.max(CaseAssignment.id)).group_by(CaseAssignment.case_id)


def current_assignment(session: Session, case_id: int) -> CaseAssignment | None:
    return session.scalar(
        select(CaseAssignment).where(CaseAssignment.case_id == case_id)
        .order_by(CaseAssignment.id.desc()).limit(1)
    )


def assignment_history(session: Session, case_id: int) -> list[CaseAssignment]:
    return list(session.scalars(
        select(CaseAssignment).where(CaseAssignment.case_id == case_id).order_by(CaseAssignment.id)))


def open_assignments(session: Session, user_id: int | None = None) -> list[Assigned]:
    """Open cases with their current assignment (to ``user_id`` only, when given), soonest
    due first, those without a date last."""
    query = (
        select(CaseAssignment)
        .join(ReviewCase, ReviewCase.id == CaseAssignment.case_id)
        .where(CaseAssignment.id.in_(_latest_ids()), ReviewCase.stage.not_in(list(FINAL_STAGES)))
    )
    if user_id is not None:
        query = query.where(CaseAssignment.user_id == user_id)
    rows = [Assigned(a.case, a, due_on(a.case, a)) for a in session.scalars(query)]
    return sorted(rows, key=lambda row: (row.due_on is None, row.due_on or date.max, row.case.id))
