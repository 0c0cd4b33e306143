"""Two agencies' laws screened into suggestions, and one account per role (from
tests/workflow), for the triage tests.  Requests run in their own app contexts."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from workflow.conftest import AGENCY, OTHER_AGENCY, PASSWORD, Registry, build_registry, signed_in

from lawreg.models import Flag, Law
from lawreg.records import LawRecord, SectionRecord
from lawreg.services import UnitOfWork
from lawreg.services.flags.screening import screen
from lawreg.services.laws import upsert_law

__all__ = ["PASSWORD", "Registry", "signed_in"]

# Section 5 asks for a paper filing (obstructs digital government), section 6 has a fine
# of 500 baht set in 2500 (outdated), section 7 repeats a section of the other agency's law
# (duplicative).
PAPER_FILING = "มาตรา 5 ผู้ประสงค์จะขอรับใบอนุญาตให้ยื่นคำขอเป็นหนังสือต่อนายทะเบียน"
DUPLICATE_TEXT = (
    "ผู้ใดเป็นเจ้าพนักงานมีหน้าที่ซื้อ ทำ จัดการ หรือรักษาทรัพย์ใด ๆ เบียดบังทรัพย์นั้นเป็นของตน"
    " หรือเป็นของผู้อื่นโดยทุจริต หรือโดยทุจริตยอมให้ผู้อื่นเอาทรัพย์นั้นเสีย ต้องระวางโทษจำคุก"
    "ตั้งแต่ห้าปีถึงยี่สิบปี"
)
OWN_LAW = "permit-act-2500"
OTHER_LAW = "other-act-2510"


def permit_act() -> LawRecord:
    return LawRecord(
        key=OWN_LAW,
        title="พระราชบัญญัติการอนุญาต พ.ศ. 2500",
        year_be=2500,
        agency=f"กระทรวงพาณิชย์ > {AGENCY}",
        sections=[
            SectionRecord("1", "มาตรา 1 พระราชบัญญัตินี้เรียกว่า “พระราชบัญญัติการอนุญาต พ.ศ. 2500”"),
            SectionRecord("5", PAPER_FILING),
            SectionRecord("6", "มาตรา 6 ผู้ใดฝ่าฝืนมาตรา 5 ต้องระวางโทษปรับไม่เกินห้าร้อยบาท"),
            SectionRecord("7", "มาตรา 7 " + DUPLICATE_TEXT),
        ],
    )


def other_act() -> LawRecord:
    return LawRecord(
        key=OTHER_LAW,
        title="พระราชบัญญัติอื่น พ.ศ. 2510",
        year_be=2510,
        agency=f"กระทรวงคมนาคม > {OTHER_AGENCY}",
        sections=[
            SectionRecord("1", "มาตรา 1 พระราชบัญญัตินี้เรียกว่า “พระราชบัญญัติอื่น พ.ศ. 2510”"),
            SectionRecord("9", "มาตรา 9 " + DUPLICATE_TEXT.replace("ห้าปี", "สามปี")),
        ],
    )


@pytest.fixture
def registry(db) -> Registry:
    return db(build_registry)


@pytest.fixture
def screened(db, registry) -> Registry:
    """The two screened laws besides the workflow registry's."""
    def load(uow: UnitOfWork) -> None:
        upsert_law(uow, permit_act())
        upsert_law(uow, other_act())
        uow.commit()
        screen(uow, [OWN_LAW, OTHER_LAW])
    db(load)
    return registry


def flag_rows(uow: UnitOfWork) -> list[tuple]:
    """Every flag with its decision, to show a refused write changed nothing."""
    return [
        (f.id, f.status, f.decided_by, f.decision_reason, f.notes)
        for f in uow.session.scalars(select(Flag).order_by(Flag.id))
    ]


def flag_ids(uow: UnitOfWork, law_key: str, category: str | None = None) -> list[int]:
    query = select(Flag.id).join(Law, Law.id == Flag.law_id).where(Law.key == law_key)
    if category:
        query = query.where(Flag.category == category)
    return list(uow.session.scalars(query.order_by(Flag.id)))
