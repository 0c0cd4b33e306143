"""The workflow pages: sign-in, throttling, CSRF, authorisation at the edge, the case page,
conflicts between two browsers, and hostile input."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from lawreg import create_app
from lawreg.models import AuditEntry, LoginAttempt, ReviewCase
from lawreg.services import Actor, unit_of_work
from lawreg.services.accounts import MAX_ADDRESS_FAILURES, authenticate

from .conftest import PASSWORD, build_registry
from .conftest import table_counts as counts_in

# Requests run in their own app contexts: the ``uow`` fixture's open context would share
# ``flask.g`` (and with it the signed-in user) between test clients.


@pytest.fixture
def registry(app):
    with app.app_context(), unit_of_work(Actor("test", role="admin")) as work:
        return build_registry(work)


def table_counts(db):
    return db(counts_in)


def sign_in(client, username, password=PASSWORD):
    return client.post("/auth/login", data={"username": username, "password": password})


def test_sign_in_and_out(app, client, registry):
    response = sign_in(client, "OFFICER")  # user names ignore case
    assert response.status_code == 302 and response.location.endswith("/officer/")
    page = client.get("/officer/").get_data(as_text=True)
    assert "price-act" in page and "transport-act" not in page
    assert client.post("/auth/logout").status_code == 302
    assert client.get("/officer/").status_code == 302
    assert sign_in(client, "officer", "wrong password").status_code == 401


def test_anonymous_is_sent_to_sign_in_and_other_roles_get_403(client, signed_in):
    response = client.get("/review/")
    assert response.status_code == 302 and "/auth/login" in response.location
    assert client.post("/cases/1/transitions/submit", data={"version": 1}).status_code == 302
    assert signed_in("officer").get("/review/").status_code == 403
    assert signed_in("committee").get("/officer/").status_code == 403
    assert signed_in("committee").get("/review/").status_code == 200


def test_failures_slow_down_one_name_from_one_address_only(db, client, app, registry):
    for _ in range(5):
        assert sign_in(client, "reviewer", "not the password").status_code == 401
    response = sign_in(client, "reviewer")  # right password, but this address must wait
    assert response.status_code == 401 and "โปรดลองใหม่หลังเวลา" in response.get_data(as_text=True)
    # The owner elsewhere is not locked out by someone else's guesses (issue 10).
    owner = app.test_client()
    response = owner.post("/auth/login", data={"username": "reviewer", "password": PASSWORD},
                          environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert response.status_code == 302
    refusals = db(lambda uow: uow.session.scalars(
        select(AuditEntry.after["reason"].as_string()).where(AuditEntry.action == "user.login_refused")
        .order_by(AuditEntry.id)).all())
    assert refusals == ["bad_credentials"] * 5 + ["locked"]


def test_the_wait_doubles_with_each_further_failure(uow):
    build_registry(uow)
    now = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    for second in range(5):
        at = now + timedelta(seconds=second)
        assert authenticate(uow, "officer", "x" * 12, "10.0.0.1", now=at).refusal == "bad_credentials"
    last = now + timedelta(seconds=4)
    assert authenticate(uow, "officer", PASSWORD, "10.0.0.1", now=last + timedelta(seconds=29)).refusal == "locked"
    later = last + timedelta(seconds=31)
    assert authenticate(uow, "officer", "x" * 12, "10.0.0.1", now=later).refusal == "bad_credentials"
    waiting = authenticate(uow, "officer", PASSWORD, "10.0.0.1", now=later + timedelta(seconds=59))
    assert waiting.refusal == "locked" and waiting.retry_after == later + timedelta(seconds=60)
    assert authenticate(uow, "officer", PASSWORD, "10.0.0.1", now=later + timedelta(seconds=61)).user
    # A success starts the count again.
    assert authenticate(uow, "officer", "x" * 12, "10.0.0.1", now=later + timedelta(seconds=62)).refusal \
        == "bad_credentials"


def test_unknown_names_and_one_address_are_throttled_too(uow):
    build_registry(uow)
    now = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    for _ in range(5):
        assert authenticate(uow, "nobody", "x" * 12, "10.0.0.1", now=now).refusal == "bad_credentials"
    assert authenticate(uow, "nobody", "x" * 12, "10.0.0.1", now=now).refusal == "locked"
    for index in range(MAX_ADDRESS_FAILURES):
        authenticate(uow, f"guess{index}", "x" * 12, "10.0.0.2", now=now)
    uow.commit()
    assert authenticate(uow, "officer", PASSWORD, "10.0.0.2", now=now).refusal == "address_limited"
    assert authenticate(uow, "officer", PASSWORD, "10.0.0.3", now=now).user is not None
    assert uow.session.query(LoginAttempt).count() == 5 + MAX_ADDRESS_FAILURES + 1


def test_a_post_without_the_csrf_token_is_refused(database_url, tmp_path, registry):
    app = create_app({"TESTING": True, "DATABASE_URL": database_url,
                      "INSTANCE_PATH": str(tmp_path / "csrf"), "WTF_CSRF_ENABLED": True})
    client = app.test_client()
    assert sign_in(client, "officer").status_code == 400  # no token: refused before any check
    page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/auth/login", data={"username": "officer", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert client.post("/officer/cases/new", data={"law": "price-act", "action": "repeal",
                                                   "justification": "x"}).status_code == 400


def open_by_page(client, **fields):
    data = {"law": "price-act", "action": "repeal", "justification": "ไม่จำเป็น", "sections": ""}
    for question in ("legal_basis", "necessary", "proportionate", "digital_ready", "duplicates"):
        data[f"checklist-{question}-answer"] = "no"
        data[f"checklist-{question}-evidence"] = ""
    data.update(fields)
    return client.post("/officer/cases/new", data=data)


def test_case_pages_from_opening_to_conflict(db, signed_in):
    officer, admin = signed_in("officer"), signed_in("admin")
    response = open_by_page(officer, justification="<script>alert(1)</script> ยกเลิก")
    assert response.status_code == 302
    case_url = response.location
    page = officer.get(case_url).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'action="/cases/1/transitions/submit"' in page and "transitions/approve" not in page
    assert "transitions/submit" not in signed_in("reviewer").get(case_url).get_data(as_text=True)
    assert signed_in("other").get(case_url).status_code == 403

    # Two browsers read version 1; the first submit wins, the second sees what happened.
    assert officer.post("/cases/1/transitions/submit", data={"version": "1"}).status_code == 302
    conflict = admin.post("/cases/1/transitions/withdraw", data={"version": "1", "comment": "ถอน"})
    assert conflict.status_code == 409
    assert "Officer" in conflict.get_data(as_text=True)  # who moved it, by display name
    assert "user:officer" not in conflict.get_data(as_text=True)
    assert db(lambda uow: uow.session.get(ReviewCase, 1).stage) == "agency_review"

    committee = signed_in("committee")
    before = table_counts(db)
    assert admin.post("/cases/1/transitions/withdraw", data={"version": "2"}).status_code == 400  # no reason
    assert admin.post("/cases/1/transitions/withdraw", data={"version": "abc", "comment": "x"}).status_code == 400
    assert admin.post("/cases/1/transitions/withdraw",
                      data={"version": "2", "comment": "x", "due_on": "31/02/2026"}).status_code == 400
    assert committee.post("/cases/1/transitions/forward", data={"version": "2"}).status_code == 403
    assert officer.post("/cases/99/transitions/forward", data={"version": "1"}).status_code == 404
    assert table_counts(db) == {**before, "audit_entry": before["audit_entry"] + 1}  # the 403


def test_oversized_and_malformed_forms_store_nothing(db, signed_in):
    officer = signed_in("officer")
    before = table_counts(db)
    response = open_by_page(officer, justification="x" * 1_000_000)  # 1 MB: the length validator
    assert response.status_code == 400 and "20000" in response.get_data(as_text=True)
    assert open_by_page(officer, justification="ก" * 1_000_000).status_code == 413  # 3 MB body
    assert open_by_page(officer, action="abolish").status_code == 400
    assert open_by_page(officer, sections="999").status_code == 400
    assert open_by_page(officer, law="transport-act").status_code == 403
    assert open_by_page(officer, **{"checklist-necessary-answer": "maybe"}).status_code == 400
    assert table_counts(db) == {**before, "audit_entry": before["audit_entry"] + 1}  # the 403


def test_review_board_lists_open_cases_and_laws_due(signed_in):
    officer = signed_in("officer")
    assert open_by_page(officer).status_code == 302
    page = signed_in("reviewer").get("/review/").get_data(as_text=True)
    assert "/cases/1" in page and "พระราชบัญญัติการขนส่งทางบก" in page


def test_an_amendment_goes_through_the_pages_to_the_registry(db, signed_in):
    officer, colleague, reviewer = signed_in("officer"), signed_in("colleague"), signed_in("reviewer")
    response = open_by_page(officer, action="amend", sections="25", new_text="มาตรา 25 ข้อความร่าง")
    assert response.status_code == 302
    steps = [(officer, "submit", {}), (colleague, "forward", {}), (reviewer, "open_hearing", {}),
             (reviewer, "close_hearing", {}), ("vote", "approve", {}),
             (reviewer, "start_drafting", {"due_on": "2030-01-31"}), (reviewer, "to_cabinet", {})]
    for version, (client, name, extra) in enumerate(steps, start=1):
        if client == "vote":  # the committee's decision: three members vote for it
            for member in ("committee", "member2", "member3"):
                voted = signed_in(member).post("/cases/1/votes", data={"choice": "for", "reason": "เห็นชอบตามเสนอ"})
                assert voted.status_code == 302, voted.get_data(as_text=True)[-2000:]
            continue
        response = client.post(f"/cases/1/transitions/{name}", data={"version": str(version), **extra})
        assert response.status_code == 302, (name, response.get_data(as_text=True)[-2000:])
    page = reviewer.get("/cases/1").get_data(as_text=True)
    assert 'name="new_text-25"' in page and "มาตรา 25 ข้อความร่าง" in page
    publish = {"version": "8", "gazette_ref": "เล่ม 143 ตอนที่ 5 ก", "published_on": "2026-11-20",
               "commenced_on": "2026-12-01", "instrument_key": "price-regulation-2569",
               "new_text-25": "มาตรา 25 ข้อความที่ประกาศ"}
    refused = reviewer.post("/cases/1/transitions/publish", data=publish)
    assert refused.status_code == 400 and "instrument_title" in refused.get_data(as_text=True)
    publish["instrument_title"] = "กฎกระทรวงว่าด้วยราคาสินค้า พ.ศ. 2569"
    assert reviewer.post("/cases/1/transitions/publish", data=publish).status_code == 302

    def registry_state(uow):
        from datetime import date

        from lawreg.services.laws import load_law

        section = next(s for s in load_law(uow, "price-act").sections if s.number == "25")
        return (section.version_at(date(2026, 11, 30)).text, section.version_at(date(2026, 12, 1)).text,
                section.current_version.amended_by.key, uow.session.get(ReviewCase, 1).stage_due_on)

    assert db(registry_state)[:3] == ("มาตรา 25 ผู้ใดฝ่าฝืน ต้องระวางโทษ", "มาตรา 25 ข้อความที่ประกาศ",
                                      "price-regulation-2569")
    history = reviewer.get("/cases/1").get_data(as_text=True)
    assert "เห็นชอบตามเสนอ" in history and "บันทึกการประกาศในราชกิจจานุเบกษา" in history


def test_the_case_page_offers_votes_assignment_and_the_second_person(db, signed_in):
    officer, colleague = signed_in("officer"), signed_in("colleague")
    assert open_by_page(officer).status_code == 302
    assert officer.post("/cases/1/transitions/submit", data={"version": "1"}).status_code == 302
    page = officer.get("/cases/1").get_data(as_text=True)
    assert "transitions/forward" not in page  # the author is not offered it
    assert "การส่งต่อหรือเสนอต่อคณะกรรมการต้องทำโดยผู้อื่น" in page
    refused = officer.post("/cases/1/transitions/forward", data={"version": "2"})
    assert refused.status_code == 400
    assert "ผู้จัดทำเรื่องจะส่งต่อเรื่องหรือเสนอต่อคณะกรรมการเองไม่ได้" in refused.get_data(as_text=True)
    assert 'action="/cases/1/transitions/forward"' in colleague.get("/cases/1").get_data(as_text=True)

    assigned = officer.post("/cases/1/assignment", data={"assignee": "colleague", "due_on": "2030-01-15"})
    assert assigned.status_code == 302
    refused = officer.post("/cases/1/assignment", data={"assignee": "other"})
    assert refused.status_code == 400 and "ไม่มีสิทธิ์เห็นเรื่องที่ 1 จึงมอบหมายให้ไม่ได้" in refused.get_data(as_text=True)
    todo = colleague.get("/todo").get_data(as_text=True)
    assert "เรื่องที่มอบหมายให้ฉัน" in todo and 'href="/cases/1"' in todo and "15 มกราคม พ.ศ. 2573" in todo

    reviewer, committee = signed_in("reviewer"), signed_in("committee")
    for client, name, version in ((colleague, "forward", 2), (reviewer, "open_hearing", 3),
                                  (reviewer, "close_hearing", 4)):
        assert client.post(f"/cases/1/transitions/{name}", data={"version": str(version)}).status_code == 302
    assert 'href="/cases/1#votes-heading"' in committee.get("/todo").get_data(as_text=True)
    page = committee.get("/cases/1").get_data(as_text=True)
    assert "transitions/approve" not in page and 'action="/cases/1/votes"' in page
    refused = committee.post("/cases/1/transitions/approve", data={"version": "5", "comment": "เห็นชอบ"})
    assert refused.status_code == 400 and "คณะกรรมการมีมติโดยการลงคะแนน" in refused.get_data(as_text=True)
    assert committee.post("/cases/1/votes", data={"choice": "against", "reason": "ยังไม่ครบถ้วน"}).status_code == 302
    assert reviewer.post("/cases/1/votes", data={"choice": "for"}).status_code == 403
    for member in ("member2", "member3"):
        assert signed_in(member).post("/cases/1/votes", data={"choice": "for"}).status_code == 302
    page = committee.get("/cases/1").get_data(as_text=True)
    assert "มติเห็นชอบ" in page and "ความเห็นแย้ง" in page and "ยังไม่ครบถ้วน" in page
    assert db(lambda uow: uow.session.get(ReviewCase, 1).stage) == "approved"


def test_triage_refuses_the_raiser_confirming_their_own_flag_in_thai(db, signed_in):
    from lawreg.models import Flag
    from lawreg.services.accounts import actor_for, find_user
    from lawreg.services.flags.triage import add_manual_flag

    def raise_flag(uow):
        uow.actor = actor_for(find_user(uow, "officer"))
        return add_manual_flag(uow, "price-act", "outdated", section="25").id

    flag_id = db(raise_flag)
    refused = signed_in("officer").post("/triage/decide", data={"action": "confirm", "flag": str(flag_id)})
    assert refused.status_code == 400
    assert f"คุณเป็นผู้บันทึกข้อสังเกตที่ {flag_id} เอง" in refused.get_data(as_text=True)
    assert db(lambda uow: uow.session.get(Flag, flag_id).status) == "suggested"
    confirmed = signed_in("colleague").post("/triage/decide", data={"action": "confirm", "flag": str(flag_id)})
    assert confirmed.status_code == 303
    assert db(lambda uow: uow.session.get(Flag, flag_id).status) == "confirmed"
