"""What a search box input means: cleaned text, quoted phrases, citations, law titles.

Everything a user can type must come out as a :class:`QueryPlan` or a :class:`Notice`, never
an exception: control characters and binary junk are dropped, an over-long input is cut, an
unbalanced quote is read as a literal character, and an input with no word in it ("*",
"(((", "AND OR NOT") yields an ``no_words`` notice.

Citations come from :func:`lawreg.thai.citations.find_citations` ("ป.พ.พ. มาตรา 1336",
"มาตรา ๒๘๘ ป.อ.", "ป.วิ.อ. ม.134/1", "277ทวิ ป.อ.", "ปพพ.1382",
"section 420 civil and commercial code"), their laws resolved by the names of the laws
actually in the index (:func:`law_name_table`); law titles are recognised against the
same laws, with or without "พ.ศ." and the year, in Thai or Arabic digits.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from whoosh.searching import Searcher

from lawreg.known_laws import title_match_key
from lawreg.search.results import CitedSection, Notice
from lawreg.thai.abbreviations import expand_abbreviations
from lawreg.thai.citations import find_citations
from lawreg.thai.law_names import LawName, LawNameTable
from lawreg.thai.normalize import fold_for_matching, normalize

from .schema import KIND_LAW
from .vocabulary import drop_fillers
from .whoosh_adapter import index_folder

MAX_QUERY_CHARS = 300
BOOLEAN_WORDS = frozenset({"and", "or", "not"})
_QUOTES = "\"“”"
_QUOTED = re.compile(r"[\"“]([^\"“”]*)[\"”]")
_YEAR = re.compile(r"(?:พ\.\s*ศ\.|พุทธศักราช)\s*\d{4}")
_NO_WORDS = re.compile(r"^[\W_]*$")


@dataclass
class QueryPlan:
    raw: str
    text: str  # cleaned
    free_text: str  # without quoted phrases and citations
    phrases: list[str] = field(default_factory=list)
    citations: list[CitedSection] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.free_text.strip() or self.phrases or self.citations)


def clean_input(raw: str) -> tuple[str, list[Notice]]:
    """Drop control and unassigned characters, normalise Thai, cut to MAX_QUERY_CHARS."""
    notices: list[Notice] = []
    kept = []
    for ch in raw:
        category = unicodedata.category(ch)
        if ch in "\t\n\r":
            kept.append(" ")
        elif category in ("Cc", "Cs", "Co", "Cn") or ch == "\ufffd":
            continue
        else:
            kept.append(ch)
    text = normalize("".join(kept)).replace("\n", " ").strip()
    if len(text) > MAX_QUERY_CHARS:
        cut = text[:MAX_QUERY_CHARS]
        if " " in cut[MAX_QUERY_CHARS // 2 :]:
            cut = cut.rsplit(" ", 1)[0]
        notices.append(Notice("truncated", {"limit": MAX_QUERY_CHARS}))
        text = cut
    return text, notices


def plan_query(raw: str, names: LawNameTable | None = None) -> QueryPlan:
    """Read the user's input; see the module docstring.  ``names``: the laws of the index
    (:func:`law_name_table`) that citations resolve to; without it, the known laws."""
    text, notices = clean_input(raw or "")
    plan = QueryPlan(raw=raw or "", text=text, free_text=text, notices=notices)
    if not text:
        plan.notices.append(Notice("empty"))
        return plan
    phrases = [p.strip() for p in _QUOTED.findall(text) if p.strip()]
    rest = _QUOTED.sub(" ", text)
    rest = "".join(" " if ch in _QUOTES else ch for ch in rest)  # unbalanced quotes
    plan.phrases = phrases
    plan.citations, rest = extract_citations(rest, names)
    words = [w for w in rest.split() if w.lower() not in BOOLEAN_WORDS]
    plan.free_text = drop_fillers(" ".join(words)) if words else ""
    if plan.is_empty or (_NO_WORDS.match(plan.free_text) and not plan.phrases and not plan.citations):
        plan.free_text = ""
        if not plan.phrases and not plan.citations:
            plan.notices.append(Notice("no_words"))
    return plan


def extract_citations(text: str, names: LawNameTable | None = None) -> tuple[list[CitedSection], str]:
    """Citations in ``text`` and the text with them blanked out.

    A bare section number next to a law's name ("277ทวิ ป.อ.", "ปพพ.1382") is a citation
    too (:func:`find_citations` with ``bare_numbers``): in a search box nobody writes a
    number beside a code's name for any other reason.
    """
    return _citations(text, names)


def _citations(text: str, names: LawNameTable | None) -> tuple[list[CitedSection], str]:
    found: list[CitedSection] = []
    pieces: list[str] = []
    position = 0
    for citation in find_citations(text, bare_numbers=True, names=names):
        if not citation.section:
            continue
        found.append(CitedSection(citation.law_key, citation.section, text[citation.start : citation.end],
                                  citation.candidates, citation.ambiguous))
        pieces.append(text[position : citation.start])
        pieces.append(" ")
        position = citation.end
    pieces.append(text[position:])
    return found, "".join(pieces)


@dataclass(frozen=True)
class TitleEntry:
    law_key: str
    year_be: int | None
    key: str  # title match key with the year
    key_without_year: str
    abbreviations: tuple[str, ...]
    title: str = ""


def title_key(text: str) -> str:
    """Comparable form of a title or query: abbreviations written out ("พ.ร.บ." →
    "พระราชบัญญัติ"), Arabic digits, no spaces, "พุทธศักราช" as "พ.ศ."."""
    return title_match_key(expand_abbreviations(normalize(text))).casefold()


def strip_year(key: str) -> str:
    return _YEAR.sub("", key).strip()


class TitleTable:
    """The titles and abbreviations of the laws in the index, for recognising a law."""

    MIN_CONTAINED = 8  # a title shorter than this must match the whole query

    def __init__(self, entries: list[TitleEntry]) -> None:
        self.by_key: dict[str, list[TitleEntry]] = {}
        self.by_key_without_year: dict[str, list[TitleEntry]] = {}
        self.by_abbreviation: dict[str, list[TitleEntry]] = {}
        self.titles = {entry.law_key: entry.title for entry in entries}
        for entry in entries:
            self.by_key.setdefault(entry.key, []).append(entry)
            self.by_key_without_year.setdefault(entry.key_without_year, []).append(entry)
            for abbreviation in entry.abbreviations:
                self.by_abbreviation.setdefault(fold_for_matching(abbreviation), []).append(entry)

    def match(self, text: str) -> tuple[list[TitleEntry], bool]:
        """Laws named in ``text`` (best first) and whether the name is the whole query."""
        if not text.strip():
            return [], False
        folded = fold_for_matching(text).strip()
        if folded in self.by_abbreviation:
            return self.by_abbreviation[folded], True
        key = title_key(text)
        if key in self.by_key:
            return self.by_key[key], True
        without = strip_year(key)
        if without in self.by_key_without_year:
            entries = self.by_key_without_year[without]
            year = _year_of(key)
            return sorted(entries, key=lambda e: (e.year_be != year, -(e.year_be or 0))), True
        for word in text.split():
            abbreviated = self.by_abbreviation.get(fold_for_matching(word))
            if abbreviated:
                return abbreviated, False
        best: list[TitleEntry] = []
        best_length = 0
        for title, entries in self.by_key_without_year.items():
            if len(title) >= self.MIN_CONTAINED and len(title) > best_length and title in key:
                best, best_length = entries, len(title)
        return best, False


def _year_of(key: str) -> int | None:
    match = re.search(r"\d{4}", key)
    return int(match.group()) if match else None


_TITLE_TABLES: dict[tuple[str, int | None], TitleTable] = {}


def title_table(searcher: Searcher) -> TitleTable:
    """The law-title table of the index the searcher reads (rebuilt when the index changes)."""
    key = (index_folder(searcher), searcher.reader().generation())
    table = _TITLE_TABLES.get(key)
    if table is None:
        entries = []
        for fields in searcher.documents(kind=KIND_LAW):
            title = title_key(fields.get("law_title", ""))
            abbreviations = tuple(a for a in (fields.get("abbreviations") or "").split(",") if a)
            entries.append(TitleEntry(fields["law_key"], fields.get("year_be"), title,
                                      strip_year(title), abbreviations,
                                      fields.get("law_title", "")))
        table = TitleTable(entries)
        if len(_TITLE_TABLES) > 16:
            _TITLE_TABLES.clear()
        _TITLE_TABLES[key] = table
    return table


_NAME_TABLES: dict[tuple[str, int | None], LawNameTable] = {}


def law_name_table(searcher: Searcher) -> LawNameTable:
    """The names of the laws in the index (titles, short names, abbreviations, English
    titles: :mod:`lawreg.thai.law_names`), from its law documents, so that citations
    resolve to whatever keys the registry gives its laws.  Rebuilt when the index changes
    (a new reader generation), like :func:`title_table`."""
    key = (index_folder(searcher), searcher.reader().generation())
    table = _NAME_TABLES.get(key)
    if table is None:
        laws = [
            LawName(
                law_key=fields["law_key"], title=fields.get("law_title") or "",
                year_be=fields.get("year_be"), title_en=fields.get("law_title_en") or None,
                abbreviations=tuple(a for a in (fields.get("abbreviations") or "").split(",") if a),
                has_text=(fields.get("doc_count") or 1) > 1,
            )
            for fields in searcher.documents(kind=KIND_LAW)
        ]
        table = LawNameTable(laws)
        if len(_NAME_TABLES) > 16:
            _NAME_TABLES.clear()
        _NAME_TABLES[key] = table
    return table
