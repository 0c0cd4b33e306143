"""The index outbox: a commit records the changed laws, and every index catches up from it
after a failed index write, on another host's index, after pruning and after a restore."""

from __future__ import annotations

import dataclasses
import errno
import json
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select, update

from lawreg import create_app
from lawreg.db import get_database
from lawreg.models import IndexOutbox
from lawreg.models.base import utcnow
from lawreg.search import SearchRequest
from lawreg.services import index_sync
from lawreg.services import search as search_service
from search_index.index import SearchIndex

from .conftest import CRIMINAL, write
from .test_sync import NEW_LAW, check, doc_ids


def outbox(app: Flask) -> list[tuple[int, str]]:
    with app.app_context(), get_database().session() as session:
        return [tuple(row) for row in session.execute(
            select(IndexOutbox.id, IndexOutbox.law_key).order_by(IndexOutbox.id))]


def cursor(app: Flask) -> int | None:
    return index_sync.read_cursor(Path(app.config["INDEX_DIR"]))


def no_throttle(app: Flask) -> None:
    app.extensions[index_sync.EXTENSION_KEY].interval = 0


def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """The index writer fails as it does when the disk is full."""

    def no_space(self, changes):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(SearchIndex, "apply", no_space)


def test_a_commit_records_its_laws_in_the_outbox_and_the_index_cursor(registry: Flask) -> None:
    before = outbox(registry)
    write(registry, NEW_LAW)
    after = outbox(registry)
    assert [key for _, key in after[len(before):]] == ["test-zebra-act"]
    assert cursor(registry) == after[-1][0]


def test_a_rolled_back_write_leaves_no_outbox_row(registry: Flask) -> None:
    before = outbox(registry)
    with pytest.raises(RuntimeError), registry.app_context():
        from lawreg.services import Actor, unit_of_work
        from lawreg.services.laws import upsert_law

        with unit_of_work(Actor("test")) as work:
            upsert_law(work, NEW_LAW)
            raise RuntimeError("cancelled")
    assert outbox(registry) == before


def test_a_full_disk_during_the_index_write_catches_up_on_the_next_search(
    registry: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_throttle(registry)
    with monkeypatch.context() as patch:
        full_disk(patch)
        write(registry, NEW_LAW)  # commits; the index write fails
    assert check(registry).missing == ["test-zebra-act"]
    assert cursor(registry) < outbox(registry)[-1][0]
    assert "test-zebra-act#1" in doc_ids(registry, "ม้าลาย")  # the search caught up first
    assert check(registry).in_sync
    assert cursor(registry) == outbox(registry)[-1][0]


def test_an_import_that_could_not_index_says_so_and_a_reimport_repairs(
    registry: Flask, runner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source = tmp_path / "zebra.jsonl"
    source.write_text(json.dumps({
        "key": NEW_LAW.key, "title": NEW_LAW.title, "type": NEW_LAW.law_type,
        "year_be": NEW_LAW.year_be,
        "sections": [{"number": "1", "text": NEW_LAW.sections[0].text}],
    }, ensure_ascii=False) + "\n", encoding="utf-8")
    with monkeypatch.context() as patch:
        full_disk(patch)
        failed = runner.invoke(args=["import", "jsonl", str(source), "--no-progress"])
    assert failed.exit_code == 3, failed.output
    assert "Committed." not in failed.output
    assert "search index is behind" in failed.output and "No space left" in failed.output
    assert check(registry).missing == ["test-zebra-act"]

    again = runner.invoke(args=["import", "jsonl", str(source), "--no-progress"])
    assert again.exit_code == 0, again.output
    assert "1 unchanged" in again.output and "Committed." in again.output
    assert check(registry).in_sync


def test_a_second_index_on_the_same_database_follows_the_first(
    registry: Flask, tmp_path: Path
) -> None:
    other = create_app({
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path / "host-b"),
        "DATABASE_URL": registry.config["DATABASE_URL"],
        "INDEX_DIR": str(tmp_path / "host-b" / "index"),
        "INDEX_SYNC_INTERVAL": 0,
    })
    try:
        assert doc_ids(other, "ลักทรัพย์")[0] == "criminal-code#334"  # a new host: full check
        write(registry, NEW_LAW, dataclasses.replace(CRIMINAL, status="repealed"))
        assert "test-zebra-act#1" in doc_ids(other, "ม้าลาย")
        with other.app_context():
            hits = search_service.search(SearchRequest(text="ลักทรัพย์", status="in_force")).hits
        assert not any(hit.law_key == CRIMINAL.key for hit in hits)
    finally:
        with other.app_context():
            get_database().engine.dispose()


def test_a_host_behind_the_pruned_outbox_compares_its_whole_index(registry: Flask) -> None:
    no_throttle(registry)
    write(registry, NEW_LAW)
    head = outbox(registry)[-1][0]
    with registry.app_context(), get_database().session() as session:
        session.execute(update(IndexOutbox).values(changed_at=utcnow() - timedelta(days=30)))
        assert index_sync.prune(session, days=14) == len(outbox(registry)) - 1
        session.commit()
    assert [row_id for row_id, _ in outbox(registry)] == [head]  # the newest row stays
    with registry.app_context():
        search_service.get_index().delete_law("criminal-code")  # drift the outbox cannot see
    index_sync.write_cursor(Path(registry.config["INDEX_DIR"]), head - 2)
    with registry.app_context():
        result = index_sync.catch_up()
    assert result is not None and result.full_check and result.cursor == head
    assert check(registry).in_sync


def test_an_index_ahead_of_the_outbox_is_compared_in_full(registry: Flask) -> None:
    """The database was restored from an older backup: the index cursor is past the head."""
    head = outbox(registry)[-1][0]
    index_sync.write_cursor(Path(registry.config["INDEX_DIR"]), head + 100)
    with registry.app_context():
        search_service.get_index().delete_law(CRIMINAL.key)
        result = index_sync.catch_up()
    assert result is not None and result.full_check and result.cursor == head
    assert check(registry).in_sync


def test_rebuild_moves_the_cursor_to_the_outbox_head(registry: Flask) -> None:
    index_sync.write_cursor(Path(registry.config["INDEX_DIR"]), 0)
    with registry.app_context(), get_database().session() as session:
        search_service.rebuild_index(session, procs=1)
    assert cursor(registry) == outbox(registry)[-1][0]


def test_index_sync_and_prune_commands(registry: Flask, runner) -> None:
    with registry.app_context():
        search_service.get_index().delete_law(CRIMINAL.key)
    index_sync.write_cursor(Path(registry.config["INDEX_DIR"]), 0)
    result = runner.invoke(args=["index", "sync"])
    assert result.exit_code == 0, result.output
    assert f"caught up to outbox id {outbox(registry)[-1][0]}" in result.output
    assert check(registry).in_sync  # the first rows re-indexed the deleted law
    result = runner.invoke(args=["index", "prune-outbox", "--days", "1"])
    assert result.exit_code == 0 and "0 outbox rows" in result.output


def test_a_later_commit_cannot_overtake_an_earlier_outbox_id(registry: Flask) -> None:
    """Writer 1 has taken its outbox id but not yet committed when writer 2 commits.  Were
    writer 2's larger id visible first, every index would move its cursor past writer 1's
    id and never apply it; the outbox lock (PostgreSQL) or the write lock (SQLite) makes
    writer 2 wait until writer 1 has committed."""
    import threading

    from lawreg.services import Actor, unit_of_work
    from lawreg.services.laws import upsert_law

    first_law = dataclasses.replace(NEW_LAW, key="test-first-act")
    second_law = dataclasses.replace(NEW_LAW, key="test-second-act")
    paused, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def first_writer() -> None:
        try:
            with registry.app_context():
                work = unit_of_work(Actor("first"))
                upsert_law(work, first_law)
                commit = work.session.commit

                def slow_commit() -> None:
                    paused.set()
                    release.wait(30)
                    commit()

                work.session.commit = slow_commit  # type: ignore[method-assign]
                with work:
                    pass
        except BaseException as error:
            errors.append(error)

    def second_writer() -> None:
        try:
            write(registry, second_law)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=first_writer), threading.Thread(target=second_writer)]
    threads[0].start()
    assert paused.wait(30)
    threads[1].start()
    threads[1].join(1.0)  # it waits for the first writer, or (without the lock) commits
    with registry.app_context():
        index_sync.catch_up()
    release.set()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    with registry.app_context():
        index_sync.catch_up()
    assert check(registry).in_sync
    assert {"test-first-act#1", "test-second-act#1"} <= set(doc_ids(registry, "ม้าลาย"))
