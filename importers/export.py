"""Export the registry as canonical JSONL, one law per line, ordered by key.

The output is what :mod:`importers.jsonl` reads, so import → export → import is lossless,
and it is deterministic (laws by key, sections in code order, relations sorted), so two
exports of the same registry are byte-identical and can be diffed.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from lawreg.errors import LawregError
from lawreg.models import Law, LawRelation, Section, SectionVersion
from lawreg.records import LawRecord, law_to_json
from lawreg.services.laws import law_to_record
from lawreg.thai.numbers import section_sort_key


def export_jsonl(session: Session, path_or_stream: Path | str | IO[str]) -> int:
    """Write every law to ``path_or_stream`` ("-" is standard output); return the count."""
    count = 0
    with _output(path_or_stream) as out:
        for law in iter_laws(session):
            out.write(json.dumps(law_to_json(canonical_record(law)), ensure_ascii=False))
            out.write("\n")
            count += 1
    return count


def iter_laws(session: Session) -> Iterator[Law]:
    statement = (
        select(Law)
        .order_by(Law.key)
        .options(
            selectinload(Law.sections).selectinload(Section.versions).selectinload(SectionVersion.amended_by),
            selectinload(Law.outgoing).selectinload(LawRelation.object_law),
            selectinload(Law.outgoing).selectinload(LawRelation.subject_section),
            selectinload(Law.outgoing).selectinload(LawRelation.object_section),
        )
    )
    yield from session.scalars(statement)


def canonical_record(law: Law) -> LawRecord:
    """:func:`law_to_record` with relations in a stable order (the database gives none)."""
    record = law_to_record(law)
    record.relations.sort(
        key=lambda r: (
            r.kind,
            r.target,
            section_sort_key(r.section) if r.section else "",
            section_sort_key(r.target_section) if r.target_section else "",
            r.effective_on.isoformat() if r.effective_on else "",
            r.note or "",
        )
    )
    return record


@contextmanager
def _output(target: Path | str | IO[str]) -> Iterator[IO[str]]:
    if hasattr(target, "write"):
        yield target  # type: ignore[misc]
        return
    if str(target) == "-":
        yield sys.stdout
        return
    path = Path(target)
    partial = path.with_name(path.name + ".partial")
    try:
        handle = partial.open("w", encoding="utf-8", newline="\n")
    except OSError as error:
        raise LawregError(f"{path}: cannot be written: {error.strerror}") from None
    try:
        with handle:
            yield handle
        # Readers never see half an export: the file appears whole or not at all.
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
