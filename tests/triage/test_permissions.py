"""Who may triage and raise flags: every role against every write endpoint, and the
service checks behind them.  A refused request writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lawreg.errors import PermissionDenied
from lawreg.models import Flag, FlagStatus
from lawreg.services.flags.screening import screen
from lawreg.services.flags.triage import add_manual_flag, decide

from .conftest import OTHER_LAW, OWN_LAW, PAPER_FILING, flag_ids, flag_rows

ROLES = ["anonymous", "committee", "other", "officer", "reviewer", "admin"]
ALLOWED = {"officer", "reviewer", "admin"}  # on the officer's own agency's law


def client_for(role, app, signed_in):
    return app.test_client() if role == "anonymous" else signed_in(role)


def decision(ids, action, reason="ตรวจแล้ว"):
    return {"flag": [str(i) for i in ids], "action": action, "reason": reason, "next": "/triage/"}


def write_requests(db):
    """(name, url, form, expect-created-or-changed) of every triage write endpoint."""
    own = db(lambda uow: flag_ids(uow, OWN_LAW))
    return [
        ("confirm one", "/triage/decide", decision(own[:1], "confirm")),
        ("dismiss one", "/triage/decide", decision(own[:1], "dismiss")),
        ("confirm many", "/triage/decide", decision(own, "confirm")),
        ("dismiss many", "/triage/decide", decision(own, "dismiss")),
        ("manual flag", f"/triage/laws/{OWN_LAW}/sections/5/flags",
         {"category": "obstructs_digital", "quote": "เป็นหนังสือ", "notes": "ควรยื่นทางออนไลน์ได้"}),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_on_every_write_endpoint(role, app, screened, signed_in, db):
    client = client_for(role, app, signed_in)
    for name, url, form in write_requests(db):
        before = db(flag_rows)
        response = client.post(url, data=form)
        after = db(flag_rows)
        if role in ALLOWED:
            assert response.status_code == 303, (role, name, response.status_code)
            assert after != before, (role, name)
        else:
            expected = 302 if role == "anonymous" else 403
            assert response.status_code == expected, (role, name, response.status_code)
            if role == "anonymous":
                assert "/auth/login" in response.headers["Location"]
            assert after == before, (role, name)


@pytest.mark.parametrize("role", ROLES)
def test_queue_and_manual_form_pages(role, app, screened, signed_in):
    client = client_for(role, app, signed_in)
    queue = client.get("/triage/")
    form = client.get(f"/triage/laws/{OWN_LAW}/sections/5/flags")
    if role == "anonymous":
        assert queue.status_code == form.status_code == 302
    elif role == "committee":
        assert queue.status_code == form.status_code == 403
    elif role == "other":  # may triage (own agency's laws), but not flag this law
        assert queue.status_code == 200 and form.status_code == 403
    else:
        assert queue.status_code == form.status_code == 200


def test_officer_sees_and_decides_only_their_agency(app, screened, signed_in, db):
    own, other = db(lambda uow: (flag_ids(uow, OWN_LAW), flag_ids(uow, OTHER_LAW)))
    assert own and other
    officer = signed_in("officer")
    page = officer.get("/triage/").get_data(as_text=True)
    assert f'value="{own[0]}" form="bulk"' in page
    assert all(f'value="{i}" form="bulk"' not in page for i in other)
    assert 'form="bulk"' not in officer.get(f"/triage/?law={OTHER_LAW}").get_data(as_text=True)
    before = db(flag_rows)
    # Another agency's flag alone, and mixed into a bulk decision: refused, nothing written.
    assert officer.post("/triage/decide", data=decision(other, "confirm")).status_code == 403
    assert officer.post("/triage/decide", data=decision(own + other, "dismiss")).status_code == 403
    assert officer.post(f"/triage/laws/{OTHER_LAW}/sections/9/flags",
                        data={"category": "outdated", "quote": "มาตรา 9"}).status_code == 403
    assert db(flag_rows) == before
    # The other agency's officer decides their own.
    other_officer = signed_in("other")
    assert other_officer.post("/triage/decide", data=decision(other, "confirm")).status_code == 303
    assert db(lambda uow: {uow.session.get(Flag, i).status for i in other}) == {FlagStatus.CONFIRMED}


def test_services_check_permissions(screened, db):
    registry = screened
    own = db(lambda uow: flag_ids(uow, OWN_LAW))

    def attempt(actor, action):
        def run(uow):
            uow.actor = actor
            count = uow.session.scalar(select(func.count()).select_from(Flag))
            with pytest.raises(PermissionDenied):
                action(uow)
            uow.rollback()
            return count
        return run

    before = db(flag_rows)
    db(attempt(registry.officer, lambda uow: screen(uow, [OWN_LAW])))
    db(attempt(registry.committee, lambda uow: screen(uow, [OWN_LAW], dry_run=True)))
    db(attempt(registry.committee, lambda uow: decide(uow, [own[0]], "confirmed")))
    db(attempt(registry.other_officer, lambda uow: decide(uow, own, "dismissed", "ไม่ใช่")))
    db(attempt(registry.committee, lambda uow: add_manual_flag(
        uow, OWN_LAW, "outdated", section="5", quote=PAPER_FILING[:10])))
    assert db(flag_rows) == before

    def reviewer_screens(uow):
        uow.actor = registry.reviewer
        return screen(uow, [OWN_LAW]).already_known
    assert db(reviewer_screens) > 0
