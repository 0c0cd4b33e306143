"""Prometheus metrics (through ``prometheus_client``): what an operator graphs and alerts on.

* ``lawreg_http_request_duration_seconds{endpoint,method}`` and
  ``lawreg_http_requests_total{endpoint,method,status}``: every request, by Flask endpoint
  (never by raw path, so a scan of random URLs cannot create series);
* ``lawreg_search_duration_seconds``: the search service, whoever calls it;
* ``lawreg_imports_total{format,outcome}`` and ``lawreg_import_laws_total{format,change}``;
* ``lawreg_index_lag_rows`` and ``lawreg_index_outbox_head``: read from the database and the
  index cursor when scraped (every worker of a host reports the same value).

Several worker processes (gunicorn): set ``PROMETHEUS_MULTIPROC_DIR`` to an empty folder
for all of them (and for ``lawreg`` commands whose imports should be counted); the client
then keeps values in files there and ``/metrics`` adds up every process.  Without it each
worker reports only its own requests.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUEST_SECONDS = Histogram(
    "lawreg_http_request_duration_seconds", "Time to answer an HTTP request, by endpoint.",
    ["endpoint", "method"], buckets=LATENCY_BUCKETS,
)
REQUESTS = Counter(
    "lawreg_http_requests_total", "HTTP requests answered, by endpoint and status.",
    ["endpoint", "method", "status"],
)
SEARCH_SECONDS = Histogram(
    "lawreg_search_duration_seconds", "Time of one search (query, scoring, facets, snippets).",
    buckets=LATENCY_BUCKETS,
)
IMPORTS = Counter(
    "lawreg_imports_total", "Imports run, by format and outcome.", ["format", "outcome"],
)
IMPORTED_LAWS = Counter(
    "lawreg_import_laws_total", "Laws an import created, updated or left unchanged.",
    ["format", "change"],
)


IndexFigures = Callable[[], "tuple[int, int | None] | None"]


class IndexLagCollector(Collector):
    """The index lag of this host, read when Prometheus scrapes (not kept per process).
    ``read`` gives (outbox head, rows behind or None), or None when the database is away;
    the web layer supplies it, so this module depends on no service."""

    def __init__(self, read: IndexFigures) -> None:
        self.read = read

    def collect(self) -> Iterator[Metric]:
        figures = self.read()
        if figures is None:  # /readyz reports the database; the other metrics still count
            return
        head, lag = figures
        outbox = GaugeMetricFamily("lawreg_index_outbox_head", "Newest id in the index outbox.")
        outbox.add_metric([], head)
        yield outbox
        if lag is not None:
            behind = GaugeMetricFamily("lawreg_index_lag_rows",
                                       "Outbox rows this host's search index has not applied.")
            behind.add_metric([], lag)
            yield behind


def exposition(index_figures: IndexFigures) -> bytes:
    """The text a scrape of ``/metrics`` returns."""
    registry = CollectorRegistry()
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder and Path(folder).is_dir():
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        for collector in (REQUEST_SECONDS, REQUESTS, SEARCH_SECONDS, IMPORTS, IMPORTED_LAWS):
            registry.register(collector)
    registry.register(IndexLagCollector(index_figures))
    return generate_latest(registry)


def record_import(format_name: str, outcome: str, created: int, updated: int, unchanged: int) -> None:
    IMPORTS.labels(format_name, outcome).inc()
    for change, count in (("created", created), ("updated", updated), ("unchanged", unchanged)):
        if count:
            IMPORTED_LAWS.labels(format_name, change).inc(count)

