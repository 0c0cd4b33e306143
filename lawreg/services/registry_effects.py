"""What a case published in the Government Gazette does to the registry.

Run inside the unit of work of the ``publish`` transition, so the case's new stage and the
registry's new state commit together or not at all.  The work is done by the ordinary law
services (:func:`~lawreg.services.laws.upsert_law`, :func:`~lawreg.services.laws.apply_relations`),
so it is audited and reaches the search index exactly like an import:

* repeal / consolidate — the law, or the listed sections, become repealed from the
  commencement date; the instrument gets a dated ``repeals`` relation to each (a repealed
  section's current text ends that day, so reading the law "as at" a later date omits it);
* amend — each listed section's current text ends at the commencement date and the new text
  starts then, ``amended_by`` the instrument, with a dated ``amends`` relation;
* keep — nothing changes.

The instrument is a law of the registry; a key the registry does not hold yet is created as
a minimal law record from the title, gazette reference and dates the committee gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..errors import InvalidRecord
from ..models import LawStatus, ProposedAction, ReviewCase, SectionStatus
from ..records import LawRecord, RelationRecord, SectionRecord, VersionRecord
from ..thai.years import ce_to_be
from .laws import apply_relations, law_to_record, load_law, upsert_law
from .unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Publication:
    """The Gazette facts of the instrument that carries a case out."""

    gazette_ref: str
    published_on: date
    commenced_on: date
    instrument_key: str
    instrument_title: str | None = None
    instrument_type: str | None = None
    new_texts: dict[str, str] | None = None  # canonical section number -> amended text


def ensure_instrument(uow: UnitOfWork, publication: Publication) -> None:
    """Make sure the instrument is in the registry, creating a minimal record if needed."""
    if load_law(uow, publication.instrument_key) is not None:
        return
    if not publication.instrument_title or not publication.instrument_title.strip():
        raise InvalidRecord("instrument_title", "instrument.unknown", instrument=publication.instrument_key)
    upsert_law(
        uow,
        LawRecord(
            key=publication.instrument_key,
            title=publication.instrument_title.strip(),
            law_type=publication.instrument_type,
            year_be=ce_to_be(publication.published_on.year),
            published_on=publication.published_on,
            commenced_on=publication.commenced_on,
            gazette_ref=publication.gazette_ref,
            status=LawStatus.IN_FORCE,
        ),
    )


def apply_publication(uow: UnitOfWork, case: ReviewCase, publication: Publication) -> None:
    """Carry out ``case`` in the registry as of ``publication.commenced_on`` (see module doc)."""
    if case.action == ProposedAction.KEEP:
        return
    ensure_instrument(uow, publication)
    if publication.instrument_key == case.law.key:
        raise InvalidRecord("instrument_key", "instrument.self_reference")
    law = load_law(uow, case.law.key)
    assert law is not None  # the case holds a foreign key to it
    numbers = [link.section.number for link in case.sections]
    current = law_to_record(law)
    by_number = {s.number: s for s in current.sections or []}
    changed: list[SectionRecord] = []
    kind = "amends" if case.action == ProposedAction.AMEND else "repeals"
    for number in numbers:
        section = by_number[number]
        versions = _close_current(section, publication.commenced_on, number)
        if case.action == ProposedAction.AMEND:
            text = (publication.new_texts or {}).get(number)
            if not text:
                raise InvalidRecord(f"new_texts[{number}]", "amendment.text_required", section=number)
            versions.append(
                VersionRecord(
                    text=text,
                    valid_from=publication.commenced_on,
                    amended_by=publication.instrument_key,
                    note=publication.gazette_ref,
                )
            )
        else:
            section.status = SectionStatus.REPEALED
        section.versions = versions
        section.text = versions[-1].text
        changed.append(section)

    status = None
    if case.action != ProposedAction.AMEND:
        if not numbers:
            status = LawStatus.REPEALED
        else:
            repealed = {s.number for s in current.sections or [] if s.status == SectionStatus.REPEALED}
            all_gone = repealed >= set(by_number)
            status = LawStatus.REPEALED if all_gone else LawStatus.PARTLY_REPEALED
    upsert_law(uow, LawRecord(key=law.key, title=law.title, status=status, sections=changed or None))

    relations = [
        RelationRecord(
            kind=kind,
            target=law.key,
            target_section=number,
            effective_on=publication.commenced_on,
            note=publication.gazette_ref,
        )
        for number in numbers
    ] or [
        RelationRecord(
            kind=kind, target=law.key, effective_on=publication.commenced_on, note=publication.gazette_ref
        )
    ]
    instrument = load_law(uow, publication.instrument_key)
    assert instrument is not None
    apply_relations(uow, LawRecord(key=instrument.key, title=instrument.title, relations=relations))


def _close_current(section: SectionRecord, ends: date, number: str) -> list[VersionRecord]:
    """The section's versions with the one in force ending at ``ends`` (exclusive)."""
    versions = list(section.versions or [VersionRecord(text=section.text)])
    current = next((v for v in reversed(versions) if v.valid_to is None), None)
    if current is None:
        raise InvalidRecord(f"sections[{number}]", "section.no_text_in_force", section=number)
    if current.valid_from is not None and current.valid_from >= ends:
        raise InvalidRecord("commenced_on", "section.text_starts_later", section=number,
                            starts=current.valid_from.isoformat(), ends=ends.isoformat())
    current.valid_to = ends
    return versions
