"""The /search page: results with safe highlights, facets, pagination, no-result help."""

from __future__ import annotations

from flask import Flask

from lawreg.records import LawRecord, SectionRecord

from .conftest import write

HOSTILE = LawRecord(
    key="hostile-act",
    title="พระราชบัญญัติ <b>ตัวหนา</b> พ.ศ. 2566",
    law_type="พระราชบัญญัติ",
    year_be=2566,
    sections=[SectionRecord(
        "1",
        "มาตรา 1 <script>alert('x')</script> ผู้ใดลักทรัพย์ <img src=x onerror=alert(1)> & \"quoted\"",
        "<i>หัวเรื่อง</i>",
    )],
)


def page(app: Flask, query_string: str) -> tuple[int, str]:
    response = app.test_client().get(f"/search?{query_string}")
    return response.status_code, response.get_data(as_text=True)


def test_results_link_to_sections_and_laws_with_highlights(searchable: Flask) -> None:
    status, html = page(searchable, "q=ขโมย")
    assert status == 200
    assert 'href="/laws/criminal-code/sections/334"' in html
    assert 'href="/laws/criminal-code"' in html
    assert "<mark>ลักทรัพย์</mark>" in html
    assert "ลักทรัพย์" in html and "ขโมย" in html  # the synonym is explained


def test_hostile_text_is_escaped_before_matches_are_marked(registry: Flask) -> None:
    write(registry, HOSTILE)
    status, html = page(registry, "q=ลักทรัพย์&law=hostile-act")
    assert status == 200
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<b>ตัวหนา</b>" not in html and "<i>หัวเรื่อง</i>" not in html
    assert "<mark>ลักทรัพย์</mark>" in html


def test_a_hostile_query_is_escaped(searchable: Flask) -> None:
    status, html = page(searchable, "q=%3Cscript%3Ealert(1)%3C/script%3E%22%3E")
    assert status == 200
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_facets_show_counts_and_link_to_filters(searchable: Flask) -> None:
    status, html = page(searchable, "q=มาตรา")
    assert status == 200
    assert "ประมวลกฎหมายอาญา</a> (6)" in html
    assert "law=criminal-code" in html
    status, html = page(searchable, "q=มาตรา&law=criminal-code")
    assert "<strong>ประมวลกฎหมายอาญา</strong> (6)" in html
    assert "civil-commercial-code/sections" not in html


def test_pagination_links_keep_the_query(searchable: Flask) -> None:
    searchable.config["PAGE_SIZE"] = 5
    try:
        status, html = page(searchable, "q=มาตรา&page=2")
    finally:
        searchable.config["PAGE_SIZE"] = 20
    assert status == 200
    assert 'rel="prev"' in html and "page=1" in html and "q=%E0%B8%A1" in html


def test_no_results_suggest_dropping_filters_and_legal_terms(searchable: Flask) -> None:
    status, html = page(searchable, "q=ขโมย&group=ครอบครัว และมรดก")
    assert status == 200
    assert "พบ 2 รายการหากไม่ใช้ตัวกรอง" in html  # ขโมย finds 334 and 335 without the filter
    status, html = page(searchable, "q=ลักทรัพ")  # misspelt: the index knows ลักทรัพย์
    assert status == 200
    assert 'href="/search?q=%E0%B8%A5%E0%B8%B1%E0%B8%81%E0%B8%97%E0%B8%A3%E0%B8%B1%E0%B8%9E%E0%B8%A2%E0%B9%8C"' in html


def test_bad_input_gives_a_message_not_an_error(searchable: Flask) -> None:
    for query_string in ("q=", "q=%01", "q=(((", "q=AND+OR+NOT", "q=" + "ก" * 10000,
                         "q=ขโมย&year_from=abc&page=-3&sort=evil", "q=%22ลักทรัพย์"):
        status, html = page(searchable, query_string)
        assert status == 200, query_string
    status, html = page(searchable, "q=%00%01")  # NUL is refused for every page (issue 10)
    assert status == 400 and "<h1>" in html
    status, html = page(searchable, "q=ขโมย&year_from=abc")
    assert "abc" in html and "2560" in html  # the refused year is named with an example
