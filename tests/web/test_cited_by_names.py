""""Cited by" reads citations of any law by the registry's names, not by built-in keys."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from lawreg.db import get_database
from lawreg.models import Law, Section
from lawreg.records import LawRecord, SectionRecord
from lawreg.services import Actor, UnitOfWork
from lawreg.services.law_names import registry_name_table
from lawreg.services.laws import upsert_law
from lawreg.web.cited_by import cited_by


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
