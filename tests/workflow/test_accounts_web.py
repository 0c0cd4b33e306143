"""Accounts on the web: a user changes their own password; an administrator lists, creates
and edits accounts.  Refusals come back beside the field, on the same page."""

from __future__ import annotations

from sqlalchemy import select

from lawreg.models import AuditEntry, User
from lawreg.services import Actor, unit_of_work
from workflow.conftest import PASSWORD, build_registry

NEW_PASSWORD = "ไม้ตะพดสีเขียวมะกอก"


def sign_in(client, username, password=PASSWORD):
    return client.post("/auth/login", data={"username": username, "password": password})


def registry(app):
    with app.app_context(), unit_of_work(Actor("test", role="admin")) as work:
        build_registry(work)


def test_a_user_changes_their_own_password(app):
    registry(app)
    officer, other_session = app.test_client(), app.test_client()
    assert sign_in(officer, "officer").status_code == 302
    assert sign_in(other_session, "officer").status_code == 302
    wrong = officer.post("/account/password?lang=en", data={
        "current_password": "not it at all", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    page = wrong.get_data(as_text=True)
    assert wrong.status_code == 400 and "This is not your current password." in page
    assert 'aria-invalid="true"' in page and "<h1>Change password</h1>" in page
    common = officer.post("/account/password?lang=en", data={
        "current_password": PASSWORD, "password": "password123", "confirm": "password123"})
    assert common.status_code == 400 and "most common passwords" in common.get_data(as_text=True)
    done = officer.post("/account/password", data={
        "current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert officer.get("/officer/").status_code == 200  # this session stays signed in
    assert other_session.get("/officer/").status_code == 302  # the other one ended
    assert sign_in(app.test_client(), "officer").status_code == 401
    assert sign_in(app.test_client(), "officer", NEW_PASSWORD).status_code == 302


def test_an_administrator_creates_and_edits_accounts(app):
    registry(app)
    admin = app.test_client()
    sign_in(admin, "admin")
    listing = admin.get("/admin/users?lang=en").get_data(as_text=True)
    assert "<h1>Users</h1>" in listing and "Central review unit" in listing  # roles by name
    taken = admin.post("/admin/users?lang=en", data={
        "username": "officer", "display_name": "ซ้ำ", "role": "reviewer", "agency": "0",
        "password": NEW_PASSWORD})
    assert taken.status_code == 400 and "no other account has" in taken.get_data(as_text=True)
    assert 'value="ซ้ำ"' in taken.get_data(as_text=True)  # what was typed is kept
    created = admin.post("/admin/users", data={
        "username": "Somchai", "display_name": "สมชาย ใจดี", "email": "somchai@example.go.th",
        "role": "reviewer", "agency": "0", "password": NEW_PASSWORD})
    assert created.status_code == 302 and created.location.endswith("/admin/users/somchai")
    assert sign_in(app.test_client(), "somchai", NEW_PASSWORD).status_code == 302
    edited = admin.post("/admin/users/somchai", data={
        "display_name": "สมชาย ใจดีมาก", "email": "", "role": "committee", "agency": "0"})  # active unticked
    assert edited.status_code == 302
    with app.app_context(), unit_of_work(Actor("test", role="admin")) as uow:
        user = uow.session.scalars(select(User).where(User.username == "somchai")).one()
        assert (user.display_name, user.role, user.active, user.email) == ("สมชาย ใจดีมาก", "committee", False, None)
        actions = list(uow.session.scalars(select(AuditEntry.action).where(AuditEntry.entity_key == "somchai")))
        assert actions[:2] == ["user.create", "user.update"]
    assert sign_in(app.test_client(), "somchai", NEW_PASSWORD).status_code == 401  # disabled
    himself = admin.post("/admin/users/admin?lang=en", data={
        "display_name": "admin", "role": "reviewer", "agency": "0", "active": "y"})
    assert himself.status_code == 400 and "administrator role" in himself.get_data(as_text=True)


def test_only_administrators_manage_accounts(app):
    registry(app)
    reviewer = app.test_client()
    sign_in(reviewer, "reviewer")
    assert reviewer.get("/admin/users").status_code == 403
    assert reviewer.post("/admin/users/officer", data={"display_name": "x", "role": "admin"}).status_code == 403
    page = reviewer.get("/review/?lang=en").get_data(as_text=True)
    assert "/admin/users" not in page and "/account/password" in page
