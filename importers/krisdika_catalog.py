"""The Office of the Council of State's catalogue (``krisdika/law_catalog.csv``).

Columns: ``title,law_url,sub_law_url,sysid,law_group,law_type`` — metadata only, no text.

* Key: a known law (:func:`lawreg.known_laws.find_by_title`) keeps its stable key and its
  known title, type and year; any other law is ``krisdika-<sysid>`` with the title cleaned of
  "(ฉบับ Update ล่าสุด)" and stray spaces and the year read from the title.
* **Cross-listings.**  The catalogue lists a law once per subject group: the same sysid on
  several rows with different ``law_group``.  They are merged into one law with several
  subject groups, and each extra row is reported as a warning naming both rows — never
  dropped, never silently overwritten.
* **Editions.**  Some laws appear under two sysids with the same title: the original
  enactment and the consolidated "(ฉบับ Update ล่าสุด)" text.  They are one law; the
  consolidated entry gives its sysid and URL, and the merge is reported as a warning.
* Rows missing ``sysid`` or ``title`` are rejected with their line and field.

The notes of the report reconcile every row: rows read = laws + cross-listed rows + rows of
another edition + rejected rows.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lawreg.errors import ImportRejected
from lawreg.known_laws import clean_title, find_by_title, title_match_key
from lawreg.records import LawRecord
from lawreg.thai.years import year_from_title

from .base import ImportFormat, ImportReport
from .reading import DEFAULT_MAX_LINE_BYTES, iter_lines

REQUIRED_COLUMNS = ("title", "law_url", "sysid", "law_group", "law_type")
SOURCE = "krisdika"
CONSOLIDATED_MARK = "update ล่าสุด"


@dataclass
class CatalogueEntry:
    """One law being assembled from the rows that name it."""

    record: LawRecord
    line: int
    sysid: str
    consolidated: bool
    group_lines: dict[str, int] = field(default_factory=dict)


def parse(path: Path, report: ImportReport, *, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> list[LawRecord]:
    name = str(path)
    lines = iter_lines(path, max_line_bytes)
    csv.field_size_limit(max_line_bytes)
    reader = csv.DictReader(text for _, text in lines)
    header = reader.fieldnames or []
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ImportRejected(
            name, 1, missing[0],
            f"the CSV has no {', '.join(missing)} column (found: {', '.join(header) or 'nothing'}); "
            f"required: {', '.join(REQUIRED_COLUMNS)}",
        )

    by_sysid: dict[str, CatalogueEntry] = {}
    by_identity: dict[str, CatalogueEntry] = {}
    cross_listed = editions = 0
    try:
        rows = list(_numbered_rows(reader))
    except csv.Error as error:
        raise ImportRejected(name, reader.line_num, None, f"malformed CSV: {error}") from None
    for line, row in rows:
        report.read += 1
        sysid = (row.get("sysid") or "").strip()
        title = (row.get("title") or "").strip()
        group = " ".join((row.get("law_group") or "").split())
        if not sysid:
            report.reject(name, line, "sysid", "is empty")
            continue
        if not title:
            report.reject(name, line, "title", "is empty")
            continue
        entry = by_sysid.get(sysid)
        if entry is not None:
            cross_listed += 1
            if entry.record.title != _record_title(title) and find_by_title(title) is None:
                report.warn(name, line, "title", f"sysid {sysid} has another title here than on line {entry.line}; the first is kept")
            _add_group(entry, group, line, name, report, why=f"sysid {sysid} is cross-listed")
            continue

        record = _record(row, sysid, title, name, line)
        identity = _identity(record)
        consolidated = CONSOLIDATED_MARK in title.lower()
        entry = by_identity.get(identity)
        if entry is not None:
            editions += 1
            _merge_edition(entry, record, sysid, consolidated, line, name, report)
            by_sysid[sysid] = entry
            _add_group(entry, group, line, name, report, why=None)
            continue
        entry = CatalogueEntry(record, line, sysid, consolidated)
        by_sysid[sysid] = entry
        by_identity[identity] = entry
        _add_group(entry, group, line, name, report, why=None)

    records = [entry.record for entry in by_identity.values()]
    report.notes.append(
        f"{report.read} rows read, {len(records)} laws, {cross_listed} rows merged as cross-listings, "
        f"{editions} rows merged as another edition of the same law, "
        f"{sum(1 for e in report.errors if e.file == name)} rows rejected"
    )
    return records


def _numbered_rows(reader: csv.DictReader[str]) -> Iterator[tuple[int, dict[str, str]]]:
    for row in reader:
        yield reader.line_num, row


def _record_title(title: str) -> str:
    known = find_by_title(title)
    return known.title if known else clean_title(title)


def _record(row: dict[str, str], sysid: str, title: str, name: str, line: int) -> LawRecord:
    known = find_by_title(title)
    url = (row.get("law_url") or "").strip() or None
    law_type = " ".join((row.get("law_type") or "").split()) or None
    if known is not None:
        return LawRecord(
            key=known.key,
            title=known.title,
            title_en=known.title_en,
            law_type=known.law_type,
            year_be=known.year_be,
            abbreviations=list(known.abbreviations),
            source=SOURCE,
            source_id=sysid,
            source_url=url,
            origin=(name, line),
        )
    cleaned = clean_title(title)
    return LawRecord(
        key=f"krisdika-{sysid}",
        title=cleaned,
        law_type=law_type,
        year_be=year_from_title(cleaned),
        source=SOURCE,
        source_id=sysid,
        source_url=url,
        origin=(name, line),
    )


def _identity(record: LawRecord) -> str:
    """Two catalogue entries are the same law when they resolve to the same known law, or
    have the same title and type."""
    if not record.key.startswith("krisdika-"):
        return record.key
    return f"{record.law_type}|{title_match_key(record.title)}"


def _merge_edition(
    entry: CatalogueEntry, other: LawRecord, sysid: str, consolidated: bool, line: int,
    name: str, report: ImportReport,
) -> None:
    """Fold another edition of the entry's law into it; the consolidated text is the source."""
    previous = entry.sysid
    if consolidated and not entry.consolidated:
        entry.record.source_id, entry.record.source_url = other.source_id, other.source_url
        if entry.record.key.startswith("krisdika-"):
            entry.record.key = other.key
        entry.sysid, entry.consolidated = sysid, True
    report.warn(
        name, line, "sysid",
        f"sysid {sysid} and sysid {previous} (line {entry.line}) have the same title: two "
        f"editions of one law, merged into {entry.record.key} with sysid {entry.sysid} "
        "(the consolidated \"ฉบับ Update ล่าสุด\" entry when there is one) as its source",
    )


def _add_group(
    entry: CatalogueEntry, group: str, line: int, name: str, report: ImportReport, *, why: str | None
) -> None:
    if not group:
        return
    groups = entry.record.subject_groups
    if group in groups:
        if why:
            report.warn(name, line, "law_group", f"{why}: group {group!r} repeats line {entry.group_lines[group]}")
        return
    if why:
        first = min(entry.group_lines.values(), default=entry.line)
        report.warn(
            name, line, "law_group",
            f"{why}: also on line {first} ({groups[0] if groups else 'no group'}); "
            f"merged as another subject group {group!r} of {entry.record.key}",
        )
    groups.append(group)
    entry.group_lines[group] = line


FORMAT = ImportFormat(
    name="krisdika-catalog",
    unit="rows",
    parse=parse,
    merge_abbreviations=True,
)
