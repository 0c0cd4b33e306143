"""Each input that answered 500 before issue 10, and the bounds that now refuse it."""

from __future__ import annotations

from datetime import date

import pytest

from lawreg.errors import InvalidRecord
from lawreg.services import Actor
from lawreg.services.dashboard import set_target
from lawreg.web.bounds import parse_date, parse_int

from .conftest import hearing_case, registry, signed_in  # noqa: F401  (fixtures)


@pytest.mark.parametrize("text", ["²", "②", "-1", "1e3", "9" * 40, str(2**31), "", " ", "๑x"])
def test_parse_int_refuses_what_int_cannot_or_the_database_cannot_hold(text):
    assert parse_int(text) is None


def test_parse_int_reads_arabic_and_thai_digits():
    assert parse_int("๒๕๖๙") == 2569 and parse_int(" 42 ") == 42 and parse_int(str(2**31 - 1)) == 2**31 - 1


@pytest.mark.parametrize("text", ["9999-12-31", "0001-01-01", "2026-02-30", "๒๕๖๙-๐๑-๐๑"])
def test_parse_date_refuses_dates_outside_the_registry(text):
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize(("path", "status"), [
    ("/laws?page=²", 200),
    ("/laws?page=๒", 200),
    ("/laws?agency=②", 200),  # the list, with the value named as not an agency
    ("/search?q=ราคา&page=②", 200),
    ("/laws/price-act/sections/25?at=9999-12-31", 400),
])
def test_public_pages_bound_numbers_and_dates(client, registry, path, status):  # noqa: F811
    assert client.get(path).status_code == status


@pytest.mark.parametrize("case_id", [2**31, 2**63, 10**40])
def test_ids_beyond_the_database_are_not_found(signed_in, case_id):  # noqa: F811
    admin = signed_in("admin")
    assert admin.get(f"/cases/{case_id}").status_code == 404
    assert admin.get(f"/audit/{case_id}").status_code == 404
    assert admin.post(f"/dashboard/targets/{case_id}", data={}).status_code == 404
    assert admin.post("/triage/decide", data={"flag": str(case_id), "action": "confirm"}).status_code < 500


def test_audit_dates_are_bounded(signed_in):  # noqa: F811
    admin = signed_in("admin")
    assert admin.get("/audit/?date_to=9999-12-31").status_code == 400
    assert admin.get("/audit/?date_from=0001-01-01").status_code == 400
    assert admin.get("/audit/?page=②").status_code == 200


def test_a_target_due_in_9999_is_refused(signed_in, db):  # noqa: F811
    committee = signed_in("committee")
    target = {"action": "repeal", "target_count": "10", "starts_on": "2026-01-01", "due_on": "9999-12-31"}
    assert committee.post("/dashboard/targets", data=target).status_code == 400
    far = {**target, "starts_on": "1800-01-01", "due_on": "2200-12-31"}  # in range, but 400 years
    assert committee.post("/dashboard/targets", data=far).status_code == 400

    def set_far(uow):  # type: ignore[no-untyped-def]
        uow.actor = Actor("test", role="admin")
        set_target(uow, "repeal", 10, date(2026, 1, 1), date(2100, 1, 1), "")
    with pytest.raises(InvalidRecord, match="20 years"):
        db(set_far)


def test_publishing_on_9999_12_31_is_refused(signed_in, hearing_case):  # noqa: F811
    reviewer = signed_in("reviewer")
    steps = [(reviewer, "close_hearing", {}), ("vote", "approve", {}),
             (reviewer, "start_drafting", {"due_on": "2030-01-31"}), (reviewer, "to_cabinet", {})]
    version = 4
    for client, name, extra in steps:
        if client == "vote":  # the committee decides by its members' votes
            for member in ("committee", "member2", "member3"):
                assert signed_in(member).post(f"/cases/{hearing_case}/votes", data={"choice": "for"}).status_code == 302
            version += 1
            continue
        response = client.post(f"/cases/{hearing_case}/transitions/{name}",
                               data={"version": str(version), **extra})
        assert response.status_code == 302, (name, response.get_data(as_text=True)[-1500:])
        version += 1
    publish = {"version": str(version), "gazette_ref": "เล่ม 143 ตอนที่ 5 ก",
               "published_on": "9999-12-31", "instrument_key": "price-repeal-2569",
               "instrument_title": "พระราชบัญญัติยกเลิกพระราชบัญญัติว่าด้วยราคาสินค้า พ.ศ. 2569"}
    response = reviewer.post(f"/cases/{hearing_case}/transitions/publish", data=publish)
    assert response.status_code == 400
    assert "2200-12-31" in response.get_data(as_text=True)
    publish["published_on"] = "2026-11-20"
    assert reviewer.post(f"/cases/{hearing_case}/transitions/publish", data=publish).status_code == 302
