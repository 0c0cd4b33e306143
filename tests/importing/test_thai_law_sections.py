"""Selected sections: assembled from paragraphs; they add to a law, never overwrite it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

import importers
from lawreg.db import get_database
from lawreg.models import Law, Section
from lawreg.services import Actor, unit_of_work
from lawreg.services.laws import load_law

from .conftest import fingerprint


def run(app, fmt, path, **options):  # type: ignore[no-untyped-def]
    with app.app_context():
        return importers.run(fmt, path, actor=Actor("test"), **options)


def texts(app, key):  # type: ignore[no-untyped-def]
    with app.app_context():
        uow = unit_of_work(Actor("test"))
        try:
            return {s.number: (s.label, s.heading, s.text) for s in load_law(uow, key).sections}
        finally:
            uow.session.close()


def test_sections_are_assembled_from_paragraphs_and_subsections(app, sources):
    report = run(app, "thai-law-sections", sources / "law_sections.json")
    assert report.ok and (report.read, report.created) == (5, 3)
    civil_proc = texts(app, "civil-procedure-code")
    assert civil_proc["1"] == ("มาตรา", "ความหมาย", "ในประมวลกฎหมายนี้\n(1) “ศาล” หมายความว่า ศาลยุติธรรม")
    assert civil_proc["55"][2] == "เมื่อมีข้อโต้แย้งเกิดขึ้น\n(ก) กรณีแรก\n(1) ย่อยหนึ่ง\nวรรคสาม"
    assert texts(app, "admin-court-procedure-rules-2543")["5"][0] == "ข้อ"
    with app.app_context(), get_database().session() as session:
        unknown = session.scalar(select(Law).where(Law.key == "unknown-local-act"))
        assert (unknown.title, unknown.source, unknown.source_id) == (
            "unknown local act", "thai-law-sections", "unknown_local_act")


def test_excerpts_never_overwrite_the_full_code(app, sources):
    run(app, "thai-codes", sources / "thai_code.json")
    full = texts(app, "civil-procedure-code")
    report = run(app, "thai-law-sections", sources / "law_sections.json")
    assert report.ok
    merged = texts(app, "civil-procedure-code")
    # 1 is an excerpt of the stored text and 2 differs: both keep the code's text; 55 is new.
    assert {n: merged[n] for n in full} == full
    assert set(merged) - set(full) == {"55"}
    [differs] = [w for w in report.warnings if "differs" in w.message]
    assert differs.field == "มาตรา 2" and "stored (fuller) text is kept" in differs.message


def test_the_full_code_wins_whatever_the_order(app, sources):
    run(app, "thai-law-sections", sources / "law_sections.json")
    run(app, "thai-codes", sources / "thai_code.json")
    codes_last = texts(app, "civil-procedure-code")
    assert codes_last["2"][2] == "ห้ามมิให้เสนอคำฟ้องต่อศาลใด"
    assert codes_last["2"][1] == "เงื่อนไขการเสนอคำฟ้อง"
    before = fingerprint(app)
    again = run(app, "thai-law-sections", sources / "law_sections.json")
    assert again.created == 0 and again.updated == 0
    assert fingerprint(app) == before


@pytest.mark.shared_data
def test_the_real_selected_sections(app, shared_data):
    folder = shared_data / "thai-law-sections"
    report = run(app, "thai-law-sections", folder)
    assert report.ok and report.read == 334 and report.created == 18
    with app.app_context(), get_database().session() as session:
        assert session.scalar(select(func.count()).select_from(Section)) == 334
    assert run(app, "thai-law-sections", folder).unchanged == 18
