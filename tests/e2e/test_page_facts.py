"""Browser tests of the facts a reader sees on law and section pages: a repealed law's
section shows repealed, a repeal published with a later commencement leaves the law in force
today with the date announced, a reading date before enactment says "not yet in force", and
the go-to-section box of a long law takes any written number to its part.

Served and driven like ``test_browser.py`` (Debian's chromium, skipped with a reason when it
or Playwright is missing).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from lawreg.records import LawRecord, RelationRecord, SectionRecord
from lawreg.services import Actor, unit_of_work
from lawreg.services.laws import apply_relations, upsert_law

from .serving import browser_app, chromium_browser, served

pytestmark = pytest.mark.e2e

COMING = date.today() + timedelta(days=200)
THAI_MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
               "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]


def thai_date(day: date) -> str:
    return f"{day.day} {THAI_MONTHS[day.month - 1]} พ.ศ. {day.year + 543}"


def records() -> list[LawRecord]:
    """A long code of B.E. 2468 in two books, an Act repealed in 2020, and an Act whose
    repeal commences in the future."""
    sections = []
    for n in range(1, 251):
        book = "บรรพ 1 บททั่วไป" if n <= 120 else "บรรพ 2 หนี้"
        sections.append(SectionRecord(number=str(n), text=f"ข้อความของมาตรา {n}",
                                      chapter_path=[book, f"หมวด {(n - 1) // 30 + 1}"]))
        if n == 130:
            sections.append(SectionRecord(number="130 ทวิ", text="ข้อความของมาตรา 130 ทวิ",
                                          chapter_path=[book, "หมวด 5"]))
    act = [SectionRecord(number=str(n), text=f"ข้อความ {n}") for n in (1, 2)]
    return [
        LawRecord(key="long-code", title="ประมวลกฎหมายทดสอบ พ.ศ. 2468", law_type="ประมวลกฎหมาย",
                  year_be=2468, sections=sections),
        LawRecord(key="old-act", title="พระราชบัญญัติเก่า พ.ศ. 2500", year_be=2500, sections=act),
        LawRecord(key="old-repeal", title="พระราชบัญญัติยกเลิกพระราชบัญญัติเก่า พ.ศ. 2563", relations=[
            RelationRecord(kind="repeals", target="old-act", effective_on=date(2020, 1, 1))]),
        LawRecord(key="doomed-act", title="พระราชบัญญัติที่จะถูกยกเลิก พ.ศ. 2510", year_be=2510,
                  sections=act),
        LawRecord(key="coming-repeal", title="พระราชบัญญัติยกเลิกในอนาคต", relations=[
            RelationRecord(kind="repeals", target="doomed-act", effective_on=COMING)]),
    ]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    app = browser_app(tmp_path_factory.mktemp("facts"))
    with app.app_context(), unit_of_work(Actor("test", role="admin")) as uow:
        for record in records():
            upsert_law(uow, record)
        for record in records():
            apply_relations(uow, record)
        uow.commit()
    with served(app) as url:
        yield url


@pytest.fixture(scope="module")
def page(server: str):  # type: ignore[no-untyped-def]
    with chromium_browser() as chromium:
        context = chromium.new_context(base_url=server, locale="th-TH")
        context.set_default_timeout(15_000)
        yield context.new_page()


def badges(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [text.strip() for text in page.locator("main .badge").all_inner_texts()]


def test_a_section_of_a_repealed_law_shows_repealed(page):  # type: ignore[no-untyped-def]
    page.goto("/laws/old-act/sections/2")
    assert badges(page)[0] == "ยกเลิกแล้ว"
    assert "ใช้บังคับ" not in badges(page)
    page.goto("/laws/old-act")
    assert badges(page)[0] == "ยกเลิกแล้ว"
    assert page.locator("article.section--repealed").count() == 2


def test_a_future_repeal_shows_in_force_today_with_the_date_announced(page):  # type: ignore[no-untyped-def]
    page.goto("/laws/doomed-act")
    assert badges(page)[0] == "ใช้บังคับ"
    notice = page.locator("main p.notice").inner_text()
    assert "ยังคงใช้บังคับ" in notice and thai_date(COMING) in notice
    page.goto("/laws/doomed-act/sections/1")
    assert badges(page)[0] == "ใช้บังคับ"
    assert thai_date(COMING) in page.locator("main p.notice").inner_text()
    page.fill("#at", COMING.isoformat())
    with page.expect_navigation():
        page.locator('main form:has(#at) button[type=submit]').click()
    assert badges(page)[0] == "ยกเลิกแล้ว"


def test_a_date_before_enactment_says_not_yet_in_force(page):  # type: ignore[no-untyped-def]
    page.goto("/laws/long-code/sections/1")
    assert "ข้อความของมาตรา 1" in page.locator("main .section-text").inner_text()
    page.fill("#at", "1900-01-01")
    with page.expect_navigation():
        page.locator('main form:has(#at) button[type=submit]').click()
    assert "at=1900-01-01" in page.url
    assert badges(page)[0] == "ยังไม่มีผลใช้บังคับ"
    assert "กฎหมายนี้ยังไม่มีผลใช้บังคับในวันที่ 1 มกราคม พ.ศ. 2443" in page.locator("main").inner_text()
    assert page.locator("main .section-text").count() == 0
    page.goto("/laws/long-code?at=1900-01-01")
    assert badges(page)[0] == "ยังไม่มีผลใช้บังคับ"
    assert page.locator("main article.section").count() == 0


def test_go_to_section_takes_any_written_number_to_its_part(page):  # type: ignore[no-untyped-def]
    page.goto("/laws/long-code")
    assert page.locator("main article.section").count() == 90  # the first part, not 251
    page.fill("#goto-section", "๑๓๐ ทวิ")
    with page.expect_navigation():
        page.locator('main form:has(#goto-section) button[type=submit]').click()
    assert "part=2" in page.url and page.url.split("#", 1)[1].startswith("s-")
    target = page.locator(f'[id="{page.url.split("#", 1)[1]}"]')
    assert "มาตรา 130 ทวิ" in target.locator("h3").inner_text()
    assert target.is_visible()
    assert target.bounding_box()["y"] < 200  # scrolled to the section
    page.fill("#goto-section", "๙๙๙")
    with page.expect_navigation():
        page.locator('main form:has(#goto-section) button[type=submit]').click()
    assert page.locator("#goto-error").inner_text() == "ไม่พบมาตรา “๙๙๙” ในกฎหมายนี้"
    assert page.locator("#goto-section").get_attribute("aria-invalid") == "true"
