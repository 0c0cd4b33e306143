"""Canonical form of Thai text, shared by importers, the search index, queries and screening.

The same word reaches lawreg encoded several ways: sara am typed as nikhahit + sara aa
("คํา" for "คำ"), a tone mark typed before its vowel ("ที่" as ท ่ ี), a doubled mark, a
zero-width space left by a word processor, NBSPs and runs of spaces.  They look identical
on screen and compare unequal, so a query would miss the section that contains the word.
:func:`normalize` maps all of them to one form; it never touches correctly encoded text
and is idempotent (``normalize(normalize(t)) == normalize(t)``).

Normalisation works on *units* — a base character with its combining marks, a run of
whitespace, an invisible character — and each unit remembers its span in the input, so
:func:`normalize_with_spans` lets tokenisers report offsets into the ORIGINAL text (search
highlighting and screening evidence quote the original, not the normalised copy).
PDF-extraction damage (marks displaced onto the next character) is a different problem,
solved by :mod:`lawreg.thai.repair`.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .digits import to_arabic_digits

NIKHAHIT = "\u0e4d"
SARA_AA = "\u0e32"
SARA_AM = "\u0e33"
SARA_E = "\u0e40"
SARA_AE = "\u0e41"
# Marks written above or below a base character, in their canonical rank: vowels first,
# then tone marks / thanthakhat (Thai orthography and TIS-620 input order).
UPPER_LOWER_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e4d"
TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"
OTHER_TOP_MARKS = "\u0e4c\u0e4e"  # thanthakhat (การันต์), yamakkan
THAI_COMBINING = UPPER_LOWER_VOWELS + TONE_MARKS + OTHER_TOP_MARKS
_MARK_RANK = {ch: 0 for ch in UPPER_LOWER_VOWELS} | {ch: 1 for ch in TONE_MARKS + OTHER_TOP_MARKS}

# Invisible characters that only break matching: ZWSP, ZWNJ, ZWJ, BOM / ZWNBSP, soft hyphen,
# word joiner.
INVISIBLE = frozenset("\u200b\u200c\u200d\ufeff\u00ad\u2060")
_HORIZONTAL_SPACE = frozenset(" \t\u00a0\u1680\u202f\u205f\u3000") | frozenset(
    chr(c) for c in range(0x2000, 0x200B)
)
_LINE_BREAKS = frozenset("\n\r\u2028\u2029\x0b\x0c\x85")


@dataclass(frozen=True)
class NormalizedText:
    """Normalised text plus, for each unit, where it came from in the original.

    Unit *i* starts at ``starts[i]`` in :attr:`text` and was read from
    ``original[source[i][0]:source[i][1]]``; ``identity[i]`` says it was copied unchanged,
    so offsets inside it map one to one.  Units that normalise to "" are omitted.
    """

    text: str
    starts: tuple[int, ...]
    source: tuple[tuple[int, int], ...]
    identity: tuple[bool, ...]

    def original_offset(self, position: int, *, end: bool = False) -> int:
        """The original offset of ``text[position]`` (``end``: the offset just after it)."""
        unit = bisect_right(self.starts, position) - 1
        source_start, source_end = self.source[unit]
        if self.identity[unit]:
            return source_start + position - self.starts[unit] + (1 if end else 0)
        return source_end if end else source_start

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map ``text[start:end]`` (non-empty) back to a span of the original text."""
        return self.original_offset(start), self.original_offset(end - 1, end=True)


_MARKS_CLASS = (
    THAI_COMBINING + "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
)
_SPACE_CLASS = "".join(sorted(_HORIZONTAL_SPACE))
_BREAK_CLASS = "".join(sorted(_LINE_BREAKS))
_INVISIBLE_CLASS = "".join(sorted(INVISIBLE))
# Everything that may need rewriting; the text between two matches is copied unchanged.
_CANDIDATES = re.compile(
    f"(?P<space>[{_SPACE_CLASS}{_INVISIBLE_CLASS}]*[{_SPACE_CLASS}]"
    f"[{_SPACE_CLASS}{_INVISIBLE_CLASS}]*)"
    f"|(?P<br>\r\n|[{_BREAK_CLASS}])"
    f"|(?P<invisible>[{_INVISIBLE_CLASS}]+)"
    f"|(?P<ee>{SARA_E}{SARA_E})"
    f"|(?P<cluster>[^{_SPACE_CLASS}{_BREAK_CLASS}{_INVISIBLE_CLASS}]"
    f"[{_MARKS_CLASS}{_INVISIBLE_CLASS}]+{SARA_AA}?)"
)
_SIMPLE_MARKS = frozenset(THAI_COMBINING) - {NIKHAHIT}

# Most stored text is already canonical, yet nearly every Thai syllable is a candidate
# cluster above.  :data:`_SUSPECT` finds every place where a rewrite is *possible*; a line
# without one is copied unchanged, and :data:`_CANDIDATES` only runs on the other lines.
# It is a superset of the rewrites (tests/thai compare both paths on real and random text):
# any space but a single " " inside a line, any other break, invisible character or "เเ";
# a nikhahit or non-Thai combining mark; a vowel mark not directly after a consonant; a
# tone mark / thanthakhat not after a consonant or a vowel mark.  What is left is a
# consonant with one mark, or a vowel mark then a tone mark, each already canonical.
_CONSONANTS = "\u0e01-\u0e2e"
_VOWEL_MARKS = UPPER_LOWER_VOWELS.replace(NIKHAHIT, "")
_TOP_MARKS = TONE_MARKS + OTHER_TOP_MARKS
_OTHER_SPACE_CLASS = "".join(sorted(_HORIZONTAL_SPACE - {" "}))
_SUSPECT = re.compile(
    f"[{_OTHER_SPACE_CLASS}{_INVISIBLE_CLASS}\r\x0b\x0c\x85\u2028\u2029]"
    f"|  |(?<![^{_BREAK_CLASS}]) | (?![^{_BREAK_CLASS}])"
    f"|{SARA_E}{SARA_E}"
    f"|[{NIKHAHIT}\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
    f"|(?<![{_CONSONANTS}])[{_VOWEL_MARKS}]"
    f"|(?<![{_CONSONANTS}{_VOWEL_MARKS}])[{_TOP_MARKS}]"
)


def canonical_cluster(base: str, marks: str, takes_aa: bool) -> str:
    """One base character with its marks in canonical order (vowel, then tone mark or
    thanthakhat), duplicates dropped; ``takes_aa``: the nikhahit + following sara aa
    become sara am after the tone mark ("ค" "ํ่" → "ค่ำ")."""
    ordered = sorted(marks, key=lambda ch: _MARK_RANK.get(ch, 0))
    unique: list[str] = []
    for ch in ordered:
        if not unique or unique[-1] != ch:
            unique.append(ch)
    tail = ""
    if takes_aa:
        unique.remove(NIKHAHIT)
        tail = SARA_AM
    return unicodedata.normalize("NFC", base + "".join(unique)) + tail


def _rewrite(match: re.Match[str], text: str) -> str | None:
    """The normalised form of one candidate, or None when it is already canonical."""
    kind = match.lastgroup
    piece = match.group()
    if kind == "space":
        start, end = match.span()
        at_line_start = start == 0 or text[start - 1] in _LINE_BREAKS
        at_line_end = end == len(text) or text[end] in _LINE_BREAKS
        if at_line_start or at_line_end:
            return ""
        return None if piece == " " else " "
    if kind == "br":
        return None if piece == "\n" else "\n"
    if kind == "invisible":
        return ""
    if kind == "ee":
        # "เเ" typed for "แ": never correct Thai, frequent in typed and OCR'd text.
        return SARA_AE
    if len(piece) == 2 and piece[1] in _SIMPLE_MARKS:
        return None
    base, rest = piece[0], piece[1:]
    trailing_aa = rest.endswith(SARA_AA)
    if trailing_aa:
        rest = rest[:-1]
    marks = "".join(c for c in rest if c not in INVISIBLE)
    takes_aa = trailing_aa and NIKHAHIT in marks
    result = canonical_cluster(base, marks, takes_aa)
    if trailing_aa and not takes_aa:
        result += SARA_AA
    return None if result == piece else result


Rewrite = tuple[int, int, str]  # (start, end, replacement) in the original text


def _rewrites(text: str) -> Iterator[Rewrite]:
    """(start, end, replacement) of every candidate of ``text`` that changes, in order.

    Candidates never cross a "\\n" (only "\\r\\n" does), so each line holding a
    :data:`_SUSPECT` is matched on its own; text with "\\r" is matched whole.  A line whose
    only suspects are runs of plain spaces (statute text often has "มาตรา 5  ข้อความ") has
    just those runs matched: such a run is one whole candidate of the line scan.
    """
    if "\r" in text:
        yield from _line_rewrites(text, 0, len(text))
        return
    suspects = list(_SUSPECT.finditer(text))
    first = 0
    while first < len(suspects):
        line_start = text.rfind("\n", 0, suspects[first].start()) + 1
        line_end = text.find("\n", suspects[first].end())
        if line_end < 0:
            line_end = len(text)
        last = first
        while last < len(suspects) and suspects[last].start() < line_end:
            last += 1
        runs = [_space_run(text, s.start(), s.end(), line_start, line_end)
                for s in suspects[first:last]]
        spans = [run for run in runs if run is not None]
        if len(spans) == len(runs):
            for start, end in dict.fromkeys(spans):
                yield from _line_rewrites(text, start, end)
        else:
            yield from _line_rewrites(text, line_start, line_end)
        first = last


_SPACE_OR_INVISIBLE = frozenset(_SPACE_CLASS + _INVISIBLE_CLASS)


def _space_run(
    text: str, start: int, end: int, line_start: int, line_end: int
) -> tuple[int, int] | None:
    """The run of plain spaces around the suspect ``text[start:end]``, or None when the
    suspect is something else or the run touches other spaces or invisible characters
    (then the scan of the whole line decides where the candidate begins and ends)."""
    if text[start:end].strip(" "):
        return None
    while start > line_start and text[start - 1] == " ":
        start -= 1
    while end < line_end and text[end] == " ":
        end += 1
    if start > line_start and text[start - 1] in _SPACE_OR_INVISIBLE:
        return None
    if end < line_end and text[end] in _SPACE_OR_INVISIBLE:
        return None
    return start, end


def _line_rewrites(text: str, start: int, end: int) -> Iterator[Rewrite]:
    for match in _CANDIDATES.finditer(text, start, end):
        replacement = _rewrite(match, text)
        if replacement is not None:
            yield match.start(), match.end(), replacement


def _units(text: str, rewrites: Iterable[Rewrite]) -> list[tuple[int, int, str | None]]:
    """(start, end, replacement) of the units of ``text`` given its ``rewrites`` (in order);
    None = copied unchanged."""
    units: list[tuple[int, int, str | None]] = []
    position = 0
    for start, end, replacement in rewrites:
        if start > position:
            units.append((position, start, None))
        units.append((start, end, replacement))
        position = end
    if position < len(text):
        units.append((position, len(text), None))
    return units


def normalize_with_spans(text: str) -> NormalizedText:
    """:func:`normalize`, keeping the map back to the original text."""
    return _with_spans(text, _units(text, _rewrites(text)))


def _with_spans(text: str, units: list[tuple[int, int, str | None]]) -> NormalizedText:
    starts: list[int] = []
    source: list[tuple[int, int]] = []
    identity: list[bool] = []
    pieces: list[str] = []
    position = 0
    for start, end, replacement in units:
        piece = text[start:end] if replacement is None else replacement
        if not piece:
            continue
        starts.append(position)
        source.append((start, end))
        identity.append(replacement is None)
        pieces.append(piece)
        position += len(piece)
    return NormalizedText("".join(pieces), tuple(starts), tuple(source), tuple(identity))


def normalize(text: str) -> str:
    """The canonical encoding of ``text``, for storage, indexing and comparison.

    - Unicode NFC; zero-width characters, BOM and soft hyphens removed;
    - sara am composed: "คํา" → "คำ", and "ค ํ ่ า" / "ค ่ ํ า" → "ค่ำ" (tone before ำ, the
      encoding every real Thai source uses);
    - the marks of one character in canonical order (vowel above/below, then tone mark or
      thanthakhat: "ท ่ ี" → "ที่") with duplicates dropped ("ที่่" → "ที่"), "เเ" → "แ";
    - spaces: runs of spaces, tabs and NBSPs become one space, lines are stripped, CR LF
      becomes LF; line breaks themselves are kept (they separate paragraphs).

    Idempotent, and correctly encoded text comes back unchanged apart from whitespace.
    """
    return "".join(
        text[start:end] if replacement is None else replacement
        for start, end, replacement in _units(text, _rewrites(text))
    )


def fold_for_matching(text: str) -> str:
    """:func:`normalize` + Thai digits as Arabic + casefold: the form index terms and
    query terms are compared in ("มาตรา ๒๘๘" and "มาตรา 288" are the same term)."""
    return to_arabic_digits(normalize(text)).casefold()


def normalize_marks(text: str) -> str:
    """Only the mark-level part of :func:`normalize` (order, duplicates, sara am, "เเ"),
    leaving whitespace and invisible characters alone — for callers that must keep the
    layout, such as the PDF repair, which outputs one line per input line."""
    out: list[str] = []
    position = 0
    for match in _CANDIDATES.finditer(text):
        if match.lastgroup not in ("cluster", "ee"):
            continue
        replacement = _rewrite(match, text)
        if replacement is None:
            continue
        out.append(text[position : match.start()])
        out.append(replacement)
        position = match.end()
    out.append(text[position:])
    return "".join(out)


# Windows-1252 smart quotes decoded as Latin-1 C1 controls: a scraped Thai page often carries
# U+0093 / U+0094 where the author typed “ ” (and U+0091 / U+0092 for ‘ ’).
_C1_QUOTES = str.maketrans({"\x91": "\u2018", "\x92": "\u2019", "\x93": "\u201c", "\x94": "\u201d"})
_LINE_ENDINGS_RE = re.compile(r"\r\n?")
_NBSP_RE = re.compile("[\u00a0\u202f]")


def normalize_source(text: str) -> str:
    """Repair the layout characters of a scraped source before it is read line by line.

    CR LF and lone CR line endings (one file can mix all three) become LF, C1 "smart
    quotes" become the quotes they stand for, and non-breaking spaces become plain spaces.
    Lines are kept exactly (no stripping, no joining), so a reader can still report line
    numbers; :func:`normalize` does the rest on the text it keeps.
    """
    text = _LINE_ENDINGS_RE.sub("\n", text)
    return _NBSP_RE.sub(" ", text.translate(_C1_QUOTES))
