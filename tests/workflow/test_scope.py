"""One agency rule for lists and single laws: an officer acts for their agency's laws and
those of the agencies under it (a ministry's officer for its departments'), never for a
sibling department's."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from lawreg.errors import PermissionDenied
from lawreg.models import Law
from lawreg.records import LawRecord, SectionRecord
from lawreg.services import Actor
from lawreg.services.accounts import actor_for, create_user, find_agency
from lawreg.services.case_lists import agency_laws, list_cases
from lawreg.services.cases import open_case
from lawreg.services.laws import upsert_law
from lawreg.services.permissions import Permission, require, scope

from .conftest import PASSWORD

MINISTRY = "กระทรวงพาณิชย์"
TRADE = "กรมการค้าภายใน"
FOREIGN_TRADE = "กรมการค้าต่างประเทศ"


@pytest.fixture
def officers(uow):
    for key, agency in (("price-act", f"{MINISTRY} > {TRADE}"),
                        ("export-act", f"{MINISTRY} > {FOREIGN_TRADE}"),
                        ("ministry-act", MINISTRY),
                        ("transport-act", "กระทรวงคมนาคม > กรมการขนส่งทางบก")):
        upsert_law(uow, LawRecord(key=key, title=f"พระราชบัญญัติ {key}", year_be=2542,
                                  agency=agency, commenced_on=date(1999, 10, 1),
                                  sections=[SectionRecord(number="1", text="มาตรา 1 ...")]))
    uow.session.flush()
    users = {name: actor_for(create_user(uow, name, PASSWORD, "officer", agency=find_agency(uow, agency)))
             for name, agency in (("ministry", MINISTRY), ("trade", TRADE), ("foreign", FOREIGN_TRADE))}
    uow.commit()
    return users


def keys_in_scope(uow, actor: Actor) -> set[str]:
    return set(uow.session.scalars(select(Law.key).where(scope(actor))))


def test_a_ministry_officer_acts_for_its_departments_laws(uow, officers):
    ministry = officers["ministry"]
    assert keys_in_scope(uow, ministry) == {"price-act", "export-act", "ministry-act"}
    price_act = uow.session.scalar(select(Law).where(Law.key == "price-act"))
    require(ministry, Permission.OPEN_CASE, law=price_act)
    uow.actor = ministry
    open_case(uow, "price-act", "repeal", "ล้าสมัย")
    assert [case.law.key for case in list_cases(uow)] == ["price-act"]
    assert [law.key for law in agency_laws(uow)] == ["export-act", "ministry-act", "price-act"]


def test_a_department_officer_sees_neither_a_sibling_nor_the_ministry(uow, officers):
    trade = officers["trade"]
    assert keys_in_scope(uow, trade) == {"price-act"}
    export_act = uow.session.scalar(select(Law).where(Law.key == "export-act"))
    with pytest.raises(PermissionDenied) as refused:
        require(trade, Permission.OPEN_CASE, law=export_act)
    assert refused.value.code == "law.not_in_agency"
    uow.actor = officers["foreign"]
    open_case(uow, "export-act", "repeal", "ล้าสมัย")
    uow.actor = trade
    assert list_cases(uow) == []


def test_other_roles_see_every_law_and_an_officer_without_agency_none(uow, officers):
    assert len(keys_in_scope(uow, Actor("reviewer", role="reviewer"))) == 4
    assert keys_in_scope(uow, Actor("lost", role="officer", agency_id=None)) == set()
