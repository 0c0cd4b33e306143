"""``lawreg user ...`` and the audit trail of account changes."""

from __future__ import annotations

from sqlalchemy import select

from lawreg.errors import InvalidRecord, PermissionDenied
from lawreg.models import AuditEntry, User
from lawreg.services.accounts import create_user, set_role

from .conftest import AGENCY, PASSWORD, as_actor, table_counts


def test_user_commands(runner, uow, registry):
    result = runner.invoke(args=["user", "create", "Somchai", "--role", "officer", "--agency", AGENCY,
                                 "--password-stdin"], input="a long enough password\n")
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["user", "create", "SOMCHAI", "--role", "admin", "--password-stdin"],
                           input="a long enough password\n")
    assert result.exit_code == 1 and "username: somchai is taken" in result.output
    result = runner.invoke(args=["user", "create", "x1", "--role", "officer", "--password-stdin"],
                           input="a long enough password\n")
    assert "an officer needs an agency" in result.output
    assert "no agency named" in runner.invoke(args=["user", "set-role", "somchai", "officer", "--agency", "กรมไม่มี"]).output
    assert runner.invoke(args=["user", "set-role", "somchai", "reviewer"]).exit_code == 0
    assert runner.invoke(args=["user", "disable", "Somchai"]).exit_code == 0
    assert "no user" in runner.invoke(args=["user", "disable", "ghost"]).output
    user = uow.session.scalar(select(User).where(User.username == "somchai"))
    assert (user.role, user.active, user.agency_id) == ("reviewer", False, None)
    entries = uow.session.scalars(select(AuditEntry).where(AuditEntry.entity_key == "somchai")
                                  .order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["user.create", "user.set_role", "user.disable"]
    assert all("password" not in str(e.before) + str(e.after) for e in entries)
    assert user.password_hash not in str([(e.before, e.after) for e in entries])


def test_only_admins_manage_users(uow, registry):
    before = table_counts(uow)
    for actor in (registry.officer, registry.reviewer, registry.committee):
        as_actor(uow, actor)
        try:
            create_user(uow, "newbie", PASSWORD, "admin")
        except PermissionDenied:
            pass
        else:
            raise AssertionError(f"{actor.role} created a user")
        uow.rollback()
        try:
            set_role(uow, "officer", "admin")
        except PermissionDenied:
            uow.rollback()
        else:
            raise AssertionError(f"{actor.role} changed a role")
    assert table_counts(uow) == before
    as_actor(uow, registry.admin)
    for name, password in (("a", PASSWORD), ("bad name!", PASSWORD), ("fine", "short")):
        try:
            create_user(uow, name, password, "reviewer")
        except InvalidRecord:
            uow.rollback()
        else:
            raise AssertionError(name)
    assert table_counts(uow) == before
