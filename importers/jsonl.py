"""Canonical JSONL: one law per line, the inverse of :func:`lawreg.records.law_to_json`.

Fields (only ``key`` and ``title`` are required)::

    key, title, title_en, type, year_be, agency ("ministry > department"), group (a string
    or a list), status, source_url, abbreviations, enacted_on / published_on / commenced_on
    (ISO dates), gazette_ref, source, source_id,
    sections: [{number, label?, heading?, chapter?, status?,
                text | versions: [{text, valid_from?, valid_to?, amended_by?, note?}]}],
    relations: [{kind, target, section?, target_section?, date?, note?}]

The format is stated once, as pydantic models in :mod:`importers.jsonl_schema` (published
as ``docs/jsonl.schema.json``).  Types are checked strictly and every problem names its line
and field path ("sections[3].number").  Unknown fields are refused rather than silently
dropped, so an import is never lossy.  The file is streamed line by line under the line-size limit; a line
that is not JSON at all (truncated, malformed) aborts the import as a file-level problem.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from lawreg.records import LawRecord, RelationRecord, SectionRecord, VersionRecord

from .base import ImportFormat, ImportReport
from .jsonl_schema import (
    LawLine,
    RelationLine,
    SectionLine,
    VersionLine,
    field_path,
    first_problem,
    reason,
)
from .reading import DEFAULT_MAX_LINE_BYTES, iter_lines, json_error


class FieldError(ValueError):
    """A value of the wrong type or form, at ``path``."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def parse(path: Path, report: ImportReport, *, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> list[LawRecord]:
    name = str(path)
    records: list[LawRecord] = []
    for number, line in iter_lines(path, max_line_bytes):
        if not line.strip():
            continue
        report.read += 1
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise json_error(name, error, line=number) from None
        try:
            record = record_from_json(data)
        except FieldError as error:
            report.reject(name, number, error.path, error.reason)
            continue
        record.origin = (name, number)
        records.append(record)
    return records


def record_from_json(data: Any) -> LawRecord:
    """A :class:`LawRecord` from one canonical JSON object; raises :class:`FieldError` for
    the first problem :class:`~importers.jsonl_schema.LawLine` finds."""
    try:
        line = LawLine.model_validate(data)
    except ValidationError as error:
        first = first_problem(error.errors(include_url=False))
        raise FieldError(field_path(first["loc"]), reason(first)) from None
    return LawRecord(
        key=line.key,
        title=line.title,
        title_en=line.title_en,
        law_type=line.type,
        year_be=line.year_be,
        agency=line.agency,
        subject_groups=line.group or [],
        status=line.status,
        abbreviations=line.abbreviations or [],
        enacted_on=line.enacted_on,
        published_on=line.published_on,
        commenced_on=line.commenced_on,
        gazette_ref=line.gazette_ref,
        source=line.source,
        source_id=line.source_id,
        source_url=line.source_url,
        sections=None if line.sections is None else [_section(s) for s in line.sections],
        relations=[_relation(r) for r in line.relations],
    )


def _section(line: SectionLine) -> SectionRecord:
    versions = [_version(v) for v in line.versions] or None
    return SectionRecord(
        number=line.number,
        text=current_text(versions) if versions else line.text,
        heading=line.heading,
        label=line.label or "มาตรา",
        chapter_path=line.chapter or [],
        status=line.status or "in_force",
        versions=versions,
    )


def current_text(versions: list[VersionRecord]) -> str:
    """The text in force now, chosen as :attr:`lawreg.models.Section.current_version` does."""
    ordered = sorted(versions, key=lambda v: (v.valid_from is not None, v.valid_from or date.min))
    open_ended = [v for v in ordered if v.valid_to is None]
    return (open_ended or ordered)[-1].text


def _version(line: VersionLine) -> VersionRecord:
    return VersionRecord(text=line.text, valid_from=line.valid_from, valid_to=line.valid_to,
                         amended_by=line.amended_by, note=line.note)


def _relation(line: RelationLine) -> RelationRecord:
    return RelationRecord(kind=line.kind, target=line.target, section=line.section,
                          target_section=line.target_section, effective_on=line.effective_on,
                          note=line.note)


FORMAT = ImportFormat(name="jsonl", unit="lines", parse=parse)
