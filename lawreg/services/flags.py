"""Screening flags: recording the engine's suggestions, triage, manual flags, export, burden.

Every write runs in a :class:`UnitOfWork`, is audited and announces the law as changed, so
the search index can pick up flag categories.  Re-screening is incremental: each finding
has a fingerprint (rule + target version + the version's text + evidence span and quote),
a finding already stored is not stored again, and a dismissed one therefore stays
dismissed until the text changes — an amendment is a new version and so a new target; a
text corrected in place changes the hash, and the flags on the old text are marked
superseded (never deleted).

Who may act is checked here, before anything is written (see
:mod:`lawreg.services.permissions`): screening needs ``run_screening`` (reviewer, admin —
the CLI acts as admin); triage (confirm, dismiss, singly or in bulk) needs
``triage_flags`` and a manual flag ``add_flag`` (officer for their own agency's laws,
reviewer, admin).  A bulk decision checks every flag first, so it is all or nothing.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..known_laws import title_match_key
from ..models import (
    Flag,
    FlagCategory,
    FlagStatus,
    Law,
    LawBurden,
    LawRelation,
    LawStatus,
    RelationKind,
    Role,
    Section,
    SectionStatus,
    SectionVersion,
)
from ..models.base import utcnow
from ..screening.burden import Burden
from ..screening.catalogue import Catalogue, default_catalogue
from ..screening.engine import Screener, screen_in_parallel
from ..screening.instruments import drop_repeated
from ..screening.rules import Finding, LawContext, SectionRef, repeal_clause_titles
from ..thai.numbers import SectionNumberError, parse_section_number
from ..thai.years import BE_OFFSET
from .errors import InvalidRecord, NotFound
from .permissions import AGENCY_SCOPED, Permission, require
from .unit_of_work import Actor, UnitOfWork

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
        title=law.title,
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
            raise NotFound(f"no law with key {', '.join(sorted(missing))}")
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
    added, known = record_suggestions(uow, result.findings, targets, law_ids)
    summary.added, summary.already_known = sum(added.values()), known
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


def law_burden(session: Session, law_key: str) -> dict[str, Any] | None:
    """The stored burden figures of a law (None until it has been screened)."""
    row = session.execute(
        select(LawBurden).join(Law, Law.id == LawBurden.law_id).where(Law.key == law_key)
    ).scalar_one_or_none()
    if row is None:
        return None
    return {
        "law_key": law_key,
        "restrictions": row.restrictions,
        "words": row.words,
        "per_thousand_words": row.per_thousand_words,
        "terms": dict(row.terms),
        "computed_at": row.computed_at.isoformat(),
    }


def burden_ranking(session: Session, limit: int | None = None) -> list[tuple[str, int, float]]:
    """(law key, restrictions, per 1,000 words), most restrictive first."""
    query = (
        select(Law.key, LawBurden.restrictions, LawBurden.per_thousand_words)
        .join(LawBurden, LawBurden.law_id == Law.id)
        .order_by(LawBurden.per_thousand_words.desc(), Law.key)
    )
    if limit:
        query = query.limit(limit)
    return [tuple(row) for row in session.execute(query)]


# -- triage ------------------------------------------------------------------------------


def _flags_for_triage(uow: UnitOfWork, flag_ids: Iterable[int]) -> list[Flag]:
    """The flags ``flag_ids``, each checked against the actor's right to triage its law
    before any of them changes — so a refused bulk decision writes nothing at all."""
    ids = list(dict.fromkeys(flag_ids))
    if not ids:
        raise InvalidRecord("flags", "choose at least one flag")
    flags = {
        flag.id: flag
        for flag in uow.session.scalars(
            select(Flag).where(Flag.id.in_(ids)).options(selectinload(Flag.law))
        )
    }
    missing = [str(flag_id) for flag_id in ids if flag_id not in flags]
    if missing:
        raise NotFound(f"no flag {', '.join(missing)}")
    for flag_id in ids:
        require(uow.actor, Permission.TRIAGE_FLAGS, law=flags[flag_id].law)
    return [flags[flag_id] for flag_id in ids]


def _decide(uow: UnitOfWork, flag: Flag, status: FlagStatus, reason: str | None) -> None:
    before = {"status": flag.status, "reason": flag.decision_reason}
    flag.status = status
    flag.decided_by = uow.actor.name
    flag.decided_by_user_id = uow.actor.user_id
    flag.decided_at = utcnow()
    flag.decision_reason = reason
    uow.audit(f"flag.{status.value}", "flag", str(flag.id), before=before,
              after={"status": status.value, "reason": reason})
    uow.law_changed(flag.law.key)


def confirm(uow: UnitOfWork, flag_id: int, reason: str | None = None) -> Flag:
    """Confirm a suggestion (or reverse a dismissal); the decision records who and when.

    Needs :attr:`Permission.TRIAGE_FLAGS` on the flag's law (an officer: their agency's)."""
    return confirm_many_flags(uow, [flag_id], reason)[0]


def dismiss(uow: UnitOfWork, flag_id: int, reason: str) -> Flag:
    """Dismiss a flag with a reason; the flag stays, as the record of the decision."""
    return dismiss_many_flags(uow, [flag_id], reason)[0]


def confirm_many_flags(
    uow: UnitOfWork, flag_ids: Iterable[int], reason: str | None = None
) -> list[Flag]:
    """Confirm several flags in one unit of work: every one is checked first, so either
    all are decided or none is."""
    flags = _flags_for_triage(uow, flag_ids)
    reason = reason.strip() if reason and reason.strip() else None
    for flag in flags:
        _decide(uow, flag, FlagStatus.CONFIRMED, reason)
    return flags


def dismiss_many_flags(uow: UnitOfWork, flag_ids: Iterable[int], reason: str) -> list[Flag]:
    """Dismiss several flags with one (required) reason, all or none."""
    if not reason or not reason.strip():
        raise InvalidRecord("reason", "a dismissal needs a reason")
    flags = _flags_for_triage(uow, flag_ids)
    for flag in flags:
        _decide(uow, flag, FlagStatus.DISMISSED, reason.strip())
    return flags


def confirm_many(uow: UnitOfWork, flag_ids: Iterable[int], reason: str | None = None) -> int:
    """Confirm several flags in one unit of work (all or none); returns how many."""
    return len(confirm_many_flags(uow, flag_ids, reason))


def dismiss_many(uow: UnitOfWork, flag_ids: Iterable[int], reason: str) -> int:
    """Dismiss several flags with one reason, in one unit of work (all or none)."""
    return len(dismiss_many_flags(uow, flag_ids, reason))


def add_manual_flag(
    uow: UnitOfWork,
    law_key: str,
    category: str,
    *,
    section: str | None = None,
    quote: str = "",
    start: int | None = None,
    notes: str | None = None,
) -> Flag:
    """A flag raised by a person: confirmed at once (the person is its origin and its
    decider).  With ``section`` it attaches to that section's current version; a ``quote``
    must occur in that text and its offsets are recorded — at ``start`` when given (the
    reader selected that occurrence), else at its first occurrence.

    Needs :attr:`Permission.ADD_FLAG` on the law (an officer: their agency's laws)."""
    if category not in CATEGORIES:
        raise InvalidRecord("category", f"{category!r} is not one of {sorted(CATEGORIES)}")
    law = uow.session.scalar(select(Law).where(Law.key == law_key))
    if law is None:
        raise NotFound(f"no law with key {law_key}")
    require(uow.actor, Permission.ADD_FLAG, law=law)
    if start is not None and not quote:
        raise InvalidRecord("quote", "an evidence position needs the quoted text")
    version: SectionVersion | None = None
    number: str | None = None
    end: int | None = None
    if section is not None:
        try:
            number = parse_section_number(section).canonical
        except SectionNumberError as error:
            raise InvalidRecord("section", str(error)) from error
        row = uow.session.scalar(
            select(Section).where(Section.law_id == law.id, Section.number == number)
        )
        if row is None or row.current_version is None:
            raise InvalidRecord("section", f"{law_key} has no section {number}")
        version = row.current_version
        if quote:
            if start is None:
                start = version.text.find(quote)
            elif version.text[start : start + len(quote)] != quote:
                start = -1
            if start == -1:
                raise InvalidRecord("quote", f"not found in {law_key} section {number}")
            end = start + len(quote)
    elif start is not None:
        raise InvalidRecord("start", "a law-level flag has no section text to point into")
    hashed = text_hash(version.text) if version else None
    where = f"version:{version.id}" if version else f"law:{law_key}"
    print_ = fingerprint(f"manual:{uow.actor.name}:{category}", where, hashed or "", start, end,
                         quote, notes)
    if uow.session.scalar(select(Flag.id).where(Flag.fingerprint == print_)):
        raise InvalidRecord("flag", "the same flag has already been recorded")
    now = utcnow()
    flag = Flag(
        law_id=law.id, section_version_id=version.id if version else None, section_number=number,
        category=category, rule_id=None, created_by=uow.actor.name,
        created_by_user_id=uow.actor.user_id,
        evidence={"quote": quote, "start": start, "end": end}, confidence=1.0,
        status=FlagStatus.CONFIRMED, decided_by=uow.actor.name,
        decided_by_user_id=uow.actor.user_id, decided_at=now, notes=notes,
        fingerprint=print_, text_hash=hashed,
    )
    uow.session.add(flag)
    uow.session.flush()
    uow.audit("flag.create", "flag", str(flag.id),
              after={"law": law_key, "section": number, "category": category, "notes": notes})
    uow.law_changed(law_key)
    return flag


# -- reading -----------------------------------------------------------------------------


def flag_categories(session: Session, law_key: str) -> set[str]:
    """Categories of the law's live (suggested or confirmed, not superseded) flags — what
    the search index shows as facets."""
    return set(
        session.scalars(
            select(Flag.category)
            .join(Law, Law.id == Flag.law_id)
            .where(Law.key == law_key, Flag.status != FlagStatus.DISMISSED, Flag.superseded_at.is_(None))
            .distinct()
        )
    )


def export_flags(session: Session, *, include_superseded: bool = False) -> Iterator[dict[str, Any]]:
    """One JSON-ready object per flag, in law and section order:
    ``{"law_key", "section", "category", "rule", "status", "confidence", "evidence"}`` and,
    for duplicative flags, ``"other": "law_key#section"``."""
    query = (
        select(Flag)
        .join(Law, Law.id == Flag.law_id)
        .options(
            selectinload(Flag.law),
            selectinload(Flag.other_version).selectinload(SectionVersion.section).selectinload(Section.law),
        )
        .order_by(Law.key, Flag.section_number, Flag.id)
    )
    if not include_superseded:
        query = query.where(Flag.superseded_at.is_(None))
    for flag in session.scalars(query):
        row: dict[str, Any] = {
            "law_key": flag.law.key,
            "section": flag.section_number,
            "category": flag.category,
            "rule": flag.rule_id,
            "status": flag.status,
            "confidence": flag.confidence,
            "evidence": flag.evidence,
        }
        if flag.category == FlagCategory.DUPLICATIVE and flag.other_version is not None:
            other = flag.other_version.section
            row["other"] = f"{other.law.key}#{other.number}"
            row["similarity"] = flag.similarity
        yield row


def index_categories(session: Session, law_id: int) -> dict[int | None, set[str]]:
    """Categories of the law's live flags (not dismissed, not superseded) keyed by the
    section version they are on (``None``: law-level flags) — what the search index
    stores in ``flag_categories``."""
    rows = session.execute(
        select(Flag.section_version_id, Flag.category).where(
            Flag.law_id == law_id,
            Flag.status != FlagStatus.DISMISSED,
            Flag.superseded_at.is_(None),
        ).distinct()
    )
    categories: dict[int | None, set[str]] = {}
    for version_id, category in rows:
        categories.setdefault(version_id, set()).add(category)
    return categories


def _with_context(query: Any) -> Any:
    """Load what a flag is shown with: its law, its text and, for a duplicate, the other
    section with its law."""
    return query.options(
        selectinload(Flag.law),
        selectinload(Flag.section_version).selectinload(SectionVersion.section),
        selectinload(Flag.other_version).selectinload(SectionVersion.section).selectinload(Section.law),
    )


def law_flags(session: Session, law_id: int) -> list[Flag]:
    """Every flag of a law that still applies to its text (superseded ones left out), in
    section order then by confidence — the law page's list."""
    query = (
        select(Flag)
        .outerjoin(SectionVersion, SectionVersion.id == Flag.section_version_id)
        .outerjoin(Section, Section.id == SectionVersion.section_id)
        .where(Flag.law_id == law_id, Flag.superseded_at.is_(None))
        .order_by(Section.sort_key.nulls_first(), Flag.confidence.desc(), Flag.id)
    )
    return list(session.scalars(_with_context(query)))


def section_flags(session: Session, section: Section) -> list[Flag]:
    """The flags on any version of ``section`` (superseded ones left out), newest
    version first, then by confidence."""
    version_ids = [version.id for version in section.versions]
    if not version_ids:
        return []
    query = (
        select(Flag)
        .where(Flag.section_version_id.in_(version_ids), Flag.superseded_at.is_(None))
        .order_by(Flag.section_version_id.desc(), Flag.confidence.desc(), Flag.id)
    )
    return list(session.scalars(_with_context(query)))


@dataclass(frozen=True)
class TriageFilters:
    """What the triage queue is narrowed to; ``None`` means any."""

    category: str | None = None
    agency_id: int | None = None
    rule_id: str | None = None
    min_confidence: float | None = None
    law_key: str | None = None
    status: str | None = FlagStatus.SUGGESTED


@dataclass
class TriageQueue:
    items: list[Flag]
    total: int
    page: int
    page_size: int
    rules: list[str]  # the rules the actor's visible flags come from, for the filter

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def triage_queue(
    session: Session, actor: Actor, filters: TriageFilters, page: int = 1, page_size: int = 20
) -> TriageQueue:
    """One page of the flags ``actor`` may triage that match ``filters``, most confident
    first; an officer sees only the laws of their own agency.  Superseded flags (their
    text has changed since) are never in the queue."""
    require(actor, Permission.TRIAGE_FLAGS)
    scope = [Flag.superseded_at.is_(None)]
    if actor.role == Role.OFFICER and Permission.TRIAGE_FLAGS in AGENCY_SCOPED:
        # The officer's agency's laws only; an officer without an agency sees nothing.
        scope.append(Law.agency_id == actor.agency_id if actor.agency_id is not None else Law.id.is_(None))
    conditions = list(scope)
    if filters.category:
        conditions.append(Flag.category == filters.category)
    if filters.agency_id is not None:
        conditions.append(Law.agency_id == filters.agency_id)
    if filters.rule_id:
        conditions.append(Flag.rule_id == filters.rule_id)
    if filters.min_confidence is not None:
        conditions.append(Flag.confidence >= filters.min_confidence)
    if filters.law_key:
        conditions.append(Law.key == filters.law_key)
    if filters.status:
        conditions.append(Flag.status == filters.status)
    base = select(Flag).join(Law, Law.id == Flag.law_id).where(*conditions)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    items = list(
        session.scalars(
            _with_context(base.order_by(Flag.confidence.desc(), Law.key, Flag.section_number, Flag.id))
            .limit(page_size)
            .offset((page - 1) * page_size)
        )
    )
    rules = list(
        session.scalars(
            select(Flag.rule_id)
            .join(Law, Law.id == Flag.law_id)
            .where(*scope, Flag.rule_id.is_not(None))
            .distinct()
            .order_by(Flag.rule_id)
        )
    )
    return TriageQueue(items=items, total=total, page=page, page_size=page_size, rules=rules)
