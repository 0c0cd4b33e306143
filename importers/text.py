"""One law from running text: a plain-text file (pages separated by form feeds) or the
pages a PDF yields (:mod:`importers.pdf`).

The key and title come from the user (``--key``, ``--title``; optional ``--type``,
``--year``, else the year in the title).  The text is cleaned, then cut into sections:

* **Layout.**  Running headers and footers — a line that, digits aside, recurs at the top or
  bottom of at least half the pages ("LAW 3154   31" / "32  LAW 3154") — and lone
  page-number lines ("- 12 -", "๑๒", "หน้า 3") are removed, as are blank lines.  Thai has no
  hyphenation and no way to tell a wrapped line from a new paragraph, so line breaks inside a
  section are kept as they are; only the breaks the layout made (the header, footer and blank
  lines between pages) disappear, and an English word hyphenated across lines is joined.
* **Sections** start at a line beginning with "มาตรา N" or "ข้อ N" (Thai or Arabic digits,
  ทวิ/ตรี/..., N/M).  A document citing both uses the label that heads more lines; lines
  starting with the other are text.  The rest of the heading line is the section's first
  line.  Lines before the first section (title, preamble) are left out and reported.
* **Chapters.**  Lines starting with บรรพ/ภาค/ลักษณะ/หมวด/ส่วน + number (or "บทเฉพาะกาล")
  set the chapter path of the sections after them and are not part of any section's text.
* **Repeats.**  A heading that repeats the section just read ("มาตรา 4 วรรค 1" then "มาตรา 4
  วรรค 2" in commentary) continues that section and is reported; the same number coming back
  later means the text is not one law's sections in order, and the law is rejected.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import NotRequired, TypedDict, Unpack

from lawreg.errors import ImportRejected
from lawreg.records import LawRecord, SectionRecord
from lawreg.thai.years import normalise_year_be, year_from_title

from .base import ImportFormat, ImportReport
from .reading import DEFAULT_MAX_LINE_BYTES, read_text
from .structure import SECTION_HEADING_RE, ChapterPath, match_section_heading, status_of

EDGE_LINES = 3
_PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:(?:หน้า|page)\s*)?[-–—]?\s*[0-9๐-๙]{1,4}\s*[-–—]?\s*(?:/\s*[0-9๐-๙]{1,4}\s*)?$",
    re.IGNORECASE,
)
_DIGITS_RE = re.compile(r"[0-9๐-๙]+")
_LETTERS_RE = re.compile(r"[^\W\d_]", re.UNICODE)
_HYPHENATED_RE = re.compile(r"[A-Za-z]-$")


@dataclass(frozen=True)
class Line:
    """A line of cleaned text and where it was: page (1-based) and line within the source."""

    page: int
    number: int
    text: str

    def where(self, paged: bool) -> str:
        return f"page {self.page}, line {self.number}" if paged else f"line {self.number}"


@dataclass
class SectionDraft:
    label: str
    number: str
    start: Line
    chapter_path: list[str]
    lines: list[str] = field(default_factory=list)


class GivenLaw(TypedDict):
    """What the user says of a law whose text does not: ``--key``, ``--title`` and,
    optionally, ``--type`` and ``--year`` (else the year in the title)."""

    key: str
    title: str
    law_type: NotRequired[str | None]
    year: NotRequired[int | None]


def parse(
    path: Path,
    report: ImportReport,
    *,
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
    **law: Unpack[GivenLaw],
) -> list[LawRecord]:
    pages = read_text(path, max_line_bytes).split("\f")
    return law_from_pages(str(path), pages, report, source="text", paged=len(pages) > 1, **law)


def law_from_pages(
    name: str,
    pages: list[str],
    report: ImportReport,
    *,
    source: str,
    paged: bool,
    **law: Unpack[GivenLaw],
) -> list[LawRecord]:
    """The law the pages hold, or none when it is rejected (reported)."""
    title = law["title"]
    year = law.get("year")
    if year is not None:
        try:
            year = normalise_year_be(year)
        except ValueError as error:
            raise ImportRejected(name, None, "year", str(error)) from None
    lines = clean_pages(pages)
    sections = split_sections(name, lines, report, paged=paged)
    if sections is None:
        return []
    if not sections:
        report.reject(
            name, None, "sections",
            "no section found: no line starts with \"มาตรา N\" or \"ข้อ N\"",
        )
        return []
    return [LawRecord(
        key=law["key"],
        title=title,
        law_type=law.get("law_type"),
        year_be=year if year is not None else year_from_title(title),
        source=source,
        source_id=Path(name).name,
        sections=sections,
        origin=(name, 1),
    )]


def clean_pages(pages: list[str]) -> list[Line]:
    """Lines without running headers/footers, page numbers and blank lines."""
    split = [page.split("\n") for page in pages]
    running = running_lines(split)
    cleaned: list[Line] = []
    for page_index, page_lines in enumerate(split):
        edges = edge_indexes(page_lines)
        for index, raw in enumerate(page_lines):
            text = raw.rstrip()
            number = index + 1
            if not text.strip() or _PAGE_NUMBER_RE.match(text):
                continue
            if index in edges and layout_key(text) in running and not SECTION_HEADING_RE.match(text):
                continue
            if cleaned and _HYPHENATED_RE.search(cleaned[-1].text) and text.lstrip()[:1].islower():
                previous = cleaned.pop()
                cleaned.append(Line(previous.page, previous.number, previous.text[:-1] + text.lstrip()))
                continue
            cleaned.append(Line(page_index + 1, number, text.strip()))
    return cleaned


def layout_key(line: str) -> str:
    """A line with its digits taken out: "LAW 3154   31" and "32  LAW 3154" → "LAW"."""
    return " ".join(_DIGITS_RE.sub(" ", line).split())


def edge_indexes(lines: list[str]) -> set[int]:
    """Indexes of the first and last few non-blank lines of a page, where headers live."""
    filled = [index for index, line in enumerate(lines) if line.strip()]
    return set(filled[:EDGE_LINES]) | set(filled[-EDGE_LINES:])


def running_lines(pages: list[list[str]]) -> set[str]:
    """Layout keys that recur at the edges of at least half of the pages (two at least).
    A section heading is never taken for one, however alike two short sections look."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        keys = {
            layout_key(lines[index])
            for index in edge_indexes(lines)
            if not SECTION_HEADING_RE.match(lines[index])
        }
        seen.update(key for key in keys if len(_LETTERS_RE.findall(key)) >= 2)
    needed = max(2, math.ceil(len(pages) / 2))
    return {key for key, count in seen.items() if count >= needed}


def chosen_label(lines: list[Line]) -> str:
    """The label that heads more lines; a regulation's "ข้อ" vs an Act's "มาตรา"."""
    counts = Counter(
        match.group("label") for line in lines if (match := SECTION_HEADING_RE.match(line.text))
    )
    if counts.get("ข้อ", 0) > counts.get("มาตรา", 0):
        return "ข้อ"
    return "มาตรา"


def split_sections(name: str, lines: list[Line], report: ImportReport, *, paged: bool) -> list[SectionRecord] | None:
    """Cut ``lines`` into sections; ``None`` when a repeated number makes the law unusable."""
    label = chosen_label(lines)
    chapters = ChapterPath()
    drafts: list[SectionDraft] = []
    seen: dict[str, Line] = {}
    preamble = 0
    for line in lines:
        heading = match_section_heading(line.text)
        if heading is not None and heading.label == label and heading.range_end is None:
            number = heading.number.canonical
            rest = line.text[heading.end:].strip()
            current = drafts[-1] if drafts else None
            if current is not None and current.number == number:
                report.warn(
                    name, None, line.where(paged),
                    f"{line.text[:40]!r} repeats {label} {number} just read; kept as part of it",
                )
                current.lines.append(line.text)
                continue
            if number in seen:
                report.read += 1
                report.reject(
                    name, None, f"{line.where(paged)}, {label} {number}",
                    f"{label} {number} appears twice (also {seen[number].where(paged)}): the text "
                    "does not hold one law's sections in order",
                )
                return None
            report.read += 1
            seen[number] = line
            drafts.append(SectionDraft(label, number, line, chapters.path(), [rest] if rest else []))
            continue
        if chapters.enter(line.text):
            continue
        if drafts:
            drafts[-1].lines.append(line.text)
        else:
            preamble += 1
    if preamble and drafts:
        report.warn(
            name, None, drafts[0].start.where(paged),
            f"{preamble} lines before the first section (title, preamble) are not imported",
        )
    return [
        SectionRecord(
            number=draft.number,
            text="\n".join(draft.lines),
            label=draft.label,
            chapter_path=draft.chapter_path,
            status=status_of("\n".join(draft.lines)),
        )
        for draft in drafts
    ]


FORMAT = ImportFormat(
    name="text",
    unit="sections",
    parse=parse,
    options=("key", "title", "law_type", "year"),
)
