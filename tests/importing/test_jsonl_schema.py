"""The published JSON Schema of canonical JSONL is the one the pydantic models generate, and
the JSONL files lawreg ships and tests with are valid under both."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from importers.jsonl import record_from_json
from importers.jsonl_schema import LawLine, json_schema, json_schema_text

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = ROOT / "docs" / "jsonl.schema.json"
FILES = [ROOT / "tests" / "fixtures" / "importers" / "laws.jsonl", ROOT / "lawreg" / "demo" / "laws.jsonl"]


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_published_schema_is_the_generated_one():
    assert PUBLISHED.read_text(encoding="utf-8") == json_schema_text(), (
        "docs/jsonl.schema.json is stale: run `lawreg export schema > docs/jsonl.schema.json`")


def test_published_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(json_schema())


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.parent.name + "/" + p.name)
def test_shipped_jsonl_validates_under_the_schema_and_the_models(path):
    validator = Draft202012Validator(json.loads(PUBLISHED.read_text(encoding="utf-8")))
    laws = lines(path)
    assert laws
    for law in laws:
        assert not list(validator.iter_errors(law)), law["key"]
        assert LawLine.model_validate(law).key == law["key"]
        assert record_from_json(law).title == law["title"]


def test_the_schema_refuses_what_the_importer_refuses():
    validator = Draft202012Validator(json_schema())
    good = lines(FILES[0])[0]
    assert validator.is_valid(good)
    for bad in (
        {**good, "titel": "typo"},
        {**good, "year_be": "2561"},
        {**good, "title": " "},
        {**good, "sections": [{"number": "1"}]},
        {**good, "sections": [{"number": "1", "text": "ก", "versions": [{"text": "ข"}]}]},
        {**good, "relations": [{"kind": "cites", "target": "x"}]},
    ):
        assert not validator.is_valid(bad), bad
