"""The on-disk index: per-law replacement, atomic rebuilds, locking between writers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh.util.filelock import FileLock

from lawreg.search import IndexBusy
from search_index import index as index_module
from search_index.index import WRITE_LOCK_FILE, SearchIndex
from search_index.schema import KIND_LAW, KIND_SECTION


def documents(law_key: str, sections: int, word: str = "ลักทรัพย์") -> list[dict]:
    law = {"doc_id": law_key, "kind": KIND_LAW, "law_key": law_key, "law_title": f"กฎหมาย {law_key}",
           "doc_count": sections + 1, "content_hash": f"{law_key}-{sections}-{word}"}
    return [law] + [
        {"doc_id": f"{law_key}#{n}", "kind": KIND_SECTION, "law_key": law_key,
         "section": str(n), "text": f"มาตรา {n} ผู้ใด{word}"}
        for n in range(1, sections + 1)
    ]


def counts(index: SearchIndex) -> dict[str, int]:
    return {key: state.doc_count for key, state in index.law_states().items()}


def test_replace_law_swaps_all_documents_of_that_law_only(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index")
    index.replace_law("a", documents("a", 3))
    index.replace_law("b", documents("b", 2))
    index.replace_law("a", documents("a", 1))
    assert counts(index) == {"a": 2, "b": 3}
    assert index.law_document_ids("a") == ["a", "a#1"]
    state = index.law_states()["a"]
    assert state.expected_count == 2 and state.content_hash == "a-1-ลักทรัพย์"
    index.delete_law("b")
    assert counts(index) == {"a": 2}


def test_a_failed_rebuild_leaves_the_old_index_in_use(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index")
    index.replace_law("a", documents("a", 2))
    before = index.generation()

    def laws() -> Iterator[list[dict]]:
        yield documents("x", 5)
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        index.rebuild(laws())
    assert index.generation() == before
    assert counts(index) == {"a": 3}
    assert not list((tmp_path / "index").glob("build-*"))


def test_rebuild_switches_generation_and_removes_the_old_one(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index")
    index.replace_law("a", documents("a", 2))
    old = index.generation()
    report = index.rebuild([documents("b", 4), documents("c", 1)])
    assert (report.laws, report.documents) == (2, 7)
    assert index.generation() != old
    assert not (tmp_path / "index" / old).exists()
    assert counts(index) == {"b": 5, "c": 2}
    # incremental updates go to the new generation
    index.replace_law("a", documents("a", 1))
    assert counts(index) == {"a": 2, "b": 5, "c": 2}


def test_two_threads_writing_at_once_leave_a_consistent_index(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index")
    errors: list[BaseException] = []

    def writer(law_key: str) -> None:
        own = SearchIndex(tmp_path / "index")  # as a second request or process would
        try:
            for round_number in range(12):
                own.replace_law(law_key, documents(law_key, 1 + round_number % 4, f"คำ{round_number}"))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(key,)) for key in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    # last round 11: 11 % 4 + 1 = 4 sections, plus the law document
    assert counts(index) == {"a": 5, "b": 5}
    assert {s.content_hash for s in index.law_states().values()} == {"a-4-คำ11", "b-4-คำ11"}


def test_a_writer_waits_for_the_lock_then_gives_up_clearly(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index", write_timeout=0.3)
    index.replace_law("a", documents("a", 1))
    lock = FileLock(str(tmp_path / "index" / index.generation() / WRITE_LOCK_FILE))
    assert lock.acquire(False)
    try:
        with pytest.raises(IndexBusy, match="locked"):
            index.replace_law("a", documents("a", 3))
    finally:
        lock.release()
    assert counts(index) == {"a": 2}  # nothing was written
    index.replace_law("a", documents("a", 3))
    assert counts(index) == {"a": 4}


def test_a_lock_file_left_by_a_crashed_writer_does_not_block(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index", write_timeout=0.3)
    index.replace_law("a", documents("a", 1))
    # A crashed process leaves the lock file; its flock died with it.
    (tmp_path / "index" / index.generation() / WRITE_LOCK_FILE).write_text("")
    index.replace_law("a", documents("a", 2))
    assert counts(index) == {"a": 3}


def test_documents_derived_by_another_version_read_as_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A change to what the index derives from a text (search_index.index.DERIVATION) makes
    the documents written before it stale, although the database's hash is the same."""
    index = SearchIndex(tmp_path / "index")
    law = documents("a", 2)
    for section in law[1:]:
        section["content_hash"] = f"h-{section['doc_id']}"
    with monkeypatch.context() as patch:
        patch.setattr(index_module, "DERIVATION", "0")
        index.replace_law("a", law)
        assert index.law_states()["a"].content_hash == "a-2-ลักทรัพย์"
    assert index.law_states()["a"].content_hash is None  # stale: `index check` repairs it
    written: list[str] = []
    real = index_module.clean_document
    monkeypatch.setattr(index_module, "clean_document", lambda d: written.append(d["doc_id"]) or real(d))
    index.replace_law("a", law)  # the next write of the law rewrites every document
    assert sorted(written) == ["a", "a#1", "a#2"]
    assert index.law_states()["a"].content_hash == "a-2-ลักทรัพย์"
    written.clear()
    index.replace_law("a", law)  # and then nothing more
    assert written == []
