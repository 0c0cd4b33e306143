"""A hearing stays open at least HEARING_MIN_DAYS (15 by default) before it can close."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lawreg.services.cases import TransitionRefused, get_case, transition
from lawreg.services.hearing_period import DEFAULT_MIN_DAYS, hearing_period, min_days

from .conftest import age_hearing, close_hearing


@pytest.fixture(autouse=True)
def default_minimum(app):  # type: ignore[no-untyped-def]
    """The shared test app allows closing at once; these tests use the real default."""
    app.config.pop("HEARING_MIN_DAYS")


def test_the_default_minimum_is_fifteen_days(app):
    assert min_days() == DEFAULT_MIN_DAYS == 15  # no app context: the default
    with app.app_context():
        assert min_days() == 15


def test_a_hearing_cannot_close_the_day_it_opened(db, registry, hearing_case):
    def close(uow):
        uow.actor = registry.reviewer
        transition(uow, hearing_case, "close_hearing", get_case(uow, hearing_case).version)

    with pytest.raises(TransitionRefused) as refused:
        db(close)
    assert refused.value.code == "hearing.too_short"
    assert refused.value.params["days"] == 15
    assert db(lambda uow: get_case(uow, hearing_case).stage) == "public_hearing"


def test_fourteen_days_are_too_few_and_fifteen_enough(db, registry, hearing_case):
    db(lambda uow: age_hearing(uow, hearing_case, 14.9))
    with pytest.raises(TransitionRefused):
        db(lambda uow: close_hearing(uow, registry, hearing_case))
    db(lambda uow: age_hearing(uow, hearing_case, 0.1))
    db(lambda uow: close_hearing(uow, registry, hearing_case))
    period = db(lambda uow: hearing_period(get_case(uow, hearing_case)))
    assert period is not None and period.closed_at is not None
    assert period.closed_at - period.opened_at >= timedelta(days=15)


def test_the_minimum_is_configurable(app, db, registry, hearing_case):
    app.config["HEARING_MIN_DAYS"] = 3
    db(lambda uow: age_hearing(uow, hearing_case, 3))
    db(lambda uow: close_hearing(uow, registry, hearing_case))
    assert db(lambda uow: get_case(uow, hearing_case).stage) == "committee_decision"


def test_the_case_page_says_in_thai_when_the_hearing_can_close(hearing_case, signed_in):
    reviewer = signed_in("reviewer")
    page = reviewer.get(f"/cases/{hearing_case}").get_data(as_text=True)
    assert "อย่างน้อย 15 วัน" in page  # the blocked step, explained
    assert f'action="/cases/{hearing_case}/transitions/close_hearing"' not in page
    version = 4  # opened, submitted, forwarded, in hearing
    refused = reviewer.post(f"/cases/{hearing_case}/transitions/close_hearing", data={"version": version})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "อย่างน้อย 15 วัน" in text and "must stay open" not in text


def test_withdrawing_during_the_hearing_is_not_held_back(db, registry, hearing_case):
    def withdraw(uow):
        from lawreg.services.cases import TransitionInput

        uow.actor = registry.reviewer
        transition(uow, hearing_case, "withdraw", get_case(uow, hearing_case).version,
                   TransitionInput(comment="ถอนเรื่อง"))
        uow.commit()

    db(withdraw)
    period = db(lambda uow: hearing_period(get_case(uow, hearing_case)))
    assert period is not None and not period.is_open
