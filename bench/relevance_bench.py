"""Search quality on the dev set: lawreg vs plain BM25 vs SQLite FTS5 trigram, per query kind.

Run from the project root (needs ../shared/data or ``LAWREG_SHARED_DATA``)::

    .venv/bin/python -m bench.relevance_bench
    .venv/bin/python -m bench.relevance_bench --systems bm25,fts5     # baselines only
    .venv/bin/python -m bench.relevance_bench --instance /tmp/lawreg-statute --set statute

With ``--instance DIR`` every system works on the whole statute book instead of the four
codes: lawreg searches that instance (built on first use by :mod:`bench.statute`: catalogue,
codes, ``krisdika-text``), the baselines index its section documents.  ``--set`` picks a
judged set by name (``codes``, ``codes-heldout``, ``statute``, ``statute-heldout``);
``--queries``/``--qrels`` name any other.

lawreg is measured end to end: a throw-away instance (SQLite database and index in a
temporary folder) gets ``lawreg init``'s schema, the ``thai-codes`` importer loads the four
codes through the service layer (which updates the index), and every query goes through the
search service exactly as the web page and ``lawreg search`` call it.  The baselines
(:mod:`bench.baselines`) index the same section documents read from the same files.

Targets (issue 3 §9a): Recall@10 and MRR@10 >= 1.5 x BM25; citation Recall@1 >= 0.95;
English Recall@10 >= 0.5.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from lawreg.commands.evaluate import search_rankings
from search_index.evaluation import (
    EvaluationReport,
    Query,
    evaluate,
    format_table,
    load_qrels,
    load_queries,
)

from .baselines import Fts5Trigram, PlainBM25, fts5_trigram_available
from .corpus import RELEVANCE_DIR, SectionDoc, codes_dir, load_codes
from .instance import bench_app, import_codes
from .statute import STATUTE_RELEVANCE_DIR, instance_docs, statute_app

K = 10
Ranker = Callable[[str], list[str]]


JUDGED_SETS: dict[str, Path] = {
    "codes": RELEVANCE_DIR,
    "codes-heldout": RELEVANCE_DIR.parent / "relevance_heldout",
    "statute": STATUTE_RELEVANCE_DIR,
    "statute-heldout": STATUTE_RELEVANCE_DIR / "heldout",
}


def bm25_ranker(docs: Sequence[SectionDoc]) -> Ranker:
    index = PlainBM25(docs)
    return lambda text: index.search(text, K)


def fts5_ranker(docs: Sequence[SectionDoc]) -> Ranker:
    if not fts5_trigram_available():
        raise SystemExit("this SQLite has no FTS5 trigram tokenizer (needs >= 3.34)")
    store = Fts5Trigram()
    store.add(docs)
    return lambda text: store.search(text, K)


def lawreg_ranker(workdir: Path, instance: Path | None = None) -> Ranker:
    """lawreg's search over a fresh instance holding the four codes (see module doc), or
    over the statute-book ``instance``."""
    if instance is not None:
        app = statute_app(instance)
    else:
        app = bench_app(workdir)
        import_codes(app, codes_dir())

    def rank(text: str) -> list[str]:
        with app.app_context():
            return search_rankings([Query("q", text, "")], K)["q"]

    return rank


SYSTEMS: dict[str, str] = {
    "lawreg": "lawreg search",
    "bm25": "plain BM25 (newmm, k1=1.2, b=0.75)",
    "fts5": "SQLite FTS5 trigram",
}


def corpus_docs(instance: Path | None) -> list[SectionDoc]:
    """The section documents the baselines index: the four codes, or the instance's."""
    return instance_docs(statute_app(instance)) if instance is not None else load_codes()


def run_system(
    name: str, queries: Sequence[Query], workdir: Path, instance: Path | None = None
) -> tuple[dict[str, list[str]], float]:
    factories: dict[str, Callable[[], Ranker]] = {
        "lawreg": lambda: lawreg_ranker(workdir, instance),
        "bm25": lambda: bm25_ranker(corpus_docs(instance)),
        "fts5": lambda: fts5_ranker(corpus_docs(instance)),
    }
    rank = factories[name]()
    started = time.perf_counter()
    rankings = {query.qid: rank(query.text) for query in queries}
    return rankings, time.perf_counter() - started


def miss_lines(
    queries: Sequence[Query], qrels: Mapping[str, Mapping[str, int]], rankings: Mapping[str, list[str]]
) -> list[str]:
    """One line per query whose first hit is not a best answer (grade 2): what came first,
    and where the best answer ranked (">10" when outside the top 10)."""
    lines = []
    for query in queries:
        judged = qrels.get(query.qid, {})
        ranking = rankings.get(query.qid, [])
        best = [doc for doc, grade in judged.items() if grade == 2]
        if ranking[:1] and ranking[0] in best:
            continue
        ranks = [str(ranking.index(doc) + 1) if doc in ranking else ">10" for doc in best]
        top = ranking[0] if ranking else "(nothing)"
        lines.append(f"  miss {query.qid} {query.text!r}: first {top}; best at {', '.join(ranks)}")
    return lines


def ratio_lines(reports: dict[str, EvaluationReport], target: float = 1.5) -> list[str]:
    """lawreg/BM25 ratios against ``target`` (1.5x on the codes, issue 3; 2x on the statute
    book, issue 9), overall and per kind, and the citation and English checks."""
    lines: list[str] = []
    ours, bm25 = reports.get("lawreg"), reports.get("bm25")
    if ours and bm25:
        for metric in ("recall@10", "mrr@10"):
            base = bm25.overall[metric]
            ratio = ours.overall[metric] / base if base else float("inf")
            verdict = "PASS" if ratio >= target else "FAIL"
            lines.append(f"lawreg/BM25 {metric}: {ratio:.2f}x (target >= {target:g}x) {verdict}")
        for kind in ours.by_kind:
            if kind in bm25.by_kind:
                cells = []
                for metric in ("recall@10", "mrr@10"):
                    base = bm25.by_kind[kind][metric]
                    value = ours.by_kind[kind][metric]
                    cells.append(f"{metric} {value / base:.2f}x" if base else f"{metric} n/a (BM25 0)")
                lines.append(f"  {kind:<11} " + ", ".join(cells))
    if ours:
        citation = ours.by_kind.get("citation", {}).get("recall@1")
        if citation is not None:
            lines.append(f"citation Recall@1: {citation:.3f} (target >= 0.95) {'PASS' if citation >= 0.95 else 'FAIL'}")
        english = ours.by_kind.get("english", {}).get("recall@10")
        if english is not None:
            lines.append(f"english Recall@10: {english:.3f} (target >= 0.5) {'PASS' if english >= 0.5 else 'FAIL'}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=sorted(JUDGED_SETS), default="codes",
                        help="a judged set by name (default: codes)")
    parser.add_argument("--queries", type=Path, help="queries.jsonl (overrides --set)")
    parser.add_argument("--qrels", type=Path, help="qrels.txt (overrides --set)")
    parser.add_argument("--instance", type=Path,
                        help="statute-book instance folder (built on first use; see bench.statute)")
    parser.add_argument("--systems", default="lawreg,bm25,fts5")
    parser.add_argument("--json", action="store_true", help="print the reports as JSON instead")
    parser.add_argument(
        "--misses", action="store_true", help="list the queries whose best answer is not first"
    )
    args = parser.parse_args(argv)
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = set(systems) - set(SYSTEMS)
    if unknown:
        parser.error(f"unknown system(s): {', '.join(sorted(unknown))}")
    queries = load_queries(args.queries or JUDGED_SETS[args.set] / "queries.jsonl")
    qrels = load_qrels(args.qrels or JUDGED_SETS[args.set] / "qrels.txt")
    reports: dict[str, EvaluationReport] = {}
    with tempfile.TemporaryDirectory(prefix="lawreg-relevance-") as folder:
        for name in systems:
            print(f"running {name} ...", file=sys.stderr, flush=True)
            rankings, seconds = run_system(name, queries, Path(folder), args.instance)
            reports[name] = evaluate(queries, qrels, rankings)
            if not args.json:
                print(f"{SYSTEMS[name]} — {len(queries)} queries in {seconds:.1f} s")
                print(format_table(reports[name], title=name))
                if args.misses:
                    print("\n".join(miss_lines(queries, qrels, rankings)))
                print()
    if args.json:
        print(json.dumps({name: report.to_json() for name, report in reports.items()}, indent=1))
    else:
        target = 2.0 if args.set.startswith("statute") and not args.queries else 1.5
        for line in ratio_lines(reports, target):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
