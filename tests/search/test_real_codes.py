"""Search quality on the four real Thai codes (3,105 sections) of ../shared/data."""

from __future__ import annotations

import pytest
from flask import Flask

from lawreg.db import get_database
from lawreg.search import SearchRequest
from lawreg.services import search as search_service

pytestmark = pytest.mark.shared_data


def top(app: Flask, text: str, n: int = 3) -> list[str]:
    with app.app_context():
        results = search_service.search(SearchRequest(text=text, per_page=n, facets=False))
    return [hit.doc_id for hit in results.hits]


@pytest.mark.parametrize(
    ("query", "expected", "within"),
    [
        ("ขโมย", "criminal-code#334", 3),
        ("โดนโกง", "criminal-code#341", 3),
        ("ฆ่าคนตาย", "criminal-code#288", 3),
        ("เช่าบ้าน", "civil-commercial-code#537", 10),
        ("ขับรถชนคนตาย", "criminal-code#291", 1),
        ("เพื่อนยืมเงินไม่คืน", "civil-commercial-code#653", 3),
        ("ประกันตัว", "criminal-procedure-code#106|criminal-procedure-code#107|criminal-procedure-code#108", 3),
        ("ลักทรัพย์", "criminal-code#334", 1),
        ("ครอบครองปรปักษ์", "civil-commercial-code#1382", 3),
        ("theft", "criminal-code#334", 3),
        ("adverse possession", "civil-commercial-code#1382", 3),
        ("ป.พ.พ. มาตรา 1336", "civil-commercial-code#1336", 1),
        ("มาตรา ๒๘๘ ป.อ.", "criminal-code#288", 1),
        ("ป.วิ.อ. ม.134/1", "criminal-procedure-code#134/1", 1),
        ("277ทวิ ป.อ.", "criminal-code#277 ทวิ", 1),
        ("มาตรา 420", "civil-commercial-code#420", 1),
        ("ประมวลกฎหมายวิธีพิจารณาความแพ่ง", "civil-procedure-code", 1),
    ],
)
def test_the_right_section_comes_near_the_top(
    codes: Flask, query: str, expected: str, within: int
) -> None:
    """``expected``: the answer, or answers separated by "|" when several are right."""
    assert set(expected.split("|")) & set(top(codes, query, within))


def test_the_index_matches_the_database(codes: Flask) -> None:
    with codes.app_context(), get_database().session() as session:
        assert search_service.check_index(session).in_sync
