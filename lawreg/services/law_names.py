"""The registry's law names, for reading citations outside the search index.

The search index builds its name table from its own law documents
(:func:`search_index.understanding.law_name_table`); pages that read citations in the
database's texts ("cited by") build the same table from the laws table here, so a
citation of any law resolves to that law's key, whatever the key is.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from ..models import Law, Section
from ..thai.law_names import LawName, LawNameTable

_TABLES: dict[int, LawNameTable] = {}


def registry_name_table(session: Session) -> LawNameTable:
    """The name table of the laws in the database, rebuilt when their names change (the
    names are read each time — a few thousand short rows — the table only when they differ)."""
    has_text = exists().where(Section.law_id == Law.id)
    rows = session.execute(
        select(Law.key, Law.title, Law.year_be, Law.title_en, Law.abbreviations, has_text)
        .order_by(Law.key)
    ).all()
    laws = tuple(LawName(key, title, year, title_en or None, tuple(abbreviations or ()), bool(text))
                 for key, title, year, title_en, abbreviations, text in rows)
    stamp = hash(laws)
    table = _TABLES.get(stamp)
    if table is None:
        _TABLES.clear()
        table = _TABLES[stamp] = LawNameTable(laws)
    return table
