"""The index follows the database whatever happens to a process, and on every host:
kill -9 in the middle of the index write, two app hosts on one PostgreSQL, kill -9 on a
rebuild with worker processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

from conftest import FIXTURES, empty_postgresql_schema
from flask import Flask
from sqlalchemy import create_engine

from lawreg import create_app
from lawreg.db import get_database
from lawreg.migrate import upgrade
from lawreg.search import SearchRequest
from lawreg.services import search as search_service

from .hosts import PROJECT, host_env, is_running, run_lawreg, run_python, serving, wait_until

LAWS = FIXTURES / "importers" / "laws.jsonl"
BUDGET = "budget-procedure-act-2561"

# Imports LAWS and dies (SIGKILL) after the index writer has added the documents of the
# first law but before it commits: the database commit stands, the index write is lost.
KILLED_MID_INDEX_WRITE = f"""
import os, signal
import importers
import search_index.index as index_module
from lawreg import create_app

original = index_module._replace_changed

def dying(*args, **kwargs):
    original(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)

index_module._replace_changed = dying
app = create_app()
with app.app_context():
    importers.run("jsonl", {str(LAWS)!r})
"""


def host_app(instance: Path, database_url: str) -> Flask:
    return create_app({
        "TESTING": True, "INSTANCE_PATH": str(instance), "DATABASE_URL": database_url,
        "INDEX_DIR": str(instance / "index"), "INDEX_SYNC_INTERVAL": 0,
    })


def index_check(app: Flask) -> search_service.IndexCheck:
    with app.app_context(), get_database().session() as session:
        return search_service.check_index(session)


def test_kill_9_in_the_index_write_is_caught_up_by_the_next_search(app: Flask, tmp_path: Path) -> None:
    instance = tmp_path / "host"
    url = app.config["DATABASE_URL"]
    killed = run_python(KILLED_MID_INDEX_WRITE, host_env(instance, url))
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    restarted = host_app(instance, url)
    try:
        drift = index_check(restarted)
        assert BUDGET in drift.missing  # committed, never indexed: the finding of issue 10
        with restarted.app_context():
            hits = search_service.search(SearchRequest(text="วิธีการงบประมาณ")).hits
        assert BUDGET in {hit.law_key for hit in hits}
        assert index_check(restarted).in_sync
    finally:
        with restarted.app_context():
            get_database().engine.dispose()


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def search_page(base: str, text: str, **filters: str) -> str:
    return fetch(f"{base}/search?" + urllib.parse.urlencode({"q": text, **filters}))


def test_a_write_on_one_host_is_searchable_on_the_other_within_seconds(tmp_path: Path) -> None:
    with empty_postgresql_schema() as url:
        engine = create_engine(url)
        upgrade(engine)
        engine.dispose()
        host_a = host_env(tmp_path / "a", url, LAWREG_SECRET_KEY="shared-test-key")
        host_b = host_env(tmp_path / "b", url, LAWREG_SECRET_KEY="shared-test-key")
        with serving(host_b) as server_b:
            assert f"/laws/{BUDGET}" not in search_page(server_b, "วิธีการงบประมาณ")
            imported = run_lawreg(["import", "jsonl", str(LAWS), "--no-progress"], host_a)
            assert imported.returncode == 0, imported.stdout + imported.stderr
            seconds = wait_until(
                lambda: f"/laws/{BUDGET}" in search_page(server_b, "วิธีการงบประมาณ"), 10
            )
            assert seconds < 10

            repealed = tmp_path / "repealed.jsonl"
            record = json.loads(LAWS.read_text(encoding="utf-8").splitlines()[0])
            repealed.write_text(json.dumps({**record, "status": "repealed"}, ensure_ascii=False)
                                + "\n", encoding="utf-8")
            imported = run_lawreg(["import", "jsonl", str(repealed), "--no-progress"], host_a)
            assert imported.returncode == 0, imported.stdout + imported.stderr
            wait_until(lambda: f"/laws/{BUDGET}" not in search_page(
                server_b, "วิธีการงบประมาณ", status="in_force"), 10)
            assert f"/laws/{BUDGET}" in search_page(server_b, "วิธีการงบประมาณ", status="repealed")


# Starts a two-worker build whose reader stalls after the first chunk, prints the worker
# pids, and waits: the state of `lawreg index rebuild` while it reads the database.
STALLED_REBUILD = """
import multiprocessing, sys, tempfile, time
from pathlib import Path
from whoosh import index as whoosh_index
from search_index.rebuild import build_segments
from search_index.schema import build_schema

folder = Path(tempfile.mkdtemp())
schema = build_schema()
whoosh_index.create_in(str(folder), schema)

def documents():
    for number in range(600):
        yield {"doc_id": f"law#{number}", "kind": "section", "law_key": "law", "text": "มาตรา"}
    print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
    time.sleep(600)

build_segments(folder, schema, documents(), procs=2, chunk_size=100)
"""


def test_rebuild_workers_die_with_their_parent(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    parent = subprocess.Popen([sys.executable, "-c", STALLED_REBUILD], env=env, cwd=PROJECT,
                              stdout=subprocess.PIPE, text=True)
    workers: list[int] = []
    try:
        assert parent.stdout is not None
        workers = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(workers) == 2 and all(is_running(pid) for pid in workers)
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        wait_until(lambda: not any(is_running(pid) for pid in workers), 5)
    finally:
        parent.kill()
        for pid in workers:
            if is_running(pid):
                os.kill(pid, signal.SIGKILL)
