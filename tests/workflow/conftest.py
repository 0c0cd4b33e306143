"""A small registry with two agencies, their laws, and one account per role."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from lawreg.models import Base
from lawreg.records import LawRecord, SectionRecord
from lawreg.services import Actor, UnitOfWork
from lawreg.services.accounts import actor_for, create_user, find_agency
from lawreg.services.laws import upsert_law

PASSWORD = "correct horse battery"
AGENCY = "กรมการค้าภายใน"
OTHER_AGENCY = "กรมการขนส่งทางบก"


@dataclass
class Registry:
    officer: Actor
    other_officer: Actor
    reviewer: Actor
    committee: Actor
    admin: Actor
    colleague: Actor  # a second officer of the officer's agency (the four-eyes rule)
    member2: Actor  # with ``committee``, the three members a default quorum needs
    member3: Actor

    def by_role(self) -> dict[str, Actor]:
        return {"officer": self.officer, "reviewer": self.reviewer,
                "committee": self.committee, "admin": self.admin}


def as_actor(uow: UnitOfWork, actor: Actor) -> UnitOfWork:
    """The same session acting as someone else (commit boundaries stay with the test)."""
    uow.actor = actor
    return uow


def build_registry(uow: UnitOfWork) -> Registry:
    upsert_law(uow, LawRecord(
        key="price-act", title="พระราชบัญญัติว่าด้วยราคาสินค้า พ.ศ. 2542", year_be=2542,
        agency=f"กระทรวงพาณิชย์ > {AGENCY}", commenced_on=date(1999, 10, 1),
        sections=[SectionRecord(number="1", text="มาตรา 1 พระราชบัญญัตินี้เรียกว่า ..."),
                  SectionRecord(number="25", text="มาตรา 25 ผู้ใดฝ่าฝืน ต้องระวางโทษ"),
                  SectionRecord(number="25 ทวิ", text="มาตรา 25 ทวิ ให้ยื่นคำขอเป็นหนังสือ")],
    ))
    upsert_law(uow, LawRecord(
        key="transport-act", title="พระราชบัญญัติการขนส่งทางบก พ.ศ. 2522", year_be=2522,
        agency=f"กระทรวงคมนาคม > {OTHER_AGENCY}",
        sections=[SectionRecord(number="1", text="มาตรา 1 ...")],
    ))
    uow.session.flush()
    admin = uow.actor
    users = {
        "officer": create_user(uow, "Officer", PASSWORD, "officer", agency=find_agency(uow, AGENCY)),
        "other": create_user(uow, "other", PASSWORD, "officer", agency=find_agency(uow, OTHER_AGENCY)),
        "reviewer": create_user(uow, "reviewer", PASSWORD, "reviewer"),
        "committee": create_user(uow, "committee", PASSWORD, "committee"),
        "admin": create_user(uow, "admin", PASSWORD, "admin"),
        "colleague": create_user(uow, "colleague", PASSWORD, "officer", display_name="สมหญิง ใจดี",
                                 email="somying@dit.example", agency=find_agency(uow, AGENCY)),
        "member2": create_user(uow, "member2", PASSWORD, "committee", display_name="กรรมการสอง"),
        "member3": create_user(uow, "member3", PASSWORD, "committee", display_name="กรรมการสาม"),
    }
    uow.commit()
    uow.actor = admin
    return Registry(*(actor_for(users[name]) for name in ("officer", "other", "reviewer", "committee", "admin",
                                                         "colleague", "member2", "member3")))


@pytest.fixture
def registry(uow: UnitOfWork) -> Registry:
    return build_registry(uow)


def client_signed_in(app: Flask, username: str) -> FlaskClient:
    """A fresh test client signed in as the account ``username`` (password :data:`PASSWORD`)."""
    client = app.test_client()
    response = client.post("/auth/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302, username
    return client


@pytest.fixture
def signed_in(app: Flask, registry: Registry) -> Callable[[str], FlaskClient]:
    """``signed_in(username)``: a fresh client signed in as one of the accounts of the
    ``registry`` fixture the test sees (tests/hearing and tests/triage build their own)."""
    return lambda username: client_signed_in(app, username)


def table_counts(uow: UnitOfWork) -> dict[str, int]:
    """Rows per table, to show a refused write left nothing behind."""
    uow.session.rollback()
    return {
        table.name: uow.session.scalar(select(func.count()).select_from(table))
        for table in Base.metadata.sorted_tables
    }


FULL_CHECKLIST = {
    "legal_basis": ("yes", "มาตรา 5 แห่งพระราชบัญญัติ"),
    "necessary": ("no", "ไม่มีการบังคับใช้ตั้งแต่ พ.ศ. 2550"),
    "proportionate": ("no", "ภาระเกินสัดส่วน"),
    "digital_ready": ("unclear", ""),
    "duplicates": ("yes", "ซ้ำกับกฎกระทรวง"),
}


def decide(uow: UnitOfWork, registry: Registry, case_id: int, name: str, today: date | None = None) -> None:
    """Take the committee's decision ``name`` (approve or reject) as it is taken: three
    members vote the same way, each in their own commit; the third vote meets the quorum."""
    from lawreg.services.votes import VotingRule, cast_vote

    choice = "for" if name == "approve" else "against"
    for member in (registry.committee, registry.member2, registry.member3):
        as_actor(uow, member)
        cast_vote(uow, case_id, choice, "มติคณะกรรมการ", rule=VotingRule(), today=today)
        uow.commit()
