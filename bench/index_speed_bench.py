"""Indexing and commit-time sync speed of lawreg's search index (issue 3 targets).

Run from the project root::

    .venv/bin/python -m bench.index_speed_bench                 # the four real codes (~3k)
    .venv/bin/python -m bench.index_speed_bench --size 30k      # codes + synthetic laws

The machine this runs on is usually shared, so every figure is given as CPU time next to
wall time; CPU time is the one to compare between runs.  CPU time counts this process and
the worker processes it waited for (``RUSAGE_CHILDREN``), so a rebuild in two processes
shows all of its work.  The benchmark builds a throw-away instance (:mod:`bench.instance`:
its own SQLite database and index folder), stores the corpus with the listener off, then
measures, in the same run:

* the Thai text layer alone: ``normalize_with_spans`` and ``word_spans`` over every
  section text (sections/s);
* ``rebuild_index`` — what ``lawreg index rebuild`` runs: read the laws, write a new
  generation with the bulk segment builder (:mod:`search_index.rebuild`, ``--procs``
  processes), swap it in, verify it law by law (sections/s; the check is also shown alone)
  and its peak memory (max RSS of the rebuilding process and of its largest worker), run
  in a fresh process; and the same rebuild in one process;
* the baseline: a plain Whoosh index of the same documents written by Whoosh's own writer
  with ``StandardAnalyzer`` (regex words, no Thai segmentation) in place of the Thai
  analyzer; with ``--whoosh-writer`` also Whoosh's writer with lawreg's own schema (the
  rebuild path before the bulk builder);
* the commit listener: a commit that touches a law without changing it, one that edits one
  section of the largest law, and one that adds a small 3-section law;
* query latency p50/p95 over the relevance dev-set queries, 10 hits a page with facets and
  highlighted snippets, after a warm-up pass;
* the first query of a fresh process (segmentation dictionary and index opened from cold).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from search_index.evaluation import load_queries

from .corpus import RELEVANCE_DIR, codes_dir, corpus_of_size, parse_size
from .instance import BENCH_ACTOR, bench_app, import_codes, store_laws


@dataclass
class Timing:
    cpu: float = 0.0
    wall: float = 0.0


def _cpu() -> float:
    """CPU seconds of this process and of its finished child processes."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


@contextmanager
def timed() -> Iterator[Timing]:
    timing = Timing()
    cpu, wall = _cpu(), time.perf_counter()
    try:
        yield timing
    finally:
        timing.cpu = _cpu() - cpu
        timing.wall = time.perf_counter() - wall


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, -(-int(fraction * 1000) * len(ordered) // 1000))
    return ordered[min(rank, len(ordered)) - 1]


def rate_line(label: str, count: int, timing: Timing) -> str:
    cpu_rate = count / timing.cpu if timing.cpu else float("inf")
    wall_rate = count / timing.wall if timing.wall else float("inf")
    return (
        f"{label:<38} {count:>7} sections  CPU {timing.cpu:7.2f} s = {cpu_rate:7.0f}/s   "
        f"wall {timing.wall:7.2f} s = {wall_rate:7.0f}/s"
    )


def latency_line(label: str, timing: Timing) -> str:
    return f"{label:<38} CPU {timing.cpu * 1000:8.1f} ms   wall {timing.wall * 1000:8.1f} ms"


def measure_text_layer(texts: Sequence[str]) -> None:
    from lawreg.thai.normalize import normalize_with_spans
    from lawreg.thai.segment import word_spans

    with timed() as timing:
        for text in texts:
            normalize_with_spans(text)
    print(rate_line("normalize_with_spans", len(texts), timing))
    with timed() as timing:
        for text in texts:
            word_spans(text)
    print(rate_line("word_spans (normalise + segment)", len(texts), timing))


def whoosh_writer_index(
    documents: Sequence[dict[str, Any]], directory: Path, *, standard_analyzer: bool
) -> Timing:
    """The same documents written by Whoosh's own writer: with lawreg's schema, or with
    every Thai TEXT field analysed by StandardAnalyzer (the plain-Whoosh baseline)."""
    from whoosh import index as whoosh_index
    from whoosh.analysis import StandardAnalyzer
    from whoosh.fields import TEXT

    from search_index.index import clean_document
    from search_index.schema import build_schema

    schema = build_schema()
    if standard_analyzer:
        for name in ("law_title", "abbreviations_text", "heading", "chapter", "text"):
            old = schema[name]
            schema.remove(name)
            schema.add(name, TEXT(analyzer=StandardAnalyzer(), stored=old.stored,
                                  phrase=old.format.__class__.__name__ == "Positions"))
    directory.mkdir(parents=True)
    with timed() as timing:
        index = whoosh_index.create_in(str(directory), schema)
        writer = index.writer(limitmb=256)
        for document in documents:
            writer.add_document(**clean_document(document))
        writer.commit()
    return timing


REBUILD = """
import json, resource, sys, time
from pathlib import Path
from bench.index_speed_bench import timed
from bench.instance import bench_app
from lawreg.db import get_database
from lawreg.services.search import check_index, rebuild_index
from lawreg.thai.segment import nlpo3_dictionary
app = bench_app(Path(sys.argv[1]), search_sync=False)
nlpo3_dictionary()
with app.app_context(), get_database().session() as session, timed() as rebuild:
    report = rebuild_index(session, procs=int(sys.argv[2]))
with app.app_context(), get_database().session() as session, timed() as check:
    assert check_index(session, repair=True).in_sync
print(json.dumps({"documents": report.documents, "rebuild": [rebuild.cpu, rebuild.wall],
                  "check": [check.cpu, check.wall],
                  "rss": [resource.getrusage(who).ru_maxrss / 1024
                          for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]}))
"""


def measure_rebuild(workdir: Path, sections: int, procs: int) -> None:
    """``rebuild_index`` in ``procs`` processes, run in a fresh process (so the workers it
    forks carry nothing of this one and their peak memory is their own), then the check it
    ends with, run again on its own."""
    output = subprocess.run(
        [sys.executable, "-c", REBUILD, str(workdir), str(procs)],
        check=True, capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent,
    ).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    label = f"rebuild_index, {procs} proc ({figures['documents']} docs)"
    print(rate_line(label, sections, Timing(*figures["rebuild"])))
    print(rate_line("  of which: the closing check", sections, Timing(*figures["check"])))
    own, worker = figures["rss"]
    print(f"{'  peak RSS (max resident set)':<38} rebuild process {own:6.0f} MB   "
          f"largest worker {worker:6.0f} MB")


def measure_listener(workdir: Path) -> None:
    """Commits through a UnitOfWork with the search listener on (same database and index)."""
    from sqlalchemy import func, select

    from lawreg.models import Law, Section
    from lawreg.records import LawRecord, SectionRecord
    from lawreg.services import unit_of_work
    from lawreg.services.laws import law_to_record, load_law, upsert_law

    app = bench_app(workdir, search_sync=True)
    with app.app_context():
        uow = unit_of_work(BENCH_ACTOR)
        largest = uow.session.scalar(
            select(Section.law_id).group_by(Section.law_id).order_by(func.count().desc()).limit(1)
        )
        law_key = uow.session.get(Law, largest).key
        record = law_to_record(load_law(uow, law_key))
        uow.session.close()

        def commit(change: Callable[[Any], None]) -> Timing:
            uow = unit_of_work(BENCH_ACTOR)
            try:
                change(uow)
                with timed() as timing:
                    uow.commit()
            finally:
                uow.session.close()
            return timing

        print(latency_line(f"commit, {law_key} unchanged", commit(lambda u: u.law_changed(law_key))))
        sections = list(record.sections)
        first = sections[0]
        text = first.text + " (แก้ไขเพื่อทดสอบ)"
        versions = list(first.versions or [])
        if versions:
            versions[-1] = replace(versions[-1], text=text)
        sections[0] = replace(first, text=text, versions=versions or None)
        edited = replace(record, sections=sections)
        timing = commit(lambda u: upsert_law(u, edited))
        print(latency_line(f"commit, 1 section of {law_key} edited", timing))
        small = LawRecord(
            key="bench-small-law",
            title="พระราชบัญญัติทดสอบความเร็ว พ.ศ. 2567",
            law_type="พระราชบัญญัติ",
            year_be=2567,
            sections=[
                SectionRecord(str(n), f"มาตรา {n} ผู้ใดกระทำความผิดตามพระราชบัญญัตินี้ ต้องระวางโทษปรับ", "")
                for n in (1, 2, 3)
            ],
        )
        print(latency_line("commit, new 3-section law", commit(lambda u: upsert_law(u, small))))


def measure_queries(app: Any, repeat: int) -> None:
    from lawreg.search import SearchRequest
    from lawreg.services.search import search

    queries = [q.text for q in load_queries(RELEVANCE_DIR / "queries.jsonl")]
    with app.app_context():
        for text in queries:
            search(SearchRequest(text=text, per_page=10))
        wall: list[float] = []
        cpu: list[float] = []
        for _ in range(repeat):
            for text in queries:
                with timed() as timing:
                    search(SearchRequest(text=text, per_page=10))
                wall.append(timing.wall * 1000)
                cpu.append(timing.cpu * 1000)
    print(
        f"{'queries (10 hits, facets, snippets)':<38} {len(wall):>7} queries  "
        f"CPU p50 {statistics.median(cpu):6.1f} p95 {percentile(cpu, 0.95):6.1f} ms   "
        f"wall p50 {statistics.median(wall):6.1f} p95 {percentile(wall, 0.95):6.1f} ms"
    )


FIRST_QUERY = """
import json, time, sys
started_cpu, started = time.process_time(), time.perf_counter()
from pathlib import Path
from bench.instance import bench_app
from lawreg.services.search import search
from lawreg.search import SearchRequest
app = bench_app(Path(sys.argv[1]), search_sync=False)
imported_cpu, imported = time.process_time(), time.perf_counter()
with app.app_context():
    search(SearchRequest(text="ลักทรัพย์ในเวลากลางคืน", per_page=10))
    first_cpu, first = time.process_time(), time.perf_counter()
    search(SearchRequest(text="ค่าสินไหมทดแทน", per_page=10))
print(json.dumps({"start": [imported_cpu - started_cpu, imported - started],
                  "first": [first_cpu - imported_cpu, first - imported],
                  "second": [time.process_time() - first_cpu, time.perf_counter() - first]}))
"""


def measure_first_query(workdir: Path) -> None:
    output = subprocess.run(
        [sys.executable, "-c", FIRST_QUERY, str(workdir)],
        check=True, capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent,
    ).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    for label, key in (("fresh process: imports + app", "start"),
                       ("fresh process: first query", "first"),
                       ("fresh process: second query", "second")):
        cpu, wall = figures[key]
        print(latency_line(label, Timing(cpu, wall)))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="", help="sections (e.g. 30k); default: the real codes")
    parser.add_argument("--repeat", type=int, default=3, help="measured query passes")
    parser.add_argument("--procs", type=int, default=2, help="rebuild processes (default 2)")
    parser.add_argument("--whoosh-writer", action="store_true",
                        help="also time Whoosh's writer with lawreg's schema (slow)")
    parser.add_argument("--index-only", action="store_true",
                        help="skip the listener and query measurements")
    parser.add_argument("--rebuild-only", action="store_true",
                        help="only rebuild_index in --procs processes (e.g. at 300k)")
    args = parser.parse_args(argv)

    from lawreg.db import get_database
    from lawreg.services.search_documents import iter_law_documents
    from lawreg.thai.segment import nlpo3_dictionary
    from search_index.schema import KIND_SECTION

    workdir = Path(tempfile.mkdtemp(prefix="lawreg-index-bench-"))
    try:
        app = bench_app(workdir, search_sync=False)
        with timed() as timing:
            if args.size:
                store_laws(app, corpus_of_size(parse_size(args.size)))
            else:
                import_codes(app, codes_dir())
        print(latency_line("store the corpus (not a target)", timing))
        nlpo3_dictionary()  # loaded once, before any timing
        if args.rebuild_only:
            with app.app_context(), get_database().session() as session:
                sections = sum(
                    1 for law in iter_law_documents(session) for doc in law
                    if doc["kind"] == KIND_SECTION
                )
            measure_rebuild(workdir, sections, args.procs)
            return 0
        with app.app_context(), get_database().session() as session:
            documents = [doc for law in iter_law_documents(session) for doc in law]
        sections = sum(1 for doc in documents if doc["kind"] == KIND_SECTION)
        measure_text_layer([doc["text"] for doc in documents if doc.get("text")])
        measure_rebuild(workdir, sections, args.procs)
        if args.procs != 1:
            measure_rebuild(workdir, sections, 1)
        print(rate_line("plain Whoosh writer, StandardAnalyzer", sections,
                        whoosh_writer_index(documents, workdir / "plain", standard_analyzer=True)))
        if args.whoosh_writer:
            timing = whoosh_writer_index(documents, workdir / "writer", standard_analyzer=False)
            print(rate_line("Whoosh writer, lawreg schema", sections, timing))
        if not args.index_only:
            measure_listener(workdir)
            measure_queries(app, args.repeat)
            measure_first_query(workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
