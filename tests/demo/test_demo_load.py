"""Loading the demo set through the JSONL importer, as ``lawreg demo`` does: everything
arrives (laws, sections, dated versions, relations, agencies, groups), and a second load
changes nothing; ``lawreg demo`` loads the packaged copy."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

import importers
from lawreg.db import get_database
from lawreg.models import Agency, Law, LawGroup, LawRelation, Section, SectionVersion
from lawreg.services import LISTENERS_KEY
from lawreg.thai.numbers import parse_section_number

DEMO_FILE = Path(__file__).resolve().parents[2] / "lawreg" / "demo" / "laws.jsonl"


def expected_counts() -> dict[str, int]:
    laws = [json.loads(line) for line in DEMO_FILE.read_text(encoding="utf-8").splitlines()]
    sections = [s for law in laws for s in law["sections"]]
    agencies = {
        " > ".join(law["agency"].split(" > ")[: depth + 1])
        for law in laws
        for depth in range(len(law["agency"].split(" > ")))
    }
    return {
        "laws": len(laws),
        "sections": len(sections),
        "versions": sum(len(s.get("versions", [None])) for s in sections),
        "relations": sum(len(law.get("relations", [])) for law in laws),
        "groups": sum(1 if isinstance(law["group"], str) else len(law["group"]) for law in laws),
        "agencies": len(agencies),
    }


def stored_counts() -> dict[str, int]:
    with get_database().session() as session:
        def count(model: type) -> int:
            return session.scalar(select(func.count()).select_from(model)) or 0

        return {
            "laws": count(Law),
            "sections": count(Section),
            "versions": count(SectionVersion),
            "relations": count(LawRelation),
            "groups": count(LawGroup),
            "agencies": count(Agency),
        }


def check_amendments_and_repeals() -> None:
    """Amendments arrive as dated versions, repeals as dated relations (one load is slow
    enough, with the search index, that the whole story is checked on the same load)."""
    with get_database().session() as session:
        boat = session.scalar(select(Law).where(Law.key == "boat-registration-act-2497"))
        assert boat is not None
        numbers = [section.number for section in boat.sections]
        # "๑๒ ทวิ" in the file is stored canonically and sorts between 12 and 13.
        assert numbers.index("12 ทวิ") == numbers.index("12") + 1
        section_6 = next(s for s in boat.sections if s.number == "6")
        assert [v.amended_by.key if v.amended_by else None for v in section_6.versions] == [
            None, "boat-registration-act-no2-2518", "boat-registration-act-no3-2558",
        ]
        assert "วิธีการทางอิเล็กทรอนิกส์" in section_6.current_version.text

        repealed = session.scalar(select(Law).where(Law.key == "market-stalls-act-2489"))
        assert repealed is not None and repealed.status == "repealed"
        repeal = next(r for r in repealed.incoming if r.kind == "repeals")
        assert repeal.subject_law.key == "community-markets-act-2562"
        assert repeal.effective_on == repeal.subject_law.commenced_on

        wells = session.scalar(select(Law).where(Law.key == "village-wells-act-2505"))
        assert wells is not None and wells.status == "partly_repealed"
        assert sorted(
            parse_section_number(s.number).base for s in wells.sections if s.status == "repealed"
        ) == [8, 9, 10]


def test_demo_set_loads_completely_and_reloads_unchanged(app: Flask) -> None:
    expected = expected_counts()
    with app.app_context():
        first = importers.run("jsonl", DEMO_FILE)
        assert first.ok, first.error_report()
        assert first.committed
        assert (first.read, first.created, first.updated, first.unchanged) == (
            expected["laws"], expected["laws"], 0, 0,
        )
        assert stored_counts() == expected
        check_amendments_and_repeals()

        second = importers.run("jsonl", DEMO_FILE)
        assert second.ok, second.error_report()
        assert (second.created, second.updated, second.unchanged, second.relations_added) == (
            0, 0, expected["laws"], 0,
        )
        assert stored_counts() == expected


def test_lawreg_demo_command_loads_the_packaged_file(app: Flask, runner: FlaskCliRunner) -> None:
    # The search index is exercised by the load test above; here only the command matters.
    app.extensions[LISTENERS_KEY] = []
    app.config["SEARCH_SYNC"] = False
    laws = expected_counts()["laws"]

    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert f"{laws} created" in first.output

    skipped = runner.invoke(args=["demo", "--if-empty"])
    assert skipped.exit_code == 0, skipped.output
    assert f"already holds {laws} laws" in skipped.output
    with app.app_context():
        assert stored_counts()["laws"] == laws
