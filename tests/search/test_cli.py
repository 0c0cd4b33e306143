"""`lawreg search` and `lawreg index` at the command line."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask

from lawreg.services import search as search_service


def test_search_prints_ranked_hits(searchable: Flask) -> None:
    result = searchable.test_cli_runner().invoke(args=["search", "--limit", "3", "ขโมย"])
    assert result.exit_code == 0, result.output
    assert "criminal-code#334" in result.output.splitlines()[1]


def test_search_json_with_filters(searchable: Flask) -> None:
    result = searchable.test_cli_runner().invoke(
        args=["search", "--json", "--law", "civil-commercial-code", "--year-from", "2400", "มาตรา"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["total"] == 4
    assert {hit["law_key"] for hit in data["hits"]} == {"civil-commercial-code"}


def test_batch_writes_one_line_per_query(searchable: Flask, tmp_path: Path) -> None:
    batch = tmp_path / "queries.jsonl"
    batch.write_text(
        '{"qid": "q1", "text": "ป.อ. มาตรา 288"}\n\n'
        '{"qid": "q2", "text": "พระราชบัญญัติล้มละลาย"}\n'
        '{"qid": "q3", "text": "((("}\n',
        encoding="utf-8",
    )
    result = searchable.test_cli_runner().invoke(
        args=["search", "--batch", str(batch), "--json", "--limit", "2"]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["qid"] for line in lines] == ["q1", "q2", "q3"]
    assert lines[0]["hits"][0] == {
        "law_key": "criminal-code",
        "law_title": "ประมวลกฎหมายอาญา",
        "section": "288",
        "score": lines[0]["hits"][0]["score"],
        "snippet": lines[0]["hits"][0]["snippet"],
    }
    assert lines[1]["hits"][0]["section"] is None
    assert lines[1]["hits"][0]["law_key"] == "bankruptcy-act-2483"
    assert lines[2]["hits"] == []


def test_a_bad_batch_line_is_named_and_nothing_is_printed(searchable: Flask, tmp_path: Path) -> None:
    batch = tmp_path / "queries.jsonl"
    batch.write_text('{"qid": "q1", "text": "ขโมย"}\n{"qid": "q2"}\n', encoding="utf-8")
    result = searchable.test_cli_runner().invoke(args=["search", "--batch", str(batch), "--json"])
    assert result.exit_code == 1
    assert "line 2" in result.output and "field text" in result.output
    assert '"qid": "q1"' not in result.output


def test_index_check_and_repair(registry: Flask) -> None:
    runner = registry.test_cli_runner()
    assert "in sync" in runner.invoke(args=["index", "check"]).output
    with registry.app_context():
        search_service.get_index().delete_law("criminal-code")
    failed = runner.invoke(args=["index", "check"])
    assert failed.exit_code == 1
    assert "1 missing from the index: criminal-code" in failed.output
    repaired = runner.invoke(args=["index", "check", "--repair"])
    assert repaired.exit_code == 0 and "repaired" in repaired.output
    assert runner.invoke(args=["index", "check"]).exit_code == 0


def test_index_rebuild_reports_its_speed(registry: Flask) -> None:
    result = registry.test_cli_runner().invoke(args=["index", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "indexed 5 laws, 19 documents" in result.output
