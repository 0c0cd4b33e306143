""""Cited by" reads citations of any law by the registry's names, not by built-in keys."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import delete, select

from lawreg.db import get_database
from lawreg.models import Law, Section, SectionCitation
from lawreg.records import LawRecord, SectionRecord
from lawreg.services import Actor, UnitOfWork
from lawreg.services.citations import cited_by
from lawreg.services.law_names import registry_name_table
from lawreg.services.laws import upsert_law


def store(app: Flask, *records: LawRecord) -> None:
    with app.app_context():
        work = UnitOfWork(get_database().sessionmaker(), Actor("test"), close_on_exit=True)
        with work:
            for record in records:
                upsert_law(work, record)


def test_a_citation_of_another_act_by_title_counts(app: Flask) -> None:
    store(app,
          LawRecord(key="law-gambling", title="พระราชบัญญัติการพนัน พุทธศักราช 2478", year_be=2478,
                    sections=[SectionRecord(number="4", text="ห้ามมิให้ผู้ใดจัดให้มีการเล่น")]),
          LawRecord(key="law-other", title="พระราชบัญญัติสถานบริการ พ.ศ. 2509", year_be=2509,
                    sections=[SectionRecord(number="7", text="ผู้ใดฝ่าฝืนมาตรา 4 แห่งพระราชบัญญัติการพนัน พ.ศ. 2478 ต้องระวางโทษ"),
                              SectionRecord(number="8", text="ผู้ใดฝ่าฝืนมาตรา 4 แห่งประมวลกฎหมายอาญา")]))
    with app.app_context(), get_database().session() as session:
        law = session.scalars(select(Law).where(Law.key == "law-gambling")).one()
        section = session.scalars(select(Section).where(Section.law_id == law.id)).one()
        assert [(c.law_key, c.number) for c in cited_by(session, law, section)] == [("law-other", "7")]
        table = registry_name_table(session)
        assert registry_name_table(session) is table  # unchanged names: the same table
    store(app, LawRecord(key="law-new", title="ประมวลกฎหมายอาญา", year_be=2499))
    with app.app_context(), get_database().session() as session:
        assert registry_name_table(session) is not table
        assert not registry_name_table(session).laws["law-new"].has_text


def cited(app: Flask, law_key: str, number: str) -> list[tuple[str, str]]:
    with app.app_context(), get_database().session() as session:
        law = session.scalars(select(Law).where(Law.key == law_key)).one()
        section = session.scalars(
            select(Section).where(Section.law_id == law.id, Section.number == number)).one()
        return [(c.law_key, c.number) for c in cited_by(session, law, section)]


def test_the_table_follows_edits_and_laws_added_later(app: Flask) -> None:
    citing = LawRecord(key="law-citing", title="พระราชบัญญัติสถานบริการ พ.ศ. 2509", year_be=2509,
                       sections=[SectionRecord(number="7", text="ผู้ใดฝ่าฝืนมาตรา 4 แห่งพระราชบัญญัติการพนัน พ.ศ. 2478 ต้องระวางโทษ"),
                                 SectionRecord(number="9", text="ผู้ใดฝ่าฝืนมาตรา 7 ต้องระวางโทษ")])
    store(app, citing)
    assert cited(app, "law-citing", "7") == [("law-citing", "9")]
    # The cited Act arrives after the text citing it: the citation now means it.
    store(app, LawRecord(key="law-gambling", title="พระราชบัญญัติการพนัน พุทธศักราช 2478", year_be=2478,
                         sections=[SectionRecord(number="4", text="ห้ามมิให้ผู้ใดจัดให้มีการเล่น")]))
    assert cited(app, "law-gambling", "4") == [("law-citing", "7")]
    # A corrected text no longer cites it, and cites another section instead.
    citing.sections[0] = SectionRecord(number="7", text="ผู้ใดฝ่าฝืนมาตรา 9 ต้องระวางโทษ")
    store(app, citing)
    assert cited(app, "law-gambling", "4") == []
    assert cited(app, "law-citing", "9") == [("law-citing", "7")]


def test_the_rebuild_command_refills_the_table(app: Flask) -> None:
    store(app, LawRecord(key="law-a", title="พระราชบัญญัติทดสอบ พ.ศ. 2560", year_be=2560,
                         sections=[SectionRecord(number="1", text="ข้อความ"),
                                   SectionRecord(number="2", text="ตามมาตรา 1 และมาตรา ๑ วรรคสอง")]))
    with app.app_context(), get_database().session() as session:
        session.execute(delete(SectionCitation))
        session.commit()
    assert cited(app, "law-a", "1") == []
    result = app.test_cli_runner().invoke(args=["index", "citations"])
    assert result.exit_code == 0 and result.output.startswith("1 citations stored")
    assert cited(app, "law-a", "1") == [("law-a", "2")]
