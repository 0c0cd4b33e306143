"""One law from a PDF with a text layer, read page by page with pypdf.

Each page's text goes through ``repair`` first when one is given — the command line passes
:func:`lawreg.thai.repair.repair_pdf_damage`, which puts back the Thai combining marks PDF
extraction displaces ("ไดแ้ ก ่" → "ได้แก่") — then through the same cleaning and
sectioning as plain text (:mod:`importers.text`): running headers and footers, page
numbers, chapter headings, "มาตรา N" / "ข้อ N" sections.

A file that is not a PDF (no ``%PDF-`` signature in its first kilobyte), a damaged or
encrypted PDF, or one without any text (a scan that needs OCR) is refused with a message
saying which.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Unpack

from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from lawreg.errors import ImportRejected
from lawreg.records import LawRecord

from .base import ImportFormat, ImportReport
from .reading import DEFAULT_MAX_LINE_BYTES, open_source
from .text import GivenLaw, law_from_pages

SIGNATURE = b"%PDF-"
SIGNATURE_WINDOW = 1024


def parse(
    path: Path,
    report: ImportReport,
    *,
    repair: Callable[[str], str] | None = None,
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
    **law: Unpack[GivenLaw],
) -> list[LawRecord]:
    pages = extract_pages(path)
    if repair is not None:
        pages = [repair(page) for page in pages]
    return law_from_pages(str(path), pages, report, source="pdf", paged=True, **law)


def extract_pages(path: Path) -> list[str]:
    """The text of each page; raises :class:`ImportRejected` for anything but a readable PDF."""
    name = str(path)
    with open_source(path) as handle:
        head = handle.read(SIGNATURE_WINDOW)
    if SIGNATURE not in head:
        raise ImportRejected(name, None, None, f"is not a PDF (no %PDF- signature; {what_it_looks_like(head)})")
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ImportRejected(name, None, None, "is an encrypted PDF; save an unprotected copy first")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError) as error:
        raise ImportRejected(name, None, None, f"is a damaged PDF that cannot be read: {error}") from None
    if not any(page.strip() for page in pages):
        raise ImportRejected(
            name, None, None,
            f"has {len(pages)} pages but no text layer (a scanned document?); run OCR on it first",
        )
    return pages


def what_it_looks_like(head: bytes) -> str:
    stripped = head.lstrip()
    if not stripped:
        return "it is empty"
    if stripped.startswith(b"PK"):
        return "it looks like a ZIP archive such as a .docx"
    if stripped[:1] in (b"<",):
        return "it looks like HTML or XML"
    if stripped[:1] in (b"{", b"["):
        return "it looks like JSON"
    if b"\x00" in head:
        return "it is binary data"
    return "it looks like plain text"


FORMAT = ImportFormat(
    name="pdf",
    unit="sections",
    parse=parse,
    options=("key", "title", "law_type", "year", "repair"),
)
