import json
import time

from sqlalchemy import event

from lawreg.db import get_database
from lawreg.records import LawRecord, SectionRecord
from lawreg.services import Actor, UnitOfWork
from lawreg.services.browse import LawFilters, browse_laws
from lawreg.services.laws import upsert_law
from lawreg.services.queries import find_section, law_page, table_of_contents
from lawreg.thai.numbers import parse_section_number


def test_facet_counts_ignore_their_own_filter(app, registry, uow):
    result = browse_laws(uow.session, LawFilters(law_type="กฎกระทรวง"), page=1, page_size=10)
    assert [law.key for law in result.items] == ["test-regulation"]
    types = {facet.value: facet.count for facet in result.facets["law_type"]}
    assert types == {"ประมวลกฎหมาย": 1, "พระราชบัญญัติ": 1, "กฎกระทรวง": 1}
    groups = {facet.value: facet.count for facet in result.facets["group"]}
    assert groups == {"กฎหมายการคลัง": 1}  # other facets do apply the type filter


def test_a_chosen_value_stays_a_choice_when_nothing_matches(app, registry, uow):
    filters = LawFilters(law_type="กฎกระทรวง", group="กฎหมายแพ่ง")
    result = browse_laws(uow.session, filters, page=1, page_size=10)
    assert result.total == 0 and result.items == []
    groups = {facet.value: facet.count for facet in result.facets["group"]}
    assert groups == {"กฎหมายการคลัง": 1, "กฎหมายแพ่ง": 0}


def test_agency_facet_rolls_up_to_the_ministry(app, registry, uow):
    result = browse_laws(uow.session, LawFilters(), page=1, page_size=10)
    agencies = {(facet.label, facet.depth): facet.count for facet in result.facets["agency"]}
    assert agencies[("กระทรวงยุติธรรม", 0)] == 2
    assert agencies[("สำนักงานกิจการยุติธรรม", 1)] == 1
    assert agencies[("กระทรวงการคลัง", 0)] == 1


def test_browse_orders_newest_year_first(app, registry, uow):
    result = browse_laws(uow.session, LawFilters(), page=1, page_size=10)
    assert [law.year_be for law in result.items] == [2560, 2540, 2535]
    assert result.total == 3 and result.pages == 1


def test_table_of_contents_nests_chapters_in_code_order(app, registry, uow):
    page = law_page(uow.session, "test-code")
    book = page.contents.items[0]
    assert book.title == "บรรพ 1 หลักทั่วไป"
    chapters = [(item.title, [s.number for s in item.items]) for item in book.items]
    assert chapters == [
        ("หมวด 0 อายุความ", ["193/30"]),
        ("หมวด 1 บทเบ็ดเสร็จ", ["277", "277 ทวิ"]),
        ("หมวด 2 ข้อยกเว้น", ["278"]),
    ]


def test_a_chapter_that_comes_back_starts_a_new_entry(app, registry, uow):
    page = law_page(uow.session, "test-code")
    sections = page.sections
    sections[0].chapter_path = ["ก"]
    sections[1].chapter_path = ["ข"]
    sections[2].chapter_path = ["ก"]
    sections[3].chapter_path = []
    root = table_of_contents(sections)
    assert [getattr(item, "title", None) for item in root.items] == ["ก", "ข", "ก", None]
    uow.session.rollback()


def test_find_section_accepts_any_written_form(app, registry, uow):
    for written in ("277 ทวิ", "277ทวิ", "๒๗๗ ทวิ", "ม. 277 ทวิ"):
        assert find_section(uow.session, "test-code", written).section.number == "277 ทวิ"
    assert find_section(uow.session, "test-code", "๙๙๙") is None
    assert find_section(uow.session, "test-code", "ไม่ใช่เลข") is None
    assert find_section(uow.session, "no-such-law", "1") is None


def count_queries(app, client, url: str) -> int:  # type: ignore[no-untyped-def]
    statements: list[str] = []
    with app.app_context():
        engine = get_database().engine

    def record(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements)


def add_sections(uow, count: int) -> None:  # type: ignore[no-untyped-def]
    upsert_law(uow, LawRecord(key="test-code", title="x", sections=[
        SectionRecord(number=str(1000 + n), text=f"มาตรา {1000 + n}", chapter_path=["บรรพ 9"])
        for n in range(count)
    ]))
    uow.commit()


def test_law_page_query_count_does_not_grow_with_sections(app, client, registry, uow):
    few = count_queries(app, client, "/laws/test-code")
    add_sections(uow, 60)
    many = count_queries(app, client, "/laws/test-code")
    assert many == few
    # 12 before the status on the reading date (4 queries), the versions of the part shown
    # only (2), the amendment history as one query (2) and the accounts behind the history's
    # actors, for their public names (1).
    assert few <= 21


def test_civil_code_page_renders_quickly(app, client, shared_data):
    """The real Civil and Commercial Code (1,869 sections) read part by part, timed: every
    section on exactly one part, no part page near the 2.5 MB of the whole text."""
    data = json.loads((shared_data / "thai-codes" / "civil-th.json").read_text(encoding="utf-8"))
    sections: dict[str, SectionRecord] = {}
    for item in data["sections"]:
        number = parse_section_number(item["number"]).canonical
        sections.setdefault(number, SectionRecord(number=number, text=item["text"]))
    # No commit listeners: this measures the page, not the search index.
    with app.app_context(), UnitOfWork(get_database().sessionmaker(), Actor("test")) as uow:
        upsert_law(uow, LawRecord(key="civil-commercial-code", title=data["fullName"],
                                  sections=list(sections.values())))
    assert len(sections) == 1869
    client.get("/laws/civil-commercial-code")  # warm the template cache
    started = time.perf_counter()
    response = client.get("/laws/civil-commercial-code")
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count('<article class="section') == 100
    assert "ให้เรียกว่า ประมวลกฎหมายแพ่งและพาณิชย์" in html
    assert elapsed < 5.0, f"law page took {elapsed:.2f} s"
    pages = [client.get(f"/laws/civil-commercial-code?part={n}").data for n in range(1, 20)]
    assert sum(page.count(b'<article class="section') for page in pages) == 1869
    assert max(len(page) for page in pages) < 250_000
