"""Accuracy on the labelled sets of real sections must stay at or above the targets, so a
rule change that loses precision or recall fails here (measured figures: bench/).

Two families of sets: the first ones on the four codes (tests/fixtures/screening), and the
statute-book set of Acts (tests/fixtures/screening_statute, labelled by the rules of its
README before the rules were tuned on it, with a second and a third development set drawn
from other Acts and labelled the same way before the screener saw them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lawreg.screening.catalogue import default_catalogue
from lawreg.screening.evaluation import (
    LabelledSetError,
    evaluate,
    load_labelled,
    shared_lookup,
    statute_lookup,
)
from lawreg.screening.statute_texts import repealed_titles

FIXTURES = Path(__file__).parents[1] / "fixtures" / "screening"
LABELLED = FIXTURES / "labelled_sections.jsonl"
HELD_OUT = FIXTURES / "heldout_sections.jsonl"
STATUTE = Path(__file__).parents[1] / "fixtures" / "screening_statute"


def test_labelled_set_is_large_and_has_hard_negatives():
    rows = load_labelled(LABELLED)
    assert len(rows) >= 200
    assert len({(r.law_key, r.section) for r in rows}) == len(rows)
    assert sum(1 for r in rows if r.reason.startswith("hard negative")) >= 30
    assert all(len(r.reason) < 300 for r in rows)


def test_statute_set_is_large_with_a_third_held_out():
    dev = load_labelled(STATUTE / "dev_sections.jsonl")
    held_out = load_labelled(STATUTE / "heldout_sections.jsonl")
    rows = dev + held_out
    assert len(rows) >= 250
    assert len({r.law_key for r in rows}) >= 40
    assert len(held_out) * 3 >= len(rows)
    assert not {r.law_key for r in dev} & {r.law_key for r in held_out}
    assert len({(r.law_key, r.section) for r in rows}) == len(rows)
    assert all(r.law_key.startswith("krisdika-") and r.reason for r in rows)


# The codes sets were labelled before issue 9 ruled that copies served between the parties
# of a proceeding are no obstruction (18 of their obstructs_digital rows are such copies),
# before "กรมการอำเภอ" counted as an abolished body, and they count signatures in court
# procedure (a judge signing the judgment, a party signing the court's record) that the
# statute sets' rules call judicial steps; their recall and outdated precision are therefore
# held lower than the Acts sets'.
@pytest.mark.parametrize("path", [LABELLED, HELD_OUT], ids=["development", "held-out"])
def test_precision_and_recall_on_the_codes_sets(shared_data: Path, path: Path) -> None:
    scores = evaluate(default_catalogue(), load_labelled(path), shared_lookup(shared_data))
    digital, outdated = scores["obstructs_digital"], scores["outdated"]
    assert digital.precision >= 0.85, digital.false_alarms
    assert digital.recall >= 0.45, digital.misses
    if outdated.true_positive:
        assert outdated.precision >= 0.75, outdated.false_alarms


@pytest.mark.parametrize("name", ["dev_sections.jsonl", "dev2_sections.jsonl", "dev3_sections.jsonl"])
def test_acceptance_on_the_statute_development_sets(shared_data: Path, name: str) -> None:
    rows = load_labelled(STATUTE / name)
    scores = evaluate(
        default_catalogue(), rows, statute_lookup(shared_data), repealed_titles(shared_data)
    )
    digital, outdated = scores["obstructs_digital"], scores["outdated"]
    assert digital.precision >= 0.90, digital.false_alarms
    assert digital.recall >= 0.85, digital.misses
    assert outdated.precision >= 0.85, outdated.false_alarms
    assert outdated.recall >= 0.70, outdated.misses


def test_second_statute_development_set_is_fresh() -> None:
    """Drawn from Acts in neither part of the first set, so its first scores measured the
    rules on unseen Acts (README of the fixture)."""
    rows = load_labelled(STATUTE / "dev2_sections.jsonl")
    first = load_labelled(STATUTE / "dev_sections.jsonl") + load_labelled(STATUTE / "heldout_sections.jsonl")
    assert len(rows) >= 250
    assert len({r.law_key for r in rows}) >= 40
    assert not {r.law_key for r in rows} & {r.law_key for r in first}
    assert len({(r.law_key, r.section) for r in rows}) == len(rows)
    assert sum(1 for r in rows if "obstructs_digital" in r.labels) >= 20


def test_third_statute_development_set_is_fresh() -> None:
    """Drawn from Acts in none of the earlier files, labelled before the screener ran on it
    (its first scores are in the fixture README)."""
    rows = load_labelled(STATUTE / "dev3_sections.jsonl")
    earlier = [
        row
        for name in ("dev_sections.jsonl", "dev2_sections.jsonl", "heldout_sections.jsonl")
        for row in load_labelled(STATUTE / name)
    ]
    assert len(rows) >= 250
    assert len({r.law_key for r in rows}) >= 40
    assert not {r.law_key for r in rows} & {r.law_key for r in earlier}
    assert len({(r.law_key, r.section) for r in rows}) == len(rows)
    assert sum(1 for r in rows if "obstructs_digital" in r.labels) >= 20
    assert all(r.law_key.startswith("krisdika-") and r.reason for r in rows)


def test_a_bad_line_is_reported_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "labels.jsonl"
    path.write_text('{"law_key": "criminal-code", "section": "1", "labels": ["obsolete"], "reason": "x"}\n')
    with pytest.raises(LabelledSetError, match="line 1: unknown labels"):
        load_labelled(path)
