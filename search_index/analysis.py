"""The Thai analyzer: one chain of tokenizer and filters used at index AND at query time.

Thai has no spaces between words, so Whoosh's regex tokenizers would index whole clauses
as single terms.  :class:`ThaiWordTokenizer` asks :func:`lawreg.thai.segment.word_spans` (the
project's only segmenter) for words and their offsets in the ORIGINAL text, and yields them
in the shape of Whoosh's own tokenizers: one reused :class:`~whoosh.analysis.Token`, with
``pos`` and ``startchar``/``endchar`` set only when the caller asks.  That shape is what
makes phrase queries (positions) and highlighting (character offsets) work unchanged.

What it does to each word, in one step per word (remembered, since legal text reuses a few
tens of thousands of words): lowercase Latin words in Thai text ("Thailand", "SMS"); Porter
stemming for Latin tokens only ("leases" → "leas" — a Porter stemmer would mangle Thai); Thai
digits as Arabic, so "มาตรา ๒๘๘" meets "มาตรา 288"; and at index time "การกู้เงิน" is also
indexed as "กู้เงิน".  Optionally a :class:`~whoosh.analysis.StopFilter` over
:data:`THAI_STOP_WORDS` follows.  tests/search/reference_chain.py spells the same analysis
out as a plain Whoosh tokenizer and filter chain, and the tests hold the two equal.

The schema stores the analyzer (Whoosh pickles it with the index), so a query is always
analysed by exactly the chain its field was indexed with.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Literal

from whoosh.analysis import (
    StemmingAnalyzer,
    StopFilter,
    Token,
    Tokenizer,
)
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.lang.porter import stem

from lawreg.thai.digits import to_arabic_digits
from lawreg.thai.segment import segment, word_spans

# Thai function words that carry no topic: conjunctions, prepositions, particles and the
# auxiliaries of statutory drafting ("ให้", "ได้").  Kept short on purpose: words such as
# "ไม่" (negation), "ผู้" (person) or "ต้อง" (must) change the meaning of a provision.
THAI_STOP_WORDS = frozenset(
    ["และ", "หรือ", "ที่", "ซึ่ง", "อัน", "ของ", "ใน", "แก่", "แห่ง", "กับ", "โดย", "จาก", "เป็น", "ได้", "ให้", "ไว้", "แล้ว", "นั้น", "นี้", "ก็", "จะ", "ว่า", "ถ้า", "เมื่อ", "แต่", "ต่อ", "ด้วย", "ตาม", "เพื่อ", "ไป", "มา", "อยู่", "คือ"]
)
ENGLISH_STOP_WORDS = frozenset(
    ["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "or", "the", "to", "with"]
)


def is_word(token: str) -> bool:
    """A token worth indexing: it has at least one letter or digit (not "(", "“", "-")."""
    return any(ch.isalnum() for ch in token)


def is_latin(token: str) -> bool:
    return token.isascii() and any(ch.isalpha() for ch in token)


CACHED_TEXT_CHARS = 160


def trim_punctuation(text: str, start: int, end: int) -> tuple[str, int, int]:
    """"(ก)" → "ก", "“โดยทุจริต”" → "โดยทุจริต": brackets and quotes the segmenter left on a
    word must not make it a different term.  Inner punctuation stays ("134/1", "ป.วิ.อ")."""
    lead = 0
    while lead < len(text) and _is_punctuation(text[lead]):
        lead += 1
    trail = 0
    while trail < len(text) - lead and _is_punctuation(text[len(text) - 1 - trail]):
        trail += 1
    if lead or trail:
        return text[lead : len(text) - trail], start + lead, end - trail
    return text, start, end


def _is_punctuation(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PSZ"


@lru_cache(maxsize=20_000)
def _cached_spans(value: str) -> tuple[tuple[str, int, int], ...]:
    """Short texts repeat in every section document of a law (its title, abbreviations) and
    in queries, so their segmentation is remembered."""
    return tuple(word_spans(value))


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return stem(word)


NOMINALIZERS = ("การ", "ความ")


def index_term(word: str) -> str:
    """What the chain above makes of one (trimmed) word: lowercase, Porter stem if Latin,
    Thai digits as Arabic."""
    word = word.lower()
    if is_latin(word):
        word = _stem(word)
    return to_arabic_digits(word)


def bare_form(term: str) -> str | None:
    """The term without its nominaliser ("การกู้เงิน" → "กู้เงิน"), or None."""
    for prefix in NOMINALIZERS:
        if term.startswith(prefix) and len(term) > len(prefix) + 1:
            return term[len(prefix) :]
    return None


# Per segmenter word: None (not a word), or (characters trimmed at the start, at the end,
# index term, bare form).  Legal text reuses a few tens of thousands of words.
_WordInfo = tuple[int, int, str, str | None] | None
_WORDS: dict[str, _WordInfo] = {}
MAX_CACHED_WORDS = 200_000


def _word_info(word: str) -> _WordInfo:
    info: _WordInfo | Literal[False] = _WORDS.get(word, False)
    if info is not False:
        return info
    if is_word(word):
        trimmed, lead, end = trim_punctuation(word, 0, len(word))
        term = index_term(trimmed)
        info = (lead, len(word) - end, term, bare_form(term))
    else:
        info = None
    if len(_WORDS) >= MAX_CACHED_WORDS:
        _WORDS.clear()
    _WORDS[word] = info
    return info


class ThaiWordTokenizer(Tokenizer):
    """Thai words with positions and original offsets, each word's terms computed once and
    remembered: a third of the cost of a tokenizer followed by four filter generators
    (indexing is dominated by per-token work).  Punctuation and whitespace are not tokens;
    positions count words only, so a phrase query "ลัก ทรัพย์" matches across a comma or a
    line break the way a reader expects.
    """

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__

    def __hash__(self) -> int:
        return hash(self.__class__)

    def __call__(
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
        expand = mode == "index"
        if not tokenize:
            token.original = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            token.text = term = index_term(value)
            yield token
            bare = bare_form(term) if expand else None
            if bare is not None:
                token.text = bare
                if chars:
                    token.startchar += len(term) - len(bare)
                yield token
            return
        pos = start_pos
        spans = _cached_spans(value) if len(value) <= CACHED_TEXT_CHARS else word_spans(value)
        for word, start, end in spans:
            info: _WordInfo | Literal[False] = _WORDS.get(word, False)
            if info is False:
                info = _word_info(word)
            if info is None:
                continue
            lead, trail, term, bare = info
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = word[lead : len(word) - trail]
            if positions:
                token.pos = pos
            if chars:
                token.startchar = start_char + start + lead
                token.endchar = start_char + end - trail
            pos += 1
            yield token
            if bare is not None and expand:
                token.text = bare
                if chars:
                    token.startchar += len(term) - len(bare)
                yield token


def index_positions(value: str) -> dict[str, list[int]]:
    """Term → positions of ``value``, exactly what :class:`ThaiWordTokenizer` yields at index
    time (bare forms included), without Token objects or character offsets.

    The bulk index builder (:mod:`search_index.bulk`) calls this instead of the analyzer for
    fields whose analyzer is :func:`is_plain_thai_analyzer`; tests hold the two equal.
    """
    if len(value) <= CACHED_TEXT_CHARS:
        words: Iterable[str] = (word for word, _, _ in _cached_spans(value))
    else:
        words = segment(value)
    positions: defaultdict[str, list[int]] = defaultdict(list)
    pos = 0
    for word in words:
        info: _WordInfo | Literal[False] = _WORDS.get(word, False)
        if info is False:
            info = _word_info(word)
        if info is None:
            continue
        positions[info[2]].append(pos)
        if info[3] is not None:
            positions[info[3]].append(pos)
        pos += 1
    return positions


def is_plain_thai_analyzer(analyzer: object) -> bool:
    """The analyzer is the Thai tokenizer alone (no stop filter): :func:`index_positions`
    gives its index terms."""
    return analyzer == CompositeAnalyzer(ThaiWordTokenizer())


def thai_analyzer(stop_words: bool = False) -> CompositeAnalyzer:
    """The analyzer of every Thai text field; ``stop_words`` adds the Thai stop list.

    Without a stop list, BM25's IDF already gives "และ" or "ที่" almost no weight; the
    stop list mainly makes the index smaller (see search_index/README in the report).
    """
    chain = CompositeAnalyzer(ThaiWordTokenizer())
    if stop_words:
        chain = chain | StopFilter(stoplist=THAI_STOP_WORDS | ENGLISH_STOP_WORDS, minsize=1)
    return chain


def english_analyzer() -> CompositeAnalyzer:
    """English titles: Whoosh's stemming analyzer (regex words, lowercase, stop words, Porter)."""
    return StemmingAnalyzer()


def analyze(analyzer: CompositeAnalyzer, text: str) -> list[str]:
    """Token texts of ``text`` as the index would store them (query-time helper)."""
    return [token.text for token in analyzer(text, mode="query")]
