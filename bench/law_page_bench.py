"""The page of a long law: one page holding every section (the baseline) against the page
of one part, in the same run.

Run from the project root::

    .venv/bin/python -m bench.law_page_bench                          # the Civil and Commercial Code
    .venv/bin/python -m bench.law_page_bench --instance /path/to/instance --law KEY

Without ``--instance`` a temporary registry is made with the Civil and Commercial Code
(1,869 sections) from ``$LAWREG_SHARED_DATA/thai-codes``.  Each page is requested through
the application's test client (rendering included, no network), once to warm up and then
``--repeat`` times; figures are the median wall time and the size of the HTML.  The
baseline is the same view with every section in one part (what the page was before it was
split); the ratios are part/baseline.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path
from unittest import mock

from flask import Flask

from lawreg import create_app
from lawreg.db import get_session
from lawreg.services import queries

from .instance import bench_app, import_codes


def measure(app: Flask, path: str, repeat: int) -> tuple[float, int]:
    """Median milliseconds and bytes of ``GET path``."""
    client = app.test_client()
    response = client.get(path)
    assert response.status_code in (200, 303), (path, response.status_code)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(response.data)


def whole_law_in_one_part(app: Flask, path: str, repeat: int) -> tuple[float, int]:
    """The baseline: the same page with a part size larger than any law."""
    original = queries.law_page

    def one_part(*args, **kwargs):  # type: ignore[no-untyped-def]
        return original(*args, **{**kwargs, "part_size": 10**9})

    with mock.patch.object(queries, "law_page", one_part):
        return measure(app, path, repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--instance", type=Path, help="an existing instance folder (default: a new one)")
    parser.add_argument("--law", default="civil-commercial-code")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        if args.instance:
            os.environ["LAWREG_INSTANCE"] = str(args.instance)
            app = create_app()
        else:
            shared = Path(os.environ.get("LAWREG_SHARED_DATA", "../shared/data"))
            app = bench_app(Path(scratch), search_sync=False)
            import_codes(app, shared / "thai-codes")
        with app.app_context():
            page = queries.law_page(get_session(), args.law)
            assert page is not None, f"no law {args.law}"
            parts = len(page.parts)
            sizes = [len(part.sections) for part in page.parts]
            middle = page.parts[len(page.parts) // 2]
            number = middle.sections[len(middle.sections) // 2].number
        base = f"/laws/{args.law}"
        baseline_ms, baseline_bytes = whole_law_in_one_part(app, base, args.repeat)
        rows = [("one page, every section (baseline)", baseline_ms, baseline_bytes)]
        rows.append(("part 1", *measure(app, base, args.repeat)))
        rows.append((f"part {middle.number}", *measure(app, f"{base}?part={middle.number}", args.repeat)))
        rows.append(("part 1 as at 1900-01-01", *measure(app, f"{base}?at=1900-01-01", args.repeat)))
        rows.append((f"go to section {number} (redirect)", *measure(app, f"{base}/goto?section={number}", args.repeat)))
    print(f"{args.law}: {sum(sizes):,} sections in {parts} parts (largest {max(sizes)}, median "
          f"{statistics.median(sizes):.0f}); median of {args.repeat} requests")
    print(f"{'page':<40} {'ms':>8} {'bytes':>12} {'ms ratio':>9} {'size ratio':>11}")
    for name, ms, size in rows:
        print(f"{name:<40} {ms:8.1f} {size:12,} {ms / baseline_ms:9.2f} {size / baseline_bytes:11.3f}")


if __name__ == "__main__":
    main()
