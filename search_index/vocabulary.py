"""Bridges from a citizen's words to the words of the law.

Two hand-curated tables in ``search_index/data/``:

* ``synonyms_th.tsv`` — everyday Thai → legal Thai: "ขโมย" → "ลักทรัพย์", "เช่าบ้าน" →
  "เช่าทรัพย์".  A person who asks "โดนขโมยมือถือ" should reach ประมวลกฎหมายอาญา มาตรา 334.
* ``glossary_en_th.tsv`` — English legal term → Thai term(s): "theft" → "ลักทรัพย์".

Format of both: one entry per line, ``source<TAB>target1|target2``; ``#`` starts a comment.
Matching is on :func:`lawreg.thai.normalize.fold_for_matching` text with spaces removed (Thai
users space words arbitrarily) for Thai, and on Porter-stemmed words for English ("leases"
meets "lease").  The longest entry wins and matches do not overlap.

The English words the glossary does not list are looked up in ``wordnet_en_th.tsv.xz``,
generated from two wordnets rather than written (:func:`wordnet_expansions`).
"""

from __future__ import annotations

import lzma
import re
from collections.abc import Callable, Iterable
from functools import cache
from importlib.resources import files

from whoosh.analysis import STOP_WORDS
from whoosh.lang.porter import stem

from lawreg.search.errors import SearchDataRejected
from lawreg.search.results import Expansion
from lawreg.thai.normalize import fold_for_matching
from lawreg.thai.segment import segment, word_spans

SYNONYMS_FILE = "synonyms_th.tsv"
GLOSSARY_FILE = "glossary_en_th.tsv"
WORDNET_FILE = "wordnet_en_th.tsv.xz"  # written by bench/make_wordnet_glossary.py
FILLERS_FILE = "query_fillers_th.txt"
_ENGLISH_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
MAX_ENGLISH_WORDS = 5
MIN_HEAD = 4  # a phrase's word may be the head of a query word this long or longer
MAX_GAP = 2  # words between those of a phrase written apart


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
    """Everyday phrases found in ``text`` with their legal terms, in order, no overlaps.

    "ถูกขโมยมือถือ" → [Expansion("ขโมย", ("ลักทรัพย์",))].  A phrase counts only where it
    starts and ends on word boundaries: "บ้าน" (a house) is not in "เพื่อนบ้าน" (a neighbour).
    The longest phrases written as in the table are found first; then a phrase of several
    words counts where the text holds all its words apart or in another order, as people
    write them, with at most :data:`MAX_GAP` other words among them, a word of the phrase
    also counting as the head of a longer word ("ปล่อย" of "ปล่อยทิ้ง"):
    "สามีทำร้ายร่างกายภรรยา" holds "สามีทำร้ายภรรยา", "หมาไปปล่อยทิ้ง" holds "ปล่อยหมา".
    Each phrase counts once, where it is first found.
    """
    words = [fold_for_matching(word).replace(" ", "") for word in segment(text)]
    folded = "".join(words)
    starts = [0]
    for word in words:
        starts.append(starts[-1] + len(word))
    boundaries = set(starts)
    # Where each word (and the head of a compound: "ปล่อย" of "ปล่อยทิ้ง") first is:
    # (its index among the words, its characters).
    places: dict[str, tuple[int, range]] = {}
    for index, (word, start) in enumerate(zip(words, starts[:-1], strict=True)):
        for size in [len(word), *range(MIN_HEAD, len(word))]:
            if size:
                places.setdefault(word[:size], (index, range(start, start + size)))
    table = synonym_table()
    written = _apart_keys()
    candidates: list[tuple[int, int, list[range], str]] = []  # longest, as written first
    for key in table:
        written_here = [start for start in _occurrences(folded, key)
                        if start in boundaries and start + len(key) in boundaries]
        for start in written_here:
            candidates.append((-len(key), 0, [range(start, start + len(key))], key))
        if written_here:
            continue
        parts = _key_words(key)
        if len(parts) > 1 and all(part in places for part in parts) and key in written:
            at = [places[part] for part in parts]
            indexes = {index for index, _ in at}
            if len(indexes) == len(parts) and max(indexes) - min(indexes) < len(parts) + MAX_GAP:
                candidates.append((-len(key), 1, [chars for _, chars in at], key))
    taken = [False] * len(folded)
    found: list[tuple[int, Expansion]] = []
    keys_found: set[str] = set()
    for _, _, spans, key in sorted(candidates, key=lambda c: (c[0], c[1], c[2][0].start)):
        if key in keys_found or any(taken[i] for span in spans for i in span):
            continue
        keys_found.add(key)
        for span in spans:
            for i in span:
                taken[i] = True
        found.append((min(span.start for span in spans), Expansion(key, table[key])))
    return [expansion for _, expansion in sorted(found, key=lambda item: item[0])]


def _occurrences(text: str, key: str) -> list[int]:
    """Where ``key`` starts in ``text``, every place."""
    found: list[int] = []
    start = text.find(key)
    while start >= 0:
        found.append(start)
        start = text.find(key, start + 1)
    return found


@cache
def _apart_keys() -> frozenset[str]:
    """The phrases that may be found with their words apart: those written in the table
    (not their forms without fillers) and holding no filler word ("ไม่มาศาล" is not found
    in "ไม่ได้รับอนุญาต ศาลจะลงโทษ")."""
    fillers = query_fillers()
    keys = (thai_key(source) for source, _ in read_table(SYNONYMS_FILE))
    return frozenset(key for key in keys if not fillers.intersection(_key_words(key)))


@cache
def _key_words(key: str) -> tuple[str, ...]:
    """The words of a table phrase, as the query's words are compared with them."""
    return tuple(dict.fromkeys(w for w in (fold_for_matching(w).replace(" ", "")
                                           for w in segment(key)) if w))


def english_expansions(text: str) -> list[Expansion]:
    """English legal terms in ``text`` with their Thai terms: "breach of contract" →
    ("ผิดสัญญา",); "leases" → ("เช่าทรัพย์",)."""
    table = glossary_table()

    def lookup(chunk: list[str]) -> Expansion | None:
        key = english_key(chunk)
        return Expansion(" ".join(chunk), table[key]) if key in table else None

    return _longest_matches(_ENGLISH_WORD.findall(text.lower()), MAX_ENGLISH_WORDS, lookup)


def _longest_matches(words: list[str], longest: int,
                     lookup: Callable[[list[str]], Expansion | None]) -> list[Expansion]:
    """Left to right, the longest run of ``words`` (at most ``longest``) that ``lookup``
    knows, then on after it; a word no run starting at it is known by is skipped."""
    found: list[Expansion] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            expansion = lookup(words[i : i + size])
            if expansion is not None:
                found.append(expansion)
                i += size
                break
        else:
            i += 1
    return found


@cache
def wordnet_table() -> dict[str, tuple[tuple[str, ...], ...]]:
    """English lemma → the Thai words of each of its most frequent senses, in order."""
    raw = files("search_index.data").joinpath(WORDNET_FILE).read_bytes()
    senses: dict[str, list[tuple[str, ...]]] = {}
    for line in lzma.decompress(raw).decode("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        lemma, _, words = line.split("\t")
        senses.setdefault(lemma, []).append(tuple(words.split("|")))
    return {lemma: tuple(found) for lemma, found in senses.items()}


# English inflections back to WordNet's lemmas (the "morphy" rules of WordNet's own library).
_SUFFIXES = (("ies", "y"), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
             ("men", "man"), ("s", ""), ("ing", "e"), ("ing", ""), ("ed", "e"), ("ed", ""), ("es", "e"),
             ("es", ""), ("er", ""), ("est", ""))
MAX_WORDNET_WORDS = 3  # the longest English phrase looked up ("insider trading", "interest rate")
# Words of a question, not of its subject: never looked up on their own.
_QUESTION_WORDS = frozenset(STOP_WORDS) | frozenset(
    ["i", "me", "my", "mine", "we", "our", "you", "your", "he", "him", "his", "she", "her", "they", "them", "their", "do", "does", "did", "done", "can", "could", "should", "would", "will", "shall", "must", "may", "might", "what", "when", "where", "who", "whom", "which", "why", "how", "get", "got", "have", "has", "had", "am", "been", "being", "want", "need", "there", "here", "any", "some", "about", "please", "allowed", "legal", "law", "laws", "thailand", "thai"])


def _lemma(words: list[str], table: dict[str, tuple[tuple[str, ...], ...]]) -> str | None:
    phrase = " ".join(words)
    if phrase in table:
        return phrase
    head, last = words[:-1], words[-1]
    for suffix, replacement in _SUFFIXES:
        if last.endswith(suffix) and len(last) > len(suffix) + 2:
            candidate = " ".join([*head, last[: -len(suffix)] + replacement])
            if candidate in table:
                return candidate
    return None


def wordnet_expansions(text: str, covered: Iterable[str] = ()) -> list[Expansion]:
    """The Thai words of the English words and phrases in ``text`` that the hand-written
    glossary did not take (``covered``: the sources of its expansions), through WordNet
    (:data:`WORDNET_FILE`): "pawnshop" → ("สถานธนานุบาล", "โรงรับจำนำ", ...).  The
    longest phrase wins; stop words ("the", "can", "what") are never looked up.  Terms come
    in the order of the word's senses, the most frequent first."""
    taken = {word for source in covered for word in _ENGLISH_WORD.findall(source.lower())}
    table = wordnet_table()

    def lookup(chunk: list[str]) -> Expansion | None:
        if any(word in taken for word in chunk) or (len(chunk) == 1 and chunk[0] in _QUESTION_WORDS):
            return None
        lemma = _lemma(chunk, table)
        if lemma is None:
            return None
        terms = tuple(dict.fromkeys(term for sense in table[lemma] for term in sense))
        return Expansion(" ".join(chunk), terms)

    return _longest_matches(_ENGLISH_WORD.findall(text.lower()), MAX_WORDNET_WORDS, lookup)
