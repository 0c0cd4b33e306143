"""Committee decisions by recorded vote: members vote, the quorum and majority decide.

A case referred to the committee (stage ``committee_decision``) has one
:class:`~lawreg.models.DecisionPoint` per referral.  Each member (``decide_case``:
committee and administrators) casts a vote *for* the proposal, *against* it, or
*abstains*, with an optional reason.  Votes are immutable: changing one casts a new vote,
and a member's current vote is their latest.  After each vote the current votes are
tallied under the :class:`VotingRule` fixed when the decision point opened:

* the quorum is met when at least ``quorum`` members have a current vote (abstentions
  count towards it);
* the proposal is approved when the votes for it outnumber those against and are at least
  ``majority`` of the votes for and against; it is rejected when the votes against are more
  than ``1 - majority`` of them.  With the default 0.5 that is a simple majority, and a tie
  decides nothing yet (members may change their votes, or more may vote); with 2/3 the
  proposal needs two thirds, and anything less rejects it.  Abstentions count for the
  quorum only.

The deciding vote moves the case through the ``approve`` or ``reject`` transition in the
same unit of work (its comment gives the tally, for–against–abstain); the votes against
the outcome stay stored and are shown as the dissent.  Casting, and the decision, are
audited.  Refusals are coded errors (``vote.*``, see :mod:`lawreg.errors`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import InvalidRecord, LawregError
from ..models import (
    CaseStage,
    CaseTransition,
    CommitteeVote,
    DecisionOutcome,
    DecisionPoint,
    ReviewCase,
    VoteChoice,
)
from ..models.base import utcnow
from .case_workflow import COMMENT_MAX, TransitionInput, TransitionRefused, clean_text
from .cases import get_case, transition
from .permissions import Permission, require
from .unit_of_work import Actor, UnitOfWork

CHOICES = frozenset(c.value for c in VoteChoice)


class VoteTamper(LawregError):
    """An attempt to change or delete a recorded vote."""


@dataclass(frozen=True)
class VotingRule:
    quorum: int = 3
    majority: float = 0.5

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> VotingRule:
        """The rule in the application's settings ``COMMITTEE_QUORUM`` and
        ``COMMITTEE_MAJORITY``; a setting out of range raises ``ValueError`` naming it."""
        quorum = int(config.get("COMMITTEE_QUORUM", cls.quorum))
        majority = float(config.get("COMMITTEE_MAJORITY", cls.majority))
        if quorum < 1:
            raise ValueError(f"COMMITTEE_QUORUM is {quorum}: at least one vote is needed")
        if not 0.5 <= majority < 1:
            raise ValueError(f"COMMITTEE_MAJORITY is {majority}: give a share from 0.5 to below 1")
        return cls(quorum, majority)


@dataclass(frozen=True)
class Tally:
    """The current votes of a decision point, one per member, in casting order."""

    votes: list[CommitteeVote]

    def count(self, choice: str) -> int:
        return sum(1 for vote in self.votes if vote.choice == choice)

    @property
    def summary(self) -> str:
        """for–against–abstain, as the decision's comment records it."""
        return "–".join(str(self.count(c)) for c in (VoteChoice.FOR, VoteChoice.AGAINST, VoteChoice.ABSTAIN))

    def outcome(self, quorum: int, majority: float) -> DecisionOutcome | None:
        """The decision these votes take under the rule, or ``None`` while undecided."""
        if len(self.votes) < quorum:
            return None
        ayes, noes = self.count(VoteChoice.FOR), self.count(VoteChoice.AGAINST)
        decisive = ayes + noes
        share = Fraction(majority).limit_denominator(100)  # 0.6667 is two thirds, exactly
        if ayes > noes and ayes >= share * decisive:
            return DecisionOutcome.APPROVED
        if noes > (1 - share) * decisive:
            return DecisionOutcome.REJECTED
        return None

    def dissent(self, outcome: str | None) -> list[CommitteeVote]:
        """The current votes against ``outcome`` (none while undecided)."""
        against = {DecisionOutcome.APPROVED: VoteChoice.AGAINST, DecisionOutcome.REJECTED: VoteChoice.FOR}
        choice = against.get(DecisionOutcome(outcome)) if outcome else None
        return [vote for vote in self.votes if vote.choice == choice]


@dataclass(frozen=True)
class VoteResult:
    vote: CommitteeVote
    tally: Tally
    outcome: DecisionOutcome | None


def tally(decision: DecisionPoint) -> Tally:
    latest: dict[int, CommitteeVote] = {}
    for vote in decision.votes:
        if vote.user_id not in latest or vote.sequence > latest[vote.user_id].sequence:
            latest[vote.user_id] = vote
    return Tally(sorted(latest.values(), key=lambda vote: vote.id))


def referral(case: ReviewCase) -> CaseTransition | None:
    """The step that referred the case to the committee, while it is there to be decided."""
    if case.stage != CaseStage.COMMITTEE_DECISION:
        return None
    steps = [step for step in case.transitions if step.to_stage == CaseStage.COMMITTEE_DECISION
             and step.from_stage != CaseStage.COMMITTEE_DECISION]
    return steps[-1] if steps else None


def decision_points(session: Session, case_id: int) -> list[DecisionPoint]:
    """Every decision point of a case, the first referral first (the case page's record)."""
    return list(session.scalars(
        select(DecisionPoint).where(DecisionPoint.case_id == case_id).order_by(DecisionPoint.id)))


def open_decision(session: Session, case: ReviewCase) -> DecisionPoint | None:
    """The decision point of the case's current referral, if one has been opened."""
    step = referral(case)
    if step is None:
        return None
    return session.scalar(select(DecisionPoint).where(DecisionPoint.referral_id == step.id))


def current_vote(decision: DecisionPoint | None, actor: Actor) -> CommitteeVote | None:
    if decision is None or actor.user_id is None:
        return None
    return next((v for v in tally(decision).votes if v.user_id == actor.user_id), None)


def cast_vote(
    uow: UnitOfWork,
    case_id: int,
    choice: str,
    reason: str = "",
    *,
    rule: VotingRule,
    today: date | None = None,
) -> VoteResult:
    """Record the actor's vote on the case's current referral, and take the decision when
    the votes reach it (see the module doc).  ``rule`` applies when this vote opens the
    decision point; an open one keeps its own."""
    case = get_case(uow, case_id)
    require(uow.actor, Permission.DECIDE_CASE, law=case.law)
    step = referral(case)
    if step is None:
        raise TransitionRefused("vote.not_referred", case=case.id)
    if uow.actor.user_id is None:
        raise TransitionRefused("vote.member_account_required")
    if choice not in CHOICES:
        raise InvalidRecord("choice", "vote.choice_unknown", choice=choice)
    text = clean_text(reason, "reason", COMMENT_MAX)
    decision = open_decision(uow.session, case)
    if decision is None:
        decision = DecisionPoint(case_id=case.id, referral_id=step.id, quorum=rule.quorum,
                                 majority=rule.majority)
        uow.session.add(decision)
    previous = current_vote(decision, uow.actor)
    if previous is not None and (previous.choice, previous.reason) == (choice, text):
        raise TransitionRefused("vote.unchanged", case=case.id)
    vote = CommitteeVote(user_id=uow.actor.user_id, member_name=uow.actor.name, choice=choice,
                         reason=text, sequence=previous.sequence + 1 if previous else 1)
    decision.votes.append(vote)
    try:
        uow.session.flush()
    except IntegrityError:
        raise TransitionRefused("vote.concurrent", member=uow.actor.name, case=case.id) from None
    uow.audit("vote.cast", "case", str(case.id),
              before={"choice": previous.choice, "reason": previous.reason} if previous else None,
              after={"decision": decision.id, "choice": choice, "reason": text, "sequence": vote.sequence})
    counted = tally(decision)
    outcome = counted.outcome(decision.quorum, decision.majority)
    if outcome is not None:
        decision.outcome = outcome
        decision.decided_at = utcnow()
        name = "approve" if outcome == DecisionOutcome.APPROVED else "reject"
        transition(uow, case.id, name, case.version, TransitionInput(comment=counted.summary),
                   today=today, by_vote=True)
        uow.audit("vote.decided", "case", str(case.id),
                  after={"decision": decision.id, "outcome": outcome.value, "votes": counted.summary,
                         "dissent": [v.member_name for v in counted.dissent(outcome)]})
    return VoteResult(vote, counted, outcome)


def _refuse_vote_changes(session: Session, _context: object, _instances: object) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, CommitteeVote) and (obj in session.deleted or session.is_modified(obj)):
            raise VoteTamper(f"vote {obj.id} is recorded as cast: cast a new vote instead")


def install_immutable_votes_guard() -> None:
    """Refuse, for every session, a flush that changes or deletes a vote (idempotent)."""
    if not event.contains(Session, "before_flush", _refuse_vote_changes):
        event.listen(Session, "before_flush", _refuse_vote_changes)


install_immutable_votes_guard()
