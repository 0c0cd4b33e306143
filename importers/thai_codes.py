"""The four Thai codes as published by a law-reader app (``thai-codes/*.json``).

Shape: ``{"id", "shortName", "fullName", "totalSections", "sections": [{"id", "number",
"title", "text"}]}``.  The law is found by the file's ``id`` in the known-laws table
("pppp" → ``civil-commercial-code``; an unknown id becomes ``code-<id>``).

What the real files need, and what this importer does about it:

* ``number`` is an int or a dirty string ("193/8", "335 ทวิ", "277ทวิ"): parsed to the
  canonical number, so "277ทวิ" and "277 ทวิ" are one section.
* ``title`` and ``text`` both start with "มาตรา N": the heading is the title without it,
  the text is the text without it.
* A text ends with the headings of the NEXT part ("…\\nลักษณะ 2 ศาล", "ภาค 2 …\\nลักษณะ 1
  …"): they are cut from the text and kept on a chapter-path stack (ภาค > ลักษณะ > หมวด >
  ส่วน, a higher level resets the lower ones) that becomes the ``chapter_path`` of the
  following sections.  The files never give the opening heading of a code, so the first
  sections have an empty path (reported as a warning).
* A number that appears twice: ``civil-proc-th.json`` lists 83 twice, the second right after
  "83 สัตต" — it is really 83 อัฏฐ.  When the previous record is "N <ordinal>" (or "N/k")
  and the duplicate is N, the next number of the series is inferred, stored, and reported as
  a warning; when nothing can be inferred the record is rejected.
* Repealed sections ("มาตรา 1096/2 (ยกเลิก)", the range "มาตรา 1274 ถึง มาตรา 1297
  (ยกเลิก)" repeated for each of them) get the status ``repealed``; a range text is kept whole.
* A text that starts with another section's number (civil 1096 carries "มาตรา 1096 ทวิ
  (ยกเลิก)") is kept whole and reported.
* Gaps in the numbering (civil 383 and 1288, criminal 373, ...) and a ``totalSections``
  that does not match are reported as warnings: the source lacks them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lawreg.known_laws import find_by_source_key
from lawreg.records import LawRecord, SectionRecord
from lawreg.thai.numbers import SectionNumber, parse_section_number

from .base import ImportFormat, ImportReport
from .reading import DEFAULT_MAX_LINE_BYTES, load_json
from .structure import (
    ChapterPath,
    match_section_heading,
    next_number,
    split_trailing_chapter_headings,
    status_of,
)


def parse(path: Path, report: ImportReport, *, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> list[LawRecord]:
    name = str(path)
    data = load_json(path, max_line_bytes)
    if not isinstance(data, dict):
        report.reject(name, None, None, "the file must hold one JSON object with a 'sections' list")
        return []
    problems = [
        f"'{field}' must be {kind}"
        for field, types, kind in (
            ("id", str, "a string"),
            ("fullName", str, "a string"),
            ("sections", list, "a list"),
        )
        if not isinstance(data.get(field), types)
    ]
    if problems:
        report.reject(name, None, None, "; ".join(problems))
        return []
    source_key = data["id"]
    known = find_by_source_key(source_key)
    record = LawRecord(
        key=known.key if known else f"code-{source_key}",
        title=known.title if known else data["fullName"].strip(),
        title_en=known.title_en if known else None,
        law_type=known.law_type if known else "ประมวลกฎหมาย",
        year_be=known.year_be if known else None,
        abbreviations=abbreviations(known.abbreviations if known else (), data.get("shortName")),
        source=None if known else "thai-codes",
        source_id=None if known else source_key,
        sections=[],
        origin=(name, 1),
    )
    sections = parse_sections(name, data["sections"], report)
    record.sections = sections
    total = data.get("totalSections")
    if isinstance(total, int) and total != len(data["sections"]):
        report.warn(name, None, "totalSections", f"says {total} but the file lists {len(data['sections'])}")
    report_gaps(name, sections, report)
    report.notes.append(f"{Path(name).name}: {len(sections)} sections of {record.key}")
    return [record]


def abbreviations(known: tuple[str, ...] | list[str], short_name: Any) -> list[str]:
    result = list(known)
    if isinstance(short_name, str) and short_name.strip() and short_name.strip() not in result:
        result.append(short_name.strip())
    return result


def parse_sections(name: str, items: list[Any], report: ImportReport) -> list[SectionRecord]:
    sections: list[SectionRecord] = []
    seen: dict[str, int] = {}
    chapters = ChapterPath()
    previous: SectionNumber | None = None
    without_chapter = 0
    for index, item in enumerate(items):
        report.read += 1
        where = f"sections[{index}]"
        if not isinstance(item, dict):
            report.reject(name, None, where, "must be an object")
            continue
        number_value = item.get("number")
        if isinstance(number_value, bool) or not isinstance(number_value, int | str):
            report.reject(name, None, f"{where}.number", "is missing or not a number or string")
            continue
        text, title = item.get("text"), item.get("title")
        if not isinstance(text, str) or not isinstance(title, str | None):
            report.reject(name, None, f"{where}.text", "must be a string (and title a string or null)")
            continue
        try:
            written = parse_section_number(number_value)
        except ValueError as error:
            report.reject(name, None, f"{where}.number", str(error))
            continue
        number = written
        if written.canonical in seen:
            inferred = next_number(previous) if previous and previous.base == written.base else None
            first = seen[written.canonical]
            if (previous is None or inferred is None or inferred.canonical in seen
                    or written.suffix or written.slash):
                report.reject(
                    name, None, f"{where}.number",
                    f"section {written.canonical} appears twice (also sections[{first}]) and the "
                    "number it stands for cannot be inferred",
                )
                continue
            number = inferred
            report.warn(
                name, None, f"{where}.number",
                f"section {written.canonical} appears twice (also sections[{first}], id "
                f"{item.get('id')!r}); it follows {previous.canonical}, so it is stored as "
                f"{number.canonical}",
            )
        seen[number.canonical] = index
        previous = number

        body, status = section_text(name, where, written, text, report)
        body, next_headings = split_trailing_chapter_headings(body)
        path = chapters.path()
        if not path:
            without_chapter += 1
        sections.append(
            SectionRecord(
                number=number.canonical,
                text=body,
                heading=section_heading(written, title),
                chapter_path=path,
                status=status,
            )
        )
        for heading in next_headings:
            chapters.enter(heading)
    if chapters.levels and without_chapter:
        report.warn(
            name, None, "sections",
            f"the first {without_chapter} sections have no chapter heading in the source "
            "(it omits the opening part headings); their chapter path is empty",
        )
    return sections


def section_text(
    name: str, where: str, number: SectionNumber, text: str, report: ImportReport
) -> tuple[str, str]:
    """The text without its leading "มาตรา N", and the section's status."""
    heading = match_section_heading(text)
    if heading is None:
        return text.strip(), status_of(text)
    if heading.range_end is not None:
        whole = " ".join(text.split())
        inside = heading.number.sort_key <= number.sort_key <= heading.range_end.sort_key
        if not inside:
            report.warn(name, None, f"{where}.text", f"starts with {whole[:60]!r}, a range without section {number.canonical}")
        return whole, "repealed" if whole.endswith("(ยกเลิก)") else "in_force"
    if heading.number.canonical != number.canonical:
        report.warn(
            name, None, f"{where}.text",
            f"starts with {heading.written!r} but the record's number is {number.canonical}; "
            "the text may belong to another section and is kept whole",
        )
        return text.strip(), "in_force"
    body = text[heading.end:].strip()
    return body, status_of(body)


def section_heading(number: SectionNumber, title: str | None) -> str | None:
    """The marginal heading: the title without its leading "มาตรา N"."""
    if not title:
        return None
    heading = match_section_heading(title)
    if heading is not None and heading.number.canonical == number.canonical and heading.range_end is None:
        title = title[heading.end:]
    return " ".join(title.split()) or None


def report_gaps(name: str, sections: list[SectionRecord], report: ImportReport) -> None:
    bases = sorted({parse_section_number(s.number).base for s in sections})
    for low, high in zip(bases, bases[1:], strict=False):
        if high - low > 1:
            missing = ", ".join(str(n) for n in range(low + 1, high))
            report.warn(name, None, "sections", f"no section {missing} between {low} and {high}: the source lacks it")


FORMAT = ImportFormat(
    name="thai-codes",
    unit="sections",
    parse=parse,
    folder_pattern="*.json",
    merge_abbreviations=True,
)
