"""The fast paths of the search engine behave exactly like the plain ones they replace."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.analysis import LowercaseFilter, StopFilter

from search_index.analysis import ENGLISH_STOP_WORDS, THAI_STOP_WORDS, thai_analyzer
from search_index.index import SearchIndex
from search_index.schema import KIND_LAW, KIND_SECTION

from .reference_chain import (
    DigitFoldFilter,
    LatinStemFilter,
    NominalizerFilter,
    ThaiTokenizer,
)

TEXTS = [
    "มาตรา 334  ผู้ใดเอาทรัพย์ของผู้อื่น “โดยทุจริต” (ก) ลักทรัพย์\n(1) ในเวลากลางคืน",
    "การกู้เงินและความผิดฐานฉ้อโกง ตามมาตรา ๑๓๔/๑ แห่ง ป.วิ.อ.",
    "Leases และ contracts ของ SMS — Running, ran; 1.5 ล้านบาท",
    "คํา\u200bพิพากษา ที่่ เเม่  การ ความก",
    "",
    "  \n\t ",
]
OPTIONS = [
    {"positions": True, "chars": True, "mode": "index"},
    {"mode": "query"},
    {"positions": True, "keeporiginal": True, "mode": "index"},
    {"tokenize": False, "positions": True, "chars": True, "mode": "index"},
    {"tokenize": False, "mode": "query"},
]


def token_tuples(analyzer, text: str, options: dict) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [
        (t.text, getattr(t, "pos", None), getattr(t, "startchar", None),
         getattr(t, "endchar", None), t.boost, getattr(t, "original", None), t.stopped)
        for t in analyzer(text, **options)
    ]


@pytest.mark.parametrize("stop_words", [False, True])
def test_fused_tokenizer_gives_the_tokens_of_the_filter_chain(stop_words: bool) -> None:
    chain = (ThaiTokenizer() | LowercaseFilter() | LatinStemFilter() | DigitFoldFilter()
             | NominalizerFilter())
    if stop_words:
        chain = chain | StopFilter(stoplist=THAI_STOP_WORDS | ENGLISH_STOP_WORDS, minsize=1)
    fused = thai_analyzer(stop_words=stop_words)
    for text in TEXTS:
        for options in OPTIONS:
            assert token_tuples(fused, text, options) == token_tuples(chain, text, options)


def hashed_law(key: str, texts: list[str]) -> list[dict]:
    sections = [
        {"doc_id": f"{key}#{n}", "kind": KIND_SECTION, "law_key": key, "section": str(n),
         "text": text, "content_hash": f"h-{text}"}
        for n, text in enumerate(texts, start=1)
    ]
    law = {"doc_id": key, "kind": KIND_LAW, "law_key": key, "doc_count": len(texts) + 1,
           "content_hash": "h-" + "|".join(texts)}
    return [law, *sections]


def docnums(index: SearchIndex, key: str) -> dict[str, int]:
    with index.searcher() as searcher:
        return {doc_id: searcher.document_number(doc_id=doc_id)
                for doc_id in index.law_document_ids(key)}


def test_only_documents_whose_hash_changed_are_rewritten(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index")
    texts = ["ผู้ใดลักทรัพย์", "ผู้ใดฉ้อโกง", "ผู้ใดยักยอก"]
    index.replace_law("a", hashed_law("a", texts))
    before = docnums(index, "a")
    generation = index.open().latest_generation()

    index.replace_law("a", hashed_law("a", texts))  # nothing changed: no commit at all
    assert index.open().latest_generation() == generation
    assert docnums(index, "a") == before

    index.replace_law("a", hashed_law("a", [texts[0], "ผู้ใดรับของโจร", texts[2]]))
    after = docnums(index, "a")
    assert after["a#1"] == before["a#1"] and after["a#3"] == before["a#3"]
    assert after["a#2"] != before["a#2"] and after["a"] != before["a"]
    with index.searcher() as searcher:
        assert searcher.document(doc_id="a#2")["text"] == "ผู้ใดรับของโจร"
    assert index.law_states()["a"].doc_count == 4

    index.replace_law("a", hashed_law("a", texts[:1]))  # a section removed
    assert sorted(docnums(index, "a")) == ["a", "a#1"]
