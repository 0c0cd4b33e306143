"""Every worked example of the rule catalogue runs as a test: positives must fire the
rule, negatives must not."""

from __future__ import annotations

from typing import Any

import pytest

from lawreg.screening.catalogue import Rule, default_catalogue
from lawreg.screening.engine import Screener
from lawreg.screening.rules import LawContext, SectionRef, law_age_finding

CATALOGUE = default_catalogue()


def examples(kind: str) -> list[Any]:
    cases = []
    for rule in CATALOGUE.rules:
        for example in getattr(rule, f"examples_{kind}"):
            cases.append(pytest.param(rule, example, id=f"{rule.id}-{len(cases)}"))
    return cases


def fires(rule: Rule, example: str | dict[str, Any]) -> bool:
    data = {"text": example} if isinstance(example, str) else example
    law = LawContext(
        "example-law",
        year_be=data.get("law_year_be", 2560),
        amounts_year_be=data.get("amounts_year_be"),
        amended=data.get("amended", False),
    )
    if rule.kind == "law_age":
        return law_age_finding(rule, law, current_year_be=2569) is not None
    repealed = {title: "repealed-law" for title in data.get("repealed_titles", [])}
    screener = Screener(CATALOGUE, repealed_titles=repealed, duplicates=False)
    findings = screener.screen_section(law, SectionRef("example-law", "1"), data["text"])
    return any(f.rule_id == rule.id for f in findings)


def test_every_rule_but_near_duplicates_has_examples():
    for rule in CATALOGUE.rules:
        if rule.kind != "near_duplicate":
            assert rule.examples_positive and rule.examples_negative, rule.id


@pytest.mark.parametrize(("rule", "example"), examples("positive"))
def test_positive_example_fires(rule: Rule, example: Any) -> None:
    assert fires(rule, example)


@pytest.mark.parametrize(("rule", "example"), examples("negative"))
def test_negative_example_does_not_fire(rule: Rule, example: Any) -> None:
    assert not fires(rule, example)
