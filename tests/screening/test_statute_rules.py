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


def _screen(text: str, year_be: int, amended_year_be: int | None = None) -> list[Finding]:
    screener = Screener(default_catalogue(), duplicates=False)
    return screener.analyse(LawContext("act", year_be), SectionRef("act", "1"), text, amended_year_be).findings


def test_a_fine_set_from_2550_on_is_not_stale_by_the_prison_ratio():
    """A wide range beside a long term is the legislator's current choice once set from
    B.E. 2550 on (labelling rules); the same clause of B.E. 2540 falls below the ratio."""
    text = (
        "มาตรา ๑๗๑ เจ้าพนักงานของรัฐผู้ใดปฏิบัติหรือละเว้นการปฏิบัติอย่างใดในพฤติการณ์ที่อาจทำให้ผู้อื่นเชื่อว่า"
        "มีตำแหน่งหรือหน้าที่ ต้องระวางโทษจำคุกตั้งแต่หนึ่งปีถึงสิบปี หรือปรับตั้งแต่สองพันบาทถึงสองหมื่นบาท"
        " หรือทั้งจำทั้งปรับ"
    )
    assert not [f for f in _screen(text, 2561) if f.category == "outdated"]
    old = [f for f in _screen(text, 2540) if f.rule_id == "outdated.stale-amount"]
    assert old and {f.details["test"] for f in old} == {"prison_ratio"}


FEE_SCHEDULE = (
    "มาตรา ๔๒ ผู้ประกอบกิจการแพปลาที่กระทำการอยู่แล้วก่อนวันใช้บังคับพระราชบัญญัตินี้ ให้ยื่นคำขอรับใบอนุญาต"
    "ตามความในพระราชบัญญัตินี้ภายในหกสิบวัน\n ผู้รับสนองพระบรมราชโองการ จอมพล ป. พิบูลสงคราม นายกรัฐมนตรี\n"
    " บัญชีอัตราค่าธรรมเนียม\n เลขที่ รายการ ค่าธรรมเนียม\n ๑ ใบอนุญาตประกอบกิจการแพปลาประเภทสินค้า"
    " สัตว์น้ำสด (สัตว์น้ำ น้ำเค็มและน้ำจืด) ปีละ ๕,๐๐๐ บาท\n ๖ ใบแทนใบอนุญาต ฉบับละ ๒๐ บาท"
)


def test_the_rows_of_an_appended_fee_schedule_are_fees():
    stale = [f for f in _screen(FEE_SCHEDULE, 2496) if f.rule_id == "outdated.stale-amount"]
    assert [f.quote for f in stale] == ["๕,๐๐๐ บาท", "๒๐ บาท"]
    assert not [f for f in _screen(FEE_SCHEDULE, 2560) if f.rule_id == "outdated.stale-amount"]


def test_rows_are_fees_only_below_the_countersignature():
    """Without the countersignature the amounts are not in an appended schedule: a sum
    "ปีละ ๕,๐๐๐ บาท" in the body names no fee."""
    body = FEE_SCHEDULE.replace("ผู้รับสนองพระบรมราชโองการ", "")
    assert not [f for f in _screen(body, 2496) if f.rule_id == "outdated.stale-amount"]


def test_notice_by_post_or_through_an_information_technology_system_is_discounted():
    text = (
        "มาตรา ๑๐๙ ผู้มีหน้าที่ยื่นบัญชีทรัพย์สินและหนี้สินต่อคณะกรรมการ ป.ป.ช. ผู้ใดไม่ยื่นบัญชีแสดงรายการ"
        "ทรัพย์สินและหนี้สินตามเวลาที่กำหนด ให้สำนักงานมีหนังสือแจ้งให้บุคคลดังกล่าวทราบโดยทางไปรษณีย์ตอบรับ"
        "หรือทางระบบเทคโนโลยีสารสนเทศ พร้อมทั้งกำหนดเวลาที่ขยายให้"
    )
    mail = [f for f in _screen(text, 2561) if f.rule_id == "digital.registered-mail"]
    assert mail and all(f.confidence < default_catalogue().report_threshold for f in mail)
    assert "เทคโนโลยีสารสนเทศ" in mail[0].details["electronic_alternative"]


def test_an_appeal_against_an_order_in_writing_is_the_citizens_filing():
    """"อุทธรณ์คำสั่งดังกล่าวเป็นหนังสือ" names the order appealed against; the written-filing
    rule reads "คำสั่ง … เป็นหนังสือ" as the official's own written order and stays silent,
    the written-appeal rule takes the appeal."""
    text = (
        "มาตรา ๔๓ นักท่องเที่ยวหรือผู้ประกอบธุรกิจนำเที่ยวซึ่งไม่เห็นด้วยกับคำสั่งของนายทะเบียนตามมาตรา ๔๑"
        " มีสิทธิอุทธรณ์คำสั่งดังกล่าวเป็นหนังสือต่อคณะกรรมการภายในสามสิบวันนับแต่วันที่ได้รับแจ้งคำสั่งจากนายทะเบียน"
    )
    rules = {f.rule_id for f in _screen(text, 2551)}
    assert "digital.written-appeal" in rules and "digital.written-filing" not in rules


def test_signatures_in_court_procedure_are_judicial_steps():
    """A judgment signed by its judges, a party's oral plea recorded and signed before the
    court, a judge's signature on the judgment he rules in: judicial steps, not a paper step
    with an agency (labelling rules); a settler signing for his plot before the department issues his permit still is."""
    judicial = [
        "มาตรา ๖๙ คำพิพากษาหรือคำสั่งตามวรรคหนึ่งต้องลงลายมือชื่อของตุลาการศาลปกครองที่นั่งพิจารณา"
        "และพิพากษาคดีหรือมีคำสั่งนั้น ถ้าตุลาการศาลปกครองคนใดมีเหตุจำเป็นไม่สามารถลงลายมือชื่อได้"
        " ให้อธิบดีศาลปกครองชั้นต้นหรือประธานศาลปกครองสูงสุด แล้วแต่กรณี จดแจ้งเหตุดังกล่าวไว้ในคำพิพากษา"
        "หรือคำสั่งนั้นด้วย",
        "มาตรา ๒๐ การฟ้องคดีผู้บริโภค โจทก์จะฟ้องด้วยวาจาหรือเป็นหนังสือก็ได้ ในกรณีที่โจทก์ประสงค์จะฟ้อง"
        "ด้วยวาจา ให้เจ้าพนักงานคดีจัดให้มีการบันทึกรายละเอียดแห่งคำฟ้องแล้วให้โจทก์ลงลายมือชื่อไว้เป็นสำคัญ",
        "มาตรา ๔ การพิจารณาคดีในศาลชั้นต้นตามความในมาตรา ๓ ให้ดะโต๊ะยุติธรรมหนึ่งนายนั่งพิจารณาพร้อมด้วย"
        "ผู้พิพากษา ให้ดะโต๊ะยุติธรรมมีอำนาจหน้าที่ในการวินิจฉัยชี้ขาดข้อกฎหมายอิสลาม และลงลายมือชื่อใน"
        "คำพิพากษาที่พิพากษาตามคำวินิจฉัยชี้ขาดนั้นด้วย",
    ]
    for text in judicial:
        assert "digital.handwritten-signature" not in {f.rule_id for f in _screen(text, 2551)}, text
    filing = (
        "มาตรา ๒๔ ให้ผู้ซึ่งได้รับหนังสือแจ้งตามมาตรา ๒๓ ไปแสดงตนต่อผู้ปกครองนิคมภายในเวลาที่กำหนดในหนังสือแจ้ง"
        " เมื่อผู้ปกครองนิคมได้ตรวจสอบหลักฐานของผู้ซึ่งแสดงตนนั้น และเห็นว่าถูกต้อง ก็ให้ชี้เขตที่ดินที่ได้รับมอบ"
        "ให้เข้าทำประโยชน์ เมื่อผู้นั้นลงลายมือชื่อรับมอบที่ดินแล้ว ให้อธิบดีกรมพัฒนาสังคมและสวัสดิการหรือผู้ซึ่ง"
        "อธิบดีกรมพัฒนาสังคมและสวัสดิการมอบหมายออกหนังสืออนุญาตให้เข้าทำประโยชน์ในที่ดิน"
    )
    assert "digital.handwritten-signature" in {f.rule_id for f in _screen(filing, 2511)}
