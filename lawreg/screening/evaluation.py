"""Measuring the screening against a labelled set of real sections.

The labelled set (``tests/fixtures/screening/labelled_sections.jsonl``) names real sections
of ``../shared/data`` by law key and section number, with the categories a careful reader
assigns and a short reason; the text itself is read from the shared data, so the fixture
stays small.  :func:`evaluate` screens each labelled section and reports precision and
recall per category, counting a category as predicted when a finding of that category
reaches the catalogue's ``report_threshold``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..known_laws import find_by_source_key
from ..thai.numbers import SectionNumberError, parse_section_number
from .catalogue import CATEGORIES, Catalogue
from .engine import Screener
from .rules import LawContext, SectionRef
from .statute_texts import statute_section

CODE_FILES = {
    "civil-commercial-code": "civil-th.json",
    "civil-procedure-code": "civil-proc-th.json",
    "criminal-code": "criminal-th.json",
    "criminal-procedure-code": "criminal-proc-th.json",
}
# What the registry would know about the four codes.  The Criminal Code's fine rates were
# revised throughout in B.E. 2560 (one year of imprisonment ≈ 20,000 baht); the shared data
# carries no amendment history, so this is stated here rather than guessed by the engine.
CODE_CONTEXTS = {
    "civil-commercial-code": LawContext("civil-commercial-code", 2468, amended=True),
    "civil-procedure-code": LawContext("civil-procedure-code", 2477, amended=True),
    "criminal-code": LawContext("criminal-code", 2499, amounts_year_be=2560, amended=True),
    "criminal-procedure-code": LawContext("criminal-procedure-code", 2477, amended=True),
}


class LabelledSetError(ValueError):
    """A line of the labelled set that cannot be used (file, line and reason)."""


def code_sections(data: Path, law_key: str) -> Iterator[tuple[str, str]]:
    """(canonical number, text) of one of the four codes in ``thai-codes``, in file order."""
    raw = json.loads((data / "thai-codes" / CODE_FILES[law_key]).read_text(encoding="utf-8"))
    for item in raw["sections"]:
        try:
            number = parse_section_number(item["number"]).canonical
        except SectionNumberError:
            continue
        yield number, item["text"]


def _act_text(item: dict) -> str:
    lines = []
    for paragraph in item.get("content", {}).get("paragraphs", []):
        lines.append(paragraph.get("content", ""))
        for sub in paragraph.get("subsections") or []:
            lines.append(f"({sub.get('id')}) {sub.get('content', '')}")
    return "\n".join(line for line in lines if line)


def act_sections(data: Path) -> Iterator[tuple[str, str, str]]:
    """(law key, canonical number, text) of the Acts in ``thai-law-sections``."""
    for path in sorted((data / "thai-law-sections").glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        for source_key, items in raw.items():
            known = find_by_source_key(source_key)
            key = known.key if known else source_key.replace("_", "-")
            for item in items:
                try:
                    number = parse_section_number(item["id"]).canonical
                except SectionNumberError:
                    continue
                yield key, number, _act_text(item)


@cache
def shared_sections(data: Path) -> dict[tuple[str, str], str]:
    """Every section of the shared data: (law key, number) → text; the complete codes win
    over the excerpts of the same code in ``thai-law-sections``."""
    sections: dict[tuple[str, str], str] = {}
    for key, number, text in act_sections(data):
        sections.setdefault((key, number), text)
    for key in CODE_FILES:
        for number, text in code_sections(data, key):
            sections[(key, number)] = text
    return sections


def law_context(law_key: str) -> LawContext:
    """The evaluation context of a law: the codes as above, an Act's year from its key."""
    if law_key in CODE_CONTEXTS:
        return CODE_CONTEXTS[law_key]
    tail = law_key.rsplit("-", 1)[-1]
    return LawContext(law_key, int(tail) if tail.isdigit() else None, amended=True)


@dataclass(frozen=True)
class LabelledSection:
    law_key: str
    section: str
    labels: frozenset[str]
    reason: str


def load_labelled(path: Path) -> list[LabelledSection]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            labels = frozenset(item["labels"])
            row = LabelledSection(item["law_key"], item["section"], labels, item["reason"])
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise LabelledSetError(f"{path}, line {number}: {error}") from error
        unknown = labels - set(CATEGORIES)
        if unknown:
            raise LabelledSetError(f"{path}, line {number}: unknown labels {sorted(unknown)}")
        rows.append(row)
    return rows


@dataclass
class Score:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        predicted = self.true_positive + self.false_positive
        return self.true_positive / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        actual = self.true_positive + self.false_negative
        return self.true_positive / actual if actual else 1.0


# What the evaluation screens for one labelled section: the law's context, the text and
# the year the section was last amended (None: the law's own year applies).
Lookup = Callable[[str, str], "tuple[LawContext, str, int | None] | None"]


def shared_lookup(data: Path) -> Lookup:
    """Sections of the codes and ``thai-law-sections`` (the first labelled sets)."""
    texts = shared_sections(data)

    def lookup(law_key: str, number: str) -> tuple[LawContext, str, int | None] | None:
        text = texts.get((law_key, number))
        return None if text is None else (law_context(law_key), text, None)

    return lookup


def statute_lookup(data: Path) -> Lookup:
    """Sections of ``krisdika-texts`` with what the importer records for them: the law's
    year, whether any amendment is recorded, and the section's last amendment year."""

    def lookup(law_key: str, number: str) -> tuple[LawContext, str, int | None] | None:
        found = statute_section(data, law_key, number)
        if found is None:
            return None
        law, section = found
        amended = any(s.amended_year_be is not None for s in law.sections)
        context = LawContext(law.key, law.year_be, amended=amended, title=law.title)
        return context, section.text, section.amended_year_be

    return lookup


def evaluate(
    catalogue: Catalogue,
    labelled: list[LabelledSection],
    lookup: Lookup,
    repealed_titles: dict[str, str] | None = None,
) -> dict[str, Score]:
    """Precision and recall per category of the section-level rules on ``labelled``;
    ``repealed_titles`` as for :class:`Screener`."""
    screener = Screener(catalogue, duplicates=False, repealed_titles=repealed_titles)
    scores = {category: Score() for category in CATEGORIES if category != "duplicative"}
    for row in labelled:
        found = lookup(row.law_key, row.section)
        if found is None:
            raise LabelledSetError(f"{row.law_key} section {row.section} is not in the shared data")
        context, text, amended_year = found
        findings = screener.screen_section(
            context, SectionRef(row.law_key, row.section), text, amended_year
        )
        predicted = {
            f.category for f in findings if f.confidence >= catalogue.report_threshold
        }
        name = f"{row.law_key}#{row.section}"
        for category, score in scores.items():
            if category in predicted and category in row.labels:
                score.true_positive += 1
            elif category in predicted:
                score.false_positive += 1
                score.false_alarms.append(name)
            elif category in row.labels:
                score.false_negative += 1
                score.misses.append(name)
    return scores
