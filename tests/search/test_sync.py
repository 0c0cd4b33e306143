"""Keeping the index in step with the database: commit listener, rebuild, check and repair."""

from __future__ import annotations

import dataclasses

import pytest
from flask import Flask
from sqlalchemy import select, update
from whoosh.util.filelock import FileLock

from lawreg.db import get_database
from lawreg.models import Section, SectionVersion
from lawreg.records import LawRecord, SectionRecord
from lawreg.search import SearchRequest
from lawreg.services import Actor, search_documents, unit_of_work
from lawreg.services import search as search_service
from lawreg.services.laws import upsert_law
from search_index.index import WRITE_LOCK_FILE
from search_index.priors import citation_counts

from .conftest import CIVIL, CRIMINAL, write

NEW_LAW = LawRecord(
    key="test-zebra-act",
    title="พระราชบัญญัติคุ้มครองม้าลาย พ.ศ. 2567",
    law_type="พระราชบัญญัติ",
    year_be=2567,
    sections=[SectionRecord("1", "มาตรา 1 ห้ามมิให้ผู้ใดล่าม้าลายในเขตอนุรักษ์")],
)


def doc_ids(app: Flask, text: str) -> list[str]:
    with app.app_context():
        return [h.doc_id for h in search_service.search(SearchRequest(text=text)).hits]


def check(app: Flask, repair: bool = False) -> search_service.IndexCheck:
    with app.app_context(), get_database().session() as session:
        return search_service.check_index(session, repair=repair)


def test_a_committed_write_is_searchable_right_away(registry: Flask) -> None:
    assert doc_ids(registry, "ม้าลาย") == []
    write(registry, NEW_LAW)
    assert set(doc_ids(registry, "ม้าลาย")[:2]) == {"test-zebra-act#1", "test-zebra-act"}


def test_an_amended_section_is_found_by_its_new_words_only(registry: Flask) -> None:
    changed = dataclasses.replace(
        CIVIL, sections=[SectionRecord("1336", "มาตรา 1336 เจ้าของทรัพย์สินมีสิทธิเลี้ยงยีราฟ")]
    )
    write(registry, changed)
    assert doc_ids(registry, "ยีราฟ") == ["civil-commercial-code#1336"]
    assert "civil-commercial-code#1336" not in doc_ids(registry, "ดอกผล")


def test_a_rolled_back_write_is_not_searchable(registry: Flask) -> None:
    with registry.app_context(), pytest.raises(RuntimeError), unit_of_work(Actor("test")) as work:
        upsert_law(work, NEW_LAW)
        raise RuntimeError("the officer cancelled")
    assert doc_ids(registry, "ม้าลาย") == []
    assert check(registry).in_sync


def test_check_finds_and_repairs_drift(registry: Flask) -> None:
    assert check(registry).in_sync
    with registry.app_context():
        index = search_service.get_index()
        index.delete_law("criminal-code")  # behind the service's back
        # a law the database does not have
        index.replace_law("ghost-act", [{"doc_id": "ghost-act", "kind": "law",
                                         "law_key": "ghost-act", "law_title": "ผี"}])
        with get_database().session() as session:  # text changed without the listener
            version_id = session.scalar(
                select(SectionVersion.id).join(Section).where(Section.number == "420")
            )
            session.execute(update(SectionVersion).where(SectionVersion.id == version_id)
                            .values(text="มาตรา 420 ข้อความที่แก้ไขโดยตรง"))
            session.commit()
    found = check(registry)
    assert found.missing == ["criminal-code"]
    assert found.stale == ["civil-commercial-code"]
    assert found.extra == ["ghost-act"]
    assert doc_ids(registry, "ลักทรัพย์") == []

    repaired = check(registry, repair=True)
    assert repaired.repaired
    assert check(registry).in_sync
    assert doc_ids(registry, "ลักทรัพย์")[0] == "criminal-code#334"
    assert doc_ids(registry, "แก้ไขโดยตรง") == ["civil-commercial-code#420"]


def test_rebuild_replaces_the_index_with_the_database(registry: Flask) -> None:
    with registry.app_context():
        index = search_service.get_index()
        index.delete_law("civil-commercial-code")
        before = index.generation()
        with get_database().session() as session:
            report = search_service.rebuild_index(session)
        assert index.generation() != before
    assert report.laws == 5 and report.documents == 5 + 6 + 4 + 2 + 2
    assert check(registry).in_sync
    assert doc_ids(registry, "ป.พ.พ. มาตรา 1336")[0] == "civil-commercial-code#1336"


def test_a_locked_index_does_not_lose_the_commit(registry: Flask) -> None:
    registry.config["INDEX_WRITE_TIMEOUT"] = 0.2
    with registry.app_context():
        search_service.get_index().write_timeout = 0.2
        generation = search_service.get_index().generation()
        folder = search_service.get_index().directory / generation
    lock = FileLock(str(folder / WRITE_LOCK_FILE))
    assert lock.acquire(False)
    try:
        write(registry, NEW_LAW)  # commits; the index write gives up and is logged
    finally:
        lock.release()
    found = check(registry)
    assert found.missing == ["test-zebra-act"]
    check(registry, repair=True)
    assert "test-zebra-act#1" in doc_ids(registry, "ม้าลาย")


def test_law_documents_carry_law_fields_and_a_hash(registry: Flask) -> None:
    with registry.app_context(), get_database().session() as session:
        law = search_documents.load_laws(session, ["criminal-code"])[0]
        documents = search_documents.law_documents(law)
    law_doc, *sections = documents
    assert law_doc["doc_id"] == "criminal-code" and law_doc["kind"] == "law"
    assert law_doc["doc_count"] == len(CRIMINAL.sections) + 1
    assert {d["doc_id"] for d in sections} >= {"criminal-code#334", "criminal-code#277 ทวิ"}
    assert all(d["agency"] == "สำนักนายกรัฐมนตรี,สำนักงานคณะกรรมการกฤษฎีกา" for d in documents)
    assert all(d["law_title"] == "ประมวลกฎหมายอาญา" and d["year_be"] == 2499 for d in documents)
    assert law_doc["content_hash"] == search_documents.content_hash(documents)


def times_cited(app: Flask, doc_id: str) -> float:
    """The citation count the index holds for ``doc_id`` (its ranking prior)."""
    with app.app_context(), search_service.get_index().searcher() as searcher:
        docnum = searcher.document_number(doc_id=doc_id)
        assert docnum is not None
        return float(citation_counts(searcher)[docnum])


def test_the_index_follows_how_often_a_section_is_cited(registry: Flask) -> None:
    citing = LawRecord(
        key="test-shop-act", title="พระราชบัญญัติร้านค้า พ.ศ. 2567", law_type="พระราชบัญญัติ",
        year_be=2567,
        sections=[SectionRecord("5", "มาตรา 5 ผู้ใดลักสินค้าในร้าน ให้ถือว่ากระทำความผิดตามมาตรา 334 "
                                     "แห่งประมวลกฎหมายอาญา")],
    )
    assert times_cited(registry, "criminal-code#334") == 0
    write(registry, citing)  # another law's commit re-indexes the cited law's section
    assert times_cited(registry, "criminal-code#334") == 1
    assert times_cited(registry, "criminal-code#335") == 0
    assert check(registry).in_sync
    write(registry, dataclasses.replace(citing, sections=[SectionRecord("5", "มาตรา 5 ร้านค้าต้องติดป้าย")]))
    assert times_cited(registry, "criminal-code#334") == 0
    assert check(registry).in_sync
