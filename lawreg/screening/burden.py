"""Regulatory burden in the manner of QuantGov's RegData: restrictive words per law.

RegData counts "shall", "must", "may not", "required", "prohibited" in the U.S. Code of
Federal Regulations; the Thai equivalents are obligation and prohibition words ("ต้อง",
"จะต้อง", "ห้าม", "มิให้", "ห้ามมิให้") and licensing words ("ใบอนุญาต", "ต้องได้รับอนุญาต"),
listed in the catalogue.  Counts are words of the segmented text, longest term first, so
"ห้ามมิให้" is one restriction and "จำต้อง" is not also a "ต้อง".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..thai.normalize import fold_for_matching
from .matcher import TokenizedText


@dataclass
class Burden:
    restrictions: int = 0
    words: int = 0
    terms: Counter[str] = field(default_factory=Counter)

    @property
    def per_thousand_words(self) -> float:
        return round(1000 * self.restrictions / self.words, 2) if self.words else 0.0

    def add(self, other: Burden) -> None:
        self.restrictions += other.restrictions
        self.words += other.words
        self.terms.update(other.terms)


def section_burden(text: TokenizedText, terms: Sequence[str]) -> Burden:
    """Restrictive terms of one text: each occurrence ends where a word ends, overlapping
    occurrences count once at the longest term."""
    folded = sorted({fold_for_matching(t) for t in terms}, key=len, reverse=True)
    hits: list[tuple[int, int, str]] = []
    for term in folded:
        position = text.compact.find(term)
        while position != -1:
            end = position + len(term)
            if text.is_boundary(end):
                hits.append((position, -len(term), term))
            position = text.compact.find(term, position + 1)
    burden = Burden(words=len(text.tokens))
    covered = -1
    for position, negative_length, term in sorted(hits):
        if position < covered:
            continue
        covered = position - negative_length
        burden.restrictions += 1
        burden.terms[term] += 1
    return burden


def law_burden(texts: Iterable[TokenizedText], terms: Sequence[str]) -> Burden:
    total = Burden()
    for text in texts:
        total.add(section_burden(text, terms))
    return total
