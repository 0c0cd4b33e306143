"""The documents a law becomes in the search index: a law-level document, then one per
section with its current text and status today, each with a hash of its content.

Made two ways that must agree — from a law's ORM objects (:func:`law_documents`, what the
commit listener has) and from plain selects over many laws (:func:`iter_law_documents`,
what the rebuild and the drift check read) — both through :func:`build_documents`.
:mod:`lawreg.services.search` keeps the index in step with them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session, selectinload

from ..models import Agency, Law, LawGroup, Section, SectionVersion
from ..search import KIND_LAW, KIND_SECTION, Document, keyword_value
from .citations import citation_counts
from .flags.queries import index_categories
from .status import LawFacts, first_start, load_facts, section_status_from, status_from_facts

BATCH_LAWS = 200


def load_laws(session: Session, keys: list[str] | None = None) -> list[Law]:
    """Laws with everything :func:`law_documents` reads, in a fixed number of queries."""
    statement = select(Law).options(
        selectinload(Law.sections).selectinload(Section.versions),
        selectinload(Law.group_links),
    )
    if keys is not None:
        statement = statement.where(Law.key.in_(keys))
    return list(session.scalars(statement.order_by(Law.key)))


class LawFields(NamedTuple):
    """What the index documents take from a law row and its agency and groups."""

    key: str
    title: str
    title_en: str | None
    abbreviations: list[str]
    law_type: str | None
    year_be: int | None
    status: str
    agency: list[str]  # the agency's lineage, ministry first
    groups: list[str]


class SectionFields(NamedTuple):
    """What the index documents take from a section and its current version."""

    number: str
    sort_key: str
    label: str
    heading: str | None
    chapter_path: list[str]
    version_id: int | None
    text: str
    status: str = "in_force"  # on the day the document is made (see lawreg.services.status)
    cited_count: int = 0  # how many sections cite it (lawreg.services.citations)


def law_documents(law: Law) -> list[Document]:
    """The index documents of ``law`` (an ORM object, as the commit listener has it):
    see :func:`build_documents`."""
    session = object_session(law)
    flags = index_categories(session, law.id) if session is not None else {}
    today = date.today()
    facts = load_facts(session, [law.id])[law.id] if session is not None else LawFacts(law.status, None)
    law_status = status_from_facts(facts, today)
    fields = LawFields(
        key=law.key, title=law.title, title_en=law.title_en,
        abbreviations=list(law.abbreviations or []), law_type=law.law_type,
        year_be=law.year_be, status=law_status.status,
        agency=[node.name for node in law.agency.lineage()] if law.agency else [],
        groups=list(law.subject_groups),
    )
    sections = []
    counts = citation_counts(session, [law.id]) if session is not None else {}
    for section in law.sections:
        version = section.current_version
        sections.append(SectionFields(
            number=section.number, sort_key=section.sort_key, label=section.label,
            heading=section.heading, chapter_path=list(section.chapter_path or []),
            version_id=version.id if version else None, text=version.text if version else "",
            status=section_status_from(
                section.id, first_start([v.valid_from for v in section.versions]), facts, today,
                law_status,
            ).status,
            cited_count=counts.get((law.id, section.number), 0),
        ))
    return build_documents(fields, sections, flags)


def build_documents(
    law: LawFields, sections: list[SectionFields], flags: dict[int | None, set[str]]
) -> list[Document]:
    """The index documents of a law: its law-level document first, then one per section
    (current text).  The law document records the count and a hash of all of them.
    ``flag_categories``: a section's live flags on its current version; the law's, all."""
    common: Document = {
        "law_key": law.key,
        "law_title": law.title,
        "law_title_en": law.title_en,
        "abbreviations": keyword_value(law.abbreviations),
        "abbreviations_text": " ".join(law.abbreviations),
        "law_type": law.law_type,
        "year_be": law.year_be,
        "status": law.status,
        "agency": keyword_value(law.agency),
        "groups": keyword_value(law.groups),
        "flag_categories": "",
    }
    section_documents: list[Document] = [
        {
            **common,
            "doc_id": f"{law.key}#{section.number}",
            "kind": KIND_SECTION,
            "section": section.number,
            "section_sort": section.sort_key,
            "label": section.label,
            "heading": section.heading,
            "chapter": " > ".join(section.chapter_path),
            "text": section.text,
            "cited_count": section.cited_count or None,
            "status": section.status,
            "flag_categories": keyword_value(sorted(
                flags.get(section.version_id, ()) if section.version_id is not None else ()
            )),
        }
        for section in sections
    ]
    law_document: Document = {
        **common, "doc_id": law.key, "kind": KIND_LAW,
        "flag_categories": keyword_value(sorted(set().union(*flags.values()))),
    }
    documents = [law_document, *section_documents]
    payloads = [_payload(document) for document in documents]
    # Each section document carries the hash of its own content, so the commit listener
    # rewrites only the sections that changed (see SearchEngine.apply).
    for section_document, payload in zip(section_documents, payloads[1:], strict=True):
        section_document["content_hash"] = hashlib.sha256(payload).hexdigest()
    law_document["doc_count"] = len(documents)
    law_document["content_hash"] = hashlib.sha256(
        b"".join(payload + b"\n" for payload in payloads)
    ).hexdigest()
    return documents


def iter_law_documents(session: Session, batch: int = BATCH_LAWS) -> Iterator[list[Document]]:
    """Every law's index documents (as :func:`law_documents` makes them), in law key order,
    read with a few plain selects per ``batch`` laws instead of ORM objects: the rebuild
    and the drift check read the whole registry, and building 300k Section and
    SectionVersion objects cost more than indexing them."""
    agencies = {
        row.id: (row.name, row.parent_id)
        for row in session.execute(select(Agency.id, Agency.name, Agency.parent_id))
    }
    laws = session.execute(
        select(
            Law.id, Law.key, Law.title, Law.title_en, Law.abbreviations, Law.law_type,
            Law.year_be, Law.status, Law.agency_id,
        ).order_by(Law.key)
    ).all()
    today = date.today()
    for start in range(0, len(laws), batch):
        rows = laws[start : start + batch]
        ids = [row.id for row in rows]
        groups = _groups(session, ids)
        facts = load_facts(session, ids)
        sections = _sections(session, ids, facts, today)
        for row in rows:
            fields = LawFields(
                key=row.key, title=row.title, title_en=row.title_en,
                abbreviations=list(row.abbreviations or []), law_type=row.law_type,
                year_be=row.year_be, status=status_from_facts(facts[row.id], today).status,
                agency=_lineage(agencies, row.agency_id), groups=groups.get(row.id, []),
            )
            flags = index_categories(session, row.id)
            yield build_documents(fields, sections.get(row.id, []), flags)


def _lineage(agencies: dict[int, tuple[str, int | None]], agency_id: int | None) -> list[str]:
    """:meth:`Agency.lineage` names from the agency table: ministry first."""
    chain: list[int] = []
    node = agency_id
    while node is not None and node in agencies and node not in chain:
        chain.append(node)
        node = agencies[node][1]
    return [agencies[node][0] for node in reversed(chain)]


def _groups(session: Session, law_ids: list[int]) -> dict[int, list[str]]:
    groups: dict[int, list[str]] = {}
    rows = session.execute(
        select(LawGroup.law_id, LawGroup.name)
        .where(LawGroup.law_id.in_(law_ids))
        .order_by(LawGroup.law_id, LawGroup.position, LawGroup.id)
    )
    for law_id, name in rows:
        groups.setdefault(law_id, []).append(name)
    return groups


def _sections(
    session: Session, law_ids: list[int], facts: dict[int, LawFacts], today: date
) -> dict[int, list[SectionFields]]:
    """Sections in :attr:`Law.sections` order, each with its current version
    (:attr:`Section.current_version`: the last in force ``today``, else the last
    open-ended, else the last) and its status ``today``."""
    versions: dict[int, tuple[int, str]] = {}
    open_ended: dict[int, tuple[int, str]] = {}
    starts: dict[int, list[date | None]] = {}
    rows = session.execute(
        select(SectionVersion.section_id, SectionVersion.id, SectionVersion.text,
               SectionVersion.valid_to, SectionVersion.valid_from)
        .join(Section, Section.id == SectionVersion.section_id)
        .where(Section.law_id.in_(law_ids))
        .order_by(SectionVersion.valid_from.nulls_first(), SectionVersion.id)
    )
    in_force: dict[int, tuple[int, str]] = {}
    for section_id, version_id, text, valid_to, valid_from in rows:
        versions[section_id] = (version_id, text)
        starts.setdefault(section_id, []).append(valid_from)
        if valid_to is None:
            open_ended[section_id] = (version_id, text)
        if (valid_from is None or valid_from <= today) and (valid_to is None or today < valid_to):
            in_force[section_id] = (version_id, text)
    sections: dict[int, list[SectionFields]] = {}
    law_statuses = {law_id: status_from_facts(facts[law_id], today) for law_id in law_ids}
    counts = citation_counts(session, law_ids)
    rows = session.execute(
        select(Section.id, Section.law_id, Section.number, Section.sort_key, Section.label,
               Section.heading, Section.chapter_path)
        .where(Section.law_id.in_(law_ids))
        .order_by(Section.law_id, Section.sort_key, Section.id)
    )
    for row in rows:
        indexed_version_id, text = (
            in_force.get(row.id) or open_ended.get(row.id) or versions.get(row.id) or (None, "")
        )
        sections.setdefault(row.law_id, []).append(SectionFields(
            number=row.number, sort_key=row.sort_key, label=row.label, heading=row.heading,
            chapter_path=list(row.chapter_path or []), version_id=indexed_version_id, text=text,
            status=section_status_from(
                row.id, first_start(starts.get(row.id, [])), facts[row.law_id], today,
                law_statuses[row.law_id],
            ).status,
            cited_count=counts.get((row.law_id, row.number), 0),
        ))
    return sections


def content_hash(documents: list[Document]) -> str:
    """The hash of a law's documents that its law-level document records."""
    digest = hashlib.sha256()
    for document in documents:
        digest.update(_payload(document))
        digest.update(b"\n")
    return digest.hexdigest()


def _payload(document: Document) -> bytes:
    payload = {k: v for k, v in document.items() if k not in ("doc_count", "content_hash")}
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode()
