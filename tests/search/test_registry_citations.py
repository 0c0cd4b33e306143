"""Citations resolve through the laws of the registry, whatever their keys.

The laws here are imported as canonical JSONL under keys that mean nothing ("law-a"), with
no stored abbreviations: "ป.อ." must still reach the criminal code by its title, the year
must pick among laws sharing a short name, and a law without text must say so.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result
from flask import Flask

from lawreg.search import SearchRequest, SearchResults
from lawreg.services import search as search_service

LAWS = [
    {"key": "law-a", "title": "ประมวลกฎหมายแพ่งและพาณิชย์", "type": "ประมวลกฎหมาย", "year_be": 2468,
     "sections": [{"number": "137", "text": "มาตรา 137 ทรัพย์ หมายความว่า วัตถุมีรูปร่าง"},
                  {"number": "420", "text": "มาตรา 420 ผู้ใดจงใจหรือประมาทเลินเล่อ ทำต่อบุคคลอื่นโดยผิดกฎหมาย"}]},
    {"key": "law-b", "title": "ประมวลกฎหมายอาญา", "type": "ประมวลกฎหมาย", "year_be": 2499,
     "sections": [{"number": "137", "text": "มาตรา 137 ผู้ใดแจ้งข้อความอันเป็นเท็จแก่เจ้าพนักงาน"},
                  {"number": "334", "text": "มาตรา 334 ผู้ใดเอาทรัพย์ของผู้อื่นไปโดยทุจริต ผู้นั้นกระทำความผิดฐานลักทรัพย์"}]},
    {"key": "law-c", "title": "พระราชบัญญัติล้างมลทินในวโรกาสที่พระบาทสมเด็จพระปรมินทรมหาภูมิพลอดุลยเดชมีพระชนมพรรษา 80 พรรษา พ.ศ. 2550",
     "type": "พระราชบัญญัติ", "year_be": 2550,
     "sections": [{"number": "4", "text": "มาตรา 4 ให้ล้างมลทินแก่บรรดาผู้ต้องโทษในกรณีต่าง ๆ ก่อนวันที่ 5 ธันวาคม 2550"}]},
    {"key": "law-d", "title": "พระราชบัญญัติล้างมลทินในวโรกาสที่พระบาทสมเด็จพระปรมินทรมหาภูมิพลอดุลยเดช ทรงมีพระชนมพรรษา 60 พรรษา พ.ศ. 2530",
     "type": "พระราชบัญญัติ", "year_be": 2530,
     "sections": [{"number": "4", "text": "มาตรา 4 ให้ล้างมลทินแก่บรรดาผู้ต้องโทษในกรณีต่าง ๆ ก่อนวันที่ 5 ธันวาคม 2530"}]},
    {"key": "law-e", "title": "พระราชบัญญัติสำหรับรักษาช้างป่า พระพุทธศักราช 2464", "type": "พระราชบัญญัติ",
     "year_be": 2464},
    {"key": "law-f", "title": "พระราชบัญญัติการพนัน พุทธศักราช 2478", "type": "พระราชบัญญัติ", "year_be": 2478,
     "sections": [{"number": "4", "text": "มาตรา 4 ห้ามมิให้ผู้ใดจัดให้มีการเล่นอันใดอันหนึ่ง"},
                  {"number": "5", "text": "มาตรา 5 ผู้ใดเข้าเล่นหรือเข้าพนันในการเล่นที่จัดให้มีขึ้น"}]},
    {"key": "law-g", "title": "พระราชบัญญัติการพนัน (ฉบับที่ 2) พุทธศักราช 2482", "type": "พระราชบัญญัติ",
     "year_be": 2482, "sections": [{"number": "4", "text": "มาตรา 4 ให้ยกเลิกความในมาตรา 4 แห่งพระราชบัญญัติการพนัน"}]},
]


@pytest.fixture
def registry(app: Flask, runner, tmp_path: Path) -> Flask:  # type: ignore[no-untyped-def]
    path = tmp_path / "laws.jsonl"
    path.write_text("".join(json.dumps(law, ensure_ascii=False) + "\n" for law in LAWS), encoding="utf-8")
    result: Result = runner.invoke(args=["import", "jsonl", str(path), "--no-progress"])
    assert result.exit_code == 0, result.output
    return app


def run(app: Flask, text: str, **options: object) -> SearchResults:
    with app.app_context():
        return search_service.search(SearchRequest(text=text, **options))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ป.อ. มาตรา 137", "law-b#137"),
        ("มาตรา 137 ป.อ.", "law-b#137"),
        ("ม.๑๓๗ ประมวลกฎหมายอาญา", "law-b#137"),
        ("ป.พ.พ. มาตรา 137", "law-a#137"),
        ("ปพพ.420", "law-a#420"),
        ("section 137 of the Criminal Code", "law-b#137"),
        ("Penal Code s. 334", "law-b#334"),
        ("ตามมาตรา 420 ป.พ.พ. ผู้ทำละเมิดต้องใช้ค่าสินไหมทดแทนอย่างไร", "law-a#420"),
        ("พ.ร.บ.การพนัน มาตรา 5", "law-f#5"),
    ],
)
def test_codes_under_unrelated_keys_resolve_by_title(registry: Flask, query: str, expected: str) -> None:
    results = run(registry, query)
    assert results.hits[0].doc_id == expected
    assert results.hits[0].pinned


def test_the_principal_act_comes_before_its_amending_act(registry: Flask) -> None:
    results = run(registry, "พ.ร.บ.การพนัน มาตรา 4")
    assert results.hits[0].doc_id == "law-f#4"
    assert results.understanding.choices == []
    assert run(registry, "พ.ร.บ.การพนัน (ฉบับที่ 2) มาตรา 4").hits[0].doc_id == "law-g#4"


def test_the_year_picks_among_laws_sharing_a_short_name(registry: Flask) -> None:
    assert run(registry, "พ.ร.บ.ล้างมลทิน 2530 มาตรา 4").hits[0].doc_id == "law-d#4"
    assert run(registry, "มาตรา 4 พรบ ล้างมลทิน พ.ศ. ๒๕๕๐").hits[0].doc_id == "law-c#4"
    assert run(registry, "พ.ร.บ.ล้างมลทิน 2550 มาตรา 4").understanding.choices == []


def test_without_a_year_a_shared_name_offers_the_laws_to_choose_from(registry: Flask) -> None:
    results = run(registry, "พ.ร.บ.ล้างมลทิน มาตรา 4")
    assert results.understanding.choices == ["law-c", "law-d"]  # newest first
    assert [hit.doc_id for hit in results.hits[:2]] == ["law-c#4", "law-d#4"]
    assert set(results.law_titles) >= {"law-c", "law-d"}
    named_only = run(registry, "พ.ร.บ.ล้างมลทิน")
    assert named_only.understanding.choices == ["law-c", "law-d"]
    assert [hit.doc_id for hit in named_only.hits[:2]] == ["law-c", "law-d"]


def test_the_search_page_lists_the_laws_to_choose_from(registry: Flask, client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/search", query_string={"q": "พ.ร.บ.ล้างมลทิน มาตรา 4", "lang": "en"}).get_data(as_text=True)
    assert "Did you mean one of these laws?" in page
    assert "law=law-c" in page and "law=law-d" in page
    chosen = run(registry, "พ.ร.บ.ล้างมลทิน มาตรา 4", law_key="law-d")
    assert chosen.hits[0].doc_id == "law-d#4"


def test_a_law_without_text_says_so_instead_of_listing_other_sections(registry: Flask) -> None:
    results = run(registry, "มาตรา 4 พ.ร.บ.สำหรับรักษาช้างป่า")
    assert [notice.code for notice in results.notices] == ["law_without_text"]
    assert [hit.doc_id for hit in results.hits] == ["law-e"]


def test_the_cli_names_the_law_without_text_and_the_choices(registry: Flask, runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["search", "มาตรา", "4", "พระราชบัญญัติสำหรับรักษาช้างป่า"])
    assert "is not in the registry" in result.output
    result = runner.invoke(args=["search", "--json", "พ.ร.บ.ล้างมลทิน", "มาตรา", "4"])
    choices = json.loads(result.output)["choices"]
    assert [choice["law_key"] for choice in choices] == ["law-c", "law-d"]


def test_a_rebuilt_table_follows_a_renamed_law(registry: Flask, runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run(registry, "ป.อ. มาตรา 137").hits[0].doc_id == "law-b#137"
    renamed = dict(LAWS[1], key="law-z")
    path = tmp_path / "renamed.jsonl"
    path.write_text(json.dumps(renamed, ensure_ascii=False) + "\n", encoding="utf-8")
    assert runner.invoke(args=["import", "jsonl", str(path), "--no-progress"]).exit_code == 0
    first = run(registry, "ป.อ. มาตรา 137").hits[0].doc_id
    assert first in {"law-b#137", "law-z#137"}
    results = run(registry, "ป.อ. มาตรา 137")
    assert {hit.doc_id for hit in results.hits[:2]} == {"law-b#137", "law-z#137"}
    assert results.understanding.choices
