"""Which sections cite a section, from the citations written in their text.

Candidates are found in SQL (current texts that contain "มาตรา <number>" in Arabic or Thai
digits), then each is read with :func:`lawreg.thai.citations.find_citations` against the
registry's law names (:mod:`lawreg.services.law_names`): a citation that names this law counts, and so does one that names no law when it is in this law's own
text.  Relations recorded in the registry are shown beside this list by the pages.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..models import Law, Section, SectionVersion
from ..services.law_names import registry_name_table
from ..thai.citations import find_citations
from ..thai.digits import to_thai_digits
from ..thai.numbers import parse_section_number

LIMIT = 50


class Citing(NamedTuple):
    law_key: str
    law_title: str
    number: str
    citation: str


def cited_by(session: Session, law: Law, section: Section) -> list[Citing]:
    """Sections whose current text cites ``section`` of ``law`` (at most :data:`LIMIT`)."""
    base = str(parse_section_number(section.number).base)
    needles = {f"มาตรา {base}", f"มาตรา {to_thai_digits(base)}", f"มาตรา{base}"}
    rows = session.execute(
        select(Law.key, Law.title, Section.number, Section.label, SectionVersion.text)
        .join(Section, Section.law_id == Law.id)
        .join(SectionVersion, SectionVersion.section_id == Section.id)
        .where(SectionVersion.valid_to.is_(None), Section.id != section.id,
               or_(*(SectionVersion.text.contains(n, autoescape=True) for n in needles)))
        .order_by(Law.key != law.key, Law.key, Section.sort_key)  # this law first
        .limit(LIMIT * 4)
    ).all()
    found: list[Citing] = []
    names = registry_name_table(session) if rows else None
    for key, title, number, label, text in rows:
        for citation in find_citations(text, names=names):
            same_law = citation.law_key == law.key or (citation.law_key is None and key == law.key)
            if same_law and citation.section == section.number:
                found.append(Citing(key, title, number, f"{label} {number}"))
                break
        if len(found) == LIMIT:
            break
    return found
