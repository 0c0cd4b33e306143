"""The staff discussion thread of a case: display names, times, escaping, permissions."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from lawreg.errors import InvalidRecord, PermissionDenied
from lawreg.models import AuditEntry, CaseNote, User
from lawreg.services.discussion import NOTE_MAX, post_note

HOSTILE = '<img src=x onerror="alert(1)"><script>alert("x")</script> ควรรอผลประเมิน'


def test_notes_show_with_display_names_and_bangkok_times_escaped(db, hearing_case, signed_in):
    db(lambda uow: uow.session.execute(update(User).where(User.username == "reviewer")
                                       .values(display_name="สมหญิง ใจดี")))
    reviewer = signed_in("reviewer")
    saved = reviewer.post(f"/cases/{hearing_case}/notes", data={"body": HOSTILE})
    assert saved.status_code == 302 and saved.headers["Location"].endswith("#discussion")
    page = signed_in("officer").get(f"/cases/{hearing_case}").get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; ควรรอผลประเมิน" in page
    note = db(lambda uow: uow.session.scalars(select(CaseNote)).one())
    assert note.author == "user:reviewer"
    thread = page.split('id="discussion"', 1)[1].split("</section>", 1)[0]
    assert "สมหญิง ใจดี" in thread and "user:reviewer" not in thread
    assert "พ.ศ. 25" in thread  # the date in the Buddhist Era
    actions = db(lambda uow: uow.session.scalars(select(AuditEntry.action)).all())
    assert "case.note" in actions


def test_an_empty_or_overlong_note_is_refused(db, registry, hearing_case, signed_in):
    reviewer = signed_in("reviewer")
    assert "ไม่ได้บันทึกข้อความ" in reviewer.post(
        f"/cases/{hearing_case}/notes", data={"body": "x" * (NOTE_MAX + 1)}, follow_redirects=True,
    ).get_data(as_text=True)

    def empty(uow):
        uow.actor = registry.reviewer
        post_note(uow, hearing_case, " \x00 ")

    with pytest.raises(InvalidRecord):
        db(empty)
    assert db(lambda uow: uow.session.scalars(select(CaseNote)).all()) == []


def test_an_officer_of_another_agency_cannot_write(db, registry, hearing_case, signed_in):
    assert signed_in("other").post(f"/cases/{hearing_case}/notes", data={"body": "แทรก"}).status_code == 403

    def other(uow):
        uow.actor = registry.other_officer
        post_note(uow, hearing_case, "แทรก")

    with pytest.raises(PermissionDenied):
        db(other)
    assert db(lambda uow: uow.session.scalars(select(CaseNote)).all()) == []
