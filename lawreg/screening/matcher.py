"""Token-sequence patterns over segmented, normalised Thai, as written in the rule catalogue.

Thai has no spaces between words, so a plain substring search finds "ศาล" inside
"ศาลา" and "หนังสือ" inside "หนังสือพิมพ์".  Rules therefore match against the words of
:func:`lawreg.thai.segment.word_spans`: by default a phrase must END where a word ends
(so "หนังสือ" never matches "หนังสือพิมพ์"), but may start inside a word, because the
segmenter's dictionary glues legal compounds together ("ทำเป็น|หนังสือ", "ยื่นคำขอ",
"การตาม") and a rule must not depend on how a compound happened to be split.

Pattern syntax (one string, elements separated by spaces)::

    ยื่น|ส่ง ...8 เป็นหนังสือ ... ต่อ @state_actor

- ``a|b``     one of the phrases (written without spaces);
- ``word*``   a phrase that may end inside a word ("ยื่น*" for "ยื่นคำขอ", "อิเล็กทรอนิก*");
- ``=word``   a phrase that must also start where a word starts ("=ศาล" is not "ทศาล");
- ``@name``   any phrase of the catalogue's lexicon ``name``;
- ``...``     a gap of at most the rule's default number of tokens; ``...N`` at most N;
- elements not separated by a gap must be adjacent.

Elements separated by a gap of N may have at most N whole words between them.  Matching
is on :func:`lawreg.thai.normalize.fold_for_matching` forms, so Thai and Arabic digits and
encoding variants compare equal.  A match is reported as word indexes (first, end); the
caller maps them to character spans of the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..thai.digits import to_arabic_digits
from ..thai.normalize import fold_for_matching
from ..thai.segment import word_spans

DEFAULT_GAP = 8
_GAP_RE = re.compile(r"^\.\.\.(\d+)?$")


class PatternError(ValueError):
    """A catalogue pattern that cannot be compiled; the message names the element."""


@dataclass(frozen=True)
class Phrase:
    text: str
    prefix: bool = False  # may end inside a word
    strict_start: bool = False  # must start where a word starts


@dataclass(frozen=True)
class Element:
    """One position of a pattern: alternatives, and the largest gap allowed before it."""

    phrases: tuple[Phrase, ...]
    gap_before: int = 0


@dataclass(frozen=True)
class Pattern:
    source: str
    elements: tuple[Element, ...]
    # For each element, the strings one of which must occur in the text (pre-filter).
    anchors: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class TokenizedText:
    """A text's word tokens in matching form with their spans in the original text."""

    text: str
    tokens: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    compact: str  # the tokens joined without spaces, where phrases are searched
    starts: tuple[int, ...]  # offset in ``compact`` where each token starts

    @classmethod
    def of(cls, text: str) -> TokenizedText:
        spans = word_spans(text)
        # word_spans tokens are normalised already: fold only digits and case.
        tokens = tuple(to_arabic_digits(token).casefold() for token, _, _ in spans)
        starts = []
        position = 0
        for token in tokens:
            starts.append(position)
            position += len(token)
        return cls(
            text, tokens, tuple((s, e) for _, s, e in spans), "".join(tokens), tuple(starts)
        )

    def token_at(self, offset: int) -> int:
        """Index of the token that contains ``compact[offset]``."""
        return bisect_right(self.starts, offset) - 1

    def is_boundary(self, offset: int) -> bool:
        return offset == len(self.compact) or (
            offset < len(self.compact) and self.starts[self.token_at(offset)] == offset
        )

    def char_span(self, first: int, last: int) -> tuple[int, int]:
        """Original-text span of tokens ``first`` .. ``last - 1``."""
        return self.spans[first][0], self.spans[last - 1][1]

    def quote(self, first: int, last: int) -> str:
        start, end = self.char_span(first, last)
        return self.text[start:end]


def compile_pattern(
    source: str, lexicons: Mapping[str, Sequence[str]], default_gap: int = DEFAULT_GAP
) -> Pattern:
    """Compile the pattern syntax of the module docstring; unknown lexicons are errors."""
    elements: list[Element] = []
    gap = 0
    pending_gap = False
    for item in source.split():
        gap_match = _GAP_RE.match(item)
        if gap_match:
            if pending_gap or not elements:
                raise PatternError(f"{source!r}: a gap must sit between two phrases")
            gap = int(gap_match.group(1)) if gap_match.group(1) else default_gap
            pending_gap = True
            continue
        phrases: list[Phrase] = []
        for alternative in item.split("|"):
            if alternative.startswith("@"):
                name = alternative[1:]
                if name not in lexicons:
                    raise PatternError(f"{source!r}: unknown lexicon @{name}")
                phrases.extend(_phrase(word) for word in lexicons[name])
            elif alternative:
                phrases.append(_phrase(alternative))
        if not phrases:
            raise PatternError(f"{source!r}: empty element {item!r}")
        elements.append(Element(tuple(phrases), gap if pending_gap else 0))
        gap, pending_gap = 0, False
    if pending_gap or not elements:
        raise PatternError(f"{source!r}: a pattern must start and end with a phrase")
    # Fewest alternatives first: the pre-filter fails fastest on the most specific element.
    anchors = tuple(sorted((tuple(p.text for p in e.phrases) for e in elements), key=len))
    return Pattern(source, tuple(elements), anchors)


def _phrase(written: str) -> Phrase:
    prefix = written.endswith("*")
    strict = written.startswith("=")
    text = fold_for_matching(written.strip("*=")).replace(" ", "")
    if not text:
        raise PatternError(f"empty phrase {written!r}")
    return Phrase(text, prefix, strict)




def _occurrences(element: Element, text: TokenizedText) -> list[tuple[int, int, int, int]]:
    """(start_char, end_char, first_token, end_token) of every occurrence of the element's
    phrases in ``text.compact`` that respects the phrase's word-boundary rules."""
    found = set()
    compact = text.compact
    for phrase in element.phrases:
        position = compact.find(phrase.text)
        while position != -1:
            end = position + len(phrase.text)
            if (phrase.prefix or text.is_boundary(end)) and (
                not phrase.strict_start or text.is_boundary(position)
            ):
                first = text.token_at(position)
                last = text.token_at(end - 1) + 1
                found.add((position, end, first, last))
            position = compact.find(phrase.text, position + 1)
    return sorted(found)


def could_match(pattern: Pattern, compact: str) -> bool:
    """Cheap test: every element has a phrase that occurs somewhere in the text."""
    return all(any(text in compact for text in anchor) for anchor in pattern.anchors)


def find_matches(pattern: Pattern, text: TokenizedText) -> list[tuple[int, int]]:
    """Non-overlapping (first_token, end_token) matches, leftmost and shortest first."""
    if not text.tokens or not could_match(pattern, text.compact):
        return []
    occurrences = [_occurrences(element, text) for element in pattern.elements]
    if any(not found for found in occurrences):
        return []
    matches: list[tuple[int, int]] = []
    consumed = 0  # compact offset before which nothing may be matched again
    for start_char, end_char, first, last in occurrences[0]:
        if start_char < consumed:
            continue
        end = _match_rest(pattern.elements, occurrences, 1, end_char, last)
        if end is None:
            continue
        end_char_total, end_token = end
        matches.append((first, end_token))
        consumed = end_char_total
    return matches


def _match_rest(
    elements: Sequence[Element],
    occurrences: Sequence[list[tuple[int, int, int, int]]],
    index: int,
    after_char: int,
    after_token: int,
) -> tuple[int, int] | None:
    """(end_char, end_token) of the shortest match of ``elements[index:]`` that starts at
    or after ``after_char`` within the gap allowed before ``elements[index]``."""
    if index == len(elements):
        return after_char, after_token
    gap = elements[index].gap_before
    found = occurrences[index]
    for position in range(bisect_left(found, (after_char,)), len(found)):
        start_char, end_char, first, last = found[position]
        if gap == 0 and start_char != after_char:
            continue
        if first - after_token > gap:
            break
        result = _match_rest(elements, occurrences, index + 1, end_char, last)
        if result is not None:
            return result
    return None


def matches_near(
    pattern: Pattern, text: TokenizedText, first: int, last: int, window: int | None
) -> bool:
    """Whether ``pattern`` matches within ``window`` words of words first..last
    (anywhere in the text when ``window`` is None)."""
    for start, end in find_matches(pattern, text):
        if window is None or (end > first - window and start < last + window):
            return True
    return False
