"""A long law read part by part, the go-to-section box, and the page facts on a date:
repealed laws, announced repeals and dates before enactment."""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import quote

from lawreg.records import LawRecord, RelationRecord, SectionRecord, VersionRecord
from lawreg.services.law_parts import PART_SIZE, split_parts, table_of_contents
from lawreg.services.laws import load_law

from .conftest import write_laws
from .html_checks import assert_accessible

COMING = date.today() + timedelta(days=180)


def long_code() -> LawRecord:
    """250 sections: book 1 of two chapters of 60, book 2 of five chapters of 26;
    section 130 has a ทวิ after it."""
    sections = []
    for n in range(1, 251):
        if n <= 120:
            path = ["บรรพ 1 บททั่วไป", f"หมวด {1 if n <= 60 else 2}"]
        else:
            path = ["บรรพ 2 หนี้", f"หมวด {(n - 121) // 26 + 3}"]
        sections.append(SectionRecord(number=str(n), text=f"มาตรา {n} ข้อความของมาตรา {n}", chapter_path=path))
        if n == 130:
            sections.append(SectionRecord(number="130 ทวิ", text="มาตรา 130 ทวิ ข้อความ", chapter_path=path))
    return LawRecord(key="long-code", title="ประมวลกฎหมายยาว พ.ศ. 2468", law_type="ประมวลกฎหมาย",
                     year_be=2468, sections=sections)


def html(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def section_numbers(page: str) -> list[str]:
    return re.findall(r'<article class="section[^"]*" id="s-[^"]+">\s*<h3><a href="[^"]*/sections/([^"?]+)', page)


def test_parts_follow_the_chapters(app, uow):
    write_laws(uow, long_code())
    sections = load_law(uow, "long-code").sections
    parts = split_parts(table_of_contents(sections))
    # Book 1's two chapters cannot share a part; its second carries on into book 2's first
    # chapter (87); then chapters 4-6 (78) and 7 (26).
    assert [len(part.sections) for part in parts] == [60, 87, 78, 26]
    assert [part.first.number for part in parts] == ["1", "61", "147", "225"]
    assert all(len(part.sections) <= PART_SIZE for part in parts)
    assert [s for part in parts for s in part.sections] == sections  # nothing lost or moved


def test_a_long_law_shows_one_part_with_chapter_and_part_links(client, db):
    db(lambda uow: write_laws(uow, long_code()))
    first = html(client.get("/laws/long-code"))
    assert section_numbers(first) == [str(n) for n in range(1, 61)]
    assert "ส่วนที่ 1 จาก 4" in first
    assert 'href="/laws/long-code?part=2" rel="next"' in first
    # The chapter tree links each chapter to where it starts, in its part.
    assert 'href="/laws/long-code?part=3#s-' in first and ">หมวด 3</a>" in first
    assert_accessible(first)
    second = html(client.get("/laws/long-code?part=2"))
    assert section_numbers(second)[60:71] == [*map(str, range(121, 131)), quote("130 ทวิ")]
    assert 'rel="prev"' in second and 'aria-current="page"' in second
    whole = sum(len(f"มาตรา {n} ข้อความของมาตรา {n}".encode()) for n in range(1, 251))
    assert len(first.encode()) < 4 * whole  # the first part, not the whole text
    assert section_numbers(html(client.get("/laws/long-code?part=99")))[0] == "225"  # the last part


def test_go_to_section_accepts_any_written_form(client, db):
    db(lambda uow: write_laws(uow, long_code()))
    anchor = db(lambda uow: load_law(uow, "long-code").sections[130].sort_key)
    for written in ("๑๓๐ ทวิ", "130ทวิ", "มาตรา 130 ทวิ"):
        response = client.get(f"/laws/long-code/goto?section={quote(written)}")
        assert response.status_code == 303
        assert response.headers["Location"].endswith("/laws/long-code?part=2#s-" + anchor)
    missing = client.get("/laws/long-code/goto?section=" + quote("๙๙๙"))
    assert missing.status_code == 404
    assert "ไม่พบมาตรา “๙๙๙” ในกฎหมายนี้" in html(missing)
    assert 'aria-invalid="true"' in html(missing)


def test_a_short_law_is_one_part_with_its_sections_in_the_contents(client, db):
    db(lambda uow: write_laws(uow, LawRecord(
        key="short-act", title="พระราชบัญญัติสั้น พ.ศ. 2550", year_be=2550,
        sections=[SectionRecord(number="1", text="มาตรา 1 ข้อความ", chapter_path=["หมวด 1"])])))
    anchor = db(lambda uow: load_law(uow, "short-act").sections[0].sort_key)
    page = html(client.get("/laws/short-act"))
    assert "ส่วนที่ 1 จาก" not in page and 'href="#s-' in page
    response = client.get("/laws/short-act/goto?section=1")
    assert response.headers["Location"].endswith("/laws/short-act#s-" + anchor)


def test_before_enactment_the_law_and_its_sections_were_not_yet_in_force(client, db):
    db(lambda uow: write_laws(uow, long_code()))
    law_page = html(client.get("/laws/long-code?at=1900-01-01"))
    assert "กฎหมายนี้ยังไม่มีผลใช้บังคับในวันที่ 1 มกราคม พ.ศ. 2443" in law_page
    assert "ข้อความของมาตรา 1<" not in law_page and section_numbers(law_page) == []
    section_page = html(client.get("/laws/long-code/sections/1?at=1900-01-01"))
    assert "กฎหมายนี้ยังไม่มีผลใช้บังคับในวันที่ 1 มกราคม พ.ศ. 2443" in section_page
    assert "ข้อความของมาตรา 1" not in section_page
    english = html(client.get("/laws/long-code?at=1900-01-01&lang=en"))
    assert "This law was not yet in force on" in english and "Not yet in force" in english
    assert "ข้อความของมาตรา 1<" in html(client.get("/laws/long-code?at=1926-01-01"))


def test_a_section_of_a_repealed_law_shows_repealed(client, db):
    db(lambda uow: write_laws(uow, long_code(), LawRecord(key="repealing-act", title="พระราชบัญญัติยกเลิกประมวลกฎหมายยาว", relations=[
        RelationRecord(kind="repeals", target="long-code", effective_on=date(2020, 1, 1))])))
    page = html(client.get("/laws/long-code/sections/5"))
    badges = re.findall(r'<span class="badge badge--(\w+)">([^<]+)</span>', page)
    assert badges[0] == ("repealed", "ยกเลิกแล้ว")
    assert ("in_force", "ใช้บังคับ") not in badges
    before = html(client.get("/laws/long-code/sections/5?at=2019-12-31"))
    assert re.findall(r'<span class="badge badge--(\w+)">', before)[0] == "in_force"


def test_a_future_repeal_shows_in_force_with_the_date_announced(client, db):
    db(lambda uow: write_laws(uow, long_code(), LawRecord(key="future-repeal", title="พระราชบัญญัติยกเลิกในอนาคต", relations=[
        RelationRecord(kind="repeals", target="long-code", effective_on=COMING)])))
    page = html(client.get("/laws/long-code"))
    assert re.findall(r'<span class="badge badge--(\w+)">', page)[0] == "in_force"
    assert "ยังคงใช้บังคับจนกว่าการยกเลิกจะมีผลในวันที่" in page
    later = html(client.get(f"/laws/long-code?at={COMING.isoformat()}"))
    assert re.findall(r'<span class="badge badge--(\w+)">', later)[0] == "repealed"


def test_an_amendment_published_for_later_is_not_the_current_text(client, db):
    db(lambda uow: write_laws(uow, LawRecord(key="amend-later", title="พระราชบัญญัติแก้ไขในอนาคต"), LawRecord(
        key="short-act", title="พระราชบัญญัติสั้น พ.ศ. 2550", year_be=2550, sections=[SectionRecord(
            number="1", versions=[VersionRecord("ข้อความเดิม", valid_to=COMING),
                                  VersionRecord("ข้อความใหม่", valid_from=COMING, amended_by="amend-later")])])))
    page = html(client.get("/laws/short-act/sections/1"))
    current = page.split('<div class="section-text"', 1)[1].split("</div>", 1)[0]
    assert "ข้อความเดิม" in current and "ข้อความใหม่" not in current
    assert "ประกาศแล้ว ยังไม่มีผลใช้บังคับ" in page
    assert "ข้อความใหม่" in html(client.get(f"/laws/short-act/sections/1?at={COMING.isoformat()}"))
    law_page = html(client.get("/laws/short-act"))
    assert "ข้อความเดิม" in law_page and "ข้อความใหม่" not in law_page
