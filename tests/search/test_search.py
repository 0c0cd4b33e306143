"""Searching a registry: the right section first, facets that agree with the database."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from lawreg.db import get_database
from lawreg.models import Law, LawGroup, Section
from lawreg.search import SearchRequest, SearchResults
from lawreg.services import search as search_service


def run(app: Flask, text: str, **options: object) -> SearchResults:
    with app.app_context():
        return search_service.search(SearchRequest(text=text, **options))  # type: ignore[arg-type]


def first(app: Flask, text: str) -> str:
    results = run(app, text)
    assert results.hits, f"nothing found for {text!r}"
    return results.hits[0].doc_id


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ขโมย", "criminal-code#334"),
        ("โดนขโมยของ", "criminal-code#334"),
        ("โดนโกง", "criminal-code#341"),
        ("เช่าบ้าน", "civil-commercial-code#537"),
        ("เพื่อนยืมเงิน", "civil-commercial-code#653"),
        ("ขอทนาย ตอนตำรวจสอบปากคำ", "criminal-procedure-code#134/1"),
    ],
)
def test_everyday_words_find_the_section(searchable: Flask, query: str, expected: str) -> None:
    assert first(searchable, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ลักทรัพย์", "criminal-code#334"),
        ("ฉ้อโกง", "criminal-code#341"),
        ("ค่าสินไหมทดแทน ละเมิด", "civil-commercial-code#420"),
        ("ทำร้ายร่างกาย", "criminal-code#295"),
    ],
)
def test_legal_terms_find_the_section(searchable: Flask, query: str, expected: str) -> None:
    assert first(searchable, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ป.พ.พ. มาตรา 1336", "civil-commercial-code#1336"),
        ("มาตรา ๒๘๘ ป.อ.", "criminal-code#288"),
        ("ป.วิ.อ. ม.134/1", "criminal-procedure-code#134/1"),
        ("277ทวิ ป.อ.", "criminal-code#277 ทวิ"),
        ("มาตรา 420", "civil-commercial-code#420"),
        ("ประมวลกฎหมายอาญา มาตรา 334", "criminal-code#334"),
    ],
)
def test_a_citation_puts_its_section_first(searchable: Flask, query: str, expected: str) -> None:
    results = run(searchable, query)
    assert results.hits[0].doc_id == expected
    assert results.hits[0].pinned or "#" in expected


def test_citation_of_a_missing_section_says_so(searchable: Flask) -> None:
    results = run(searchable, "ป.อ. มาตรา 999")
    assert "section_not_found" in [n.code for n in results.notices]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theft", "criminal-code#334"),
        ("fraud", "criminal-code#341"),
        ("lease", "civil-commercial-code#537"),
        ("Bankruptcy Act", "bankruptcy-act-2483"),
    ],
)
def test_english_queries_reach_thai_law(searchable: Flask, query: str, expected: str) -> None:
    assert first(searchable, query) == expected


def test_english_title_words_reach_the_law(searchable: Flask) -> None:
    hits = run(searchable, "public debt").hits
    assert {hit.law_key for hit in hits} == {"public-debt-management-act-2548"}


@pytest.mark.parametrize(
    "query",
    [
        "พระราชบัญญัติล้มละลาย",
        "พระราชบัญญัติล้มละลาย พ.ศ. 2483",
        "พ.ร.บ.ล้มละลาย พุทธศักราช ๒๔๘๓",
    ],
)
def test_a_law_title_puts_that_law_first(searchable: Flask, query: str) -> None:
    results = run(searchable, query)
    assert results.hits[0].doc_id == "bankruptcy-act-2483"
    assert results.hits[0].section is None


def test_title_with_thai_year_finds_the_law_with_sections(searchable: Flask) -> None:
    results = run(searchable, "พระราชบัญญัติการบริหารหนี้สาธารณะ พ.ศ. ๒๕๔๘")
    assert results.hits[0].doc_id == "public-debt-management-act-2548"
    assert {h.law_key for h in results.hits[:3]} == {"public-debt-management-act-2548"}


def test_quoted_phrase_must_occur(searchable: Flask) -> None:
    results = run(searchable, '"ค่าสินไหมทดแทน"')
    assert [h.doc_id for h in results.hits] == ["civil-commercial-code#420"]


def test_snippet_marks_the_matched_words_on_word_boundaries(searchable: Flask) -> None:
    hit = run(searchable, "ขโมย").hits[0]
    marked = [s.text for s in hit.snippet if s.matched]
    assert "ลักทรัพย์" in marked
    assert "<mark>ลักทรัพย์</mark>" in hit.snippet_html


def section_counts(app: Flask, column) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with app.app_context(), get_database().session() as session:
        rows = session.execute(
            select(column, func.count(Section.id)).join(Section.law).group_by(column)
        )
        return {str(value): count for value, count in rows}


def test_facet_counts_equal_counts_from_the_database(searchable: Flask) -> None:
    # every section's text starts with "มาตรา": the query matches every section, no law doc
    results = run(searchable, "มาตรา", per_page=5)
    with searchable.app_context(), get_database().session() as session:
        total = session.scalar(select(func.count(Section.id)))
        groups = dict(
            session.execute(
                select(LawGroup.name, func.count(Section.id))
                .join(Law, Law.id == LawGroup.law_id)
                .join(Section, Section.law_id == Law.id)
                .group_by(LawGroup.name)
            ).all()
        )
    assert results.total == total
    assert dict(results.facets["law"]) == section_counts(searchable, Law.key)
    assert dict(results.facets["law_type"]) == section_counts(searchable, Law.law_type)
    assert dict(results.facets["status"]) == section_counts(searchable, Law.status)
    assert {int(k): v for k, v in results.facets["year"]} == {
        int(k): v for k, v in section_counts(searchable, Law.year_be).items()
    }
    assert dict(results.facets["group"]) == groups
    assert dict(results.facets["agency"])["สำนักงานคณะกรรมการกฤษฎีกา"] == 10


def test_filters_restrict_and_facets_follow(searchable: Flask) -> None:
    results = run(searchable, "มาตรา", law_type="ประมวลกฎหมาย", year_from=2470, year_to=2500)
    assert {h.law_key for h in results.hits} == {"criminal-code", "criminal-procedure-code"}
    assert dict(results.facets["law"]) == {"criminal-code": 6, "criminal-procedure-code": 2}
    repealed = run(searchable, "กู้เงิน", status="repealed")
    assert {h.law_key for h in repealed.hits} == {"public-debt-management-act-2548"}
    assert run(searchable, "ลักทรัพย์", group="ครอบครัว และมรดก").total == 0
    assert run(searchable, "ลักทรัพย์", agency="สำนักงานคณะกรรมการกฤษฎีกา").total > 0


def test_pagination_covers_every_result_once(searchable: Flask) -> None:
    everything = run(searchable, "มาตรา", per_page=100)
    seen: list[str] = []
    for page in range(1, 5):
        results = run(searchable, "มาตรา", per_page=4, page=page, facets=False)
        assert results.total == everything.total
        assert results.pages == -(-everything.total // 4)
        seen.extend(h.doc_id for h in results.hits)
    assert sorted(seen) == sorted(h.doc_id for h in everything.hits)
    assert len(seen) == len(set(seen))


def test_sort_by_year(searchable: Flask) -> None:
    newest = [h.year_be for h in run(searchable, "มาตรา", sort="year", per_page=50).hits]
    oldest = [h.year_be for h in run(searchable, "มาตรา", sort="year_asc", per_page=50).hits]
    assert newest == sorted(newest, reverse=True) and newest[0] == 2548
    assert oldest == sorted(oldest) and oldest[0] == 2468


@pytest.mark.parametrize(
    "query",
    ["", "AND OR NOT", "*", "(((", '"ลักทรัพย์', "\x00\x01\xff\ufffe", "ก" * 10_000,
     "ลักทรัพย์ " * 1000, "title:x OR doc_id:*", "มาตรา 99999999999999999999 ป.อ."],
)
def test_hostile_queries_never_raise(searchable: Flask, query: str) -> None:
    results = run(searchable, query)
    assert results.total >= 0
    if not results.hits:
        assert results.notices or results.total == 0
