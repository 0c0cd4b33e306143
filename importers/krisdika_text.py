"""The Office of the Council of State's consolidated texts (``krisdika-texts/<sysid>.txt``).

One law per file, named by its ``sysid``.  :mod:`importers.krisdika_layout` cuts a file into
header, principal text, appended amending instruments and footnotes;
:mod:`importers.krisdika_sections` cuts text into sections; :mod:`importers.krisdika_history`
turns the footnotes into dated versions; :mod:`importers.krisdika_registry` matches the laws
to the registry (the catalogue's ``source_id``) and gives the instruments their keys.

* **The principal law** gets its sections (chapter paths, footnote markers set aside), its
  schedules (kept as the law's schedule sections, see :func:`schedule_sections`) and its own
  Gazette reference.  A file that does not read as a law (no type and title, or no section)
  is rejected with the reason.
* **Each appended instrument** becomes a law of its own: title, type, B.E. year, Gazette
  reference and date, its own (transitional) sections; it ``amends`` the principal law from
  its Gazette date, and ``repeals`` each section it repealed.
* A code printed after the Act that puts it in force (numbering restarting at มาตรา ๑
  after the countersignature) is the principal law; the Act before it becomes a law of
  its own too.
"""

from __future__ import annotations

import re
from pathlib import Path

from lawreg.known_laws import clean_title
from lawreg.records import LawRecord, SectionRecord
from lawreg.thai.gazette import is_gazette_reference, parse_gazette_ref
from lawreg.thai.normalize import normalize, normalize_source

from .base import ImportFormat, ImportReport
from .krisdika_history import AMENDED, Change, read_change
from .krisdika_law import KrisdikaLaw, SectionHistory, instrument_year, law_type_of
from .krisdika_layout import (
    INSTRUMENT_TYPES,
    Footnote,
    InstrumentBlock,
    Line,
    is_reasons_heading,
    marker_numbers,
    set_off_lines,
    source_lines,
    split_layout,
    strip_markers,
)
from .krisdika_registry import reconcile
from .krisdika_sections import Part, SectionDraft, cut_parts, law_label
from .reading import DEFAULT_MAX_LINE_BYTES, read_text
from .structure import status_of

SOURCE = "krisdika"
_FORMULA_RE = re.compile(r"^(?:ในพระปรมาภิไธย|ไนพระปรมาภิไธย|โดยที่|ภูมิพลอดุลยเดช|ตราไว้|ให้ไว้|เป็นปีที่|คณะ)")
_YEAR_WORD_RE = re.compile(r"(?:พ\.\s*ศ\.|พุทธศักราช|พุทธสักราช)\s*[0-9๐-๙]{4}")





def parse(path: Path, report: ImportReport, *, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> list[LawRecord]:
    name = str(path)
    source = read_text(path, max_line_bytes)
    text = normalize_source(source)
    lines = source_lines(text, set_off_lines(source))
    reason = not_a_law(text, lines)
    if reason is not None:
        report.read += 1
        report.refuse(name, lines[0].number if lines else None, "file", reason)
        return []
    layout = split_layout(lines)
    report.read += 1
    law_type, title = read_header(layout.header)
    label = law_label(layout.principal)
    parts = cut_parts(layout.principal, label)
    sysid = path.stem
    principal = KrisdikaLaw(
        key=f"krisdika-{sysid}", title=title, law_type=law_type, year_be=instrument_year(title),
        source=SOURCE, source_id=sysid, origin=(name, layout.header[0].number if layout.header else 1),
        role="principal", sysid=sysid,
    )
    records: list[LawRecord] = [principal]
    if not parts:
        report.warn(name, principal.origin[1] if principal.origin else None, "sections",
                    "no section (no line starts with \"มาตรา N\" or \"ข้อ N\"): the law is imported "
                    "without sections")
        set_first_gazette(principal, [m for line in layout.header for m in marker_numbers(line.text)],
                          layout.footnotes)
        return records
    for part in parts[:-1]:
        records.extend(promulgation_record(part, principal, layout.footnotes, name, report))
    fill_principal(principal, parts[-1], layout.header, layout.footnotes, name, report)
    if principal.gazette_ref is None and len(records) > 1:  # a code: published with its Act
        principal.gazette_ref, principal.published_on = records[1].gazette_ref, records[1].published_on
    for block in layout.instruments:
        record = instrument_record(block, layout.footnotes, principal, name, report)
        if record is not None:
            records.append(record)
    return records


def not_a_law(text: str, lines: list[Line]) -> str | None:
    """Why the file is not a law, or ``None``."""
    if not lines:
        return "is empty: no law to import"
    first = lines[0].text
    if first.startswith(INSTRUMENT_TYPES):
        return None
    hint = ""
    if mis_encoded(text):
        hint = " Its Thai text is mis-encoded (UTF-8 read as Windows-874): it is not a law text."
    english = next((line.text for line in lines if line.text.isascii() and len(line.text) > 20), None)
    if english:
        hint += f" It says: {english[:120]!r}."
    return (
        f"is not a law: it starts with {first[:60]!r}, not with the type and title of a law "
        f"(พระราชบัญญัติ, พระราชกำหนด, ประมวล..., ประกาศ...).{hint}"
    )


def mis_encoded(text: str) -> bool:
    """True when the text is UTF-8 Thai that was decoded as Windows-874 ("เนเธกเน...")."""
    sample = "".join(ch for ch in text[:2000] if not ch.isspace() and not ch.isascii())
    if len(sample) < 10:
        return False
    raw = bytearray()
    for char in sample:
        try:
            raw += char.encode("cp874")
        except UnicodeEncodeError:  # bytes Windows-874 leaves undefined pass through as U+0080..U+00FF
            if ord(char) > 0xFF:
                return False
            raw.append(ord(char))
    try:
        repaired = bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return len(repaired) < len(sample)


def read_header(header: list[Line]) -> tuple[str | None, str]:
    """(type, title) of the header: the type line (often printed twice), the title lines and
    the year, stopping at the enactment formula or the preamble."""
    texts = [strip_markers(line.text) for line in header]
    if len(texts) > 1 and texts[0] == texts[1]:
        texts = texts[1:]
    title_lines: list[str] = []
    for text in texts[:5]:
        if title_lines and _FORMULA_RE.match(text):
            break
        title_lines.append(text)
        if _YEAR_WORD_RE.search(text):
            break
    title = ""
    for text in title_lines:
        glue = "" if title in INSTRUMENT_TYPES or not title else " "
        title = f"{title}{glue}{text}"
    title = clean_title(normalize(title.replace("พุทธสักราช", "พุทธศักราช")))
    return law_type_of(title), title


def fill_principal(
    record: KrisdikaLaw, part: Part, header: list[Line], footnotes: dict[int, Footnote],
    name: str, report: ImportReport,
) -> None:
    """Sections, schedules, history and Gazette reference of the principal law."""
    record.sections, record.histories = sections_of(part, footnotes, name, report)
    schedules, histories = schedule_sections(part, record.sections, footnotes)
    record.sections.extend(schedules)
    record.histories.extend(histories)
    markers = [m for line in header for m in marker_numbers(line.text)]
    markers += [m for section in part.sections for m in section.markers]
    set_first_gazette(record, markers, footnotes)


def set_first_gazette(record: LawRecord, markers: list[int], footnotes: dict[int, Footnote]) -> None:
    """The law's own Gazette reference: the first marked footnote that is one."""
    gazette = next((footnotes[m] for m in sorted(markers) if m in footnotes
                    and is_gazette_reference(footnotes[m].text)), None)
    if gazette is not None:
        set_gazette(record, gazette)


def set_gazette(record: LawRecord, footnote: Footnote) -> None:
    ref = parse_gazette_ref(footnote.text)
    if ref is not None:
        record.gazette_ref = ref.display()
        record.published_on = ref.published_on


def sections_of(
    part: Part, footnotes: dict[int, Footnote], name: str, report: ImportReport
) -> tuple[list[SectionRecord], list[SectionHistory]]:
    sections: list[SectionRecord] = []
    histories: list[SectionHistory] = []
    for draft in part.sections:
        text = normalize(draft.text)
        sections.append(SectionRecord(
            number=draft.number.canonical, text=text, label=draft.label,
            chapter_path=list(draft.chapter_path), status=status_of(text),
        ))
        changes = section_changes(draft, footnotes, name, report)
        if changes:
            histories.append(SectionHistory(draft.number.canonical, changes))
    return sections, histories


def section_changes(
    draft: SectionDraft, footnotes: dict[int, Footnote], name: str, report: ImportReport
) -> list[Change]:
    changes: list[Change] = []
    for marker in draft.markers:
        footnote = footnotes.get(marker)
        if footnote is None:
            report.warn(name, draft.line, f"{draft.label} {draft.number.canonical}",
                        f"footnote marker [{marker}] has no footnote")
            continue
        change = read_change(footnote.text)
        if change is not None:
            changes.append(change)
    return changes


def schedule_sections(
    part: Part, sections: list[SectionRecord], footnotes: dict[int, Footnote]
) -> tuple[list[SectionRecord], list[SectionHistory]]:
    """Schedules as sections labelled "บัญชี", numbered after the last section (N+1, N+2, ...
    so they sort after the law's text), the schedule's title as their heading.  An item
    added or repealed by an instrument ("บัญชี ข. ๒๕. เพิ่มโดยกฎกระทรวง ...") amends the
    schedule."""
    last = max((int(s.number.split("/")[0].split()[0]) for s in sections), default=0)
    records: list[SectionRecord] = []
    histories: list[SectionHistory] = []
    for index, draft in enumerate(part.schedules):
        number = str(last + index + 1)
        records.append(SectionRecord(number=number, text=normalize("\n".join(draft.lines)),
                                     heading=draft.title, label="บัญชี"))
        changes = [Change(AMENDED, change.target, change.instrument) for marker in draft.markers
                   if marker in footnotes and (change := read_change(footnotes[marker].text))]
        if changes:
            histories.append(SectionHistory(number, changes))
    return records, histories


def instrument_record(
    block: InstrumentBlock, footnotes: dict[int, Footnote], principal: KrisdikaLaw,
    name: str, report: ImportReport,
) -> KrisdikaLaw | None:
    """The law an appended instrument is: title, type, year, Gazette reference, sections."""
    title = clean_title(normalize(" ".join(strip_markers(line.text) for line in block.title_lines)
                                  .replace("พุทธสักราช", "พุทธศักราช").lstrip("*")))
    body = block.body
    end = next((i for i in range(len(body)) if is_reasons_heading(body, i)), len(body))
    label = law_label(body[:end])
    parts = cut_parts(body[:end], label, chapters=False, excerpt=True)
    sections: list[SectionRecord] = []
    seen: set[str] = set()
    for part in parts:
        for draft in part.sections:
            if draft.number.canonical in seen:
                report.warn(name, draft.line, "sections", f"{title}: {draft.label} {draft.number.canonical} "
                            "appears again in the same appended instrument; the first is kept")
                continue
            seen.add(draft.number.canonical)
            text = normalize(draft.text)
            sections.append(SectionRecord(number=draft.number.canonical, text=text, label=draft.label,
                                          status=status_of(text)))
    record = KrisdikaLaw(
        key="", title=title, law_type=law_type_of(title), year_be=instrument_year(title),
        source=SOURCE, sections=sections, origin=(name, block.title_lines[0].number),
        role="instrument", amends=principal.key,
    )
    set_gazette(record, footnotes[block.marker])
    return record


def promulgation_record(
    part: Part, principal: KrisdikaLaw, footnotes: dict[int, Footnote], name: str, report: ImportReport,
) -> list[LawRecord]:
    """The Act that puts a code in force, printed before it: a law of its own, titled by
    the header (the file's title is the Act's; the code is the catalogue's law)."""
    sections, _ = sections_of(part, footnotes, name, report)
    record = KrisdikaLaw(
        key="", title=principal.title, law_type=law_type_of(principal.title),
        year_be=principal.year_be, source=SOURCE, sections=sections,
        origin=principal.origin, role="promulgation", amends=principal.key,
    )
    set_first_gazette(record, [m for d in part.sections for m in d.markers], footnotes)
    return [record]


FORMAT = ImportFormat(
    name="krisdika-text",
    unit="files",
    parse=parse,
    folder_pattern="*.txt",
    reconcile=reconcile,
)
