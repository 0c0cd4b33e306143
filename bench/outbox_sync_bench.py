"""What following the index outbox costs on the hot path, and how soon a second host sees a
write (issue 10 §3).

On a throw-away instance holding the four codes (the real data), in the same run:

* search latency (p50/p95 over the dev-set queries, in process) with the catch-up off
  (``SEARCH_SYNC = False``: the baseline), throttled as deployed (one outbox look per
  second), and unthrottled (an outbox look before every search — the worst case);
* the time from a commit on host A until a search on host B (its own index folder, same
  database) finds the new law, median over several writes.

    .venv/bin/python -m bench.outbox_sync_bench [--queries 100] [--writes 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from flask import Flask

from lawreg import create_app
from lawreg.db import get_database
from lawreg.records import LawRecord, SectionRecord
from lawreg.search import SearchRequest
from lawreg.services import index_sync, unit_of_work
from lawreg.services import search as search_service
from lawreg.services.laws import upsert_law

from .instance import BENCH_ACTOR, bench_app, import_codes

PROJECT = Path(__file__).resolve().parent.parent
QUERIES = PROJECT / "tests" / "fixtures" / "relevance" / "queries.jsonl"


def shared_codes() -> Path:
    import os

    root = Path(os.environ.get("LAWREG_SHARED_DATA", PROJECT.parent / "shared" / "data"))
    folder = root / "thai-codes"
    if not folder.is_dir():
        raise SystemExit(f"real data not found at {folder} (set LAWREG_SHARED_DATA)")
    return folder


def queries(limit: int) -> list[str]:
    lines = QUERIES.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()][:limit]


MODES = {  # name -> (SEARCH_SYNC, INDEX_SYNC_INTERVAL)
    "catch-up off (baseline)": (False, 1.0),
    "throttled, 1 look/s": (True, 1.0),
    "a look before every search": (True, 0.0),
}


def latencies(app: Flask, texts: list[str], rounds: int = 3) -> dict[str, list[float]]:
    """Per mode, the latency of every query; the modes alternate query by query, so a
    load change on the machine affects them alike."""
    times: dict[str, list[float]] = {name: [] for name in MODES}
    state = app.extensions[index_sync.EXTENSION_KEY]
    with app.app_context():
        for text in texts:  # warm the searcher and caches
            search_service.search(SearchRequest(text=text))
        for round_number in range(rounds):
            for position, text in enumerate(texts):
                names = list(MODES)
                shift = (round_number + position) % len(names)
                for name in names[shift:] + names[:shift]:
                    app.config["SEARCH_SYNC"], state.interval = MODES[name]
                    started = time.perf_counter()
                    search_service.search(SearchRequest(text=text))
                    times[name].append((time.perf_counter() - started) * 1000)
    return times


def look_cost(app: Flask, calls: int = 300) -> list[float]:
    """The unthrottled catch-up check alone (nothing to apply), in ms."""
    app.config["SEARCH_SYNC"] = True
    app.extensions[index_sync.EXTENSION_KEY].interval = 0.0
    times = []
    with app.app_context():
        for _ in range(calls):
            started = time.perf_counter()
            index_sync.maybe_catch_up()
            times.append((time.perf_counter() - started) * 1000)
    return times


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def second_host_delay(host_a: Flask, host_b: Flask, writes: int) -> list[float]:
    delays = []
    for number in range(writes):
        word = f"นกยูงพันธุ์ทดสอบ{number}"
        record = LawRecord(key=f"bench-outbox-{number}", title=f"พระราชบัญญัติทดสอบ {number}",
                           law_type="พระราชบัญญัติ", year_be=2568,
                           sections=[SectionRecord("1", f"มาตรา 1 {word}")])
        with host_a.app_context(), unit_of_work(BENCH_ACTOR) as work:
            upsert_law(work, record)
        started = time.perf_counter()
        with host_b.app_context():
            while not any(hit.law_key == record.key for hit in
                          search_service.search(SearchRequest(text=word)).hits):
                time.sleep(0.02)
        delays.append(time.perf_counter() - started)
    return delays


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--writes", type=int, default=5)
    args = parser.parse_args()
    texts = queries(args.queries)
    with tempfile.TemporaryDirectory(prefix="lawreg-outbox-bench-") as work:
        folder = Path(work)
        app = bench_app(folder, search_sync=False)
        import_codes(app, shared_codes())
        with app.app_context(), get_database().session() as session:
            search_service.rebuild_index(session)

        times = latencies(app, texts)
        baseline = statistics.median(times["catch-up off (baseline)"])
        print(f"search latency over {len(texts)} queries x 3, in process (ms):")
        for name, values in times.items():
            print(f"  {name:<28} p50 {statistics.median(values):6.2f}  p95 {p95(values):6.2f}  "
                  f"p50 ratio {statistics.median(values) / baseline:.3f}")
        check = look_cost(app)
        print(f"one outbox look (nothing to apply): p50 {statistics.median(check):.3f} ms, "
              f"p95 {p95(check):.3f} ms")

        host_b = create_app({"INSTANCE_PATH": str(folder / "host-b"),
                             "DATABASE_URL": app.config["DATABASE_URL"],
                             "INDEX_DIR": str(folder / "instance" / "index-b")})
        with host_b.app_context(), get_database().session() as session:
            search_service.rebuild_index(session)
        app.extensions[index_sync.EXTENSION_KEY].interval = 1.0
        delays = second_host_delay(app, host_b, args.writes)
        print(f"commit on host A -> found by a search on host B ({args.writes} writes, "
              f"INDEX_SYNC_INTERVAL 1 s): median {statistics.median(delays):.2f} s, "
              f"max {max(delays):.2f} s")


if __name__ == "__main__":
    main()
