"""The Council of State's catalogue: cross-listings merged, editions merged, rows reconciled."""

from __future__ import annotations

import csv

import pytest
from sqlalchemy import select

import importers
from lawreg.db import get_database
from lawreg.models import Law
from lawreg.services import Actor

from .conftest import fingerprint


def run(app, path, **options):  # type: ignore[no-untyped-def]
    with app.app_context():
        return importers.run("krisdika-catalog", path, actor=Actor("test"), **options)


def stored(app, key):  # type: ignore[no-untyped-def]
    with app.app_context(), get_database().session() as session:
        law = session.scalar(select(Law).where(Law.key == key))
        return law and (law.title, law.year_be, law.law_type, law.source_id, list(law.subject_groups))


def test_cross_listed_rows_become_one_law_with_several_groups(app, sources):
    report = run(app, sources / "catalog.csv")
    assert report.ok and report.committed
    assert (report.read, report.created) == (6, 3)
    assert stored(app, "krisdika-775999") == (
        "พระราชบัญญัติระเบียบบริหารราชการในพระองค์ พ.ศ. 2560", 2560, "พระราชบัญญัติ", "775999",
        ["กษัตริย์", "การเมืองการปกครอง"],
    )
    cross = [w for w in report.warnings if w.field == "law_group"]
    assert [(w.line, "line 2" in w.message) for w in cross] == [(4, True), (7, False)]
    assert "line 3" in cross[1].message  # the criminal code's first row
    assert report.notes == [
        "6 rows read, 3 laws, 2 rows merged as cross-listings, "
        "1 rows merged as another edition of the same law, 0 rows rejected"
    ]


def test_a_known_law_keeps_its_stable_key_and_title(app, sources):
    run(app, sources / "catalog.csv")
    assert stored(app, "criminal-code") == (
        "ประมวลกฎหมายอาญา", 2499, "ประมวลกฎหมาย", "443287", ["กษัตริย์", "ศาล และกระบวนการยุติธรรม"])


def test_two_editions_of_one_law_are_merged_on_the_consolidated_entry(app, sources):
    report = run(app, sources / "catalog.csv")
    assert stored(app, "krisdika-571425") is None
    title, year, _, sysid, groups = stored(app, "krisdika-773801")
    assert (title, year, sysid) == ("พระราชบัญญัติสถาบันคุ้มครองเงินฝาก พ.ศ. 2551", 2551, "773801")
    assert groups == ["ธนาคาร สถาบันการเงิน และตลาดหลักทรัพย์", "การเงิน การคลัง และวิธีการงบประมาณ"]
    [edition] = [w for w in report.warnings if w.field == "sysid"]
    assert edition.line == 6 and "571425" in edition.message and "line 5" in edition.message


def test_rows_without_sysid_or_title_are_rejected_with_line_and_field(app, sources, tmp_path):
    lines = (sources / "catalog.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",443287,", ",,")
    lines.append(",https://example.invalid/x,,999,กษัตริย์,พระราชบัญญัติ")
    path = tmp_path / "catalog.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = fingerprint(app)
    report = run(app, path)
    assert [(e.line, e.field) for e in report.errors] == [(3, "sysid"), (8, "title")]
    assert not report.committed and fingerprint(app) == before
    report = run(app, path, skip_invalid=True)
    assert report.committed and report.exit_code == 1
    assert stored(app, "criminal-code")[4] == ["ศาล และกระบวนการยุติธรรม"]


def test_a_csv_missing_a_column_is_refused_naming_it(runner, app, sources, tmp_path):
    lines = (sources / "catalog.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "no_group.csv"
    path.write_text("\n".join(",".join(line.split(",")[:4] + line.split(",")[5:]) for line in lines), encoding="utf-8")
    before = fingerprint(app)
    result = runner.invoke(args=["import", "krisdika-catalog", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "field law_group: the CSV has no law_group column" in result.output
    assert fingerprint(app) == before


@pytest.mark.shared_data
def test_real_catalogue_accounts_for_every_row(app, shared_data):
    path = shared_data / "krisdika" / "law_catalog.csv"
    report = run(app, path)
    assert report.ok and report.read == 2215
    [note] = report.notes
    assert note == (
        "2215 rows read, 846 laws, 1347 rows merged as cross-listings, "
        "22 rows merged as another edition of the same law, 0 rows rejected"
    )
    assert report.created == 846
    assert 846 + 1347 + 22 == 2215
    assert len([w for w in report.warnings if w.field == "sysid"]) == 22
    # Every row is either a law's first row or a reported merge.
    assert len(report.warnings) == 1347 + 22
    with path.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["sysid"] == "774606"]
    constitution = stored(app, "constitution-2560")
    assert constitution[3] == "774606"
    assert constitution[4] == [row["law_group"] for row in rows] and len(rows) > 30
    again = run(app, path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 846)


def test_catalogue_and_code_text_merge_into_one_law_in_any_order(app, sources, tmp_path):
    code = tmp_path / "criminal.json"
    code.write_text(
        (sources / "thai_code.json").read_text(encoding="utf-8")
        .replace('"id": "civil_proc"', '"id": "criminal"').replace('"shortName": "วิแพ่ง"', '"shortName": "อาญา"'),
        encoding="utf-8",
    )
    with app.app_context():
        importers.run("thai-codes", code, actor=Actor("test"))
    run(app, sources / "catalog.csv")
    with app.app_context(), get_database().session() as session:
        law = session.scalar(select(Law).where(Law.key == "criminal-code"))
        assert len(law.sections) == 8 and law.source_id == "443287"
        assert law.abbreviations == ["ป.อ.", "ป.อาญา", "ประมวลอาญา", "อาญา"]
    before = fingerprint(app)
    with app.app_context():
        assert importers.run("thai-codes", code, actor=Actor("test")).unchanged == 1
    assert run(app, sources / "catalog.csv").unchanged == 3
    assert fingerprint(app) == before
