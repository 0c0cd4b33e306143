"""Writing laws into the registry from canonical :mod:`lawreg.records`.

:func:`upsert_law` is idempotent: applying the same record twice changes nothing the second
time and reports ``unchanged``.  It merges: a field the record leaves empty keeps its stored
value, and sections the record does not mention are kept (a metadata-only catalogue entry
never wipes the sections another source supplied).  A section whose text differs from the
stored current text is corrected in place; amendments with dates arrive as explicit versions.
Relations name other laws by key, so they are applied in a second pass
(:func:`apply_relations`) once every law of an import exists.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..errors import InvalidRecord
from ..models import Law, LawRelation, LawStatus, RelationKind, Section, SectionVersion
from ..records import LawRecord, RelationRecord, SectionRecord, VersionRecord
from ..thai.numbers import parse_section_number
from .agencies import agency_path, ensure_agency
from .unit_of_work import UnitOfWork


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


LAW_FIELDS = (
    "title",
    "title_en",
    "law_type",
    "year_be",
    "status",
    "enacted_on",
    "published_on",
    "commenced_on",
    "gazette_ref",
    "source",
    "source_id",
    "source_url",
)
VALID_STATUSES = {s.value for s in LawStatus}
VALID_RELATIONS = {k.value for k in RelationKind}


@dataclass
class SectionChanges:
    created: int = 0
    updated: int = 0

    @property
    def any(self) -> bool:
        return bool(self.created or self.updated)


def load_law(uow: UnitOfWork, key: str) -> Law | None:
    """A law with its sections and versions loaded in three queries."""
    return uow.session.scalar(
        select(Law)
        .where(Law.key == key)
        .options(selectinload(Law.sections).selectinload(Section.versions))
    )


def upsert_law(uow: UnitOfWork, record: LawRecord) -> Outcome:
    """Create the law of ``record`` or bring the stored law up to it; see the module doc."""
    validate_record(record)
    law = load_law(uow, record.key)
    created = law is None
    if law is None:
        law = Law(key=record.key, title=record.title, abbreviations=[])
        uow.session.add(law)
    before = None if created else law_snapshot(law)

    for name in LAW_FIELDS:
        value = getattr(record, name)
        if value is not None and getattr(law, name) != value:
            setattr(law, name, value)
    if record.abbreviations and list(law.abbreviations or []) != record.abbreviations:
        law.abbreviations = list(record.abbreviations)
    for name in record.subject_groups:
        if name not in law.subject_groups:
            law.subject_groups.append(name)
    if record.agency and agency_path(law.agency) != _normal_agency_path(record.agency):
        law.agency = ensure_agency(uow, record.agency)
    if law.status is None:
        law.status = LawStatus.IN_FORCE

    changes = SectionChanges()
    if record.sections is not None:
        changes = _apply_sections(uow, law, record.sections)

    uow.session.flush()
    after = law_snapshot(law)
    if created:
        uow.audit("law.create", "law", law.key, after=after)
    elif after != before:
        uow.audit("law.update", "law", law.key, before=before, after=after)
    elif not changes.any:
        return Outcome.UNCHANGED
    uow.law_changed(law.key)
    return Outcome.CREATED if created else Outcome.UPDATED


def validate_record(record: LawRecord) -> None:
    """Reject a record the registry cannot hold faithfully, naming the field."""
    if not record.key or not record.key.strip():
        raise InvalidRecord("key", "field.empty")
    if not record.title or not record.title.strip():
        raise InvalidRecord("title", "field.empty")
    if record.status is not None and record.status not in VALID_STATUSES:
        raise InvalidRecord("status", "law.status_unknown", status=record.status, statuses=", ".join(sorted(VALID_STATUSES)))
    if record.sections is None:
        return
    seen: dict[str, int] = {}
    for index, section in enumerate(record.sections):
        canonical = parse_section_number(section.number).canonical
        if canonical in seen:
            raise InvalidRecord(
                f"sections[{index}].number",
                "section.duplicate", section=canonical, other=f"sections[{seen[canonical]}]",
            )
        seen[canonical] = index
    for index, relation in enumerate(record.relations):
        if relation.kind not in VALID_RELATIONS:
            raise InvalidRecord(f"relations[{index}].kind", "relation.kind_unknown", kind=relation.kind)


def _normal_agency_path(path: str) -> str:
    return " > ".join(part.strip() for part in path.split(">") if part.strip())


def _apply_sections(uow: UnitOfWork, law: Law, records: list[SectionRecord]) -> SectionChanges:
    changes = SectionChanges()
    existing = {section.number: section for section in law.sections}
    for record in records:
        number = parse_section_number(record.number, default_label=record.label)
        section = existing.get(number.canonical)
        if section is None:
            section = Section(
                number=number.canonical,
                sort_key=number.sort_key,
                label=record.label,
                heading=record.heading,
                chapter_path=list(record.chapter_path),
                status=record.status,
            )
            law.sections.append(section)
            _set_versions(uow, section, _wanted_versions(record))
            existing[number.canonical] = section
            changes.created += 1
            continue
        before = section_snapshot(section)
        section.label = record.label
        section.sort_key = number.sort_key
        if record.heading is not None:
            section.heading = record.heading
        if record.chapter_path:
            section.chapter_path = list(record.chapter_path)
        section.status = record.status
        _set_versions(uow, section, _wanted_versions(record))
        after = section_snapshot(section)
        if after != before:
            changes.updated += 1
            uow.audit(
                "section.update", "section", f"{law.key}#{section.number}", before=before, after=after
            )
    if changes.created:
        law.sections.sort(key=lambda s: s.sort_key)
    return changes


def _wanted_versions(record: SectionRecord) -> list[VersionRecord]:
    if record.versions is not None:
        return record.versions
    return [VersionRecord(text=record.text)]


def _set_versions(uow: UnitOfWork, section: Section, wanted: list[VersionRecord]) -> None:
    """Make the section's versions equal ``wanted``; an undated single text corrects the
    current version in place rather than inventing an amendment."""
    if [_version_tuple_of_record(v) for v in wanted] == [
        _version_tuple_of_row(v) for v in section.versions
    ]:
        return
    plain_text = len(wanted) == 1 and wanted[0] == VersionRecord(text=wanted[0].text)
    current = section.current_version
    if plain_text and current is not None:
        current.text = wanted[0].text
        return
    section.versions.clear()
    for version in wanted:
        amended_by = None
        if version.amended_by:
            # No autoflush: a query flushing the session for each amended version made a
            # statute-book import spend most of its time in flushes.
            with uow.session.no_autoflush:
                amended_by = uow.session.scalar(select(Law).where(Law.key == version.amended_by))
            if amended_by is None:
                raise InvalidRecord("versions.amended_by", "law.not_found", law=version.amended_by)
        section.versions.append(
            SectionVersion(
                text=version.text,
                valid_from=version.valid_from,
                valid_to=version.valid_to,
                amended_by=amended_by,
                note=version.note,
            )
        )


def _version_tuple_of_record(v: VersionRecord) -> tuple[Any, ...]:
    return (v.text, v.valid_from, v.valid_to, v.amended_by, v.note)


def _version_tuple_of_row(v: SectionVersion) -> tuple[Any, ...]:
    return (v.text, v.valid_from, v.valid_to, v.amended_by.key if v.amended_by else None, v.note)


def apply_relations(uow: UnitOfWork, record: LawRecord) -> Outcome:
    """Create the relations of ``record`` that are not stored yet (relations are never
    removed by an import).  Unknown target laws or sections raise :class:`InvalidRecord`."""
    if not record.relations:
        return Outcome.UNCHANGED
    law = _law_row(uow, record.key)
    if law is None:
        raise InvalidRecord("key", "law.not_found", law=record.key)
    stored = {_relation_identity(r) for r in law.outgoing}
    added = 0
    for index, relation in enumerate(record.relations):
        with uow.session.no_autoflush:
            row = _relation_row(uow, law, relation, index)
        identity = _relation_identity(row)
        if identity in stored:
            continue
        uow.session.add(row)
        stored.add(identity)
        added += 1
        uow.audit(
            "relation.create",
            "law",
            law.key,
            after={"kind": relation.kind, "target": relation.target, "section": relation.section,
                   "target_section": relation.target_section,
                   "date": relation.effective_on.isoformat() if relation.effective_on else None},
        )
    if not added:
        return Outcome.UNCHANGED
    uow.session.flush()
    uow.session.expire(law, ["outgoing"])
    uow.law_changed(law.key)
    for relation in record.relations:
        uow.law_changed(relation.target)
    return Outcome.UPDATED


def _relation_row(uow: UnitOfWork, law: Law, relation: RelationRecord, index: int) -> LawRelation:
    target = _law_row(uow, relation.target)
    if target is None:
        raise InvalidRecord(f"relations[{index}].target", "law.not_found", law=relation.target)
    if law.id is None or target.id is None:
        uow.session.flush()  # a law added in this unit of work and not flushed has no id yet
    subject_section = _find_section(uow, law, relation.section, f"relations[{index}].section")
    object_section = _find_section(uow, target, relation.target_section, f"relations[{index}].target_section")
    return LawRelation(
        kind=relation.kind,
        subject_law_id=law.id,
        object_law_id=target.id,
        subject_section_id=subject_section.id if subject_section else None,
        object_section_id=object_section.id if object_section else None,
        effective_on=relation.effective_on,
        note=relation.note,
    )


def _law_row(uow: UnitOfWork, key: str) -> Law | None:
    """A law without its sections: relations need only its id (loading a code's 1,900
    sections and their versions for each relation made a large import crawl)."""
    return uow.session.scalar(select(Law).where(Law.key == key))


def _find_section(uow: UnitOfWork, law: Law, number: str | None, field: str) -> Section | None:
    if number is None:
        return None
    canonical = parse_section_number(number).canonical
    section = uow.session.scalar(
        select(Section).where(Section.law_id == law.id, Section.number == canonical)
    )
    if section is None:
        raise InvalidRecord(field, "section.not_found", law=law.key, section=canonical)
    return section


def _relation_identity(row: LawRelation) -> tuple[Any, ...]:
    return (row.kind, row.object_law_id, row.subject_section_id, row.object_section_id)


def law_snapshot(law: Law) -> dict[str, Any]:
    """Law metadata as JSON-safe values, for audit entries."""
    data: dict[str, Any] = {}
    for name in LAW_FIELDS:
        value = getattr(law, name)
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    data["abbreviations"] = list(law.abbreviations or [])
    data["subject_groups"] = list(law.subject_groups)
    data["agency"] = agency_path(law.agency)
    return data


def section_snapshot(section: Section) -> dict[str, Any]:
    return {
        "label": section.label,
        "heading": section.heading,
        "chapter_path": list(section.chapter_path or []),
        "status": section.status,
        "versions": [
            {
                "text": v.text,
                "valid_from": v.valid_from.isoformat() if v.valid_from else None,
                "valid_to": v.valid_to.isoformat() if v.valid_to else None,
                "amended_by": v.amended_by.key if v.amended_by else None,
            }
            for v in section.versions
        ],
    }


def law_to_record(law: Law) -> LawRecord:
    """The canonical record of a stored law (for export); inverse of :func:`upsert_law`."""
    return LawRecord(
        key=law.key,
        title=law.title,
        title_en=law.title_en,
        law_type=law.law_type,
        year_be=law.year_be,
        agency=agency_path(law.agency),
        subject_groups=list(law.subject_groups),
        status=law.status,
        abbreviations=list(law.abbreviations or []),
        enacted_on=law.enacted_on,
        published_on=law.published_on,
        commenced_on=law.commenced_on,
        gazette_ref=law.gazette_ref,
        source=law.source,
        source_id=law.source_id,
        source_url=law.source_url,
        sections=[
            SectionRecord(
                number=s.number,
                text=s.text,
                heading=s.heading,
                label=s.label,
                chapter_path=list(s.chapter_path or []),
                status=s.status,
                versions=[
                    VersionRecord(
                        text=v.text,
                        valid_from=v.valid_from,
                        valid_to=v.valid_to,
                        amended_by=v.amended_by.key if v.amended_by else None,
                        note=v.note,
                    )
                    for v in s.versions
                ],
            )
            for s in law.sections
        ]
        if law.sections
        else None,
        relations=[
            RelationRecord(
                kind=r.kind,
                target=r.object_law.key,
                section=r.subject_section.number if r.subject_section else None,
                target_section=r.object_section.number if r.object_section else None,
                effective_on=r.effective_on,
                note=r.note,
            )
            for r in law.outgoing
        ],
    )
