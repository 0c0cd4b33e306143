"""The demo laws among real ones: labelled wherever a law is shown, listed after the real
laws, marked in the API, and removed by ``lawreg demo --remove`` without touching real laws."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from lawreg.models import AuditEntry, IndexOutbox, Law, LawRelation, ReviewCase
from lawreg.records import LawRecord, RelationRecord, SectionRecord
from lawreg.services import LISTENERS_KEY, Actor, unit_of_work
from lawreg.services.laws import apply_relations, upsert_law

REAL_LAW = "real-act-2499"
DEMO_LAW = "boat-registration-act-2497"


def load(app: Flask, runner: FlaskCliRunner) -> None:
    """The demo set, then one real law (older, so a plain year order would list it last)
    that refers to a demo law."""
    app.extensions[LISTENERS_KEY] = []
    app.config["SEARCH_SYNC"] = False
    assert runner.invoke(args=["demo"]).exit_code == 0
    record = LawRecord(key=REAL_LAW, title="พระราชบัญญัติจริง พ.ศ. 2400", year_be=2400, source="krisdika",
                       sections=[SectionRecord("1", "มาตรา 1 พระราชบัญญัตินี้ใช้บังคับ")],
                       relations=[RelationRecord(kind="refers_to", target=DEMO_LAW)])
    with app.app_context(), unit_of_work(Actor("test", role="admin")) as uow:
        upsert_law(uow, record)
        uow.commit()
        apply_relations(uow, record)


def test_demo_laws_are_labelled_and_listed_after_real_ones(app, runner, client):
    load(app, runner)
    page = client.get("/laws?lang=en").get_data(as_text=True)
    first_law = page.index('href="/laws/', page.index('class="law-list"'))
    assert page[first_law:].startswith(f'href="/laws/{REAL_LAW}"')
    assert page.count("badge--demo") == 19  # every demo law listed on the first page, none else
    law_page = client.get(f"/laws/{DEMO_LAW}?lang=th").get_data(as_text=True)
    assert "ข้อมูลสาธิต / demo" in law_page and "กฎหมายสมมติ" in law_page
    assert "ข้อมูลสาธิต" not in client.get(f"/laws/{REAL_LAW}").get_data(as_text=True)
    assert client.get(f"/api/v1/laws/{DEMO_LAW}").get_json()["demo"] is True
    assert client.get(f"/api/v1/laws/{REAL_LAW}").get_json()["demo"] is False


def test_demo_remove_takes_out_the_demo_laws_only(app, runner):
    load(app, runner)
    with app.app_context(), unit_of_work(Actor("test", role="admin")) as uow:
        demo_count = uow.session.scalar(select(func.count()).select_from(Law).where(Law.source == "demo"))
        first_outbox = uow.session.scalar(select(func.max(IndexOutbox.id))) or 0
    result = runner.invoke(args=["demo", "--remove"])
    assert result.exit_code == 0, result.output
    assert f"removed {demo_count} demo laws" in result.output
    with app.app_context(), unit_of_work(Actor("test", role="admin")) as uow:
        assert list(uow.session.scalars(select(Law.key))) == [REAL_LAW]
        assert uow.session.scalar(select(func.count()).select_from(LawRelation)) == 0
        deleted = list(uow.session.scalars(select(AuditEntry.entity_key).where(AuditEntry.action == "law.delete")))
        assert len(deleted) == demo_count and DEMO_LAW in deleted
        assert uow.session.scalar(select(func.count()).where(AuditEntry.action == "relation.delete")) == 1
        reindexed = set(uow.session.scalars(select(IndexOutbox.law_key).where(IndexOutbox.id > first_outbox)))
        assert reindexed == set(deleted) | {REAL_LAW}  # the index drops them and refreshes the real law
    again = runner.invoke(args=["demo", "--remove"])
    assert again.exit_code == 0 and "holds no demo law" in again.output


def test_demo_remove_refuses_while_a_case_is_about_a_demo_law(app, runner):
    load(app, runner)
    with app.app_context(), unit_of_work(Actor("test", role="admin")) as uow:
        law = uow.session.scalars(select(Law).where(Law.key == DEMO_LAW)).one()
        uow.session.add(ReviewCase(law=law, action="repeal", stage="draft", justification="ทดสอบ",
                                   opened_by="test"))
        uow.commit()
    result = runner.invoke(args=["demo", "--remove"])
    assert result.exit_code != 0 and "review cases" in result.output
    with app.app_context(), unit_of_work(Actor("test", role="admin")) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Law).where(Law.source == "demo")) == 30
