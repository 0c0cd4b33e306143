"""Cutting the lines of a consolidated text into sections, chapters and schedules.

* A section starts at a line "มาตรา N" / "ข้อ N" (Thai digits, "๑๔ ทวิ", "๓/๑"), footnote
  markers glued on ("มาตรา ๒[๑]") set aside, or at a label alone on its line with the number
  opening the next line ("ข้อ\\n๑ ..."; "มาตรา\\n๖  ให้...").  Regulations use ข้อ: the label
  heading more lines is the law's.
* Numbers go up.  A line starting with "มาตรา 33 แห่ง..." inside a section's text does not
  go up and stays text; a number coming back to 1 starts a new *part* (a code follows the
  Act that puts it in force, each numbered from 1).
* Chapter headings (ภาค/ลักษณะ/หมวด/ส่วน, :mod:`importers.structure`) set the chapter path;
  a heading's name on the next line ("หมวด ๑" / "บททั่วไป") is joined to it.
* The countersignature ("ผู้รับสนองพระบรมราชโองการ" and the names after it) ends the last
  section; a line starting with "บัญชี" after it opens a schedule, kept whole with its title.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from lawreg.thai.numbers import SectionNumber

from .krisdika_layout import Line, marker_numbers, strip_markers
from .structure import ChapterPath, chapter_level, clean_heading, match_section_heading

_SIGNATURE_RE = re.compile(
    r"^(?:ผู้รับสนองพระบรมราชโองการ|ผู้รับสนองพระราชโองการ|ผู้รับสนองราชโองการ|ประกาศ\s*ณ\s*วันที่)"
)
_SCHEDULE_RE = re.compile(r"^(?:บัญชี|ตาราง|อัตราค่าธรรมเนียม|พิกัดอัตรา)")
_CHAPTER_NAME_MAX = 120


@dataclass
class SectionDraft:
    label: str
    number: SectionNumber
    line: int
    chapter_path: list[str]
    lines: list[str] = field(default_factory=list)
    markers: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class ScheduleDraft:
    title: str
    line: int
    lines: list[str] = field(default_factory=list)
    markers: list[int] = field(default_factory=list)
    subtitled: bool = False


@dataclass
class Part:
    """Sections numbered in one run, with what stood before the first of them."""

    sections: list[SectionDraft] = field(default_factory=list)
    schedules: list[ScheduleDraft] = field(default_factory=list)
    lead: list[Line] = field(default_factory=list)


def law_label(lines: list[Line]) -> str:
    """"ข้อ" when more lines start with ข้อ N than with มาตรา N, else "มาตรา"."""
    counts: Counter[str] = Counter()
    for index in range(len(lines)):
        heading = heading_at(lines, index)
        if heading is not None:
            counts[heading[0]] += 1
    return "ข้อ" if counts["ข้อ"] > counts["มาตรา"] else "มาตรา"


def heading_at(lines: list[Line], index: int) -> tuple[str, SectionNumber, str, int] | None:
    """(label, number, rest of the text, lines used) when a section starts at ``index``."""
    text = strip_markers(lines[index].text)
    used = 1
    if text in ("มาตรา", "ข้อ") and index + 1 < len(lines):
        text = f"{text} {strip_markers(lines[index + 1].text)}"
        used = 2
    heading = match_section_heading(text)
    if heading is None or heading.range_end is not None:
        return None
    return heading.label, heading.number, text[heading.end:].strip(), used


def cut_parts(lines: list[Line], label: str, *, chapters: bool = True, excerpt: bool = False) -> list[Part]:
    """The parts of ``lines`` (usually one), each with its sections and schedules.

    ``excerpt``: the lines hold chosen sections (an appended amending instrument prints only
    some of its own, "มาตรา ๒" then "มาตรา ๑๐"), so numbers may jump ahead freely."""
    parts = [Part()]
    path = ChapterPath()
    current: SectionDraft | ScheduleDraft | None = None
    signed = False
    candidates = {i: h for i in range(len(lines)) if (h := heading_at(lines, i)) is not None and h[0] == label}
    if _set_apart(lines, candidates):
        candidates = {i: h for i, h in candidates.items() if not _runs_on(lines, i)}
    next_of = _next_candidates(sorted(candidates))
    index = 0
    while index < len(lines):
        line = lines[index]
        text = strip_markers(line.text)
        heading = candidates.get(index)
        part = parts[-1]
        if heading is not None and _goes_up(part, heading[1], restart=signed) and (
            excerpt or not _stray_jump(part, heading[1], candidates.get(next_of.get(index, -1)))
        ):
            name, number, rest, used = heading
            if part.sections and number.base == 1 and not number.suffix and number.slash is None:
                part = Part()
                parts.append(part)
            markers = [m for offset in range(used) for m in marker_numbers(lines[index + offset].text)]
            current = SectionDraft(name, number, line.number, path.path(), [rest] if rest else [], markers)
            part.sections.append(current)
            signed = False
            index += used
            continue
        if chapters and chapter_level(text) is not None and not isinstance(current, ScheduleDraft):
            heading_text = text
            name_line = strip_markers(lines[index + 1].text) if index + 1 < len(lines) else ""
            if _is_chapter_name(heading_text, name_line, lines, index):
                heading_text = f"{heading_text} {name_line}"
                index += 1
            path.enter(heading_text)
            index += 1
            continue
        if _SIGNATURE_RE.match(text):
            signed = True
            current = None
            path = ChapterPath()  # a code printed after its Act has chapters of its own
            index += 1
            continue
        if _opens_schedule(text, current, signed):
            current = ScheduleDraft(clean_heading(text), line.number, [], marker_numbers(line.text))
            part.schedules.append(current)
            index += 1
            continue
        if isinstance(current, ScheduleDraft) and not current.subtitled and len(text) <= _CHAPTER_NAME_MAX:
            current.title = clean_heading(f"{current.title} {text}")  # "บัญชี ก." / "อัตราค่าธรรมเนียม"
            current.subtitled = True
            current.markers.extend(marker_numbers(line.text))
            index += 1
            continue
        if current is None:
            if not part.sections and not signed:
                part.lead.append(line)
        else:
            current.lines.append(line.text if isinstance(current, ScheduleDraft) else text)
            current.markers.extend(marker_numbers(line.text))
        index += 1
    return [part for part in parts if part.sections or part.schedules]


def _opens_schedule(text: str, current: SectionDraft | ScheduleDraft | None, signed: bool) -> bool:
    """After the countersignature a "บัญชี..." / "อัตราค่าธรรมเนียม..." line opens a schedule;
    inside the schedules only a short "บัญชี ..." line opens the next one."""
    if isinstance(current, ScheduleDraft):
        return text.startswith("บัญชี") and len(text) < 80
    return signed and _SCHEDULE_RE.match(text) is not None


def _goes_up(part: Part, number: SectionNumber, *, restart: bool) -> bool:
    """A heading continues the numbering, or after a countersignature restarts it at 1;
    anything else ("มาตรา ๑ แห่ง..." opening a line of text) is text."""
    if not part.sections:
        return True
    if restart and number.base == 1 and not number.suffix and number.slash is None:
        return True
    return number.sort_key > part.sections[-1].number.sort_key


def _set_apart(lines: list[Line], candidates: dict[int, tuple[str, SectionNumber, str, int]]) -> bool:
    """Whether the text sets its sections apart with blank lines (nine in ten do or more)."""
    apart = sum(lines[i].after_gap for i in candidates)
    return len(candidates) >= 5 and apart >= 0.9 * len(candidates)


def _runs_on(lines: list[Line], index: int) -> bool:
    """In a text whose sections stand apart, a "มาตรา N" line glued to the line before it
    (no blank line between, no non-breaking space after the number) continues that line's
    text: "...ให้ผู้มีหน้าที่ยื่นรายการตามมาตรา" / "มาตรา ๕๗ ทวิ และมาตรา ๕๗ ตรี ยื่นรายการ...".
    A line of footnote markers, a chapter heading or a label alone may stand right before a
    heading; a label alone or a number alone on its line is one."""
    line = lines[index]
    if index == 0 or line.after_gap or line.set_off or _number_alone(line) or line.text in ("มาตรา", "ข้อ"):
        return False
    before = strip_markers(lines[index - 1].text).strip()
    return bool(before) and before not in ("มาตรา", "ข้อ") and chapter_level(before) is None


def _number_alone(line: Line) -> bool:
    """"มาตรา ๑๐๙/๒" and nothing else on the line: a heading, whatever stands before it."""
    heading = match_section_heading(strip_markers(line.text))
    return heading is not None and not strip_markers(line.text)[heading.end:].strip()


def _next_candidates(indexes: list[int]) -> dict[int, int]:
    return dict(zip(indexes, indexes[1:], strict=False))


def _stray_jump(part: Part, number: SectionNumber, after: tuple[str, SectionNumber, str, int] | None) -> bool:
    """A number jumping ahead is text unless the next heading continues right after it:
    "มาตรา ๕๓ มาตรา ๕๔ ... มาใช้บังคับ" opening a line of section 3 เตรส, "มาตรา ๙๑๗ ..." citing
    the Civil Code inside section 45, "มาตรา ๔๗ มาตรา ๖๑ ... ของรัฐธรรมนูญ" in a preamble before
    section 1.  A real gap (sections repealed as a range) is followed by its successor."""
    previous = part.sections[-1].number.base if part.sections else 0
    if number.base <= previous + 1 or after is None:
        return False
    follows = after[1].sort_key > number.sort_key and after[1].base <= number.base + 1
    return not follows


def _is_chapter_name(heading: str, following: str, lines: list[Line], index: int) -> bool:
    """The next line names the chapter when the heading has no name of its own and the next
    line is short and neither a section nor another chapter heading."""
    if not following or len(following) > _CHAPTER_NAME_MAX:
        return False
    match = re.match(r"^\S+\s*[0-9๐-๙/]+(?:\s*(?:ทวิ|ตรี|จัตวา))?$", heading)
    if match is None:
        return False
    return heading_at(lines, index + 1) is None and chapter_level(following) is None
