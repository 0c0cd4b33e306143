"""A person's to-do list: what is waiting for them, gathered from the workflow's records.

* the open cases assigned to them, soonest due first (the deadlines, overdue ones marked);
* the cases before the committee on which they, a member, have not voted yet;
* the flags raised by hand by someone else that they may confirm (the second person of
  :mod:`lawreg.services.four_eyes`), within their agency for an officer.

Nothing here writes; each list follows the same permissions as the pages it links to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..models import CaseStage, Flag, FlagStatus, Law, ReviewCase, Role
from .assignments import Assigned, open_assignments
from .case_lists import list_cases
from .permissions import Permission, can
from .unit_of_work import UnitOfWork
from .votes import current_vote, open_decision

MAX_FLAGS = 200


@dataclass(frozen=True)
class TodoList:
    assigned: list[Assigned]
    votes: list[ReviewCase]
    flags: list[Flag]
    today: date

    def overdue(self, item: Assigned) -> bool:
        return item.due_on is not None and item.due_on < self.today

    @property
    def empty(self) -> bool:
        return not (self.assigned or self.votes or self.flags)


def votes_awaiting(uow: UnitOfWork) -> list[ReviewCase]:
    if not can(uow.actor, Permission.DECIDE_CASE) or uow.actor.user_id is None:
        return []
    return [case for case in list_cases(uow, stage=CaseStage.COMMITTEE_DECISION)
            if current_vote(open_decision(uow.session, case), uow.actor) is None]


def flags_awaiting(uow: UnitOfWork) -> list[Flag]:
    actor = uow.actor
    if not can(actor, Permission.TRIAGE_FLAGS):
        return []
    if actor.user_id is not None:
        not_mine = or_(Flag.created_by_user_id != actor.user_id, Flag.created_by_user_id.is_(None))
    else:
        not_mine = Flag.created_by != actor.name
    query = (
        select(Flag).join(Law, Law.id == Flag.law_id)
        .where(Flag.rule_id.is_(None), Flag.status == FlagStatus.SUGGESTED,
               Flag.superseded_at.is_(None), not_mine)
        .options(selectinload(Flag.law))
        .order_by(Flag.created_at, Flag.id).limit(MAX_FLAGS)
    )
    if actor.role == Role.OFFICER:
        query = query.where(Law.agency_id == actor.agency_id if actor.agency_id is not None
                            else Law.id.is_(None))
    return list(uow.session.scalars(query))


def todo_list(uow: UnitOfWork, today: date | None = None) -> TodoList:
    """Everything waiting for the actor (a signed-in person; the public has nothing)."""
    today = today or date.today()
    assigned = open_assignments(uow.session, uow.actor.user_id) if uow.actor.user_id is not None else []
    return TodoList(assigned, votes_awaiting(uow), flags_awaiting(uow), today)
