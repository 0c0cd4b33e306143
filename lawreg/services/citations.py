"""The "cited by" table (:class:`~lawreg.models.SectionCitation`), kept current at commit.

Each flush notes the sections whose texts changed; :meth:`UnitOfWork.commit` then reads the
citations of those texts again (:func:`refresh`).  A citation names its law by the registry's
names (:func:`lawreg.services.law_names.registry_name_table`), so when a law is added or
renamed, citations written earlier may now mean it: then every text is read again, once per
commit (about a minute for the whole statute book, inside an import that takes several).
A citation that names no law cites the citing text's own law.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import Any, NamedTuple

from sqlalchemy import delete, event, func, insert, inspect, select
from sqlalchemy.orm import Session

from ..models import Law, Section, SectionCitation, SectionVersion
from ..thai.citations import find_citations
from .law_names import registry_name_table

PENDING = "lawreg.citing_sections"
NAMES_CHANGED = "lawreg.law_names_changed"
_NAME_FIELDS = ("key", "title", "title_en", "year_be", "abbreviations")
_BATCH = 500
LIMIT = 50


class Citing(NamedTuple):
    law_key: str
    law_title: str
    number: str
    citation: str


@event.listens_for(Session, "after_flush")
def _note_changes(session: Session, _context: Any) -> None:
    """Remember what a flush changed; the flush's own lists are gone by commit time."""
    pending: set[int] = session.info.setdefault(PENDING, set())
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, SectionVersion):
            pending.add(obj.section_id)
        elif isinstance(obj, Law) and (obj in session.new or _renamed(obj)):
            session.info[NAMES_CHANGED] = True


def _renamed(law: Law) -> bool:
    state = inspect(law)
    return any(state.attrs[name].history.has_changes() for name in _NAME_FIELDS)


def refresh(session: Session) -> set[str]:
    """Store the citations of the texts changed in this transaction; the keys of the laws
    whose sections are now cited more or less often (their index documents carry the count)."""
    session.flush()
    pending = session.info.pop(PENDING, set())
    if session.info.pop(NAMES_CHANGED, False):
        return rebuild(session)[1]
    if not pending:
        return set()
    cited = _cited_law_ids(session, pending)
    before = citation_counts(session, cited)
    _store(session, pending)
    cited |= _cited_law_ids(session, pending)
    return _recounted_keys(session, before, citation_counts(session, cited))


def forget(session: Session) -> None:
    """A rolled-back transaction changed nothing."""
    session.info.pop(PENDING, None)
    session.info.pop(NAMES_CHANGED, None)


def rebuild(session: Session) -> tuple[int, set[str]]:
    """Read the citations of every current text again (``lawreg index citations``): the
    number stored and the keys of the laws whose sections are now cited more or less often."""
    before = citation_counts(session)
    session.execute(delete(SectionCitation))
    stored = _store(session, None)
    return stored, _recounted_keys(session, before, citation_counts(session))


def _store(session: Session, section_ids: set[int] | None) -> int:
    names = registry_name_table(session)
    law_ids = dict(session.execute(select(Law.key, Law.id)).all())
    found: set[tuple[int, int, str]] = set()
    for section_id, law_id, text in _current_texts(session, section_ids):
        for citation in find_citations(text, names=names):
            cited = law_ids.get(citation.law_key) if citation.law_key else law_id
            if citation.section and cited is not None:
                found.add((section_id, cited, citation.section))
    rows = [{"citing_section_id": s, "cited_law_id": law, "cited_section": number}
            for s, law, number in sorted(found)]
    for batch in _batches(rows):
        session.execute(insert(SectionCitation), batch)
    return len(rows)


def _current_texts(
    session: Session, section_ids: set[int] | None
) -> Iterator[tuple[int, int, str]]:
    """(section id, law id, text) of each open-ended version, read before anything is written."""
    query = (
        select(Section.id, Section.law_id, SectionVersion.text)
        .join(SectionVersion, SectionVersion.section_id == Section.id)
        .where(SectionVersion.valid_to.is_(None))
    )
    if section_ids is None:
        return iter(session.execute(query).all())
    texts: list[tuple[int, int, str]] = []
    for batch in _batches(sorted(section_ids)):
        session.execute(delete(SectionCitation).where(SectionCitation.citing_section_id.in_(batch)))
        texts.extend(session.execute(query.where(Section.id.in_(batch))))
    return iter(texts)


def _batches(items: Iterable[Any]) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, _BATCH)):
        yield batch


def citation_counts(
    session: Session, law_ids: Iterable[int] | None = None
) -> dict[tuple[int, str], int]:
    """How many sections cite each section of ``law_ids`` (all laws: ``None``), by (law id,
    section number): the index keeps the count as a ranking prior (:mod:`search_index.priors`)."""
    query = (select(SectionCitation.cited_law_id, SectionCitation.cited_section,
                    func.count(SectionCitation.citing_section_id.distinct()))
             .join(Section, Section.id == SectionCitation.citing_section_id)
             .where((Section.law_id != SectionCitation.cited_law_id)  # a text naming its
                    | (Section.number != SectionCitation.cited_section))  # own number
             .group_by(SectionCitation.cited_law_id, SectionCitation.cited_section))
    if law_ids is None:
        return {(law_id, number): count for law_id, number, count in session.execute(query)}
    counts: dict[tuple[int, str], int] = {}
    for batch in _batches(sorted(set(law_ids))):
        for law_id, number, count in session.execute(query.where(SectionCitation.cited_law_id.in_(batch))):
            counts[(law_id, number)] = count
    return counts


def _cited_law_ids(session: Session, section_ids: set[int]) -> set[int]:
    """The laws the given sections' stored citations point to."""
    found: set[int] = set()
    for batch in _batches(sorted(section_ids)):
        found.update(session.scalars(select(SectionCitation.cited_law_id).distinct()
                                     .where(SectionCitation.citing_section_id.in_(batch))))
    return found


def _recounted_keys(
    session: Session, before: dict[tuple[int, str], int], after: dict[tuple[int, str], int]
) -> set[str]:
    """The keys of the laws with a section cited a different number of times in ``after``."""
    law_ids = {key[0] for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    return set(session.scalars(select(Law.key).where(Law.id.in_(law_ids)))) if law_ids else set()


def cited_by(session: Session, law: Law, section: Section) -> list[Citing]:
    """Sections whose current text cites ``section`` of ``law``: this law's first, at most
    :data:`LIMIT`."""
    rows = session.execute(
        select(Law.key, Law.title, Section.number, Section.label)
        .select_from(SectionCitation)
        .join(Section, Section.id == SectionCitation.citing_section_id)
        .join(Law, Law.id == Section.law_id)
        .where(SectionCitation.cited_law_id == law.id,
               SectionCitation.cited_section == section.number,
               Section.id != section.id)
        .order_by(Law.key != law.key, Law.key, Section.sort_key)
        .limit(LIMIT)
    )
    return [Citing(key, title, number, f"{label} {number}") for key, title, number, label in rows]
