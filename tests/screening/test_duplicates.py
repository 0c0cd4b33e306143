"""MinHash/LSH near-duplicates and the boilerplate detector."""

from __future__ import annotations

import numpy as np
import pytest

from lawreg.screening.catalogue import default_catalogue
from lawreg.screening.duplicates import MinHasher, is_boilerplate, jaccard, near_duplicates
from lawreg.screening.engine import Screener
from lawreg.screening.matcher import TokenizedText
from lawreg.screening.rules import LawContext, SectionRef
from lawreg.screening.synthetic import boilerplate_sections, build_corpus
from lawreg.thai.segment import segment

CATALOGUE = default_catalogue()


def example_tokens() -> list[list[str]]:
    """Word tokens of the catalogue's example provisions: real legal Thai to build from."""
    texts = []
    for rule in CATALOGUE.rules:
        for example in (*rule.examples_positive, *rule.examples_negative):
            text = example if isinstance(example, str) else example["text"]
            if text:
                texts.append(text)
    return [segment(text) for text in texts]


def test_signature_agreement_estimates_jaccard():
    rng = np.random.default_rng(1)
    universe = rng.choice(1 << 32, size=400, replace=False).astype(np.uint64)
    first = np.sort(universe[:300])
    second = np.sort(universe[100:400])  # 200 shared of 400: Jaccard 0.5
    hasher = MinHasher(bands=64, rows=4)
    agreement = float((hasher.signature(first) == hasher.signature(second)).mean())
    assert jaccard(first, second) == pytest.approx(0.5)
    assert agreement == pytest.approx(0.5, abs=0.1)


def test_planted_near_duplicates_are_found_and_boilerplate_is_not():
    corpus = build_corpus(example_tokens(), 240, planted=20, sections_per_law=20)
    screener = Screener(CATALOGUE)
    for key, number, text in corpus.sections:
        screener.screen_section(LawContext(key, 2550, amended=True), SectionRef(key, number), text)
    result = screener.finish()
    found = {
        frozenset({(f.target.law_key, f.target.number), (f.other.law_key, f.other.number)})
        for f in result.findings
        if f.other is not None
    }
    # A planted pair of parallel offences ("ผู้ใดฝ่าฝืน ... ต้องระวางโทษ ...") is not reported:
    # such sections share the penalty formula, not the conduct (issue 9).
    texts = {(key, number): text for key, number, text in corpus.sections}
    offences = {
        pair for pair in corpus.planted_pairs
        if any(is_boilerplate(CATALOGUE, TokenizedText.of(texts[ref])) == "penalty" for ref in pair)
    }
    planted = corpus.planted_pairs - offences
    recall = len(found & planted) / len(planted)
    assert recall >= 0.9
    assert not found & offences
    assert not [pair for pair in found if pair & corpus.boilerplate]
    # Every planted boilerplate section is recognised; the mosaic of example words may also
    # form a parallel offence or a standard clause by chance, and those count as well.
    recognised = {ref for ref, text in texts.items() if is_boilerplate(CATALOGUE, TokenizedText.of(text))}
    assert corpus.boilerplate <= recognised
    assert result.boilerplate == len(recognised)


def test_exact_similarity_filters_candidates():
    base = segment("ผู้ใดเป็นเจ้าพนักงานมีหน้าที่ซื้อ ทำ จัดการ หรือรักษาทรัพย์ใด ๆ เบียดบังทรัพย์นั้นเป็นของตน"
                   "หรือเป็นของผู้อื่นโดยทุจริต ต้องระวางโทษจำคุกตั้งแต่ห้าปีถึงยี่สิบปี")
    edited = [*base[:5], "ลูกจ้าง", *base[6:]]
    unrelated = segment("สัญญาเช่าซื้อนั้นถ้าไม่ทำเป็นหนังสือ ท่านว่าเป็นโมฆะ และผู้เช่าซื้อจะบอกเลิกสัญญาเมื่อใดก็ได้"
                        "ด้วยส่งมอบทรัพย์สินกลับคืนให้แก่เจ้าของโดยเสียค่าใช้จ่ายของตนเอง")
    pairs = near_duplicates([base, edited, unrelated])
    assert [(p.first, p.second) for p in pairs] == [(0, 1)]
    assert 0.6 <= pairs[0].similarity < 1


@pytest.mark.parametrize(
    "text",
    [
        *boilerplate_sections("ควบคุมอาคาร", 2522, "มหาดไทย"),
        "มาตรา 1 กฎหมายนี้ให้เรียกว่า ประมวลกฎหมายแพ่งและพาณิชย์",
        "มาตรา 2 ให้ใช้ประมวลกฎหมายนี้ตั้งแต่วันที่ 1 เดือนมกราคม พระพุทธศักราช 2468 เป็นต้นไป",
        "มาตรา 4 ในพระราชบัญญัตินี้ “อาคาร” หมายความว่า ตึก บ้าน เรือน “ผู้ดัดแปลง” หมายความว่า ผู้ซึ่งทำการดัดแปลง",
        # A parallel offence (issue 9): the conduct is a cross-reference, the rest the formula.
        "มาตรา 9 ผู้ใดฝ่าฝืนคำสั่งของพนักงานเจ้าหน้าที่ ต้องระวางโทษจำคุกไม่เกินหนึ่งปี หรือปรับไม่เกินสองหมื่นบาท",
    ],
)
def test_boilerplate_is_recognised(text: str) -> None:
    assert is_boilerplate(CATALOGUE, TokenizedText.of(text)) is not None


@pytest.mark.parametrize(
    "text",
    [
        "มาตรา 61 การตั้งทนายความนั้น ต้องทำเป็นหนังสือลงลายมือชื่อตัวความและทนายความ แล้วยื่นต่อศาล",
        "มาตรา 5 ผู้รักษาการแทนนายทะเบียนมีอำนาจสั่งให้ผู้รับใบอนุญาตหยุดประกอบกิจการเป็นการชั่วคราว",
        "มาตรา 334 ผู้ใดเอาทรัพย์ของผู้อื่นหรือที่ผู้อื่นเป็นเจ้าของรวมอยู่ด้วยไปโดยทุจริต ผู้นั้นกระทำความผิดฐานลักทรัพย์"
        " ต้องระวางโทษจำคุกไม่เกินสามปี และปรับไม่เกินหกหมื่นบาท",
    ],
)
def test_substantive_sections_are_not_boilerplate(text: str) -> None:
    assert is_boilerplate(CATALOGUE, TokenizedText.of(text)) is None


TEMPLATE = (
    "มาตรา ๑๘ บรรดารายได้และทรัพย์สินของมหาวิทยาลัยต้องจัดการเพื่อให้บรรลุวัตถุประสงค์ของมหาวิทยาลัย"
    " เงินและทรัพย์สินที่มีผู้อุทิศให้แก่มหาวิทยาลัยต้องจัดการตามเงื่อนไขที่ผู้อุทิศกำหนดไว้"
    " แต่ถ้ามีความจำเป็นต้องเปลี่ยนแปลงเงื่อนไขดังกล่าว ต้องได้รับความยินยอมจากผู้อุทิศหรือทายาท"
    " หากไม่มีทายาทหรือทายาทไม่ปรากฏ ต้องได้รับอนุมัติจากสภามหาวิทยาลัย"
)


def pairs_between(first_title: str, second_title: str) -> int:
    screener = Screener(CATALOGUE)
    for key, title in (("law-a", first_title), ("law-b", second_title)):
        screener.screen_section(LawContext(key, 2550, amended=True, title=title), SectionRef(key, "18"), TEMPLATE)
    return screener.finish().duplicate_pairs


def test_charters_of_one_kind_share_a_template_without_duplicating_each_other():
    # Two universities' Acts (and a university's and an institute's) give the same words to
    # different bodies; the same words in an Act of another kind are still reported.
    assert pairs_between("พระราชบัญญัติมหาวิทยาลัยพะเยา พ.ศ. 2553", "พระราชบัญญัติมหาวิทยาลัยกาฬสินธุ์ พ.ศ. 2558") == 0
    assert pairs_between("พระราชบัญญัติมหาวิทยาลัยพะเยา พ.ศ. 2553", "พระราชบัญญัติสถาบันเทคโนโลยีปทุมวัน พ.ศ. 2556") == 0
    assert pairs_between("พระราชบัญญัติมหาวิทยาลัยพะเยา พ.ศ. 2553", "พระราชบัญญัติการศึกษาแห่งชาติ พ.ศ. 2542") == 1
    assert pairs_between("", "") == 1


def test_charters_are_recognised_among_context_sections_too():
    # ``lawreg screen --law`` compares one law against the rest without reporting the rest.
    screener = Screener(CATALOGUE)
    screener.screen_section(
        LawContext("law-b", 2558, amended=True, title="พระราชบัญญัติมหาวิทยาลัยกาฬสินธุ์ พ.ศ. 2558"),
        SectionRef("law-b", "15"), TEMPLATE, report=False,
    )
    screener.screen_section(
        LawContext("law-a", 2553, amended=True, title="พระราชบัญญัติมหาวิทยาลัยพะเยา พ.ศ. 2553"),
        SectionRef("law-a", "18"), TEMPLATE,
    )
    assert screener.finish().duplicate_pairs == 0
