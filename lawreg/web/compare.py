"""A word-level diff of two texts of a section, on segmented Thai.

Thai has no spaces between words, so a character diff marks fragments of words and a
space-split diff marks whole sentences; the texts are compared as sequences of the words
:func:`lawreg.thai.segment.word_spans` finds (the same segmentation as the search index),
and each word is shown in its original writing with the spaces that followed it.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import NamedTuple

from ..thai.segment import word_spans


class Piece(NamedTuple):
    text: str
    change: str  # "same", "removed" or "added"


def _words(text: str) -> tuple[list[str], list[str]]:
    """The normalised words of ``text`` and, for each, its original text up to the next
    word (so joining the pieces gives back the text); leading text joins the first word."""
    spans = word_spans(text)
    if not spans:
        return ([text] if text else []), ([text] if text else [])
    tokens = [token for token, _start, _end in spans]
    bounds = [0] + [start for _token, start, _end in spans[1:]] + [len(text)]
    return tokens, [text[bounds[i]:bounds[i + 1]] for i in range(len(spans))]


def word_diff(old: str, new: str) -> tuple[list[Piece], list[Piece]]:
    """The old text with its removed words marked, and the new one with its added words."""
    old_words, old_pieces = _words(old)
    new_words, new_pieces = _words(new)
    left: list[Piece] = []
    right: list[Piece] = []
    matcher = SequenceMatcher(None, old_words, new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            left.append(Piece("".join(old_pieces[i1:i2]), "same"))
            right.append(Piece("".join(new_pieces[j1:j2]), "same"))
            continue
        if i2 > i1:
            left.append(Piece("".join(old_pieces[i1:i2]), "removed"))
        if j2 > j1:
            right.append(Piece("".join(new_pieces[j1:j2]), "added"))
    return left, right
