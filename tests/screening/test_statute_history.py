"""Screening reads the recorded history of the statute book (issue 9): amounts are dated by
the section's last amendment, appended amending instruments do not repeat their principal
law's flags, "old law never amended" follows the amends relations and dated versions, and
laws named in repeal clauses count as repealed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from lawreg.models import Flag
from lawreg.records import LawRecord, RelationRecord, SectionRecord, VersionRecord
from lawreg.services.flags.screening import screen
from lawreg.services.laws import apply_relations, upsert_law

# After the auction Act of B.E. 2474 (krisdika-302310), with an amending Act of 2560 that
# adds s. 12 ทวิ with a fine of 50,000 baht; s. 12 keeps its 2474 wording.
AUCTIONS = "พระราชบัญญัติควบคุมการขายทอดตลาดและค้าของเก่า พุทธศักราช 2474"
AMENDMENT = "พระราชบัญญัติควบคุมการขายทอดตลาดและค้าของเก่า (ฉบับที่ 4) พ.ศ. 2560"
FILING = "ผู้ใดประสงค์จะขอรับใบอนุญาตให้ยื่นคำขอเป็นหนังสือต่อนายทะเบียน"
OLD_FINE = "ผู้ใดฝ่าฝืนมาตรา 7 ต้องระวางโทษปรับไม่เกินห้าร้อยบาท"
NEW_FINE = "ผู้ใดฝ่าฝืนมาตรา 6 ต้องระวางโทษปรับไม่เกินห้าหมื่นบาท"


def principal(*, amended: bool = True) -> LawRecord:
    new_fine = SectionRecord("12 ทวิ", f"มาตรา 12 ทวิ {NEW_FINE}")
    if amended:
        new_fine.versions = [
            VersionRecord(f"มาตรา 12 ทวิ {NEW_FINE}", valid_from=date(2017, 3, 8), amended_by="act-2560-auctions")
        ]
    return LawRecord(
        key="auctions-act-2474",
        title=AUCTIONS,
        year_be=2474,
        sections=[
            SectionRecord("5", f"มาตรา 5 {FILING}"),
            SectionRecord("12", f"มาตรา 12 {OLD_FINE}"),
            new_fine,
        ],
    )


def amendment() -> LawRecord:
    return LawRecord(
        key="act-2560-auctions",
        title=AMENDMENT,
        year_be=2560,
        sections=[
            SectionRecord("3", f"มาตรา 3 ให้เพิ่มความต่อไปนี้เป็นมาตรา 12 ทวิ “มาตรา 12 ทวิ {NEW_FINE}”"),
            SectionRecord("4", f"มาตรา 4 บรรดาคำขอที่ยื่นไว้ก่อนวันที่พระราชบัญญัตินี้ใช้บังคับ {FILING}"),
        ],
        relations=[RelationRecord("amends", "auctions-act-2474", effective_on=date(2017, 3, 8))],
    )


@pytest.fixture
def book(uow):
    record = amendment()
    upsert_law(uow, record)
    upsert_law(uow, principal())
    apply_relations(uow, record)
    uow.commit()
    return uow


def flags(uow, law_key: str | None = None) -> list[Flag]:
    found = uow.session.scalars(select(Flag)).all()
    return [f for f in found if law_key is None or f.law.key == law_key]


def test_amounts_are_dated_by_the_sections_last_amendment(book):
    screen(book)
    book.commit()
    stale = {f.section_number for f in flags(book, "auctions-act-2474") if f.rule_id == "outdated.stale-amount"}
    # s. 12 keeps its 2474 fine (stale although the law was amended in 2560); s. 12 ทวิ was
    # set in 2560 at 50,000 baht and is not.
    assert stale == {"12"}
    fine = next(f for f in flags(book, "auctions-act-2474") if f.rule_id == "outdated.stale-amount")
    assert fine.evidence["quote"] == "โทษปรับไม่เกินห้าร้อยบาท"
    assert fine.evidence["year_be"] == 2474


def test_an_amending_instrument_does_not_repeat_its_principal(book):
    screen(book)
    book.commit()
    assert {f.rule_id for f in flags(book, "auctions-act-2474")} >= {"digital.written-filing"}
    # Its transitional section restates the filing rule the principal already carries, and
    # an amending Act is an amendment, not "an old law never amended".
    assert flags(book, "act-2560-auctions") == []


def test_old_law_never_amended_follows_the_recorded_history(uow):
    upsert_law(uow, principal(amended=False))
    uow.commit()
    screen(uow)
    uow.commit()
    assert [f.rule_id for f in flags(uow) if f.section_number is None] == ["outdated.unamended-law"]
    record = amendment()
    upsert_law(uow, record)
    apply_relations(uow, record)
    uow.commit()
    screen(uow)
    uow.commit()
    current = [f for f in flags(uow) if f.section_number is None and f.superseded_at is None]
    # The flag already recorded stays for triage; no new one is made for either law.
    assert [f.law.key for f in current] == ["auctions-act-2474"]


def test_laws_named_in_repeal_clauses_count_as_repealed(uow):
    upsert_law(uow, LawRecord(
        key="minerals-act-2560",
        title="พระราชบัญญัติแร่ พ.ศ. 2560",
        year_be=2560,
        sections=[
            SectionRecord("3", "มาตรา 3 ให้ยกเลิก (1) พระราชบัญญัติแร่ พ.ศ. 2510 (2) พระราชบัญญัติแร่ (ฉบับที่ 2) พ.ศ. 2516"),
            SectionRecord("189", "มาตรา 189 บรรดาอาชญาบัตร ประทานบัตร หรือใบอนุญาตที่ได้ออกให้ตามพระราชบัญญัติแร่ พ.ศ. 2510 "
                                 "ก่อนวันที่พระราชบัญญัตินี้ใช้บังคับ ให้ถือเป็นอาชญาบัตร ประทานบัตร หรือใบอนุญาตตามพระราชบัญญัตินี้"),
        ],
    ))
    uow.commit()
    screen(uow)
    uow.commit()
    found = [f for f in flags(uow) if f.rule_id == "outdated.repealed-reference"]
    assert [f.section_number for f in found] == ["189"]
    assert found[0].evidence["quote"].replace(" ", "") == "พระราชบัญญัติแร่พ.ศ.2510"


def test_a_full_run_in_worker_processes_records_the_same_flags(book):
    summary = screen(book, dry_run=True)
    parallel = screen(book, dry_run=True, processes=2)
    assert (parallel.sections, parallel.findings, dict(parallel.by_category)) == (
        summary.sections, summary.findings, dict(summary.by_category)
    )
