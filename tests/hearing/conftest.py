"""A registry with one account per role and a case in public hearing, for the hearing,
audit and dashboard tests.  Requests run in their own app contexts (see tests/workflow)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from workflow.conftest import FULL_CHECKLIST, PASSWORD, Registry, build_registry, signed_in

from lawreg.models import Base
from lawreg.services import UnitOfWork
from lawreg.services.cases import open_case, transition

__all__ = ["PASSWORD", "Registry", "case_in_hearing", "counts", "signed_in"]


def case_in_hearing(uow: UnitOfWork, registry: Registry, sections: list[str] | None = None) -> int:
    """Open a repeal case on price-act as the officer and take it to public hearing."""
    uow.actor = registry.officer
    case = open_case(uow, "price-act", "repeal", "ล้าสมัย ไม่มีการบังคับใช้", sections=sections or ["25"],
                     checklist=FULL_CHECKLIST)
    uow.session.flush()
    case_id = case.id
    for name, actor in (("submit", registry.officer), ("forward", registry.colleague),
                        ("open_hearing", registry.reviewer)):
        uow.actor = actor
        transition(uow, case_id, name, case.version)
    uow.commit()
    return case_id


@pytest.fixture
def registry(db) -> Registry:
    return db(build_registry)


@pytest.fixture
def hearing_case(db, registry) -> int:
    return db(lambda uow: case_in_hearing(uow, registry))


def counts(uow: UnitOfWork) -> dict[str, int]:
    """Rows per table, to show a refused write left nothing behind."""
    return {t.name: uow.session.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}
