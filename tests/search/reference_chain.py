"""The Thai analysis of search_index.analysis spelled out as a plain Whoosh chain —
tokenizer | LowercaseFilter | LatinStemFilter | DigitFoldFilter | NominalizerFilter — so the
tests can hold the fused :class:`~search_index.analysis.ThaiWordTokenizer` equal to it.

Its tokenizer repeats the word loop of ``ThaiWordTokenizer`` on purpose: a reference shares
no code with what it checks, or a mistake in one would hide in both."""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import Filter, Token, Tokenizer

from lawreg.thai.digits import to_arabic_digits
from lawreg.thai.segment import word_spans
from search_index.analysis import (
    CACHED_TEXT_CHARS,
    NOMINALIZERS,
    _cached_spans,
    _stem,
    is_latin,
    is_word,
    trim_punctuation,
)


class EqualByClass:
    """Two analysis steps of the same class are equal (Whoosh compares schemas by them)."""

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__

    def __hash__(self) -> int:
        return hash(self.__class__)


class ThaiTokenizer(EqualByClass, Tokenizer):
    """Words of Thai (and mixed Thai/Latin) text, with positions and original offsets.

    Punctuation and whitespace are not tokens; positions count words only, so a phrase
    query "ลัก ทรัพย์" matches across a comma or a line break the way a reader expects.
    """

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token
            return
        pos = start_pos
        spans = _cached_spans(value) if len(value) <= CACHED_TEXT_CHARS else word_spans(value)
        for text, start, end in spans:
            if not is_word(text):
                continue
            text, start, end = trim_punctuation(text, start, end)
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            pos += 1
            yield token


class LatinStemFilter(EqualByClass, Filter):
    """Porter-stem Latin tokens ("contracts" → "contract"); leave Thai and numbers alone."""

    is_morph = True

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:  # type: ignore[override]
        for token in tokens:
            if is_latin(token.text):
                token.text = _stem(token.text)
            yield token


class NominalizerFilter(EqualByClass, Filter):
    """At index time, also index "การกู้เงิน" as "กู้เงิน" (same position).

    The segmenter keeps many legal compounds whole, nominalised with การ/ความ ("การกู้เงิน",
    "ความผิด"); a citizen types the bare verb ("กู้เงิน").  Indexing the bare form too lets
    the query meet the text.  Queries are not expanded, so phrases keep their positions.
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:  # type: ignore[override]
        for token in tokens:
            yield token
            if token.mode != "index":
                continue
            for prefix in NOMINALIZERS:
                text = token.text
                if text.startswith(prefix) and len(text) > len(prefix) + 1:
                    token.text = text[len(prefix) :]
                    if token.chars:
                        token.startchar += len(prefix)
                    yield token
                    break


class DigitFoldFilter(EqualByClass, Filter):
    """Thai digits as Arabic: "๑๓๔/๑" → "134/1" (sources and users mix both)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:  # type: ignore[override]
        for token in tokens:
            token.text = to_arabic_digits(token.text)
            yield token
