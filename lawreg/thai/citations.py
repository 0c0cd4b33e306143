"""Citations of sections in running text: "ป.พ.พ. มาตรา 1336", "ม.134/1 ป.วิ.อ.", ...

Screening, cross-references and search all need to know which provision a text points
at.  Thai writing cites a section with "มาตรา", "ม." or "ม" and Thai or Arabic digits, with
an optional Pali ordinal ("335 ทวิ", "335ทวิ") or slash number ("134/1") and paragraph
("วรรค 1", "วรรคสอง"); the law is named before or after by abbreviation (with or without
its dots: "ป.พ.พ.", "ปพพ", "ป พ พ") or title.  English text uses "section 420 of the Civil
and Commercial Code", "Criminal Code s. 341", "sec.", "art.", "§", "bis"/"ter".  Laws resolve through a
:class:`lawreg.thai.law_names.LawNameTable` of the registry's laws when one is given (search),
else through :mod:`lawreg.known_laws`; section numbers through
:func:`lawreg.thai.numbers.parse_section_number`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from ..known_laws import known_laws
from .abbreviations import law_abbreviations
from .digits import to_arabic_digits
from .law_names import LawNameTable, NameMatch
from .numbers import ORDINAL_SUFFIXES, SUFFIX_VARIANTS, SectionNumberError, parse_section_number

THAI_ORDINAL_PARAGRAPHS = {
    "แรก": 1, "หนึ่ง": 1, "สอง": 2, "สาม": 3, "สี่": 4, "ห้า": 5,
    "หก": 6, "เจ็ด": 7, "แปด": 8, "เก้า": 9, "สิบ": 10,
}  # fmt: skip


@dataclass(frozen=True)
class Citation:
    """One cited provision: ``text[start:end]`` is the citation as written."""

    law_key: str | None
    section: str | None
    paragraph: int | None
    start: int
    end: int
    # With a name table (:func:`find_citations` ``names``): every law the name may mean,
    # best first, and whether several are equally named (no year to choose).
    candidates: tuple[str, ...] = ()
    ambiguous: bool = False


_DIGITS = r"[0-9๐-๙]+"
_SUFFIXES = "|".join(
    re.escape(s) for s in sorted([*ORDINAL_SUFFIXES, *SUFFIX_VARIANTS], key=len, reverse=True)
)
ENGLISH_SUFFIXES = {"bis": "ทวิ", "ter": "ตรี", "quater": "จัตวา", "quinquies": "เบญจ"}
_ALL_SUFFIXES = rf"(?:{_SUFFIXES})(?![ก-๎])|(?:{'|'.join(ENGLISH_SUFFIXES)})\b"
_NUMBER = rf"{_DIGITS}(?:\s*/\s*{_DIGITS})?(?:\s*(?:{_ALL_SUFFIXES}))?"
_PARAGRAPH = (
    r"(?:\s*(?:วรรค|paragraph|para\.?)\s*(?P<paragraph_no>[0-9๐-๙]+|"
    + "|".join(THAI_ORDINAL_PARAGRAPHS)
    + r"))?"
)
# "มาตรา 420", "ม.420", "ม 420" (a bare "ม" only as a word of its own), "section 420",
# "sec. 420", "s. 420", "art. 420", "article 420", "§ 420".
_MARKER = r"(?:มาตรา|ม\.|(?<![ก-๎])ม(?=\s*[0-9๐-๙])|\b(?:sections?|sec\.?|s\.|articles?|art\.?)|§)"
# English names of the known laws people also use ("Penal Code" for the Criminal Code).
ENGLISH_ALIASES: dict[str, str] = {
    "penal code": "criminal-code",
    "thai penal code": "criminal-code",
    "civil code": "civil-commercial-code",
    "civil & commercial code": "civil-commercial-code",
    "code of civil procedure": "civil-procedure-code",
    "code of criminal procedure": "criminal-procedure-code",
}
# Abbreviations made of initials ("ป.พ.พ.", "ป.วิ.อ."): each piece at most four letters.
_INITIALS = re.compile(r"(?:[ก-๎]{1,4}\.)+[ก-๎]{0,4}")


def compact(name: str) -> str:
    """A law's name without dots, spaces and case: "ป. พ. พ." and "ปพพ" are both "ปพพ"."""
    return re.sub(r"[.\s]+", "", to_arabic_digits(name)).casefold()


@cache
def _law_names() -> dict[str, str]:
    """Every way of naming a known law (abbreviation, Thai or English title, with or
    without the year), as :func:`compact` text → key."""
    names: dict[str, str] = {}
    for abbreviation, key in law_abbreviations().items():
        names[compact(abbreviation)] = key
    for law in known_laws():
        for title in (law.title, re.sub(r"\s*(?:พ\.\s*ศ\.|พุทธศักราช)\s*\d{4}$", "", law.title),
                      law.title_en, re.sub(r"\s*B\.E\..*$", "", law.title_en)):
            names.setdefault(compact(title), law.key)
    for alias, key in ENGLISH_ALIASES.items():
        names.setdefault(compact(alias), key)
    return names


def _name_pattern(name: str) -> str:
    """A regex for ``name`` as people write it.  Initials may come with or without their
    dots and with spaces between ("ป.พ.พ.", "ป.พ.พ", "ปพพ.", "ป พ พ"); the dotless forms
    must start a word, so that "ปอ" inside a longer word is no law.  Other names allow any
    spacing where they have a space or dot ("พ.ร.บ. วิธีการงบประมาณ", "civil and
    commercial  code")."""
    if _INITIALS.fullmatch(name) and "." in name:
        pieces = [re.escape(piece) for piece in name.split(".") if piece]
        dotted = r"\.\s*".join(pieces) + r"\.?"
        loose = r"\s?".join(pieces)
        if len(pieces) == 1:
            return dotted
        return rf"(?:{dotted}|(?<![ก-๎]){loose}\.?)"
    words = [re.escape(word) for word in re.split(r"(?<=\.)|\s+", name) if word]
    return r"\s*".join(words)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    written = set(law_abbreviations())
    for law in known_laws():
        written.update({law.title, re.sub(r"\s*(?:พ\.\s*ศ\.|พุทธศักราช)\s*\d{4}$", "", law.title),
                        law.title_en, re.sub(r"\s*B\.E\..*$", "", law.title_en)})
    written.update(ENGLISH_ALIASES)
    names = "|".join(_name_pattern(n) for n in sorted(written, key=len, reverse=True))
    # Every citation starts with a law's name, a marker or (bare) a digit: looking ahead for
    # one of those first characters lets the scan skip all other positions of a long text
    # without trying each name there (ten times faster on the codes' running text).
    starts = {ch for n in [*written, "the", "มาตรา", "section", "article", "§"] for ch in (n[0].lower(), n[0].upper())}
    first = "[" + re.escape("".join(sorted(starts))) + "]"
    digit_first = "[" + re.escape("".join(sorted(starts))) + "0-9๐-๙]"
    before = rf"(?:the\s+)?(?P<before>{names})[\s,]*"
    after = rf"[\s,]*(?:แห่ง\s*|of\s+)?(?:the\s+)?(?P<after>{names})"
    number = rf"(?P<number>{_NUMBER})"
    # A law named before the section takes precedence: in "ป.อ. มาตรา 5 ป.พ.พ. มาตรา 6"
    # ป.พ.พ. belongs to the second citation, not the first.
    marked = re.compile(
        rf"(?={first})(?:{before}{_MARKER}\s*{number}{_PARAGRAPH}"
        rf"|{_MARKER}\s*{number.replace('number', 'number2')}"
        rf"{_PARAGRAPH.replace('paragraph_no', 'paragraph_no2')}(?:{after})?)",
        re.IGNORECASE,
    )
    bare_number = rf"(?<![\w/]){_NUMBER}(?![\w/])"
    bare = re.compile(
        rf"(?={digit_first})(?:{before}(?P<number>{bare_number})"
        rf"|(?P<number2>{bare_number}){after})",
        re.IGNORECASE,
    )
    return marked, bare


def _group(match: re.Match[str], name: str) -> str | None:
    groups = match.groupdict()
    return groups.get(name) or groups.get(f"{name}2")


def _paragraph(text: str | None) -> int | None:
    if not text:
        return None
    arabic = to_arabic_digits(text)
    return int(arabic) if arabic.isdigit() else THAI_ORDINAL_PARAGRAPHS.get(text)


def _section(text: str) -> str | None:
    for word, thai in ENGLISH_SUFFIXES.items():
        text = re.sub(rf"\b{word}\b", thai, text, flags=re.IGNORECASE)
    try:
        return parse_section_number(text).canonical
    except SectionNumberError:
        return None


def _looks_like_year(number: str) -> bool:
    """A bare four-digit 2400–2699 next to a law's name is its Buddhist-era year
    ("พ.ร.บ.ล้มละลาย 2483"), not a section: no code has that many sections."""
    arabic = to_arabic_digits(number).strip()
    return arabic.isdigit() and len(arabic) == 4 and 2400 <= int(arabic) < 2700


def find_citations(
    text: str, *, bare_numbers: bool = False, names: LawNameTable | None = None
) -> list[Citation]:
    """Every section citation in ``text``, in order of appearance.

    "ตาม ป.พ.พ. มาตรา 1336" → Citation("civil-commercial-code", "1336", None, 4, 20);
    the law is taken from a name right before or right after the section, else None.
    Sections are marked by "มาตรา", "ม.", "ม", "section", "s.", "sec.", "art." or "§";
    with ``bare_numbers`` (search queries) a number right next to a law's name is a
    citation too ("ปพพ.1382", "277ทวิ ป.อ."), unless it reads as the law's year.

    With ``names`` the laws are those of the table (a registry's laws, see
    :mod:`lawreg.thai.law_names`), found and resolved by their names alone; without it,
    the laws of :mod:`lawreg.known_laws` (screening's cross-references).
    """
    if names is not None:
        return _find_with_table(text, names, bare_numbers)
    marked, bare = _patterns()
    known_names = _law_names()
    found: list[Citation] = []
    for pattern in (marked, bare) if bare_numbers else (marked,):
        # A pattern's matches never overlap each other; the bare ones must not overlap
        # the marked ones either (sorted starts and ends, checked by bisection).
        taken = sorted((c.start, c.end) for c in found)
        for match in pattern.finditer(text):
            index = bisect.bisect_left(taken, (match.end(),))
            if index and taken[index - 1][1] > match.start():
                continue
            number = _group(match, "number") or ""
            if pattern is bare and _looks_like_year(number):
                continue
            law_text = match.group("before") or match.group("after")
            found.append(
                Citation(
                    law_key=known_names.get(compact(law_text)) if law_text else None,
                    section=_section(number),
                    paragraph=_paragraph(_group(match, "paragraph_no")),
                    start=match.start(),
                    end=match.end(),
                )
            )
    return sorted(found, key=lambda c: c.start)


_MARKED = re.compile(rf"{_MARKER}\s*(?P<number>{_NUMBER}){_PARAGRAPH}", re.IGNORECASE)
_BARE = re.compile(rf"(?<![\w/]){_NUMBER}(?![\w/])", re.IGNORECASE)
_GAP_AFTER = re.compile(r"[\s,]*(?:แห่ง\s*|of\s+)?(?:the\s+)?", re.IGNORECASE)


def _after_gap(text: str, at: int) -> int:
    """Where a law's name may start after the section number ending at ``at``: past spaces,
    commas, "แห่ง" and "of the" (``_GAP_AFTER`` matches the empty string, so it always matches)."""
    gap = _GAP_AFTER.match(text, at)
    return gap.end() if gap else at


def _find_with_table(text: str, names: LawNameTable, bare_numbers: bool) -> list[Citation]:
    """:func:`find_citations` against a name table: each section number is looked up with
    the name right before it (which takes precedence, as in the regex path) or right after."""
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def add(number: str, paragraph: str | None, start: int, end: int, law: NameMatch | None) -> None:
        found.append(Citation(
            law_key=law.laws[0].law_key if law and law.laws else None,
            section=_section(number), paragraph=_paragraph(paragraph), start=start, end=end,
            candidates=tuple(item.law_key for item in law.laws) if law else (),
            ambiguous=bool(law and law.ambiguous),
        ))
        taken.append((start, end))

    for match in _MARKED.finditer(text):
        law = names.match_before(text, match.start())
        if law is not None and free(law.start, match.end()):
            add(match.group("number"), match.group("paragraph_no"), law.start, match.end(), law)
            continue
        after = names.match_at(text, _after_gap(text, match.end()))
        if after is not None and free(match.start(), after.end):
            add(match.group("number"), match.group("paragraph_no"), match.start(), after.end, after)
        elif free(match.start(), match.end()):
            add(match.group("number"), match.group("paragraph_no"), match.start(), match.end(), None)
    if bare_numbers:
        for match in _BARE.finditer(text):
            if _looks_like_year(match.group()) or not free(match.start(), match.end()):
                continue
            before = names.match_before(text, match.start())
            if before is not None and free(before.start, match.end()):
                add(match.group(), None, before.start, match.end(), before)
                continue
            after = names.match_at(text, _after_gap(text, match.end()))
            if after is not None and free(match.start(), after.end):
                add(match.group(), None, match.start(), after.end, after)
    return sorted(found, key=lambda c: c.start)


# After a citation (its items "(๒)" and paragraph "วรรคสอง" included), another law's name
# ("แห่งพระราชบัญญัติการทะเบียนราษฎร", "ตามประมวลกฎหมายอาญา") makes it that law's; "…นี้"
# ("แห่งพระราชบัญญัตินี้") keeps it the text's own.
_TRAILING = r"^[\s,()0-9๐-๙]*(?:วรรค\S*?)?[\s,()0-9๐-๙]*(?:แห่ง|ของ|ตาม|ใน)?\s*"
_OTHER_LAW = re.compile(_TRAILING + r"(?:พระราชบัญญัติ|พระราชกำหนด|ประมวล|กฎหมาย|พ\.\s*ร\.\s*[บก]\.|ป\.)")
_THIS_LAW = re.compile(_TRAILING + r"(?:พระราชบัญญัติ|พระราชกำหนด|ประมวลกฎหมาย)นี้")
# What may join the citations of one list: "มาตรา ๕ มาตรา ๖ และมาตรา ๗ แห่ง…".
_LIST_JOIN = re.compile(r"^[\s,()0-9๐-๙]*(?:วรรค\S*?)?[\s,()0-9๐-๙]*(?:และ|หรือ|ถึง|หรือตาม)?\s*$")


def own_law_sections(text: str) -> list[str]:
    """The sections of its own law that a section's ``text`` cites, in order, once each:
    "ผู้ใดฝ่าฝืนมาตรา ๔๓ (๒) ต้องระวางโทษ…" → ["43"].  A citation naming a law — by
    abbreviation, or "แห่งพระราชบัญญัติ…" after it or after the last citation of its list
    ("มาตรา ๕ และมาตรา ๖ แห่งพระราชบัญญัติการทะเบียนราษฎร") — cites another law and is
    left out; "…แห่งพระราชบัญญัตินี้" is the text's own."""
    citations = [c for c in find_citations(text) if c.section]
    own: list[str] = []
    run: list[Citation] = []
    for i, citation in enumerate(citations):
        run.append(citation)
        following = citations[i + 1] if i + 1 < len(citations) else None
        if following is not None and _LIST_JOIN.match(text[citation.end:following.start]):
            continue
        after = text[citation.end:citation.end + 80]
        external = bool(_OTHER_LAW.match(after)) and not _THIS_LAW.match(after)
        if not external:
            own.extend(c.section for c in run if c.law_key is None and c.section)
        run = []
    return list(dict.fromkeys(own))
