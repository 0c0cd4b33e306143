"""Citation resolution over the statute book: Recall@1 by form, dev and held-out apart.

Loads the catalogue (846 laws) and the texts of ``krisdika-texts/`` (671 laws) into a
throw-away instance — through ``lawreg import krisdika-text`` when lawreg has it
(``--source importer``), else through the heading parser of :mod:`bench.statute_corpus`
(``--source raw``) — and runs ``tests/fixtures/citations_statute/`` through three systems
in the same run:

* ``lawreg`` — the search page's search: citations resolved by the index's law names;
* ``known-keys`` — the same search with citations resolved the old way, by the laws of
  ``known_laws.json`` (what lawreg did before the name table);
* ``bm25`` — plain BM25 over the sections (:class:`bench.baselines.PlainBM25`).

``--rekey`` stores every law under an unrelated key ("law-0412") with no stored
abbreviations or English title, as a canonical JSONL import from elsewhere would: the keys
of the qrels are mapped, so a system that depends on keys shows it.

    python -m bench.citation_bench [--rekey] [--misses] [--workdir /tmp/citations/bench]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from flask import Flask

from lawreg.db import get_database
from lawreg.records import LawRecord
from lawreg.search import SearchRequest
from lawreg.services import unit_of_work
from lawreg.services.laws import upsert_law
from lawreg.services.search import get_index, rebuild_index, search
from lawreg.services.search_documents import iter_law_documents
from search_index.evaluation import load_qrels
from search_index.query import build_query, run
from search_index.schema import KIND_SECTION
from search_index.understanding import plan_query

from .baselines import PlainBM25
from .corpus import PROJECT_ROOT, SectionDoc, shared_data_dir
from .instance import BENCH_ACTOR, LAWS_PER_COMMIT, bench_app
from .statute_corpus import rekeyed, statute_records

QUERY_DIR = PROJECT_ROOT / "tests" / "fixtures" / "citations_statute"
K = 10
Ranker = Callable[[str], list[str]]


def store(app: Flask, records: Sequence[LawRecord]) -> None:
    """Write the records through the service layer, then build the index in one go."""
    for start in range(0, len(records), LAWS_PER_COMMIT):
        with app.app_context():
            uow = unit_of_work(BENCH_ACTOR)
            try:
                for record in records[start : start + LAWS_PER_COMMIT]:
                    upsert_law(uow, record)
                uow.commit()
            finally:
                uow.session.close()
    with app.app_context(), get_database().session() as session:
        rebuild_index(session)


def import_statute_book(app: Flask, shared: Path) -> None:
    """The catalogue and the texts through lawreg's own importers."""
    import importers

    with app.app_context():
        for name, path in (("krisdika-catalog", shared / "krisdika" / "law_catalog.csv"),
                           ("krisdika-text", shared / "krisdika-texts")):
            report = importers.run(name, path)
            print(f"imported {name}: {report.created} created, {report.updated} updated, "
                  f"{report.unchanged} unchanged, {report.rejected} rejected", file=sys.stderr)
        with get_database().session() as session:
            rebuild_index(session)


def hit_ids(results: object) -> list[str]:
    return [f"{h.law_key}#{h.section}" if h.section else h.law_key for h in results.hits]  # type: ignore[attr-defined]


def lawreg_ranker(app: Flask) -> Ranker:
    def rank(text: str) -> list[str]:
        with app.app_context():
            return hit_ids(search(SearchRequest(text=text, per_page=K, facets=False, snippets=False)))
    return rank


def known_keys_ranker(app: Flask) -> Ranker:
    """The search with the citations of :func:`plan_query` without the index's names."""
    def rank(text: str) -> list[str]:
        request = SearchRequest(text=text, per_page=K, facets=False, snippets=False)
        with app.app_context(), get_index().searcher() as searcher:
            built = build_query(searcher, plan_query(text))
            if built.query is None:
                return []
            hits, _, _ = run(searcher, built, None, request)
        return [f"{h.law_key}#{h.section}" if h.section else h.law_key for h in hits]
    return rank


def indexed_sections(app: Flask) -> list[SectionDoc]:
    """The section documents lawreg indexes, from the database (the baseline's corpus)."""
    with app.app_context(), get_database().session() as session:
        return [SectionDoc(d["law_key"], d["law_title"], d["section"], d.get("heading") or "", d["text"])
                for documents in iter_law_documents(session) for d in documents
                if d["kind"] == KIND_SECTION]


def bm25_ranker(docs: Sequence[SectionDoc]) -> Ranker:
    index = PlainBM25(docs)
    return lambda text: index.search(text, K)


def load(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def report(name: str, queries: Sequence[dict[str, str]], qrels: dict[str, dict[str, int]],
           rankings: dict[str, list[str]]) -> dict[str, dict[str, tuple[float, int]]]:
    """Recall@1 by split and form (and "all"), with the number of queries."""
    table: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for query in queries:
        relevant = qrels[query["qid"]]
        ranking = rankings[query["qid"]]
        first = int(bool(ranking) and ranking[0] in relevant)
        base_form = query["kind"].removeprefix("slash_").removeprefix("suffix_")
        forms = {query["kind"], base_form, "all"}
        if query["kind"] != base_form:
            forms.add(query["kind"].split("_")[0] + "_all")
        for split in (query["split"], "both"):
            for form in forms:
                table[split][form].append(first)
    return {split: {form: (sum(v) / len(v), len(v)) for form, v in forms.items()}
            for split, forms in table.items()}


def print_reports(reports: dict[str, dict[str, dict[str, tuple[float, int]]]]) -> None:
    systems = list(reports)
    for split in ("dev", "heldout", "both"):
        print(f"\nRecall@1 — {split}")
        forms = sorted({form for r in reports.values() for form in r.get(split, {})},
                       key=lambda f: (f == "all", f))
        print(f"{'form':<22}{'n':>4}" + "".join(f"{s:>12}" for s in systems))
        for form in forms:
            n = next(r[split][form][1] for r in reports.values() if form in r.get(split, {}))
            cells = "".join(f"{reports[s][split].get(form, (0.0, 0))[0]:>12.3f}" for s in systems)
            print(f"{form:<22}{n:>4}{cells}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", choices=("auto", "raw", "importer"), default="auto")
    parser.add_argument("--rekey", action="store_true", help="store the laws under unrelated keys")
    parser.add_argument("--systems", default="lawreg,known-keys,bm25")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--misses", action="store_true", help="list lawreg's misses")
    args = parser.parse_args(argv)
    shared = shared_data_dir()
    import importers

    source = args.source
    if source == "auto":
        source = "importer" if "krisdika-text" in importers.FORMATS and not args.rekey else "raw"
    if source == "importer" and args.rekey:
        parser.error("--rekey needs --source raw")
    queries = load(QUERY_DIR / "queries.jsonl")
    qrels = load_qrels(QUERY_DIR / "qrels.txt")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="lawreg-citations-"))
    workdir.mkdir(parents=True, exist_ok=True)
    app = bench_app(workdir, search_sync=False)
    started = time.perf_counter()
    records = statute_records(shared) if source == "raw" else []
    if args.rekey:
        records, mapping = rekeyed(records)
        qrels = {qid: {f"{mapping[d.split('#')[0]]}#{d.split('#', 1)[1]}": g for d, g in judged.items()}
                 for qid, judged in qrels.items()}
    if source == "importer":
        import_statute_book(app, shared)
    else:
        store(app, records)
    sections = indexed_sections(app)
    print(f"corpus ({source}{', rekeyed' if args.rekey else ''}): {len(sections)} sections of "
          f"{len({doc.law_key for doc in sections})} laws, loaded in "
          f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
    factories: dict[str, Callable[[], Ranker]] = {
        "lawreg": lambda: lawreg_ranker(app),
        "known-keys": lambda: known_keys_ranker(app),
        "bm25": lambda: bm25_ranker(sections),
    }
    reports = {}
    for name in [s.strip() for s in args.systems.split(",") if s.strip()]:
        rank = factories[name]()
        rankings: dict[str, list[str]] = {}
        times: list[float] = []
        for query in queries:
            begin = time.perf_counter()
            rankings[query["qid"]] = rank(query["text"])
            times.append(time.perf_counter() - begin)
        reports[name] = report(name, queries, qrels, rankings)
        times.sort()
        print(f"{name}: median {statistics.median(times) * 1000:.1f} ms, "
              f"p95 {times[int(0.95 * (len(times) - 1))] * 1000:.1f} ms a query", file=sys.stderr)
        if args.misses and name == "lawreg":
            for query in queries:
                ranking = rankings[query["qid"]]
                if not ranking or ranking[0] not in qrels[query["qid"]]:
                    print(f"MISS {query['qid']} [{query['split']}/{query['kind']}] {query['text']} "
                          f"→ {ranking[:3]} want {list(qrels[query['qid']])}")
    print_reports(reports)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
