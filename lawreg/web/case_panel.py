"""What the case page shows of the committee's work on a case: who it is assigned to, the
committee's votes (tally, outcome, dissent) and the actor's own vote, and the four-eyes note.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from ..models import ReviewCase
from ..services import UnitOfWork
from ..services.assignments import assignment_history, due_on
from ..services.case_workflow import TRANSITIONS
from ..services.four_eyes import SECOND_PERSON_TRANSITIONS, case_refusal, is_author
from ..services.permissions import Permission, can
from ..services.votes import VotingRule, current_vote, decision_points, open_decision, tally


def case_panel(uow: UnitOfWork, case: ReviewCase) -> dict[str, Any]:
    """The template values of ``templates/committee/case_panel.html`` for ``case``."""
    actor = uow.actor
    history = assignment_history(uow.session, case.id)
    current = history[-1] if history else None
    decision = open_decision(uow.session, case)
    points = [(point, tally(point)) for point in decision_points(uow.session, case.id)]
    rule = VotingRule.from_config(current_app.config)
    return {
        "assignment": current,
        "assignment_history": history,
        "assignment_due": due_on(case, current),
        "may_assign": can(actor, Permission.ASSIGN_CASE, law=case.law) and case.is_open,
        "decision_points": points,
        "may_vote": can(actor, Permission.DECIDE_CASE, law=case.law) and actor.user_id is not None
        and case.stage == "committee_decision",
        "my_vote": current_vote(decision, actor),
        "voting_rule": (decision.quorum, decision.majority) if decision else (rule.quorum, rule.majority),
        "second_person_needed": is_author(actor, case) and any(
            case.stage in TRANSITIONS[name].sources and can(actor, TRANSITIONS[name].permission, law=case.law)
            for name in SECOND_PERSON_TRANSITIONS),
    }


def offered(actor_transitions: list[Any], uow: UnitOfWork, case: ReviewCase) -> list[Any]:
    """The transitions to offer as forms: those the four-eyes rule does not refuse."""
    return [t for t in actor_transitions if case_refusal(uow.actor, case, t.name) is None]
