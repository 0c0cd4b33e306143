"""Stage due dates, overdue cases, and the five-yearly review of every law."""

from __future__ import annotations

from datetime import date

import pytest

from lawreg.errors import InvalidRecord, PermissionDenied
from lawreg.models import Law
from lawreg.services.cases import TransitionInput, open_case, transition
from lawreg.services.deadlines import (
    add_years,
    laws_due_for_review,
    next_review_on,
    overdue_cases,
    record_evaluation,
)

from .conftest import FULL_CHECKLIST, as_actor


def test_next_review_is_five_years_after_the_best_known_date():
    law = Law(key="k", title="t", year_be=2550, published_on=date(2007, 3, 2), commenced_on=date(2007, 6, 1))
    assert next_review_on(law, None) == date(2012, 6, 1)
    law.commenced_on = None
    assert next_review_on(law, None) == date(2012, 3, 2)
    law.published_on = None
    assert next_review_on(law, None) == date(2012, 1, 1)  # 1 January of B.E. 2550 − 543
    assert next_review_on(law, date(2024, 2, 29)) == date(2029, 2, 28)
    law.year_be = None
    assert next_review_on(law, None) is None
    assert add_years(date(2020, 2, 29), 4) == date(2024, 2, 29)


def test_stage_deadlines_and_the_overdue_list(uow, registry):
    as_actor(uow, registry.officer)
    old = open_case(uow, "price-act", "repeal", "เก่า", checklist=FULL_CHECKLIST, today=date(2026, 1, 1))
    fresh = open_case(uow, "price-act", "keep", "ใหม่", checklist=FULL_CHECKLIST, today=date(2026, 11, 20))
    uow.commit()
    assert old.stage_due_on == date(2026, 1, 31)
    as_actor(uow, registry.reviewer)
    assert [c.id for c in overdue_cases(uow, date(2026, 12, 1))] == [old.id]
    assert [c.id for c in overdue_cases(uow, date(2026, 12, 25))] == [old.id, fresh.id]
    as_actor(uow, registry.officer)
    case = transition(uow, old.id, "submit", old.version, TransitionInput(due_on=date(2027, 3, 1)),
                      today=date(2026, 12, 1))
    assert (case.stage_due_on, case.transitions[-1].due_on) == (date(2027, 3, 1), date(2027, 3, 1))
    uow.commit()
    with pytest.raises(InvalidRecord, match="due_on: 2026-11-30 is before today"):
        transition(uow, fresh.id, "submit", fresh.version, TransitionInput(due_on=date(2026, 11, 30)),
                   today=date(2026, 12, 1))
    uow.rollback()
    with pytest.raises(PermissionDenied):
        overdue_cases(uow, date(2026, 12, 1))  # officers see their own workspace instead
    as_actor(uow, registry.committee)
    assert [c.id for c in overdue_cases(uow, date(2026, 12, 25))] == [fresh.id]


def test_stage_days_come_from_the_configuration(app, uow, registry):
    app.config["STAGE_DUE_DAYS"] = {"draft": 7}
    as_actor(uow, registry.officer)
    case = open_case(uow, "price-act", "repeal", "เหตุผล", today=date(2026, 1, 1))
    assert case.stage_due_on == date(2026, 1, 8)


def test_laws_due_for_review_and_evaluations(uow, registry):
    as_actor(uow, registry.reviewer)
    due = laws_due_for_review(uow, date(2026, 11, 27))
    # price-act commenced 1 October 1999; transport-act has only its year, B.E. 2522.
    assert [(d.law.key, d.due_on) for d in due] == [("transport-act", date(1984, 1, 1)),
                                                    ("price-act", date(2004, 10, 1))]
    as_actor(uow, registry.officer)
    with pytest.raises(PermissionDenied):
        record_evaluation(uow, "transport-act", date(2026, 1, 1), "ไม่ใช่หน่วยงานของเรา")
    with pytest.raises(InvalidRecord, match="in the future"):
        record_evaluation(uow, "price-act", date(2027, 1, 1), "", today=date(2026, 11, 27))
    record_evaluation(uow, "price-act", date(2025, 6, 1), "ประเมินแล้ว ยังจำเป็น", today=date(2026, 11, 27))
    uow.commit()
    assert [d.law.key for d in laws_due_for_review(uow, date(2026, 11, 27))] == ["transport-act"]
    uow.actor = registry.officer
    assert [d.due_on for d in laws_due_for_review(uow, date(2030, 6, 1), scoped=True)] == [date(2030, 6, 1)]
