"""The screening engine: every rule of the catalogue over a stream of sections.

:class:`Screener` screens one section at a time (pattern rules, stale amounts, repealed
references, the electronic-alternative and e-transactions discounts) and feeds the
near-duplicate index; :meth:`Screener.finish` adds the law-level findings and the
duplicate pairs, linked both ways.  It knows nothing of the database: the caller streams
``(law context, section reference, text)`` in and stores the findings (see
:mod:`lawreg.services.flags.screening`), so the same engine runs in ``lawreg screen``, the tests and
the benchmark on 300,000 synthetic sections.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from ..thai.years import BE_OFFSET
from .burden import Burden, section_burden
from .catalogue import Catalogue, Rule
from .duplicates import DuplicateIndex, is_boilerplate
from .matcher import TokenizedText, find_matches
from .rules import (
    Finding,
    LawContext,
    SectionRef,
    charter_kind,
    electronic_alternative,
    law_age_finding,
    pattern_findings,
    repealed_reference_findings,
    repealed_title_forms,
    stale_amount_findings,
)


@dataclass
class SectionAnalysis:
    law: LawContext
    ref: SectionRef
    findings: list[Finding]
    burden: Burden
    shingles: np.ndarray | None  # None: not compared (boilerplate, too short, no index)
    band_keys: list[bytes] | None
    boilerplate: str | None


@dataclass
class ScreeningResult:
    findings: list[Finding] = field(default_factory=list)
    burdens: dict[str, Burden] = field(default_factory=dict)
    sections: int = 0
    boilerplate: int = 0
    duplicate_pairs: int = 0


class Screener:
    """Screens sections against ``catalogue``; see the module docstring.

    ``repealed_titles`` maps titles of laws recorded as repealed to their keys;
    ``pair_filter`` decides which duplicate pairs are reported (``lawreg screen --law``
    compares the law against everything but reports only pairs that involve it).
    """

    def __init__(
        self,
        catalogue: Catalogue,
        *,
        repealed_titles: dict[str, str] | None = None,
        current_year_be: int | None = None,
        duplicates: bool = True,
        pair_filter: Callable[[SectionRef, SectionRef], bool] | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.current_year_be = current_year_be or date.today().year + BE_OFFSET
        self.repealed_titles = dict(repealed_titles or {})
        self.repealed_forms = repealed_title_forms(self.repealed_titles)
        self.pair_filter = pair_filter
        self.result = ScreeningResult()
        self.laws: dict[str, LawContext] = {}
        self.titles: dict[str, str] = {}
        self.duplicate_rule: Rule | None = None
        self.index: DuplicateIndex | None = None
        self.refs: list[SectionRef] = []
        for rule in catalogue.rules:
            if rule.kind == "near_duplicate" and duplicates:
                self.duplicate_rule = rule
                self.index = DuplicateIndex(
                    int(rule.params.get("bands", 32)),
                    int(rule.params.get("rows", 4)),
                    int(rule.params.get("shingle_size", 3)),
                    int(rule.params.get("min_words", 15)),
                )

    def analyse(
        self, law: LawContext, ref: SectionRef, text: str, amounts_year_be: int | None = None
    ) -> SectionAnalysis:
        """Everything one section contributes, without touching the screener's state (so
        worker processes can analyse while one process collects, see
        :func:`screen_in_parallel`)."""
        tokens = TokenizedText.of(text)
        boilerplate = is_boilerplate(self.catalogue, tokens)
        shingles = None
        keys = None
        if self.index is not None and boilerplate is None:
            shingles = self.index.shingles_of(tokens.tokens)
            if shingles is not None:
                keys = self.index.band_keys(shingles)
        findings: list[Finding] = []
        for rule in self.catalogue.rules:
            if rule.kind == "pattern":
                findings.extend(pattern_findings(rule, tokens, ref))
            elif rule.kind == "stale_amount":
                findings.extend(
                    stale_amount_findings(rule, self.catalogue, tokens, ref, law, amounts_year_be)
                )
            elif rule.kind == "repealed_reference" and self.repealed_forms:
                findings.extend(repealed_reference_findings(rule, tokens, ref, self.repealed_forms))
        findings = self._enacted_only(findings, tokens)
        self._discount_digital(findings, tokens, law)
        return SectionAnalysis(
            law, ref, findings, section_burden(tokens, self.catalogue.burden_terms),
            shingles, keys, boilerplate,
        )

    def accept(self, analysis: SectionAnalysis, *, report: bool = True) -> list[Finding]:
        """Add an analysed section to the run; with ``report`` False it only joins the
        duplicate comparison (context for a partial run)."""
        law, ref = analysis.law, analysis.ref
        self.titles.setdefault(law.key, law.title)  # context laws too: charters are told by title
        if self.index is not None and analysis.shingles is not None:
            self.refs.append(ref)
            self.index.add_shingles(
                len(self.refs) - 1, analysis.shingles, (ref.law_key, ref.number), analysis.band_keys
            )
        if not report:
            return []
        self.laws.setdefault(law.key, law)
        self.result.sections += 1
        self.result.boilerplate += analysis.boilerplate is not None
        self.result.burdens.setdefault(law.key, Burden()).add(analysis.burden)
        self.result.findings.extend(analysis.findings)
        return analysis.findings

    def screen_section(
        self,
        law: LawContext,
        ref: SectionRef,
        text: str,
        amounts_year_be: int | None = None,
        *,
        report: bool = True,
    ) -> list[Finding]:
        """:meth:`analyse` then :meth:`accept` one section; returns its findings."""
        return self.accept(self.analyse(law, ref, text, amounts_year_be), report=report)

    def _enacted_only(self, findings: list[Finding], tokens: TokenizedText) -> list[Finding]:
        """Drop findings of the catalogue's ``appended.skip_categories`` that lie in what is
        appended after the countersignature (a treaty, a form) rather than in the section."""
        pattern = self.catalogue.appended_pattern
        if pattern is None or not self.catalogue.appended_skip:
            return findings
        matches = find_matches(pattern, tokens)
        if not matches:
            return findings
        end = tokens.spans[matches[0][0]][0]
        return [
            f
            for f in findings
            if f.category not in self.catalogue.appended_skip or f.start is None or f.start < end
        ]

    def _discount_digital(self, findings: list[Finding], tokens: TokenizedText, law: LawContext) -> None:
        digital = [f for f in findings if f.category == "obstructs_digital"]
        if not digital:
            return
        alternative = electronic_alternative(self.catalogue, tokens)
        for finding in digital:
            if alternative:
                finding.confidence *= self.catalogue.electronic_factor
                finding.details["electronic_alternative"] = alternative
            if law.e_transactions:
                finding.confidence *= self.catalogue.e_transactions_factor
                finding.details["e_transactions_act"] = True
            finding.confidence = round(finding.confidence, 3)

    def _same_charter_template(
        self, first: SectionRef, second: SectionRef, charters: tuple[tuple[str, ...], ...]
    ) -> bool:
        """Whether two sections of different laws are the template two charters of one kind
        share (two universities' Acts): the same words give powers to different bodies, which
        the labelling rules do not count as duplication."""
        if not charters or first.law_key == second.law_key:
            return False
        kind = charter_kind(self.titles.get(first.law_key, ""), charters)
        return kind is not None and kind == charter_kind(self.titles.get(second.law_key, ""), charters)

    def finish(self) -> ScreeningResult:
        """Add law-level findings and duplicate pairs; returns the whole result."""
        for rule in self.catalogue.rules:
            if rule.kind != "law_age":
                continue
            for law in self.laws.values():
                finding = law_age_finding(rule, law, self.current_year_be)
                if finding:
                    self.result.findings.append(finding)
        if self.index is not None and self.duplicate_rule is not None:
            rule = self.duplicate_rule
            charters = tuple(
                tuple("".join(p.split()) for p in kind) for kind in rule.params.get("charter_titles", ())
            )
            for pair in self.index.pairs(float(rule.params.get("min_similarity", 0.6))):
                first, second = self.refs[pair.first], self.refs[pair.second]
                if self.pair_filter and not self.pair_filter(first, second):
                    continue
                if self._same_charter_template(first, second, charters):
                    continue
                self.result.duplicate_pairs += 1
                for this, other in ((first, second), (second, first)):
                    self.result.findings.append(
                        Finding(
                            rule.id, rule.category, this, pair.similarity,
                            quote=f"≈ {other} ({pair.similarity:.2f})",
                            details={"other": str(other)},
                            other=other, similarity=pair.similarity,
                        )
                    )
        return self.result


_worker: Screener | None = None


def _start_worker(catalogue: Catalogue, repealed_titles: dict[str, str]) -> None:
    global _worker
    _worker = Screener(catalogue, repealed_titles=repealed_titles)


def _analyse_chunk(
    chunk: list[tuple[LawContext, SectionRef, str, int | None]],
) -> list[SectionAnalysis]:
    assert _worker is not None
    return [_worker.analyse(*item) for item in chunk]


def screen_in_parallel(
    screener: Screener,
    items: Iterable[tuple[LawContext, SectionRef, str, int | None]],
    processes: int,
    chunk_size: int = 200,
) -> ScreeningResult:
    """Screen ``items`` with ``processes`` worker processes analysing sections and this
    process collecting them in order; the result equals sequential screening."""
    if processes <= 1:
        for law, ref, text, year in items:
            screener.screen_section(law, ref, text, year)
        return screener.finish()
    repealed = dict(screener.repealed_titles)
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(processes, _start_worker, (screener.catalogue, repealed)) as pool:
        for analyses in pool.imap(_analyse_chunk, _chunks(items, chunk_size)):
            for analysis in analyses:
                screener.accept(analysis)
    return screener.finish()


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
