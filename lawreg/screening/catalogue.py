"""The versioned rule catalogue (``lawreg/data/screening_rules.json``), loaded and checked.

One JSON file holds every screening rule with its Thai and English description, patterns,
context requirements, exceptions, confidence and worked examples (which run as tests), plus
the shared lexicons, the price index behind the stale-amount test, the boilerplate detector
and the burden terms.  Loading validates everything and compiles the patterns, so a broken
catalogue fails at once with :class:`CatalogueError` naming the rule and field, never in the
middle of a screening run.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from .matcher import DEFAULT_GAP, Pattern, PatternError, compile_pattern

CATEGORIES = ("outdated", "duplicative", "obstructs_digital")
KINDS = ("pattern", "stale_amount", "law_age", "repealed_reference", "near_duplicate")


class CatalogueError(ValueError):
    """The catalogue cannot be used; ``where`` names the rule and field."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


@dataclass(frozen=True)
class Context:
    """Patterns that must (requires) or must not (exceptions) match near a finding.

    ``window`` is in words around the match; 0 means inside the matched words themselves
    plus nothing around, ``None`` the whole section.
    """

    patterns: tuple[Pattern, ...]
    window: int | None


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    kind: str
    description_th: str
    description_en: str
    confidence: float
    patterns: tuple[Pattern, ...] = ()
    requires: Context | None = None
    exceptions: Context | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    examples_positive: tuple[Any, ...] = ()
    examples_negative: tuple[Any, ...] = ()


@dataclass(frozen=True, eq=False)
class Catalogue:
    version: str
    report_threshold: float
    rules: tuple[Rule, ...]
    lexicons: Mapping[str, tuple[str, ...]]
    electronic_alternative: tuple[Pattern, ...]
    electronic_factor: float
    e_transactions_keys: tuple[str, ...]
    e_transactions_factor: float
    cpi: Mapping[int, float]  # C.E. year → index
    boilerplate_patterns: tuple[Pattern, ...]
    boilerplate_max_words: int
    definition_pattern: Pattern
    burden_terms: tuple[str, ...]
    standard_clause_patterns: tuple[Pattern, ...] = ()
    standard_clause_max_words: int = 0
    penalty_pattern: Pattern | None = None
    penalty_conduct_pattern: Pattern | None = None
    penalty_conduct_max_words: int = 0
    # Where the enacted text ends and what is appended to it begins (the countersignature
    # before treaties, fee schedules and forms); findings of ``appended_skip`` categories
    # after it are dropped: a treaty's seals or a form's signature line set no requirement.
    appended_pattern: Pattern | None = None
    appended_skip: tuple[str, ...] = ()

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def compile(self, source: str) -> Pattern:
        """Compile an extra pattern against this catalogue's lexicons."""
        return compile_pattern(source, self.lexicons)


DEFAULT_PATH = "screening_rules.json"


@cache
def default_catalogue() -> Catalogue:
    """The catalogue shipped with lawreg (loaded once per process)."""
    text = files("lawreg.data").joinpath(DEFAULT_PATH).read_text(encoding="utf-8")
    return parse_catalogue(json.loads(text), DEFAULT_PATH)


def load_catalogue(path: Path) -> Catalogue:
    """A catalogue from a file, e.g. an agency's edited copy."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise CatalogueError(f"{path} line {error.lineno}", error.msg) from error
    return parse_catalogue(raw, str(path))


def parse_catalogue(raw: Mapping[str, Any], name: str) -> Catalogue:
    lexicons = {
        key: tuple(_strings(value, f"{name}: lexicons.{key}"))
        for key, value in _mapping(raw.get("lexicons", {}), f"{name}: lexicons").items()
    }

    def patterns(sources: Any, where: str, gap: int = DEFAULT_GAP) -> tuple[Pattern, ...]:
        try:
            return tuple(compile_pattern(s, lexicons, gap) for s in _strings(sources, where))
        except PatternError as error:
            raise CatalogueError(where, str(error)) from error

    rules: list[Rule] = []
    seen: set[str] = set()
    for index, item in enumerate(_list(raw.get("rules"), f"{name}: rules")):
        where = f"{name}: rules[{index}]"
        rule_id = item.get("id")
        if not isinstance(rule_id, str) or not rule_id:
            raise CatalogueError(f"{where}.id", "missing")
        where = f"{name}: rule {rule_id}"
        if rule_id in seen:
            raise CatalogueError(where, "id appears twice")
        seen.add(rule_id)
        category = item.get("category")
        if category not in CATEGORIES:
            raise CatalogueError(f"{where}.category", f"{category!r} is not one of {CATEGORIES}")
        kind = item.get("kind", "pattern")
        if kind not in KINDS:
            raise CatalogueError(f"{where}.kind", f"{kind!r} is not one of {KINDS}")
        confidence = item.get("confidence")
        if not isinstance(confidence, int | float) or not 0 <= confidence <= 1:
            raise CatalogueError(f"{where}.confidence", "must be a number from 0 to 1")
        for text_field in ("description_th", "description_en"):
            if not isinstance(item.get(text_field), str) or not item[text_field]:
                raise CatalogueError(f"{where}.{text_field}", "missing")
        gap = int(item.get("gap", DEFAULT_GAP))
        compiled = patterns(item.get("patterns", []), f"{where}.patterns", gap)
        if kind == "pattern" and not compiled:
            raise CatalogueError(f"{where}.patterns", "a pattern rule needs patterns")
        examples = _mapping(item.get("examples", {}), f"{where}.examples")
        rules.append(
            Rule(
                id=rule_id,
                category=category,
                kind=kind,
                description_th=item["description_th"],
                description_en=item["description_en"],
                confidence=float(confidence),
                patterns=compiled,
                requires=_context(item.get("requires"), f"{where}.requires", patterns),
                exceptions=_context(item.get("exceptions"), f"{where}.exceptions", patterns),
                params={k: v for k, v in item.items() if k not in _RULE_FIELDS},
                examples_positive=tuple(examples.get("positive", [])),
                examples_negative=tuple(examples.get("negative", [])),
            )
        )

    electronic = _mapping(raw.get("electronic_alternative", {}), f"{name}: electronic_alternative")
    e_transactions = _mapping(raw.get("e_transactions", {}), f"{name}: e_transactions")
    boilerplate = _mapping(raw.get("boilerplate", {}), f"{name}: boilerplate")
    appended = _mapping(raw.get("appended", {}), f"{name}: appended")
    appended_skip = tuple(_strings(appended.get("skip_categories", []), f"{name}: appended.skip_categories"))
    if set(appended_skip) - set(CATEGORIES):
        raise CatalogueError(f"{name}: appended.skip_categories", f"must be among {CATEGORIES}")
    cpi_raw = _mapping(raw.get("cpi", {}).get("index", {}), f"{name}: cpi.index")
    try:
        cpi = {int(year): float(value) for year, value in cpi_raw.items()}
    except (TypeError, ValueError) as error:
        raise CatalogueError(f"{name}: cpi.index", "years and values must be numbers") from error
    if len(cpi) < 2:
        raise CatalogueError(f"{name}: cpi.index", "needs at least two years")
    definition = patterns(
        [boilerplate.get("definition_pattern", "หมายความว่า")], f"{name}: boilerplate.definition_pattern"
    )[0]
    return Catalogue(
        version=str(raw.get("version", "")),
        report_threshold=float(raw.get("report_threshold", 0.5)),
        rules=tuple(rules),
        lexicons=lexicons,
        electronic_alternative=patterns(
            electronic.get("patterns", []), f"{name}: electronic_alternative.patterns"
        ),
        electronic_factor=float(electronic.get("factor", 1.0)),
        e_transactions_keys=tuple(_strings(e_transactions.get("law_keys", []), f"{name}: e_transactions.law_keys")),
        e_transactions_factor=float(e_transactions.get("factor", 1.0)),
        cpi=dict(sorted(cpi.items())),
        boilerplate_patterns=patterns(boilerplate.get("patterns", []), f"{name}: boilerplate.patterns"),
        boilerplate_max_words=int(boilerplate.get("max_words", 70)),
        definition_pattern=definition,
        burden_terms=tuple(_strings(raw.get("burden", {}).get("terms", []), f"{name}: burden.terms")),
        standard_clause_patterns=patterns(
            boilerplate.get("standard_clauses", []), f"{name}: boilerplate.standard_clauses"
        ),
        standard_clause_max_words=int(boilerplate.get("standard_clause_max_words", 0)),
        penalty_pattern=(
            patterns([boilerplate["penalty_pattern"]], f"{name}: boilerplate.penalty_pattern")[0]
            if "penalty_pattern" in boilerplate
            else None
        ),
        penalty_conduct_pattern=(
            patterns([boilerplate["penalty_conduct_pattern"]], f"{name}: boilerplate.penalty_conduct_pattern")[0]
            if "penalty_conduct_pattern" in boilerplate
            else None
        ),
        penalty_conduct_max_words=int(boilerplate.get("penalty_conduct_max_words", 0)),
        appended_pattern=(
            patterns([appended["pattern"]], f"{name}: appended.pattern")[0] if "pattern" in appended else None
        ),
        appended_skip=appended_skip,
    )


_RULE_FIELDS = {
    "id", "category", "kind", "description_th", "description_en", "confidence", "patterns",
    "requires", "exceptions", "examples", "gap",
}


def _context(raw: Any, where: str, compile_all: Any) -> Context | None:
    if raw is None:
        return None
    data = _mapping(raw, where)
    window = data.get("window")
    if window is not None and (not isinstance(window, int) or window < 0):
        raise CatalogueError(f"{where}.window", "must be a whole number of words or null")
    compiled = compile_all(data.get("patterns", []), f"{where}.patterns")
    if not compiled:
        raise CatalogueError(f"{where}.patterns", "empty")
    return Context(compiled, window)


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise CatalogueError(where, "must be an object")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise CatalogueError(where, "must be a list")
    return value


def _strings(value: Any, where: str) -> list[str]:
    items = _list(value, where)
    if not all(isinstance(item, str) and item for item in items):
        raise CatalogueError(where, "must be a list of non-empty strings")
    return items
