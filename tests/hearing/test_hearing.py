"""Public hearings: reading and commenting without an account, limits, moderation, summary."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from lawreg import create_app
from lawreg.models import HearingComment
from lawreg.services.cases import transition
from lawreg.services.hearings import summarise, top_words

from .conftest import counts


def comment(client, case_id, body="ควรยกเลิก เพราะล้าสมัย", stance="support", **extra):
    return client.post(f"/hearings/{case_id}/comments", data={"body": body, "stance": stance, **extra})


def stored(db):
    return db(lambda uow: [(c.status, c.body, c.ip_hash, c.display_name)
                           for c in uow.session.scalars(select(HearingComment).order_by(HearingComment.id))])


def test_public_pages_show_only_cases_in_hearing(client, hearing_case, db, registry):
    listing = client.get("/hearings/").get_data(as_text=True)
    assert f"/hearings/{hearing_case}" in listing
    page = client.get(f"/hearings/{hearing_case}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "มาตรา 25 ผู้ใดฝ่าฝืน ต้องระวางโทษ" in text  # the section's text
    assert "ล้าสมัย ไม่มีการบังคับใช้" in text  # the justification
    assert "ซ้ำกับกฎกระทรวง" in text  # checklist evidence
    # A case not (yet) in hearing is not public.
    from lawreg.services.cases import open_case

    def draft(uow):
        uow.actor = registry.officer
        case = open_case(uow, "price-act", "keep", "ยังจำเป็น")
        uow.commit()
        return case.id

    other = db(draft)
    assert client.get(f"/hearings/{other}").status_code == 404
    assert f"/hearings/{other}" not in client.get("/hearings/").get_data(as_text=True)


def test_anonymous_comment_is_pending_then_shown_escaped_once_approved(client, hearing_case, db, signed_in):
    hostile = '<script>alert("x")</script> ไม่เห็นด้วย'
    response = comment(client, hearing_case, body=hostile, stance="oppose", display_name="<b>สมชาย</b>")
    assert response.status_code == 302
    rows = stored(db)
    assert [(r[0], r[1], r[3]) for r in rows] == [("pending", hostile, "<b>สมชาย</b>")]
    assert re.fullmatch(r"[0-9a-f]{64}", rows[0][2]) and "127.0.0.1" not in rows[0][2]
    assert "alert" not in client.get(f"/hearings/{hearing_case}").get_data(as_text=True)

    moderator = signed_in("reviewer")
    queue = moderator.get("/hearings/moderation").get_data(as_text=True)
    assert "&lt;script&gt;" in queue and "<script>alert" not in queue
    comment_id = db(lambda uow: uow.session.scalar(select(HearingComment.id)))
    assert moderator.post(f"/hearings/comments/{comment_id}/moderate", data={"decision": "approved"}).status_code == 302
    page = client.get(f"/hearings/{hearing_case}").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; ไม่เห็นด้วย" in page
    assert "<script>alert" not in page and "<b>สมชาย</b>" not in page
    actions = db(lambda uow: [a for (a,) in uow.session.execute(
        select(__import__("lawreg.models", fromlist=["AuditEntry"]).AuditEntry.action))])
    assert "hearing.comment" in actions and "hearing.approve" in actions


def test_hiding_needs_a_reason_and_hidden_comments_stay_private(client, hearing_case, db, signed_in):
    comment(client, hearing_case, body="ข้อความที่ไม่เหมาะสม")
    comment_id = db(lambda uow: uow.session.scalar(select(HearingComment.id)))
    committee = signed_in("committee")
    assert committee.post(f"/hearings/comments/{comment_id}/moderate", data={"decision": "hidden"}).status_code == 400
    assert stored(db)[0][0] == "pending"
    assert committee.post(f"/hearings/comments/{comment_id}/moderate",
                          data={"decision": "hidden", "reason": "ถ้อยคำหยาบคาย"}).status_code == 302
    assert stored(db)[0][0] == "hidden"
    assert "ข้อความที่ไม่เหมาะสม" not in client.get(f"/hearings/{hearing_case}").get_data(as_text=True)
    staff_page = committee.get(f"/hearings/{hearing_case}/all-comments").get_data(as_text=True)
    assert "ข้อความที่ไม่เหมาะสม" in staff_page and "ถ้อยคำหยาบคาย" in staff_page


def test_rate_limit_per_sender_holds_in_the_database(app, client, hearing_case, db):
    for number in range(5):
        assert comment(client, hearing_case, body=f"ความเห็นที่ {number}").status_code == 302
    refused = comment(client, hearing_case, body="ความเห็นที่หก")
    assert refused.status_code == 429
    # A second client (another process would be the same: the count is in the database).
    assert comment(app.test_client(), hearing_case, body="อีกครั้ง").status_code == 429
    other_sender = app.test_client()
    response = other_sender.post(f"/hearings/{hearing_case}/comments", data={"body": "จากที่อื่น", "stance": "neutral"},
                                 environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert response.status_code == 302
    assert len(stored(db)) == 6


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"body": "ก" * 5001, "stance": "support"}, 400),  # over the length limit
        ({"body": "", "stance": "support"}, 400),  # empty
        ({"body": "ข้อความ", "stance": "maybe"}, 400),  # wrong choice
        ({"body": "ข้อความ"}, 400),  # no stance
        ({"body": "ข้อความ", "stance": "support", "display_name": "ก" * 101}, 400),
        ({"body": "ข้อความ", "stance": "support", "website": "http://spam.example"}, 400),  # honeypot
        ({"body": "ก" * 1_000_000, "stance": "support"}, 413),  # 1 MB body
    ],
)
def test_hostile_or_malformed_comments_store_nothing(client, hearing_case, db, data, status):
    before = db(counts)
    response = client.post(f"/hearings/{hearing_case}/comments", data=data)
    assert response.status_code == status
    assert db(counts) == before
    if status == 413:
        assert "5,000" in response.get_data(as_text=True)


def test_whole_request_over_the_limit_gets_the_413_page(client, hearing_case, db):
    response = client.post(f"/hearings/{hearing_case}/comments", data="x" * (3 * 1024 * 1024),
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert stored(db) == []


def test_comments_are_refused_once_the_hearing_closed(client, hearing_case, db, registry):
    def close(uow):
        uow.actor = registry.reviewer
        from lawreg.models import ReviewCase

        version = uow.session.get(ReviewCase, hearing_case).version
        case = transition(uow, hearing_case, "close_hearing", version)
        uow.commit()
        return case.stage

    assert db(close) == "committee_decision"
    response = comment(client, hearing_case)
    assert response.status_code == 302 and response.location.endswith(f"/hearings/{hearing_case}")
    page = client.get(response.location)
    assert "ปิดแล้ว" in page.get_data(as_text=True)
    assert stored(db) == []
    # The closed hearing stays readable (the archive), without the comment form.
    assert page.status_code == 200 and 'name="body"' not in page.get_data(as_text=True)


def test_csrf_token_is_required_and_works_for_anonymous_visitors(database_url, tmp_path, db, hearing_case):
    secured = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance"),
                          "DATABASE_URL": database_url})
    visitor = secured.test_client()
    assert comment(visitor, hearing_case).status_code == 400
    assert stored(db) == []
    page = visitor.get(f"/hearings/{hearing_case}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert comment(visitor, hearing_case, csrf_token=token).status_code == 302
    assert len(stored(db)) == 1


def test_summary_counts_stances_days_and_words(client, hearing_case, db, signed_in):
    comment(client, hearing_case, body="ค่าธรรมเนียมสูงเกินไป ควรยกเลิกค่าธรรมเนียม", stance="support")
    comment(client, hearing_case, body="ค่าธรรมเนียมจำเป็น", stance="oppose")
    comment(client, hearing_case, body="ไม่มีความเห็น", stance="neutral")
    rows = db(lambda uow: list(uow.session.scalars(select(HearingComment))))
    summary = summarise(rows)
    assert summary.total == 3 and summary.by_stance == {"support": 1, "oppose": 1, "neutral": 1}
    assert summary.by_status["pending"] == 3
    assert sum(n for _, n in summary.by_day) == 3
    assert summary.top_words[0] == ("ค่าธรรมเนียม", 3)
    page = signed_in("committee").get(f"/hearings/{hearing_case}/all-comments").get_data(as_text=True)
    assert "ค่าธรรมเนียม" in page
    assert '<svg class="chart" role="img"' in page and "ความคิดเห็นตามจุดยืน</title>" in page


def test_top_words_drop_stopwords_and_symbols():
    words = dict(top_words(["และ และ ที่ 123 !!! การค้า การค้า"]))
    assert words == {"การค้า": 2}


def test_per_case_limit_and_sender_hash_retention(app, db, hearing_case):
    from datetime import timedelta

    from lawreg.models.base import utcnow
    from lawreg.services.hearings import EXPIRED_HASH, RateLimited, submit_comment

    app.config["HEARING_RATE_LIMITS"] = {"per_case": 2}
    now = utcnow()

    def send(address, when):
        def run(uow):
            submit_comment(uow, hearing_case, "ข้อความ", "neutral", address, "secret", now=when)
        return run

    db(send("198.51.100.1", now - timedelta(days=31)))  # an old comment, outside the window
    db(send("198.51.100.2", now))
    db(send("198.51.100.3", now))
    with pytest.raises(RateLimited):
        db(send("198.51.100.4", now))  # a third sender: the case has had two in the window
    hashes = [row[2] for row in stored(db)]
    assert len(hashes) == 3
    assert hashes[0] == EXPIRED_HASH and all(len(h) == 64 for h in hashes[1:])
