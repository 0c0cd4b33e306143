"""The registry's search index: what goes into it, keeping it in step, searching it.

The database is the truth; the index is derived from it and can be rebuilt at any time.
This module talks to it only through the :mod:`lawreg.search` interface
(:class:`~lawreg.search.SearchEngine`); :func:`init_app` is the one place that picks the
engine (:class:`search_index.engine.WhooshEngine`).  Three mechanisms keep them in step:

* every committed :class:`~lawreg.services.unit_of_work.UnitOfWork` that changed laws writes
  them to the index outbox in its own transaction; after the commit a listener applies the
  outbox to this process's index, and every search first catches up (throttled) with what
  other processes and hosts committed (:mod:`lawreg.services.index_sync`): a rolled-back
  write never reaches the outbox, so the index never shows what the database does not hold;
* :func:`rebuild_index` writes a new index generation from the database and swaps it in;
* :func:`check_index` compares, per law, the document count and a content hash stored in the
  law-level document with what the database would produce, and repairs the difference.

If the listener cannot write (the index stayed locked past its timeout, the disk is full,
the process was killed) the database commit stands, and the outbox brings the index back
on the next catch-up.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.orm import Session, object_session, selectinload

from search_index.engine import WhooshEngine

from ..db import get_database
from ..metrics import SEARCH_SECONDS
from ..models import Agency, Law, LawGroup, Section, SectionVersion
from ..search import (
    KIND_LAW,
    KIND_SECTION,
    Document,
    RebuildReport,
    SearchEngine,
    SearchRequest,
    SearchResults,
    keyword_value,
)
from . import LISTENERS_KEY, index_sync
from .citations import citation_counts
from .flags.queries import index_categories
from .status import LawFacts, first_start, load_facts, section_status_from, status_from_facts

log = logging.getLogger(__name__)

EXTENSION_KEY = "lawreg.search_index"
BATCH_LAWS = 200
REPAIR_BATCH = 50


def init_app(app: Flask) -> None:
    """Give ``app`` its index and register the commit listener that keeps it in step."""
    app.extensions[EXTENSION_KEY] = WhooshEngine(
        app.config["INDEX_DIR"], write_timeout=float(app.config.get("INDEX_WRITE_TIMEOUT", 30))
    )
    index_sync.init_app(app)
    if app.config.get("SEARCH_SYNC", True):
        app.extensions.setdefault(LISTENERS_KEY, []).append(_make_listener(app))


def get_index() -> SearchEngine:
    return current_app.extensions[EXTENSION_KEY]


def _make_listener(app: Flask) -> Callable[[set[str]], None]:
    def apply_outbox(changed: set[str]) -> None:
        with app.app_context():
            try:
                index_sync.catch_up()
            except Exception:  # the commit stands; the outbox brings the index back
                log.exception(
                    "search index not yet updated for %s; it catches up from the outbox",
                    ", ".join(sorted(changed)),
                )

    return apply_outbox


def reindex_laws(law_keys: Iterable[str]) -> None:
    """Replace the index documents of ``law_keys`` with what the database holds now."""
    keys = sorted(set(law_keys))
    with get_database().session() as session:
        laws = {law.key: law for law in load_laws(session, keys)}
        changes = {key: (law_documents(laws[key]) if key in laws else None) for key in keys}
    get_index().apply(changes)


# -- documents -----------------------------------------------------------------------------


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


# -- rebuild and check ---------------------------------------------------------------------


def rebuild_index(session: Session, *, procs: int | None = None) -> RebuildReport:
    """Write a new index generation from the database and switch to it atomically, then
    repair any law changed while the rebuild ran (its listener wrote to the old generation)
    and move the outbox cursor to where the comparison started.

    ``procs`` indexing processes (default ``INDEX_PROCS``, else up to two: the issue 3
    machine has two cores) each write one segment of the new generation."""
    if procs is None:
        procs = int(current_app.config.get("INDEX_PROCS", min(2, os.cpu_count() or 1)))
    report = get_index().rebuild(iter_law_documents(session), procs=max(1, procs))
    session.expire_all()
    index_sync.full_sync(session)
    return report


@dataclass
class IndexCheck:
    """Laws whose index documents differ from the database, by kind of difference."""

    missing: list[str] = field(default_factory=list)  # in the database, not in the index
    stale: list[str] = field(default_factory=list)  # in both, but different
    extra: list[str] = field(default_factory=list)  # in the index only
    laws: int = 0
    repaired: bool = False

    @property
    def in_sync(self) -> bool:
        return not (self.missing or self.stale or self.extra)


def check_index(session: Session, repair: bool = False) -> IndexCheck:
    """Compare the index with the database law by law; with ``repair``, fix what differs."""
    index = get_index()
    states = index.law_states()
    result = IndexCheck()
    to_fix: list[str] = []
    seen: set[str] = set()
    for documents in iter_law_documents(session):
        key = documents[0]["law_key"]
        result.laws += 1
        seen.add(key)
        state = states.get(key)
        if state is None or state.doc_count == 0:
            result.missing.append(key)
        elif (
            state.doc_count != len(documents)
            or state.expected_count != len(documents)
            or state.content_hash != documents[0]["content_hash"]
        ):
            result.stale.append(key)
        else:
            continue
        to_fix.append(key)
    result.extra = sorted(key for key in states if key not in seen)
    if repair and not result.in_sync:
        for start in range(0, len(to_fix), REPAIR_BATCH):
            reindex_laws(to_fix[start : start + REPAIR_BATCH])
        index.apply({key: None for key in result.extra})
        result.repaired = True
    return result


# -- searching -----------------------------------------------------------------------------


def search(request: SearchRequest) -> SearchResults:
    """Search the application's index (web pages, the CLI and the API call this)."""
    index_sync.maybe_catch_up()
    with SEARCH_SECONDS.time():
        return get_index().search(request)
