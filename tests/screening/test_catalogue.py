"""Loading the rule catalogue: a broken catalogue fails at once, naming rule and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lawreg.screening.catalogue import CatalogueError, default_catalogue, load_catalogue


def shipped() -> dict:
    return json.loads(
        (Path(__file__).parents[2] / "lawreg" / "data" / "screening_rules.json").read_text("utf-8")
    )


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_shipped_catalogue_loads_with_every_category():
    catalogue = default_catalogue()
    assert catalogue.version
    assert {rule.category for rule in catalogue.rules} == {"outdated", "duplicative", "obstructs_digital"}
    assert len({rule.id for rule in catalogue.rules}) == len(catalogue.rules)


def test_unknown_lexicon_names_the_rule(tmp_path: Path) -> None:
    data = shipped()
    data["rules"][0]["patterns"] = ["ยื่น* ... @no_such_list"]
    with pytest.raises(CatalogueError, match=r"rule digital.written-filing.patterns.*@no_such_list"):
        load_catalogue(write(tmp_path, data))


def test_bad_category_and_confidence(tmp_path: Path) -> None:
    data = shipped()
    data["rules"][1]["category"] = "obsolete"
    with pytest.raises(CatalogueError, match="category"):
        load_catalogue(write(tmp_path, data))
    data = shipped()
    data["rules"][1]["confidence"] = 1.5
    with pytest.raises(CatalogueError, match="confidence"):
        load_catalogue(write(tmp_path, data))


def test_duplicate_rule_id(tmp_path: Path) -> None:
    data = shipped()
    data["rules"].append(data["rules"][0])
    with pytest.raises(CatalogueError, match="appears twice"):
        load_catalogue(write(tmp_path, data))


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "rules.json"
    path.write_text('{\n  "rules": [\n  oops\n]}', encoding="utf-8")
    with pytest.raises(CatalogueError, match="line 3"):
        load_catalogue(path)
