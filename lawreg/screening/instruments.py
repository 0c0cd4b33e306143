"""Amending instruments in the screening: they must not repeat their principal law's flags.

The consolidated texts append each amending Act after the principal law; the importer makes
each one a law of its own that ``amends`` the principal.  Such an instrument often restates
what it changed (a new fine, a new filing rule, its transitional sections), so screening it
like any law would report the principal's findings a second time, and would call every old
amending Act "an old law never amended".  :func:`drop_repeated` removes the findings of an
instrument that the principal law already carries (same rule, same evidence), and the
near-duplicate pairs between an instrument and its principal or between two instruments of
the same principal (the Revenue Code's amending Acts all keep "the repealed provisions apply
to taxes still due"), which repeat by design.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..thai.normalize import fold_for_matching
from .rules import Finding


def _evidence(finding: Finding) -> str:
    return "".join(fold_for_matching(finding.quote).split())


def drop_repeated(
    findings: Iterable[Finding], principals: Mapping[str, set[str]]
) -> list[Finding]:
    """``findings`` without an instrument's repeats of its principal laws' findings.

    ``principals`` maps the key of each amending instrument to the keys of the laws it
    amends; laws not in it are kept as they are.
    """
    findings = list(findings)
    seen = {
        (f.target.law_key, f.rule_id, _evidence(f))
        for f in findings
        if f.target.law_key not in principals and f.other is None
    }
    kept = []
    for finding in findings:
        amended = principals.get(finding.target.law_key)
        if amended:
            if finding.other is not None and (
                finding.other.law_key in amended
                or amended & principals.get(finding.other.law_key, set())
            ):
                continue
            if any((key, finding.rule_id, _evidence(finding)) in seen for key in amended):
                continue
        elif finding.other is not None and principals.get(finding.other.law_key, set()) & {
            finding.target.law_key
        }:
            continue
        kept.append(finding)
    return kept
