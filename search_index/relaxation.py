"""Relaxing query words the statute book does not use as one word.

The segmenter's dictionary knows many compounds as single words ("บัตรประชาชน",
"กฎหมายแรงงาน", "เงินชดเชย"), but the laws write them differently ("บัตรประจำตัวประชาชน",
"กฎหมายว่าด้วยการคุ้มครองแรงงาน", "ค่าชดเชย"): as one index term such a word matches a
handful of sections or none, and a query made of it finds nothing ("กฎหมายแรงงาน" gave 0
hits).  :func:`split_rare_word` splits a rare query word into the fewest pieces that are
each a common word of the index, so the query can also look for the pieces near each other
("บัตร" … "ประชาชน"), the way the law spells the idea.

Only the index decides: no word list, so it works for any law imported.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

# A query word found in at most this many sections is "rare" and worth relaxing.
RARE_WORD_DF = 2
# Each piece must be an ordinary word of the index: in at least this many sections.
PIECE_MIN_DF = 5
MIN_PIECE_CHARS = 2
MAX_PIECES = 3


def split_rare_word(word: str, doc_frequency: Callable[[str], int]) -> list[str] | None:
    """The fewest pieces (2 to :data:`MAX_PIECES`) that concatenate to ``word``, each of at
    least :data:`MIN_PIECE_CHARS` characters and :data:`PIECE_MIN_DF` sections; among
    splits with as many pieces, the one whose rarest piece is the most common.  ``None``
    when the word is common enough as it is, Latin or digits, or has no such split."""
    if not word or word.isascii() or doc_frequency(word) > RARE_WORD_DF:
        return None

    @cache
    def frequency(piece: str) -> int:
        return doc_frequency(piece) if len(piece) >= MIN_PIECE_CHARS else 0

    @cache
    def best(start: int, pieces: int) -> tuple[int, tuple[str, ...]] | None:
        """The best split of word[start:] into exactly ``pieces`` pieces: (rarest df, pieces)."""
        rest = word[start:]
        if pieces == 1:
            df = frequency(rest)
            return (df, (rest,)) if df >= PIECE_MIN_DF else None
        found: tuple[int, tuple[str, ...]] | None = None
        for end in range(start + MIN_PIECE_CHARS, len(word) - MIN_PIECE_CHARS * (pieces - 1) + 1):
            head = word[start:end]
            df = frequency(head)
            if df < PIECE_MIN_DF:
                continue
            tail = best(end, pieces - 1)
            if tail is None:
                continue
            candidate = (min(df, tail[0]), (head, *tail[1]))
            if found is None or candidate[0] > found[0]:
                found = candidate
        return found

    for pieces in range(2, MAX_PIECES + 1):
        split = best(0, pieces)
        if split is not None:
            return list(split[1])
    return None


MAX_VARIANTS = 8


def spelled_out(pieces: list[str], word: str, terms_with_prefix: Callable[[str], list[str]]) -> list[str]:
    """Index words that write the pieces of ``word`` with more between them: for
    บัตร + ประชาชน, "บัตรประจำตัวประชาชน".  A word qualifies when it starts with the first
    piece, ends with the last and holds the others in order; at most :data:`MAX_VARIANTS`."""
    found: list[str] = []
    for term in terms_with_prefix(pieces[0]):
        if term == word or not term.endswith(pieces[-1]) or len(term) <= len(word):
            continue
        position = len(pieces[0])
        for piece in pieces[1:-1]:
            position = term.find(piece, position)
            if position < 0:
                break
            position += len(piece)
        else:
            found.append(term)
            if len(found) >= MAX_VARIANTS:
                break
    return found
