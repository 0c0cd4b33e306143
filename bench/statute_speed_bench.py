"""Search page latency over the whole statute book (issue 9 §6): lawreg vs SQLite FTS5.

Run from the project root (the instance is built on first use, see :mod:`bench.statute`)::

    .venv/bin/python -m bench.statute_speed_bench --instance /tmp/lawreg-statute

Unlike :mod:`bench.search_speed_bench` (synthetic corpora of chosen sizes) this measures the
real registry: the four codes and the 671 laws of ``krisdika-texts`` as lawreg stores and
indexes them.  Queries: every text of both judged sets (the codes' dev set and the statute
dev set: everyday words, questions, English, long ruling-style questions, procedures), a
warm-up pass, then ``--repeat`` measured passes, each one a results page — 10 hits with
highlighted snippets and every facet count — through the search service as the web page
calls it.  FTS5 (trigram, bm25, snippets and a per-law count) indexes the same section
documents in the same process as the baseline.  Wall time and the process's CPU time are
both printed: on a shared machine CPU time is what the engine spends.

Target: search page p95 <= 50 ms in process at this size.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from search_index.evaluation import load_queries

from .baselines import Fts5Trigram
from .corpus import RELEVANCE_DIR
from .search_speed_bench import percentile
from .statute import STATUTE_RELEVANCE_DIR, instance_docs, statute_app

TARGET_P95_MS = 50.0


def query_texts() -> list[str]:
    """The texts of the codes' dev set and the statute dev set, in file order."""
    texts = [q.text for q in load_queries(RELEVANCE_DIR / "queries.jsonl")]
    return texts + [q.text for q in load_queries(STATUTE_RELEVANCE_DIR / "queries.jsonl")]


def timed(run: Callable[[str], object], texts: Sequence[str], repeat: int) -> dict[str, float]:
    """Warm up once over ``texts``, then time ``repeat`` passes (wall and CPU, ms)."""
    for text in texts:
        run(text)
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(repeat):
        for text in texts:
            cpu_started, started = time.process_time(), time.perf_counter()
            run(text)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
    return {
        "p50_ms": statistics.median(wall), "p95_ms": percentile(wall, 0.95),
        "cpu_p50_ms": statistics.median(cpu), "cpu_p95_ms": percentile(cpu, 0.95),
        "queries": float(len(wall)),
    }


def lawreg_figures(instance: Path, texts: Sequence[str], repeat: int) -> tuple[dict[str, float], int]:
    from sqlalchemy import func, select

    from lawreg.db import get_database
    from lawreg.models import Section
    from lawreg.search import SearchRequest
    from lawreg.services.search import search

    app = statute_app(instance)
    with app.app_context():
        with get_database().session() as session:
            sections = session.scalar(select(func.count()).select_from(Section)) or 0
        figures = timed(lambda text: search(SearchRequest(text=text, per_page=10)), texts, repeat)
    return figures, sections


def fts5_figures(instance: Path, texts: Sequence[str], repeat: int) -> dict[str, float]:
    docs = instance_docs(statute_app(instance))
    with tempfile.TemporaryDirectory(prefix="lawreg-fts5-") as folder:
        store = Fts5Trigram(str(Path(folder) / "fts5.sqlite"))
        store.add(docs)
        store.optimize()
        figures = timed(store.search_with_facets_and_snippets, texts, repeat)
        store.close()
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instance", type=Path, required=True, help="statute-book instance folder")
    parser.add_argument("--repeat", type=int, default=3, help="measured passes over the queries")
    parser.add_argument("--engines", default="lawreg,fts5")
    args = parser.parse_args(argv)
    texts = query_texts()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    rows: dict[str, dict[str, float]] = {}
    if "lawreg" in engines:
        print("measuring lawreg ...", file=sys.stderr, flush=True)
        rows["lawreg"], sections = lawreg_figures(args.instance, texts, args.repeat)
        print(f"lawreg: {sections} sections in {args.instance}")
    if "fts5" in engines:
        print("measuring fts5 ...", file=sys.stderr, flush=True)
        rows["fts5"] = fts5_figures(args.instance, texts, args.repeat)
    print(f"{len(texts)} query texts x{args.repeat}; results page: 10 hits, snippets, facets")
    print(f"{'engine':<7} {'p50 ms':>7} {'p95 ms':>7} {'cpu p50':>7} {'cpu p95':>7}")
    for name, row in rows.items():
        print(f"{name:<7} {row['p50_ms']:>7.1f} {row['p95_ms']:>7.1f} {row['cpu_p50_ms']:>7.1f} {row['cpu_p95_ms']:>7.1f}")
    ours, fts = rows.get("lawreg"), rows.get("fts5")
    if ours and fts:
        print(f"lawreg/FTS5 p50 x{ours['p50_ms'] / fts['p50_ms']:.2f}  p95 x{ours['p95_ms'] / fts['p95_ms']:.2f}")
    if ours:
        verdict = "PASS" if ours["p95_ms"] <= TARGET_P95_MS else "FAIL"
        cpu_verdict = "PASS" if ours["cpu_p95_ms"] <= TARGET_P95_MS else "FAIL"
        print(f"p95 <= {TARGET_P95_MS:.0f} ms: {verdict} (CPU time: {cpu_verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
