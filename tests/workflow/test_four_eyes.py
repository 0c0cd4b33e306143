"""The four-eyes rule: a second person forwards a case, refers it to the committee, and
confirms a flag raised by hand; each refusal is audited although nothing else is written."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lawreg.models import AuditEntry, Flag
from lawreg.services.cases import get_case, transition
from lawreg.services.flags.triage import add_manual_flag, decide
from lawreg.services.four_eyes import SecondPersonRequired

from .conftest import as_actor, table_counts
from .test_cases import TODAY, open_as, walk


def refusals(uow):
    return [(e.actor, e.entity_type, e.entity_key, e.after["action"])
            for e in uow.session.scalars(select(AuditEntry).where(AuditEntry.action == "four_eyes.refused")
                                         .order_by(AuditEntry.id))]


def test_the_author_may_not_forward_their_own_case(uow, registry):
    case_id = open_as(uow, registry.officer)
    walk(uow, registry, case_id, ["submit"])
    as_actor(uow, registry.officer)
    case = get_case(uow, case_id)
    before = table_counts(uow)
    with pytest.raises(SecondPersonRequired) as refused:
        transition(uow, case_id, "forward", case.version, today=TODAY)
    assert refused.value.code == "four_eyes.case"
    assert refused.value.params == {"action": "forward", "entity": "case", "key": str(case_id)}
    uow.rollback()
    after = table_counts(uow)
    assert after == {**before, "audit_entry": before["audit_entry"] + 1}  # the refusal, nothing else
    assert refusals(uow) == [("user:officer", "case", str(case_id), "forward")]
    assert get_case(uow, case_id).stage == "agency_review"
    as_actor(uow, registry.colleague)
    assert transition(uow, case_id, "forward", case.version, today=TODAY).stage == "central_review"


def test_whoever_submitted_a_case_counts_as_its_author(uow, registry):
    case_id = open_as(uow, registry.officer)
    as_actor(uow, registry.colleague)
    transition(uow, case_id, "submit", 1, today=TODAY)
    uow.commit()
    with pytest.raises(SecondPersonRequired):
        transition(uow, case_id, "forward", 2, today=TODAY)
    uow.rollback()
    as_actor(uow, registry.admin)
    assert transition(uow, case_id, "forward", 2, today=TODAY).stage == "central_review"


def test_a_reviewer_who_opened_a_case_may_not_refer_it_to_the_committee(uow, registry):
    case_id = open_as(uow, registry.reviewer)
    walk(uow, registry, case_id, ["submit", "forward", "open_hearing"])
    as_actor(uow, registry.reviewer)
    case = get_case(uow, case_id)
    with pytest.raises(SecondPersonRequired):
        transition(uow, case_id, "close_hearing", case.version, today=TODAY)
    uow.rollback()
    as_actor(uow, registry.admin)
    assert transition(uow, case_id, "close_hearing", case.version, today=TODAY).stage == "committee_decision"


def test_a_manual_flag_is_confirmed_by_a_second_person(uow, registry):
    as_actor(uow, registry.officer)
    flag = add_manual_flag(uow, "price-act", "outdated", section="25", quote="ต้องระวางโทษ",
                           notes="โทษปรับไม่ได้ปรับปรุง")
    uow.commit()
    assert (flag.status, flag.decided_by) == ("suggested", None)
    with pytest.raises(SecondPersonRequired) as refused:
        decide(uow, [flag.id], "confirmed")
    assert refused.value.params["entity"] == "flag"
    uow.rollback()
    assert uow.session.get(Flag, flag.id).status == "suggested"
    assert refusals(uow) == [("user:officer", "flag", str(flag.id), "confirm")]
    as_actor(uow, registry.colleague)
    [confirmed] = decide(uow, [flag.id], "confirmed", "ตรวจแล้ว")
    uow.commit()
    assert (confirmed.status, confirmed.decided_by) == ("confirmed", "user:colleague")


def test_the_raiser_may_still_withdraw_their_flag_by_dismissing_it(uow, registry):
    as_actor(uow, registry.officer)
    flag = add_manual_flag(uow, "price-act", "duplicative", section="25")
    uow.commit()
    assert decide(uow, [flag.id], "dismissed", "บันทึกผิดมาตรา")[0].status == "dismissed"
