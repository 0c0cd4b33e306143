"""Kinds of provision (search_index.provisions): definitions and permission requirements are
recognised in real drafting, asked for by queries, and lifted in the ranking; an index built
before their fields existed is upgraded in place."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.fields import Schema

from lawreg.search.results import Expansion, SearchRequest
from search_index import provisions
from search_index.index import SearchIndex
from search_index.provisions import (
    ROLE_DELEGATION,
    ROLE_PENALTY,
    ROLE_PERMISSION,
    ROLE_PROHIBITION,
    asked_provisions,
    asked_quantities,
    defined_terms,
    provision_fields,
    provision_roles,
    term_key,
)
from search_index.query import search
from search_index.schema import KIND_LAW, KIND_SECTION, build_schema

from .index_documents import law_documents

# พ.ร.บ.เงินทดแทน พ.ศ. 2537 มาตรา 5 (excerpt) and ป.พ.พ. มาตรา 137-139 style line definitions.
WORKMEN_DEFINITIONS = (
    "ในพระราชบัญญัตินี้\n“นายจ้าง” หมายความว่า\nผู้ซึ่งตกลงรับลูกจ้างเข้าทำงานโดยจ่ายค่าจ้างให้\n"
    "“ลูกจ้าง”\nหมายความว่า ผู้ซึ่งทำงานให้นายจ้างโดยรับค่าจ้าง\n"
    "“เงินทดแทน” หมายความว่า เงินที่จ่ายเป็นค่าทดแทน ค่ารักษาพยาบาล ค่าฟื้นฟูสมรรถภาพในการทำงาน "
    "และค่าทำศพ"
)
CIVIL_LINE_DEFINITION = "ทรัพย์ หมายความว่า วัตถุมีรูปร่าง"
# พ.ร.บ.น้ำบาดาล มาตรา 16, พ.ร.บ.ควบคุมอาคาร มาตรา 21, พ.ร.บ.น้ำบาดาล มาตรา 29 (fees).
GROUNDWATER_16 = (
    "ห้ามมิให้ผู้ใดประกอบกิจการน้ำบาดาลในเขตน้ำบาดาลใด ๆ\n"
    "ไม่ว่าจะเป็นผู้มีกรรมสิทธิ์หรือสิทธิครอบครองที่ดินในเขตน้ำบาดาลนั้นหรือไม่\n"
    "เว้นแต่จะได้รับใบอนุญาตจากอธิบดีหรือผู้ซึ่งอธิบดีมอบหมาย"
)
BUILDING_21 = ("ผู้ใดจะก่อสร้าง ดัดแปลง\nหรือเคลื่อนย้ายอาคารต้องได้รับใบอนุญาตจากเจ้าพนักงานท้องถิ่น\n"
               "หรือแจ้งต่อเจ้าพนักงานท้องถิ่น และดำเนินการตามมาตรา ๓๙ ทวิ")
GROUNDWATER_FEES = ("ใบอนุญาตประกอบกิจการน้ำบาดาลให้มีอายุหนึ่งปีนับแต่วันที่ออก ผู้รับใบอนุญาตต้องเสียค่าธรรมเนียม"
                    "รายปีตามอัตราที่กำหนดในกฎกระทรวงภายในสามสิบวันนับแต่วันที่ครบกำหนด")


def test_definitions_are_read_in_both_drafting_styles() -> None:
    assert defined_terms(WORKMEN_DEFINITIONS) == ["นายจ้าง", "ลูกจ้าง", "เงินทดแทน"]
    assert defined_terms(CIVIL_LINE_DEFINITION) == ["ทรัพย์"]
    # A section opening with what a term covers, or deeming a list to be it (พ.ร.บ.ประกันสังคม
    # 66, พ.ร.บ.อาหาร 26 and 28, พ.ร.บ.อาคารชุด 15, พ.ร.บ.การสาธารณสุข 25).
    assert defined_terms("ประโยชน์ทดแทนในกรณีคลอดบุตร ได้แก่\n(๑) ค่าตรวจและรับฝากครรภ์") == [
        "ประโยชน์ทดแทนในกรณีคลอดบุตร"]
    assert defined_terms("อาหารผิดมาตรฐานได้แก่อาหารที่ไม่ถูกต้องตามคุณภาพ") == ["อาหารผิดมาตรฐาน"]
    assert defined_terms("อาหารที่มีลักษณะดังต่อไปนี้ให้ถือว่าเป็นอาหารไม่บริสุทธิ์\n(๑) อาหารที่มี") == [
        "อาหารไม่บริสุทธิ์"]
    assert defined_terms("ทรัพย์สินต่อไปนี้ให้ถือว่าเป็นทรัพย์ส่วนกลาง\n(๑) ที่ดินที่ตั้งอาคารชุด") == [
        "ทรัพย์ส่วนกลาง"]
    assert defined_terms("ในกรณีที่มีเหตุอันอาจก่อให้เกิดความเดือดร้อนดังต่อไปนี้\nให้ถือว่าเป็นเหตุรำคาญ\n(๑)") == [
        "เหตุรำคาญ"]
    # A deeming in running text, or a list in the middle of a section, defines nothing.
    assert defined_terms("ถ้าผู้ใดไม่มาศาล ให้ถือว่าเป็นการขาดนัดพิจารณาตามมาตรา ๑๙๗") == []
    assert defined_terms("ให้นายทะเบียนแจ้งผู้ขอ และเอกสารที่ต้องยื่น ได้แก่ สำเนาบัตร") == []
    # A term used in running text is not defined there.
    assert defined_terms("ให้นายจ้างจ่ายเงินทดแทนให้แก่ลูกจ้างภายในเจ็ดวัน") == []


def test_a_permission_requirement_is_told_from_a_mention_of_the_licence() -> None:
    assert provision_roles(GROUNDWATER_16) == [ROLE_PERMISSION, ROLE_PROHIBITION]
    assert provision_roles(BUILDING_21) == [ROLE_PERMISSION]
    assert ROLE_PERMISSION not in provision_roles(GROUNDWATER_FEES)


# พ.ร.บ.คุ้มครองแรงงาน พ.ศ. 2541 มาตรา 44 and 45 (excerpt): the ban, and the duties of an
# employer of children, which share more of a question's words.
LABOUR_44 = "ห้ามมิให้นายจ้างจ้างเด็กอายุต่ำกว่าสิบห้าปีเป็นลูกจ้าง"
LABOUR_45 = ("ในกรณีที่มีการจ้างเด็กอายุต่ำกว่าสิบแปดปีเป็นลูกจ้าง\nให้นายจ้างปฏิบัติดังนี้\n"
             "(๑) แจ้งการจ้างลูกจ้างซึ่งเป็นเด็กนั้นต่อพนักงานตรวจแรงงานภายในสิบห้าวันนับแต่วันที่"
             "เด็กเข้าทำงาน")


def test_a_prohibition_is_told_and_asked_for() -> None:
    assert provision_roles(LABOUR_44) == [ROLE_PROHIBITION, "quantity_years"]
    assert ROLE_PROHIBITION not in provision_roles(LABOUR_45)
    assert asked_provisions("จ้างเด็กอายุสิบสี่ปีทำงานได้หรือไม่", []).allowed
    assert asked_provisions("ขายเหล้าให้เด็กได้ไหม", []).allowed
    assert asked_provisions("can I sell alcohol to a minor", []).allowed
    # "ได้รับ … หรือไม่" asks what one gets, not whether one may.
    assert not asked_provisions("ผู้เสียหายในคดีอาญาได้รับค่าตอบแทนจากรัฐหรือไม่", []).allowed
    assert not asked_provisions("จ้างเด็กอายุสิบสี่ปี", []).allowed


def test_quantities_are_read_in_the_unit_stated() -> None:
    # พ.ร.บ.เครื่องหมายการค้า มาตรา 53; a penalty in baht and years; an interest rate.
    assert provision_roles("การจดทะเบียนเครื่องหมายการค้าให้มีอายุสิบปีนับแต่วันที่จดทะเบียน") == [
        "quantity_years"]
    assert provision_roles("ต้องระวางโทษจำคุกไม่เกิน ๒ ปี หรือปรับไม่เกินหนึ่งแสนบาท") == [
        ROLE_PENALTY, "quantity_years", "quantity_baht"]
    assert provision_roles("ให้คิดดอกเบี้ยในอัตราร้อยละ ๑๕ ต่อปี") == ["quantity_percent"]
    assert provision_roles("ตามมาตรา ๕ ให้นายทะเบียนออกหนังสือรับรอง") == []


def test_what_quantity_a_question_asks_for() -> None:
    assert asked_quantities("ลิขสิทธิ์มีอายุการคุ้มครองกี่ปี") == ("quantity_years",)
    assert asked_quantities("ลาป่วยได้รับค่าจ้างปีละกี่วัน") == ("quantity_days",)
    assert asked_quantities("อายุเท่าไรต้องทำบัตรประชาชน") == ("quantity_years",)
    assert asked_quantities("how many days of sick leave") == ("quantity_days",)
    assert set(asked_quantities("ตำรวจควบคุมตัวผู้ถูกจับได้นานเท่าไร")) >= {"quantity_hours", "quantity_days"}
    assert asked_quantities("เป็นหนี้เท่าไรจึงจะถูกฟ้องล้มละลาย") == ("quantity_baht", "quantity_percent")
    assert asked_quantities("ขับรถชนคนตาย") == ()


def test_only_section_documents_get_provision_fields() -> None:
    section = {"doc_id": "a#5", "kind": KIND_SECTION, "text": WORKMEN_DEFINITIONS}
    assert provision_fields(section) == {"defines": "นายจ้าง,ลูกจ้าง,เงินทดแทน"}
    assert provision_fields({"doc_id": "a", "kind": KIND_LAW, "text": WORKMEN_DEFINITIONS}) == {}


def test_what_a_query_asks_for() -> None:
    assert asked_provisions("เงินทดแทน", []).terms == ("เงินทดแทน",)
    assert asked_provisions("เงินทดแทน คืออะไร", []).terms == ("เงินทดแทน",)
    assert not asked_provisions("เงินทดแทน", []).permission
    assert asked_provisions("เจาะบ่อน้ำบาดาลต้องขออนุญาตหรือไม่", []).permission
    assert asked_provisions("gun licence", []).permission
    # Whether a permit is needed, or acting without one, asks for the requirement itself.
    for needed in ("เจาะบ่อน้ำบาดาลต้องขออนุญาตหรือไม่", "ต่อเติมบ้านโดยไม่ขออนุญาต",
                   "ทำงานโดยไม่มีใบอนุญาตทำงาน", "do I need a licence to sell drugs"):
        assert asked_provisions(needed, []).permit_needed, needed
    for mentioned in ("ใบอนุญาตขับขี่หมดอายุ", "gun licence", "ค่าธรรมเนียมใบอนุญาต"):
        assert not asked_provisions(mentioned, []).permit_needed, mentioned
    # An English query that is nothing but a glossary phrase asks for its Thai term too.
    english = asked_provisions("workmen's compensation", [Expansion("workmen's compensation", ("เงินทดแทน",))])
    assert term_key("เงินทดแทน") in english.terms
    partial = asked_provisions("workmen's compensation for a broken arm",
                               [Expansion("workmen's compensation", ("เงินทดแทน",))])
    assert term_key("เงินทดแทน") not in partial.terms


def workmen() -> list[dict]:
    return law_documents("workmen", {
        "5": WORKMEN_DEFINITIONS,
        "13": "ให้นายจ้างจ่ายเงินทดแทนให้แก่ลูกจ้างเป็นรายเดือน",
        "16": GROUNDWATER_16,
        "29": GROUNDWATER_FEES,
    }, "พระราชบัญญัติเงินทดแทน")


def other_law() -> list[dict]:
    """Sections of another law, so that the words of the query are not in every document."""
    return law_documents("other", {str(n): f"ผู้ใดลักทรัพย์ของผู้อื่นครั้งที่ {n} ต้องระวางโทษจำคุก"
                                   for n in range(1, 41)}, "พระราชบัญญัติอื่น")


def ranked(index: SearchIndex, text: str) -> list[str | None]:
    return [hit.section for hit in search(index, SearchRequest(text=text, facets=False)).hits]


def test_the_definition_and_the_requirement_rank_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = SearchIndex(tmp_path / "index")
    index.replace_law("workmen", workmen())
    index.replace_law("other", other_law())
    asked = {"เงินทดแทน": ("DEFINITION_LIFT", "13", "5"),
             "ประกอบกิจการน้ำบาดาลใบอนุญาต": ("PERMISSION_LIFT", "29", "16"),
             "ประกอบกิจการน้ำบาดาลต้องขอใบอนุญาตไหม": ("PERMIT_QUESTION_LIFT", "29", "16")}
    for query, (lift, by_bm25, lifted) in asked.items():
        with monkeypatch.context() as patch:
            patch.setattr(provisions, lift, 1.0)
            assert ranked(index, query)[0] == by_bm25
        assert ranked(index, query)[0] == lifted


def test_a_penalty_is_told_and_asked_for() -> None:
    assert ROLE_PENALTY in provision_roles("ผู้ใดฝ่าฝืนมาตรา ๔๓ (๒)\nต้องระวางโทษจำคุกไม่เกินหนึ่งปี")
    assert ROLE_PENALTY not in provision_roles(LABOUR_44)
    assert asked_provisions("เมาแล้วขับโดนโทษอะไร", []).penalty
    assert asked_provisions("penalty for drunk driving", []).penalty
    assert not asked_provisions("เมาแล้วขับ", []).penalty
    # Acting without a permit is an offence: its penalty is part of the answer.
    assert asked_provisions("ต่อเติมบ้านโดยไม่ขออนุญาต", []).penalty
    assert asked_provisions("selling drugs without a licence", []).penalty
    assert not asked_provisions("ต่อเติมบ้านต้องขออนุญาตหรือไม่", []).penalty


def test_a_question_whether_a_thing_is_allowed_lifts_the_ban(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = SearchIndex(tmp_path / "index")
    index.replace_law("lab", law_documents("lab", {"44": LABOUR_44, "45": LABOUR_45},
                                           "พระราชบัญญัติคุ้มครองแรงงาน"))
    index.replace_law("other", other_law())

    def scores(query: str) -> dict[str | None, float]:
        return {hit.section: hit.score for hit in search(index, SearchRequest(text=query, facets=False)).hits}

    with monkeypatch.context() as patch:
        patch.setattr(provisions, "PROHIBITION_LIFT", 1.0)
        plain = scores("จ้างเด็กเป็นลูกจ้างได้หรือไม่")
    lifted = scores("จ้างเด็กเป็นลูกจ้างได้หรือไม่")
    assert lifted["44"] == pytest.approx(plain["44"] * provisions.PROHIBITION_LIFT)
    assert lifted["45"] == pytest.approx(plain["45"])
    # Not asked whether it may be done, the ban counts as it is.
    assert scores("จ้างเด็กเป็นลูกจ้าง")["44"] == pytest.approx(plain["44"])


# พ.ร.บ.โรงงาน พ.ศ. 2535 มาตรา 7: the minister's power to class factories, which holds
# every word of a permit question; มาตรา 12: the permit itself.
FACTORY_7 = ("ให้รัฐมนตรีมีอำนาจออกกฎกระทรวงกำหนดให้โรงงานตามประเภทชนิดหรือขนาดใดเป็นโรงงานจำพวกที่\n"
             "๑ โรงงานจำพวกที่ ๒ หรือโรงงานจำพวกที่ ๓ แล้วแต่กรณี โดยคำนึงถึงความจำเป็นในการควบคุมดูแล\n"
             "การป้องกันเหตุเดือดร้อนรำคาญ การป้องกันความเสียหาย\n"
             "และการป้องกันอันตรายตามระดับความรุนแรงของผลกระทบที่จะมีต่อประชาชนหรือสิ่งแวดล้อม\n"
             "โดยแบ่งออกเป็นดังนี้\n"
             "(๑)\n"
             "โรงงานจำพวกที่ ๑ ได้แก่โรงงานประเภท ชนิด และขนาดที่สามารถประกอบกิจการโรงงานได้ทันทีตามความประสงค์ของผู้ประกอบกิจการโรงงาน\n"
             "(๒) โรงงานจำพวกที่\n"
             "๒ ได้แก่ โรงงานประเภท ชนิด\n"
             "และขนาดที่เมื่อจะประกอบกิจการโรงงานต้องแจ้งให้พนักงานเจ้าหน้าที่ทราบก่อน\n"
             "(๓)\n"
             "โรงงานจำพวกที่ ๓ ได้แก่โรงงานประเภท ชนิด และขนาดที่การตั้งโรงงานจะต้องได้รับใบอนุญาตก่อนจึงจะดำเนินการได้\n"
             "เมื่อมีประกาศของรัฐมนตรีตามมาตรา\n"
             "๓๒ (๑) ให้โรงงานที่กำหนดในประกาศดังกล่าวเป็นโรงงานจำพวกที่ ๓ ด้วย")
FACTORY_12 = ("ผู้ประกอบกิจการโรงงานจำพวกที่ ๓\n"
              "ต้องได้รับใบอนุญาตจากผู้อนุญาต\n"
              "และต้องปฏิบัติตามหลักเกณฑ์ที่กำหนดในกฎกระทรวงที่ออกตามมาตรา ๘\n"
              "ประกาศของรัฐมนตรีที่ออกตามกฎกระทรวงดังกล่าวและประกาศของรัฐมนตรีที่ออกตามมาตรา\n"
              "๓๒\n"
              "ห้ามมิให้ผู้ใดตั้งโรงงานก่อนได้รับใบอนุญาต\n"
              "การยื่นคำขอรับใบอนุญาตและขั้นตอนการพิจารณาและระยะเวลาในการพิจารณาออกใบอนุญาต\n"
              "ให้เป็นไปตามที่กำหนดในกฎกระทรวง\n"
              "ในกรณีที่ผู้ขอรับใบอนุญาตร้องขอหนังสือรับรองก่อนออกใบอนุญาต\n"
              "ถ้าการพิจารณาเบื้องต้นเพียงพอที่จะอนุมัติในหลักการได้\n"
              "ให้ผู้อนุญาตออกหนังสือรับรองให้โดยสงวนส่วนที่พิจารณาไม่แล้วเสร็จได้ตามหลักเกณฑ์ที่รัฐมนตรีกำหนดโดยประกาศในราชกิจจานุเบกษา\n"
              "ในการออกใบอนุญาตให้ผู้มีอำนาจอนุญาตพิจารณาตามหลักเกณฑ์ที่กำหนดไว้ในกฎกระทรวงที่ออกตามมาตรา\n"
              "๘ ประกาศของรัฐมนตรีที่ออกตามกฎกระทรวงดังกล่าวและประกาศของรัฐมนตรีที่ออกตามมาตรา\n"
              "๓๒\n"
              "ถ้ากรณีใดยังมิได้มีหลักเกณฑ์กำหนดไว้ให้พิจารณาโดยคำนึงถึงความปลอดภัยของบุคคลหรือทรัพย์สินที่อยู่ในโรงงานหรือที่อยู่ใกล้เคียงกับโรงงานหรือเป็นกรณีที่ต้องปฏิบัติตามประกาศของรัฐมนตรีที่ออกตามมาตรา\n"
              "๓๒\n"
              "ในการนี้จะกำหนดเงื่อนไขที่ผู้ประกอบกิจการโรงงานจะต้องปฏิบัติเป็นพิเศษไว้ในใบอนุญาตก็ได้")


def test_a_ministers_rule_making_power_is_told_and_counts_half_unless_asked_for(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert ROLE_DELEGATION in provision_roles(FACTORY_7)
    assert ROLE_DELEGATION not in provision_roles(FACTORY_12)
    # A section that only mentions the minister's rules does not give the power.
    assert ROLE_DELEGATION not in provision_roles("ผู้ขอต้องปฏิบัติตามกฎกระทรวงที่รัฐมนตรีมีอำนาจออก")
    assert not asked_provisions("ตั้งโรงงานต้องขอใบอนุญาตหรือไม่", []).delegation
    assert asked_provisions("รัฐมนตรีออกกฎกระทรวงจำพวกโรงงาน", []).delegation
    index = SearchIndex(tmp_path / "index")
    index.replace_law("fac", law_documents("fac", {"7": FACTORY_7, "12": FACTORY_12},
                                           "พระราชบัญญัติโรงงาน"))
    index.replace_law("other", other_law())
    query = "ตั้งโรงงานต้องขอใบอนุญาตหรือไม่"
    with monkeypatch.context() as patch:
        patch.setattr(provisions, "DELEGATION_WEIGHT", 1.0)
        assert ranked(index, query)[0] == "7"
    assert ranked(index, query)[0] == "12"
    assert ranked(index, "รัฐมนตรีมีอำนาจออกกฎกระทรวงกำหนดโรงงานจำพวกที่ ๓")[0] == "7"


TRADEMARK = {
    "53": "การจดทะเบียนเครื่องหมายการค้าให้มีอายุสิบปีนับแต่วันที่จดทะเบียนตามมาตรา\n"
          "๔๒ และอาจต่ออายุได้ตามมาตรา ๕๔\nอายุการจดทะเบียนเครื่องหมายการค้าตามวรรคหนึ่ง\n"
          "มิให้นับรวมระยะเวลาในระหว่างการดำเนินคดีทางศาลตามมาตรา ๓๘ ด้วย",
    # Not a real section: the words of the question, a year without a number ("ทุกปี").
    "28": "เครื่องหมายการค้าที่จดทะเบียนแล้วให้คุ้มครองทุกปี จนกว่านายทะเบียนจะเพิกถอน",
}


def test_a_question_of_how_many_years_lifts_the_section_stating_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = SearchIndex(tmp_path / "index")
    index.replace_law("tm", law_documents("tm", TRADEMARK, "พระราชบัญญัติเครื่องหมายการค้า"))
    index.replace_law("other", other_law())
    query = "เครื่องหมายการค้าที่จดทะเบียนแล้วคุ้มครองกี่ปี"
    with monkeypatch.context() as patch:
        patch.setattr(provisions, "QUANTITY_LIFT", 1.0)
        assert ranked(index, query)[0] == "28"
    assert ranked(index, query)[0] == "53"


def index_without_provision_fields(tmp_path: Path) -> tuple[SearchIndex, Path]:
    """An index folder as lawreg wrote it before the fields derived from a section's text
    (the two provision fields, the companions' ``cites``, the ``glosses``) existed."""
    current = build_schema()
    old = Schema(**{name: current[name] for name in current.names()
                    if name not in ("defines", "roles", "cites", "glosses")})
    index = SearchIndex(tmp_path / "index")
    folder = tmp_path / "index" / index.generation()
    for name in folder.iterdir():
        name.unlink()
    whoosh_index.create_in(str(folder), old)
    return index, folder


def test_an_index_built_before_the_fields_existed_is_upgraded_in_place(tmp_path: Path) -> None:
    index, _ = index_without_provision_fields(tmp_path)
    index.replace_law("workmen", workmen())  # writing needs the new fields
    assert {"defines", "roles", "cites", "glosses"} <= set(index.open().schema.names())
    assert ranked(index, "เงินทดแทน")[0] == "5"


def test_two_processes_upgrading_the_same_index_add_the_fields_once(tmp_path: Path) -> None:
    first, folder = index_without_provision_fields(tmp_path)
    stale = whoosh_index.open_dir(str(folder))  # the other process opened it before the upgrade
    first.open()  # this one upgrades it
    upgraded = SearchIndex(tmp_path / "index")._with_current_fields(stale)
    assert "defines" in upgraded.schema and "roles" in upgraded.schema
    first.replace_law("workmen", workmen())
    assert ranked(first, "เงินทดแทน")[0] == "5"
