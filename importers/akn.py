"""Akoma Ntoso 3.0 as lawreg writes it (:mod:`lawreg.akn.writer`): one law per file, the
text of one expression.

The law's registry fields come from lawreg's ``<proprietary>`` record (AKN has no element
for most of them), the title from ``FRBRname``, and each ``section`` gives a section: its
``num`` (label and number), ``heading``, the chapter path from the titles of the containers
above it, and its text from its paragraphs joined by newlines — exactly the stored text.
Only the expression's text is imported (an expression holds one point in time), so a law
read back has one undated version per section.  A file that is not well-formed XML or not
an Akoma Ntoso document is refused whole.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lxml import etree

from lawreg.akn.writer import AKN_NS, LAWREG_NS
from lawreg.errors import ImportRejected
from lawreg.records import LawRecord, SectionRecord

from .base import ImportFormat, ImportReport

A = f"{{{AKN_NS}}}"
L = f"{{{LAWREG_NS}}}"
CONTAINERS = {f"{A}{name}" for name in ("book", "title", "part", "chapter", "subchapter")}
MAX_BYTES = 64 * 1024 * 1024


def parse(path: Path, report: ImportReport, *, max_line_bytes: int = MAX_BYTES) -> list[LawRecord]:
    """One law from one file; the file-size limit is the importers' line limit, at least
    ``MAX_BYTES`` (an AKN file may be one long line)."""
    if path.stat().st_size > max(max_line_bytes, MAX_BYTES):
        raise ImportRejected(str(path), None, None, f"is larger than {MAX_BYTES // 2**20} MB")
    try:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True,
                                                      huge_tree=False)).getroot()
    except etree.XMLSyntaxError as error:
        raise ImportRejected(str(path), error.lineno, None, f"is not well-formed XML: {error.msg}") from None
    if root.tag != f"{A}akomaNtoso":
        raise ImportRejected(str(path), None, None, "is not an Akoma Ntoso 3.0 document")
    return [record_from_akn(root, str(path))]


def record_from_akn(root: etree._Element, origin: str = "<akn>") -> LawRecord:
    """The law record of one lawreg AKN document."""
    meta = root.find(f".//{A}meta")
    law = meta.find(f"{A}proprietary/{L}law") if meta is not None else None
    name = meta.find(f"{A}identification/{A}FRBRWork/{A}FRBRname") if meta is not None else None
    if law is None or name is None:
        raise ImportRejected(origin, None, "proprietary", "has no lawreg record (not lawreg's AKN)")
    main = root[0]
    body = main.find(f"{A}body")
    if body is None:
        body = main.find(f"{A}mainBody")
    sections = [section_record(element) for element in body.iter(f"{A}section")] if body is not None else []
    for attachment in main.iterfind(f"{A}attachments/{A}attachment"):
        title = attachment.findtext(f".//{A}preface/{A}p") or ""
        for element in attachment.iter(f"{A}section"):
            record = section_record(element)
            record.chapter_path.insert(0, title)
            sections.append(record)
    return LawRecord(
        key=law.get("key", ""),
        title=name.get("value", ""),
        title_en=law.get("title_en"),
        law_type=law.get("type"),
        year_be=int(law.get("year_be")) if law.get("year_be") else None,
        agency=law.get("agency"),
        subject_groups=[e.text or "" for e in law.iterfind(f"{L}group")],
        status=law.get("status"),
        abbreviations=[e.text or "" for e in law.iterfind(f"{L}abbreviation")],
        enacted_on=_date(law.get("enacted_on")),
        published_on=_date(law.get("published_on")),
        commenced_on=_date(law.get("commenced_on")),
        gazette_ref=law.get("gazette_ref"),
        source_url=law.get("source_url"),
        sections=sections,
        origin=(origin, 1),
    )


def section_record(element: etree._Element) -> SectionRecord:
    label, _, number = (element.findtext(f"{A}num") or "").partition(" ")
    paragraphs = element.findall(f"{A}content/{A}p")
    path: list[str] = []
    for ancestor in element.iterancestors():
        if ancestor.tag in CONTAINERS:
            num = ancestor.findtext(f"{A}num")
            heading = ancestor.findtext(f"{A}heading") or ""
            path.insert(0, f"{num} {heading}" if num and heading else (num or heading))
    return SectionRecord(
        number=number,
        label=label,
        heading=element.findtext(f"{A}heading"),
        chapter_path=path,
        text="\n".join(p.text or "" for p in paragraphs),
        status="repealed" if element.get("status") == "removed" else "in_force",
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


FORMAT = ImportFormat(name="akn", unit="files", parse=parse, folder_pattern="*.xml")
