"""How plausible a piece of Thai is as written text: the yardstick of the PDF repair.

A candidate repair is judged by what newmm makes of it with lawreg's dictionary: how many
characters fall in words the dictionary lacks, how many rare fragments it yields ("นิ",
"เส" — the debris of displaced marks), and how many orthographic rules it breaks (marks on
a base that cannot carry them, two vowels on one base, a space after a leading vowel).
Kept apart from :mod:`lawreg.thai.repair` so that the search is one idea and the scoring
another.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib.resources import files

import nlpo3

from .normalize import THAI_COMBINING, TONE_MARKS
from .segment import dictionary_words_all, legal_terms, nlpo3_dictionary

CONSONANTS = frozenset(chr(c) for c in range(0x0E01, 0x0E2F))  # ก..ฮ (with ฤ ฦ)
MARKS = frozenset(THAI_COMBINING)
TONES = frozenset(TONE_MARKS + "\u0e4c")
_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e]")
# Short tokens rarer than this in the Thai National Corpus ("เส", "นิ", "แหง่") are taken
# for fragments of damaged words, although the dictionary lists them: (length, frequency).
_RARE_SHORT_TOKENS = ((2, 5000), (4, 50))
INVALID_MARK_COST = 10


@cache
def _lexicon() -> frozenset[str]:
    return frozenset(dictionary_words_all())


@cache
def _common_short_words() -> frozenset[str]:
    """Short words frequent enough in the Thai National Corpus to be real words."""
    text = files("pythainlp.corpus").joinpath("tnc_freq.txt").read_text(encoding="utf-8")
    words = set()
    for line in text.splitlines():
        word, _, count = line.partition("\t")
        if not count.isdigit():
            continue
        for length, frequency in _RARE_SHORT_TOKENS:
            if len(word) <= length:
                if int(count) >= frequency:
                    words.add(word)
                break
    return frozenset(words)


@cache
def _legal_vocabulary() -> frozenset[str]:
    return frozenset(legal_terms())


def rare_in_general_thai(token: str) -> bool:
    """A short token too rare in the Thai National Corpus to be trusted as a word."""
    return len(token) <= _RARE_SHORT_TOKENS[-1][0] and token not in _common_short_words()


def is_fragment(token: str) -> bool:
    """:func:`rare_in_general_thai`, unless legal writing uses the word
    (lawreg/data/legal_terms.txt: "จด", "งด", "คนใด")."""
    return rare_in_general_thai(token) and token not in _legal_vocabulary()


LEADING_VOWELS = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")
FOLLOWING_VOWELS = frozenset("\u0e30\u0e32\u0e33\u0e45")
_MARK_CLASS = "".join(sorted(MARKS))
_VOWEL_MARKS = "".join(sorted(MARKS - TONES))
_TONE_CLASS = "".join(sorted(TONES))
# Orthographic errors inside a chunk: marks on a base that cannot carry them (or on none),
# two vowels or two tone marks on one base.
_INVALID_IN_CHUNK = re.compile(
    f"(?:^|[^\u0e01-\u0e2e{_MARK_CLASS}])[{_MARK_CLASS}]+"
    f"|[{_VOWEL_MARKS}][{_TONE_CLASS}]*[{_VOWEL_MARKS}]"
    f"|[{_TONE_CLASS}][{_VOWEL_MARKS}]*[{_TONE_CLASS}]"
)


def _score(text: str) -> tuple[int, int]:
    """(characters in words the dictionary lacks, number of words) of ``text``.

    A rare short token ("นิ", "เส", "แหง่") counts one unknown character even when the
    dictionary lists it: newmm yields such fragments from damaged text.
    """
    lexicon = _lexicon()
    unknown = words = 0
    for token in nlpo3.segment(text, nlpo3_dictionary()):
        if not _THAI_LETTER.search(token):
            continue
        words += 1
        if token.strip() not in lexicon:
            unknown += len(token)
        elif is_fragment(token):
            unknown += 1
    return unknown, words


@lru_cache(maxsize=65536)
def chunk_cost(chunk: str) -> tuple[int, int]:
    """(damage cost, words) of one space-free chunk as the candidate writes it."""
    unknown, words = _score(chunk)
    return unknown + INVALID_MARK_COST * len(_INVALID_IN_CHUNK.findall(chunk)), words


def is_suspect_word(token: str) -> bool:
    """A token that may come from damage: unknown to the dictionary, or a rare fragment."""
    if not _THAI_LETTER.search(token):
        return False
    if token.strip() not in _lexicon():
        return True
    return is_fragment(token)
