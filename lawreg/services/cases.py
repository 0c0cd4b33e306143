"""Review cases: opening them, moving them through the workflow, and listing them.

The stages and the rules of each move are in :mod:`lawreg.services.case_workflow`;
:func:`transition` is the only way a case changes stage, so the CLI, API and pages obey
the same rules.  Every change is checked against the version of the case the user read
(optimistic locking): a stale version raises :class:`StaleCase`, which lists the steps
taken since, and nothing is written.

A case links the screening flags that motivate it (:class:`~lawreg.models.CaseFlag`):
chosen when it is opened, or added later while it is open.  Only the case's law's
suggested or confirmed flags (not superseded) may be linked; linking is audited and never
changes a flag's status — triage stays its own decision.

Long because every change to a case (open, transition, checklist, flag links) shares the
private version check, flush and history step here, so nothing outside writes a case.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from ..errors import ConcurrentEdit, InvalidRecord, NotFound
from ..models import (
    CaseFlag,
    CaseSection,
    CaseStage,
    CaseTransition,
    ChecklistAnswer,
    Flag,
    FlagStatus,
    Law,
    ProposedAction,
    ReviewCase,
    SectionStatus,
)
from ..models.base import utcnow
from ..thai.numbers import SectionNumberError, parse_section_number
from .case_workflow import (
    ACTIONS,
    ANSWERS,
    COMMENT_MAX,
    EVIDENCE_MAX,
    GAZETTE_REF_MAX,
    JUSTIFICATION_MAX,
    MAX_SECTIONS,
    NEW_TEXT_MAX,
    QUESTIONS,
    REQUIRED_INPUT_CODES,
    TRANSITIONS,
    DecidedByVote,
    Transition,
    TransitionInput,
    TransitionRefused,
    available_transitions,
    blocked_transitions,
    canonical_number,
    clean_text,
    refusal,
)
from .deadlines import stage_due_on
from .flags.queries import law_flags
from .four_eyes import require_second_person_for_case
from .laws import load_law
from .permissions import Permission, require
from .status import law_status_at
from .unit_of_work import UnitOfWork

__all__ = [
    "COMMENT_MAX",
    "EVIDENCE_MAX",
    "GAZETTE_REF_MAX",
    "JUSTIFICATION_MAX",
    "NEW_TEXT_MAX",
    "TRANSITIONS",
    "StaleCase",
    "Step",
    "Transition",
    "TransitionInput",
    "TransitionRefused",
    "available_transitions",
    "blocked_transitions",
    "flag_candidates",
    "get_case",
    "link_flags",
    "open_case",
    "refusal",
    "transition",
    "update_checklist",
]

MAX_FLAGS = 500
LINKABLE_STATUSES = (FlagStatus.SUGGESTED, FlagStatus.CONFIRMED)


@dataclass(frozen=True)
class Step:
    """A transition already taken, detached from the session (for conflict reports)."""

    name: str
    from_stage: str | None
    to_stage: str
    actor: str
    at: datetime
    comment: str
    case_version: int


class StaleCase(ConcurrentEdit):
    """The case changed since the user read ``read_version``; ``changes`` are the steps since."""

    def __init__(self, case_id: int, read_version: int, changes: list[Step]) -> None:
        names = ", ".join(f"{s.name} by {s.actor}" for s in changes) or "an edit"
        super().__init__("case.stale", case=case_id, version=read_version, changes=names)
        self.case_id = case_id
        self.read_version = read_version
        self.changes = changes


def _answers(raw: Mapping[str, tuple[str, str]]) -> list[ChecklistAnswer]:
    rows = []
    for question, (answer, evidence) in raw.items():
        if question not in QUESTIONS:
            raise InvalidRecord("checklist", "checklist.question_unknown", question=question)
        if not answer:
            continue
        if answer not in ANSWERS:
            raise InvalidRecord(f"checklist.{question}", "checklist.answer_unknown", answer=answer)
        rows.append(ChecklistAnswer(question=question, answer=answer,
                                    evidence=clean_text(evidence, f"checklist.{question}.evidence", EVIDENCE_MAX)))
    return rows


def open_case(
    uow: UnitOfWork,
    law_key: str,
    action: str,
    justification: str,
    *,
    sections: list[str] | None = None,
    checklist: Mapping[str, tuple[str, str]] | None = None,
    new_texts: Mapping[str, str] | None = None,
    flags: Iterable[int] | None = None,
    today: date | None = None,
) -> ReviewCase:
    """Open a case in ``draft`` on ``law_key`` (or on the listed sections of it).

    ``checklist`` maps a question to (answer, evidence); unanswered questions may be answered
    later, but a case is not submitted with any left open.  ``new_texts`` maps a section
    number to the proposed wording of an amendment.  ``flags`` are ids of the law's
    suggested or confirmed flags that motivate the case (see :func:`linkable_flags`).
    """
    today = today or date.today()
    law = uow.session.scalar(select(Law).where(Law.key == law_key))
    if law is None:
        raise NotFound("law.not_found", law=law_key)
    require(uow.actor, Permission.OPEN_CASE, law=law)
    if action not in ACTIONS:
        raise InvalidRecord("action", "case.action_unknown", action=action)
    text = clean_text(justification, "justification", JUSTIFICATION_MAX, required=True)
    status = law_status_at(uow.session, law, today)
    if not status.in_force and action != ProposedAction.KEEP:
        raise InvalidRecord("law", "case.nothing_to_do", law=law.key, status=status.status, action=action)
    links = _case_sections(uow, law, sections or [], action, new_texts or {})
    if action == ProposedAction.AMEND and not links:
        raise InvalidRecord("sections", "case.amend_needs_sections")
    answers = _answers(checklist or {})
    linked = linkable_flags(uow, law, flags or [])
    case = ReviewCase(
        law_id=law.id,
        action=action,
        justification=text,
        stage=CaseStage.DRAFT,
        stage_due_on=stage_due_on(CaseStage.DRAFT, today),
        opened_by=uow.actor.name,
        opened_by_id=uow.actor.user_id,
        sections=links,
        answers=answers,
        flag_links=[CaseFlag(flag=flag, linked_by=uow.actor.name) for flag in linked],
    )
    uow.session.add(case)
    uow.session.flush()
    _record_step(uow, case, "open", None, "", None)
    return case


def _case_sections(
    uow: UnitOfWork, law: Law, numbers: list[str], action: str, new_texts: Mapping[str, str]
) -> list[CaseSection]:
    if len(numbers) > MAX_SECTIONS:
        raise InvalidRecord("sections", "case.too_many_sections", max=MAX_SECTIONS)
    loaded = load_law(uow, law.key)
    assert loaded is not None
    by_number = {s.number: s for s in loaded.sections}
    texts = {canonical_number(k): clean_text(v, f"new_texts[{k}]", NEW_TEXT_MAX) for k, v in new_texts.items()}
    links: list[CaseSection] = []
    seen: set[str] = set()
    for raw in numbers:
        try:
            number = parse_section_number(raw).canonical
        except SectionNumberError as error:
            raise InvalidRecord("sections", "section.number_invalid", detail=str(error)) from error
        if number in seen:
            continue
        seen.add(number)
        section = by_number.get(number)
        if section is None:
            raise InvalidRecord("sections", "section.not_found", law=law.key, section=number)
        if section.status == SectionStatus.REPEALED and action != ProposedAction.KEEP:
            raise InvalidRecord("sections", "section.already_repealed", section=number)
        links.append(CaseSection(section=section, new_text=texts.get(number) or None))
    unknown = set(texts) - seen
    if unknown:
        raise InvalidRecord("new_texts", "case.texts_outside_case", sections=", ".join(sorted(unknown)))
    return links


def linkable_flags(uow: UnitOfWork, law: Law, flag_ids: Iterable[int]) -> list[Flag]:
    """The flags ``flag_ids`` (duplicates dropped) after checking each may motivate a case on
    ``law``: it exists, is on ``law``, is suggested or confirmed and still on the current
    text.  Any other raises :class:`InvalidRecord` on field ``flags`` naming the flag."""
    ids = list(dict.fromkeys(flag_ids))
    if len(ids) > MAX_FLAGS:
        raise InvalidRecord("flags", "case.too_many_flags", max=MAX_FLAGS)
    if not ids:
        return []
    found = {f.id: f for f in uow.session.scalars(select(Flag).where(Flag.id.in_(ids)))}
    for flag_id in ids:
        flag = found.get(flag_id)
        if flag is None:
            raise InvalidRecord("flags", "flag.not_found", flag=flag_id)
        if flag.law_id != law.id:
            raise InvalidRecord("flags", "flag.other_law", flag=flag_id, flag_law=flag.law.key, law=law.key)
        if flag.status not in LINKABLE_STATUSES:
            raise InvalidRecord("flags", "flag.not_linkable", flag=flag_id, status=flag.status)
        if flag.superseded_at is not None:
            raise InvalidRecord("flags", "flag.superseded", flag=flag_id)
    return [found[flag_id] for flag_id in ids]


def flag_candidates(uow: UnitOfWork, law: Law) -> list[Flag]:
    """The flags of ``law`` a case may link (suggested or confirmed, on the current text),
    in section order — what the open-case form offers."""
    return [
        flag for flag in law_flags(uow.session, law.id) if flag.status in LINKABLE_STATUSES
    ]


def link_flags(uow: UnitOfWork, case_id: int, read_version: int, flag_ids: Iterable[int]) -> ReviewCase:
    """Link more flags to an open case (those already linked are skipped).

    Needs the right to open a case on the case's law (an officer: their agency's laws);
    the flags are checked as :func:`linkable_flags` does.  The case's version moves on and
    the step is in its history and the audit log.
    """
    case = get_case(uow, case_id)
    _check_version(uow, case, read_version)
    require(uow.actor, Permission.OPEN_CASE, law=case.law)
    if not case.is_open:
        raise TransitionRefused("case.flags_settled", case=case.id, stage=case.stage)
    already = {link.flag_id for link in case.flag_links}
    new = [flag for flag in linkable_flags(uow, case.law, flag_ids) if flag.id not in already]
    if not new:
        raise InvalidRecord("flags", "case.no_new_flags")
    before = case_snapshot(case)
    for flag in new:
        case.flag_links.append(CaseFlag(flag=flag, linked_by=uow.actor.name))
    case.updated_at = utcnow()
    _flush_or_stale(uow, case, read_version)
    _record_step(uow, case, "link_flags", case.stage, ", ".join(f"#{flag.id}" for flag in new), before)
    return case


def get_case(uow: UnitOfWork, case_id: int) -> ReviewCase:
    """A case the actor may see, with its history loaded."""
    case = uow.session.scalar(
        select(ReviewCase).where(ReviewCase.id == case_id).options(selectinload(ReviewCase.transitions))
    )
    if case is None:
        raise NotFound("case.not_found", case=case_id)
    require(uow.actor, Permission.VIEW_CASES, law=case.law)
    return case


def _check_version(uow: UnitOfWork, case: ReviewCase, read_version: int) -> None:
    if case.version != read_version:
        raise StaleCase(case.id, read_version, changes_since(uow, case.id, read_version))


def changes_since(uow: UnitOfWork, case_id: int, version: int) -> list[Step]:
    rows = uow.session.scalars(
        select(CaseTransition)
        .where(CaseTransition.case_id == case_id, CaseTransition.case_version > version)
        .order_by(CaseTransition.id)
    )
    return [Step(r.name, r.from_stage, r.to_stage, r.actor, r.at, r.comment, r.case_version) for r in rows]


def _flush_or_stale(uow: UnitOfWork, case: ReviewCase, read_version: int) -> None:
    """Flush; if another session committed first (the version check in the UPDATE matched
    no row), report what it did instead of writing over it."""
    case_id = case.id
    try:
        uow.session.flush()
    except StaleDataError:
        uow.session.rollback()
        raise StaleCase(case_id, read_version, changes_since(uow, case_id, read_version)) from None


def transition(
    uow: UnitOfWork,
    case_id: int,
    name: str,
    read_version: int,
    data: TransitionInput | None = None,
    *,
    today: date | None = None,
    by_vote: bool = False,
) -> ReviewCase:
    """Move a case along transition ``name``; see the module doc for the rules and errors.

    ``by_vote`` is for :mod:`lawreg.services.votes` alone: the committee's decisions are
    taken by its recorded vote, so ``approve`` and ``reject`` are refused otherwise."""
    data = data or TransitionInput()
    today = today or date.today()
    case = get_case(uow, case_id)
    _check_version(uow, case, read_version)
    spec = TRANSITIONS.get(name)
    if spec is None or case.stage not in spec.sources:
        raise refusal(uow.actor, case, name) or TransitionRefused("transition.unknown", transition=name)
    require(uow.actor, spec.permission, law=case.law)
    if spec.by_vote and not by_vote:
        raise DecidedByVote(name)
    require_second_person_for_case(uow, case, name)
    reason = spec.guard(case) if spec.guard else None
    if reason is not None:
        raise reason
    data.comment = clean_text(data.comment, "comment", COMMENT_MAX)
    if data.gazette_ref is not None:
        data.gazette_ref = clean_text(data.gazette_ref, "gazette_ref", GAZETTE_REF_MAX)
    for required in spec.requires:
        value = getattr(data, required)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise TransitionRefused(REQUIRED_INPUT_CODES[required], required, transition=name)
    before = case_snapshot(case)
    from_stage = case.stage
    case.stage = spec.target
    case.stage_due_on = stage_due_on(spec.target, today, data.due_on)
    # Writing the stage first takes the row (PostgreSQL locks it until commit), so two
    # sessions can never both run a transition's side effects.
    _flush_or_stale(uow, case, read_version)
    if spec.effect is not None:
        spec.effect(uow, case, data, today)
        uow.session.flush()
    _record_step(uow, case, name, from_stage, data.comment, before)
    return case


def update_checklist(
    uow: UnitOfWork, case_id: int, read_version: int, checklist: Mapping[str, tuple[str, str]]
) -> ReviewCase:
    """Answer (or re-answer) checklist questions of a case still with its agency."""
    case = get_case(uow, case_id)
    _check_version(uow, case, read_version)
    require(uow.actor, Permission.SUBMIT_CASE, law=case.law)
    if case.stage not in (CaseStage.DRAFT, CaseStage.AGENCY_REVIEW):
        raise TransitionRefused("case.checklist_settled", stage=case.stage)
    before = case_snapshot(case)
    for row in _answers(checklist):
        stored = case.answer_to(row.question)
        if stored is None:
            case.answers.append(row)
        else:
            stored.answer, stored.evidence = row.answer, row.evidence
    case.updated_at = utcnow()  # the case row itself changes, so its version moves on
    _flush_or_stale(uow, case, read_version)
    _record_step(uow, case, "checklist", case.stage, "", before)
    return case


def _record_step(
    uow: UnitOfWork, case: ReviewCase, name: str, from_stage: str | None, comment: str,
    before: dict[str, object] | None,
) -> None:
    """Put the step just written into the case's history (at the case's new version and
    stage) and the audit log as ``case.<name>``."""
    case.transitions.append(
        CaseTransition(name=name, from_stage=from_stage, to_stage=case.stage,
                       actor=uow.actor.name, user_id=uow.actor.user_id, comment=comment,
                       due_on=case.stage_due_on, case_version=case.version)
    )
    uow.audit(f"case.{name}", "case", str(case.id), before=before, after=case_snapshot(case))


def case_snapshot(case: ReviewCase) -> dict[str, object]:
    """A case as audit data."""
    return {
        "law": case.law.key if case.law else None,
        "action": case.action,
        "stage": case.stage,
        "stage_due_on": case.stage_due_on.isoformat() if case.stage_due_on else None,
        "justification": case.justification,
        "sections": [link.section.number for link in case.sections],
        "checklist": {a.question: [a.answer, a.evidence] for a in case.answers},
        "flags": sorted(link.flag.id for link in case.flag_links),
        "gazette_ref": case.gazette_ref,
        "commenced_on": case.commenced_on.isoformat() if case.commenced_on else None,
    }
