"""The amendment history in a consolidated text's footnotes, as dated section versions.

A footnote marker glued to a section ("มาตรา ๑๔ ทวิ[๖]") or inside its text (a definition
added later) points to a footnote saying what happened and by which instrument:
"มาตรา ๑๔ ทวิ เพิ่มโดยพระราชบัญญัติการพนัน (ฉบับที่ ๓) พุทธศักราช ๒๔๘๕" (added),
"... แก้ไขเพิ่มเติมโดย ..." (amended), "... ยกเลิกโดย ..." (repealed).  The instrument is named
by title; its date is the date of its own Gazette reference, found on its appended title.

The source keeps only the current wording, so a section amended on a date gets two kinds of
versions: the current text ``amended_by`` the last instrument from its date, and before each
amendment a version whose wording is *not recorded* (empty text, a note saying so) — the
registry knows the section changed then, not what it said.  A section *added* by an
instrument has no earlier version; a section repealed ("(ยกเลิก)") has a last version
"(ยกเลิก)" from the repeal date and the status ``repealed``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from lawreg.records import VersionRecord

ADDED, AMENDED, REPEALED = "added", "amended", "repealed"
# "แก้ไขเพิ่มเติมโดย", its short forms, "เพิ่มโดย", "ยกเลิกโดย", "เปลี่ยนโดย" (a renamed office).
_ACTION_RE = re.compile(
    r"(?P<action>แก้ไขเพิ่มเติมโดย|แก้เพิ่มเติมโดย|แก้ไขโดย|เพิ่มเติมโดย|เพิ่มโดย|ยกเลิกโดย|เปลี่ยนโดย"
    r"|แก้ไขเพิ่มเติม(?=พระราช|ประกาศ|กฎ))\s*"
)
_ACTIONS = {"เพิ่มโดย": ADDED, "เพิ่มเติมโดย": ADDED, "ยกเลิกโดย": REPEALED}
# "โดยมาตรา ๑๔ แห่งพระราชบัญญัติ..." names the instrument after a section of it.
_OF_SECTION_RE = re.compile(r"^(?:มาตรา|ข้อ)\s*[0-9๐-๙/]+(?:\s*\S+)?\s*แห่ง\s*")
_TITLE_END_RE = re.compile(r"(?:พ\.\s*ศ\.|พุทธศักราช|พุทธสักราช)\s*[0-9๐-๙]{4}")
# What may follow the first year and still be title: the instrument's own year after the year
# of the law it amends ("...เรือไทย พุทธศักราช ๒๔๘๑ พ.ศ. ๒๕๖๒"), or "(ฉบับที่ ๒)" after a year.
# A ministerial regulation is titled "กฎกระทรวง ฉบับที่ ๑๗ (พ.ศ. ๒๕๐๓) ออกตามความใน<Act> <year>".
_TITLE_MORE_RE = re.compile(
    r"\s*(?:(?:พ\.\s*ศ\.|พุทธศักราช|พุทธสักราช)\s*[0-9๐-๙]{4}|\((?:ฉบับ|ฉะบับ)ที่\s*[0-9๐-๙]+\)|\)"
    r"|ออกตามความใน.*?(?:พ\.\s*ศ\.|พุทธศักราช|พุทธสักราช)\s*[0-9๐-๙]{4})"
)
NOT_RECORDED = "ถ้อยคำก่อนการแก้ไขไม่ได้บันทึกไว้ในแหล่งข้อมูล (earlier wording not recorded in the source)"


@dataclass(frozen=True)
class Change:
    """What one footnote says: ``action`` on ``target`` ("มาตรา ๑๔ ทวิ") by the instrument titled
    ``instrument``."""

    action: str
    target: str
    instrument: str


@dataclass(frozen=True)
class Event:
    """A change applied to a section: the instrument's key and date."""

    action: str
    key: str
    on: date | None


def read_change(text: str) -> Change | None:
    """The change a footnote describes, or ``None`` (a Gazette reference, an editor's note)."""
    match = _ACTION_RE.search(text)
    if match is None:
        return None
    instrument = text[match.end():].strip()
    instrument = _OF_SECTION_RE.sub("", instrument.removeprefix("โดย").strip())  # "...โดยโดยพระราช..."
    end = _TITLE_END_RE.search(instrument)
    if end is not None:
        stop = end.end()
        while (more := _TITLE_MORE_RE.match(instrument, stop)) is not None:
            stop = more.end()
        instrument = instrument[:stop]
    instrument = " ".join(instrument.split()).strip(" .,")
    if not instrument:
        return None
    action = _ACTIONS.get(match.group("action"), AMENDED)
    return Change(action, " ".join(text[: match.start()].split()), instrument)


def versions_for(text: str, events: list[Event], *, repealed: bool) -> list[VersionRecord]:
    """The dated versions of a section whose current ``text`` results from ``events``."""
    ordered = sorted(events, key=lambda e: (e.on or date.min, e.key))
    unique: list[Event] = []
    for event in ordered:
        if unique and (unique[-1].key == event.key or event.on is not None and unique[-1].on == event.on):
            # the same instrument twice, or two on one day: one change, the later one's text
            event = event if unique[-1].action != ADDED else Event(ADDED, event.key, event.on)
            unique[-1] = event
            continue
        unique.append(event)
    versions: list[VersionRecord] = []
    if unique[0].action != ADDED:
        versions.append(VersionRecord(text="", valid_to=unique[0].on, note=NOT_RECORDED))
    for index, event in enumerate(unique):
        last = index == len(unique) - 1
        versions.append(
            VersionRecord(
                text=text if last else "",
                valid_from=event.on,
                valid_to=None if last else unique[index + 1].on,
                amended_by=event.key,
                note=None if last else NOT_RECORDED,
            )
        )
    if repealed and versions[-1].text.strip() == "":
        versions[-1].text = text
    return versions
