"""Sections of the consolidated texts in ``krisdika-texts`` for measuring the screening.

The labelled set of the statute book (``tests/fixtures/screening_statute``) names sections
by ``krisdika-<sysid>`` and canonical number; the evaluation reads their text here straight
from the raw files, so the set and the benchmark need no database.  Only what screening
needs is read: the principal law's sections (the text before the first ``หมายเหตุ``, so
the appended amending instruments are left out), and for each section the year of the
latest instrument its footnotes say amended or added it.  The registry's own reading of
these files is the ``krisdika-text`` importer; this reader is deliberately small and is
held to the same section numbers by the labelled-set test.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..known_laws import find_by_title
from ..thai.digits import to_arabic_digits
from ..thai.numbers import SectionNumberError, parse_section_number
from .rules import repeal_clause_titles

_NUMBER = r"[0-9๐-๙]+(?:/[0-9๐-๙]+)?(?:[ \t]*(?:ทวิ|ตรี|จัตวา|เบญจ|ฉ|สัตต|อัฏฐ|นว|ทศ))?"
_SECTION_RE = re.compile(rf"^[ \t]*มาตรา\s*({_NUMBER})((?:\[[0-9๐-๙]+\])*)(?=\s)", re.M)
_NOTES_RE = re.compile(r"^[ \t\u00a0]*หมายเหตุ", re.M)
_MARKER_RE = re.compile(r"\[([0-9๐-๙]+)\]")
_FOOTNOTE_RE = re.compile(r"^[ \t\u00a0]*\[([0-9๐-๙]+)\]", re.M)
_AMENDING_RE = re.compile(r"(?:แก้ไขเพิ่มเติมโดย|เพิ่มโดย|ยกเลิกโดย)")
_YEAR_RE = re.compile(r"(?:พ\.\s*ศ\.|พุทธศักราช)\s*([0-9๐-๙]{4})")


@dataclass(frozen=True)
class StatuteSection:
    number: str
    text: str
    amended_year_be: int | None


@dataclass(frozen=True)
class StatuteLaw:
    key: str
    title: str
    law_type: str
    year_be: int | None
    sections: tuple[StatuteSection, ...]


def _normal(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")


def _footnotes(tail: str) -> dict[str, str]:
    starts = list(_FOOTNOTE_RE.finditer(tail))
    notes: dict[str, str] = {}
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(tail)
        notes[to_arabic_digits(match.group(1))] = " ".join(tail[match.end() : end].split())
    return notes


def _amendment_year(note: str) -> int | None:
    if not _AMENDING_RE.search(note):
        return None
    years = [int(to_arabic_digits(y)) for y in _YEAR_RE.findall(note)]
    return max(years) if years else None


def read_sections(text: str) -> list[StatuteSection]:
    """The principal sections of one consolidated text, in file order; a number that
    appears twice keeps its first text (later ones are quotations in schedules)."""
    text = _normal(text)
    notes_at = _NOTES_RE.search(text)
    principal = text[: notes_at.start()] if notes_at else text
    notes = _footnotes(text[notes_at.start() :] if notes_at else "")
    heads = list(_SECTION_RE.finditer(principal))
    sections: dict[str, StatuteSection] = {}
    for index, head in enumerate(heads):
        end = heads[index + 1].start() if index + 1 < len(heads) else len(principal)
        try:
            number = parse_section_number(" ".join(head.group(1).split())).canonical
        except SectionNumberError:
            continue
        body = principal[head.start() : end]
        years = [
            year
            for marker in _MARKER_RE.findall(body)
            if (year := _amendment_year(notes.get(to_arabic_digits(marker), ""))) is not None
        ]
        clean = _MARKER_RE.sub("", body).strip()
        sections.setdefault(number, StatuteSection(number, clean, max(years) if years else None))
    return list(sections.values())


@cache
def catalogue_rows(data: Path) -> dict[str, tuple[str, str]]:
    """sysid → (title, law type) from ``krisdika/law_catalog.csv``."""
    rows: dict[str, tuple[str, str]] = {}
    with (data / "krisdika" / "law_catalog.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.setdefault(row["sysid"].strip(), (" ".join(row["title"].split()), row["law_type"].strip()))
    return rows


def _year_of(title: str) -> int | None:
    match = _YEAR_RE.search(title)
    return int(to_arabic_digits(match.group(1))) if match else None


@cache
def read_law(data: Path, sysid: str) -> StatuteLaw:
    """One law of ``krisdika-texts`` under the key the catalogue importer gives it."""
    title, law_type = catalogue_rows(data).get(sysid, ("", ""))
    known = find_by_title(title) if title else None
    key = known.key if known else f"krisdika-{sysid}"
    text = (data / "krisdika-texts" / f"{sysid}.txt").read_text(encoding="utf-8", errors="replace")
    return StatuteLaw(key, title, law_type, _year_of(title), tuple(read_sections(text)))


def statute_section(data: Path, law_key: str, number: str) -> tuple[StatuteLaw, StatuteSection] | None:
    """The law and section named by a ``krisdika-<sysid>`` key and canonical number."""
    if not law_key.startswith("krisdika-"):
        return None
    law = read_law(data, law_key.removeprefix("krisdika-"))
    for section in law.sections:
        if section.number == number:
            return law, section
    return None


@cache
def repealed_titles(data: Path) -> dict[str, str]:
    """Titles named in the repeal clauses of every law of ``krisdika-texts`` → the title
    itself (these laws are not in the statute book, so they have no key)."""
    titles: dict[str, str] = {}
    for path in sorted((data / "krisdika-texts").glob("*.txt")):
        for section in read_law(data, path.stem).sections:
            for title in repeal_clause_titles(section.text):
                titles.setdefault(title, title)
    return titles
