"""A law as the consolidated-text importer reads it, before the registry step: the record
plus its role in the file and its footnoted section histories; and the two facts read off an
instrument's title (its B.E. year and type) that both steps need."""

from __future__ import annotations

from dataclasses import dataclass, field

from lawreg.models import LawType
from lawreg.records import LawRecord
from lawreg.thai.dates import thai_dates
from lawreg.thai.years import own_year_from_title

from .krisdika_history import Change

_LAW_TYPES = sorted((t.value for t in LawType), key=len, reverse=True)
_TYPE_ALIASES = {"ประมวล": LawType.CODE.value, "ประกาศ": LawType.ANNOUNCEMENT.value}


@dataclass
class SectionHistory:
    """A principal section's footnoted changes, resolved to dated versions once every file
    of the import is read (an instrument's date may come from another file)."""

    number: str
    changes: list[Change]


@dataclass
class KrisdikaLaw(LawRecord):
    """A law read from a consolidated text, with what the registry step still needs."""

    role: str = "principal"  # principal | instrument | promulgation
    sysid: str | None = None
    histories: list[SectionHistory] = field(default_factory=list)
    amends: str | None = None  # provisional key of the principal law it amends (puts in force)
    matched_by: str = "header"  # how the registry step found the law: sysid | title | header


def instrument_year(title: str) -> int | None:
    """The B.E. year of a title: its own year (:func:`own_year_from_title`), else the year of
    the date it carries ("คำสั่ง... ฉบับที่ ๔๑ ลงวันที่ ๒๑ ตุลาคม ๒๕๑๙" → 2519)."""
    year = own_year_from_title(title)
    if year is None:
        dates = thai_dates(title)
        year = dates[-1][2] if dates else None
    return year


def law_type_of(title: str) -> str | None:
    for value in _LAW_TYPES:
        if title.startswith(value):
            return value
    for prefix, value in _TYPE_ALIASES.items():
        if title.startswith(prefix):
            return value
    return None
