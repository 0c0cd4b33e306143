"""The parts of a consolidated text of the Office of the Council of State.

A file (``krisdika-texts/<sysid>.txt``) reads, top to bottom: the header (type, title, year,
enactment formula, preamble); the principal law's sections, chapter headings between them
and its schedules after the countersignature; then, after the principal text, the amending
instruments in force, each opening with its title and a footnote marker that points to its
Gazette reference ("พระราชบัญญัติการพนัน\\n(ฉบับที่ ๒) พุทธศักราช ๒๔๘๒[๑๕]") and followed by
its own sections and its reasons ("หมายเหตุ :- เหตุผล..."); then the editors' sign-off
("วิภา/ปรับปรุง"); and last the footnotes, one per marker ("[๑๕] ราชกิจจานุเบกษา ...").

:func:`split_layout` cuts the lines into those parts; nothing here decides what a part means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lawreg.thai.digits import to_arabic_digits
from lawreg.thai.gazette import is_gazette_reference

from .structure import match_section_heading

MARKER_RE = re.compile(r"\[\s*([0-9๐-๙]{1,4})\s*\]")
_FOOTNOTE_RE = re.compile(r"^\[\s*([0-9๐-๙]{1,4})\s*\]\s*(.*)$")
# The editors' sign-off: "วิภา/ปรับปรุง", "พัชรินทร์/เนติมา/ฐาปนี  จัดทำ" — Thai words and slashes.
_EDITOR_RE = re.compile(r"^[\u0e01-\u0e4e.() ]{1,60}(?:/[\u0e01-\u0e4e.() ]{1,60})+$")
_DATE_ONLY_RE = re.compile(r"^[0-9๐-๙]{1,2}(?:\s+[\u0e01-\u0e4e.]+\s+|/[0-9๐-๙]{1,2}/)[0-9๐-๙]{4}$")
# "หมายเหตุ :-", "หมายเหตุ:-", "หมายเหตุ" then ":-" on the next line: the reasons for enactment.
_REASONS_RE = re.compile(r"^หมายเหตุ\s*(?::\s*-|$)")
INSTRUMENT_TYPES = (
    "พระราชบัญญัติ", "พระราชกำหนด", "พระราชกฤษฎีกา", "ประกาศ", "กฎกระทรวง", "คำสั่ง",
    "ประมวล", "รัฐธรรมนูญ", "ระเบียบ", "ข้อบังคับ", "พระธรรมนูญ",
)
MAX_TITLE_LINES = 6
_LINE_BREAK_RE = re.compile(r"\r\n?|\n")  # as :func:`lawreg.thai.normalize.normalize_source` counts lines
_SET_OFF_RE = re.compile(
    r"^[ \t\u00a0]*(?:มาตรา|ข้อ)[ \t\u00a0]*[0-9๐-๙]+(?:[ \t]*/[ \t]*[0-9๐-๙]+)?"
    r"(?:[ \t]*[\u0e01-\u0e4e]+)?(?:[ \t]*/[ \t]*[0-9๐-๙]+)?(?:\[[ \t]*[0-9๐-๙]+[ \t]*\])*[ \t]*\u00a0"
)


@dataclass(frozen=True)
class Line:
    """A non-blank line: its number in the (normalised) file and its stripped text.

    ``after_gap``: a blank line stands before it.  ``set_off``: the source put a non-breaking
    space after its leading "มาตรา N" — the editors' mark of a section heading, lost once the
    text is normalised."""

    number: int
    text: str
    after_gap: bool = False
    set_off: bool = False


@dataclass
class Footnote:
    number: int
    line: int
    text: str  # the whole body on one line


@dataclass
class InstrumentBlock:
    """An appended instrument: its title lines (markers kept) and the lines after them."""

    title_lines: list[Line]
    marker: int
    body: list[Line] = field(default_factory=list)


@dataclass
class Layout:
    header: list[Line]
    principal: list[Line]
    instruments: list[InstrumentBlock]
    footnotes: dict[int, Footnote]
    principal_reasons: list[Line] = field(default_factory=list)


def marker_numbers(text: str) -> list[int]:
    """The footnote numbers marked in ``text``: "มาตรา ๒[๑]" → [1]."""
    return [int(to_arabic_digits(m)) for m in MARKER_RE.findall(text)]


def strip_markers(text: str) -> str:
    return MARKER_RE.sub("", text)


def source_lines(text: str, set_off: frozenset[int] = frozenset()) -> list[Line]:
    """The non-blank lines of normalised text, stripped, with their 1-based numbers;
    ``set_off``: the numbers of the lines :func:`set_off_lines` found in the source."""
    lines: list[Line] = []
    gap = True
    for index, raw in enumerate(text.split("\n")):
        if raw.strip():
            lines.append(Line(index + 1, raw.strip(), gap, index + 1 in set_off))
        gap = not raw.strip()
    return lines


def set_off_lines(source: str) -> frozenset[int]:
    """The numbers of the lines whose leading "มาตรา N" (footnote markers included) is
    followed by a non-breaking space in ``source`` (the text before normalisation)."""
    return frozenset(index + 1 for index, raw in enumerate(_LINE_BREAK_RE.split(source))
                     if _SET_OFF_RE.match(raw))


def split_layout(lines: list[Line]) -> Layout:
    """Header, principal text, appended instruments and footnotes of a file's lines."""
    body, footnotes = split_footnotes(lines)
    body = drop_sign_off(body)
    first = next((i for i, line in enumerate(body) if match_section_heading(strip_markers(line.text))
                  or _label_alone(body, i)), len(body))
    header, rest = body[:first], body[first:]
    end = principal_end(rest, footnotes)
    principal, appended = rest[:end], rest[end:]
    reasons: list[Line] = []
    instruments: list[InstrumentBlock] = []
    starts = instrument_starts(appended, footnotes)
    if starts and starts[0][0] > 0:
        reasons = appended[: starts[0][0]]
    elif not starts:
        reasons = appended
    for index, (start, title_count, marker) in enumerate(starts):
        stop = starts[index + 1][0] if index + 1 < len(starts) else len(appended)
        block = InstrumentBlock(appended[start : start + title_count], marker)
        block.body = appended[start + title_count : stop]
        instruments.append(block)
    return Layout(header, principal, instruments, footnotes, reasons)


def split_footnotes(lines: list[Line]) -> tuple[list[Line], dict[int, Footnote]]:
    """Cut the footnotes off the end: they start at the last line "[๑] ..." that begins a
    run of footnotes numbered 1, 2, 3, ..."""
    starts = [i for i, line in enumerate(lines) if (m := _FOOTNOTE_RE.match(line.text))
              and int(to_arabic_digits(m.group(1))) == 1]
    if not starts:
        return lines, {}
    start = starts[-1]
    footnotes: dict[int, Footnote] = {}
    current: Footnote | None = None
    for line in lines[start:]:
        match = _FOOTNOTE_RE.match(line.text)
        number = int(to_arabic_digits(match.group(1))) if match else None
        if match and number is not None and number not in footnotes:
            current = Footnote(number, line.number, match.group(2).strip())
            footnotes[number] = current
        elif current is not None:
            current.text = f"{current.text} {line.text}".strip()
    return lines[:start], footnotes


def drop_sign_off(lines: list[Line]) -> list[Line]:
    """Lines without the editors' trailing sign-off (names/roles and dates before the notes)."""
    end = len(lines)
    while end > 0 and (_EDITOR_RE.match(lines[end - 1].text) or _DATE_ONLY_RE.match(lines[end - 1].text)):
        end -= 1
    if end < len(lines) and not any(_EDITOR_RE.match(line.text) for line in lines[end:]):
        return lines  # dates alone are text (e.g. a schedule), not a sign-off
    return lines[:end]


def principal_end(lines: list[Line], footnotes: dict[int, Footnote]) -> int:
    """Index of the first line after the principal text: its reasons ("หมายเหตุ :-") or the
    title of the first appended instrument, whichever comes first."""
    for index in range(len(lines)):
        if is_reasons_heading(lines, index) and not code_follows(lines, index, footnotes):
            return index
        found = title_ending_at(lines, index, footnotes)
        if found is not None:
            return found[0]
    return len(lines)


def code_follows(lines: list[Line], index: int, footnotes: dict[int, Footnote]) -> bool:
    """True when the reasons at ``index`` are those of the Act that puts a code in force and
    the code itself follows ("ประมวลกฎหมายอาญา" ... "มาตรา ๑"), before any appended instrument."""
    code_title = False
    for later in range(index + 1, len(lines)):
        if title_ending_at(lines, later, footnotes) is not None:
            return False
        text = strip_markers(lines[later].text)
        code_title = code_title or text.startswith("ประมวล")
        heading = match_section_heading(text)
        if heading is not None:
            number = heading.number
            return code_title and number.base == 1 and not number.suffix and number.slash is None
    return False


def is_reasons_heading(lines: list[Line], index: int) -> bool:
    text = lines[index].text
    if not _REASONS_RE.match(text):
        return False
    if text.rstrip().endswith("-") or "เหตุผล" in text:
        return True
    following = lines[index + 1].text if index + 1 < len(lines) else ""
    return following.startswith(":") or following.startswith("เหตุผล")


def instrument_starts(lines: list[Line], footnotes: dict[int, Footnote]) -> list[tuple[int, int, int]]:
    """(first title line, number of title lines, marker) of each appended instrument."""
    starts: list[tuple[int, int, int]] = []
    for index in range(len(lines)):
        found = title_ending_at(lines, index, footnotes)
        if found is not None and (not starts or found[0] >= starts[-1][0] + starts[-1][1]):
            start, marker = found
            starts.append((start, index - start + 1, marker))
    return starts


def title_ending_at(lines: list[Line], index: int, footnotes: dict[int, Footnote]) -> tuple[int, int] | None:
    """(first line, marker) when ``lines[index]`` ends an instrument's title: it ends with a
    footnote marker whose footnote is a Gazette reference, and it or one of the few lines
    before it starts with the type of an instrument ("พระราชบัญญัติ...", "กฎกระทรวง ...").
    Section headings never end a title (the principal's "มาตรา ๒[๑]" points to its Gazette
    reference too)."""
    text = lines[index].text
    match = re.search(r"\[\s*([0-9๐-๙]{1,4})\s*\]\s*$", text)
    if match is None:
        return None
    marker = int(to_arabic_digits(match.group(1)))
    footnote = footnotes.get(marker)
    if footnote is None or not is_gazette_reference(footnote.text):
        return None
    for start in range(index, max(-1, index - MAX_TITLE_LINES), -1):
        candidate = strip_markers(lines[start].text).lstrip("*").strip()
        if match_section_heading(candidate) or candidate in ("มาตรา", "ข้อ"):
            return None
        if candidate.startswith(INSTRUMENT_TYPES):
            return start, marker
    return None


def _label_alone(lines: list[Line], index: int) -> bool:
    """A label on a line of its own with the number starting the next line ("ข้อ\\n๑ ...")."""
    text = strip_markers(lines[index].text)
    if text not in ("มาตรา", "ข้อ") or index + 1 >= len(lines):
        return False
    return match_section_heading(f"{text} {lines[index + 1].text}") is not None
