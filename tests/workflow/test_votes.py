"""The committee decides by recorded vote: quorum, majority, dissent, immutable votes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lawreg.errors import PermissionDenied
from lawreg.models import AuditEntry, CommitteeVote, DecisionPoint
from lawreg.services.case_workflow import DecidedByVote, TransitionRefused
from lawreg.services.cases import TransitionInput, available_transitions, get_case, transition
from lawreg.services.votes import (
    Tally,
    VoteTamper,
    VotingRule,
    cast_vote,
    decision_points,
    tally,
)

from .conftest import as_actor
from .test_cases import TODAY, open_as, walk

TO_COMMITTEE = ["submit", "forward", "open_hearing", "close_hearing"]
RULE = VotingRule(quorum=3, majority=0.5)


@pytest.fixture
def referred(uow, registry):
    case_id = open_as(uow, registry.officer)
    walk(uow, registry, case_id, TO_COMMITTEE)
    return case_id


def vote(uow, actor, case_id, choice, reason="", rule=RULE):
    as_actor(uow, actor)
    result = cast_vote(uow, case_id, choice, reason, rule=rule, today=TODAY)
    uow.commit()
    return result


def test_no_decision_before_the_quorum_then_the_majority_decides(uow, registry, referred):
    assert vote(uow, registry.committee, referred, "for").outcome is None
    assert vote(uow, registry.member2, referred, "against", "ยังไม่มีการรับฟังความเห็นเพียงพอ").outcome is None
    assert get_case(uow, referred).stage == "committee_decision"
    result = vote(uow, registry.member3, referred, "for", "เห็นชอบตามเสนอ")
    assert result.outcome == "approved"
    case = get_case(uow, referred)
    assert case.stage == "approved"
    assert case.transitions[-1].name == "approve" and case.transitions[-1].comment == "2–1–0"
    point = uow.session.scalar(select(DecisionPoint))
    assert (point.outcome, point.quorum, point.majority) == ("approved", 3, 0.5)
    dissent = tally(point).dissent(point.outcome)
    assert [(v.member_name, v.reason) for v in dissent] == [("user:member2", "ยังไม่มีการรับฟังความเห็นเพียงพอ")]
    decided = uow.session.scalars(select(AuditEntry).where(AuditEntry.action == "vote.decided")).one()
    assert decided.after["dissent"] == ["user:member2"] and decided.after["votes"] == "2–1–0"


def test_a_tie_decides_nothing_until_a_member_changes_their_vote(uow, registry, referred):
    vote(uow, registry.committee, referred, "for")
    vote(uow, registry.member2, referred, "against")
    assert vote(uow, registry.member3, referred, "abstain").outcome is None  # quorum met, 1–1–1
    result = vote(uow, registry.member3, referred, "against", "ควรแก้ไขแทนการยกเลิก")
    assert result.outcome == "rejected"
    assert get_case(uow, referred).stage == "rejected"
    votes = uow.session.scalars(select(CommitteeVote).where(CommitteeVote.member_name == "user:member3")
                                .order_by(CommitteeVote.id)).all()
    assert [(v.choice, v.sequence) for v in votes] == [("abstain", 1), ("against", 2)]  # both kept
    assert [v.choice for v in result.tally.votes] == ["for", "against", "against"]  # one current each


def test_a_two_thirds_rule_rejects_what_falls_short(uow, registry, referred):
    rule = VotingRule(quorum=3, majority=2 / 3)
    vote(uow, registry.committee, referred, "for", rule=rule)
    vote(uow, registry.member2, referred, "for", rule=rule)
    vote(uow, registry.admin, referred, "against", rule=rule)  # 2 of 3: exactly two thirds
    assert get_case(uow, referred).stage == "approved"
    assert Tally([]).outcome(1, 2 / 3) is None
    assert VotingRule.from_config({"COMMITTEE_QUORUM": 5, "COMMITTEE_MAJORITY": 0.75}) == VotingRule(5, 0.75)
    with pytest.raises(ValueError, match="COMMITTEE_MAJORITY"):
        VotingRule.from_config({"COMMITTEE_MAJORITY": 0.3})


def test_one_member_can_no_longer_decide_for_the_committee(uow, registry, referred):
    as_actor(uow, registry.committee)
    case = get_case(uow, referred)
    assert "approve" not in [t.name for t in available_transitions(registry.committee, case)]
    with pytest.raises(DecidedByVote):
        transition(uow, referred, "approve", case.version, TransitionInput(comment="เห็นชอบ"), today=TODAY)
    uow.rollback()
    as_actor(uow, registry.reviewer)
    with pytest.raises(PermissionDenied):
        cast_vote(uow, referred, "for", rule=RULE)
    uow.rollback()
    assert uow.session.scalars(select(CommitteeVote)).all() == []


def test_votes_are_immutable_and_a_repeated_vote_is_refused(uow, registry, referred):
    vote(uow, registry.committee, referred, "for", "เห็นด้วย")
    as_actor(uow, registry.committee)
    with pytest.raises(TransitionRefused) as refused:
        cast_vote(uow, referred, "for", "เห็นด้วย", rule=RULE)
    assert refused.value.code == "vote.unchanged"
    uow.rollback()
    stored = uow.session.scalar(select(CommitteeVote))
    stored.choice = "against"
    with pytest.raises(VoteTamper):
        uow.session.flush()
    uow.rollback()
    uow.session.delete(uow.session.scalar(select(CommitteeVote)))
    with pytest.raises(VoteTamper):
        uow.session.flush()
    uow.rollback()
    assert uow.session.scalar(select(CommitteeVote)).choice == "for"


def test_voting_outside_the_committee_stage_is_refused(uow, registry):
    case_id = open_as(uow, registry.officer)
    as_actor(uow, registry.committee)
    with pytest.raises(TransitionRefused) as refused:
        cast_vote(uow, case_id, "for", rule=RULE)
    assert refused.value.code == "vote.not_referred"
    uow.rollback()
    assert decision_points(uow.session, case_id) == []
