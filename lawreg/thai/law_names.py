"""Every way people name the laws of a registry, built from the laws themselves.

A citation names its law by title ("พระราชบัญญัติล้มละลาย พ.ศ. 2483"), by short name
("พ.ร.บ.ล้มละลาย", "พรบ ล้มละลาย 2483"), by abbreviation ("ป.พ.พ.", "ปพพ") or in English
("section 90 of the Bankruptcy Act").  :class:`LawNameTable` holds those names for a given
set of laws — the registry's, whatever their keys — so that a citation resolves to the law
that carries the name, never to a key written into the code:

* the title, without "(ฉบับ Update ล่าสุด)" and without the year (the year is read
  separately and picks among laws sharing a name);
* derived short names: the type word abbreviated ("พระราชบัญญัติ" → "พ.ร.บ."/"พรบ",
  "พระราชกำหนด" → "พ.ร.ก.", "ประมวลกฎหมายอาญา" → "ประมวลอาญา", "ป.อาญา"), a leading
  "ว่าด้วย" dropped, an amending Act's "(ฉบับที่ N)" dropped (ranked after the principal
  law's own name);
* the abbreviations stored on the law, and those :mod:`lawreg.known_laws` lists for a
  law of the same **title** (how "ป.อ." reaches a criminal code imported under any key);
* the English title, without "B.E. …", and common English names of the same title.

Names are compared in :func:`compact` form (no dots, spaces or case, Arabic digits), so
"ป. พ. พ.", "ป.พ.พ" and "ปพพ" are one name.  A written name may also be the start of
longer titles ("พ.ร.บ.ล้างมลทิน" starts many amnesty Acts): then every law it starts is a
candidate, and the year, if given, picks among them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..known_laws import clean_title, find_by_title
from .digits import to_arabic_digits

# English names people use for a law whose English title is the value.
ENGLISH_ALIASES: dict[str, str] = {
    "penal code": "criminal code",
    "thai penal code": "criminal code",
    "civil code": "civil and commercial code",
    "civil & commercial code": "civil and commercial code",
    "code of civil procedure": "civil procedure code",
    "code of criminal procedure": "criminal procedure code",
}
# Type words and how they are shortened in citations ("พระราชบัญญัติ" → "พ.ร.บ.").
TYPE_SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "พระราชบัญญัติ": ("พ.ร.บ.",),
    "พระราชกำหนด": ("พ.ร.ก.",),
    "พระราชกฤษฎีกา": ("พ.ร.ฎ.",),
    "ประมวลกฎหมาย": ("ประมวล", "ป."),
    "ประมวล": ("ป.",),
}
MIN_PREFIX = 9  # a name cut short must keep at least this many letters ("พรบ" + 6)
SHORT_NAME = 6  # dotless names shorter than this must start and end a word ("ปอ", "ปพพ")
_YEAR_END = re.compile(r"\s*(?:พ\.\s*ศ\.|พุทธศักราช|พระพุทธศักราช)\s*\d{4}\s*$")
_AMENDMENT = re.compile(r"\s*\(\s*ฉบับที่\s*\d+\s*\)\s*")
_ENGLISH_YEAR = re.compile(r"\s*\bB\.\s*E\..*$|\s*\(\d{4}\)\s*$", re.IGNORECASE)
_YEAR_AFTER = re.compile(
    r"[\s,]*(?:(?:พ\.\s*ศ\.?|พุทธศักราช|B\.\s*E\.)\s*)?(?P<year>[0-9๐-๙]{4})(?![0-9๐-๙])",
    re.IGNORECASE)
_THAI_LETTER = re.compile(r"[ก-ฮะ-ฺเ-๎]")
_DROPPED = re.compile(r"[.\s]")


def compact(name: str) -> str:
    """A name without dots, spaces and case, in Arabic digits: "ป. พ. พ." → "ปพพ"."""
    return _DROPPED.sub("", to_arabic_digits(name)).casefold()


@dataclass(frozen=True)
class LawName:
    """A law as the name table sees it (from the database or from the index)."""

    law_key: str
    title: str
    year_be: int | None = None
    title_en: str | None = None
    abbreviations: tuple[str, ...] = ()
    has_text: bool = True


@dataclass(frozen=True)
class NameMatch:
    """A law's name found in a text: ``text[start:end]``, the laws it may mean (best first)
    and whether it is ambiguous (several laws equally named, no year to choose)."""

    start: int
    end: int
    laws: tuple[LawName, ...]
    year: int | None
    ambiguous: bool


@lru_cache(maxsize=16384)
def name_forms(law: LawName) -> tuple[tuple[str, int], ...]:
    """The compact names of ``law`` with their rank (0 = its own name, 1 = an amending
    Act's name without "(ฉบับที่ N)"); see the module docstring.  Cached: the table is
    rebuilt whenever the index changes, and most of its laws did not."""
    forms: dict[str, int] = {}

    def add(name: str, rank: int = 0) -> None:
        key = compact(name)
        if key and forms.get(key, 9) > rank:
            forms[key] = rank

    title = _YEAR_END.sub("", clean_title(law.title))
    known = find_by_title(law.title)
    for base, rank in ((title, 0), (_AMENDMENT.sub(" ", title).strip(), 1)):
        add(base, rank)
        for name in _short_names(base):
            add(name, rank)
    for abbreviation in (*law.abbreviations, *(known.abbreviations if known else ())):
        add(_YEAR_END.sub("", abbreviation))
    english = law.title_en or (known.title_en if known else None)
    if english:
        plain = _ENGLISH_YEAR.sub("", english).strip()
        add(plain)
        for alias, target in ENGLISH_ALIASES.items():
            if compact(target) == compact(plain):
                add(alias)
    return tuple(forms.items())


def _short_names(title: str) -> list[str]:
    """"พระราชบัญญัติว่าด้วยX" → ["พระราชบัญญัติX", "พ.ร.บ.ว่าด้วยX", "พ.ร.บ.X"], ..."""
    for word, shorts in TYPE_SHORT_FORMS.items():
        if title.startswith(word):
            rest = title[len(word):].strip()
            rests = [rest, *([rest[len("ว่าด้วย"):].strip()] if rest.startswith("ว่าด้วย") else [])]
            names = [word + r for r in rests[1:]]
            names += [short + r for short in shorts for r in rests if r]
            return names
    return []


class LawNameTable:
    """The names of a set of laws, for finding and resolving them in citations."""

    def __init__(self, laws: Iterable[LawName]) -> None:
        self.laws: dict[str, LawName] = {}
        self._names: dict[str, dict[str, int]] = {}  # compact name → {law key: rank}
        for law in laws:
            self.laws[law.law_key] = law
            for form, rank in name_forms(law):
                ranks = self._names.setdefault(form, {})
                if ranks.get(law.law_key, 9) > rank:
                    ranks[law.law_key] = rank
        # Sorted, the names that start with a prefix are one run found by bisection.
        self._sorted = sorted(self._names)
        self._first_letters = frozenset(name[0] for name in self._names)

    def _starting(self, prefix: str) -> list[str]:
        """The names that start with ``prefix``."""
        first = bisect.bisect_left(self._sorted, prefix)
        last = bisect.bisect_left(self._sorted, prefix + "\U0010ffff", first)
        return self._sorted[first:last]

    def _is_prefix(self, prefix: str) -> bool:
        index = bisect.bisect_left(self._sorted, prefix)
        return index < len(self._sorted) and self._sorted[index].startswith(prefix)

    def __len__(self) -> int:
        return len(self.laws)

    def match_at(self, text: str, start: int) -> NameMatch | None:
        """The longest name of a law starting at ``text[start]`` (and a year right after it)."""
        name, position, best = "", start, None
        last = start
        while position < len(text):
            ch = text[position]
            if ch == "." or ch.isspace():
                position += 1
                continue
            longer = name + to_arabic_digits(ch).casefold()
            if not self._is_prefix(longer):
                break
            name, position, last = longer, position + 1, position + 1
            if name in self._names and self._ends_name(text, start, last, complete=True):
                best = (last, name, True)
        cut_short = bool(name) and (best is None or best[0] < last)
        if cut_short and self._ends_name(text, start, last, complete=False):
            best = (last, name, False)
        if best is None or not self._starts_name(text, start, best[0]):
            return None
        end, name, complete = best
        if text[end:end + 1] == ".":
            end += 1
        ranks = self._names[name] if complete else self._laws_starting(name)
        return self._resolve(start, end, ranks, text)

    def _starts_name(self, text: str, start: int, end: int) -> bool:
        written = text[start:end]
        if "." in written or len(compact(written)) >= SHORT_NAME:
            return True
        return start == 0 or not _THAI_LETTER.match(text[start - 1])

    @staticmethod
    def _ends_name(text: str, start: int, end: int, *, complete: bool) -> bool:
        after = text[end:end + 1]
        at_boundary = not after or not _THAI_LETTER.match(after)
        if not complete:  # a name cut short ends a word: a space, a digit or the end follows
            return (not after or after.isspace() or after.isdigit() or after == ",") and \
                len(compact(text[start:end])) >= MIN_PREFIX
        written = text[start:end]
        return at_boundary or "." in written[-2:] or len(compact(written)) >= SHORT_NAME

    def _laws_starting(self, prefix: str) -> dict[str, int]:
        """The laws with a name that starts with ``prefix`` (a name cut short), best rank."""
        found: dict[str, int] = {}
        for name in self._starting(prefix):
            for key, rank in self._names[name].items():
                found[key] = min(rank, found.get(key, 9))
        return found

    def _resolve(self, start: int, end: int, ranks: dict[str, int], text: str) -> NameMatch:
        year_match = _YEAR_AFTER.match(text, end)
        year = int(to_arabic_digits(year_match.group("year"))) if year_match else None
        candidates = [self.laws[key] for key in ranks]
        if year_match is not None and year is not None and 2400 <= year < 2700:
            end = year_match.end()  # a year nobody has still belongs to the name
            dated = [law for law in candidates if law.year_be == year]
            if dated:
                candidates = dated
            else:
                year = None
        else:
            year = None
        best_rank = min(ranks[law.law_key] for law in candidates)
        candidates = [law for law in candidates if ranks[law.law_key] == best_rank]
        candidates.sort(key=lambda law: (not law.has_text, -(law.year_be or 0), law.law_key))
        return NameMatch(start, end, tuple(candidates), year, len(candidates) > 1)

    def match_before(self, text: str, end: int, window: int = 160) -> NameMatch | None:
        """The longest name of a law ending right before ``text[end]`` (a year may follow
        the name, and spaces or commas the year): the first start, scanning forward, whose
        name reaches ``end``."""
        for start in range(max(0, end - window), end):
            if to_arabic_digits(text[start]).casefold() not in self._first_letters:
                continue
            found = self.match_at(text, start)
            if found is not None and found.end <= end and not text[found.end:end].strip(" ,"):
                return found
        return None
