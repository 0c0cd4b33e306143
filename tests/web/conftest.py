"""A small registry built through the service layer, shared by the web tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from flask import Flask

from lawreg.db import get_database
from lawreg.records import LawRecord, RelationRecord, SectionRecord, VersionRecord
from lawreg.services import Actor, UnitOfWork
from lawreg.services.laws import apply_relations, upsert_law

HOSTILE = "<script>alert('x')</script>"


@dataclass(frozen=True)
class Registry:
    code_key: str = "test-code"
    amending_key: str = "amending-act"
    regulation_key: str = "test-regulation"


def sample_records() -> list[LawRecord]:
    amending = LawRecord(
        key="amending-act",
        title="พระราชบัญญัติแก้ไขเพิ่มเติมประมวลกฎหมายทดสอบ (ฉบับที่ 2) พ.ศ. 2560",
        law_type="พระราชบัญญัติ",
        year_be=2560,
        agency="กระทรวงยุติธรรม",
        subject_groups=["กฎหมายแพ่ง"],
        relations=[
            RelationRecord(
                kind="amends", target="test-code", target_section="277", effective_on=date(2017, 6, 1)
            )
        ],
    )
    code = LawRecord(
        key="test-code",
        title=f"ประมวลกฎหมายทดสอบ {HOSTILE}",
        title_en="Test Code",
        law_type="ประมวลกฎหมาย",
        year_be=2535,
        agency="กระทรวงยุติธรรม > สำนักงานกิจการยุติธรรม",
        subject_groups=["กฎหมายแพ่ง", "กฎหมายพาณิชย์"],
        abbreviations=["ป.ท."],
        enacted_on=date(1992, 3, 1),
        published_on=date(1992, 3, 5),
        gazette_ref="เล่ม 109 ตอนที่ 30",
        sections=[
            SectionRecord(
                number="277",
                heading="ความรับผิดทางละเมิด",
                chapter_path=["บรรพ 1 หลักทั่วไป", "หมวด 1 บทเบ็ดเสร็จ"],
                versions=[
                    VersionRecord("มาตรา 277 ข้อความเดิม", valid_to=date(2017, 6, 1)),
                    VersionRecord(
                        "มาตรา 277 ข้อความใหม่\nวรรคสอง ผู้ใดกระทำละเมิด",
                        valid_from=date(2017, 6, 1),
                        amended_by="amending-act",
                    ),
                ],
            ),
            SectionRecord(
                number="277ทวิ",
                text=f"มาตรา 277 ทวิ บทที่เพิ่มเข้ามา {HOSTILE}",
                chapter_path=["บรรพ 1 หลักทั่วไป", "หมวด 1 บทเบ็ดเสร็จ"],
            ),
            SectionRecord(
                number="278",
                text="มาตรา 278 ยกเลิก",
                status="repealed",
                chapter_path=["บรรพ 1 หลักทั่วไป", "หมวด 2 ข้อยกเว้น"],
            ),
            SectionRecord(
                number="193/30",
                text="มาตรา 193/30 อายุความสิบปี",
                chapter_path=["บรรพ 1 หลักทั่วไป", "หมวด 0 อายุความ"],
            ),
        ],
    )
    regulation = LawRecord(
        key="test-regulation",
        title="กฎกระทรวงว่าด้วยการทดสอบ พ.ศ. 2540",
        law_type="กฎกระทรวง",
        year_be=2540,
        status="repealed",
        agency="กระทรวงการคลัง > กรมบัญชีกลาง",
        subject_groups=["กฎหมายการคลัง"],
        sections=[SectionRecord(number="ข้อ 1", label="ข้อ", text="ข้อ 1 กฎกระทรวงนี้ใช้บังคับ")],
        relations=[RelationRecord(kind="enabled_by", target="test-code", section="1", target_section="277")],
    )
    return [amending, code, regulation]


def write_laws(uow: UnitOfWork, *records: LawRecord) -> None:
    """Store ``records`` as an import does: every law first, then their relations (which
    name other laws by key), and commit."""
    for record in records:
        upsert_law(uow, record)
    for record in records:
        apply_relations(uow, record)
    uow.commit()


def build_registry(uow: UnitOfWork) -> Registry:
    records = sample_records()
    amending, code, regulation = records
    # The amending act must exist before the code's versions name it.
    upsert_law(uow, LawRecord(key=amending.key, title=amending.title))
    for record in (code, amending, regulation):
        upsert_law(uow, record)
    for record in records:
        apply_relations(uow, record)
    uow.commit()
    return Registry()


@pytest.fixture
def registry(app: Flask) -> Registry:
    """The sample registry, written through the services in one unit of work.

    The unit of work has no commit listeners: the public pages read the database only, and
    keeping the search index in step would cost about a second per test.
    """
    with app.app_context():
        work = UnitOfWork(get_database().sessionmaker(), Actor("test"), close_on_exit=True)
        with work:
            return build_registry(work)
