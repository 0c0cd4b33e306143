from datetime import date

import pytest
from sqlalchemy import func, select

from lawreg.errors import InvalidRecord
from lawreg.models import AuditEntry, Law, LawRelation, Section, SectionVersion
from lawreg.records import LawRecord, RelationRecord, SectionRecord, VersionRecord
from lawreg.services.laws import Outcome, apply_relations, law_to_record, load_law, upsert_law


def civil_like() -> LawRecord:
    return LawRecord(
        key="test-code",
        title="ประมวลกฎหมายทดสอบ",
        law_type="ประมวลกฎหมาย",
        year_be=2535,
        agency="กระทรวงยุติธรรม > สำนักงานกิจการยุติธรรม",
        abbreviations=["ป.ท."],
        sections=[
            SectionRecord(number="277 ทวิ", text="มาตรา 277 ทวิ ข้อความ"),
            SectionRecord(number="277", text="มาตรา 277 ข้อความ"),
            SectionRecord(number="277/1", text="มาตรา 277/1 ข้อความ"),
        ],
    )


def test_upsert_creates_then_reports_unchanged(uow):
    assert upsert_law(uow, civil_like()) is Outcome.CREATED
    uow.commit()
    assert upsert_law(uow, civil_like()) is Outcome.UNCHANGED
    uow.commit()
    session = uow.session
    assert session.scalar(select(func.count()).select_from(Law)) == 1
    assert session.scalar(select(func.count()).select_from(Section)) == 3
    assert session.scalar(select(func.count()).select_from(SectionVersion)) == 3
    law = load_law(uow, "test-code")
    assert [s.number for s in law.sections] == ["277", "277 ทวิ", "277/1"]
    assert [a.name for a in law.agency.lineage()] == ["กระทรวงยุติธรรม", "สำนักงานกิจการยุติธรรม"]


def test_changed_text_updates_in_place_and_is_audited(uow):
    upsert_law(uow, civil_like())
    uow.commit()
    record = civil_like()
    record.sections[1].text = "มาตรา 277 ข้อความใหม่"
    assert upsert_law(uow, record) is Outcome.UPDATED
    uow.commit()
    law = load_law(uow, "test-code")
    assert law.sections[0].text == "มาตรา 277 ข้อความใหม่"
    assert len(law.sections[0].versions) == 1
    entries = uow.session.scalars(select(AuditEntry).where(AuditEntry.action == "section.update")).all()
    assert [e.entity_key for e in entries] == ["test-code#277"]
    assert entries[0].before["versions"][0]["text"] == "มาตรา 277 ข้อความ"


def test_duplicate_section_numbers_are_refused(uow):
    record = civil_like()
    record.sections.append(SectionRecord(number="277ทวิ", text="ซ้ำ"))
    with pytest.raises(InvalidRecord, match="277 ทวิ appears twice"):
        upsert_law(uow, record)


def test_dated_versions_and_relations_round_trip(uow):
    upsert_law(uow, LawRecord(key="amending-act", title="พระราชบัญญัติแก้ไขเพิ่มเติม พ.ศ. 2560"))
    record = civil_like()
    record.sections[1].versions = [
        VersionRecord("ข้อความเดิม", valid_to=date(2017, 6, 1)),
        VersionRecord("ข้อความใหม่", valid_from=date(2017, 6, 1), amended_by="amending-act"),
    ]
    record.relations = [RelationRecord(kind="refers_to", target="amending-act", section="277")]
    upsert_law(uow, record)
    apply_relations(uow, record)
    uow.commit()
    law = load_law(uow, "test-code")
    section = law.sections[0]
    assert section.text == "ข้อความใหม่"
    assert section.version_at(date(2016, 1, 1)).text == "ข้อความเดิม"
    exported = law_to_record(law)
    exported.origin = None
    assert upsert_law(uow, exported) is Outcome.UNCHANGED
    assert apply_relations(uow, exported) is Outcome.UNCHANGED


def test_a_law_other_laws_point_to_can_be_deleted_with_their_links(uow):
    """Deleting the object of a relation ("A refers to B", B deleted first) removes the
    relation, as the database's ON DELETE CASCADE does, instead of emptying its object."""
    upsert_law(uow, LawRecord(key="amending-act", title="พระราชบัญญัติแก้ไขเพิ่มเติม พ.ศ. 2560"))
    record = civil_like()
    record.relations = [RelationRecord(kind="refers_to", target="amending-act")]
    upsert_law(uow, record)
    apply_relations(uow, record)
    uow.commit()
    session = uow.session
    session.delete(load_law(uow, "amending-act"))
    session.commit()
    assert session.scalar(select(func.count()).select_from(LawRelation)) == 0
    assert load_law(uow, "test-code").outgoing == []
