"""Load benchmark (issue 10 §6): the development server and gunicorn side by side, same run.

For a throw-away instance holding the four codes (and, with ``--statute-book``, the whole
statute book of ``krisdika-texts``),
it starts ``lawreg serve --dev`` and ``lawreg serve`` (gunicorn) one after the other on
loopback ports and drives each with concurrency 1, 8 and 32 on three pages:

* search — ``/search?q=...`` over the dev-set query texts (a results page with facets);
* law — ``/laws/<key>`` of the imported laws (the whole text of a code: the heaviest page);
* section — ``/laws/<key>/sections/<number>`` over every section, shuffled.

Each cell runs until ``--requests`` responses or ``--seconds`` have passed, after a short
warm-up, with one keep-alive connection per client thread on 127.0.0.1.  It reports
requests/s, p50/p95 latency, errors and the server's memory (RSS of the whole process group)
before and after, and the same pages in process (the Flask test client, one client) as the
baseline for the single-client HTTP overhead.  The acceptance lines check gunicorn's search
page at concurrency 8 (≥ 150 requests/s, p95 ≤ 100 ms, no errors) and its single-client p95
against the in-process p95 (within 10 ms).

    .venv/bin/python -m bench.load_bench                      # ~4 minutes on 2 cores
    .venv/bin/python -m bench.load_bench --seconds 5 --concurrency 1,8
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from search_index.evaluation import load_queries

from .corpus import RELEVANCE_DIR

SHARED = Path(os.environ.get("LAWREG_SHARED_DATA", Path(__file__).resolve().parents[1] / ".." / "shared" / "data"))
LAWREG = [sys.executable, "-m", "lawreg.cli"]


@dataclass
class Cell:
    """The figures of one server × page × concurrency run."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    server_cpu: float = 0.0  # CPU seconds the server's processes spent on this cell

    @property
    def cpu_ms_per_request(self) -> float:
        return 1000 * self.server_cpu / len(self.latencies) if self.latencies else float("nan")

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_lawreg(env: dict[str, str], *args: str, ok: tuple[int, ...] = (0,)) -> str:
    result = subprocess.run([*LAWREG, *args], env=env, capture_output=True, text=True)
    if result.returncode not in ok:
        raise SystemExit(f"lawreg {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def prepare(workdir: Path, statute_book: bool) -> dict[str, str]:
    """A fresh instance with the four codes (and the statute book when asked and possible)."""
    env = {**os.environ, "LAWREG_INSTANCE": str(workdir / "instance")}
    env.pop("LAWREG_DATABASE_URL", None)
    run_lawreg(env, "init")
    run_lawreg(env, "import", "thai-codes", str(SHARED / "thai-codes"))
    if statute_book:
        run_lawreg(env, "import", "krisdika-catalog", str(SHARED / "krisdika" / "law_catalog.csv"))
        # Exit 1: the folder holds one file that is not a law (733691.txt), refused by design.
        run_lawreg(env, "import", "krisdika-text", str(SHARED / "krisdika-texts"), ok=(0, 1))
    return env


def page_paths(env: dict[str, str], seed: int) -> dict[str, list[str]]:
    """The URLs of each page kind, from the instance's own laws and the dev-set queries."""
    from sqlalchemy import select

    from lawreg import create_app
    from lawreg.db import get_session
    from lawreg.models import Law, Section

    os.environ["LAWREG_INSTANCE"] = env["LAWREG_INSTANCE"]
    app = create_app()
    rng = random.Random(seed)
    with app.app_context():
        session = get_session()
        laws = list(session.scalars(select(Law.key).order_by(Law.key)))
        sections = list(session.execute(select(Law.key, Section.number).join(Section.law)))
    rng.shuffle(sections)
    queries = [q.text for q in load_queries(RELEVANCE_DIR / "queries.jsonl")]
    return {
        "search": [f"/search?q={quote(text)}" for text in queries],
        "law": [f"/laws/{quote(key)}" for key in laws[:200]],
        "section": [f"/laws/{quote(key)}/sections/{quote(number)}" for key, number in sections[:2000]],
    }


@contextmanager
def server(env: dict[str, str], options: Sequence[str]) -> Iterator[tuple[int, int]]:
    """A running ``lawreg serve`` (its port and process group), stopped with its workers."""
    port = free_port()
    process = subprocess.Popen([*LAWREG, "serve", "--port", str(port), *options], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"lawreg serve {' '.join(options)} did not start") from None
                time.sleep(0.2)
        yield port, process.pid
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def group_pids(pgid: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and os.getpgid(int(entry)) == pgid:
                pids.append(int(entry))
        except OSError:
            continue
    return pids


def group_rss_mb(pgid: int) -> float:
    """Resident memory of every process of a process group, in MB."""
    total = 0
    for pid in group_pids(pgid):
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as status:
                total += next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
        except (OSError, StopIteration):
            continue
    return total / 1024


def group_cpu_seconds(pgid: int) -> float:
    """User + system CPU time of every process of a process group: unlike wall time, it
    does not depend on what else the (shared) machine is running."""
    ticks = 0
    for pid in group_pids(pgid):
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            continue
    return ticks / os.sysconf("SC_CLK_TCK")


def drive(port: int, paths: Sequence[str], concurrency: int, requests: int, seconds: float) -> Cell:
    """``concurrency`` threads, each with one keep-alive connection, share the work."""
    cell = Cell()
    lock = threading.Lock()
    counter = iter(range(requests))
    deadline = time.monotonic() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies: list[float] = []
        errors = 0
        while time.monotonic() < deadline:
            with lock:
                index = next(counter, None)
            if index is None:
                break
            started = time.perf_counter()
            try:
                connection.request("GET", paths[index % len(paths)])
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                ok = False
            if ok:
                latencies.append(time.perf_counter() - started)
            else:
                errors += 1
        connection.close()
        with lock:
            cell.latencies += latencies
            cell.errors += errors

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cell.seconds = time.perf_counter() - started
    return cell


def in_process(env: dict[str, str], paths: dict[str, list[str]], requests: int) -> dict[str, Cell]:
    """The same pages through the Flask test client: the baseline without HTTP."""
    from lawreg import create_app

    os.environ["LAWREG_INSTANCE"] = env["LAWREG_INSTANCE"]
    client = create_app().test_client()
    cells = {}
    for kind, urls in paths.items():
        for url in urls[:10]:  # warm-up
            client.get(url)
        cell = Cell()
        started, cpu_started = time.perf_counter(), time.process_time()
        for index in range(min(requests, 300)):
            began = time.perf_counter()
            status = client.get(urls[index % len(urls)]).status_code
            if status == 200:
                cell.latencies.append(time.perf_counter() - began)
            else:
                cell.errors += 1
        cell.seconds = time.perf_counter() - started
        cell.server_cpu = time.process_time() - cpu_started
        cells[kind] = cell
    return cells


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--concurrency", default="1,8,32")
    parser.add_argument("--pages", default="search,law,section")
    parser.add_argument("--requests", type=int, default=2000, help="at most this many per cell")
    parser.add_argument("--seconds", type=float, default=8.0, help="at most this long per cell")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--statute-book", action="store_true", help="also import krisdika-texts")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    levels = [int(level) for level in args.concurrency.split(",")]
    kinds = args.pages.split(",")
    if not (SHARED / "thai-codes").is_dir():
        raise SystemExit(f"real data not found at {SHARED} (set LAWREG_SHARED_DATA)")

    with tempfile.TemporaryDirectory(prefix="lawreg-load-") as tmp:
        started = time.perf_counter()
        env = prepare(Path(tmp), args.statute_book)
        paths = page_paths(env, args.seed)
        print(f"instance ready in {time.perf_counter() - started:.0f} s: "
              + ", ".join(f"{len(urls)} {kind} URLs" for kind, urls in paths.items()))
        baseline = in_process(env, paths, args.requests)
        servers = {"dev": ["--dev"],
                   "gunicorn": ["--workers", str(args.workers), "--threads", str(args.threads)]}
        results: dict[tuple[str, str, int], Cell] = {}
        for name, options in servers.items():
            with server(env, options) as (port, pgid):
                for kind in kinds:
                    drive(port, paths[kind], 4, 40, 10)  # warm-up: every worker opens the index
                rss_before = group_rss_mb(pgid)
                for kind in kinds:
                    for level in levels:
                        cpu_before = group_cpu_seconds(pgid)
                        cell = drive(port, paths[kind], level, args.requests, args.seconds)
                        cell.server_cpu = group_cpu_seconds(pgid) - cpu_before
                        results[(name, kind, level)] = cell
                print(f"{name}: memory {rss_before:.0f} MB before, {group_rss_mb(pgid):.0f} MB after the load")
        report(results, baseline, kinds, levels)


def report(results: dict[tuple[str, str, int], Cell], baseline: dict[str, Cell],
           kinds: Sequence[str], levels: Sequence[int]) -> None:
    print(f"\n{'page':8} {'conc':>4} | {'dev req/s':>9} {'p50':>7} {'p95':>7} {'err':>4} {'cpu':>6} | "
          f"{'gunicorn req/s':>14} {'p50':>7} {'p95':>7} {'err':>4} {'cpu':>6} | {'ratio':>5}")
    for kind in kinds:
        for level in levels:
            dev, prod = results[("dev", kind, level)], results[("gunicorn", kind, level)]
            ratio = prod.rate / dev.rate if dev.rate else float("nan")
            print(f"{kind:8} {level:>4} | {dev.rate:9.1f} {dev.percentile(.5):7.1f} {dev.percentile(.95):7.1f} "
                  f"{dev.errors:4d} {dev.cpu_ms_per_request:6.1f} | {prod.rate:14.1f} "
                  f"{prod.percentile(.5):7.1f} {prod.percentile(.95):7.1f} {prod.errors:4d} "
                  f"{prod.cpu_ms_per_request:6.1f} | {ratio:5.2f}")
    print("(latencies in ms; cpu: server CPU ms per request, all its processes)")
    print("\nin process (one client, ms):  " + "  ".join(
        f"{kind} p50 {cell.percentile(.5):.1f} p95 {cell.percentile(.95):.1f} cpu {cell.cpu_ms_per_request:.1f}"
        for kind, cell in baseline.items()))
    if ("gunicorn", "search", 8) in results:
        cell = results[("gunicorn", "search", 8)]
        verdict = cell.rate >= 150 and cell.percentile(.95) <= 100 and cell.errors == 0
        print(f"acceptance: gunicorn search at concurrency 8: {cell.rate:.0f} req/s, p95 "
              f"{cell.percentile(.95):.1f} ms, {cell.errors} errors (≥150, ≤100, 0): "
              f"{'PASS' if verdict else 'FAIL'}; server CPU {cell.cpu_ms_per_request:.1f} ms/request, "
              f"so at most {2000 / cell.cpu_ms_per_request:.0f} req/s on two free cores")
        print(f"machine load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if 1 in levels:
        for kind in kinds:
            http_p95 = results[("gunicorn", kind, 1)].percentile(.95)
            local_p95 = baseline[kind].percentile(.95)
            overhead = http_p95 - local_p95
            print(f"acceptance: {kind} single-client p95 over HTTP {http_p95:.1f} ms vs in process "
                  f"{local_p95:.1f} ms: +{overhead:.1f} ms (≤ 10): {'PASS' if overhead <= 10 else 'FAIL'}")
    medians = [results[("gunicorn", k, c)].rate / results[("dev", k, c)].rate
               for k in kinds for c in levels if results[("dev", k, c)].rate]
    if medians:
        print(f"gunicorn/dev throughput ratio, median over cells: {statistics.median(medians):.2f}")


if __name__ == "__main__":
    main()
