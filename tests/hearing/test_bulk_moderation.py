"""Moderating several comments at once with one reason, and refusals shown beside the form
that was sent (the reason typed and the comments checked are kept)."""

from __future__ import annotations

from sqlalchemy import select

from lawreg.models import HearingComment


def comment(client, case_id: int, body: str) -> None:
    assert client.post(f"/hearings/{case_id}/comments", data={"body": body, "stance": "oppose"}).status_code in (302, 303)


def statuses(db) -> dict[int, tuple[str, str | None]]:
    return db(lambda uow: {c.id: (c.status, c.moderation_reason)
                           for c in uow.session.scalars(select(HearingComment).order_by(HearingComment.id))})


def test_hiding_checked_comments_with_one_reason(app, hearing_case, signed_in, db):
    public = app.test_client()
    for body in ("ความเห็นแรก", "ความเห็นที่สอง", "ความเห็นที่สาม"):
        comment(public, hearing_case, body)
    ids = list(statuses(db))
    moderator = signed_in("reviewer")
    response = moderator.post("/hearings/moderation", data={
        "comment": [str(ids[0]), str(ids[1])], "decision": "hidden", "reason": "ข้อความซ้ำ"})
    assert response.status_code == 302
    after = statuses(db)
    assert after[ids[0]] == after[ids[1]] == ("hidden", "ข้อความซ้ำ")
    assert after[ids[2]][0] == "pending"


def test_a_refused_bulk_decision_stays_on_the_queue_with_what_was_entered(app, hearing_case, signed_in, db):
    public = app.test_client()
    comment(public, hearing_case, "ความเห็นแรก")
    comment(public, hearing_case, "ความเห็นที่สอง")
    ids = list(statuses(db))
    before = statuses(db)
    moderator = signed_in("reviewer")
    response = moderator.post("/hearings/moderation?lang=en", data={
        "comment": [str(ids[1])], "decision": "hidden", "reason": "  "})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="refused-bulk"' in page
    assert "Give a reason to hide a comment." in page
    assert f'value="{ids[1]}" form="bulk-moderation" aria-label="Select comment {ids[1]}" checked' in page
    assert statuses(db) == before
    single = moderator.post(f"/hearings/comments/{ids[0]}/moderate?lang=en", data={"reason": "เหตุผลที่พิมพ์ไว้"})
    page = single.get_data(as_text=True)
    assert single.status_code == 400 and f'id="refused-{ids[0]}"' in page
    assert "เหตุผลที่พิมพ์ไว้</textarea>" in page  # the typed reason is kept
