"""The printable case file and hearing report: real PDFs (WeasyPrint, Thai fonts) whose
Thai text can be extracted again (pypdf), with what the cabinet needs to read."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from lawreg.services.attachments import attach
from lawreg.services.cases import get_case, link_flags
from lawreg.services.flags.triage import add_manual_flag
from lawreg.services.hearing_archive import respond
from lawreg.services.votes import VotingRule, cast_vote
from lawreg.thai.normalize import normalize

from .conftest import PDF_BYTES, add_comment, age_hearing, close_hearing


def pdf_text(data: bytes) -> str:
    """The PDF's text, normalised as lawreg reads every PDF (sara am comes back as nikhahit
    + sara aa) and with white space removed: pypdf puts a space after a tone mark drawn
    with an offset ("แฟ้ มเรื่อง")."""
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    return "".join(normalize("".join(page.extract_text() for page in reader.pages)).split())


def has(text: str, expected: str) -> bool:
    return "".join(expected.split()) in text


@pytest.fixture
def decided_case(db, registry, hearing_case):  # type: ignore[no-untyped-def]
    """The hearing case with a linked flag, an attachment, a published comment answered by
    the agency, its hearing closed after 15 days and the committee's approval."""
    def prepare(uow):
        uow.actor = registry.officer
        flag = add_manual_flag(uow, "price-act", "outdated", section="25", quote="ต้องระวางโทษ")
        link_flags(uow, hearing_case, get_case(uow, hearing_case).version, [flag.id])
        attach(uow, hearing_case, "draft_bill", "ร่างพระราชบัญญัติยกเลิก.pdf", PDF_BYTES)
        uow.commit()

    db(prepare)
    comment_id = db(lambda uow: add_comment(uow, hearing_case, "สนับสนุนการยกเลิกกฎหมายฉบับนี้", name="ประชาชน"))
    db(lambda uow: add_comment(uow, hearing_case, "ยังไม่ได้ตรวจ", status="pending"))

    def answer(uow):
        uow.actor = registry.officer
        respond(uow, hearing_case, "หน่วยงานรับข้อเสนอไปดำเนินการ", comment_id)
        respond(uow, hearing_case, "ผู้แสดงความคิดเห็นสนับสนุนทั้งหมด")
        uow.commit()

    db(answer)
    db(lambda uow: age_hearing(uow, hearing_case, 16))
    db(lambda uow: close_hearing(uow, registry, hearing_case))

    def approve(uow):
        uow.actor = registry.committee
        # One member's vote decides under a quorum of one (the committee's rule is a setting).
        cast_vote(uow, hearing_case, "for", "เห็นชอบให้ยกเลิกทั้งฉบับ", rule=VotingRule(quorum=1))
        uow.commit()

    db(approve)
    return hearing_case


def test_the_case_file_holds_what_the_cabinet_reads(decided_case, signed_in):
    response = signed_in("committee").get(f"/cases/{decided_case}/case-file.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f'attachment; filename="case-{decided_case}.pdf"'
    text = pdf_text(response.data)
    for expected in ("แฟ้มเรื่องที่", "พระราชบัญญัติว่าด้วยราคาสินค้า",  # title and law
                     "ล้าสมัย ไม่มีการบังคับใช้",  # justification
                     "ผู้ใดฝ่าฝืน",  # section 25's text
                     "ต้องระวางโทษ",  # the flag's evidence
                     "เห็นชอบให้ยกเลิกทั้งฉบับ",  # the member's vote and its reason
                     "การลงมติของคณะกรรมการ", "เห็นชอบกับข้อเสนอ",  # the recorded vote
                     "ร่างพระราชบัญญัติยกเลิก.pdf", "ร่างกฎหมาย",  # the attachment and its kind
                     "กรมการค้าภายใน", "กำหนด", "คำถาม", "ซ้ำกับกฎกระทรวง"):
        assert has(text, expected), expected
    assert re.search(r"พ\.ศ\.25\d\d", text)  # stage history dated in the Buddhist Era
    assert text.count("พ.ศ.") >= 6  # one per step at least


def test_the_hearing_report_counts_and_answers(decided_case, signed_in):
    response = signed_in("reviewer").get(f"/cases/{decided_case}/hearing-report.pdf")
    assert response.status_code == 200
    text = pdf_text(response.data)
    for expected in ("รายงานผลการรับฟังความคิดเห็น", "สนับสนุนการยกเลิกกฎหมายฉบับนี้",
                     "หน่วยงานรับข้อเสนอไปดำเนินการ", "ผู้แสดงความคิดเห็นสนับสนุนทั้งหมด",
                     "ประชาชน", "เปิดรับฟังตั้งแต่"):
        assert has(text, expected), expected
    assert not has(text, "ยังไม่ได้ตรวจ")  # an unpublished comment is counted, not printed
    assert has(text, "ความคิดเห็นที่ได้รับ 2") and has(text, "รอการตรวจสอบ 1"), text[:600]
    assert has(text, "ความคิดเห็นที่เผยแพร่ จำแนกตามจุดยืน เห็นด้วยกับข้อเสนอ 1")


def test_printouts_are_for_staff_who_may_see_the_case(client, decided_case, signed_in):
    assert signed_in("other").get(f"/cases/{decided_case}/case-file.pdf").status_code == 403
    assert client.get(f"/cases/{decided_case}/hearing-report.pdf").status_code in (302, 401)
    assert signed_in("reviewer").get("/cases/999/case-file.pdf").status_code == 404


def test_the_text_layer_gives_back_the_thai_that_was_drawn(tmp_path):
    from lawreg.web.pdf_output import render_pdf

    sample = "แฟ้มเรื่อง กำหนด ซ้ำซ้อน ผู้ใดฝ่าฝืน ปั้น ฟื้น ญาติ ฐาน"
    css = tmp_path / "print.css"
    css.write_text('body { font-family: "Norasi"; }', encoding="utf-8")
    html = f'<html lang="th"><body><p>{sample}</p></body></html>'
    from weasyprint import HTML

    raw = HTML(string=html).write_pdf(stylesheets=[str(css)])
    assert not has(pdf_text(raw), sample)  # WeasyPrint alone loses marks
    assert pdf_text(render_pdf(html, css, "http://localhost/")) == "".join(sample.split())
