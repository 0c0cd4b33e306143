"""Stable identities for well-known laws, so every source names the same work the same way.

The four codes, the Constitution and the Acts of ``thai-law-sections`` reach lawreg from
several sources under different names ("pppp", "civil_and_commercial_code", the catalogue's
"ประมวลกฎหมายแพ่งและพาณิชย์ (ฉบับ Update ล่าสุด)").  Importers resolve them here to one key,
so importing the sources in any order yields one law, not three.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from .thai.digits import to_arabic_digits


@dataclass(frozen=True)
class KnownLaw:
    key: str
    title: str
    title_en: str
    law_type: str
    year_be: int | None
    abbreviations: tuple[str, ...] = field(default_factory=tuple)
    source_keys: tuple[str, ...] = field(default_factory=tuple)


_EDITORIAL_RE = re.compile(r"\(\s*ฉบับ\s*update\s*ล่าสุด\s*\)", re.IGNORECASE)
_SPACE_RE = re.compile(r"\s+")
_YEAR_RE = re.compile(r"\s*(?:พ\.\s*ศ\.|พุทธศักราช)\s*\d{4}\s*$")


def clean_title(title: str) -> str:
    """Drop the catalogue's editorial "(ฉบับ Update ล่าสุด)" and normalise spaces and digits."""
    text = _EDITORIAL_RE.sub(" ", to_arabic_digits(title))
    text = re.sub(r"(พ\.\s*ศ\.)\s*(\d)", r"พ.ศ. \2", text)
    return _SPACE_RE.sub(" ", text).strip()


def title_match_key(title: str) -> str:
    """A key for matching titles: cleaned, without spaces, "พ.ศ." and "พุทธศักราช" unified."""
    text = clean_title(title).replace("พุทธศักราช", "พ.ศ.")
    return text.replace(" ", "")


@cache
def known_laws() -> tuple[KnownLaw, ...]:
    raw = json.loads(files("lawreg.data").joinpath("known_laws.json").read_text(encoding="utf-8"))
    return tuple(
        KnownLaw(
            key=item["key"],
            title=item["title"],
            title_en=item["title_en"],
            law_type=item["type"],
            year_be=item.get("year_be"),
            abbreviations=tuple(item.get("abbreviations", [])),
            source_keys=tuple(item.get("source_keys", [])),
        )
        for item in raw
    )


@cache
def _by_title() -> dict[str, KnownLaw]:
    table: dict[str, KnownLaw] = {}
    for law in known_laws():
        table[title_match_key(law.title)] = law
        table[title_match_key(_YEAR_RE.sub("", law.title))] = law
    return table


def find_by_title(title: str) -> KnownLaw | None:
    """The known law whose title this is, with or without year or editorial notes."""
    return _by_title().get(title_match_key(title))


def find_by_source_key(source_key: str) -> KnownLaw | None:
    """The known law a source's own identifier ("pppp", "criminal_code") stands for."""
    for law in known_laws():
        if source_key in law.source_keys:
            return law
    return None
