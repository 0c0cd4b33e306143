"""A case in public hearing (tests/hearing's registry), and helpers to age its hearing,
publish comments and build small files of each accepted type."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from hearing.conftest import case_in_hearing, counts, hearing_case, registry, signed_in
from sqlalchemy import select, update

from lawreg.models import CaseTransition, HearingComment, ModerationStatus
from lawreg.services import UnitOfWork
from lawreg.services.cases import get_case, transition

__all__ = ["case_in_hearing", "counts", "hearing_case", "registry", "signed_in"]


def age_hearing(uow: UnitOfWork, case_id: int, days: float) -> None:
    """Move the opening of the case's hearing ``days`` into the past (as if it had run)."""
    opened = uow.session.scalar(select(CaseTransition).where(
        CaseTransition.case_id == case_id, CaseTransition.name == "open_hearing"))
    assert opened is not None
    uow.session.execute(update(CaseTransition).where(CaseTransition.id == opened.id)
                        .values(at=opened.at - timedelta(days=days)))
    uow.commit()


def close_hearing(uow: UnitOfWork, registry, case_id: int) -> None:  # type: ignore[no-untyped-def]
    uow.actor = registry.reviewer
    transition(uow, case_id, "close_hearing", get_case(uow, case_id).version)
    uow.commit()


def add_comment(uow: UnitOfWork, case_id: int, body: str, status: str = ModerationStatus.APPROVED,
                stance: str = "support", name: str | None = None) -> int:
    comment = HearingComment(case_id=case_id, body=body, stance=stance, status=status,
                             display_name=name, ip_hash="0" * 64)
    uow.session.add(comment)
    uow.commit()
    return comment.id


@pytest.fixture
def closed_hearing(db, registry, hearing_case):  # type: ignore[no-untyped-def]
    """The hearing case with a published, a pending and a hidden comment, closed after 15 days."""
    ids = db(lambda uow: [
        add_comment(uow, hearing_case, "เห็นด้วยให้ยกเลิก เพราะไม่มีผู้ใช้บังคับแล้ว", name="นายประชา"),
        add_comment(uow, hearing_case, "ข้อความที่ยังรอตรวจ", ModerationStatus.PENDING),
        add_comment(uow, hearing_case, "ข้อความหยาบคายที่ถูกซ่อน", ModerationStatus.HIDDEN, "oppose"),
    ])
    db(lambda uow: age_hearing(uow, hearing_case, 15))
    db(lambda uow: close_hearing(uow, registry, hearing_case))
    return hearing_case, ids


def office_file(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32
DOCX_BYTES = office_file({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX_BYTES = office_file({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT_BYTES = office_file({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
