"""The whole statute book as a bench corpus: a lawreg instance kept between runs.

Importing the catalogue, the four codes and the 671 laws of ``krisdika-texts`` and indexing
~40k sections takes minutes, so the relevance and speed benches take the instance folder
(``--instance DIR``) and build it only when it is not there yet::

    .venv/bin/python -m bench.statute /tmp/lawreg-statute      # build (or reuse) it

The baselines index exactly the section documents lawreg indexes: :func:`instance_docs`
reads them with :func:`lawreg.services.search_documents.iter_law_documents`, the function the index
rebuild uses, so every system ranks the same sections under the same docids.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lawreg.db import get_database
from lawreg.models import Law
from lawreg.services.search import rebuild_index
from lawreg.services.search_documents import iter_law_documents
from search_index.schema import KIND_SECTION

from .corpus import SectionDoc, codes_dir, shared_data_dir
from .instance import bench_app

STATUTE_RELEVANCE_DIR = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "relevance_statute"


def statute_app(workdir: Path) -> Flask:
    """The statute-book instance in ``workdir``, imported and indexed on first use."""
    fresh = not (workdir / "bench.sqlite").exists()
    workdir.mkdir(parents=True, exist_ok=True)
    app = bench_app(workdir, search_sync=False)
    with app.app_context(), Session(get_database().engine) as session:
        laws = session.scalar(select(func.count()).select_from(Law)) or 0
    if fresh or laws == 0:
        build(app)
    return app


def build(app: Flask) -> None:
    """Catalogue, then the four codes, then ``krisdika-text``; then one index rebuild."""
    import importers

    data = shared_data_dir()
    steps = (
        ("krisdika-catalog", data / "krisdika" / "law_catalog.csv"),
        ("thai-codes", codes_dir()),
        ("krisdika-text", data / "krisdika-texts"),
    )
    for name, path in steps:
        started = time.perf_counter()
        print(f"importing {name} from {path} ...", file=sys.stderr, flush=True)
        with app.app_context():
            report = importers.run(name, path)
        if not getattr(report, "committed", True):
            raise SystemExit(f"{name} import was not committed: {report}")
        print(f"  {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    started = time.perf_counter()
    with app.app_context(), Session(get_database().engine) as session:
        report = rebuild_index(session)
    print(f"indexed {report.documents} documents in {time.perf_counter() - started:.0f} s",
          file=sys.stderr, flush=True)


def instance_docs(app: Flask) -> list[SectionDoc]:
    """Every section document of the instance, as the index has it (current text)."""
    docs: list[SectionDoc] = []
    with app.app_context(), Session(get_database().engine) as session:
        for documents in iter_law_documents(session):
            for document in documents:
                if document["kind"] != KIND_SECTION:
                    continue
                docs.append(SectionDoc(
                    law_key=document["law_key"], law_title=document["law_title"],
                    section=document["section"], heading=document.get("heading") or "",
                    text=document.get("text") or "",
                ))
    return docs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("instance", type=Path, help="folder of the statute-book instance")
    args = parser.parse_args(argv)
    app = statute_app(args.instance)
    docs = instance_docs(app)
    print(f"{len(docs)} sections in {len({doc.law_key for doc in docs})} laws at {args.instance}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
