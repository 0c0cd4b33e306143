"""Time `lawreg import krisdika-text` on the real folder (issue 9 §1: "well under 5 minutes").

Each run gets a throw-away SQLite instance with the catalogue imported first (the user's
order).  In the same run it times, each ``--repeat`` times in a fresh instance:

* **sync on** — the import as a user runs it: the search index follows the commit;
* **sync off** — the same import without the commit listener (the database work alone);
* **re-import** — the same folder again on the sync-on instance (every law unchanged);
* **baseline** — the catalogue import of the same run (846 laws, metadata only).

It prints wall and CPU seconds (medians), the ratios to the baseline and sync off, and the
counts the acceptance asks for.  Run from the project root:

    .venv/bin/python -m bench.krisdika_import_bench [--repeat 1]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

import importers
from lawreg.db import get_database
from lawreg.models import Law, LawRelation, Section, SectionVersion
from tests.conftest import shared_data_dir

from .instance import bench_app

TARGET_SECONDS = 300


def timed(action: Callable[[], object]) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def one_run(data: Path, *, sync: bool) -> dict[str, float]:
    """Times of catalogue, texts (and re-import when ``sync``) in a fresh instance."""
    with tempfile.TemporaryDirectory(prefix="krisdika-bench-") as folder:
        app = bench_app(Path(folder), search_sync=sync)

        def run(fmt: str, path: Path) -> importers.ImportReport:
            with app.app_context():
                return importers.run(fmt, path)

        times: dict[str, float] = {}
        times["catalogue"], times["catalogue cpu"], _ = timed(
            lambda: run("krisdika-catalog", data / "krisdika" / "law_catalog.csv"))
        times["texts"], times["texts cpu"], report = timed(lambda: run("krisdika-text", data / "krisdika-texts"))
        print(f"  sync {'on ' if sync else 'off'}: {report.summary()}", file=sys.stderr)  # type: ignore[attr-defined]
        if sync:
            times["re-import"], times["re-import cpu"], again = timed(
                lambda: run("krisdika-text", data / "krisdika-texts"))
            print(f"  again : {again.summary()}", file=sys.stderr)  # type: ignore[attr-defined]
            with app.app_context():
                print_counts()
        return times


def print_counts() -> None:
    with get_database().session() as session:
        count = lambda statement: session.scalar(statement) or 0  # noqa: E731
        with_text = count(select(func.count(func.distinct(Section.law_id))).join(Law)
                          .where(Law.source_id.is_not(None), Section.label != "บัญชี"))
        principal = count(select(func.count()).select_from(Section).join(Law)
                          .where(Law.source_id.is_not(None), Section.label != "บัญชี"))
        amending = count(select(func.count(func.distinct(LawRelation.subject_law_id)))
                         .where(LawRelation.kind == "amends"))
        relations = count(select(func.count()).select_from(LawRelation))
        amended = count(select(func.count()).select_from(SectionVersion)
                        .where(SectionVersion.amended_by_id.is_not(None), SectionVersion.note.is_(None)))
        repealed = count(select(func.count()).select_from(Section).where(Section.status == "repealed"))
    print(f"  laws with sections from a text: {with_text}; principal sections: {principal}; "
          f"amending laws: {amending}; relations: {relations}; current versions amended_by: "
          f"{amended}; repealed sections: {repealed}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    data = shared_data_dir()
    if not (data / "krisdika-texts").is_dir():
        raise SystemExit(f"real data not found at {data} (set LAWREG_SHARED_DATA)")
    runs: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        for sync in (False, True):
            for name, value in one_run(data, sync=sync).items():
                runs.setdefault(f"{name} (sync {'on' if sync else 'off'})", []).append(value)
    median = {name: statistics.median(values) for name, values in runs.items()}
    for name, value in median.items():
        print(f"{name:32s} {value:8.1f} s")
    on, off = median["texts (sync on)"], median["texts (sync off)"]
    baseline = median["catalogue (sync on)"]
    print(f"texts sync on / sync off: {on / off:.2f}×; texts / catalogue baseline: {on / baseline:.1f}×")
    print(f"target: sync on under {TARGET_SECONDS} s — {'met' if on < TARGET_SECONDS else 'NOT met'}")


if __name__ == "__main__":
    main()
