"""Checks a batch of records passes before its first write.

Everything the service would refuse half-way through a transaction is found here first
(service validation, column sizes, relation and amendment targets, duplicate keys), so a
rejection never leaves half-applied work in the session: the runner writes only records
that passed, and a rejection is reported with the record's file, line and field.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from lawreg.errors import InvalidRecord
from lawreg.models import Agency, Law, Section
from lawreg.records import LawRecord
from lawreg.services import UnitOfWork
from lawreg.services.laws import validate_record
from lawreg.thai.numbers import parse_section_number

from .report import ImportReport


def _length(column: Any) -> int | None:
    return getattr(column.type, "length", None)


LAW_LENGTHS = {
    name: _length(Law.__table__.c[column])
    for name, column in (
        ("key", "key"),
        ("law_type", "law_type"),
        ("gazette_ref", "gazette_ref"),
        ("status", "status"),
        ("source", "source"),
        ("source_id", "source_id"),
    )
}
SECTION_LABEL_LENGTH = _length(Section.__table__.c["label"])
SECTION_NUMBER_LENGTH = _length(Section.__table__.c["number"])
AGENCY_NAME_LENGTH = _length(Agency.__table__.c["name"])
GROUP_NAME_LENGTH = 200


def check_records(uow: UnitOfWork, records: list[LawRecord], report: ImportReport) -> list[LawRecord]:
    """The records that can be written; each other one is rejected in ``report`` with its
    location.  Relations and amendments may only name laws of this import or of the registry,
    so rejecting one law can reject the laws that point at it (checked until nothing changes)."""
    seen: dict[str, LawRecord] = {}
    candidates: list[LawRecord] = []
    for record in records:
        problem = record_problem(record)
        if problem is None and record.key in seen:
            other = seen[record.key].origin
            where = f" (also {other[0]} line {other[1]})" if other else ""
            problem = ("key", f"law {record.key!r} appears twice in this import{where}")
        if problem is not None:
            reject_record(report, record, *problem)
            continue
        seen[record.key] = record
        candidates.append(record)

    stored = stored_sections(uow, candidates)
    while True:
        keys = {record.key: record for record in candidates}
        still: list[LawRecord] = []
        for record in candidates:
            problem = reference_problem(record, keys, stored)
            if problem is None:
                still.append(record)
            else:
                reject_record(report, record, *problem)
        if len(still) == len(candidates):
            return still
        candidates = still


def reject_record(report: ImportReport, record: LawRecord, field_name: str, reason: str) -> None:
    file, line = record.origin or (report.files[-1] if report.files else report.format, None)
    report.reject(file, line, field_name, f"law {record.key!r}: {reason}" if record.key else reason)


def record_problem(record: LawRecord) -> tuple[str, str] | None:
    """The first field of ``record`` the registry cannot hold, as ``(field, reason)``."""
    try:
        validate_record(record)
    except InvalidRecord as error:
        return error.field, error.reason
    except ValueError as error:  # an unparseable section number
        return "sections", str(error)
    for name, limit in LAW_LENGTHS.items():
        value = getattr(record, name)
        if limit and isinstance(value, str) and len(value) > limit:
            return name, f"is {len(value)} characters long, the limit is {limit}"
    for part in (record.agency or "").split(">"):
        if AGENCY_NAME_LENGTH and len(part.strip()) > AGENCY_NAME_LENGTH:
            return "agency", f"a name is longer than {AGENCY_NAME_LENGTH} characters"
    for index, group in enumerate(record.subject_groups):
        if not group.strip() or len(group) > GROUP_NAME_LENGTH:
            return f"group[{index}]", "is empty or longer than 200 characters"
    for index, section in enumerate(record.sections or []):
        if SECTION_LABEL_LENGTH and len(section.label) > SECTION_LABEL_LENGTH:
            return f"sections[{index}].label", f"is longer than {SECTION_LABEL_LENGTH} characters"
        canonical = parse_section_number(section.number).canonical
        if SECTION_NUMBER_LENGTH and len(canonical) > SECTION_NUMBER_LENGTH:
            return f"sections[{index}].number", f"is longer than {SECTION_NUMBER_LENGTH} characters"
    return None


def stored_sections(uow: UnitOfWork, records: list[LawRecord]) -> dict[str, set[str]]:
    """Section numbers already stored for every law the records point at, by law key."""
    names: set[str] = set()
    for record in records:
        names.update(relation.target for relation in record.relations)
        names.update(
            version.amended_by
            for section in record.sections or []
            for version in section.versions or []
            if version.amended_by
        )
        if record.relations:
            names.add(record.key)
    if not names:
        return {}
    found: dict[str, set[str]] = {name: set() for name in
                                  uow.session.scalars(select(Law.key).where(Law.key.in_(names)))}
    rows = uow.session.execute(
        select(Law.key, Section.number).join(Section, Section.law_id == Law.id).where(Law.key.in_(found))
    )
    for key, number in rows:
        found[key].add(number)
    return found


def reference_problem(
    record: LawRecord, keys: dict[str, LawRecord], stored: dict[str, set[str]]
) -> tuple[str, str] | None:
    """A relation or amendment naming a law (or section) that will not exist."""

    def sections_of(key: str) -> set[str] | None:
        if key not in keys and key not in stored:
            return None
        numbers = set(stored.get(key, set()))
        other = keys.get(key)
        if other is not None:
            numbers.update(parse_section_number(s.number).canonical for s in other.sections or [])
        return numbers

    for index, section in enumerate(record.sections or []):
        for vindex, version in enumerate(section.versions or []):
            if version.amended_by and sections_of(version.amended_by) is None:
                return (
                    f"sections[{index}].versions[{vindex}].amended_by",
                    f"unknown law key {version.amended_by!r} (not in this import nor in the registry)",
                )
    own = sections_of(record.key) or set()
    for index, relation in enumerate(record.relations):
        target = sections_of(relation.target)
        if target is None:
            return (
                f"relations[{index}].target",
                f"unknown law key {relation.target!r} (not in this import nor in the registry)",
            )
        for name, number, numbers, law in (
            ("section", relation.section, own, record.key),
            ("target_section", relation.target_section, target, relation.target),
        ):
            if number is None:
                continue
            try:
                canonical = parse_section_number(number).canonical
            except ValueError as error:
                return f"relations[{index}].{name}", str(error)
            if canonical not in numbers:
                return f"relations[{index}].{name}", f"{law} has no section {canonical}"
    return None
