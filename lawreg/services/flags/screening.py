"""Screening flags, the screening run: recording the engine's suggestions and the burden figures.

Every write runs in a :class:`UnitOfWork`, is audited and announces the law as changed, so
the search index can pick up flag categories.  Re-screening is incremental: each finding
has a fingerprint (rule + target version + the version's text + evidence span and quote),
a finding already stored is not stored again, and a dismissed one therefore stays
dismissed until the text changes — an amendment is a new version and so a new target; a
text corrected in place changes the hash, and the flags on the old text are marked
superseded (never deleted).  Screening needs ``run_screening`` (reviewer, admin — the CLI
acts as admin).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ...errors import NotFound
from ...known_laws import title_match_key
from ...models import (
    Flag,
    FlagCategory,
    FlagStatus,
    Law,
    LawBurden,
    LawRelation,
    LawStatus,
    RelationKind,
    Section,
    SectionStatus,
    SectionVersion,
)
from ...models.base import utcnow
from ...screening.burden import Burden
from ...screening.catalogue import Catalogue, default_catalogue
from ...screening.engine import Screener, screen_in_parallel
from ...screening.instruments import drop_repeated
from ...screening.rules import Finding, LawContext, SectionRef, repeal_clause_titles
from ...thai.years import BE_OFFSET
from ..permissions import Permission, require
from ..unit_of_work import UnitOfWork

CATEGORIES = {c.value for c in FlagCategory}


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fingerprint(
    rule_id: str, target: str, target_text_hash: str, start: int | None, end: int | None,
    quote: str, other: str | None = None,
) -> str:
    """Identity of a finding: the same rule on the same text at the same evidence."""
    raw = "|".join(
        [rule_id, target, target_text_hash, f"{start}:{end}", text_hash(quote), other or ""]
    )
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


# -- the screening run -------------------------------------------------------------------


@dataclass
class ScreenSummary:
    laws: int = 0
    sections: int = 0
    findings: int = 0
    added: int = 0
    already_known: int = 0
    superseded: int = 0
    duplicate_pairs: int = 0
    by_category: Counter[str] = field(default_factory=Counter)
    added_by_category: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class ScreenTarget:
    """The section version a finding was made on, with the hash of its text."""

    law_id: int
    version_id: int | None
    number: str | None
    hash: str


def law_context(law: Law, catalogue: Catalogue) -> LawContext:
    """What the registry knows about ``law`` that screening needs (see :class:`LawContext`)."""
    amendment_years: list[int] = []
    for relation in law.incoming:
        if relation.kind == RelationKind.AMENDS:
            if relation.effective_on:
                amendment_years.append(relation.effective_on.year + BE_OFFSET)
            elif relation.subject_law.year_be:
                amendment_years.append(relation.subject_law.year_be)
    dated_versions = has_section_history(law)
    e_transactions = any(
        r.kind in (RelationKind.REFERS_TO, RelationKind.ENABLED_BY)
        and r.object_law.key in catalogue.e_transactions_keys
        for r in law.outgoing
    )
    return LawContext(
        key=law.key,
        year_be=law.year_be,
        amounts_year_be=max(amendment_years) if amendment_years else None,
        amended=bool(amendment_years) or dated_versions,
        e_transactions=e_transactions,
        amending=bool(amended_laws(law)),
    )


def has_section_history(law: Law) -> bool:
    """Whether the registry records when ``law``'s sections changed (dated versions, as the
    krisdika-text importer writes them from the footnotes)."""
    return any(
        v.valid_from is not None or v.amended_by_id is not None
        for s in law.sections
        for v in s.versions
    )


def amended_laws(law: Law) -> set[str]:
    """Keys of the laws ``law`` amends (an appended amending instrument's principal)."""
    return {r.object_law.key for r in law.outgoing if r.kind == RelationKind.AMENDS}


def amounts_year(version: SectionVersion, law: Law, section_history: bool) -> int | None:
    """The year a section's amounts were last set: its version's start; for a law whose
    sections carry their own history, an undated version is the enacted text (the law's
    year, not its latest amendment); otherwise unknown (the law's context decides)."""
    if version.valid_from is not None:
        return version.valid_from.year + BE_OFFSET
    return law.year_be if section_history else None


def repeal_clause_repealed(laws: Sequence[Law], titles: dict[str, str]) -> dict[str, str]:
    """Laws named in the repeal clauses of the laws in force, title → key (the registry's
    key when it holds a law of that title, else the title): the statute book holds the laws
    in force, and the ones they replaced are known from these clauses."""
    keys = {title_match_key(law.title): law.key for law in laws}
    found = dict(titles)
    for law in laws:
        for section in law.sections:
            version = section.current_version
            if version is None or not version.text:
                continue
            for title in repeal_clause_titles(version.text):
                found.setdefault(title, keys.get(title_match_key(title), title))
    return found


def _load_laws(session: Session, keys: Sequence[str] | None) -> list[Law]:
    """Every law in force with what screening reads; ``keys`` are checked to exist (the
    others are still needed as the comparison set of the near-duplicate search)."""
    query = (
        select(Law)
        .where(Law.status != LawStatus.REPEALED)
        .options(
            selectinload(Law.sections).selectinload(Section.versions),
            selectinload(Law.incoming).selectinload(LawRelation.subject_law),
            selectinload(Law.outgoing).selectinload(LawRelation.object_law),
        )
        .order_by(Law.key)
    )
    if keys is not None:
        missing = set(keys) - set(session.scalars(select(Law.key).where(Law.key.in_(keys))))
        if missing:
            raise NotFound("law.not_found", law=", ".join(sorted(missing)))
    return list(session.scalars(query))


def screen(
    uow: UnitOfWork,
    law_keys: Sequence[str] | None = None,
    *,
    dry_run: bool = False,
    catalogue: Catalogue | None = None,
    processes: int = 1,
) -> ScreenSummary:
    """Screen the current text of the laws ``law_keys`` (every law in force when None) and
    record new suggestions and burden figures; with ``dry_run`` nothing is written.

    Near-duplicates are sought against every law in the registry, but a partial run only
    reports pairs that involve one of ``law_keys``.  A full run analyses sections in
    ``processes`` worker processes (the statute book's 40,000 sections in minutes, see
    bench/screening_bench.py); the result is the same as one process's.  Needs
    :attr:`Permission.RUN_SCREENING` (a dry run too: it reads and scores every law).
    """
    require(uow.actor, Permission.RUN_SCREENING)
    catalogue = catalogue or default_catalogue()
    session = uow.session
    selected = set(law_keys) if law_keys is not None else None
    laws = _load_laws(session, law_keys)
    repealed = repeal_clause_repealed(laws, {
        title: key
        for title, key in session.execute(
            select(Law.title, Law.key).where(Law.status == LawStatus.REPEALED)
        )
    })
    screener = Screener(
        catalogue,
        repealed_titles=repealed,
        pair_filter=(
            None
            if selected is None
            else lambda a, b: a.law_key in selected or b.law_key in selected
        ),
    )
    targets: dict[tuple[str, str | None], ScreenTarget] = {}
    law_ids: dict[str, int] = {}
    summary = ScreenSummary()
    principals: dict[str, set[str]] = {}
    items: list[tuple[LawContext, SectionRef, str, int | None]] = []
    for law in laws:
        report = selected is None or law.key in selected
        context = law_context(law, catalogue)
        history = has_section_history(law)
        if context.amending:
            principals[law.key] = amended_laws(law)
        law_ids[law.key] = law.id
        summary.laws += report
        for section in law.sections:
            version = section.current_version
            if section.status == SectionStatus.REPEALED or version is None or not version.text:
                continue
            ref = SectionRef(law.key, section.number, version.id)
            targets[(law.key, section.number)] = ScreenTarget(
                law.id, version.id, section.number, text_hash(version.text)
            )
            year = amounts_year(version, law, history)
            if selected is None:
                items.append((context, ref, version.text, year))
            else:
                screener.screen_section(context, ref, version.text, year, report=report)
    result = (
        screen_in_parallel(screener, items, processes) if selected is None else screener.finish()
    )
    result.findings = drop_repeated(result.findings, principals)
    summary.sections = result.sections
    summary.findings = len(result.findings)
    summary.duplicate_pairs = sum(1 for f in result.findings if f.other is not None) // 2
    summary.by_category.update(f.category for f in result.findings)
    reported = [law for law in laws if selected is None or law.key in selected]
    if dry_run:
        known = _known_fingerprints(session, [_finding_fingerprint(f, targets) for f in result.findings])
        for finding in result.findings:
            if _finding_fingerprint(finding, targets) in known:
                summary.already_known += 1
            else:
                summary.added += 1
                summary.added_by_category[finding.category] += 1
        return summary
    summary.superseded = _supersede_changed(uow, reported, targets)
    added, already_known = record_suggestions(uow, result.findings, targets, law_ids)
    summary.added, summary.already_known = sum(added.values()), already_known
    summary.added_by_category = added
    store_burdens(uow, {law.key: law for law in reported}, result.burdens, catalogue)
    return summary


def _finding_fingerprint(finding: Finding, targets: dict[tuple[str, str | None], ScreenTarget]) -> str:
    target = targets.get((finding.target.law_key, finding.target.number))
    if finding.target.number is None or target is None:
        where = f"law:{finding.target.law_key}"
        hashed = text_hash(finding.quote)  # stable: the law's age grows, the finding does not
    else:
        where = f"version:{target.version_id}"
        hashed = target.hash
    other = None
    if finding.other is not None:
        other_target = targets.get((finding.other.law_key, finding.other.number))
        other = f"version:{other_target.version_id}:{other_target.hash}" if other_target else str(finding.other)
    return fingerprint(finding.rule_id, where, hashed, finding.start, finding.end, finding.quote, other)


def _known_fingerprints(session: Session, prints: Iterable[str]) -> set[str]:
    prints = list(set(prints))
    known: set[str] = set()
    for i in range(0, len(prints), 500):
        chunk = prints[i : i + 500]
        known.update(session.scalars(select(Flag.fingerprint).where(Flag.fingerprint.in_(chunk))))
    return known


def record_suggestions(
    uow: UnitOfWork,
    findings: Sequence[Finding],
    targets: dict[tuple[str, str | None], ScreenTarget],
    law_ids: dict[str, int],
) -> tuple[Counter[str], int]:
    """Store the findings not stored before as ``suggested`` flags; returns the counts
    added per category and the number already known.  One audit entry per law."""
    require(uow.actor, Permission.RUN_SCREENING)
    prints = [_finding_fingerprint(f, targets) for f in findings]
    known = _known_fingerprints(uow.session, prints)
    added: Counter[str] = Counter()
    per_law: dict[str, Counter[str]] = {}
    already = 0
    for finding, print_ in zip(findings, prints, strict=True):
        if print_ in known:
            already += 1
            continue
        known.add(print_)
        target = targets.get((finding.target.law_key, finding.target.number))
        other = (
            targets.get((finding.other.law_key, finding.other.number)) if finding.other else None
        )
        evidence: dict[str, Any] = {"quote": finding.quote, "start": finding.start, "end": finding.end}
        evidence.update(finding.details)
        uow.session.add(
            Flag(
                law_id=law_ids[finding.target.law_key],
                section_version_id=target.version_id if target and finding.target.number else None,
                section_number=finding.target.number,
                category=finding.category,
                rule_id=finding.rule_id,
                created_by=f"rule:{finding.rule_id}",
                evidence=evidence,
                confidence=round(finding.confidence, 4),
                other_version_id=other.version_id if other else None,
                similarity=finding.similarity,
                status=FlagStatus.SUGGESTED,
                fingerprint=print_,
                text_hash=target.hash if target and finding.target.number else None,
            )
        )
        added[finding.category] += 1
        per_law.setdefault(finding.target.law_key, Counter())[finding.rule_id] += 1
    uow.session.flush()
    for key, rules in sorted(per_law.items()):
        uow.audit("flags.suggest", "law", key, after={"added": sum(rules.values()), "rules": dict(rules)})
        uow.law_changed(key)
    return added, already


def _supersede_changed(
    uow: UnitOfWork, laws: Sequence[Law], targets: dict[tuple[str, str | None], ScreenTarget]
) -> int:
    """Mark flags whose target text changed in place since they were made."""
    current = {t.version_id: t.hash for t in targets.values() if t.version_id is not None}
    law_ids = [law.id for law in laws]
    count = 0
    for i in range(0, len(law_ids), 500):
        flags = uow.session.scalars(
            select(Flag).where(
                Flag.law_id.in_(law_ids[i : i + 500]),
                Flag.superseded_at.is_(None),
                Flag.text_hash.is_not(None),
            )
        )
        for flag in flags:
            if flag.section_version_id in current and current[flag.section_version_id] != flag.text_hash:
                flag.superseded_at = utcnow()
                count += 1
                uow.audit("flag.supersede", "flag", str(flag.id), after={"reason": "text changed"})
                uow.law_changed(flag.law.key)
    return count


def store_burdens(
    uow: UnitOfWork, laws: dict[str, Law], burdens: dict[str, Burden], catalogue: Catalogue
) -> None:
    """Store (or refresh) the burden figures of the screened laws."""
    now = utcnow()
    for key, burden in burdens.items():
        law = laws.get(key)
        if law is None:
            continue
        row = uow.session.get(LawBurden, law.id) or LawBurden(law_id=law.id)
        row.restrictions = burden.restrictions
        row.words = burden.words
        row.per_thousand_words = burden.per_thousand_words
        row.terms = dict(burden.terms.most_common())
        row.computed_at = now
        row.catalogue_version = catalogue.version
        uow.session.add(row)
