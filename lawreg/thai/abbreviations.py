"""Abbreviations of Thai legal writing, and their expansion.

Thai legal text abbreviates with dotted initials ("พ.ร.บ.", "ป.พ.พ.", "ม. 420") and dotless
acronyms ("ครม.", "รธน.").  A search for "พระราชบัญญัติ" should find "พ.ร.บ.", and the
segmenter must keep "ป.วิ.อ." as one token rather than "ป." + "วิ." + "อ.".  Abbreviations
that name a particular law come from :mod:`lawreg.known_laws` (one table for the whole
project); the general ones are listed here.
"""

from __future__ import annotations

import re
from functools import cache

from ..known_laws import known_laws

# Abbreviation → expansion, for words that are not the name of one particular law.
GENERAL_ABBREVIATIONS: dict[str, str] = {
    "พ.ร.บ.": "พระราชบัญญัติ",
    "พ.ร.ก.": "พระราชกำหนด",
    "พ.ร.ฎ.": "พระราชกฤษฎีกา",
    "กฎ ก.": "กฎกระทรวง",
    "ครม.": "คณะรัฐมนตรี",
    "รธน.": "รัฐธรรมนูญ",
    "ฎ.": "คำพิพากษาศาลฎีกา",
    "ฯลฯ": "และอื่น ๆ",
    "พ.ศ.": "พุทธศักราช",
    "ค.ศ.": "คริสต์ศักราช",
    "กทม.": "กรุงเทพมหานคร",
    "สคก.": "สำนักงานคณะกรรมการกฤษฎีกา",
    "สตง.": "สำนักงานการตรวจเงินแผ่นดิน",
    "ป.ป.ช.": "คณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ",
    "ป.ป.ส.": "คณะกรรมการป้องกันและปราบปรามยาเสพติด",
    "กกต.": "คณะกรรมการการเลือกตั้ง",
    "อปท.": "องค์กรปกครองส่วนท้องถิ่น",
    "สนช.": "สภานิติบัญญัติแห่งชาติ",
    "ส.ส.": "สมาชิกสภาผู้แทนราษฎร",
    "ส.ว.": "สมาชิกวุฒิสภา",
    "ศาล ปค.": "ศาลปกครอง",
}
# Abbreviations that only mean something before a number: "ม. 420" is มาตรา 420, but a
# lone "ม." is not expanded (it ends many sentence fragments and dates).
NUMBERED_ABBREVIATIONS: dict[str, str] = {
    "ม.": "มาตรา",
    "ว.": "วรรค",
}
_THAI_OR_LATIN = r"[\u0e01-\u0e4eA-Za-z]"
# Dotted initials: "ป.วิ.อ.", "ครม." (each piece at most four letters).
_INITIALS_RE = re.compile(r"(?:[\u0e01-\u0e4e]{1,4}\.)+")
_YEAR_RE = re.compile(r"\s*(?:พ\.\s*ศ\.|พุทธศักราช)\s*[0-9๐-๙]{4}\s*$")


@cache
def law_abbreviations() -> dict[str, str]:
    """Abbreviation → known-law key, from :mod:`lawreg.known_laws` ("ป.อ." → "criminal-code")."""
    return {abbr: law.key for law in known_laws() for abbr in law.abbreviations}


@cache
def abbreviation_table() -> dict[str, str]:
    """Every abbreviation lawreg expands, with its expansion (law abbreviations → titles)."""
    table = dict(GENERAL_ABBREVIATIONS)
    titles = {law.key: _YEAR_RE.sub("", law.title) for law in known_laws()}
    for abbr, key in law_abbreviations().items():
        # "พ.ร.บ.ล้มละลาย" needs no entry: the general "พ.ร.บ." already expands it.
        if _INITIALS_RE.fullmatch(abbr) and abbr not in table:
            table[abbr] = titles[key]
    return table


def dictionary_words() -> list[str]:
    """Abbreviations the word segmenter must keep whole: dotted initials only ("ป.วิ.อ.",
    "ครม."), not "พ.ร.บ.ล้มละลาย", whose words must stay findable on their own."""
    candidates = [*abbreviation_table(), *law_abbreviations()]
    return sorted({abbr for abbr in candidates if _INITIALS_RE.fullmatch(abbr)})


@cache
def _pattern() -> re.Pattern[str]:
    table = abbreviation_table()
    alternatives = sorted(table, key=len, reverse=True)
    plain = "|".join(re.escape(a) for a in alternatives)
    numbered = "|".join(re.escape(a) for a in NUMBERED_ABBREVIATIONS)
    return re.compile(
        rf"(?<!{_THAI_OR_LATIN})(?<!\.)"
        rf"(?:(?P<plain>{plain})|(?P<numbered>{numbered})(?=\s*[0-9๐-๙]))"
    )


def expand_abbreviations(text: str) -> str:
    """Write abbreviations out in full: "ป.พ.พ. ม. 420" → "ประมวลกฎหมายแพ่งและพาณิชย์ มาตรา 420".

    An abbreviation counts only where it starts a word (not inside "ความ."), and "ม."/"ว."
    only before a number.  The text is otherwise unchanged.
    """

    def replace(match: re.Match[str]) -> str:
        if match.group("plain"):
            return abbreviation_table()[match.group("plain")]
        return NUMBERED_ABBREVIATIONS[match.group("numbered")]

    return _pattern().sub(replace, text)
