"""The demo set (lawreg/demo/laws.jsonl) is well-formed and internally consistent; that it
covers every feature the registry, the workflow and the screening rules are demonstrated
with is test_demo_coverage.py.

These tests read the file as plain JSON on purpose, so they check the data itself and do not
depend on the importer; loading through the importer is tested in test_demo_load.py.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

from lawreg.models import LawStatus, LawType, RelationKind, SectionStatus
from lawreg.thai.digits import to_arabic_digits
from lawreg.thai.numbers import parse_section_number

from .demo_set import (
    BY_KEY,
    DEMO_FILE,
    LAWS,
    LINE_OF,
    REGULATION_TYPES,
    all_texts,
    canonical,
    iso,
    sections_by_number,
)

LAW_FIELDS = {
    "key", "title", "title_en", "type", "year_be", "agency", "group", "status", "enacted_on",
    "published_on", "commenced_on", "gazette_ref", "source", "abbreviations", "sections",
    "relations",
}
SECTION_FIELDS = {"number", "label", "heading", "chapter", "status", "text", "versions"}
VERSION_FIELDS = {"text", "valid_from", "valid_to", "amended_by", "note"}
RELATION_FIELDS = {"kind", "target", "section", "target_section", "date", "note"}


# --- well-formed ------------------------------------------------------------------------

def test_file_is_small_and_every_line_is_one_law_object() -> None:
    assert DEMO_FILE.stat().st_size < 300_000
    assert 25 <= len(LAWS) <= 40
    for law in LAWS:
        assert isinstance(law, dict)
        assert set(law) <= LAW_FIELDS, law["key"]
        assert {"key", "title", "type", "year_be", "agency", "status", "sections"} <= set(law)
        assert law["source"] == "demo"


def test_keys_are_unique() -> None:
    duplicates = [key for key, count in Counter(law["key"] for law in LAWS).items() if count > 1]
    assert duplicates == []


def test_law_metadata_is_valid() -> None:
    statuses = {s.value for s in LawStatus}
    types = {t.value for t in LawType}
    for law in LAWS:
        assert law["status"] in statuses, law["key"]
        assert law["type"] in types, law["key"]
        assert str(law["year_be"]) in law["title"], law["key"]
        enacted, published, commenced = (
            iso(law[name]) for name in ("enacted_on", "published_on", "commenced_on")
        )
        assert enacted <= published <= commenced, law["key"]
        assert law["year_be"] - 543 in {enacted.year, enacted.year + 1}, law["key"]
        volume = re.search(r"เล่ม (\d+)", law["gazette_ref"])
        assert volume and int(volume.group(1)) == law["year_be"] - 2426, law["key"]
        assert all(part.strip() for part in law["agency"].split(" > ")), law["key"]


def test_sections_are_well_formed_and_numbers_unique_per_law() -> None:
    for law in LAWS:
        assert 4 <= len(law["sections"]) <= 15, law["key"]
        numbers = [canonical(section["number"]) for section in law["sections"]]
        assert len(numbers) == len(set(numbers)), law["key"]
        sort_keys = [parse_section_number(n).sort_key for n in numbers]
        assert sort_keys == sorted(sort_keys), f"{law['key']}: sections out of code order"
        for section in law["sections"]:
            assert set(section) <= SECTION_FIELDS
            assert ("text" in section) != ("versions" in section)
            assert section.get("status", "in_force") in {s.value for s in SectionStatus}
            for text in [v["text"] for v in section.get("versions", [])] or [section["text"]]:
                assert text.strip(), (law["key"], section["number"])
                # The number is a field of its own; the text does not repeat it.
                assert not re.match(r"\s*(มาตรา|ข้อ)\s*[\d๐-๙]", text), (law["key"], section["number"])


def test_regulations_number_their_provisions_with_kho() -> None:
    for law in LAWS:
        labels = {section.get("label", "มาตรา") for section in law["sections"]}
        expected = "ข้อ" if law["type"] in REGULATION_TYPES else "มาตรา"
        assert labels == {expected}, law["key"]


# --- internally consistent ----------------------------------------------------------------

def test_every_relation_points_at_a_law_and_sections_of_the_file() -> None:
    kinds = {k.value for k in RelationKind}
    for law in LAWS:
        own = sections_by_number(law)
        for relation in law.get("relations", []):
            assert set(relation) <= RELATION_FIELDS
            assert relation["kind"] in kinds
            assert relation["target"] in BY_KEY, (law["key"], relation)
            assert relation["target"] != law["key"]
            if "section" in relation:
                assert canonical(relation["section"]) in own, (law["key"], relation)
            if "target_section" in relation:
                target = sections_by_number(BY_KEY[relation["target"]])
                assert canonical(relation["target_section"]) in target, (law["key"], relation)


def test_amended_by_names_a_law_on_an_earlier_line() -> None:
    for law in LAWS:
        for section in law["sections"]:
            for version in section.get("versions", []):
                assert set(version) <= VERSION_FIELDS
                if "amended_by" in version:
                    assert version["amended_by"] in BY_KEY
                    assert LINE_OF[version["amended_by"]] < LINE_OF[law["key"]], (
                        law["key"], section["number"]
                    )


def test_version_dates_are_ordered_and_contiguous() -> None:
    for law in LAWS:
        commenced = iso(law["commenced_on"])
        for section in law["sections"]:
            versions = section.get("versions")
            if not versions:
                continue
            where = (law["key"], section["number"])
            starts = [iso(v["valid_from"]) for v in versions]
            assert starts[0] >= commenced, where
            for earlier, later in zip(versions, versions[1:], strict=False):
                assert iso(earlier["valid_from"]) < iso(earlier["valid_to"]), where
                assert earlier["valid_to"] == later["valid_from"], where
            assert "valid_to" not in versions[-1], where


def test_each_dated_version_is_the_work_of_its_amending_law() -> None:
    """A version's start is its amending law's commencement, the amending law has an
    amends (or repeals) relation to exactly this section, and its operative section quotes
    the new text."""
    for law in LAWS:
        for section in law["sections"]:
            for version in section.get("versions", []):
                if "amended_by" not in version:
                    continue
                amending = BY_KEY[version["amended_by"]]
                number = canonical(section["number"])
                where = (law["key"], number, amending["key"])
                assert version["valid_from"] == amending["commenced_on"], where
                relations = [
                    r for r in amending["relations"]
                    if r["target"] == law["key"] and canonical(r.get("target_section", "0")) == number
                ]
                assert len(relations) == 1, where
                relation = relations[0]
                assert relation["date"] == version["valid_from"], where
                if relation["kind"] == "repeals":
                    assert section.get("status") == "repealed", where
                    continue
                assert relation["kind"] == "amends", where
                operative = sections_by_number(amending)[canonical(relation["section"])]
                assert to_arabic_digits(version["text"]) in to_arabic_digits(operative["text"]), where


def test_subject_groups_come_from_the_real_catalogue(shared_data: Path) -> None:
    with (shared_data / "krisdika" / "law_groups.csv").open(encoding="utf-8") as handle:
        catalogue = {row["law_group"] for row in csv.DictReader(handle)}
    for law in LAWS:
        groups = [law["group"]] if isinstance(law["group"], str) else law["group"]
        assert set(groups) <= catalogue, law["key"]


def test_section_texts_are_not_copied_from_real_statutes(shared_data: Path) -> None:
    real = []
    for path in sorted((shared_data / "thai-codes").glob("*.json")):
        real += [str(s["text"]) for s in json.loads(path.read_text(encoding="utf-8"))["sections"]]
    for path in sorted((shared_data / "thai-law-sections").glob("*.json")):
        real.append(path.read_text(encoding="utf-8"))
    corpus = to_arabic_digits("\n".join(real))
    assert len(corpus) > 1_000_000
    for key, number, text in all_texts():
        for sentence in re.split(r"\n| (?=ให้|ผู้ใด)", to_arabic_digits(text)):
            if len(sentence) >= 60:
                assert sentence not in corpus, (key, number, sentence)
