"""A law's definitions as its thesaurus (search_index.glosses): a citizen's word that a law
uses only to define one of its terms finds the sections that use the term."""

from __future__ import annotations

from pathlib import Path

import pytest

from lawreg.search.results import SearchRequest
from search_index import glosses as glosses_module
from search_index import query as query_module
from search_index.analysis import analyze, thai_analyzer
from search_index.coverage import in_law
from search_index.facets import facet_columns
from search_index.glosses import definitions, gloss_fields, glosses
from search_index.index import SearchIndex
from search_index.query import build_query, search
from search_index.schema import KIND_LAW, KIND_SECTION
from search_index.understanding import plan_query

from .index_documents import law_documents

# พ.ร.บ.ควบคุมอาคาร พ.ศ. 2522, excerpts: the definitions (4), the permit (21) and sections
# that share the query's other words without answering it.
BUILDING = {
    "4": "ในพระราชบัญญัตินี้\n“อาคาร” หมายความว่า ตึก บ้าน เรือน โรง ร้าน แพ คลังสินค้า\n"
         "สำนักงาน และสิ่งที่สร้างขึ้นอย่างอื่นซึ่งบุคคลอาจเข้าอยู่หรือเข้าใช้สอยได้\n"
         "และหมายความรวมถึง\n(๑)\nอัฒจันทร์หรือสิ่งที่สร้างขึ้นอย่างอื่นเพื่อใช้เป็นที่ชุมนุมของประชาชน\n"
         "“ดัดแปลง”\nหมายความว่า เปลี่ยนแปลง ต่อเติม เพิ่ม ลด หรือขยายซึ่งลักษณะขอบเขต แบบ รูปทรง "
         "สัดส่วน น้ำหนัก เนื้อที่ของโครงสร้างของอาคาร\n"
         "“เจ้าพนักงานท้องถิ่น” หมายความว่า นายกเทศมนตรีสำหรับในเขตเทศบาล",
    "21": "ผู้ใดจะก่อสร้าง ดัดแปลง\nหรือเคลื่อนย้ายอาคารต้องได้รับใบอนุญาตจากเจ้าพนักงานท้องถิ่น\n"
          "หรือแจ้งต่อเจ้าพนักงานท้องถิ่น",
    "39 ทวิ": "ผู้ใดจะก่อสร้าง ดัดแปลง หรือเคลื่อนย้ายอาคารโดยไม่ยื่นคำขอรับใบอนุญาต "
              "ให้แจ้งต่อเจ้าพนักงานท้องถิ่นและยื่นแผนผังบริเวณ",
    "52": "เจ้าพนักงานท้องถิ่นมีอำนาจสั่งให้ผู้ยื่นคำขอแก้ไขคำขอให้ถูกต้อง",
}
# A law whose rules use the citizen's word themselves: it needs no bridge, and gets none.
HOUSING = {
    "3": "ในพระราชบัญญัตินี้\n“ที่อยู่อาศัย” หมายความว่า บ้าน ห้องชุด หรือสิ่งปลูกสร้างที่ใช้อยู่อาศัย",
    "10": "ผู้ใดประสงค์จะต่อเติมบ้าน ให้ยื่นคำขอต่อหัวหน้าส่วนราชการ",
    "11": "การต่อเติมบ้าน ต้องไม่ทำให้โครงสร้างเสียหาย",
    "12": "ผู้เช่าบ้าน ต้องชำระค่าเช่าภายในวันที่ห้าของเดือน",
}


@pytest.fixture
def index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SearchIndex:
    # Eight sections: every word is in more than 1% of them, the share above which a word
    # glosses nothing on the statute book (41,000 sections).
    monkeypatch.setattr(glosses_module, "MAX_SHARE", 0.5)
    built = SearchIndex(tmp_path / "index")
    built.replace_law("building", law_documents("building", BUILDING))
    built.replace_law("housing", law_documents("housing", HOUSING))
    return built


def ranked(index: SearchIndex, text: str) -> list[str]:
    return [f"{hit.law_key}#{hit.section}"
            for hit in search(index, SearchRequest(text=text, facets=False)).hits]


def test_a_definition_is_read_up_to_its_list_and_its_head_up_to_a_qualifying_word() -> None:
    pairs = dict(definitions(BUILDING["4"]))
    assert list(pairs) == ["อาคาร", "ดัดแปลง", "เจ้าพนักงานท้องถิ่น"]
    assert "อัฒจันทร์" not in pairs["อาคาร"]  # item (๑) adds to the opening, is not it
    fields = gloss_fields({"doc_id": "b#4", "kind": KIND_SECTION, "section": "4",
                           "text": BUILDING["4"]})
    pairs_indexed = set(fields["glosses"].split(","))
    assert {"บ้าน|อาคาร", "ร้าน|อาคาร", "ต่อเติม|ดัดแปลง", "เปลี่ยนแปลง|ดัดแปลง"} <= pairs_indexed
    # "…และสิ่งที่สร้างขึ้นอย่างอื่นซึ่งบุคคลอาจเข้าอยู่": past "ที่", the qualifying words.
    assert not any(pair.startswith(("บุคคล|", "สร้าง|", "ลักษณะ|")) for pair in pairs_indexed)
    assert gloss_fields({"doc_id": "b#21", "kind": KIND_SECTION, "section": "21",
                         "text": BUILDING["21"]}) == {}
    assert gloss_fields({"doc_id": "b", "kind": KIND_LAW, "text": BUILDING["4"]}) == {}


def test_a_word_is_glossed_only_by_a_law_that_uses_it_nowhere_else(index: SearchIndex) -> None:
    with index.searcher() as searcher:
        column = facet_columns(searcher)["law"]
        assert column.single is not None
        found = {(gloss.word, gloss.term, gloss.law_key)
                 for gloss in glosses(searcher, ["ต่อเติม", "บ้าน"], column.single, column.values)}
    # The housing law defines ที่อยู่อาศัย with "บ้าน" but writes "บ้าน" and "ต่อเติม" in its
    # own rules: the citizen's words are its words, no bridge is wanted.
    assert found == {("ต่อเติม", "ดัดแปลง", "building"), ("บ้าน", "อาคาร", "building")}


def test_the_citizens_words_find_the_rule_written_in_the_laws_terms(
        index: SearchIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    query = "ต่อเติมบ้านโดยไม่ขออนุญาต"
    lifted = ranked(index, query)
    with monkeypatch.context() as patch:
        patch.setattr(query_module, "glosses", lambda *args: [])
        plain = ranked(index, query)
    # Without the bridge the housing law's "การต่อเติมบ้าน" comes before the permit rule,
    # which holds none of the query's words but "อนุญาต"; with it, the permit comes first of
    # the sections that do not merely share the words.
    assert plain.index("housing#11") < plain.index("building#21")
    assert lifted.index("building#21") < lifted.index("housing#11")


def test_a_word_qualifying_a_term_the_query_names_stands_for_no_other_term(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(glosses_module, "MAX_SHARE", 0.5)
    # พ.ร.บ.โรคติดต่อ: "ผู้สัมผัสโรค" is in the definitions of three measures; a query naming
    # one of them ("กักกันผู้สัมผัสโรค") asks about that one, not its siblings.
    disease = {
        "4": "ในพระราชบัญญัตินี้\n“กักกัน” หมายความว่า การแยกผู้สัมผัสโรคไว้ในที่เฉพาะ\n"
             "“แยกกัก” หมายความว่า การแยกผู้สัมผัสโรคไว้ต่างหาก\n"
             "“คุมไว้สังเกต” หมายความว่า การควบคุมผู้สัมผัสโรค",
        "34": "ให้เจ้าพนักงานควบคุมโรคติดต่อมีอำนาจสั่งให้ผู้ป่วยแยกกักหรือคุมไว้สังเกต",
        "35": "ผู้ถูกกักกันต้องอยู่ในสถานที่ที่กำหนด",
    }
    index = SearchIndex(tmp_path / "index")
    index.replace_law("disease", law_documents("disease", disease))
    with index.searcher() as searcher:
        named = build_query(searcher, plan_query("กักกันผู้สัมผัสโรค"))
        bare = build_query(searcher, plan_query("ผู้สัมผัสโรค"))
    assert all(len(concept.spellings) == 1 for concept in named.concepts)
    # Without the term named, the word stands for each of them, in that law alone.
    stands_for = {spelling for concept in bare.concepts for spelling in concept.spellings[1:]}
    assert stands_for == {(*analyze(thai_analyzer(), term), in_law("disease"))
                          for term in ("กักกัน", "แยกกัก", "คุมไว้สังเกต")}
