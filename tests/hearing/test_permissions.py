"""Every role × every write endpoint of the hearing, audit and dashboard pages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lawreg.models import AuditEntry, HearingComment

from .conftest import counts

ROLES = ["anonymous", "officer", "reviewer", "committee", "admin"]
MODERATORS = {"reviewer", "committee", "admin"}
TARGET_SETTERS = {"committee", "admin"}
TARGET = {"action": "repeal", "target_count": "10", "starts_on": "2026-01-01", "due_on": "2027-12-31"}


def with_refusal_audited(before: dict[str, int]) -> dict[str, int]:
    """The row counts after a refused write: nothing but the audit entry of the refusal."""
    return {**before, "audit_entry": before["audit_entry"] + 1}


@pytest.fixture
def as_role(app, signed_in):
    def make(role):
        return app.test_client() if role == "anonymous" else signed_in(role)
    return make


@pytest.mark.parametrize("role", ROLES)
def test_moderation_is_refused_to_other_roles(role, as_role, client, hearing_case, db):
    client.post(f"/hearings/{hearing_case}/comments", data={"body": "ข้อความ", "stance": "support"})
    comment_id = db(lambda uow: uow.session.scalar(select(HearingComment.id)))
    user = as_role(role)
    before = db(counts)
    response = user.post(f"/hearings/comments/{comment_id}/moderate", data={"decision": "approved"})
    if role in MODERATORS:
        assert response.status_code == 302
        assert db(lambda uow: uow.session.get(HearingComment, comment_id).status) == "approved"
    else:
        assert response.status_code == (302 if role == "anonymous" else 403)
        if role == "anonymous":
            assert "/auth/login" in response.location
        assert db(counts) == with_refusal_audited(before)
        assert db(lambda uow: uow.session.get(HearingComment, comment_id).status) == "pending"


@pytest.mark.parametrize("role", ROLES)
def test_targets_are_set_by_the_committee_and_admins_only(role, as_role, db):
    user = as_role(role)
    before = db(counts)
    response = user.post("/dashboard/targets", data=TARGET)
    if role in TARGET_SETTERS:
        assert response.status_code == 302
        assert db(counts)["reform_target"] == before["reform_target"] + 1
    else:
        assert response.status_code == (302 if role == "anonymous" else 403)
        assert db(counts) == with_refusal_audited(before)
        refusal = db(lambda uow: uow.session.scalars(
            select(AuditEntry).order_by(AuditEntry.id.desc())).first())
        assert (refusal.action, refusal.entity_key) == ("request.refused", "POST /dashboard/targets")
        assert refusal.actor == ("anonymous" if role == "anonymous" else f"user:{role}")


@pytest.mark.parametrize("role", ROLES)
def test_reading_pages_by_role(role, as_role, hearing_case):
    client = as_role(role)
    expected = {
        "/hearings/moderation": MODERATORS,
        f"/hearings/{hearing_case}/all-comments": MODERATORS,
        "/dashboard/": MODERATORS,
        "/dashboard/tables/by_stage.csv": MODERATORS,
        "/audit/": TARGET_SETTERS,
        "/audit/export.csv": TARGET_SETTERS,
    }
    for path, allowed in expected.items():
        status = client.get(path).status_code
        if role in allowed:
            assert status == 200, path
        else:
            assert status == (302 if role == "anonymous" else 403), path


@pytest.mark.parametrize(
    "data",
    [
        {**TARGET, "target_count": "ten"},
        {**TARGET, "target_count": "0"},
        {**TARGET, "due_on": "2025-01-01"},
        {**TARGET, "action": "keep"},
        {**TARGET, "starts_on": "not a date"},
        {**TARGET, "note": "ก" * 2001},
    ],
)
def test_bad_targets_store_nothing(signed_in, db, data):
    committee = signed_in("committee")
    before = db(counts)
    assert committee.post("/dashboard/targets", data=data).status_code == 400
    assert db(counts) == before


def test_editing_a_target_is_audited(signed_in, db):
    committee = signed_in("committee")
    committee.post("/dashboard/targets", data=TARGET)
    from lawreg.models import AuditEntry, ReformTarget

    target_id = db(lambda uow: uow.session.scalar(select(ReformTarget.id)))
    assert committee.post(f"/dashboard/targets/{target_id}", data={**TARGET, "target_count": "25"}).status_code == 302
    entries = db(lambda uow: [(e.before, e.after) for e in uow.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "target.set").order_by(AuditEntry.id))])
    assert entries[0][0] is None and entries[1][0]["target_count"] == 10 and entries[1][1]["target_count"] == 25
    assert committee.post("/dashboard/targets/999", data=TARGET).status_code == 404


def test_staff_forms_need_the_csrf_token(database_url, tmp_path, db, registry, hearing_case):
    import re

    from lawreg import create_app

    secured = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "secured"),
                          "DATABASE_URL": database_url})
    committee = secured.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      committee.get("/auth/login").get_data(as_text=True)).group(1)
    assert committee.post("/auth/login", data={"username": "committee", "password": "correct horse battery",
                                               "csrf_token": token}).status_code == 302
    visitor = secured.test_client()
    page = visitor.get(f"/hearings/{hearing_case}").get_data(as_text=True)
    visitor_token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    visitor.post(f"/hearings/{hearing_case}/comments",
                 data={"body": "ข้อความ", "stance": "support", "csrf_token": visitor_token})
    comment_id = db(lambda uow: uow.session.scalar(select(HearingComment.id)))
    before = db(counts)
    assert committee.post(f"/hearings/comments/{comment_id}/moderate", data={"decision": "approved"}).status_code == 400
    assert committee.post("/dashboard/targets", data=TARGET).status_code == 400
    assert db(counts) == before
    assert committee.get("/audit/", query_string={"page": "abc"}).status_code == 200
