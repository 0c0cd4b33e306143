"""The real consolidated texts (../shared/data/krisdika-texts; skipped when absent).

The whole folder is parsed (seconds) for the acceptance counts; the database part imports a
sample of real files after the real catalogue, on SQLite only, to keep the suite quick —
`bench/krisdika_import_bench.py` imports all 671 files and prints the registry's counts."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

import importers
from importers import krisdika_text
from importers.report import ImportReport
from lawreg.db import get_database
from lawreg.models import Law, Section, SectionVersion
from lawreg.services import Actor

from .conftest import fingerprint

pytestmark = pytest.mark.shared_data

# The gambling Act (schedules, eight amending Acts and a ministerial regulation appended),
# the revenue code (the Act putting it in force, then the code), the criminal code, an
# announcement of the Revolutionary Council in ข้อ, and the "not found" page.
SAMPLE = ("301692", "617709", "443287", "306554", "733691")


@pytest.fixture(scope="module")
def parsed() -> tuple[list, ImportReport]:
    folder = Path(os.environ.get("LAWREG_SHARED_DATA", Path(__file__).resolve().parents[2] / ".." / "shared" / "data")
                  ).resolve() / "krisdika-texts"
    if not folder.is_dir():
        pytest.skip(f"real data not found at {folder} (set LAWREG_SHARED_DATA)")
    report = ImportReport(format="krisdika-text")
    records = [r for path in sorted(folder.glob("*.txt")) for r in krisdika_text.parse(path, report)]
    return records, report


def test_the_whole_folder_parses_into_laws_sections_and_instruments(parsed):
    records, report = parsed
    principal = [r for r in records if r.role == "principal" and r.sections]
    sections = sum(1 for r in principal for s in r.sections if s.label != "บัญชี")
    assert len(principal) >= 650
    assert 28_000 <= sections <= 45_000
    assert sum(1 for r in records if r.role == "instrument") > 1_000
    [refused] = report.refused
    assert refused.file.endswith("733691.txt") and "is not a law" in str(refused)
    assert not report.errors


@pytest.fixture(params=["sqlite"])
def database_url(request, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """SQLite only here: the fixture tests run the importer on both databases."""
    path = tmp_path / "lawreg.sqlite"
    shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
    return f"sqlite:///{path}"


def test_a_real_sample_imports_with_its_history_and_reimports_unchanged(app, shared_data, tmp_path):
    sample = tmp_path / "texts"
    sample.mkdir()
    for sysid in SAMPLE:
        shutil.copyfile(shared_data / "krisdika-texts" / f"{sysid}.txt", sample / f"{sysid}.txt")
    with app.app_context():
        importers.run("krisdika-catalog", shared_data / "krisdika" / "law_catalog.csv", actor=Actor("test"))
        report = importers.run("krisdika-text", sample, actor=Actor("test"))
    assert report.committed and [Path(e.file).name for e in report.refused] == ["733691.txt"]
    with app.app_context(), get_database().session() as session:
        gambling = session.scalar(select(Law).where(Law.source_id == "301692"))
        sections = {s.number: s for s in gambling.sections}
        assert [v.amended_by.title for v in sections["15"].versions if v.amended_by] == [
            "พระราชบัญญัติการพนัน (ฉบับที่ 5) พ.ศ. 2490"]
        amender = sections["15"].versions[-1].amended_by
        assert (amender.year_be, amender.law_type) == (2490, "พระราชบัญญัติ")
        assert str(sections["15"].versions[-1].valid_from) == "1947-09-23"
        added = sections["14 ทวิ"].versions
        assert [(v.amended_by.title, str(v.valid_from)) for v in added] == [
            ("พระราชบัญญัติการพนัน (ฉบับที่ 3) พุทธศักราช 2485", "1942-01-27")]
        revenue = session.scalar(select(Law).where(Law.key == "krisdika-617709"))
        assert revenue.title == "ประมวลรัษฎากร" and len(revenue.sections) > 300
        criminal = session.scalar(select(Law).where(Law.key == "criminal-code"))
        amended = session.scalar(
            select(SectionVersion).join(Section).where(
                Section.law_id == criminal.id, Section.number == "138",
                SectionVersion.amended_by_id.is_not(None)))
        assert amended is not None and amended.amended_by.year_be and amended.valid_from
    before = fingerprint(app)
    with app.app_context():
        again = importers.run("krisdika-text", sample, actor=Actor("test"))
    assert (again.created, again.updated) == (0, 0) and again.unchanged == report.laws
    assert fingerprint(app) == before
