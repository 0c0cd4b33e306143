"""The four codes' JSON: dirty numbers, trailing chapter headings, the 83 / 83 อัฏฐ trap."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

import importers
from lawreg.db import get_database
from lawreg.models import Law, Section
from lawreg.services import Actor, unit_of_work
from lawreg.services.laws import load_law

from .conftest import fingerprint


def run(app, path, **options):  # type: ignore[no-untyped-def]
    with app.app_context():
        return importers.run("thai-codes", path, actor=Actor("test"), **options)


def sections_of(app, key):  # type: ignore[no-untyped-def]
    with app.app_context():
        uow = unit_of_work(Actor("test"))
        try:
            law = load_law(uow, key)
            return {s.number: (s.heading, s.chapter_path, s.status, s.text) for s in law.sections}
        finally:
            uow.session.close()


def test_sections_are_parsed_cleaned_and_placed_in_chapters(app, sources):
    report = run(app, sources / "thai_code.json")
    assert report.ok and report.read == 8 and report.created == 1
    sections = sections_of(app, "civil-procedure-code")
    assert list(sections) == ["1", "2", "83", "83 ฉ", "83 สัตต", "83 อัฏฐ", "277 ทวิ", "278"]
    assert sections["1"] == ("บทนิยามศัพท์", [], "in_force", "ในประมวลกฎหมายนี้\n(1) “ศาล” หมายความว่า ศาลยุติธรรม")
    assert sections["2"][1] == ["ลักษณะ 2 ศาล"]
    assert sections["2"][3] == "ห้ามมิให้เสนอคำฟ้องต่อศาลใด"
    assert sections["83 ฉ"][1] == ["ภาค 2 วิธีพิจารณาในศาลชั้นต้น", "ลักษณะ 1 วิธีพิจารณาสามัญ"]
    assert sections["277 ทวิ"][:1] == ("ฉ้อฉล",) and sections["277 ทวิ"][3] == "ข้อความ 277 ทวิ"
    assert sections["278"][2:] == ("repealed", "(ยกเลิก)")
    with app.app_context(), get_database().session() as session:
        law = session.scalar(select(Law).where(Law.key == "civil-procedure-code"))
        assert law.title == "ประมวลกฎหมายวิธีพิจารณาความแพ่ง"
        assert law.abbreviations == ["ป.วิ.พ.", "ป.วิ.แพ่ง", "วิแพ่ง"]


def test_a_repeated_number_after_an_ordinal_series_is_inferred_and_reported(app, sources):
    report = run(app, sources / "thai_code.json")
    [warning] = [w for w in report.warnings if "appears twice" in w.message]
    assert warning.file == str(sources / "thai_code.json")
    assert warning.field == "sections[5].number"
    assert "follows 83 สัตต, so it is stored as 83 อัฏฐ" in warning.message
    assert sections_of(app, "civil-procedure-code")["83 อัฏฐ"][3] == "ข้อความที่แท้จริงของ 83 อัฏฐ"


def test_a_repeat_that_cannot_be_inferred_is_rejected(app, sources, tmp_path):
    text = (sources / "thai_code.json").read_text(encoding="utf-8")
    path = tmp_path / "code.json"
    path.write_text(text.replace('"number": "278"', '"number": 2'), encoding="utf-8")
    before = fingerprint(app)
    report = run(app, path)
    [error] = report.errors
    assert error.field == "sections[7].number" and "cannot be inferred" in error.reason
    assert not report.committed and fingerprint(app) == before


def test_reimport_changes_nothing(app, sources):
    run(app, sources / "thai_code.json")
    before = fingerprint(app)
    report = run(app, sources / "thai_code.json")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert fingerprint(app) == before


@pytest.mark.shared_data
def test_the_four_real_codes(app, shared_data):
    folder = shared_data / "thai-codes"
    report = run(app, folder)
    assert report.ok and report.committed
    assert (report.read, report.created) == (3105, 4)
    with app.app_context(), get_database().session() as session:
        assert session.scalar(select(func.count()).select_from(Section)) == 3105
        rows = session.execute(
            select(Section.number, Section.heading).join(Law).where(Law.key == "criminal-code"))
        criminal = {number: heading for number, heading in rows}
    # "277ทวิ" in the source is the canonical "277 ทวิ"; "342 ฉ้อโกง…" is 342, not "342 ฉ".
    assert "277 ทวิ" in criminal and "277ทวิ" not in criminal
    assert criminal["342"].startswith("ฉ้อโกง")
    trap = [w for w in report.warnings if "appears twice" in w.message]
    assert len(trap) == 1 and trap[0].file.endswith("civil-proc-th.json")
    assert "stored as 83 อัฏฐ" in trap[0].message
    gaps = {w.message.split(" between")[0] for w in report.warnings if "the source lacks it" in w.message}
    assert gaps == {"no section 136", "no section 208, 209", "no section 288", "no section 373", "no section 383",
                    "no section 1288"}
    civil_proc = sections_of(app, "civil-procedure-code")
    assert civil_proc["170"][1] == ["ภาค 2 วิธีพิจารณาในศาลชั้นต้น", "ลักษณะ 1 วิธีพิจารณาสามัญในศาลชั้นต้น"]
    assert not any("ลักษณะ 2 ศาล" in text for *_, text in civil_proc.values())
    civil = sections_of(app, "civil-commercial-code")
    assert [n for n in ("1274", "1285", "1297") if civil[n][2] == "repealed"] == ["1274", "1285", "1297"]
    assert civil["1096"][2] == "in_force"  # its text belongs to 1096 ทวิ: kept, reported
    again = run(app, folder)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
