"""Selected sections of Acts and codes (``thai-law-sections/*.json``).

Shape: ``{"<law_key>": [{"id": "มาตรา 5" | "ข้อ 5", "title": "...", "content":
{"paragraphs": [{"id", "content", "subsections": [{"id", "content", "subsections"?}] |
null}]}}]}``.  The law is found by ``<law_key>`` in the known-laws table (fallback key: the
source key with hyphens, titled after it).  A section's text is its paragraphs, one per line,
each subsection as a "(id) content" line under its paragraph; the label (มาตรา or ข้อ) comes
from the id and the heading is the ``title``.

**Merge policy.**  These are *excerpts*: paragraph and item numbers skip ("คำนิยาม" quoting
three definitions of twelve), and the same sections arrive in full from the codes.  So this
importer only ADDS sections the law does not have yet; a section already stored is left
alone.  When the stored text does not contain the excerpt (compared line by line, spacing
ignored) the difference is reported as a warning and the stored, fuller text is kept — an
excerpt never overwrites a complete source, and importing the sources in any order gives
the same registry.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import select

from lawreg.known_laws import find_by_source_key
from lawreg.models import Law, Section
from lawreg.records import LawRecord, SectionRecord
from lawreg.services import UnitOfWork
from lawreg.thai.normalize import fold_for_matching
from lawreg.thai.numbers import parse_section_number

from .base import ImportFormat, ImportReport
from .reading import DEFAULT_MAX_LINE_BYTES, load_json

_SPACES_RE = re.compile(r"\s+")


def parse(path: Path, report: ImportReport, *, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> list[LawRecord]:
    name = str(path)
    data = load_json(path, max_line_bytes)
    if not isinstance(data, dict) or not data:
        report.reject(name, None, None, "the file must hold a JSON object mapping a law key to its sections")
        return []
    records = []
    for source_key, items in data.items():
        if not isinstance(items, list):
            report.reject(name, None, source_key, "must be a list of sections")
            continue
        known = find_by_source_key(source_key)
        sections = [
            section
            for index, item in enumerate(items)
            if (section := parse_section(name, f"{source_key}[{index}]", item, report)) is not None
        ]
        records.append(
            LawRecord(
                key=known.key if known else source_key.strip().replace("_", "-").lower(),
                title=known.title if known else source_key.replace("_", " ").strip(),
                title_en=known.title_en if known else None,
                law_type=known.law_type if known else None,
                year_be=known.year_be if known else None,
                abbreviations=list(known.abbreviations) if known else [],
                source=None if known else "thai-law-sections",
                source_id=None if known else source_key,
                sections=sections,
                origin=(name, 1),
            )
        )
    return records


def parse_section(name: str, where: str, item: Any, report: ImportReport) -> SectionRecord | None:
    report.read += 1
    if not isinstance(item, dict):
        report.reject(name, None, where, "must be an object")
        return None
    raw_id, title, content = item.get("id"), item.get("title"), item.get("content")
    if not isinstance(raw_id, str | int) or isinstance(raw_id, bool):
        report.reject(name, None, f"{where}.id", "is missing: expected \"มาตรา 5\" or \"ข้อ 5\"")
        return None
    try:
        number = parse_section_number(raw_id)
    except ValueError as error:
        report.reject(name, None, f"{where}.id", str(error))
        return None
    if not isinstance(title, str | None):
        report.reject(name, None, f"{where}.title", "must be a string")
        return None
    paragraphs = content.get("paragraphs") if isinstance(content, dict) else None
    if not isinstance(paragraphs, list):
        report.reject(name, None, f"{where}.content.paragraphs", "is missing or not a list")
        return None
    lines: list[str] = []
    for pindex, paragraph in enumerate(paragraphs):
        problem = paragraph_lines(paragraph, f"{where}.content.paragraphs[{pindex}]", lines, nested=False)
        if problem:
            report.reject(name, None, *problem)
            return None
    return SectionRecord(
        number=number.canonical,
        label=number.label,
        text="\n".join(lines),
        heading=" ".join(title.split()) or None if title else None,
    )


def paragraph_lines(item: Any, where: str, lines: list[str], *, nested: bool) -> tuple[str, str] | None:
    """Append the lines of a paragraph (or subsection, written "(id) content") and of its
    subsections; return ``(field, reason)`` when the item is malformed."""
    if not isinstance(item, dict) or not isinstance(item.get("content"), str):
        return f"{where}.content", "must be an object with a string 'content'"
    content = item["content"].strip()
    lines.append(f"({item.get('id')}) {content}" if nested else content)
    subsections = item.get("subsections")
    if subsections is None:
        return None
    if not isinstance(subsections, list):
        return f"{where}.subsections", "must be a list or null"
    for index, sub in enumerate(subsections):
        problem = paragraph_lines(sub, f"{where}.subsections[{index}]", lines, nested=True)
        if problem:
            return problem
    return None


def keep_missing_sections(uow: UnitOfWork, records: list[LawRecord], report: ImportReport) -> None:
    """Drop from ``records`` the sections the registry already holds (see the module doc)."""
    keys = [record.key for record in records]
    stored: dict[str, dict[str, str]] = {}
    rows = uow.session.execute(
        select(Law.key, Section).join(Section, Section.law_id == Law.id).where(Law.key.in_(keys))
    )
    for key, stored_section in rows:
        stored.setdefault(key, {})[stored_section.number] = stored_section.text
    existing = {key: title for key, title in uow.session.execute(select(Law.key, Law.title).where(Law.key.in_(keys)))}
    for record in records:
        if record.key in existing and record.source is not None:
            # A law not in the known-laws table keeps the title it has (perhaps edited since).
            record.title = existing[record.key]
        have = stored.get(record.key, {})
        missing = []
        for section in record.sections or []:
            text = have.get(section.number)
            if text is None:
                missing.append(section)
            elif not is_excerpt_of(section.text, text):
                file, _ = record.origin or (report.format, None)
                report.warn(
                    file, None, f"{section.label} {section.number}",
                    f"differs from the text already stored for {record.key}; the stored "
                    "(fuller) text is kept",
                )
        record.sections = missing


def is_excerpt_of(excerpt: str, full: str) -> bool:
    """True when every line of ``excerpt`` occurs in ``full``, ignoring whitespace, Thai vs
    Arabic digits and encoding variants ("มาตรา ๖๔๓" is "มาตรา 643")."""
    haystack = _comparable(full)
    return all(_comparable(line) in haystack for line in excerpt.split("\n") if line.strip())


def _comparable(text: str) -> str:
    return _SPACES_RE.sub("", fold_for_matching(text))


FORMAT = ImportFormat(
    name="thai-law-sections",
    unit="sections",
    parse=parse,
    folder_pattern="*.json",
    reconcile=keep_missing_sections,
    merge_abbreviations=True,
)
