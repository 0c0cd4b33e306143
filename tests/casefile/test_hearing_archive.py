"""Closed hearings stay public, with the published comments and the agency's responses."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lawreg.errors import InvalidRecord, NotFound, PermissionDenied
from lawreg.models import AuditEntry, HearingResponse
from lawreg.services.hearing_archive import archived_hearing, respond

STAFF_NAMES = ("user:", "reviewer", "officer", "committee", "Officer")


def write(db, actor, case_id, body, comment_id=None):  # type: ignore[no-untyped-def]
    def run(uow):
        uow.actor = actor
        return respond(uow, case_id, body, comment_id).id
    return db(run)


def test_a_closed_hearing_is_never_a_404(client, closed_hearing):
    case_id, _ids = closed_hearing
    page = client.get(f"/hearings/{case_id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "การรับฟังความคิดเห็นที่ปิดแล้ว" in text and "ไม่รับความคิดเห็นเพิ่มเติม" in text
    assert "เห็นด้วยให้ยกเลิก เพราะไม่มีผู้ใช้บังคับแล้ว" in text and "นายประชา" in text
    assert "ข้อความที่ยังรอตรวจ" not in text and "ข้อความหยาบคาย" not in text  # unpublished
    assert 'name="body"' not in text  # no comment form
    listing = client.get("/hearings/archive").get_data(as_text=True)
    assert f'href="/hearings/{case_id}"' in listing
    assert "/hearings/archive" in client.get("/hearings/").get_data(as_text=True)


def test_a_case_that_never_had_a_hearing_is_still_a_404(client, db, registry):
    from lawreg.services.cases import open_case

    def draft(uow):
        uow.actor = registry.officer
        case = open_case(uow, "price-act", "keep", "ยังจำเป็น")
        uow.commit()
        return case.id

    assert client.get(f"/hearings/{db(draft)}").status_code == 404
    with pytest.raises(NotFound):
        db(lambda uow: archived_hearing(uow.session, 999))


def test_the_agency_answers_each_comment_and_the_whole_hearing(client, db, registry, closed_hearing):
    case_id, (published, _pending, _hidden) = closed_hearing
    write(db, registry.officer, case_id, "หน่วยงานจะพิจารณายกเลิกตามข้อเสนอ", published)
    write(db, registry.reviewer, case_id, "สรุป: ผู้แสดงความเห็นส่วนใหญ่เห็นด้วย")
    text = client.get(f"/hearings/{case_id}").get_data(as_text=True)
    assert "หน่วยงานจะพิจารณายกเลิกตามข้อเสนอ" in text
    assert "สรุป: ผู้แสดงความเห็นส่วนใหญ่เห็นด้วย" in text
    assert "คำชี้แจงของกรมการค้าภายใน" in text  # signed by the agency
    main = text.split('<main', 1)[1].split("</main>", 1)[0]
    assert not [name for name in STAFF_NAMES if name in main]


def test_writing_again_replaces_the_response_and_is_audited(db, registry, closed_hearing):
    case_id, (published, *_rest) = closed_hearing
    first = write(db, registry.officer, case_id, "ร่างคำชี้แจง", published)
    second = write(db, registry.officer, case_id, "คำชี้แจงฉบับแก้ไข", published)
    assert first == second
    rows = db(lambda uow: [(r.comment_id, r.body) for r in uow.session.scalars(select(HearingResponse))])
    assert rows == [(published, "คำชี้แจงฉบับแก้ไข")]
    audits = db(lambda uow: [(a.before, a.after["body"]) for a in uow.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "hearing.respond").order_by(AuditEntry.id))])
    assert audits == [(None, "ร่างคำชี้แจง"), ({"body": "ร่างคำชี้แจง"}, "คำชี้แจงฉบับแก้ไข")]


@pytest.mark.parametrize("who", ["other_officer", "committee"])
def test_only_the_agency_and_the_review_unit_respond(db, registry, closed_hearing, who):
    case_id, (published, *_rest) = closed_hearing
    with pytest.raises(PermissionDenied):
        write(db, getattr(registry, who), case_id, "ไม่ควรบันทึกได้", published)


def test_unpublished_comments_and_empty_text_get_no_response(db, registry, closed_hearing):
    case_id, (_published, pending, hidden) = closed_hearing
    for comment_id in (pending, hidden):
        with pytest.raises(InvalidRecord):
            write(db, registry.officer, case_id, "คำชี้แจง", comment_id)
    with pytest.raises(InvalidRecord):
        write(db, registry.officer, case_id, "   ")
    assert db(lambda uow: uow.session.scalars(select(HearingResponse)).all()) == []


def test_staff_write_responses_on_their_page(db, registry, closed_hearing, signed_in):
    case_id, (published, *_rest) = closed_hearing
    officer = signed_in("officer")
    page = officer.get(f"/hearings/{case_id}/responses")
    assert page.status_code == 200 and "เห็นด้วยให้ยกเลิก" in page.get_data(as_text=True)
    saved = officer.post(f"/hearings/{case_id}/responses",
                         data={"comment_id": str(published), "body": "<i>รับไปพิจารณา</i>"})
    assert saved.status_code == 302
    staff_page = officer.get(f"/hearings/{case_id}/responses").get_data(as_text=True)
    assert "แก้ไขล่าสุดโดย Officer" in staff_page and "user:officer" not in staff_page
    public = officer.get(f"/hearings/{case_id}").get_data(as_text=True)
    assert "&lt;i&gt;รับไปพิจารณา&lt;/i&gt;" in public and "<i>รับไปพิจารณา" not in public
    assert signed_in("other").post(f"/hearings/{case_id}/responses",
                                   data={"body": "สรุป"}).status_code == 403
