"""Registry truth: status on a date from dated facts, the last amendment, amending
instruments, and the periodic review — on both databases, through the services."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from web.conftest import write_laws

from lawreg.models import Law
from lawreg.records import LawRecord, RelationRecord, SectionRecord, VersionRecord
from lawreg.search import SearchRequest
from lawreg.services import search as search_service
from lawreg.services import search_documents
from lawreg.services.browse import LawFilters, browse_laws
from lawreg.services.deadlines import laws_due_for_review
from lawreg.services.history import amending_instrument_ids, last_amended_on
from lawreg.services.laws import load_law
from lawreg.services.queries import registry_summary
from lawreg.services.status import (
    NOT_YET_IN_FORCE,
    law_status_at,
    laws_with_dated_changes,
    section_status_at,
    statuses_at,
)

TODAY = date.today()
COMING = TODAY + timedelta(days=180)


def old_act(key: str = "old-act", **fields) -> LawRecord:
    """An Act of B.E. 2468 (1925) with three sections of undated original text."""
    return LawRecord(
        key=key, title=f"พระราชบัญญัติทดสอบ {key} พ.ศ. 2468", law_type="พระราชบัญญัติ", year_be=2468,
        sections=[SectionRecord(number=str(n), text=f"มาตรา {n} ข้อความ") for n in (1, 2, 3)],
        **fields,
    )


def repeal(key: str, target: str, on: date | None, section: str | None = None) -> LawRecord:
    return LawRecord(key=key, title=f"พระราชบัญญัติยกเลิก {key}", relations=[
        RelationRecord(kind="repeals", target=target, target_section=section, effective_on=on)])


def section(uow, key: str, number: str):
    return next(s for s in load_law(uow, key).sections if s.number == number)


def test_a_law_is_not_in_force_before_its_year_or_commencement(uow):
    write_laws(uow, old_act(), old_act("dated-act", commenced_on=date(2000, 5, 1)))
    old, dated = load_law(uow, "old-act"), load_law(uow, "dated-act")
    assert law_status_at(uow.session, old, date(1900, 1, 1)).status == NOT_YET_IN_FORCE
    assert law_status_at(uow.session, old, date(1925, 6, 1)).status == "in_force"
    before = law_status_at(uow.session, dated, date(2000, 4, 30))
    assert (before.status, before.starts_on) == (NOT_YET_IN_FORCE, date(2000, 5, 1))
    assert law_status_at(uow.session, dated, date(2000, 5, 1)).status == "in_force"
    assert section_status_at(uow.session, section(uow, "old-act", "2"), date(1900, 1, 1)).status == (
        NOT_YET_IN_FORCE)


def test_every_section_of_a_repealed_law_is_repealed(uow):
    write_laws(uow, old_act(), repeal("repealing-act", "old-act", date(2010, 1, 1)))
    law = load_law(uow, "old-act")
    assert law.status == "in_force"  # nothing wrote the stored status: the dated fact decides
    assert law_status_at(uow.session, law).status == "repealed"
    assert section_status_at(uow.session, section(uow, "old-act", "1")).status == "repealed"
    assert section_status_at(uow.session, section(uow, "old-act", "1"), date(2009, 12, 31)).status == (
        "in_force")


def test_a_future_repeal_takes_effect_on_its_commencement_not_before(uow):
    write_laws(uow, old_act(status="repealed"), repeal("future-repeal-act", "old-act", COMING))
    law = load_law(uow, "old-act")
    today = law_status_at(uow.session, law, TODAY)
    assert (today.status, today.announced_end) == ("in_force", COMING)
    assert law_status_at(uow.session, law, COMING).status == "repealed"
    assert law_status_at(uow.session, law, COMING - timedelta(days=1)).status == "in_force"
    counts = statuses_at(uow.session, TODAY)
    assert counts[law.id].status == "in_force"


def test_a_stored_repeal_without_a_date_is_kept(uow):
    write_laws(uow, old_act(status="repealed"), old_act("expired-act", status="expired"))
    assert law_status_at(uow.session, load_law(uow, "old-act")).status == "repealed"
    assert law_status_at(uow.session, load_law(uow, "expired-act")).status == "expired"
    assert section_status_at(uow.session, section(uow, "expired-act", "3")).status == "expired"


def test_section_repeals_make_the_law_partly_then_wholly_repealed(uow):
    write_laws(uow, old_act(),
          repeal("first-act", "old-act", date(2001, 1, 1), "1"),
          repeal("second-act", "old-act", date(2002, 1, 1), "2"),
          repeal("third-act", "old-act", COMING, "3"))
    law = load_law(uow, "old-act")
    assert law_status_at(uow.session, law, date(2000, 1, 1)).status == "in_force"
    assert law_status_at(uow.session, law, date(2001, 6, 1)).status == "partly_repealed"
    assert law_status_at(uow.session, law, TODAY).status == "partly_repealed"
    assert law_status_at(uow.session, law, COMING).status == "repealed"
    third = section_status_at(uow.session, section(uow, "old-act", "3"), TODAY)
    assert (third.status, third.announced_end) == ("in_force", COMING)


def test_a_stored_repealed_section_is_dated_by_the_end_of_its_last_text(uow):
    write_laws(uow, old_act(), LawRecord(key="old-act", title="x", sections=[
        SectionRecord(number="2", status="repealed", versions=[
            VersionRecord("มาตรา 2 เดิม", valid_to=date(2018, 4, 19)),
            VersionRecord("(ยกเลิก)", valid_from=date(2018, 4, 19))])]))
    repealed = section(uow, "old-act", "2")
    assert section_status_at(uow.session, repealed, date(2018, 4, 18)).status == "in_force"
    assert section_status_at(uow.session, repealed, date(2018, 4, 19)).status == "repealed"
    assert law_status_at(uow.session, load_law(uow, "old-act"), date(2018, 4, 19)).status == (
        "partly_repealed")


def test_a_section_added_by_an_amendment_is_not_in_force_before_it(uow):
    write_laws(uow, old_act(), LawRecord(key="old-act", title="x", sections=[
        SectionRecord(number="3/1", versions=[VersionRecord("มาตรา 3/1 ใหม่", valid_from=date(2019, 1, 1))])]))
    added = section(uow, "old-act", "3/1")
    assert section_status_at(uow.session, added, date(2018, 12, 31)).status == NOT_YET_IN_FORCE
    assert section_status_at(uow.session, added, date(2019, 1, 1)).status == "in_force"


def test_browse_facets_and_home_counts_use_the_status_today(uow):
    write_laws(uow, old_act(status="repealed"), repeal("future-repeal-act", "old-act", COMING),
          old_act("gone-act"), repeal("past-repeal-act", "gone-act", date(2001, 1, 1)))
    result = browse_laws(uow.session, LawFilters(status="repealed"))
    assert [law.key for law in result.items] == ["gone-act"]
    facet = {value.value: value.count for value in result.facets["status"]}
    assert facet == {"in_force": 3, "repealed": 1}  # old-act and the two repealing Acts
    summary = dict(registry_summary(uow.session).by_status)
    assert summary == {"in_force": 3, "repealed": 1}


def test_last_amendment_from_relations_and_versions(uow):
    write_laws(uow, old_act(),
          LawRecord(key="amend-2", title="แก้ไข (ฉบับที่ 2)", relations=[
              RelationRecord(kind="amends", target="old-act", effective_on=date(2010, 3, 1))]),
          LawRecord(key="amend-3", title="แก้ไข (ฉบับที่ 3)"))
    write_laws(uow, LawRecord(key="old-act", title="x", sections=[SectionRecord(number="2", versions=[
        VersionRecord("มาตรา 2 เดิม", valid_to=date(2017, 7, 1)),
        VersionRecord("มาตรา 2 ใหม่", valid_from=date(2017, 7, 1), amended_by="amend-3")])]))
    law = load_law(uow, "old-act")
    assert last_amended_on(uow.session, law, date(2009, 1, 1)) is None
    assert last_amended_on(uow.session, law, date(2012, 1, 1)) == date(2010, 3, 1)
    assert last_amended_on(uow.session, law) == date(2017, 7, 1)
    assert last_amended_on(uow.session, load_law(uow, "amend-2")) is None


def test_review_runs_from_the_last_amendment_and_skips_amending_acts(uow):
    write_laws(uow, old_act(commenced_on=date(1925, 6, 1)), old_act("quiet-act", commenced_on=date(1925, 6, 1)),
          LawRecord(key="amend-2", title="พระราชบัญญัติแก้ไขเพิ่มเติม (ฉบับที่ 2)", published_on=date(2019, 1, 1),
                    relations=[RelationRecord(kind="amends", target="old-act", effective_on=date(2019, 2, 1))]),
          repeal("gone-repeal", "quiet-act", COMING))
    ids = {law.key: law.id for law in uow.session.query(Law)}
    assert amending_instrument_ids(uow.session) == {ids["amend-2"]}
    due = {item.law.key: item for item in laws_due_for_review(uow, date(2023, 1, 1))}
    assert "amend-2" not in due  # an amending Act is reviewed with the law it amends
    assert "old-act" not in due  # amended in 2019: due in 2024
    assert due["quiet-act"].due_on == date(1930, 6, 1)  # in force today, its repeal is to come
    later = {item.law.key: item for item in laws_due_for_review(uow, date(2024, 2, 1))}
    assert (later["old-act"].due_on, later["old-act"].last_amended) == (date(2024, 2, 1), date(2019, 2, 1))
    after = {item.law.key for item in laws_due_for_review(uow, COMING)}
    assert "quiet-act" not in after  # repealed on that day


def test_laws_with_dated_changes_name_the_laws_to_reindex(uow):
    write_laws(uow, old_act(), old_act("quiet-act"), old_act("new-act", commenced_on=date(2024, 3, 1)),
          repeal("repealing-act", "old-act", date(2024, 3, 2)))
    assert laws_with_dated_changes(uow.session, date(2024, 3, 1), date(2024, 3, 2)) == ["old-act"]
    assert laws_with_dated_changes(uow.session, date(2024, 2, 29), date(2024, 3, 2)) == ["new-act", "old-act"]
    assert laws_with_dated_changes(uow.session, date(2024, 3, 2), TODAY) == []


def test_the_index_learns_a_status_change_on_its_day(app, db, monkeypatch):
    """Indexed yesterday, a repeal commencing today reaches search with refresh-dates."""
    yesterday = TODAY - timedelta(days=1)

    class Yesterday(date):
        @classmethod
        def today(cls):  # type: ignore[override]
            return yesterday

    monkeypatch.setattr(search_documents, "date", Yesterday)
    db(lambda uow: write_laws(uow, old_act(), repeal("repealing-act", "old-act", TODAY)))
    monkeypatch.undo()

    def statuses() -> set[str]:
        with app.app_context():
            results = search_service.search(SearchRequest(text="ข้อความ", law_key="old-act"))
            return {hit.status for hit in results.hits}

    assert statuses() == {"in_force"}
    runner = app.test_cli_runner()
    assert runner.invoke(args=["index", "check"]).exit_code == 1  # the day has come: stale
    result = runner.invoke(args=["index", "refresh-dates"])
    assert "1 laws re-indexed" in result.output, result.output
    assert statuses() == {"repealed"}
    assert runner.invoke(args=["index", "check"]).exit_code == 0


def test_real_statute_facts_from_the_krisdika_text(uow, shared_data):
    """พระราชบัญญัติชื่อบุคคล พ.ศ. 2505 as imported from its consolidated text: amended by
    No. 2 (B.E. 2530) and No. 3 (B.E. 2548), which repealed section 14."""
    import importers

    path = shared_data / "krisdika-texts" / "324907.txt"
    if not path.exists():
        pytest.skip(f"{path} not found")
    importers.run("krisdika-text", path)
    uow.session.expire_all()
    law = uow.session.scalar(select(Law).where(Law.title == "พระราชบัญญัติชื่อบุคคล พ.ศ. 2505"))
    repealed_on = date(2005, 1, 19)
    assert law_status_at(uow.session, law, date(1962, 11, 22)).status == NOT_YET_IN_FORCE
    assert law_status_at(uow.session, law, repealed_on - timedelta(days=1)).status == "in_force"
    assert law_status_at(uow.session, law, TODAY).status == "partly_repealed"
    fourteen = next(s for s in law.sections if s.number == "14")
    assert section_status_at(uow.session, fourteen, repealed_on - timedelta(days=1)).status == "in_force"
    assert section_status_at(uow.session, fourteen, repealed_on).status == "repealed"
    assert last_amended_on(uow.session, law) == repealed_on
    amending = {uow.session.get(Law, law_id).title for law_id in amending_instrument_ids(uow.session)}
    assert amending == {"พระราชบัญญัติชื่อบุคคล (ฉบับที่ 2) พ.ศ. 2530", "พระราชบัญญัติชื่อบุคคล (ฉบับที่ 3) พ.ศ. 2548"}
    due = {item.law.title: item.due_on for item in laws_due_for_review(uow, TODAY)}
    assert due == {law.title: date(2010, 1, 19)}  # five years from the last amendment
