"""Operations: liveness and readiness probes, request ids in JSON logs, Prometheus metrics."""

from __future__ import annotations

import errno
import json
import logging
import re
from pathlib import Path

import pytest
from conftest import FIXTURES
from flask import Flask
from sqlalchemy import create_engine

from lawreg import create_app
from lawreg.migrate import upgrade
from lawreg.request_log import JsonFormatter
from lawreg.services import index_sync
from search_index.index import SearchIndex

from .hosts import host_env, run_python

LAWS = FIXTURES / "importers" / "laws.jsonl"


def import_laws(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["import", "jsonl", str(LAWS), "--no-progress"])
    assert result.exit_code == 0, result.output


def test_healthz_answers_without_the_database(tmp_path: Path) -> None:
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "i"),
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'missing' / 'db.sqlite'}"})
    client = app.test_client()
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["database"] == "unreachable"


def test_readyz_waits_for_the_index_to_catch_up(
    app: Flask, runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.extensions[index_sync.EXTENSION_KEY].interval = 0
    client = app.test_client()
    assert client.get("/readyz").status_code == 200
    with monkeypatch.context() as patch:
        def no_space(self, changes):  # type: ignore[no-untyped-def]
            raise OSError(errno.ENOSPC, "No space left on device")

        patch.setattr(SearchIndex, "apply", no_space)
        runner.invoke(args=["import", "jsonl", str(LAWS), "--no-progress"])
        behind = client.get("/readyz")
    assert behind.status_code == 503
    body = behind.get_json()
    assert body["checks"]["database"] == "ok" and body["checks"]["index"]["lag"] >= 1
    ready = client.get("/readyz")  # the probe itself catches up
    assert ready.status_code == 200
    assert ready.get_json()["checks"]["index"] == {
        "outbox_head": body["checks"]["index"]["outbox_head"], "lag": 0, "caught_up": True}


def test_a_request_id_is_echoed_or_made_and_stamped_on_the_logs(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    client = app.test_client()
    with caplog.at_level(logging.INFO, logger="lawreg.request"):
        given = client.get("/healthz", headers={"X-Request-ID": "edge-42.a"})
        made = client.get("/healthz", headers={"X-Request-ID": "<script>"})
    assert given.headers["X-Request-ID"] == "edge-42.a"
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["X-Request-ID"])
    records = [r for r in caplog.records if r.name == "lawreg.request"]
    logged = [json.loads(JsonFormatter().format(record)) for record in records]
    assert [entry["request_id"] for entry in logged] == ["edge-42.a", made.headers["X-Request-ID"]]
    assert logged[0]["status"] == 200 and logged[0]["endpoint"] == "health.healthz"
    assert logged[0]["method"] == "GET" and logged[0]["duration_ms"] >= 0
    assert logged[0]["level"] == "INFO" and logged[0]["time"].endswith("+00:00")


def metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus text (0 when absent)."""
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in text.splitlines():
        sample, _, value = line.rpartition(" ")
        base, _, label_text = sample.partition("{")
        found = ",".join(sorted(label_text.rstrip("}").split(","))) if label_text else ""
        if base == name and found == wanted:
            return float(value)
    return 0.0


def test_metrics_count_requests_searches_imports_and_index_lag(app: Flask, runner) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    before = client.get("/metrics").get_data(as_text=True)
    import_laws(runner)
    client.get("/")
    client.get("/search?q=งบประมาณ")
    after = client.get("/metrics").get_data(as_text=True)
    home = {"endpoint": "public.home", "method": "GET"}
    assert (metric(after, "lawreg_http_request_duration_seconds_count", **home)
            == metric(before, "lawreg_http_request_duration_seconds_count", **home) + 1)
    assert metric(after, "lawreg_http_requests_total", **home, status="200") >= 1
    assert (metric(after, "lawreg_search_duration_seconds_count")
            == metric(before, "lawreg_search_duration_seconds_count") + 1)
    jsonl = {"format": "jsonl", "outcome": "committed"}
    assert metric(after, "lawreg_imports_total", **jsonl) == metric(before, "lawreg_imports_total", **jsonl) + 1
    assert metric(after, "lawreg_index_outbox_head") == 3
    assert "lawreg_index_lag_rows 0.0" in after


def test_metrics_can_require_a_token(app: Flask) -> None:
    app.config["METRICS_TOKEN"] = "scrape-secret"
    client = app.test_client()
    assert client.get("/metrics").status_code == 403
    allowed = client.get("/metrics", headers={"Authorization": "Bearer scrape-secret"})
    assert allowed.status_code == 200 and b"lawreg_index_outbox_head" in allowed.data


COUNT_AN_IMPORT = """
from lawreg.metrics import record_import
record_import("jsonl", "committed", created=3, updated=0, unchanged=1)
"""


def test_metrics_add_up_every_process_in_multiprocess_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under gunicorn each worker (and each `lawreg import`) writes its values to
    PROMETHEUS_MULTIPROC_DIR; a scrape of any worker reports them all."""
    folder = tmp_path / "prometheus"
    folder.mkdir()
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    env = host_env(tmp_path / "cli", url, PROMETHEUS_MULTIPROC_DIR=str(folder))
    for _ in range(2):  # two processes
        result = run_python(COUNT_AN_IMPORT, env)
        assert result.returncode == 0, result.stderr
    upgrade(create_engine(url))
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "web"), "DATABASE_URL": url})
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(folder))
    text = app.test_client().get("/metrics").get_data(as_text=True)
    assert metric(text, "lawreg_imports_total", format="jsonl", outcome="committed") == 2
    assert metric(text, "lawreg_import_laws_total", format="jsonl", change="created") == 6
    assert metric(text, "lawreg_import_laws_total", format="jsonl", change="unchanged") == 2


def test_metrics_answer_when_the_database_does_not(tmp_path: Path) -> None:
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "i"),
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'missing' / 'db.sqlite'}"})
    response = app.test_client().get("/metrics")
    assert response.status_code == 200
    assert b"lawreg_http_requests_total" in response.data
    assert b"lawreg_index_lag_rows" not in response.data
