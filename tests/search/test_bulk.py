"""The bulk rebuild path: the same index as Whoosh's own writer, in a fraction of the time.

Every comparison below is between an index written by :func:`search_index.rebuild.build_segments`
and one written by Whoosh's ``IndexWriter`` from the same documents: the registry's sample
laws (real excerpts of the four codes) as the rebuild reads them from the database.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from whoosh import index as whoosh_index
from whoosh import scoring
from whoosh.qparser import MultifieldParser, QueryParser
from whoosh.reading import IndexReader

from lawreg.db import get_database
from lawreg.records import LawRecord, SectionRecord, VersionRecord
from lawreg.search import IndexBuildFailed
from lawreg.services import search_documents
from search_index.analysis import index_positions, thai_analyzer
from search_index.index import SearchIndex, clean_document
from search_index.rebuild import build_segments
from search_index.schema import FIELD_BOOSTS, KIND_SECTION, build_schema

from .conftest import write

AMENDED = LawRecord(
    key="test-amended-act",
    title="พระราชบัญญัติทดสอบการแก้ไข พ.ศ. 2560",
    law_type="พระราชบัญญัติ",
    year_be=2560,
    agency="กระทรวงยุติธรรม > กรมบังคับคดี",
    subject_groups=["ศาล และกระบวนการยุติธรรม", "ครอบครัว และมรดก"],
    sections=[
        SectionRecord("5", heading="ค่าธรรมเนียม", chapter_path=["หมวด 1 บททั่วไป"], versions=[
            VersionRecord("มาตรา 5 ค่าธรรมเนียมฉบับเดิม", date(2560, 1, 1), date(2565, 1, 1)),
            VersionRecord("มาตรา 5 ค่าธรรมเนียมฉบับแก้ไข", date(2565, 1, 1)),
        ]),
        SectionRecord("4", "มาตรา 4 ในพระราชบัญญัตินี้"),
    ],
)
QUERIES = [
    "ลักทรัพย์",
    "ค่าสินไหมทดแทน",
    "กู้เงิน",
    'text:"ผู้ใด ลักทรัพย์"',
    'heading:"ลักทรัพย์ และ โทษ"',
    "ทนายความ สอบสวน",
    "ป.อ.",
    "law_title_en:criminal",
    "year_be:[2470 TO 2500]",
    "status:repealed",
    "agency:กระทรวงการคลัง",
    "มาตรา 134/1",
]


@pytest.fixture(scope="module")
def sample_documents(searchable: Flask) -> list[dict[str, Any]]:
    """The sample registry's documents, read the way the rebuild reads them."""
    with searchable.app_context(), get_database().session() as session:
        return [clean_document(doc) for law in search_documents.iter_law_documents(session)
                for doc in law]


def whoosh_writer_index(path: Path, documents: list[dict[str, Any]]) -> whoosh_index.FileIndex:
    path.mkdir()
    index = whoosh_index.create_in(str(path), build_schema())
    writer = index.writer()
    for document in documents:
        writer.add_document(**document)
    writer.commit()
    return whoosh_index.open_dir(str(path))


def bulk_index(path: Path, documents: list[dict[str, Any]], procs: int) -> whoosh_index.FileIndex:
    path.mkdir()
    index = whoosh_index.create_in(str(path), build_schema())
    count = build_segments(path, index.schema, documents, procs=procs, chunk_size=4)
    assert count == len(documents)
    return whoosh_index.open_dir(str(path))


def column_value(reader: IndexReader, name: str, docnum: int) -> Any:
    """A document's column value read from its segment: Whoosh's multi-segment column reader
    fails when no segment has the column (a field no document has a value for yet)."""
    for segment, offset in reader.leaf_readers():
        if offset <= docnum < offset + segment.doc_count_all():
            return segment.column_reader(name)[docnum - offset]
    raise IndexError(docnum)


def postings(reader: IndexReader, field: str, term: bytes) -> list[tuple[str, float, bytes]]:
    """(doc id, weight, decoded value) of every posting: docnums differ between indexes
    with different segment layouts, so postings name their document."""
    fmt = reader.schema[field].format
    matcher = reader.postings(field, term)
    found = []
    while matcher.is_active():
        doc_id = reader.stored_fields(matcher.id())["doc_id"]
        value = matcher.value()
        decoded = fmt.decode_positions(value) if fmt.supports("positions") else value
        found.append((doc_id, matcher.weight(), decoded))
        matcher.next()
    return sorted(found)


def term_stats(reader: IndexReader, field: str, term: bytes) -> tuple[Any, ...]:
    info = reader.term_info(field, term)
    return (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
            info.max_weight())


def search_scores(index: whoosh_index.FileIndex, query: str) -> dict[str, float]:
    fields = list(FIELD_BOOSTS)
    parser = MultifieldParser(fields, index.schema, fieldboosts=FIELD_BOOSTS)
    with index.searcher(weighting=scoring.BM25F()) as searcher:
        return {hit["doc_id"]: hit.score for hit in searcher.search(parser.parse(query), limit=None)}


def test_the_rebuilds_reader_gives_the_listeners_documents(registry: Flask) -> None:
    """Plain selects, batch by batch, make the same documents (and hashes) as the ORM
    objects the commit listener reads."""
    write(registry, AMENDED)
    with registry.app_context(), get_database().session() as session:
        read = list(search_documents.iter_law_documents(session, batch=2))
        loaded = [search_documents.law_documents(law) for law in search_documents.load_laws(session)]
    assert read == loaded
    amended = next(docs for docs in read if docs[0]["law_key"] == AMENDED.key)
    assert [doc.get("text") for doc in amended[1:]] == [
        "มาตรา 4 ในพระราชบัญญัตินี้", "มาตรา 5 ค่าธรรมเนียมฉบับแก้ไข"]
    assert amended[2]["chapter"] == "หมวด 1 บททั่วไป"
    assert amended[0]["agency"] == "กระทรวงยุติธรรม,กรมบังคับคดี"


def test_fast_analysis_gives_the_analyzers_terms_and_positions(
    sample_documents: list[dict[str, Any]],
) -> None:
    analyzer = thai_analyzer()
    texts = [doc[name] for doc in sample_documents
             for name in ("text", "heading", "law_title", "chapter", "abbreviations_text")
             if name in doc]
    texts += ["การกู้เงินของรัฐบาล และการกู้เงิน", "“ลักทรัพย์” (ก) — ลักทรัพย์ ๑๓๔/๑ Leases SMS",
              "คํา\u200bพิพากษา  \n\n  ความรับผิด", "", "  (  ) — "]
    for text in texts:
        expected: dict[str, list[int]] = {}
        for token in analyzer(text, positions=True, mode="index"):
            expected.setdefault(token.text, []).append(token.pos)
        assert index_positions(text) == expected, text


@pytest.mark.parametrize("procs", [1, 2])
def test_bulk_index_equals_the_whoosh_writers(
    sample_documents: list[dict[str, Any]], tmp_path: Path, procs: int
) -> None:
    expected = whoosh_writer_index(tmp_path / "whoosh", sample_documents)
    built = bulk_index(tmp_path / "bulk", sample_documents, procs)
    assert len(built._segments()) == (1 if procs == 1 else 2)
    with expected.reader() as want, built.reader() as got:
        assert got.doc_count() == want.doc_count() == len(sample_documents)
        terms = list(want.all_terms())
        assert list(got.all_terms()) == terms  # the same lexicon, field by field
        for field, term in terms:
            assert term_stats(got, field, term) == term_stats(want, field, term), (field, term)
            assert postings(got, field, term) == postings(want, field, term), (field, term)

        def by_doc_id(reader: IndexReader) -> dict[str, int]:
            return {fields["doc_id"]: n for n, fields in reader.iter_docs()}

        want_docs, got_docs = by_doc_id(want), by_doc_id(got)
        assert set(got_docs) == set(want_docs)
        schema = want.schema
        for doc_id, want_n in want_docs.items():
            got_n = got_docs[doc_id]
            assert got.stored_fields(got_n) == want.stored_fields(want_n)
            for name in schema.scorable_names():
                assert got.doc_field_length(got_n, name) == want.doc_field_length(want_n, name)
            for name in schema.names():
                if schema[name].column_type:
                    assert (column_value(got, name, got_n)
                            == column_value(want, name, want_n)), (doc_id, name)
        for name in schema.scorable_names():
            assert got.field_length(name) == want.field_length(name)
            if not want.field_length(name):
                continue  # no length column to read
            assert got.min_field_length(name) == want.min_field_length(name)
            assert got.max_field_length(name) == want.max_field_length(name)
    for query in QUERIES:
        scores = search_scores(built, query)
        assert scores, query
        assert scores == search_scores(expected, query), query


def test_incremental_updates_deletes_and_merges_after_a_bulk_rebuild(
    sample_documents: list[dict[str, Any]], tmp_path: Path
) -> None:
    laws: dict[str, list[dict[str, Any]]] = {}
    for document in sample_documents:
        laws.setdefault(document["law_key"], []).append(document)
    index = SearchIndex(tmp_path / "index")
    report = index.rebuild(laws.values(), procs=2)
    assert report.documents == len(sample_documents)

    def hits(text: str) -> list[str]:
        parser = QueryParser("text", index.open().schema)
        with index.searcher() as searcher:
            return sorted(hit["doc_id"] for hit in searcher.search(parser.parse(text), limit=None))

    assert hits("ลักทรัพย์") == ["criminal-code#334", "criminal-code#335"]
    edited = [dict(doc) for doc in laws["criminal-code"]]
    section = next(doc for doc in edited if doc.get("section") == "288")
    section.update(text="มาตรา 288 ผู้ใดลักทรัพย์ผู้อื่น", content_hash="edited")
    index.apply({"criminal-code": edited, "civil-commercial-code": None})
    assert hits("ลักทรัพย์") == ["criminal-code#288", "criminal-code#334", "criminal-code#335"]
    assert hits("ค่าสินไหมทดแทน") == []
    assert "civil-commercial-code" not in index.law_states()
    assert index.doc_count() == len(sample_documents) - len(laws["civil-commercial-code"])

    writer = index.open().writer()
    writer.commit(optimize=True)  # Whoosh merges the bulk segments and the update's
    assert len(index.open()._segments()) == 1
    assert hits("ลักทรัพย์") == ["criminal-code#288", "criminal-code#334", "criminal-code#335"]
    states = index.law_states()
    assert states["criminal-code"].doc_count == len(edited)


def failing_laws(laws: list[list[dict[str, Any]]]) -> Iterator[list[dict[str, Any]]]:
    yield from laws
    raise RuntimeError("the database went away")


@pytest.mark.parametrize("failure", ["reader", "worker"])
def test_a_failure_mid_rebuild_leaves_the_old_generation_in_use(
    sample_documents: list[dict[str, Any]], tmp_path: Path, failure: str
) -> None:
    index = SearchIndex(tmp_path / "index")
    index.rebuild([sample_documents], procs=1)
    before = index.generation()
    sections = [doc for doc in sample_documents if doc["kind"] == KIND_SECTION]
    many = [[{**doc, "doc_id": f"{doc['doc_id']}-{n}"} for doc in sections] for n in range(40)]
    if failure == "reader":
        with pytest.raises(RuntimeError, match="went away"):
            index.rebuild(failing_laws(many), procs=2)
    else:
        broken = [*many, [{**sections[0], "no_such_field": "x"}]]
        with pytest.raises(IndexBuildFailed, match="no_such_field"):
            index.rebuild(broken, procs=2)
    assert index.generation() == before
    assert index.doc_count() == len(sample_documents)
    assert not list((tmp_path / "index").glob("build-*"))
    assert not multiprocessing.active_children()
