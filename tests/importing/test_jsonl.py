"""Canonical JSONL: strict parsing, all-or-nothing, dry run, round trip, bad files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

import importers
from importers.export import export_jsonl
from importers.jsonl import FieldError, record_from_json
from lawreg.db import get_database
from lawreg.models import Law, LawRelation
from lawreg.services import Actor, unit_of_work
from lawreg.services.laws import load_law

from .conftest import fingerprint


def run(app, fmt, path, **options):  # type: ignore[no-untyped-def]
    with app.app_context():
        return importers.run(fmt, path, actor=Actor("test"), **options)


def write_lines(path: Path, objects: list[dict]) -> Path:
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects), encoding="utf-8")
    return path


def test_import_creates_laws_sections_versions_and_relations(app, sources):
    report = run(app, "jsonl", sources / "laws.jsonl")
    assert report.ok and report.committed
    assert (report.read, report.created, report.updated, report.unchanged) == (3, 3, 0, 0)
    assert report.relations_added == 2
    with app.app_context():
        uow = unit_of_work(Actor("test"))
        law = load_law(uow, "budget-procedure-act-2561")
        assert [s.number for s in law.sections] == ["1", "4", "20 ทวิ"]
        assert law.sections[2].status == "repealed"
        assert law.sections[0].chapter_path == ["หมวด 1 บททั่วไป"]
        assert law.subject_groups == ["การเงิน การคลัง และวิธีการงบประมาณ", "การเมืองการปกครอง"]
        assert law.published_on == date(2018, 5, 11)
        rules = load_law(uow, "treasury-rules-2562")
        section = rules.sections[0]
        assert (section.label, section.number, section.text) == ("ข้อ", "5", "ข้อความใหม่")
        assert section.version_at(date(2020, 1, 1)).text == "ข้อความเดิม"
        assert section.current_version.amended_by.key == "budget-amendment-2564"
        kinds = sorted(uow.session.scalars(select(LawRelation.kind)))
        assert kinds == ["amends", "enabled_by"]
        uow.session.close()


def test_reimport_changes_nothing(app, sources):
    run(app, "jsonl", sources / "laws.jsonl")
    before = fingerprint(app)
    report = run(app, "jsonl", sources / "laws.jsonl")
    assert (report.created, report.updated, report.unchanged, report.relations_added) == (0, 0, 3, 0)
    assert fingerprint(app) == before


def test_import_export_import_is_lossless(app, sources, tmp_path):
    run(app, "jsonl", sources / "laws.jsonl")
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    with app.app_context(), get_database().session() as session:
        assert export_jsonl(session, first) == 3
    keys = [json.loads(line)["key"] for line in first.read_text(encoding="utf-8").splitlines()]
    assert keys == sorted(keys)
    report = run(app, "jsonl", first)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    with app.app_context(), get_database().session() as session:
        export_jsonl(session, second)
    assert second.read_bytes() == first.read_bytes()


def test_round_trip_into_an_empty_registry(app, sources, tmp_path):
    """What the export holds is enough to rebuild the registry: same export again."""
    run(app, "jsonl", sources / "laws.jsonl")
    exported = tmp_path / "all.jsonl"
    with app.app_context(), get_database().session() as session:
        export_jsonl(session, exported)
        for law in session.scalars(select(Law)):
            session.delete(law)
        session.commit()
    report = run(app, "jsonl", exported)
    assert report.created == 3
    again = tmp_path / "again.jsonl"
    with app.app_context(), get_database().session() as session:
        export_jsonl(session, again)
    assert again.read_bytes() == exported.read_bytes()


@pytest.mark.parametrize(
    ("data", "path", "reason"),
    [
        ({"title": "ไม่มีคีย์"}, "key", "is required"),
        ({"key": "a", "title": " "}, "title", "is empty"),
        ({"key": "a", "title": "t", "year_be": "2560"}, "year_be", "integer"),
        ({"key": "a", "title": "t", "year_be": 2017}, "year_be", "Buddhist-Era"),
        ({"key": "a", "title": "t", "sections": [{"number": "1", "text": "x"}, {"number": True, "text": "y"}]},
         "sections[1].number", "is required"),
        ({"key": "a", "title": "t", "sections": [{"number": "มาตรา ห้า", "text": "x"}]},
         "sections[0].number", "not a section number"),
        ({"key": "a", "title": "t", "sections": [{"number": "1"}]}, "sections[0]", "either 'text' or 'versions'"),
        ({"key": "a", "title": "t", "sections": [{"number": "1", "versions": [{"text": "x", "valid_from": "2560-01-01x"}]}]},
         "sections[0].versions[0].valid_from", "ISO date"),
        ({"key": "a", "title": "t", "relations": [{"kind": "cites", "target": "b"}]}, "relations[0].kind", "not one of"),
        ({"key": "a", "title": "t", "titel": "typo"}, "titel", "not a known field"),
        ({"key": "a", "title": "t", "group": ["ok", 3]}, "group[1]", "must be a string"),
    ],
)
def test_field_errors_name_the_field_path(data, path, reason):
    with pytest.raises(FieldError) as caught:
        record_from_json(data)
    assert caught.value.path == path
    assert reason in caught.value.reason


def test_a_rejected_record_rolls_the_whole_file_back(app, sources, tmp_path):
    good = [json.loads(line) for line in (sources / "laws.jsonl").read_text(encoding="utf-8").splitlines()]
    bad = {"key": "dup-sections", "title": "กฎหมายมาตราซ้ำ", "sections": [
        {"number": "277ทวิ", "text": "ก"}, {"number": "277 ทวิ", "text": "ข"}]}
    path = write_lines(tmp_path / "mixed.jsonl", [*good, bad])
    before = fingerprint(app)
    report = run(app, "jsonl", path)
    assert not report.ok and not report.committed
    assert report.created == 3  # what would have happened, then rolled back
    [error] = report.errors
    assert (error.file, error.line, error.field) == (str(path), 4, "sections[1].number")
    assert "277 ทวิ appears twice" in error.reason
    assert fingerprint(app) == before


def test_skip_invalid_writes_the_valid_records(app, sources, tmp_path):
    good = [json.loads(line) for line in (sources / "laws.jsonl").read_text(encoding="utf-8").splitlines()]
    bad = {"key": "x", "title": "ชี้ไปที่กฎหมายที่ไม่มี", "relations": [{"kind": "amends", "target": "no-such-law"}]}
    path = write_lines(tmp_path / "mixed.jsonl", [bad, *good])
    report = run(app, "jsonl", path, skip_invalid=True)
    assert report.committed and report.exit_code == 1
    assert (report.created, report.rejected) == (3, 1)
    assert report.errors[0].field == "relations[0].target"
    with app.app_context(), get_database().session() as session:
        assert sorted(session.scalars(select(Law.key))) == [
            "budget-amendment-2564", "budget-procedure-act-2561", "treasury-rules-2562"]


def test_rejecting_a_law_rejects_the_laws_that_point_at_it(app, sources, tmp_path):
    lines = [json.loads(line) for line in (sources / "laws.jsonl").read_text(encoding="utf-8").splitlines()]
    lines[0]["year_be"] = 99  # the Act everything else points at becomes invalid
    report = run(app, "jsonl", write_lines(tmp_path / "cascade.jsonl", lines), skip_invalid=True)
    assert [e.field for e in report.errors] == ["year_be", "relations[0].target", "relations[0].target"]
    assert report.created == 0


def test_dry_run_reports_and_writes_nothing(app, sources):
    before = fingerprint(app)
    report = run(app, "jsonl", sources / "laws.jsonl", dry_run=True)
    assert report.ok and not report.committed and report.created == 3
    assert "Dry run" in report.summary()
    assert fingerprint(app) == before


def test_cli_import_and_export(runner, app, sources, tmp_path):
    result = runner.invoke(args=["import", "jsonl", str(sources / "laws.jsonl"), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "3 created" in result.output
    result = runner.invoke(args=["export", "jsonl", "-"])
    assert result.exit_code == 0
    assert [json.loads(line)["key"] for line in result.output.splitlines()] == [
        "budget-amendment-2564", "budget-procedure-act-2561", "treasury-rules-2562"]


# --- bad files: clear message, non-zero exit, database exactly as before -------------------

def assert_refused(runner, app, args, *needles):  # type: ignore[no-untyped-def]
    before = fingerprint(app)
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in result.output, result.output
    assert fingerprint(app) == before
    return result


def test_truncated_json_is_refused_with_line_and_column(runner, app, sources, tmp_path):
    text = (sources / "laws.jsonl").read_text(encoding="utf-8")
    path = tmp_path / "truncated.jsonl"
    path.write_text(text[: len(text) - 40], encoding="utf-8")
    assert_refused(runner, app, ["import", "jsonl", str(path)], "line 3", "truncated JSON at line 3, column")


def test_tis620_file_is_refused_with_a_conversion_hint(runner, app, tmp_path):
    path = tmp_path / "legacy.jsonl"
    path.write_bytes('{"key": "a", "title": "พระราชบัญญัติ"}\n'.encode("cp874"))
    assert_refused(runner, app, ["import", "jsonl", str(path)], "not UTF-8", "line 1", "TIS-620", "iconv -f CP874")


def test_duplicate_section_numbers_are_refused(runner, app, tmp_path):
    path = write_lines(tmp_path / "dup.jsonl", [{"key": "a", "title": "ก", "sections": [
        {"number": "5", "text": "หนึ่ง"}, {"number": "๕", "text": "สอง"}]}])
    assert_refused(runner, app, ["import", "jsonl", str(path)], "line 1", "sections[1].number", "appears twice")


def test_a_50_mb_line_is_refused_naming_the_line(runner, app, tmp_path):
    path = tmp_path / "huge.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"key": "a", "title": "ก"}\n')
        handle.write('{"key": "b", "title": "' + "ก" * (50 * 1024 * 1024 // 3) + '"}\n')
    assert_refused(runner, app, ["import", "jsonl", str(path)], "line 2 is longer than the limit of 8.0 MB")


def test_missing_file_is_a_message_not_a_traceback(runner, app, tmp_path):
    assert_refused(runner, app, ["import", "jsonl", str(tmp_path / "nope.jsonl")], "file not found")
