"""The review-case state machine: permissions, the happy path and its registry effects,
refusals with reasons, and optimistic locking."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from lawreg.errors import InvalidRecord, PermissionDenied
from lawreg.models import CaseTransition, LawEvaluation, LawRelation, ReviewCase
from lawreg.services import unit_of_work
from lawreg.services.cases import (
    TRANSITIONS,
    StaleCase,
    TransitionInput,
    TransitionRefused,
    available_transitions,
    get_case,
    open_case,
    transition,
    update_checklist,
)
from lawreg.services.laws import load_law

from .conftest import FULL_CHECKLIST, as_actor, decide, table_counts

TODAY = date(2026, 11, 27)
PATH = {  # the transitions that bring a new case to each stage, and who takes them
    "submit": "officer", "forward": "colleague", "open_hearing": "reviewer",
    "close_hearing": "reviewer", "approve": "committee", "start_drafting": "reviewer",
    "to_cabinet": "reviewer", "to_parliament": "reviewer",
}
PUBLICATION = TransitionInput(gazette_ref="ราชกิจจานุเบกษา เล่ม 143 ตอนที่ 10 ก หน้า 1",
                              published_on=date(2026, 11, 20), instrument_key="price-repeal-act",
                              instrument_title="พระราชบัญญัติยกเลิกกฎหมายว่าด้วยราคาสินค้า พ.ศ. 2569")


def open_as(uow, actor, **kwargs):
    as_actor(uow, actor)
    defaults = dict(law_key="price-act", action="repeal",
                    justification="ไม่จำเป็นแล้ว", checklist=FULL_CHECKLIST, today=TODAY)
    defaults.update(kwargs)
    law_key = defaults.pop("law_key")
    action = defaults.pop("action")
    justification = defaults.pop("justification")
    case = open_case(uow, law_key, action, justification, **defaults)
    uow.commit()
    return case.id


def walk(uow, registry, case_id, names):
    roles = {**registry.by_role(), "colleague": registry.colleague}
    for name in names:
        if TRANSITIONS[name].by_vote:
            decide(uow, registry, case_id, name, today=TODAY)
            continue
        as_actor(uow, roles[{**PATH, "reject": "committee", "withdraw": "officer"}.get(name, "reviewer")])
        comment = "มติคณะกรรมการ" if name in ("approve", "reject", "withdraw") else ""
        transition(uow, case_id, name, get_case(uow, case_id).version,
                   TransitionInput(comment=comment), today=TODAY)
        uow.commit()


def test_repeal_of_a_whole_law_runs_to_the_gazette_and_repeals_it(uow, registry):
    case_id = open_as(uow, registry.officer)
    walk(uow, registry, case_id, list(PATH))
    as_actor(uow, registry.reviewer)
    case = transition(uow, case_id, "publish", get_case(uow, case_id).version,
                      TransitionInput(**vars(PUBLICATION)), today=TODAY)
    uow.commit()
    assert case.stage == "gazette_published"
    assert case.commenced_on == date(2026, 11, 21)  # the day after publication
    law = load_law(uow, "price-act")
    assert law.status == "repealed"
    relation = uow.session.scalar(select(LawRelation).where(LawRelation.object_law_id == law.id))
    assert (relation.kind, relation.subject_law.key, relation.effective_on) == (
        "repeals", "price-repeal-act", date(2026, 11, 21))
    assert relation.subject_law.title.startswith("พระราชบัญญัติยกเลิก")
    history = [t.name for t in get_case(uow, case_id).transitions]
    assert history == ["open", *PATH, "publish"]
    walk(uow, registry, case_id, ["close"])
    assert get_case(uow, case_id).stage == "closed"


def test_repealing_some_sections_leaves_the_law_partly_repealed(uow, registry):
    case_id = open_as(uow, registry.officer, sections=["25", "๒๕ทวิ"])
    walk(uow, registry, case_id, list(PATH))
    as_actor(uow, registry.reviewer)
    data = TransitionInput(**vars(PUBLICATION))
    data.commenced_on = date(2027, 1, 1)
    transition(uow, case_id, "publish", get_case(uow, case_id).version, data, today=TODAY)
    uow.commit()
    law = load_law(uow, "price-act")
    assert law.status == "partly_repealed"
    statuses = {s.number: s.status for s in law.sections}
    assert statuses == {"1": "in_force", "25": "repealed", "25 ทวิ": "repealed"}
    section = next(s for s in law.sections if s.number == "25")
    assert section.version_at(date(2026, 12, 31)) is not None
    assert section.version_at(date(2027, 1, 1)) is None
    relations = uow.session.scalars(select(LawRelation).where(LawRelation.object_law_id == law.id)).all()
    assert sorted((r.object_section.number, r.effective_on) for r in relations) == [
        ("25", date(2027, 1, 1)), ("25 ทวิ", date(2027, 1, 1))]


def test_amendment_adds_a_version_from_the_commencement_date(uow, registry):
    from lawreg.records import LawRecord
    from lawreg.services.laws import upsert_law

    upsert_law(uow, LawRecord(key="price-amendment-act", title="พระราชบัญญัติว่าด้วยราคาสินค้า (ฉบับที่ 2) พ.ศ. 2569"))
    uow.commit()
    case_id = open_as(uow, registry.officer, action="amend", sections=["25"],
                      new_texts={"25": "มาตรา 25 ผู้ใดฝ่าฝืน ต้องระวางโทษปรับไม่เกินหนึ่งหมื่นบาท"})
    walk(uow, registry, case_id, list(PATH))
    as_actor(uow, registry.reviewer)
    data = TransitionInput(gazette_ref="เล่ม 143 ตอนที่ 20 ก", published_on=date(2026, 11, 20),
                           commenced_on=date(2027, 2, 1), instrument_key="price-amendment-act")
    transition(uow, case_id, "publish", get_case(uow, case_id).version, data, today=TODAY)
    uow.commit()
    section = next(s for s in load_law(uow, "price-act").sections if s.number == "25")
    assert [(v.valid_from, v.valid_to) for v in section.versions] == [
        (None, date(2027, 2, 1)), (date(2027, 2, 1), None)]
    assert section.version_at(date(2027, 1, 31)).text == "มาตรา 25 ผู้ใดฝ่าฝืน ต้องระวางโทษ"
    amended = section.version_at(date(2027, 2, 1))
    assert amended.text.endswith("ไม่เกินหนึ่งหมื่นบาท")
    assert amended.amended_by.key == "price-amendment-act"
    # The current text is the one in force today: the amendment only from its commencement.
    assert section.current_version == section.version_at(date.today())
    assert load_law(uow, "price-act").status == "in_force"


def test_publication_reaches_the_commit_listeners(app, registry, uow):
    seen: list[set[str]] = []
    case_id = open_as(uow, registry.officer)
    walk(uow, registry, case_id, list(PATH))
    with app.app_context():
        from lawreg.services import commit_listeners

        commit_listeners().append(seen.append)
        with unit_of_work(registry.reviewer) as work:
            transition(work, case_id, "publish", get_case(work, case_id).version,
                       TransitionInput(**vars(PUBLICATION)), today=TODAY)
    assert seen and {"price-act", "price-repeal-act"} <= seen[0]


def test_keep_decision_concludes_and_counts_as_an_evaluation(uow, registry):
    case_id = open_as(uow, registry.officer, action="keep")
    walk(uow, registry, case_id, ["submit", "forward", "open_hearing", "close_hearing", "approve"])
    as_actor(uow, registry.reviewer)
    with pytest.raises(TransitionRefused, match="needs no drafting"):
        transition(uow, case_id, "start_drafting", get_case(uow, case_id).version, today=TODAY)
    uow.rollback()
    walk(uow, registry, case_id, ["conclude"])
    evaluation = uow.session.scalar(select(LawEvaluation))
    assert (evaluation.law.key, evaluation.evaluated_on, evaluation.case_id) == ("price-act", TODAY, case_id)


REFUSALS = [  # (path to the stage, transition, input, reason)
    ([], "forward", {}, "a case in stage draft cannot forward"),
    ([], "publish", {}, "cannot publish"),
    ([], "no_such_step", {}, "there is no transition"),
    (["submit", "forward", "open_hearing", "close_hearing"], "approve", {"comment": "เห็นชอบ"},
     "the committee decides by recorded vote"),
    (["submit", "forward", "open_hearing", "close_hearing"], "reject", {"comment": "ไม่เห็นชอบ"},
     "the committee decides by recorded vote"),
    (["submit", "forward", "open_hearing", "close_hearing"], "withdraw", {}, "withdraw needs comment"),
    (["submit", "forward", "open_hearing", "close_hearing", "approve"], "conclude", {}, "only a keep decision"),
    (list(PATH), "publish", {"published_on": date(2026, 1, 1), "instrument_key": "x"}, "publish needs gazette ref"),
    (list(PATH), "publish", {"gazette_ref": "g", "instrument_key": "x"}, "publish needs published on"),
    (list(PATH), "publish", {"gazette_ref": "g", "published_on": date(2026, 1, 1)}, "publish needs instrument key"),
    (list(PATH), "publish", {"gazette_ref": "g", "published_on": date(2026, 1, 1), "instrument_key": "price-act",
                             "commenced_on": date(2025, 1, 1)}, "commencement date is before the publication"),
    (list(PATH), "to_cabinet", {}, "a case in stage parliament cannot to_cabinet"),
]


def test_invalid_transitions_are_refused_with_their_reason(uow, registry):
    case_id = open_as(uow, registry.officer)
    walked: list[str] = []
    for path, name, data, reason in REFUSALS:
        walk(uow, registry, case_id, path[len(walked):])
        walked = path
        before = table_counts(uow)
        as_actor(uow, registry.admin)
        with pytest.raises(TransitionRefused, match=reason):
            transition(uow, case_id, name, get_case(uow, case_id).version, TransitionInput(**data), today=TODAY)
        uow.rollback()
        assert table_counts(uow) == before, name


def test_unknown_instrument_without_a_title_is_refused_and_nothing_is_written(uow, registry):
    case_id = open_as(uow, registry.officer)
    walk(uow, registry, case_id, list(PATH))
    before = table_counts(uow)
    as_actor(uow, registry.reviewer)
    data = TransitionInput(gazette_ref="g", published_on=date(2026, 11, 1), instrument_key="unknown-act")
    with pytest.raises(InvalidRecord, match="instrument_title"):
        transition(uow, case_id, "publish", get_case(uow, case_id).version, data, today=TODAY)
    uow.rollback()
    assert table_counts(uow) == before
    assert get_case(uow, case_id).stage == "parliament"


def test_submit_needs_the_whole_checklist(uow, registry):
    case_id = open_as(uow, registry.officer, checklist={"legal_basis": ("yes", "")})
    as_actor(uow, registry.officer)
    with pytest.raises(TransitionRefused, match="necessary, proportionate, digital_ready, duplicates unanswered"):
        transition(uow, case_id, "submit", 1, today=TODAY)
    uow.rollback()
    update_checklist(uow, case_id, 1, FULL_CHECKLIST)
    uow.commit()
    version = get_case(uow, case_id).version
    assert version == 2
    assert transition(uow, case_id, "submit", version, today=TODAY).stage == "agency_review"


ROLE_MAY = {  # transition -> roles that may take it (admin may take every one)
    "submit": {"officer"}, "forward": {"officer", "colleague"}, "open_hearing": {"reviewer"},
    "close_hearing": {"reviewer"}, "approve": {"committee"}, "reject": {"committee"},
    "start_drafting": {"reviewer"}, "to_cabinet": {"reviewer"}, "to_parliament": {"reviewer"},
    "publish": {"reviewer"}, "close": {"reviewer"}, "withdraw": {"officer", "reviewer"},
}


def assert_only_allowed_roles(uow, registry, case_id, name, data):
    """Every role without the permission is refused and writes nothing."""
    actors = {**registry.by_role(), "other agency's officer": registry.other_officer}
    for role, actor in actors.items():
        if role in ROLE_MAY[name] or role == "admin" or (TRANSITIONS[name].by_vote and role == "committee"):
            continue
        before = table_counts(uow)
        as_actor(uow, actor)
        case = uow.session.get(ReviewCase, case_id)
        assert name not in [t.name for t in available_transitions(actor, case)], role
        with pytest.raises(PermissionDenied):
            transition(uow, case_id, name, case.version, data, today=TODAY)
        uow.rollback()
        assert table_counts(uow) == before, (name, role)


def test_every_role_on_every_transition(uow, registry):
    case_id = open_as(uow, registry.officer)
    rejected_id = open_as(uow, registry.officer)
    withdrawn_id = open_as(uow, registry.officer)
    roles = registry.by_role()
    roles["colleague"] = registry.colleague
    for name in [*PATH, "publish", "close"]:
        data = TransitionInput(**vars(PUBLICATION)) if name == "publish" else TransitionInput(comment="เหตุผล")
        assert_only_allowed_roles(uow, registry, case_id, name, data)
        if TRANSITIONS[name].by_vote:  # the committee's votes (tests/workflow/test_votes.py)
            walk(uow, registry, case_id, [name])
            continue
        as_actor(uow, roles[sorted(ROLE_MAY[name])[0]])
        case = transition(uow, case_id, name, get_case(uow, case_id).version, data, today=TODAY)
        uow.commit()
        assert case.stage == TRANSITIONS[name].target
    walk(uow, registry, rejected_id, ["submit", "forward", "open_hearing", "close_hearing"])
    walk(uow, registry, rejected_id, ["reject"])
    assert get_case(uow, rejected_id).stage == "rejected"
    assert_only_allowed_roles(uow, registry, withdrawn_id, "withdraw", TransitionInput(comment="ถอน"))
    as_actor(uow, registry.officer)
    assert transition(uow, withdrawn_id, "withdraw", 1, TransitionInput(comment="ถอน"), today=TODAY).stage == "withdrawn"


def test_officers_open_cases_only_for_their_agency(uow, registry):
    before = table_counts(uow)
    for actor in (registry.other_officer, registry.committee):
        as_actor(uow, actor)
        with pytest.raises(PermissionDenied):
            open_case(uow, "price-act", "repeal", "เหตุผล", today=TODAY)
        uow.rollback()
    assert table_counts(uow) == before
    case_id = open_as(uow, registry.officer)
    as_actor(uow, registry.other_officer)
    with pytest.raises(PermissionDenied, match="price-act is not a law of your agency"):
        get_case(uow, case_id)


BAD_INPUT = [
    ({"justification": "x" * 1_000_000}, "justification: is longer than 20,000"),
    ({"justification": "   "}, "justification: is empty"),
    ({"action": "abolish"}, "abolish is not one of"),
    ({"action": 5}, "5 is not one of"),
    ({"sections": ["999"]}, "price-act has no section 999"),
    ({"sections": ["abc"]}, "sections"),
    ({"action": "amend"}, "an amendment names the sections"),
    ({"checklist": {"legal_basis": ("maybe", "")}}, "maybe is not yes, no or unclear"),
    ({"checklist": {"cost": ("yes", "")}}, "cost is not a checklist question"),
    ({"sections": ["1"], "new_texts": {"25": "ข้อความ"}}, "texts given for sections not in the case: 25"),
]


def test_bad_case_input_is_refused_with_nothing_stored(uow, registry):
    before = table_counts(uow)
    for kwargs, message in BAD_INPUT:
        with pytest.raises(InvalidRecord, match=message):
            open_as(uow, registry.officer, **kwargs)
        uow.rollback()
        assert table_counts(uow) == before, kwargs


def test_stale_version_is_refused_with_what_changed(uow, registry):
    case_id = open_as(uow, registry.officer)
    as_actor(uow, registry.officer)
    transition(uow, case_id, "submit", 1, TransitionInput(comment="ส่งต่อ"), today=TODAY)
    uow.commit()
    before = table_counts(uow)
    with pytest.raises(StaleCase) as caught:
        transition(uow, case_id, "withdraw", 1, TransitionInput(comment="ถอน"), today=TODAY)
    uow.rollback()
    assert [(s.name, s.actor, s.comment) for s in caught.value.changes] == [
        ("submit", "user:officer", "ส่งต่อ")]
    assert table_counts(uow) == before


def test_two_sessions_acting_at_once(app, uow, registry):
    """Both read version 1; the first commit wins, the second is refused by the database's
    version check (not only the early comparison) and writes nothing."""
    case_id = open_as(uow, registry.officer)
    with app.app_context():
        first = unit_of_work(registry.officer)
        second = unit_of_work(registry.admin)
        try:
            get_case(first, case_id)
            get_case(second, case_id)
            with first:
                transition(first, case_id, "submit", 1, TransitionInput(comment="ก่อน"), today=TODAY)
            with pytest.raises(StaleCase) as caught, second:
                transition(second, case_id, "withdraw", 1, TransitionInput(comment="หลัง"), today=TODAY)
        finally:
            first.session.close()
            second.session.close()
    assert [s.name for s in caught.value.changes] == ["submit"]
    uow.session.expire_all()
    case = get_case(uow, case_id)
    assert (case.stage, case.version) == ("agency_review", 2)
    assert [t.comment for t in uow.session.scalars(select(CaseTransition).order_by(CaseTransition.id))] == ["", "ก่อน"]
