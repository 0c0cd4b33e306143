"""What staff and the public read: Thai local time with B.E. dates, the audit log readable
(unescaped, exported with a BOM and the +07:00 offset), people by display name (the public
by role or agency), and the right word for a provision."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from lawreg.models import AuditEntry
from lawreg.records import LawRecord, SectionRecord
from lawreg.services import Actor, unit_of_work
from lawreg.services.accounts import actor_for, find_user
from lawreg.services.cases import open_case
from lawreg.services.laws import upsert_law
from workflow.conftest import build_registry, client_signed_in

# 20:30 UTC on 4 December 2026 is 03:30 on 5 December in Bangkok (B.E. 2569).
MOMENT = datetime(2026, 12, 4, 20, 30, tzinfo=UTC)


def setup(app) -> int:
    """The workflow registry, a regulation, and one audit entry with Thai data at MOMENT."""
    with app.app_context(), unit_of_work(Actor("test", role="admin")) as uow:
        build_registry(uow)
        upsert_law(uow, LawRecord(key="fee-regulation", title="กฎกระทรวงกำหนดค่าธรรมเนียม พ.ศ. 2560",
                                  law_type="กฎกระทรวง", year_be=2560,
                                  sections=[SectionRecord("1", "ข้อ 1 ให้เรียกเก็บค่าธรรมเนียม")]))
        officer = find_user(uow, "officer")
        entry = AuditEntry(at=MOMENT, actor=actor_for(officer).name, action="law.update", entity_type="law",
                           entity_key="price-act", before={"title": "พระราชบัญญัติเดิม"},
                           after={"title": "พระราชบัญญัติว่าด้วยราคาสินค้า " + "ยาวมาก" * 200})
        uow.session.add(entry)
        uow.commit()
        return entry.id


def test_audit_entry_reads_in_thai_local_time_with_letters_not_escapes(app):
    entry_id = setup(app)
    committee = client_signed_in(app, "committee")
    page = committee.get(f"/audit/{entry_id}?lang=th").get_data(as_text=True)
    assert "พระราชบัญญัติเดิม" in page and "\\u0e" not in page
    assert "5 ธันวาคม พ.ศ. 2569 03:30" in page and 'datetime="2026-12-05T03:30:00+07:00"' in page
    assert ">Officer<" in page and ">user:officer<" not in page  # the display name
    listing = committee.get("/audit/?lang=th").get_data(as_text=True)
    assert "5 ธันวาคม พ.ศ. 2569 03:30" in listing and "UTC)" not in listing


def test_audit_exports_carry_a_bom_and_the_bangkok_offset(app):
    setup(app)
    committee = client_signed_in(app, "committee")
    csv_text = committee.get("/audit/export.csv", query_string={"entity_key": "price-act",
                                                                 "action": "law.update"}).get_data(as_text=True)
    assert csv_text.startswith("\ufeffid,at,")
    assert ",2026-12-05T03:30:00+07:00," in csv_text and "พระราชบัญญัติเดิม" in csv_text
    lines = committee.get("/audit/export.jsonl", query_string={"action": "law.update"}).get_data(as_text=True)
    assert json.loads(lines.splitlines()[-1])["at"] == "2026-12-05T03:30:00+07:00"


def test_audit_date_filters_are_bangkok_days(app):
    setup(app)
    committee = client_signed_in(app, "committee")

    def count(**dates):
        return committee.get("/audit/export.jsonl", query_string={"action": "law.update", **dates}
                             ).get_data(as_text=True).count('"2026-12-05T03:30:00+07:00"')
    assert count(date_from="2026-12-05", date_to="2026-12-05") == 1  # the UTC date is the 4th
    assert count(date_to="2026-12-04") == 0


def test_public_history_names_the_agency_not_the_account(app):
    setup(app)
    page = app.test_client().get("/laws/price-act?lang=th").get_data(as_text=True)
    history = page[page.index('id="history-heading"'):]
    assert "กรมการค้าภายใน" in history  # the officer's agency
    assert "ทั้งฉบับ" in history and ">price-act<" not in history  # no registry key
    assert "user:" not in page and "cli:" not in page and ">officer<" not in page.lower()
    assert "พ.ศ. 2569" in history


def test_a_regulation_numbers_its_provisions_as_clauses(app):
    setup(app)
    client = app.test_client()
    regulation = client.get("/laws/fee-regulation?lang=th").get_data(as_text=True)
    assert "<dt>ข้อ</dt>" in regulation and ">ข้อ 1<" in regulation and "มาตรา 1<" not in regulation
    act = client.get("/laws/price-act?lang=th").get_data(as_text=True)
    assert "<dt>มาตรา</dt>" in act and "จำนวนมาตรา" not in act
    english = client.get("/laws/fee-regulation/sections/1?lang=en").get_data(as_text=True)
    assert "Clause 1" in english


def test_browse_sort_label_is_order_of_listing_not_the_law_type(app):
    setup(app)
    browse = app.test_client().get("/laws?lang=th").get_data(as_text=True)
    assert '<label for="filter-sort">ลำดับ</label>' in browse


def test_staff_menu_groups_staff_links(app):
    setup(app)
    admin = client_signed_in(app, "admin")
    page = admin.get("/review/?lang=en").get_data(as_text=True)
    menu = page[page.index('<li class="nav-menu">'):page.index('nav-menu--account')]
    for link in ("/officer/", "/triage/", "/review/", "/dashboard/", "/audit/", "/admin/users"):
        assert f'href="{link}"' in menu
    assert "<summary class=\"nav-menu--current\">Staff work</summary>" in menu


def test_case_lists_filter_by_words_of_the_law_title(app):
    setup(app)
    with app.app_context(), unit_of_work(Actor("test", role="admin")) as uow:
        open_case(uow, "price-act", "repeal", "ล้าสมัย")
        open_case(uow, "transport-act", "repeal", "ควรยกเลิก")
        uow.commit()
    admin = client_signed_in(app, "admin")
    board = admin.get("/review/", query_string={"law": "ราคาสินค้า"}).get_data(as_text=True)
    assert 'href="/cases/1"' in board and 'href="/cases/2"' not in board
    assert '<details class="filter-panel" open>' in board
    everything = admin.get("/review/").get_data(as_text=True)
    assert 'href="/cases/2"' in everything and '<details class="filter-panel">' in everything
    workspace = admin.get("/officer/", query_string={"law": "ขนส่ง"}).get_data(as_text=True)
    assert 'href="/cases/2"' in workspace and 'href="/cases/1"' not in workspace
