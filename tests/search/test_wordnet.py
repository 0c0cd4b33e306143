"""English words the glossary does not list reach the Thai text through WordNet
(search_index.vocabulary.wordnet_expansions, bench/make_wordnet_glossary.py)."""

from __future__ import annotations

from pathlib import Path

from lawreg.search.results import SearchRequest
from search_index.index import SearchIndex
from search_index.query import search
from search_index.schema import KIND_LAW, KIND_SECTION
from search_index.vocabulary import english_expansions, wordnet_expansions


def test_an_english_word_gets_the_thai_words_of_its_senses() -> None:
    assert not english_expansions("slaughterhouses")  # not in the hand-written glossary
    (found,) = wordnet_expansions("slaughterhouses")  # a plural back to WordNet's lemma
    assert found.source == "slaughterhouses" and "โรงฆ่าสัตว์" in found.terms
    (rate,) = wordnet_expansions("interest rates")  # a phrase WordNet lists whole
    assert rate.terms[0] == "อัตราดอกเบี้ย"


def test_question_words_and_words_the_glossary_took_are_not_looked_up() -> None:
    assert wordnet_expansions("what can I do") == []
    assert [e.source for e in wordnet_expansions("pawnshop interest rate", ["pawnshop"])] == ["interest rate"]


def test_an_english_query_finds_the_thai_section(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index")
    texts = {
        "6": "ผู้ใดประสงค์จะตั้งโรงฆ่าสัตว์ ต้องได้รับใบอนุญาตจากนายทะเบียนท้องถิ่น",
        "7": "ผู้รับใบอนุญาตต้องชำระค่าธรรมเนียมรายปีตามอัตราที่กำหนดในกฎกระทรวง",
        "8": "ให้พนักงานเจ้าหน้าที่ตรวจเนื้อสัตว์ก่อนนำออกจำหน่าย",
    }
    law = {"doc_id": "meat", "kind": KIND_LAW, "law_key": "meat", "law_title": "พระราชบัญญัติควบคุมการฆ่าสัตว์",
           "doc_count": 4, "content_hash": "m"}
    index.replace_law("meat", [law] + [{"doc_id": f"meat#{n}", "kind": KIND_SECTION, "law_key": "meat",
                                        "section": n, "section_sort": n, "text": text}
                                       for n, text in texts.items()])
    results = search(index, SearchRequest(text="slaughterhouse", facets=False))
    assert results.hits[0].section == "6"
    (bridge,) = results.understanding.english
    assert bridge.source == "slaughterhouse"
    assert bridge.terms == ("โรงฆ่าสัตว์",)  # only the translations the index holds
