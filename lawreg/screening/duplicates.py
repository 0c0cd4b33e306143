"""Near-duplicate provisions: MinHash signatures of word shingles, LSH banding, exact check.

Comparing every pair of 300,000 sections is 4.5 × 10¹⁰ comparisons; MinHash + LSH turns
that into near-linear work.  Each section becomes the set of its word 3-shingles (hashed
to 32 bits); ``bands × rows`` universal hash functions give a signature whose agreement
rate estimates the Jaccard similarity; sections that agree on all rows of any one band
share a bucket and become a candidate pair, and only candidates get the exact Jaccard of
their shingle sets.  With 32 bands of 4 rows a pair at similarity 0.6 is a candidate with
probability 0.99, one at 0.2 with probability 0.05.

Boilerplate — short title, commencement, minister in charge, repeal clauses, definitions —
is identical across laws by design; :func:`is_boilerplate` keeps it out of the comparison.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ..thai.numbers import ORDINAL_SUFFIXES
from .catalogue import Catalogue
from .matcher import TokenizedText, find_matches

# The largest prime below 2³²: with a, x < 2³² the product a·x fits in 64 bits exactly, so
# h(x) = (a·x mod p + b) mod p is a true universal hash computed in uint64.
_PRIME = np.uint64(4_294_967_291)
_LABELS = {"มาตรา", "ข้อ"}
MAX_BUCKET = 400  # a bucket larger than this is a formula repeated everywhere; sampled


def body_tokens(tokens: Sequence[str]) -> Sequence[str]:
    """The tokens without a leading "มาตรา 12 ทวิ" (codes repeat the label in the text)."""
    if len(tokens) >= 2 and tokens[0] in _LABELS:
        skip = 2
        if len(tokens) > 2 and tokens[2] in ORDINAL_SUFFIXES:
            skip = 3
        return tokens[skip:]
    return tokens


def is_boilerplate(catalogue: Catalogue, text: TokenizedText) -> str | None:
    """Why the section is boilerplate ("formula", "standard" or "definitions"), or None.

    A formula is a short section (at most ``boilerplate.max_words`` words) matching one of
    the catalogue's boilerplate patterns: "พระราชบัญญัตินี้เรียกว่า ...", "ให้ใช้บังคับตั้งแต่
    วันถัดจากวันประกาศในราชกิจจานุเบกษา", "ให้รัฐมนตรี...รักษาการตามพระราชบัญญัตินี้", "ให้ยกเลิก
    ...".  A parallel offence ("penalty") is a penalty clause whose conduct is a few words
    ("ผู้ใดฝ่าฝืนมาตรา ๓๘ ต้องระวางโทษ ..."): its neighbours share the formula, not the conduct.
    A standard clause (at most ``standard_clause_max_words``) is one every Act of a kind
    repeats: a quorum, a term of office, an official's identity card.  A definitions section
    defines two or more terms ("“X” หมายความว่า ...").
    """
    words = len(body_tokens(text.tokens))
    if words <= catalogue.boilerplate_max_words:
        for pattern in catalogue.boilerplate_patterns:
            if find_matches(pattern, text):
                return "formula"
    if _parallel_offence(catalogue, text):
        return "penalty"
    if words <= catalogue.standard_clause_max_words:
        for pattern in catalogue.standard_clause_patterns:
            if find_matches(pattern, text):
                return "standard"
    if len(find_matches(catalogue.definition_pattern, text)) >= 2:
        return "definitions"
    return None


def _parallel_offence(catalogue: Catalogue, text: TokenizedText) -> bool:
    """A penalty clause whose conduct is a few words referring to another rule."""
    if catalogue.penalty_pattern is None or catalogue.penalty_conduct_pattern is None:
        return False
    penalties = find_matches(catalogue.penalty_pattern, text)
    if not penalties:
        return False
    first = penalties[0][0]
    if len(body_tokens(text.tokens[:first])) > catalogue.penalty_conduct_max_words:
        return False
    return any(start < first for start, _ in find_matches(catalogue.penalty_conduct_pattern, text))


def shingle_hashes(tokens: Sequence[str], size: int) -> np.ndarray:
    """Sorted unique 32-bit hashes of the word ``size``-shingles (stable across runs)."""
    if len(tokens) < size:
        grams = [" ".join(tokens)] if tokens else []
    else:
        grams = [" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)]
    values = {
        int.from_bytes(hashlib.blake2b(g.encode("utf-8"), digest_size=4).digest(), "little")
        for g in grams
    }
    return np.array(sorted(values), dtype=np.uint64)


class MinHasher:
    """``bands × rows`` hash functions h(x) = (a·x + b) mod p, fixed by a seed."""

    def __init__(self, bands: int, rows: int, seed: int = 20261127) -> None:
        self.bands, self.rows = bands, rows
        rng = np.random.default_rng(seed)
        count = bands * rows
        self.a = rng.integers(1, int(_PRIME), size=count, dtype=np.uint64)[:, None]
        self.b = rng.integers(0, int(_PRIME), size=count, dtype=np.uint64)[:, None]

    def signature(self, hashes: np.ndarray) -> np.ndarray:
        values = (self.a * (hashes[None, :] % _PRIME)) % _PRIME
        return ((values + self.b) % _PRIME).min(axis=1)

    def band_keys(self, signature: np.ndarray) -> list[bytes]:
        return [
            signature[i * self.rows : (i + 1) * self.rows].tobytes() for i in range(self.bands)
        ]


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    common = np.intersect1d(a, b, assume_unique=True).size
    return common / (a.size + b.size - common)


@dataclass(frozen=True)
class DuplicatePair:
    first: int  # indexes into the caller's sequence
    second: int
    similarity: float


class DuplicateIndex:
    """Collects sections one at a time (so a large corpus never sits in memory as text)
    and reports the near-duplicate pairs at the end."""

    def __init__(self, bands: int, rows: int, shingle_size: int, min_words: int) -> None:
        self.hasher = MinHasher(bands, rows)
        self.shingle_size = shingle_size
        self.min_words = min_words
        self.buckets: list[dict[bytes, list[int]]] = [defaultdict(list) for _ in range(bands)]
        self.shingles: dict[int, np.ndarray] = {}
        self.groups: dict[int, object] = {}

    def shingles_of(self, tokens: Sequence[str]) -> np.ndarray | None:
        """The shingle hashes of a section, or None when it is too short to compare."""
        body = body_tokens(tokens)
        if len(body) < self.min_words:
            return None
        return shingle_hashes(body, self.shingle_size)

    def add(self, item: int, tokens: Sequence[str], group: object = None) -> bool:
        """Index ``item``; ``group`` (e.g. the section's identity) marks items never paired
        with each other.  Returns False when the section is too short to compare."""
        hashes = self.shingles_of(tokens)
        if hashes is None:
            return False
        self.add_shingles(item, hashes, group)
        return True

    def band_keys(self, hashes: np.ndarray) -> list[bytes]:
        return self.hasher.band_keys(self.hasher.signature(hashes))

    def add_shingles(
        self, item: int, hashes: np.ndarray, group: object = None, keys: list[bytes] | None = None
    ) -> None:
        """Index shingles (with their band keys when already computed elsewhere)."""
        self.shingles[item] = hashes
        self.groups[item] = group
        for band, key in enumerate(keys if keys is not None else self.band_keys(hashes)):
            self.buckets[band][key].append(item)

    def candidates(self) -> set[tuple[int, int]]:
        pairs: set[tuple[int, int]] = set()
        for band in self.buckets:
            for members in band.values():
                if len(members) < 2:
                    continue
                members = members[:MAX_BUCKET]
                for i, first in enumerate(members):
                    for second in members[i + 1 :]:
                        pairs.add((first, second) if first < second else (second, first))
        return pairs

    def pairs(self, min_similarity: float) -> list[DuplicatePair]:
        found = []
        for first, second in sorted(self.candidates()):
            group = self.groups[first]
            if group is not None and group == self.groups[second]:
                continue
            similarity = jaccard(self.shingles[first], self.shingles[second])
            if similarity >= min_similarity:
                found.append(DuplicatePair(first, second, round(similarity, 4)))
        return found


def near_duplicates(
    token_lists: Iterable[Sequence[str]], bands: int = 32, rows: int = 4,
    shingle_size: int = 3, min_words: int = 15, min_similarity: float = 0.6,
) -> list[DuplicatePair]:
    """Near-duplicate pairs among ``token_lists`` (indexes in iteration order)."""
    index = DuplicateIndex(bands, rows, shingle_size, min_words)
    for item, tokens in enumerate(token_lists):
        index.add(item, tokens)
    return index.pairs(min_similarity)
