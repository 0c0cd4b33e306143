"""The statute book (``krisdika/law_catalog.csv`` + ``krisdika-texts/``) as law records.

The catalogue gives every law's key, title, type and year (lawreg's own catalogue parser);
the texts give sections.  When lawreg has the ``krisdika-text`` importer the benchmarks use
it; without it, :func:`raw_sections` reads the principal sections with a plain heading
parser (a line ``มาตรา N``, up to the first "หมายเหตุ"): enough to tell one section from
another, not a substitute for the importer's amendment history.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

from importers.base import ImportReport
from importers.krisdika_catalog import parse as parse_catalogue
from lawreg.records import LawRecord, SectionRecord
from lawreg.thai.numbers import SectionNumberError, parse_section_number

SECTION_LINE = re.compile(
    r"^\s*มาตรา\s*([0-9๐-๙]+(?:\s*/\s*[0-9๐-๙]+)?(?:\s*(?:ทวิ|ตรี|จัตวา|เบญจ|ฉ|สัตต|อัฏฐ|นว|ทศ))?)"
    r"\s*(?:\[[0-9๐-๙]+\])?\s*(?:$|\s)")


def raw_sections(path: Path) -> list[tuple[str, str]]:
    """(canonical number, text) of the principal law's section headings, in order; a
    number met twice keeps its first text."""
    text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    sections: list[tuple[str, list[str]]] = []
    for line in text.split("\n"):
        if line.strip().startswith("หมายเหตุ"):
            break
        match = SECTION_LINE.match(line.replace("\xa0", " "))
        number = None
        if match:
            try:
                number = parse_section_number(match.group(1)).canonical
            except SectionNumberError:
                number = None
        if number is not None:
            sections.append((number, [line.strip()]))
        elif sections and line.strip():
            sections[-1][1].append(line.strip())
    unique: dict[str, str] = {}
    for number, lines in sections:
        unique.setdefault(number, " ".join(lines))
    return list(unique.items())


def unique_numbers(path: Path) -> list[str]:
    """The section numbers that head exactly one section (the query set cites only those)."""
    text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    numbers: list[str] = []
    for line in text.split("\n"):
        if line.strip().startswith("หมายเหตุ"):
            break
        match = SECTION_LINE.match(line.replace("\xa0", " "))
        if match:
            try:
                numbers.append(parse_section_number(match.group(1)).canonical)
            except SectionNumberError:
                continue
    counts = Counter(numbers)
    return [n for n in dict.fromkeys(numbers) if counts[n] == 1]


def catalogue_records(shared: Path) -> list[LawRecord]:
    """The catalogue's laws, keyed as ``lawreg import krisdika-catalog`` keys them."""
    return parse_catalogue(shared / "krisdika" / "law_catalog.csv", ImportReport("krisdika-catalog"))


def statute_records(shared: Path) -> list[LawRecord]:
    """The catalogue's laws, with the sections of those that have a text file."""
    records = catalogue_records(shared)
    by_sysid = {record.source_id: record for record in records if record.source_id}
    for path in sorted((shared / "krisdika-texts").glob("*.txt")):
        record = by_sysid.get(path.stem)
        if record is not None:
            sections = raw_sections(path)
            if sections:
                record.sections = [SectionRecord(number=n, text=t) for n, t in sections]
    return records


def rekeyed(records: list[LawRecord], seed: int = 7) -> tuple[list[LawRecord], dict[str, str]]:
    """The same laws under unrelated keys ("law-0412") and without stored abbreviations, as
    if imported from canonical JSONL by someone else: old key → new key."""
    order = list(range(len(records)))
    random.Random(seed).shuffle(order)
    mapping: dict[str, str] = {}
    for record, number in zip(records, order, strict=True):
        mapping[record.key] = f"law-{number:04d}"
        record.key = mapping[record.key]
        record.abbreviations = []
        record.title_en = None
    return records, mapping
