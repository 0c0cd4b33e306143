"""Fixtures of the API tests: the web tests' sample registry, the workflow's accounts with a
case in public hearing, a published comment and a flag — one object of each kind the API
serves — and the demo set."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from hearing.conftest import case_in_hearing
from web.conftest import Registry, registry  # noqa: F401 - the fixture, shared
from workflow.conftest import Registry as Staff
from workflow.conftest import build_registry as build_staff

from lawreg.services import UnitOfWork
from lawreg.services.flags.triage import add_manual_flag
from lawreg.services.hearings import moderate, submit_comment

__all__ = ["Registry", "Staff", "World"]


@dataclass(frozen=True)
class World:
    staff: Staff
    case_id: int
    flag_id: int
    comment_id: int


@pytest.fixture
def world(db, registry: Registry) -> World:  # type: ignore[no-untyped-def]  # noqa: F811
    def build(uow: UnitOfWork) -> World:
        staff = build_staff(uow)
        case_id = case_in_hearing(uow, staff)
        comment = submit_comment(uow, case_id, "เห็นด้วยกับการยกเลิก", "support", "192.0.2.1",
                                 "secret", display_name="สมชาย")
        uow.actor = staff.reviewer
        moderate(uow, comment.id, "approved")
        uow.actor = staff.admin  # so the reviewer is the second person who may confirm it
        flag = add_manual_flag(uow, "test-code", "outdated", section="277", quote="ผู้ใดกระทำละเมิด")
        uow.commit()
        return World(staff, case_id, flag.id, comment.id)

    return db(build)


@pytest.fixture
def demo(app: Flask, runner) -> Flask:  # type: ignore[no-untyped-def]
    """The bundled demo set of 30 laws, loaded (and indexed) by the real command."""
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return app
