"""A single law from plain text or PDF: layout removed, sections and chapters found."""

from __future__ import annotations

import pytest

import importers
from importers.text import clean_pages
from lawreg.services import Actor, unit_of_work
from lawreg.services.laws import load_law

from .conftest import fingerprint


def run(app, fmt, path, **options):  # type: ignore[no-untyped-def]
    with app.app_context():
        return importers.run(fmt, path, actor=Actor("test"), **options)


def sections(app, key):  # type: ignore[no-untyped-def]
    with app.app_context():
        uow = unit_of_work(Actor("test"))
        try:
            law = load_law(uow, key)
            return law, {s.number: (s.label, s.chapter_path, s.status, s.text) for s in law.sections}
        finally:
            uow.session.close()


def test_text_law_is_cut_into_sections_and_chapters(app, sources):
    report = run(app, "text", sources / "law.txt", key="test-act-2567", title="พระราชบัญญัติทดสอบ พ.ศ. 2567")
    assert report.ok and report.read == 4
    law, found = sections(app, "test-act-2567")
    assert (law.year_be, law.source, law.source_id) == (2567, "text", "law.txt")
    assert list(found) == ["1", "2", "2 ทวิ", "3/1"]
    assert found["1"] == ("มาตรา", ["หมวด 1 บททั่วไป"], "in_force", "พระราชบัญญัตินี้เรียกว่า พระราชบัญญัติทดสอบ")
    # The page footer "- 1 -" and header "หน้า 2" are gone; the wrapped line stays a line.
    assert found["2"][3] == "ให้ใช้บังคับตั้งแต่วันถัดจากวันประกาศ\nและให้ใช้ต่อไป"
    assert found["3/1"][1] == ["หมวด 2 การกำกับ", "ส่วนที่ 1 ทั่วไป"]
    assert found["3/1"][3] == "ให้มีคณะกรรมการ\nThe Appropriation Act"
    assert any("2 lines before the first section" in w.message for w in report.warnings)


def test_running_headers_and_page_numbers_are_removed():
    pages = [
        "LAW 3154   31\nหมวด 1\nมาตรา 1 ข้อความ\n- 1 -",
        "32  LAW 3154\nต่อ\n๒",
        "LAW 3154   33\nมาตรา 2 ข้อความ\nหน้า 3",
    ]
    assert [line.text for line in clean_pages(pages)] == ["หมวด 1", "มาตรา 1 ข้อความ", "ต่อ", "มาตรา 2 ข้อความ"]


def test_pdf_law(app, sources):
    report = run(app, "pdf", sources / "small_law.pdf", key="pdf-act-2567",
                 title="พระราชบัญญัติทดสอบการนำเข้า พ.ศ. 2567", law_type="พระราชบัญญัติ")
    assert report.ok and report.created == 1
    law, found = sections(app, "pdf-act-2567")
    assert (law.law_type, law.year_be, law.source) == ("พระราชบัญญัติ", 2567, "pdf")
    assert list(found) == ["1", "2", "3", "4", "4/1", "5 ทวิ", "6"]
    # Section 3 runs over the page break; the header "32  LAW 3154" between is gone.
    assert found["3"][3] == "ในพระราชบัญญัตินี้\n“ทะเบียน” หมายความว่า ทะเบียนกฎหมายกลาง\n“ผู้ใช้” หมายความว่า บุคคลผู้ค้นหากฎหมาย"
    assert found["4"][1] == ["หมวด 2 การจัดเก็บ"]
    assert found["5 ทวิ"][2] == "repealed"
    assert found["6"][1] == ["บทเฉพาะกาล"]
    assert not any("LAW 3154" in text or "- 2 -" in text for *_, text in found.values())


def test_pdf_repair_hook_sees_every_page(app, sources):
    seen: list[str] = []

    def repair(text: str) -> str:
        seen.append(text)
        return text.replace("ทะเบียนเดิม", "ทะเบียนเก่า")

    run(app, "pdf", sources / "small_law.pdf", key="pdf-act", title="พระราชบัญญัติทดสอบ", repair=repair)
    assert len(seen) == 3
    assert sections(app, "pdf-act")[1]["6"][3].startswith("ให้ทะเบียนเก่า")


def test_a_file_that_is_not_a_pdf_is_refused(runner, app, sources, tmp_path):
    fake = tmp_path / "law.pdf"
    fake.write_text("มาตรา 1 นี่คือข้อความธรรมดา\n", encoding="utf-8")
    before = fingerprint(app)
    result = runner.invoke(args=["import", "pdf", str(fake), "--key", "x", "--title", "ก", "--no-repair"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "is not a PDF (no %PDF- signature; it looks like plain text)" in result.output
    assert fingerprint(app) == before


def test_a_section_number_coming_back_later_rejects_the_law(runner, app, tmp_path):
    path = tmp_path / "dup.txt"
    path.write_text("มาตรา 1 หนึ่ง\nมาตรา 2 สอง\nมาตรา 1 อีกครั้ง\n", encoding="utf-8")
    before = fingerprint(app)
    result = runner.invoke(args=["import", "text", str(path), "--key", "dup", "--title", "ก"])
    assert result.exit_code == 1
    assert "line 3, มาตรา 1: มาตรา 1 appears twice (also line 1)" in result.output
    assert fingerprint(app) == before


def test_cli_pdf_import_uses_the_thai_repair(runner, app, sources):
    result = runner.invoke(args=["import", "pdf", str(sources / "small_law.pdf"), "--key", "k",
                                 "--title", "พระราชบัญญัติทดสอบการนำเข้า พ.ศ. 2567"])
    assert result.exit_code == 0, result.output
    assert "7 sections read" in result.output


@pytest.mark.shared_data
def test_real_study_notes_pdf(app, shared_data):
    report = run(app, "pdf", shared_data / "pdf" / "doc5.pdf", key="treasury-notes",
                 title="พระราชบัญญัติเงินคงคลัง พ.ศ. 2491")
    assert report.ok
    law, found = sections(app, "treasury-notes")
    assert list(found) == ["4", "6", "7"]
    assert found["4"][3].startswith("วรรค 1")
    repeats = [w for w in report.warnings if "repeats มาตรา" in w.message]
    assert len(repeats) == 2  # "มาตรา 4 วรรค 2", "มาตรา 6 วรรค 2" continue their section
    for *_, text in found.values():
        assert "LAW 3154" not in text
        assert not any(line.strip().isdigit() for line in text.split("\n"))


def test_a_document_citing_both_labels_uses_the_one_heading_more_lines(app, tmp_path):
    path = tmp_path / "regulation.txt"
    path.write_text("ข้อ 1 ระเบียบนี้เรียกว่า ระเบียบทดสอบ\nข้อ 2 ให้ใช้บังคับ\nมาตรา 5 แห่งพระราชบัญญัติ ให้อำนาจไว้\n"
                    "ข้อ 3 ให้ปลัดกระทรวงรักษาการ\n", encoding="utf-8")
    run(app, "text", path, key="test-regulation", title="ระเบียบทดสอบ พ.ศ. 2567")
    _, found = sections(app, "test-regulation")
    assert list(found) == ["1", "2", "3"]
    assert found["2"][0] == "ข้อ"
    assert found["2"][3] == "ให้ใช้บังคับ\nมาตรา 5 แห่งพระราชบัญญัติ ให้อำนาจไว้"


def test_a_christian_era_year_is_refused(runner, app, sources):
    result = runner.invoke(args=["import", "text", str(sources / "law.txt"), "--key", "k", "--title", "ก",
                                 "--year", "2024"])
    assert result.exit_code == 1
    assert "field year: year_be 2024 is not a Buddhist-Era year" in result.output
