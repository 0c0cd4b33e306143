"""Per-agency yearly targets: set by administrators, progress counted from dated records and
shown on the dashboard."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from workflow.conftest import FULL_CHECKLIST, PASSWORD, decide

from lawreg.errors import InvalidRecord, PermissionDenied
from lawreg.models import Agency, AuditEntry
from lawreg.services.cases import TransitionInput, open_case, transition
from lawreg.services.targets import agency_progress, set_agency_target

THIS_YEAR = date.today().year


def agency_id(uow, name):
    return uow.session.scalar(select(Agency.id).where(Agency.name == name))


def repeal_price_act(uow, registry):
    """Take price-act through a vote (reviewed) to a repeal in force today (repealed)."""
    uow.actor = registry.officer
    case_id = open_case(uow, "price-act", "repeal", "ล้าสมัย", checklist=FULL_CHECKLIST).id
    for version, (name, actor) in enumerate([("submit", registry.officer), ("forward", registry.colleague),
                                             ("open_hearing", registry.reviewer),
                                             ("close_hearing", registry.reviewer)], start=1):
        uow.actor = actor
        transition(uow, case_id, name, version)
    uow.commit()
    decide(uow, registry, case_id, "approve")
    uow.actor = registry.reviewer
    for version, name in enumerate(["start_drafting", "to_cabinet", "to_parliament"], start=6):
        transition(uow, case_id, name, version)
    transition(uow, case_id, "publish", 9, TransitionInput(
        gazette_ref="ราชกิจจานุเบกษา เล่ม 143 ตอนที่ 9 ก", published_on=date.today(),
        commenced_on=date.today(), instrument_key="price-repeal-act", instrument_title="พระราชบัญญัติยกเลิก"))
    uow.commit()


def test_progress_is_counted_from_dated_records_with_departments_in_their_ministry(db, registry):
    def setup(uow):
        ministry, department = agency_id(uow, "กระทรวงพาณิชย์"), agency_id(uow, "กรมการค้าภายใน")
        set_agency_target(uow, ministry, THIS_YEAR, "reviewed", 4)
        set_agency_target(uow, department, THIS_YEAR, "repealed", 2)
        set_agency_target(uow, department, THIS_YEAR, "amended", 1)
        set_agency_target(uow, department, THIS_YEAR - 1, "repealed", 1)
        uow.commit()
        repeal_price_act(uow, registry)
        uow.actor = registry.committee
        return [(p.target.agency.name, p.target.measure, p.target.target_count, p.achieved)
                for p in agency_progress(uow, THIS_YEAR)]

    assert db(setup) == [("กรมการค้าภายใน", "repealed", 2, 1), ("กรมการค้าภายใน", "amended", 1, 0),
                         ("กระทรวงพาณิชย์", "reviewed", 4, 1)]
    assert db(lambda uow: [p.achieved for p in agency_progress(uow, THIS_YEAR - 1)]) == [0]


def test_only_administrators_set_targets_and_changes_are_audited(db, registry):
    def attempt(uow):
        department = agency_id(uow, "กรมการค้าภายใน")
        uow.actor = registry.committee
        with pytest.raises(PermissionDenied):
            set_agency_target(uow, department, THIS_YEAR, "repealed", 3)
        uow.actor = registry.admin
        with pytest.raises(InvalidRecord, match="measure"):
            set_agency_target(uow, department, THIS_YEAR, "drafted", 3)
        with pytest.raises(InvalidRecord, match="year"):
            set_agency_target(uow, department, 2569, "repealed", 3)  # a B.E. year by mistake
        set_agency_target(uow, department, THIS_YEAR, "repealed", 3)
        target = set_agency_target(uow, department, THIS_YEAR, "repealed", 5)
        uow.session.flush()
        audit = uow.session.scalars(select(AuditEntry).where(AuditEntry.action == "agency_target.set")
                                    .order_by(AuditEntry.id)).all()
        return target.target_count, [(a.before, a.after["target_count"]) for a in audit]

    assert db(attempt) == (5, [(None, 3), ({"target_count": 3}, 5)])


def test_the_dashboard_shows_agency_targets_and_admins_set_them(app, db, registry):
    department = db(lambda uow: agency_id(uow, "กรมการค้าภายใน"))
    admin = app.test_client()
    admin.post("/auth/login", data={"username": "admin", "password": PASSWORD})
    response = admin.post("/dashboard/agency-targets", data={
        "agency": str(department), "year": str(THIS_YEAR), "measure": "repealed", "target_count": "7"})
    assert response.status_code == 302
    page = admin.get("/dashboard/").get_data(as_text=True)
    assert "เป้าหมายของหน่วยงาน" in page and "กฎหมายที่ยกเลิกแล้ว" in page
    assert '<progress max="7" value="0">' in page
    committee = app.test_client()
    committee.post("/auth/login", data={"username": "committee", "password": PASSWORD})
    assert "กำหนดเป้าหมายของหน่วยงาน" not in committee.get("/dashboard/").get_data(as_text=True)
    assert committee.post("/dashboard/agency-targets", data={
        "agency": str(department), "year": str(THIS_YEAR), "measure": "repealed",
        "target_count": "1"}).status_code == 403
