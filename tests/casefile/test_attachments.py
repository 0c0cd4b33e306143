"""Attachments: type by content, size limit, safe names, virus-scan hook, permission-checked
downloads, and the file and its row kept or dropped together."""

from __future__ import annotations

import hashlib
import io
import os
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from lawreg.models import AuditEntry, CaseAttachment
from lawreg.services.attachments import (
    DOCX,
    JPEG,
    ODT,
    PDF,
    PNG,
    XLSX,
    AttachmentRejected,
    attach,
    safe_name,
    sniff,
)

from .conftest import (
    DOCX_BYTES,
    JPEG_BYTES,
    ODT_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    XLSX_BYTES,
    office_file,
)


@pytest.mark.parametrize(("data", "expected"), [
    (PDF_BYTES, PDF), (PNG_BYTES, PNG), (JPEG_BYTES, JPEG),
    (DOCX_BYTES, DOCX), (XLSX_BYTES, XLSX), (ODT_BYTES, ODT),
    (b"MZ\x90\x00 a windows program", None),
    (b"<html><script>alert(1)</script></html>", None),
    (office_file({"readme.txt": b"just a zip"}), None),
    (b"PK\x03\x04 not really a zip", None),
])
def test_the_type_comes_from_the_content(data, expected):
    assert sniff(data) == expected


def test_names_are_made_safe_and_end_in_the_real_type():
    assert safe_name("../../ร่าง พ.ร.บ.<1>.exe", PDF) == "ร่าง พ.ร.บ.1.exe.pdf"
    assert safe_name("C:\\Users\\x\\มติ ครม.docx", DOCX) == "มติ ครม.docx"
    assert safe_name('a"b;\r\nc.PDF', PDF) == "abc.pdf"
    assert safe_name("...", PNG) == "attachment.png"
    assert len(safe_name("ก" * 500 + ".pdf", PDF)) == 200


def files_on_disk(app) -> list[Path]:  # type: ignore[no-untyped-def]
    folder = Path(app.instance_path) / "attachments"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def upload(client, case_id, data, name="ร่างพระราชบัญญัติ.pdf", kind="draft_bill"):  # type: ignore[no-untyped-def]
    return client.post(f"/cases/{case_id}/attachments", content_type="multipart/form-data",
                       data={"kind": kind, "file": (io.BytesIO(data), name)}, follow_redirects=True)


def test_an_officer_attaches_a_draft_bill_and_staff_download_it(app, db, hearing_case, signed_in):
    officer = signed_in("officer")
    page = upload(officer, hearing_case, PDF_BYTES)
    assert "แนบแล้ว: ร่างพระราชบัญญัติ.pdf" in page.get_data(as_text=True)
    row = db(lambda uow: uow.session.scalars(select(CaseAttachment)).one())
    assert (row.kind, row.content_type, row.size) == ("draft_bill", "application/pdf", len(PDF_BYTES))
    assert row.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    [stored] = files_on_disk(app)
    assert stored.name == row.stored_name and stored.read_bytes() == PDF_BYTES
    assert stored.parent.name == str(hearing_case) and "ร่าง" not in str(stored)

    download = signed_in("committee").get(f"/cases/{hearing_case}/attachments/{row.id}")
    assert download.status_code == 200 and download.data == PDF_BYTES
    assert download.mimetype == "application/pdf"
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=UTF-8''" in disposition
    assert "%E0%B8%A3%E0%B9%88%E0%B8%B2%E0%B8%87" in disposition  # ร่าง, encoded
    audit = db(lambda uow: uow.session.scalars(select(AuditEntry).where(AuditEntry.action == "case.attach")).one())
    assert audit.after["sha256"] == row.sha256


def test_downloads_are_for_those_who_may_see_the_case(app, db, client, hearing_case, signed_in):
    upload(signed_in("officer"), hearing_case, PNG_BYTES, "แผนผัง.png", "other")
    row_id = db(lambda uow: uow.session.scalar(select(CaseAttachment.id)))
    assert signed_in("other").get(f"/cases/{hearing_case}/attachments/{row_id}").status_code == 403
    anonymous = client.get(f"/cases/{hearing_case}/attachments/{row_id}")
    assert anonymous.status_code in (302, 401) and anonymous.data != PNG_BYTES
    assert signed_in("officer").get(f"/cases/{hearing_case}/attachments/{row_id + 1}").status_code == 404
    upload(signed_in("other"), hearing_case, PDF_BYTES)  # not their agency's law: refused
    assert db(lambda uow: len(uow.session.scalars(select(CaseAttachment)).all())) == 1


def test_a_file_changed_on_disk_is_not_served(app, db, hearing_case, signed_in):
    upload(signed_in("officer"), hearing_case, PDF_BYTES)
    [stored] = files_on_disk(app)
    stored.write_bytes(PDF_BYTES + b"tampered")
    row_id = db(lambda uow: uow.session.scalar(select(CaseAttachment.id)))
    assert signed_in("officer").get(f"/cases/{hearing_case}/attachments/{row_id}").status_code == 500


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"MZ\x90\x00 program", "setup.pdf", "ไม่ได้แนบ “setup.pdf”: รับเฉพาะไฟล์ PDF"),
    (b"", "empty.pdf", "ไม่ได้แนบ “empty.pdf”: ไฟล์ว่างเปล่า"),
])
def test_other_files_are_refused_naming_the_file(app, db, hearing_case, signed_in, data, name, message):
    page = upload(signed_in("officer"), hearing_case, data, name)
    assert message in page.get_data(as_text=True)
    assert db(lambda uow: uow.session.scalars(select(CaseAttachment)).all()) == []
    assert files_on_disk(app) == []


def test_the_size_limit_is_configured(app, db, hearing_case, signed_in):
    app.config["ATTACHMENT_MAX_BYTES"] = 1024 * 1024
    big = PDF_BYTES + b"0" * (1024 * 1024)
    page = upload(signed_in("officer"), hearing_case, big, "ใหญ่.pdf").get_data(as_text=True)
    assert "ไม่เกิน 1 เมกะไบต์" in page and "ใหญ่.pdf" in page  # refused by the service
    huge = upload(signed_in("officer"), hearing_case, big * 2, "ใหญ่มาก.pdf")  # refused unread
    assert huge.status_code == 200 and "ไม่ได้แนบ: ไฟล์ต้องมีขนาดไม่เกิน 1 เมกะไบต์" in huge.get_data(as_text=True)
    assert files_on_disk(app) == []
    app.config["ATTACHMENT_MAX_BYTES"] = 4 * 1024 * 1024  # above the site-wide 2 MB form limit
    assert "แนบแล้ว" in upload(signed_in("officer"), hearing_case, big, "ใหญ่.pdf").get_data(as_text=True)
    assert len(files_on_disk(app)) == 1


SCANNER = """import sys
data = open(sys.argv[1], "rb").read()
if b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE" in data:
    print(sys.argv[1] + ": Eicar-Signature FOUND")
    sys.exit(1)
print(sys.argv[1] + ": OK")
"""


def test_a_failing_virus_scan_rejects_and_nothing_is_stored(app, db, hearing_case, signed_in, tmp_path):
    scanner = tmp_path / "scan.py"
    scanner.write_text(SCANNER, encoding="utf-8")
    app.config["ATTACHMENT_SCAN_COMMAND"] = [sys.executable, str(scanner), "{path}"]
    infected = PDF_BYTES + b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
    page = upload(signed_in("officer"), hearing_case, infected, "มติ.pdf").get_data(as_text=True)
    assert "ไม่ได้แนบ “มติ.pdf”: ไฟล์ไม่ผ่านการตรวจหาไวรัส" in page
    assert db(lambda uow: uow.session.scalars(select(CaseAttachment)).all()) == []
    assert files_on_disk(app) == []  # not even the partial file
    assert "แนบแล้ว" in upload(signed_in("officer"), hearing_case, PDF_BYTES).get_data(as_text=True)
    assert len(files_on_disk(app)) == 1


def test_a_missing_scanner_rejects_rather_than_lets_through(app, db, registry, hearing_case):
    app.config["ATTACHMENT_SCAN_COMMAND"] = "/nonexistent/clamdscan --no-summary {path}"

    def run(uow):
        uow.actor = registry.officer
        attach(uow, hearing_case, "other", "x.pdf", PDF_BYTES)

    with pytest.raises(AttachmentRejected) as rejected:
        db(run)
    assert rejected.value.reason == "scan"
    assert files_on_disk(app) == []


def test_a_rolled_back_database_write_leaves_no_file(app, db, registry, hearing_case):
    def run(uow):
        uow.actor = registry.officer
        attach(uow, hearing_case, "impact_assessment", "ria.docx", DOCX_BYTES)
        assert len(files_on_disk(app)) == 1  # written, not yet committed
        raise RuntimeError("the commit never happens")

    with pytest.raises(RuntimeError):
        db(run)
    assert files_on_disk(app) == []
    assert db(lambda uow: uow.session.scalars(select(CaseAttachment)).all()) == []


def test_a_failed_file_write_leaves_no_row(app, db, registry, hearing_case):
    folder = Path(app.instance_path) / "attachments"
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_bytes(b"a file where the folder should be")

    def run(uow):
        uow.actor = registry.officer
        attach(uow, hearing_case, "other", "x.pdf", PDF_BYTES)

    with pytest.raises(OSError):
        db(run)
    assert db(lambda uow: uow.session.scalars(select(CaseAttachment)).all()) == []


def test_an_unknown_kind_is_refused(app, db, registry, hearing_case):
    from lawreg.errors import InvalidRecord

    def run(uow):
        uow.actor = registry.officer
        attach(uow, hearing_case, "secret", "x.pdf", PDF_BYTES)

    with pytest.raises(InvalidRecord):
        db(run)


def test_the_check_finds_orphans_missing_and_changed_files_and_sweeps_only_orphans(
    app, db, hearing_case, signed_in, runner
):  # type: ignore[no-untyped-def]
    officer = signed_in("officer")
    upload(officer, hearing_case, PDF_BYTES)
    upload(officer, hearing_case, PNG_BYTES, name="แผนที่.png", kind="other")
    kept_pdf, kept_png = db(lambda uow: uow.session.scalars(
        select(CaseAttachment).order_by(CaseAttachment.id)).all())
    folder = Path(app.instance_path) / "attachments" / str(hearing_case)
    (folder / kept_png.stored_name).write_bytes(PNG_BYTES + b"tampered")
    left_behind = folder / "0123abcd.pdf"  # a process killed before its row was committed
    left_behind.write_bytes(PDF_BYTES)
    fresh = folder / "4567cdef.pdf"  # an upload another process is still committing
    fresh.write_bytes(PDF_BYTES)
    hour_ago = left_behind.stat().st_mtime - 7200
    os.utime(left_behind, (hour_ago, hour_ago))

    report = runner.invoke(args=["attachments", "check"])
    assert report.exit_code == 1
    assert "orphan file: " + f"{hearing_case}/0123abcd.pdf" in report.output
    assert "4567cdef" not in report.output  # younger than the grace period
    assert f"attachment {kept_png.id}: the file changed since it was uploaded" in report.output
    assert f"attachment {kept_pdf.id}" not in report.output

    (folder / kept_pdf.stored_name).unlink()
    swept = runner.invoke(args=["attachments", "check", "--remove-orphans"])
    assert f"attachment {kept_pdf.id}: the file is missing" in swept.output
    assert "1 orphan files removed, 1 missing, 1 changed" in swept.output
    assert swept.exit_code == 1  # rows without their file still need the operator
    assert not left_behind.exists() and fresh.exists()
    assert (folder / kept_png.stored_name).exists()  # evidence is never deleted by the sweep
    audit = db(lambda uow: uow.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "attachments.sweep")).one())
    assert audit.after == {"removed": [f"{hearing_case}/0123abcd.pdf"]}
