"""Screening through the service layer: incremental re-screening, triage, export."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from lawreg.errors import InvalidRecord
from lawreg.models import AuditEntry, Flag, FlagStatus
from lawreg.records import LawRecord, RelationRecord, SectionRecord
from lawreg.services.flags.queries import burden_ranking, export_flags, flag_categories, law_burden
from lawreg.services.flags.screening import screen
from lawreg.services.flags.triage import add_manual_flag, decide
from lawreg.services.laws import apply_relations, upsert_law

PAPER_FILING = "มาตรา 5 ผู้ประสงค์จะขอรับใบอนุญาตให้ยื่นคำขอเป็นหนังสือต่อนายทะเบียน"
DUPLICATE_TEXT = (
    "ผู้ใดเป็นเจ้าพนักงานมีหน้าที่ซื้อ ทำ จัดการ หรือรักษาทรัพย์ใด ๆ เบียดบังทรัพย์นั้นเป็นของตน"
    " หรือเป็นของผู้อื่นโดยทุจริต หรือโดยทุจริตยอมให้ผู้อื่นเอาทรัพย์นั้นเสีย ต้องระวางโทษจำคุก"
    "ตั้งแต่ห้าปีถึงยี่สิบปี"
)


def permit_act(first_section: str = PAPER_FILING) -> LawRecord:
    return LawRecord(
        key="permit-act-2500",
        title="พระราชบัญญัติการอนุญาต พ.ศ. 2500",
        year_be=2500,
        sections=[
            SectionRecord("1", "มาตรา 1 พระราชบัญญัตินี้เรียกว่า “พระราชบัญญัติการอนุญาต พ.ศ. 2500”"),
            SectionRecord("5", first_section),
            SectionRecord("6", "มาตรา 6 ผู้ใดฝ่าฝืนมาตรา 5 ต้องระวางโทษปรับไม่เกินห้าร้อยบาท"),
            SectionRecord("7", "มาตรา 7 " + DUPLICATE_TEXT),
        ],
    )


def other_act() -> LawRecord:
    return LawRecord(
        key="other-act-2510",
        title="พระราชบัญญัติอื่น พ.ศ. 2510",
        year_be=2510,
        sections=[
            SectionRecord("1", "มาตรา 1 พระราชบัญญัตินี้เรียกว่า “พระราชบัญญัติอื่น พ.ศ. 2510”"),
            SectionRecord("9", "มาตรา 9 " + DUPLICATE_TEXT.replace("ห้าปี", "สามปี")),
        ],
    )


@pytest.fixture
def registry(uow):
    upsert_law(uow, permit_act())
    upsert_law(uow, other_act())
    uow.commit()
    return uow


def flag_count(uow) -> int:
    return uow.session.scalar(select(func.count()).select_from(Flag))


def test_screening_records_suggestions_with_evidence(registry):
    summary = screen(registry)
    registry.commit()
    assert summary.added > 0 and summary.sections == 6
    filing = registry.session.scalars(
        select(Flag).where(Flag.rule_id == "digital.written-filing")
    ).one()
    assert filing.section_number == "5" and filing.status == FlagStatus.SUGGESTED
    text = filing.section_version.text
    assert text[filing.evidence["start"] : filing.evidence["end"]] == filing.evidence["quote"]
    assert "ยื่นคำขอเป็นหนังสือ" in filing.evidence["quote"]
    fine = registry.session.scalars(select(Flag).where(Flag.rule_id == "outdated.stale-amount")).one()
    assert fine.section_number == "6" and fine.evidence["amount_baht"] == 500


def test_duplicates_are_linked_both_ways_and_boilerplate_is_not(registry):
    screen(registry)
    registry.commit()
    pairs = registry.session.scalars(select(Flag).where(Flag.category == "duplicative")).all()
    assert sorted((f.law.key, f.section_number) for f in pairs) == [
        ("other-act-2510", "9"),
        ("permit-act-2500", "7"),
    ]
    first, second = pairs
    assert first.other_version_id == second.section_version_id
    assert second.other_version_id == first.section_version_id
    assert first.similarity == second.similarity and first.similarity >= 0.7


def test_rescreening_adds_nothing_new(registry):
    first = screen(registry)
    registry.commit()
    count = flag_count(registry)
    second = screen(registry)
    registry.commit()
    assert second.added == 0 and second.already_known == first.added
    assert flag_count(registry) == count


def test_dismissed_stays_dismissed_until_the_text_changes(registry):
    screen(registry)
    registry.commit()
    flag = registry.session.scalars(select(Flag).where(Flag.rule_id == "digital.written-filing")).one()
    decide(registry, [flag.id], "dismissed", "the registrar accepts e-filing under a ministerial rule")
    registry.commit()
    screen(registry)
    registry.commit()
    filings = registry.session.scalars(select(Flag).where(Flag.rule_id == "digital.written-filing")).all()
    assert [f.status for f in filings] == [FlagStatus.DISMISSED]

    upsert_law(registry, permit_act(PAPER_FILING + " ภายในสามสิบวัน"))
    registry.commit()
    summary = screen(registry)
    registry.commit()
    assert summary.superseded >= 1
    filings = registry.session.scalars(
        select(Flag).where(Flag.rule_id == "digital.written-filing").order_by(Flag.id)
    ).all()
    assert [f.status for f in filings] == [FlagStatus.DISMISSED, FlagStatus.SUGGESTED]
    assert filings[0].superseded_at is not None and filings[1].superseded_at is None


def test_dry_run_writes_nothing(registry):
    summary = screen(registry, dry_run=True)
    registry.rollback()
    assert summary.added > 0
    assert flag_count(registry) == 0


def test_triage_is_recorded_and_audited(registry):
    screen(registry)
    registry.commit()
    ids = registry.session.scalars(select(Flag.id).where(Flag.category == "obstructs_digital")).all()
    with pytest.raises(InvalidRecord):
        decide(registry, [ids[0]], "dismissed", "  ")
    assert len(decide(registry, ids, "dismissed", "ยกเลิกแล้วโดยกฎกระทรวง")) == len(ids)
    decide(registry, [ids[0]], "confirmed", "still on paper in practice")
    registry.commit()
    flag = registry.session.get(Flag, ids[0])
    assert flag.status == FlagStatus.CONFIRMED and flag.decided_by == "test"
    actions = registry.session.scalars(select(AuditEntry.action)).all()
    assert "flag.dismissed" in actions and "flag.confirmed" in actions and "flags.suggest" in actions
    assert "obstructs_digital" not in flag_categories(registry.session, "other-act-2510")


def test_manual_flag_quotes_the_text(registry):
    flag = add_manual_flag(registry, "permit-act-2500", "outdated", section="มาตรา ๖",
                           quote="ห้าร้อยบาท", notes="fine unchanged since 2500")
    registry.commit()
    assert flag.status == FlagStatus.SUGGESTED and flag.section_number == "6"  # until a second person confirms
    assert flag.section_version.text[flag.evidence["start"] : flag.evidence["end"]] == "ห้าร้อยบาท"
    with pytest.raises(InvalidRecord):
        add_manual_flag(registry, "permit-act-2500", "obsolete", section="6")
    with pytest.raises(InvalidRecord):
        add_manual_flag(registry, "permit-act-2500", "outdated", section="6", quote="ไม่มีข้อความนี้")


def test_e_transactions_relation_lowers_confidence(registry):
    screen(registry)
    registry.commit()
    before = registry.session.scalars(select(Flag.confidence).where(Flag.rule_id == "digital.written-filing")).one()
    upsert_law(registry, LawRecord(key="electronic-transactions-act-2544",
                                   title="พระราชบัญญัติว่าด้วยธุรกรรมทางอิเล็กทรอนิกส์ พ.ศ. 2544", year_be=2544))
    record = permit_act(PAPER_FILING + " ภายในเจ็ดวัน")
    record.relations = [RelationRecord("refers_to", "electronic-transactions-act-2544")]
    upsert_law(registry, record)
    apply_relations(registry, record)
    registry.commit()
    screen(registry, ["permit-act-2500"])
    registry.commit()
    after = registry.session.scalars(
        select(Flag).where(Flag.rule_id == "digital.written-filing", Flag.superseded_at.is_(None))
    ).one()
    assert after.confidence < before and after.evidence["e_transactions_act"] is True


def test_burden_is_stored_and_sortable(registry):
    screen(registry)
    registry.commit()
    figures = law_burden(registry.session, "permit-act-2500")
    # ใบอนุญาต (s. 5) and a penalty in each of s. 6 and s. 7
    assert figures["restrictions"] == 3 and figures["terms"]["ใบอนุญาต"] == 1
    assert figures["per_thousand_words"] == round(1000 * 3 / figures["words"], 2)
    ranking = burden_ranking(registry.session)
    assert {key for key, _, _ in ranking} == {"permit-act-2500", "other-act-2510"}
    rates = [rate for _, _, rate in ranking]
    assert rates == sorted(rates, reverse=True)


def test_export_lines(registry, runner):
    screen(registry)
    registry.commit()
    rows = list(export_flags(registry.session))
    result = runner.invoke(args=["flags", "export", "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert len(lines) == len(rows)
    for line in lines:
        assert {"law_key", "section", "category", "rule", "status", "confidence", "evidence"} <= set(line)
    duplicate = next(line for line in lines if line["category"] == "duplicative")
    assert duplicate["other"] in {"permit-act-2500#7", "other-act-2510#9"}
    law_level = [line for line in lines if line["section"] is None]
    assert law_level and all(line["rule"] == "outdated.unamended-law" for line in law_level)


def test_screen_command(registry, runner):
    result = runner.invoke(args=["screen", "--law", "permit-act-2500", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "would add" in result.output
    result = runner.invoke(args=["screen", "--all"])
    assert result.exit_code == 0, result.output
    assert "added" in result.output and "obstructs_digital" in result.output
    result = runner.invoke(args=["screen", "--all"])
    assert "added 0 new suggestions" in result.output
    result = runner.invoke(args=["screen", "--law", "no-such-law"])
    assert result.exit_code != 0 and "no-such-law" in result.output
    result = runner.invoke(args=["screen"])
    assert result.exit_code != 0 and "--all" in result.output
