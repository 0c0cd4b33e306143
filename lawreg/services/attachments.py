"""Files attached to review cases, kept in the instance folder with their metadata in the DB.

Rules, all checked before anything is kept:

* the type is found from the bytes, never from the name or the browser's claim
  (:func:`sniff`): PDF, DOCX, ODT, XLSX, PNG or JPEG; anything else is
  :class:`AttachmentRejected` naming the file;
* the size is at most ``ATTACHMENT_MAX_BYTES`` (default :data:`DEFAULT_MAX_BYTES`);
* when ``ATTACHMENT_SCAN_COMMAND`` is set (e.g. ``["clamdscan", "--no-summary", "{path}"]``)
  it runs on the file and must exit 0, else the file is rejected and nothing is kept;
* the name on disk is random (``<hex>.<ext>``); the name the user gave is kept, made safe
  (no folders, control or quoting characters), for display and download only.

The file and its row are one transaction: the file is written before the row is flushed,
and a rollback of the session that holds the row deletes the file (:func:`_track`), so a
failed database write leaves no orphan file and a failed file write leaves no row.
Downloads check the SHA-256 recorded at upload, so a file changed on disk is not served.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import secrets
import shlex
import subprocess
import time
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session, SessionTransaction

from ..errors import InvalidRecord, LawregError, NotFound
from ..models import AttachmentKind, CaseAttachment, ReviewCase
from .permissions import Permission, require
from .unit_of_work import UnitOfWork

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
NAME_MAX = 200
KINDS = frozenset(k.value for k in AttachmentKind)
FOLDER = "attachments"


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str


PDF = FileType("application/pdf", "pdf")
PNG = FileType("image/png", "png")
JPEG = FileType("image/jpeg", "jpg")
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
ODT = FileType("application/vnd.oasis.opendocument.text", "odt")
ACCEPTED = (PDF, DOCX, ODT, XLSX, PNG, JPEG)


class AttachmentRejected(LawregError):
    """A file not kept; ``reason`` is one of ``type``, ``size``, ``scan``, ``empty``."""

    def __init__(self, file_name: str, reason: str, detail: str = "") -> None:
        super().__init__(f"{file_name}: {reason}{': ' + detail if detail else ''}")
        self.file_name = file_name
        self.reason = reason
        self.detail = detail


class AttachmentDamaged(LawregError):
    """A stored file is missing or no longer has the SHA-256 recorded at upload."""


def sniff(data: bytes) -> FileType | None:
    """The accepted type of ``data`` from its content, or ``None``.

    Office files are ZIP archives told apart by their parts: an ODT names its type in its
    ``mimetype`` member, a DOCX holds ``word/document.xml``, an XLSX ``xl/workbook.xml``.
    """
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == ODT.content_type.encode():
                    return ODT
                if "[Content_Types].xml" in names:
                    if "word/document.xml" in names:
                        return DOCX
                    if "xl/workbook.xml" in names:
                        return XLSX
        except (zipfile.BadZipFile, KeyError, OSError):
            return None
    return None


def safe_name(name: str, file_type: FileType) -> str:
    """The user's file name without folders, control or quoting characters, at most
    :data:`NAME_MAX` characters, ending in the extension of its real type.

    ``"../../ร่าง พ.ร.บ.<1>.exe"`` sniffed as PDF → ``"ร่าง พ.ร.บ.1.exe.pdf"``.
    """
    base = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = re.sub(r'[<>:"|?*;]', "", base).strip(" .")
    stem, dot, extension = base.rpartition(".")
    if dot and extension.lower() in {t.extension for t in ACCEPTED} | {"jpeg"}:
        base = stem
    base = base.strip(" .")[: NAME_MAX - len(file_type.extension) - 1] or "attachment"
    return f"{base}.{file_type.extension}"


def max_bytes() -> int:
    return int(current_app.config.get("ATTACHMENT_MAX_BYTES") or DEFAULT_MAX_BYTES)


def storage_folder() -> Path:
    return Path(current_app.instance_path) / FOLDER


def _scan(path: Path, file_name: str) -> None:
    """Run ``ATTACHMENT_SCAN_COMMAND`` on ``path``; a non-zero exit (or no scanner) rejects."""
    command = current_app.config.get("ATTACHMENT_SCAN_COMMAND")
    if not command:
        return
    parts = shlex.split(command) if isinstance(command, str) else list(command)
    argv = [part.replace("{path}", str(path)) for part in parts]
    if str(path) not in argv:
        argv.append(str(path))
    timeout = float(current_app.config.get("ATTACHMENT_SCAN_TIMEOUT", 120))
    try:
        result = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise AttachmentRejected(file_name, "scan", f"the scanner did not run: {error}") from error
    if result.returncode != 0:
        detail = (result.stdout + result.stderr).strip().replace(str(path), file_name)[:500]
        raise AttachmentRejected(file_name, "scan", detail)


_PENDING = "lawreg.attachment_files"


def _track(session: Session, path: Path) -> None:
    """Delete ``path`` unless the session's transaction commits (``after_commit`` runs before
    ``after_transaction_end`` and forgets the files it kept)."""
    pending: list[Path] | None = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = []

        @event.listens_for(session, "after_commit")
        def committed(_session: Session) -> None:
            pending.clear()

        @event.listens_for(session, "after_transaction_end")
        def ended(_session: Session, transaction: SessionTransaction) -> None:
            # The outermost transaction ended without a commit (rolled back, or the session
            # closed): nothing of it was kept, so neither is the file.
            if transaction.parent is None:
                for stale in pending:
                    stale.unlink(missing_ok=True)
                pending.clear()

    pending.append(path)


def attach(uow: UnitOfWork, case_id: int, kind: str, file_name: str, data: bytes) -> CaseAttachment:
    """Check and keep ``data`` as an attachment of the case; see the module doc for the rules.

    Needs the right to open a case on the case's law (an officer: their agency's laws).
    """
    case = uow.session.get(ReviewCase, case_id)
    if case is None:
        raise NotFound("case.not_found", case=case_id)
    require(uow.actor, Permission.OPEN_CASE, law=case.law)
    if kind not in KINDS:
        raise InvalidRecord("kind", "attachment.kind_unknown", kind=kind, kinds=", ".join(sorted(KINDS)))
    shown = (file_name or "attachment").strip()[:NAME_MAX]
    if not data:
        raise AttachmentRejected(shown, "empty")
    if len(data) > max_bytes():
        raise AttachmentRejected(shown, "size", f"{len(data):,} bytes, at most {max_bytes():,}")
    file_type = sniff(data)
    if file_type is None:
        raise AttachmentRejected(shown, "type")
    folder = storage_folder() / str(case_id)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stored_name = f"{secrets.token_hex(16)}.{file_type.extension}"
    path = folder / stored_name
    partial = folder / f".{stored_name}.part"
    try:
        with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as handle:
            handle.write(data)
        _scan(partial, shown)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    _track(uow.session, path)
    attachment = CaseAttachment(
        case_id=case_id, kind=kind, file_name=safe_name(file_name, file_type), stored_name=stored_name,
        content_type=file_type.content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=uow.actor.name, uploaded_by_id=uow.actor.user_id,
    )
    uow.session.add(attachment)
    uow.session.flush()
    uow.audit("case.attach", "case_attachment", str(attachment.id),
              after={"case": case_id, "kind": kind, "file_name": attachment.file_name,
                     "content_type": attachment.content_type, "size": attachment.size,
                     "sha256": attachment.sha256})
    return attachment


def case_attachments(session: Session, case_id: int) -> list[CaseAttachment]:
    return list(session.scalars(
        select(CaseAttachment).where(CaseAttachment.case_id == case_id).order_by(CaseAttachment.id)))


@dataclass(frozen=True)
class Download:
    attachment: CaseAttachment
    data: bytes


def open_attachment(uow: UnitOfWork, case_id: int, attachment_id: int) -> Download:
    """The bytes of an attachment for someone who may see its case, checked against the
    SHA-256 recorded at upload (:class:`AttachmentDamaged` when missing or changed)."""
    attachment = uow.session.get(CaseAttachment, attachment_id)
    case = uow.session.get(ReviewCase, case_id)
    if attachment is None or case is None or attachment.case_id != case_id:
        raise NotFound("attachment.not_found", attachment=attachment_id, case=case_id)
    require(uow.actor, Permission.VIEW_CASES, law=case.law)
    path = storage_folder() / str(case_id) / attachment.stored_name
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise AttachmentDamaged(f"attachment {attachment_id}: the file is missing") from error
    if hashlib.sha256(data).hexdigest() != attachment.sha256:
        raise AttachmentDamaged(f"attachment {attachment_id}: the file changed since it was uploaded")
    return Download(attachment, data)


@dataclass(frozen=True)
class AttachmentCheck:
    """What :func:`check_attachments` found: ``orphans`` are files no row names (older than
    the grace period), ``missing`` and ``damaged`` are attachment ids whose file is gone or
    no longer has the SHA-256 recorded at upload."""

    orphans: list[Path]
    missing: list[int]
    damaged: list[int]
    removed: bool = False

    @property
    def clean(self) -> bool:
        return not (self.orphans or self.missing or self.damaged)


def check_attachments(uow: UnitOfWork, *, remove_orphans: bool = False,
                      grace_seconds: float = 3600.0) -> AttachmentCheck:
    """Compare the attachment rows with the files of the instance folder.

    Files are left behind when a process dies between writing a file and committing its row
    (a rollback deletes them, a killed process cannot) or when a case is deleted with its
    rows.  A file younger than ``grace_seconds`` may belong to an upload still committing in
    another process and is never counted.  With ``remove_orphans`` the orphans are deleted
    and the sweep is audited; rows without a good file are only reported — the file is the
    evidence, and restoring it from a backup is the operator's call.
    """
    require(uow.actor, Permission.MANAGE_REGISTRY)
    root = storage_folder()
    rows = uow.session.execute(select(CaseAttachment.id, CaseAttachment.case_id,
                                      CaseAttachment.stored_name, CaseAttachment.sha256)).all()
    named = {root / str(case_id) / stored for _, case_id, stored, _ in rows}
    missing: list[int] = []
    damaged: list[int] = []
    for attachment_id, case_id, stored, sha256 in rows:
        path = root / str(case_id) / stored
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except FileNotFoundError:
            missing.append(attachment_id)
            continue
        if digest != sha256:
            damaged.append(attachment_id)
    cutoff = time.time() - grace_seconds
    orphans = sorted(
        path for path in (root.glob("*/*") if root.is_dir() else [])
        if path.is_file() and path not in named and path.stat().st_mtime < cutoff
    )
    if remove_orphans and orphans:
        for path in orphans:
            path.unlink(missing_ok=True)
        uow.audit("attachments.sweep", "case_attachment", "files",
                  after={"removed": [str(path.relative_to(root)) for path in orphans]})
    return AttachmentCheck(orphans, missing, damaged, removed=remove_orphans and bool(orphans))
