"""Bridges from a citizen's words to the words of the law.

Two hand-curated tables in ``search_index/data/``:

* ``synonyms_th.tsv`` — everyday Thai → legal Thai: "ขโมย" → "ลักทรัพย์", "เช่าบ้าน" →
  "เช่าทรัพย์".  A person who asks "โดนขโมยมือถือ" should reach ประมวลกฎหมายอาญา มาตรา 334.
* ``glossary_en_th.tsv`` — English legal term → Thai term(s): "theft" → "ลักทรัพย์".

Format of both: one entry per line, ``source<TAB>target1|target2``; ``#`` starts a comment.
Matching is on :func:`lawreg.thai.normalize.fold_for_matching` text with spaces removed (Thai
users space words arbitrarily) for Thai, and on Porter-stemmed words for English ("leases"
meets "lease").  The longest entry wins and matches do not overlap.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

from whoosh.lang.porter import stem

from lawreg.search.errors import SearchDataRejected
from lawreg.search.results import Expansion
from lawreg.thai.normalize import fold_for_matching
from lawreg.thai.segment import segment, word_spans

SYNONYMS_FILE = "synonyms_th.tsv"
GLOSSARY_FILE = "glossary_en_th.tsv"
FILLERS_FILE = "query_fillers_th.txt"
_ENGLISH_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
MAX_ENGLISH_WORDS = 5


def read_table(name: str) -> list[tuple[str, tuple[str, ...]]]:
    """Rows of a data table; a malformed line raises :class:`SearchDataRejected` naming it."""
    text = files("search_index.data").joinpath(name).read_text(encoding="utf-8")
    rows: list[tuple[str, tuple[str, ...]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        content = line.split("#", 1)[0].strip()
        if not content:
            continue
        parts = content.split("\t")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise SearchDataRejected(name, number, None, "expected 'source<TAB>target1|target2'")
        targets = tuple(t.strip() for t in parts[1].split("|") if t.strip())
        rows.append((parts[0].strip(), targets))
    return rows


def thai_key(text: str) -> str:
    """The form Thai phrases are compared in: folded, without spaces (Thai writes a phrase
    with or without them)."""
    return "".join(fold_for_matching(text).split())


@cache
def query_fillers() -> frozenset[str]:
    """Question words, particles and light verbs of ``query_fillers_th.txt`` (folded)."""
    text = files("search_index.data").joinpath(FILLERS_FILE).read_text(encoding="utf-8")
    words = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(fold_for_matching(word) for word in words if word)


def drop_fillers(text: str) -> str:
    """``text`` with its filler words replaced by spaces and otherwise as written:
    "ฟ้องหย่าได้ด้วยเหตุอะไรบ้าง" → "ฟ้องหย่าได้ด้วยเหตุ".  A text made only of fillers
    comes back unchanged, so that a query is never emptied."""
    fillers = query_fillers()
    spans = word_spans(text)
    dropped = [(start, end) for word, start, end in spans if fold_for_matching(word) in fillers]
    if not dropped or len(dropped) == len(spans):
        return text
    pieces: list[str] = []
    position = 0
    for start, end in dropped:
        pieces.append(text[position:start])
        pieces.append(" ")
        position = end
    pieces.append(text[position:])
    return " ".join("".join(pieces).split())


@cache
def synonym_table() -> dict[str, tuple[str, ...]]:
    """Folded everyday phrase → legal terms (several lines for one phrase are merged).
    A phrase is also keyed without its filler words, as search-box queries are searched
    without them (:func:`drop_fillers`): "โดนขโมย" is found as written and as "ขโมย"."""
    table: dict[str, tuple[str, ...]] = {}
    for source, targets in read_table(SYNONYMS_FILE):
        for key in dict.fromkeys((thai_key(source), thai_key(drop_fillers(source)))):
            merged = list(table.get(key, ()))
            merged.extend(t for t in targets if t not in merged)
            table[key] = tuple(merged)
    return table


def english_key(words: list[str]) -> tuple[str, ...]:
    return tuple(stem(word) for word in words)


@cache
def glossary_table() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Stemmed English words → Thai terms."""
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    for source, targets in read_table(GLOSSARY_FILE):
        key = english_key(_ENGLISH_WORD.findall(source.lower()))
        merged = list(table.get(key, ()))
        merged.extend(t for t in targets if t not in merged)
        table[key] = tuple(merged)
    return table


def thai_expansions(text: str) -> list[Expansion]:
    """Everyday phrases found in ``text`` with their legal terms, longest first, no overlaps.

    "ถูกขโมยมือถือ" → [Expansion("ขโมย", ("ลักทรัพย์",))].  A phrase counts only where it
    starts and ends on word boundaries: "บ้าน" (a house) is not in "เพื่อนบ้าน" (a neighbour).
    """
    words = [fold_for_matching(word).replace(" ", "") for word in segment(text)]
    folded = "".join(words)
    boundaries = {0}
    for word in words:
        boundaries.add(max(boundaries) + len(word))
    table = synonym_table()
    taken = [False] * len(folded)
    found: list[tuple[int, Expansion]] = []
    for key in sorted(table, key=len, reverse=True):
        start = folded.find(key)
        while start >= 0:
            end = start + len(key)
            if start in boundaries and end in boundaries and not any(taken[start:end]):
                for i in range(start, end):
                    taken[i] = True
                found.append((start, Expansion(key, table[key])))
                break
            start = folded.find(key, start + 1)
    return [expansion for _, expansion in sorted(found, key=lambda item: item[0])]


def english_expansions(text: str) -> list[Expansion]:
    """English legal terms in ``text`` with their Thai terms: "breach of contract" →
    ("ผิดสัญญา",); "leases" → ("เช่าทรัพย์",)."""
    words = _ENGLISH_WORD.findall(text.lower())
    table = glossary_table()
    found: list[Expansion] = []
    i = 0
    while i < len(words):
        for size in range(min(MAX_ENGLISH_WORDS, len(words) - i), 0, -1):
            key = english_key(words[i : i + size])
            if key in table:
                found.append(Expansion(" ".join(words[i : i + size]), table[key]))
                i += size
                break
        else:
            i += 1
    return found
