"""Canonical JSONL: one law per line, the inverse of :func:`lawreg.records.law_to_json`.

Fields (only ``key`` and ``title`` are required)::

    key, title, title_en, type, year_be, agency ("ministry > department"), group (a string
    or a list), status, source_url, abbreviations, enacted_on / published_on / commenced_on
    (ISO dates), gazette_ref, source, source_id,
    sections: [{number, label?, heading?, chapter?, status?,
                text | versions: [{text, valid_from?, valid_to?, amended_by?, note?}]}],
    relations: [{kind, target, section?, target_section?, date?, note?}]

Types are checked strictly and every problem names its line and field path
("sections[3].number").  Unknown fields are refused rather than silently dropped, so an
import is never lossy.  The file is streamed line by line under the line-size limit; a line
that is not JSON at all (truncated, malformed) aborts the import as a file-level problem.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from lawreg.models import LawStatus, RelationKind, SectionStatus
from lawreg.records import LawRecord, RelationRecord, SectionRecord, VersionRecord
from lawreg.thai.numbers import parse_section_number
from lawreg.thai.years import normalise_year_be

from .base import ImportFormat, ImportReport
from .reading import DEFAULT_MAX_LINE_BYTES, iter_lines, json_error

LAW_FIELDS = {
    "key", "title", "title_en", "type", "year_be", "agency", "group", "status", "source_url",
    "abbreviations", "enacted_on", "published_on", "commenced_on", "gazette_ref", "source",
    "source_id", "sections", "relations",
}
SECTION_FIELDS = {"number", "label", "heading", "chapter", "status", "text", "versions"}
VERSION_FIELDS = {"text", "valid_from", "valid_to", "amended_by", "note"}
RELATION_FIELDS = {"kind", "target", "section", "target_section", "date", "note"}
LAW_STATUSES = sorted(s.value for s in LawStatus)
SECTION_STATUSES = sorted(s.value for s in SectionStatus)
RELATION_KINDS = sorted(k.value for k in RelationKind)


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
    """A :class:`LawRecord` from one canonical JSON object; raises :class:`FieldError`."""
    obj = _object(data, "law", LAW_FIELDS)
    groups = obj.get("group")
    if isinstance(groups, str):
        groups = [groups]
    year = obj.get("year_be")
    if year is not None:
        if isinstance(year, bool) or not isinstance(year, int):
            raise FieldError("year_be", f"must be an integer Buddhist-Era year, not {year!r}")
        try:
            year = normalise_year_be(year)
        except ValueError as error:
            raise FieldError("year_be", str(error)) from None
    status = _optional_str(obj, "status", "status")
    if status is not None and status not in LAW_STATUSES:
        raise FieldError("status", f"{status!r} is not one of {LAW_STATUSES}")
    sections = obj.get("sections")
    return LawRecord(
        key=_required_str(obj, "key", "key"),
        title=_required_str(obj, "title", "title"),
        title_en=_optional_str(obj, "title_en", "title_en"),
        law_type=_optional_str(obj, "type", "type"),
        year_be=year,
        agency=_optional_str(obj, "agency", "agency"),
        subject_groups=_str_list(groups, "group"),
        status=status,
        abbreviations=_str_list(obj.get("abbreviations"), "abbreviations"),
        enacted_on=_date(obj.get("enacted_on"), "enacted_on"),
        published_on=_date(obj.get("published_on"), "published_on"),
        commenced_on=_date(obj.get("commenced_on"), "commenced_on"),
        gazette_ref=_optional_str(obj, "gazette_ref", "gazette_ref"),
        source=_optional_str(obj, "source", "source"),
        source_id=_optional_str(obj, "source_id", "source_id"),
        source_url=_optional_str(obj, "source_url", "source_url"),
        sections=None if sections is None else [
            _section(item, f"sections[{i}]") for i, item in enumerate(_list(sections, "sections"))
        ],
        relations=[
            _relation(item, f"relations[{i}]")
            for i, item in enumerate(_list(obj.get("relations", []), "relations"))
        ],
    )


def _section(data: Any, path: str) -> SectionRecord:
    obj = _object(data, path, SECTION_FIELDS)
    raw_number = obj.get("number")
    if isinstance(raw_number, bool) or not isinstance(raw_number, int | str):
        raise FieldError(f"{path}.number", "is required: a section number such as \"277 ทวิ\" or 5")
    try:
        number = parse_section_number(raw_number).canonical
    except ValueError as error:
        raise FieldError(f"{path}.number", str(error)) from None
    status = _optional_str(obj, "status", f"{path}.status") or "in_force"
    if status not in SECTION_STATUSES:
        raise FieldError(f"{path}.status", f"{status!r} is not one of {SECTION_STATUSES}")
    has_text, has_versions = "text" in obj, "versions" in obj
    if has_text == has_versions:
        raise FieldError(path, "needs either 'text' or 'versions' (exactly one of them)")
    versions = None
    if has_versions:
        versions = [_version(v, f"{path}.versions[{i}]") for i, v in enumerate(_list(obj["versions"], f"{path}.versions"))]
        if not versions:
            raise FieldError(f"{path}.versions", "is empty")
        text = current_text(versions)
    else:
        text = _required_str(obj, "text", f"{path}.text", allow_empty=True)
    return SectionRecord(
        number=number,
        text=text,
        heading=_optional_str(obj, "heading", f"{path}.heading"),
        label=_optional_str(obj, "label", f"{path}.label") or "มาตรา",
        chapter_path=_str_list(obj.get("chapter"), f"{path}.chapter"),
        status=status,
        versions=versions,
    )


def current_text(versions: list[VersionRecord]) -> str:
    """The text in force now, chosen as :attr:`lawreg.models.Section.current_version` does."""
    ordered = sorted(versions, key=lambda v: (v.valid_from is not None, v.valid_from or date.min))
    open_ended = [v for v in ordered if v.valid_to is None]
    return (open_ended or ordered)[-1].text


def _version(data: Any, path: str) -> VersionRecord:
    obj = _object(data, path, VERSION_FIELDS)
    version = VersionRecord(
        text=_required_str(obj, "text", f"{path}.text", allow_empty=True),
        valid_from=_date(obj.get("valid_from"), f"{path}.valid_from"),
        valid_to=_date(obj.get("valid_to"), f"{path}.valid_to"),
        amended_by=_optional_str(obj, "amended_by", f"{path}.amended_by"),
        note=_optional_str(obj, "note", f"{path}.note"),
    )
    if version.valid_from and version.valid_to and version.valid_to <= version.valid_from:
        raise FieldError(f"{path}.valid_to", "must be after valid_from")
    return version


def _relation(data: Any, path: str) -> RelationRecord:
    obj = _object(data, path, RELATION_FIELDS)
    kind = _required_str(obj, "kind", f"{path}.kind")
    if kind not in RELATION_KINDS:
        raise FieldError(f"{path}.kind", f"{kind!r} is not one of {RELATION_KINDS}")
    return RelationRecord(
        kind=kind,
        target=_required_str(obj, "target", f"{path}.target"),
        section=_section_ref(obj.get("section"), f"{path}.section"),
        target_section=_section_ref(obj.get("target_section"), f"{path}.target_section"),
        effective_on=_date(obj.get("date"), f"{path}.date"),
        note=_optional_str(obj, "note", f"{path}.note"),
    )


def _section_ref(value: Any, path: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise FieldError(path, "must be a section number")
    try:
        return parse_section_number(value).canonical
    except ValueError as error:
        raise FieldError(path, str(error)) from None


def _object(data: Any, path: str, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise FieldError(path, f"must be a JSON object, not {type(data).__name__}")
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise FieldError(f"{path}.{unknown[0]}" if path != "law" else unknown[0], "is not a known field")
    return data


def _required_str(obj: dict[str, Any], name: str, path: str, *, allow_empty: bool = False) -> str:
    value = obj.get(name)
    if not isinstance(value, str):
        raise FieldError(path, "is required" if value is None else f"must be a string, not {type(value).__name__}")
    if not allow_empty and not value.strip():
        raise FieldError(path, "is empty")
    return value


def _optional_str(obj: dict[str, Any], name: str, path: str) -> str | None:
    value = obj.get(name)
    if value is not None and not isinstance(value, str):
        raise FieldError(path, f"must be a string, not {type(value).__name__}")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise FieldError(path, f"must be a list, not {type(value).__name__}")
    return value


def _str_list(value: Any, path: str) -> list[str]:
    if value is None:
        return []
    items = _list(value, path)
    for index, item in enumerate(items):
        if not isinstance(item, str):
            raise FieldError(f"{path}[{index}]", f"must be a string, not {type(item).__name__}")
    return list(items)


def _date(value: Any, path: str) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise FieldError(path, "must be an ISO date string (YYYY-MM-DD)")
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise FieldError(path, f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


FORMAT = ImportFormat(name="jsonl", unit="lines", parse=parse)
