"""The audit log: append-only in the ORM, filtered pages, the diff view, and exports."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import delete, select, update

from lawreg.models import AuditEntry
from lawreg.services.audit_log import AuditTamper


def test_the_orm_refuses_to_change_or_delete_audit_entries(db, hearing_case):
    def tamper_update(uow):
        entry = uow.session.scalar(select(AuditEntry))
        entry.actor = "someone else"
        uow.session.flush()

    def tamper_delete(uow):
        uow.session.delete(uow.session.scalar(select(AuditEntry)))
        uow.session.flush()

    before = db(lambda uow: [(e.id, e.actor) for e in uow.session.scalars(select(AuditEntry).order_by(AuditEntry.id))])
    for tamper in (tamper_update, tamper_delete,
                   lambda uow: uow.session.execute(update(AuditEntry).values(actor="x")),
                   lambda uow: uow.session.execute(delete(AuditEntry))):
        with pytest.raises(AuditTamper):
            db(tamper)
    assert db(lambda uow: [(e.id, e.actor) for e in uow.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]) == before


def test_filters_diff_and_exports(signed_in, hearing_case, db):
    committee = signed_in("committee")
    page = committee.get("/audit/", query_string={"entity_type": "case", "entity_key": str(hearing_case)})
    text = page.get_data(as_text=True)
    expected = db(lambda uow: uow.session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity_type == "case",
                                        AuditEntry.entity_key == str(hearing_case))).all())
    assert page.status_code == 200 and f"{len(expected)} " in text
    assert sorted(expected) == ["case.forward", "case.open", "case.open_hearing", "case.submit"]
    assert "user:Officer".lower() in text.lower() and "case.open_hearing" in text

    entry_id = db(lambda uow: uow.session.scalar(select(AuditEntry.id).where(AuditEntry.action == "case.open_hearing")))
    diff_page = committee.get(f"/audit/{entry_id}").get_data(as_text=True)
    assert "central_review" in diff_page and "public_hearing" in diff_page and "diff--changed" in diff_page

    exported = committee.get("/audit/export.csv", query_string={"action": "case."}).get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [r["action"] for r in rows] == ["case.open", "case.submit", "case.forward", "case.open_hearing"]
    lines = committee.get("/audit/export.jsonl", query_string={"actor": "user:reviewer"}).get_data(as_text=True)
    records = [json.loads(line) for line in lines.splitlines()]
    assert [r["action"] for r in records] == ["case.open_hearing"]
    assert records[0]["after"]["stage"] == "public_hearing"

    assert committee.get("/audit/", query_string={"date_from": "yesterday"}).status_code == 400
    assert committee.get("/audit/export.csv", query_string={"date_to": "2026-13-01"}).status_code == 400
    future = committee.get("/audit/", query_string={"date_from": "2199-01-01"}).get_data(as_text=True)
    assert "<td colspan=\"6\">" in future
    assert committee.get("/audit/999999").status_code == 404
    assert committee.get("/audit/export.xml").status_code == 404
