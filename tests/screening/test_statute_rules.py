"""The pure pieces of screening on Acts: repeal clauses, amount quotes, instruments."""

from __future__ import annotations

from lawreg.screening.catalogue import default_catalogue
from lawreg.screening.engine import Screener
from lawreg.screening.instruments import drop_repeated
from lawreg.screening.rules import (
    Finding,
    LawContext,
    SectionRef,
    is_repeal_clause,
    repeal_clause_titles,
)


def test_repeal_clause_titles_are_the_laws_it_repeals():
    text = (
        "มาตรา ๓ ให้ยกเลิก\n(๑) ประกาศของคณะปฏิวัติ ฉบับที่ ๑๐๓ ลงวันที่ ๑๖ มีนาคม พ.ศ. ๒๕๑๕\n"
        "(๒) พระราชบัญญัติแก้ไขเพิ่มเติมประกาศของคณะปฏิวัติ ฉบับที่ ๑๐๓ ลงวันที่ ๑๖ มีนาคม พ.ศ. ๒๕๑๕ (ฉบับที่ ๑) พ.ศ. ๒๕๓๓"
    )
    assert repeal_clause_titles(text) == [
        "ประกาศของคณะปฏิวัติ ฉบับที่ ๑๐๓ ลงวันที่ ๑๖ มีนาคม พ.ศ. ๒๕๑๕",
        "พระราชบัญญัติแก้ไขเพิ่มเติมประกาศของคณะปฏิวัติ ฉบับที่ ๑๐๓ ลงวันที่ ๑๖ มีนาคม พ.ศ. ๒๕๑๕",
    ]
    assert repeal_clause_titles("มาตรา ๓ ให้ยกเลิกพระราชบัญญัติส่งผู้ร้ายข้ามแดน พุทธศักราช ๒๔๗๒") == [
        "พระราชบัญญัติส่งผู้ร้ายข้ามแดน พุทธศักราช ๒๔๗๒"
    ]


def test_a_partial_repeal_or_a_reference_repeals_no_law():
    partial = "มาตรา ๓ ให้ยกเลิกความในมาตรา ๕ แห่งพระราชบัญญัติโรงงาน พ.ศ. ๒๕๓๕ และให้ใช้ความต่อไปนี้แทน"
    assert is_repeal_clause(partial) and repeal_clause_titles(partial) == []
    cited = "มาตรา ๑๘๙ บรรดาใบอนุญาตที่ได้ออกให้ตามพระราชบัญญัติแร่ พ.ศ. ๒๕๑๐ ให้ใช้ได้ต่อไป"
    assert not is_repeal_clause(cited) and repeal_clause_titles(cited) == []


def test_the_repeal_clause_itself_is_no_outdated_reference():
    titles = {"พระราชบัญญัติแร่ พ.ศ. ๒๕๑๐": "พระราชบัญญัติแร่ พ.ศ. ๒๕๑๐"}
    screener = Screener(default_catalogue(), duplicates=False, repealed_titles=titles)
    law = LawContext("minerals", 2560, amended=True)
    clause = screener.analyse(law, SectionRef("minerals", "3"), "มาตรา ๓ ให้ยกเลิกพระราชบัญญัติแร่ พ.ศ. ๒๕๑๐").findings
    cited = screener.analyse(
        law, SectionRef("minerals", "189"),
        "มาตรา ๑๘๙ บรรดาประทานบัตรที่ได้ออกให้ตามพระราชบัญญัติแร่ พ.ศ. ๒๕๑๐ ให้ใช้ได้ต่อไป",
    ).findings
    assert [f.rule_id for f in clause] == []
    assert [f.rule_id for f in cited] == ["outdated.repealed-reference"]


def test_a_stale_fine_is_quoted_from_its_money_word():
    text = "มาตรา ๕๖ ผู้ใดเป็นเจ้าพนักงานไปรษณีย์เชือนแช ต้องระวางโทษจำคุกไม่เกินสิบห้าวัน หรือปรับไม่เกินสองร้อยบาท"
    findings = Screener(default_catalogue(), duplicates=False).analyse(
        LawContext("post", 2477), SectionRef("post", "56"), text
    ).findings
    stale = [f for f in findings if f.rule_id == "outdated.stale-amount"]
    assert [f.quote for f in stale] == ["ปรับไม่เกินสองร้อยบาท"]
    assert text[stale[0].start : stale[0].end] == stale[0].quote


def _finding(law: str, number: str, rule: str, quote: str, other: SectionRef | None = None) -> Finding:
    return Finding(rule, "obstructs_digital", SectionRef(law, number), 0.8, quote=quote, other=other)


def test_an_instrument_keeps_only_what_its_principal_lacks():
    principal = _finding("act", "5", "digital.written-filing", "ยื่นคำขอเป็นหนังสือ")
    repeat = _finding("act-2560", "4", "digital.written-filing", "ยื่นคำขอ เป็นหนังสือ")
    own = _finding("act-2560", "5", "digital.registered-mail", "ไปรษณีย์ลงทะเบียน")
    pair = [
        _finding("act-2560", "3", "duplicative.near-duplicate", "", SectionRef("act", "12")),
        _finding("act", "12", "duplicative.near-duplicate", "", SectionRef("act-2560", "3")),
    ]
    siblings = [
        _finding("act-2560", "6", "duplicative.near-duplicate", "", SectionRef("act-2562", "5")),
        _finding("act-2562", "5", "duplicative.near-duplicate", "", SectionRef("act-2560", "6")),
    ]
    kept = drop_repeated([principal, repeat, own, *pair, *siblings], {"act-2560": {"act"}, "act-2562": {"act"}})
    assert kept == [principal, own]


def test_parallel_offences_and_standard_clauses_are_not_duplicates():
    screener = Screener(default_catalogue())
    offences = [
        "มาตรา ๑๓๐ ผู้ใดฝ่าฝืนมาตรา ๓๘ มาตรา ๔๓ หรือมาตรา ๕๒ ต้องระวางโทษปรับตั้งแต่หนึ่งแสนบาทถึงสองแสนบาท"
        " หรือปรับจำนวนห้าเท่าของมูลค่าสัตว์น้ำที่ได้จากการทำการประมง แล้วแต่จำนวนใดจะสูงกว่า",
        "มาตรา ๑๓๙ ผู้ใดฝ่าฝืนมาตรา ๕๗ ต้องระวางโทษปรับตั้งแต่หนึ่งหมื่นบาทถึงหนึ่งแสนบาท"
        " หรือปรับจำนวนห้าเท่าของมูลค่าสัตว์น้ำที่ได้จากการทำการประมง แล้วแต่จำนวนใดจะสูงกว่า",
    ]
    quorum = (
        "การประชุมคณะกรรมการต้องมีกรรมการมาประชุมไม่น้อยกว่ากึ่งหนึ่งของจำนวนกรรมการทั้งหมด จึงจะเป็นองค์ประชุม"
        " ในการประชุมคณะกรรมการ ถ้าประธานกรรมการไม่มาประชุมหรือไม่อาจปฏิบัติหน้าที่ได้"
        " ให้กรรมการที่มาประชุมเลือกกรรมการคนหนึ่งเป็นประธานในที่ประชุม"
    )
    law = LawContext("fisheries", 2558, amended=True)
    screener.screen_section(law, SectionRef("fisheries", "130"), offences[0])
    screener.screen_section(law, SectionRef("fisheries", "139"), offences[1])
    screener.screen_section(law, SectionRef("fisheries", "9"), "มาตรา ๙ " + quorum)
    screener.screen_section(LawContext("sports", 2561), SectionRef("sports", "10"), "มาตรา ๑๐ " + quorum)
    result = screener.finish()
    assert result.duplicate_pairs == 0 and result.boilerplate == 4
