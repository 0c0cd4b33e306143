"""The demo set (lawreg/demo/laws.jsonl) read as plain JSON, with the small readers its tests
share (test_demo_set.py: well-formed and consistent; test_demo_coverage.py: the features)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from lawreg.thai.numbers import parse_section_number

DEMO_FILE = Path(__file__).resolve().parents[2] / "lawreg" / "demo" / "laws.jsonl"
REGULATION_TYPES = {"กฎกระทรวง", "ประกาศ", "ระเบียบ", "ข้อบังคับ"}


def load_lines() -> list[dict[str, Any]]:
    with DEMO_FILE.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


LAWS = load_lines()
BY_KEY = {law["key"]: law for law in LAWS}
LINE_OF = {law["key"]: index for index, law in enumerate(LAWS)}


def canonical(number: str | int) -> str:
    return parse_section_number(number).canonical


def sections_by_number(law: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {canonical(section["number"]): section for section in law["sections"]}


def current_text(section: dict[str, Any]) -> str:
    if "versions" in section:
        return next(v["text"] for v in section["versions"] if "valid_to" not in v)
    return section["text"]


def all_texts() -> list[tuple[str, str, str]]:
    """(law key, canonical section number, text) of every version of every section."""
    rows = []
    for law in LAWS:
        for section in law["sections"]:
            texts = [v["text"] for v in section["versions"]] if "versions" in section else [section["text"]]
            rows += [(law["key"], canonical(section["number"]), text) for text in texts]
    return rows


def iso(value: str) -> date:
    return date.fromisoformat(value)
