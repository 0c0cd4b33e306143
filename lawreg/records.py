"""Canonical, source-independent records of a law: what every importer produces and the
JSONL export writes.  The services turn them into rows; nothing here touches the database.

The JSON shape is the canonical JSONL format documented in docs/import-formats.md; ``law_to_json`` and
``importers.jsonl.record_from_json`` are inverse, so import → export → import
is lossless.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass
class VersionRecord:
    """One dated text of a section; ``valid_to`` is exclusive, ``None`` means still in force."""

    text: str
    valid_from: date | None = None
    valid_to: date | None = None
    amended_by: str | None = None  # key of the amending law
    note: str | None = None


@dataclass
class SectionRecord:
    number: str  # canonical number, see lawreg.thai.numbers
    text: str = ""
    heading: str | None = None
    label: str = "มาตรา"
    chapter_path: list[str] = field(default_factory=list)
    status: str = "in_force"
    versions: list[VersionRecord] | None = None  # None: a single undated version of ``text``


@dataclass
class RelationRecord:
    """A relation from this law (or one of its sections) to another law (or section)."""

    kind: str  # amends | repeals | enabled_by | refers_to
    target: str  # key of the other law
    section: str | None = None  # this law's section, canonical number
    target_section: str | None = None
    effective_on: date | None = None
    note: str | None = None


@dataclass
class LawRecord:
    key: str
    title: str
    title_en: str | None = None
    law_type: str | None = None
    year_be: int | None = None
    agency: str | None = None  # "กระทรวงการคลัง > กรมบัญชีกลาง" for a hierarchy
    subject_groups: list[str] = field(default_factory=list)
    status: str | None = None
    abbreviations: list[str] = field(default_factory=list)
    enacted_on: date | None = None
    published_on: date | None = None
    commenced_on: date | None = None
    gazette_ref: str | None = None
    source: str | None = None
    source_id: str | None = None
    source_url: str | None = None
    sections: list[SectionRecord] | None = None  # None: the source says nothing of sections
    relations: list[RelationRecord] = field(default_factory=list)
    # Where the record came from, for error reports: (file, line).
    origin: tuple[str, int] | None = None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def version_to_json(version: VersionRecord) -> dict[str, Any]:
    data: dict[str, Any] = {"text": version.text}
    for name in ("valid_from", "valid_to"):
        if getattr(version, name):
            data[name] = _iso(getattr(version, name))
    if version.amended_by:
        data["amended_by"] = version.amended_by
    if version.note:
        data["note"] = version.note
    return data


def section_to_json(section: SectionRecord) -> dict[str, Any]:
    data: dict[str, Any] = {"number": section.number}
    if section.label != "มาตรา":
        data["label"] = section.label
    if section.heading:
        data["heading"] = section.heading
    if section.chapter_path:
        data["chapter"] = list(section.chapter_path)
    if section.status != "in_force":
        data["status"] = section.status
    if section.versions is not None and (
        len(section.versions) != 1 or section.versions[0] != VersionRecord(section.text)
    ):
        data["versions"] = [version_to_json(v) for v in section.versions]
    else:
        data["text"] = section.text
    return data


def relation_to_json(relation: RelationRecord) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": relation.kind, "target": relation.target}
    if relation.section:
        data["section"] = relation.section
    if relation.target_section:
        data["target_section"] = relation.target_section
    if relation.effective_on:
        data["date"] = _iso(relation.effective_on)
    if relation.note:
        data["note"] = relation.note
    return data


def law_to_json(record: LawRecord) -> dict[str, Any]:
    """The canonical JSONL object of a law; empty fields are left out."""
    data: dict[str, Any] = {"key": record.key, "title": record.title}
    scalar_fields = {
        "title_en": record.title_en,
        "type": record.law_type,
        "year_be": record.year_be,
        "agency": record.agency,
        "status": record.status,
        "enacted_on": _iso(record.enacted_on),
        "published_on": _iso(record.published_on),
        "commenced_on": _iso(record.commenced_on),
        "gazette_ref": record.gazette_ref,
        "source": record.source,
        "source_id": record.source_id,
        "source_url": record.source_url,
    }
    data.update({name: value for name, value in scalar_fields.items() if value is not None})
    if record.subject_groups:
        groups = record.subject_groups
        data["group"] = groups[0] if len(groups) == 1 else list(groups)
    if record.abbreviations:
        data["abbreviations"] = list(record.abbreviations)
    if record.sections is not None:
        data["sections"] = [section_to_json(s) for s in record.sections]
    if record.relations:
        data["relations"] = [relation_to_json(r) for r in record.relations]
    return data
