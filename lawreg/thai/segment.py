"""Thai word segmentation: one function for the index, queries, screening and repair.

Thai is written without spaces between words, so every search term is a segmentation
decision.  If the index and the query segmented differently, "ค่าสินไหมทดแทน" indexed as one
token would never meet a query split into three, so everything goes through
:func:`word_spans` here.  The engine is newmm (maximal matching over TCCs) in Rust through
``nlpo3`` with a dictionary of pythainlp's word list + lawreg's legal terms
(``lawreg/data/legal_terms.txt``) + the abbreviations of :mod:`lawreg.thai.abbreviations`,
so "ลาภมิควรได้" and "ป.วิ.อ." stay whole.  Text is normalised first (:mod:`.normalize`);
tokens are normalised text, offsets point into the original.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
from functools import cache
from importlib.resources import files
from pathlib import Path

import nlpo3

from .abbreviations import dictionary_words
from .normalize import normalize, normalize_with_spans

_lock = threading.Lock()
_loaded_dict: str | None = None
# Digit runs joined by "/" or "." are one token: section "193/30", case "1234/2560", "1.5".
_NUMBER_PART = re.compile(r"[0-9๐-๙]+")
_JOINERS = {"/", "."}


def legal_terms() -> list[str]:
    """The legal-term list shipped in ``lawreg/data/legal_terms.txt`` (comments dropped)."""
    text = files("lawreg.data").joinpath("legal_terms.txt").read_text(encoding="utf-8")
    return [
        word
        for line in text.splitlines()
        if (word := line.split("#", 1)[0].strip())
    ]


@cache
def dictionary_words_all() -> tuple[str, ...]:
    """Every word of the segmentation dictionary, sorted (also the repair's lexicon)."""
    base = files("pythainlp.corpus").joinpath("words_th.txt").read_text(encoding="utf-8")
    words = {w.strip() for w in base.splitlines() if w.strip()}
    words.update(legal_terms())
    words.update(dictionary_words())
    return tuple(sorted(words))


def nlpo3_dictionary() -> str:
    """The name under which nlpo3 knows lawreg's dictionary, loading it on first use (once
    per process, thread-safe; nlpo3 only reads dictionaries from files)."""
    global _loaded_dict
    if _loaded_dict is not None:
        return _loaded_dict
    with _lock:
        if _loaded_dict is None:
            content = "\n".join(dictionary_words_all()) + "\n"
            digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:16]
            path = Path(tempfile.gettempdir()) / f"lawreg-words-{digest}.txt"
            if not path.exists():
                fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".lawreg-words-")
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(content)
                os.replace(tmp, path)
            name = f"lawreg-{digest}"
            message, ok = nlpo3.load_dict(str(path), name)
            if not ok and "already" not in message.lower():
                raise RuntimeError(f"cannot load the segmentation dictionary {path}: {message}")
            _loaded_dict = name
    return _loaded_dict


def _merge_numbers(tokens: list[str]) -> list[str]:
    """Join "193" "/" "30" into "193/30" (newmm splits at the slash)."""
    merged: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if _NUMBER_PART.fullmatch(token):
            while (
                i + 2 < len(tokens)
                and tokens[i + 1] in _JOINERS
                and _NUMBER_PART.fullmatch(tokens[i + 2])
            ):
                token += tokens[i + 1] + tokens[i + 2]
                i += 2
        merged.append(token)
        i += 1
    return merged


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """Word tokens of ``text`` as (token, start, end), offsets into ``text`` itself.

    Tokens are in normalised form (:func:`lawreg.thai.normalize.normalize`); whitespace is
    not a token.  ``text[start:end]`` is the original writing of the token (it may differ
    from the token where normalisation changed the encoding).
    """
    normalized = normalize_with_spans(text)
    if not normalized.text:
        return []
    raw = nlpo3.segment(normalized.text, nlpo3_dictionary())
    tokens = _merge_numbers(raw) if "/" in raw or "." in raw else raw
    # NormalizedText.original_span with one cursor over the units instead of a binary
    # search per token (tokens come in order): this loop runs for every word indexed.
    starts, source, identity = normalized.starts, normalized.source, normalized.identity
    last = len(starts) - 1
    unit = 0
    spans: list[tuple[str, int, int]] = []
    position = 0
    for token in tokens:
        start = position
        position += len(token)
        if token.isspace():
            continue
        while unit < last and starts[unit + 1] <= start:
            unit += 1
        original_start = (
            source[unit][0] + start - starts[unit] if identity[unit] else source[unit][0]
        )
        while unit < last and starts[unit + 1] < position:
            unit += 1
        original_end = (
            source[unit][0] + position - starts[unit] if identity[unit] else source[unit][1]
        )
        spans.append((token, original_start, original_end))
    return spans


def segment(text: str) -> list[str]:
    """Word tokens of ``text`` (normalised, no whitespace tokens): the tokens of
    :func:`word_spans` without their offsets, which indexing does not need.

    "ผู้รับมอบอำนาจตามมาตรา 193/30" → ["ผู้รับมอบอำนาจ", "ตาม", "มาตรา", "193/30"].
    """
    normalized = normalize(text)
    if not normalized:
        return []
    raw = nlpo3.segment(normalized, nlpo3_dictionary())
    tokens = _merge_numbers(raw) if "/" in raw or "." in raw else raw
    return [token for token in tokens if not token.isspace()]
