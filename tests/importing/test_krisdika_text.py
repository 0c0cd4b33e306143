"""The Council of State's consolidated texts on hand-written fixtures in their format
(tests/fixtures/importers/krisdika_texts/): an Act with chapters, split numbers, footnote
markers, schedules, three appended amending instruments and footnotes of each kind (mixed
CR/LF/CRLF, U+0093/U+0094 quotes, NBSPs); an announcement in ข้อ sharing one amending Act
with the Act; a code printed after the Act that puts it in force; and a mis-encoded "not
found" page."""

from __future__ import annotations

import io
import json
import shutil
from datetime import date

import pytest
from sqlalchemy import select

import importers
from importers.export import export_jsonl
from importers.krisdika_history import NOT_RECORDED
from importers.krisdika_registry import instrument_key
from lawreg.db import get_database
from lawreg.models import LawRelation
from lawreg.services import Actor, unit_of_work
from lawreg.services.laws import load_law

from .conftest import fingerprint

AMENDING_2510 = "พระราชบัญญัติการทดสอบระบบทะเบียน (ฉบับที่ 2) พ.ศ. 2510"
OMNIBUS_2520 = "พระราชบัญญัติแก้ไขเพิ่มเติมกฎหมายว่าด้วยทะเบียน พ.ศ. 2520"
AMENDING_2530 = "พระราชบัญญัติการทดสอบระบบทะเบียน (ฉบับที่ 3) พ.ศ. 2530"


@pytest.fixture
def texts(sources):
    """The fixture folder (the catalogue CSV beside the texts is not a *.txt)."""
    return sources / "krisdika_texts"


def run(app, fmt, path, **options):  # type: ignore[no-untyped-def]
    with app.app_context():
        return importers.run(fmt, path, actor=Actor("test"), **options)


def law(app, key):  # type: ignore[no-untyped-def]
    with app.app_context():
        return load_law(unit_of_work(Actor("test")), key)


def key_of(title: str) -> str:
    return instrument_key(title, "พระราชบัญญัติ", int(title[-4:]))


def imported(app, texts):  # type: ignore[no-untyped-def]
    run(app, "krisdika-catalog", texts / "catalog.csv")
    return run(app, "krisdika-text", texts)


def test_the_folder_imports_with_the_garbage_file_refused_by_name(app, texts):
    report = imported(app, texts)
    assert report.committed and report.exit_code == 1
    [refused] = report.error_report()
    assert "100009.txt" in refused and "is not a law" in refused and "mis-encoded" in refused
    assert "The document that you would like to see is not found." in refused
    # three principal laws, three instruments (the 2520 Act is appended to two files) and
    # the Act printed before the code
    assert (report.read, report.created, report.updated, report.rejected) == (4, 4, 3, 1)


def test_the_principal_law_keeps_its_catalogue_key_title_and_groups(app, texts):
    imported(app, texts)
    act = law(app, "krisdika-100001")
    assert act.title == "พระราชบัญญัติการทดสอบระบบทะเบียน พ.ศ. 2500"
    assert list(act.subject_groups) == ["ทะเบียน"] and act.source_id == "100001"
    assert act.gazette_ref == "ราชกิจจานุเบกษา เล่ม 74 ตอนที่ 10 หน้า 100 วันที่ 15 มกราคม 2500"
    assert act.published_on == date(1957, 1, 15)
    numbers = [(s.label, s.number) for s in act.sections]
    assert numbers == [("มาตรา", n) for n in ("1", "2", "3", "4", "4 ทวิ", "5", "6", "7", "8")] + [
        ("บัญชี", "9"), ("บัญชี", "10")]


def test_sections_are_cut_from_the_real_layout(app, texts):
    imported(app, texts)
    sections = {s.number: s for s in law(app, "krisdika-100001").sections}
    assert sections["1"].text.startswith("พระราชบัญญัตินี้เรียกว่า “พระราชบัญญัติการทดสอบ")  # U+0093/94
    assert "[" not in sections["2"].text and sections["2"].text.startswith("ให้ใช้พระราชบัญญัตินี้")
    assert "“นายทะเบียน” หมายความว่า" in sections["3"].text  # marker inside the text removed
    assert "กำหนด พร้อมสำเนา" in sections["4"].text  # NBSPs are one space
    # a line of text starting with "มาตรา ๓ แห่ง..." does not go back to section 3
    assert sections["4"].text.endswith("มาตรา ๓ แห่งประมวลกฎหมายแพ่งและพาณิชย์ไม่ใช้บังคับแก่คำขอนี้")
    assert sections["5"].text == "ให้นายทะเบียนออกใบรับให้แก่ผู้ยื่นคำขอ"  # "มาตรา\n๕  ..."
    assert sections["4"].chapter_path == ["หมวด ๑ บททั่วไป"]
    assert sections["5"].chapter_path == ["หมวด ๑ บททั่วไป", "ส่วนที่ ๑ การจดทะเบียน"]
    assert "ผู้รับสนอง" not in sections["8"].text and "นายกรัฐมนตรี" not in sections["8"].text
    assert (sections["9"].heading, sections["9"].text) == ("บัญชี ก. อัตราค่าธรรมเนียม",
                                                          "๑. คำขอจดทะเบียน ฉบับละ ๑๐ บาท")
    assert not any("หมายเหตุ" in s.text or "ฉบับที่ ๒" in s.text for s in sections.values())


def test_regulations_in_kho_with_numbers_on_the_next_line(app, texts):
    imported(app, texts)
    announcement = law(app, "krisdika-100002")
    assert [(s.label, s.number) for s in announcement.sections] == [
        ("ข้อ", "1"), ("ข้อ", "2"), ("ข้อ", "2/1"), ("ข้อ", "3")]
    assert announcement.sections[1].text.startswith("ผู้ใดฝ่าฝืนข้อ ๑")
    assert "ประกาศ ณ วันที่" not in announcement.sections[3].text


def test_each_appended_instrument_is_a_law_of_its_own(app, texts):
    imported(app, texts)
    second = law(app, key_of(AMENDING_2510))
    assert (second.title, second.law_type, second.year_be) == (AMENDING_2510, "พระราชบัญญัติ", 2510)
    assert second.gazette_ref == "ราชกิจจานุเบกษา เล่ม 84 ตอนที่ 50 ฉบับพิเศษ หน้า 1 วันที่ 2 กุมภาพันธ์ 2510"
    assert second.published_on == date(1967, 2, 2)
    assert [s.number for s in second.sections] == ["2", "3"]  # its own numbering
    omnibus = law(app, key_of(OMNIBUS_2520))
    assert omnibus.gazette_ref == "ราชกิจจานุเบกษา เล่ม 94 ตอนที่ - หน้า 5 วันที่ 30 กันยายน 2520"  # typo, "-"
    # appended to both files: one law, with the transitional sections of both
    assert [s.number for s in omnibus.sections] == ["2", "10", "11"]


def test_instruments_amend_the_principal_from_their_gazette_date(app, texts):
    imported(app, texts)
    with app.app_context(), get_database().session() as session:
        rows = session.execute(select(LawRelation)).scalars().all()
        facts = sorted(
            (r.kind, r.subject_law.key, r.object_law.key, r.object_section.number if r.object_section else None,
             r.effective_on) for r in rows)
    assert facts == sorted([
        ("amends", key_of(AMENDING_2510), "krisdika-100001", None, date(1967, 2, 2)),
        ("repeals", key_of(AMENDING_2510), "krisdika-100001", "6", date(1967, 2, 2)),
        ("amends", key_of(OMNIBUS_2520), "krisdika-100001", None, date(1977, 9, 30)),
        ("amends", key_of(OMNIBUS_2520), "krisdika-100002", None, date(1977, 9, 30)),
        ("amends", key_of(AMENDING_2530), "krisdika-100001", None, date(1987, 3, 20)),
        ("refers_to", key_of("พระราชบัญญัติให้ใช้ประมวลกฎหมายทดสอบ พ.ศ. 2510"), "krisdika-100003", None,
         date(1967, 10, 1)),
    ])


def versions(section):  # type: ignore[no-untyped-def]
    return [(v.text[:12], v.valid_from, v.valid_to, v.amended_by.key if v.amended_by else None,
             v.note == NOT_RECORDED) for v in section.versions]


def test_footnotes_become_dated_versions_with_the_earlier_wording_unknown(app, texts):
    imported(app, texts)
    sections = {s.number: s for s in law(app, "krisdika-100001").sections}
    amended = date(1967, 2, 2)
    assert versions(sections["7"]) == [
        ("", None, amended, None, True),
        ("ผู้ใดฝ่าฝืนม", amended, None, key_of(AMENDING_2510), False),
    ]
    # added: no earlier version at all
    assert versions(sections["4 ทวิ"]) == [
        ("ให้นายทะเบีย", date(1977, 9, 30), None, key_of(OMNIBUS_2520), False)]
    # a definition amended inside the section amends the section
    assert versions(sections["3"])[-1][3] == key_of(AMENDING_2530)
    # repealed
    assert sections["6"].status == "repealed"
    assert versions(sections["6"]) == [("", None, amended, None, True),
                                       ("(ยกเลิก)", amended, None, key_of(AMENDING_2510), False)]
    assert versions(sections["1"]) == [("พระราชบัญญัต", None, None, None, False)]


def test_a_second_import_changes_nothing(app, texts):
    imported(app, texts)
    before = fingerprint(app)
    again = run(app, "krisdika-text", texts)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)
    assert fingerprint(app) == before


def test_dry_run_writes_nothing_and_one_file_imports_alone(app, texts, tmp_path):
    run(app, "krisdika-catalog", texts / "catalog.csv")
    before = fingerprint(app)
    report = run(app, "krisdika-text", texts, dry_run=True)
    assert report.created == 4 and not report.committed and fingerprint(app) == before
    single = tmp_path / "100002.txt"
    shutil.copyfile(texts / "100002.txt", single)
    report = run(app, "krisdika-text", single)
    assert report.ok and report.committed and (report.created, report.updated) == (1, 1)
    assert [s.number for s in law(app, key_of(OMNIBUS_2520)).sections] == ["2", "11"]


def test_a_sysid_not_in_the_registry_imports_from_its_header_with_a_warning(app, texts):
    report = run(app, "krisdika-text", texts / "100001.txt")
    act = law(app, "krisdika-100001")
    assert (act.title, act.law_type, act.year_be) == (
        "พระราชบัญญัติการทดสอบระบบทะเบียน พุทธศักราช 2500", "พระราชบัญญัติ", 2500)
    [warning] = [w for w in report.warnings if w.field == "sysid"]
    assert "100001.txt" in str(warning) and "not in the registry" in warning.message


def test_the_amendment_history_is_in_the_export_and_on_the_section_page(app, texts):
    imported(app, texts)
    out = io.StringIO()
    with app.app_context(), get_database().session() as session:
        export_jsonl(session, out)
    laws = {obj["key"]: obj for obj in map(json.loads, out.getvalue().splitlines())}
    [section] = [s for s in laws["krisdika-100001"]["sections"] if s["number"] == "7"]
    assert section["versions"][-1] == {"text": "ผู้ใดฝ่าฝืนมาตรา ๔ ต้องระวางโทษปรับไม่เกินห้าพันบาท",
                                      "valid_from": "1967-02-02", "amended_by": key_of(AMENDING_2510)}
    assert laws[key_of(AMENDING_2510)]["year_be"] == 2510
    page = app.test_client().get("/laws/krisdika-100001/sections/7").get_data(as_text=True)
    assert AMENDING_2510 in page and NOT_RECORDED in page
    older = app.test_client().get("/laws/krisdika-100001/sections/7?at=1960-01-01").get_data(as_text=True)
    assert NOT_RECORDED in older




def test_a_schedule_reads_as_a_schedule_on_its_page(app, texts):
    imported(app, texts)
    page = app.test_client().get("/laws/krisdika-100001/sections/9").get_data(as_text=True)
    assert "บัญชี 9 บัญชี ก. อัตราค่าธรรมเนียม" in page and "๑. คำขอจดทะเบียน ฉบับละ ๑๐ บาท" in page


def test_a_code_is_the_law_and_the_act_printed_before_it_a_law_of_its_own(app, texts):
    imported(app, texts)
    code = law(app, "krisdika-100003")
    assert code.title == "ประมวลกฎหมายทดสอบ"
    assert [(s.number, s.chapter_path) for s in code.sections] == [
        ("1", ["ลักษณะ ๑ บทเบื้องต้น"]), ("2", ["ลักษณะ ๑ บทเบื้องต้น"]), ("3", ["ลักษณะ ๒ บทกำหนดโทษ"])]
    assert code.sections[0].text.startswith("ในประมวลกฎหมายนี้")
    act_title = "พระราชบัญญัติให้ใช้ประมวลกฎหมายทดสอบ พ.ศ. 2510"
    act = law(app, key_of(act_title))
    assert act.title == act_title and [s.number for s in act.sections] == ["1", "2", "3"]
    assert act.published_on == code.published_on == date(1967, 10, 1)
    [relation] = act.outgoing
    assert (relation.kind, relation.object_law.key) == ("refers_to", "krisdika-100003")
