"""A throw-away lawreg instance for the benchmarks: its own SQLite database and index.

The benchmarks measure lawreg as it runs — laws stored through the service layer, the index
built by :func:`lawreg.services.search.rebuild_index` from the database, queries through
:func:`lawreg.services.search.search` — so they need a real application, not the index
alone.  Nothing here touches the user's instance folder.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from pathlib import Path

from flask import Flask

from lawreg import create_app
from lawreg.db import get_database
from lawreg.known_laws import find_by_title
from lawreg.migrate import upgrade
from lawreg.records import LawRecord, SectionRecord
from lawreg.services import Actor, unit_of_work
from lawreg.services.laws import upsert_law

from .corpus import SectionDoc

BENCH_ACTOR = Actor("bench", role="admin")
LAWS_PER_COMMIT = 40


def bench_app(workdir: Path, *, search_sync: bool = True) -> Flask:
    """An application on ``workdir`` with the schema in place.

    ``search_sync=False`` leaves the commit listener out, so loading a large corpus does not
    index it law by law and the index can be built (and timed) in one rebuild.
    """
    app = create_app(
        {
            "INSTANCE_PATH": str(workdir / "instance"),
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite'}",
            "INDEX_DIR": str(workdir / "instance" / "index"),
            "SEARCH_SYNC": search_sync,
        }
    )
    with app.app_context():
        upgrade(get_database().engine)
    return app


def import_codes(app: Flask, directory: Path) -> None:
    """Import the four codes with lawreg's own ``thai-codes`` importer."""
    import importers

    with app.app_context():
        report = importers.run("thai-codes", directory)
    if not getattr(report, "committed", True):
        raise SystemExit(f"thai-codes import was not committed: {report}")


def law_record(docs: Sequence[SectionDoc], rng: random.Random) -> LawRecord:
    """The canonical record of one corpus law; known codes keep their registry metadata,
    synthetic laws get a type and a year so the facets have something to count."""
    first = docs[0]
    known = find_by_title(first.law_title)
    sections = [SectionRecord(number=d.section, text=d.text, heading=d.heading) for d in docs]
    if known is not None:
        return LawRecord(
            key=first.law_key,
            title=known.title,
            title_en=known.title_en,
            law_type=known.law_type,
            year_be=known.year_be,
            abbreviations=list(known.abbreviations),
            sections=sections,
        )
    return LawRecord(
        key=first.law_key,
        title=first.law_title,
        law_type=rng.choice(("พระราชบัญญัติ", "พระราชกำหนด", "ประมวลกฎหมาย", "กฎกระทรวง")),
        year_be=rng.randint(2475, 2567),
        sections=sections,
    )


def store_laws(app: Flask, laws: Iterable[Sequence[SectionDoc]], *, seed: int = 13) -> int:
    """Write the corpus through :func:`upsert_law`, ``LAWS_PER_COMMIT`` laws a transaction
    (one unit of work per batch keeps the session small at 300k sections)."""
    rng = random.Random(seed)
    stored = 0
    batch: list[LawRecord] = []

    def flush() -> None:
        with app.app_context():
            uow = unit_of_work(BENCH_ACTOR)
            try:
                for record in batch:
                    upsert_law(uow, record)
                uow.commit()
            finally:
                uow.session.close()
        batch.clear()

    for docs in laws:
        unique: dict[str, SectionDoc] = {}
        for doc in docs:  # civil-proc lists 83 twice (the importer infers 83 อัฏฐ); keep the first
            unique.setdefault(doc.section, doc)
        batch.append(law_record(list(unique.values()), rng))
        stored += len(unique)
        if len(batch) >= LAWS_PER_COMMIT:
            flush()
    if batch:
        flush()
    return stored
