"""Search speed at 3k (the four real codes), 30k and 300k sections: lawreg vs SQLite FTS5.

Run from the project root::

    .venv/bin/python -m bench.search_speed_bench --sizes 3k,30k        # a few minutes
    .venv/bin/python -m bench.search_speed_bench --sizes 300k          # ~10+ minutes

For every size and engine a fresh subprocess builds the corpus (:mod:`bench.corpus`: the
real sections topped up with seeded synthetic laws), indexes it into a temporary folder,
rebuilds it once more from scratch, then runs every dev-set query text (a warm-up pass,
then ``--repeat`` measured passes) the way a results page does — top 10 with highlighted
snippets plus the per-law facet counts.  The subprocess reports its peak RSS
(``resource.getrusage``), so the engines' memory figures do not mix.

Figures: the time to store the corpus in lawreg's database (``load s``, not part of any
target; FTS5 indexes straight from memory), indexing throughput (sections/s of the first
build), full rebuild time (a second build over the existing index), query
latency p50/p95 (ms) as wall time and as the process's CPU time (the machine may be shared;
CPU time is what the engine spends), the first query's wall time (``first ms``: a fresh
searcher, nothing of the index cached yet), peak RSS (MB, whole process including the corpus held in memory),
and the lawreg/FTS5 ratios, checked against the targets of issue 3 §9b.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from search_index.evaluation import load_queries

from .baselines import Fts5Trigram
from .corpus import RELEVANCE_DIR, SectionDoc, corpus_of_size, parse_size

TARGET_P95_MS = {30_000: 50.0, 300_000: 100.0}
TARGET_SECTIONS_PER_S = 2000.0
TARGET_REBUILD_S = {300_000: 180.0}


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 270 latencies is the 257th smallest)."""
    ordered = sorted(values)
    rank = max(1, -(-int(fraction * 1000) * len(ordered) // 1000))
    return ordered[min(rank, len(ordered)) - 1]


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


class Fts5Engine:
    """FTS5 indexes from memory: there is no database of laws to read for it."""

    name = "fts5"

    def __init__(self, workdir: Path) -> None:
        self.path = workdir / "fts5.sqlite"
        self.store: Fts5Trigram | None = None

    def load(self, laws: Sequence[Sequence[SectionDoc]]) -> None:
        self.laws = laws

    def build(self) -> None:
        if self.store is not None:
            self.store.close()
        self.path.unlink(missing_ok=True)
        self.store = Fts5Trigram(str(self.path))
        for law in self.laws:
            self.store.add(law)
        self.store.optimize()

    rebuild = build

    def querying(self) -> AbstractContextManager[object]:
        return nullcontext()

    def query(self, text: str) -> int:
        assert self.store is not None
        hits, _facets = self.store.search_with_facets_and_snippets(text)
        return len(hits)


class LawregEngine:
    """lawreg as it runs: laws stored through the service layer in a SQLite database, the
    index built by ``rebuild_index`` (what ``lawreg index rebuild`` runs: read the laws,
    write a new generation, swap it in, verify it law by law), queries through the search
    service with facets and highlighted snippets on, 10 hits a page."""

    name = "lawreg"

    def __init__(self, workdir: Path) -> None:
        from .instance import bench_app

        self.app = bench_app(workdir, search_sync=False)

    def load(self, laws: Sequence[Sequence[SectionDoc]]) -> None:
        from .instance import store_laws

        store_laws(self.app, laws)

    def build(self) -> None:
        from lawreg.db import get_database
        from lawreg.services.search import rebuild_index

        with self.app.app_context(), get_database().session() as session:
            rebuild_index(session)

    rebuild = build

    def querying(self) -> AbstractContextManager[object]:
        return self.app.app_context()

    def query(self, text: str) -> int:
        from lawreg.search import SearchRequest
        from lawreg.services.search import search

        return len(search(SearchRequest(text=text, per_page=10)).hits)


ENGINES = {"lawreg": LawregEngine, "fts5": Fts5Engine}


def run_child(engine_name: str, size: int, repeat: int, seed: int) -> dict[str, object]:
    """Measure one engine at one size in this process; returns the figures as a dict."""
    queries = [q.text for q in load_queries(RELEVANCE_DIR / "queries.jsonl")]
    laws = corpus_of_size(size, seed=seed)
    sections = sum(len(law) for law in laws)
    rss_corpus = _peak_rss_mb()
    workdir = Path(tempfile.mkdtemp(prefix=f"lawreg-bench-{engine_name}-"))
    try:
        engine = ENGINES[engine_name](workdir)
        started = time.perf_counter()
        engine.load(laws)
        load_seconds = time.perf_counter() - started
        started = time.perf_counter()
        engine.build()
        build_seconds = time.perf_counter() - started
        started = time.perf_counter()
        engine.rebuild()
        rebuild_seconds = time.perf_counter() - started
        latencies: list[float] = []
        cpu_latencies: list[float] = []
        warmup_cpu: list[float] = []
        with engine.querying():
            for text in queries:  # warm-up: caches, lazily loaded dictionaries
                cpu_started, started = time.process_time(), time.perf_counter()
                engine.query(text)
                warmup_cpu.append((time.process_time() - cpu_started) * 1000)
                if len(warmup_cpu) == 1:
                    first_query_ms = (time.perf_counter() - started) * 1000
            for _ in range(repeat):
                for text in queries:
                    cpu_started, started = time.process_time(), time.perf_counter()
                    engine.query(text)
                    latencies.append((time.perf_counter() - started) * 1000)
                    cpu_latencies.append((time.process_time() - cpu_started) * 1000)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return {
        "engine": engine_name,
        "size": size,
        "sections": sections,
        "load_s": load_seconds,
        "build_s": build_seconds,
        "sections_per_s": sections / build_seconds,
        "rebuild_s": rebuild_seconds,
        "p50_ms": statistics.median(latencies),
        "p95_ms": percentile(latencies, 0.95),
        "cpu_p50_ms": statistics.median(cpu_latencies),
        "cpu_p95_ms": percentile(cpu_latencies, 0.95),
        "first_query_ms": first_query_ms,
        "first_query_cpu_ms": warmup_cpu[0],
        "warmup_cpu_p95_ms": percentile(warmup_cpu, 0.95),
        "queries": len(latencies),
        "rss_corpus_mb": rss_corpus,
        "peak_rss_mb": _peak_rss_mb(),
    }


def measure(engine: str, size: int, repeat: int, seed: int, timeout: float | None) -> dict[str, object]:
    command = [
        sys.executable, "-m", "bench.search_speed_bench",
        "--child", engine, "--sizes", str(size), "--repeat", str(repeat), "--seed", str(seed),
    ]  # fmt: skip
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout,
            cwd=Path(__file__).resolve().parent.parent,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return {"engine": engine, "size": size, "error": [f"timed out after {timeout:g} s"]}
    if done.returncode != 0:
        return {"engine": engine, "size": size, "error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_report(results: list[dict[str, object]]) -> None:
    header = (
        f"{'size':>7} {'engine':<7} {'sections':>8} {'load s':>7} {'index s':>8} {'sect/s':>8} "
        f"{'rebuild s':>9} {'p50 ms':>7} {'p95 ms':>7} {'cpu p50':>7} {'cpu p95':>7} "
        f"{'first ms':>8} {'RSS MB':>7}"
    )
    print(header)
    print("-" * len(header))
    for row in results:
        if "error" in row:
            print(f"{row['size']:>7} {row['engine']:<7} failed: {' '.join(row['error'])}")
            continue
        print(
            f"{row['size']:>7} {row['engine']:<7} {row['sections']:>8} {row['load_s']:>7.1f} {row['build_s']:>8.1f} "
            f"{row['sections_per_s']:>8.0f} {row['rebuild_s']:>9.1f} {row['p50_ms']:>7.1f} "
            f"{row['p95_ms']:>7.1f} {row['cpu_p50_ms']:>7.1f} {row['cpu_p95_ms']:>7.1f} "
            f"{row['first_query_ms']:>8.0f} {row['peak_rss_mb']:>7.0f}"
        )
    print()
    by_key = {(r["size"], r["engine"]): r for r in results if "error" not in r}
    for size in sorted({r["size"] for r in results}):
        ours, fts = by_key.get((size, "lawreg")), by_key.get((size, "fts5"))
        if ours and fts:
            print(
                f"{size:>7}: lawreg/FTS5  p50 x{ours['p50_ms'] / fts['p50_ms']:.2f}  "
                f"p95 x{ours['p95_ms'] / fts['p95_ms']:.2f}  "
                f"indexing speed x{ours['sections_per_s'] / fts['sections_per_s']:.2f}  "
                f"rebuild x{ours['rebuild_s'] / fts['rebuild_s']:.2f}"
            )
        if ours:
            checks = [f"indexing >= {TARGET_SECTIONS_PER_S:.0f}/s: "
                      f"{'PASS' if ours['sections_per_s'] >= TARGET_SECTIONS_PER_S else 'FAIL'}"]
            if size in TARGET_P95_MS:
                ok = ours["p95_ms"] <= TARGET_P95_MS[size]
                cpu_ok = ours["cpu_p95_ms"] <= TARGET_P95_MS[size]
                checks.append(f"p95 <= {TARGET_P95_MS[size]:.0f} ms: {'PASS' if ok else 'FAIL'}"
                              f" (CPU time: {'PASS' if cpu_ok else 'FAIL'})")
            if size in TARGET_REBUILD_S:
                ok = ours["rebuild_s"] < TARGET_REBUILD_S[size]
                checks.append(f"rebuild < {TARGET_REBUILD_S[size]:.0f} s: {'PASS' if ok else 'FAIL'}")
            print(f"{size:>7}: targets  " + "; ".join(checks))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="3k,30k", help="comma-separated: 3k,30k,300k")
    parser.add_argument("--engines", default="lawreg,fts5")
    parser.add_argument("--repeat", type=int, default=3, help="measured passes over the queries")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON too")
    parser.add_argument(
        "--timeout", type=float, default=None, help="give up on one engine and size after this many seconds"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    if args.child:
        print(json.dumps(run_child(args.child, sizes[0], args.repeat, args.seed)))
        return 0
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engine(s): {', '.join(sorted(unknown))}")
    results = []
    for size in sizes:
        for engine in engines:
            print(f"measuring {engine} at {size} sections ...", file=sys.stderr, flush=True)
            results.append(measure(engine, size, args.repeat, args.seed, args.timeout))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, queries: dev set x{args.repeat}")
    print_report(results)
    if args.json:
        print(json.dumps(results, indent=1))
    return 0 if all("error" not in r for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
