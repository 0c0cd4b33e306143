"""Review cases and their stages, as one explicit finite-state machine (after Indigo's tasks).

:data:`TRANSITIONS` is the whole workflow: each named transition lists the stages it leaves,
the stage it enters, the permission it needs (see :mod:`lawreg.services.permissions`), the
fields it requires, an optional guard, and its side effect.
:func:`lawreg.services.cases.transition` is the only way a case changes stage, so the CLI,
API and pages obey the same rules::

    draft → agency_review → central_review → public_hearing → committee_decision
      → approved → drafting → cabinet → (parliament →) gazette_published → closed
      → rejected → closed
    approved → closed (a decision to keep the law needs no instrument)
    any open stage before publication → withdrawn

Subordinate legislation (royal decrees, ministerial regulations) is issued after cabinet
without parliament, so ``publish`` leaves ``cabinet`` as well as ``parliament``.

A refused transition raises :class:`TransitionRefused` saying why; :mod:`lawreg.services.cases`
applies the transitions (with optimistic locking).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any

from ..errors import InvalidRecord, LawregError
from ..local_time import local_iso_minutes
from ..models import (
    Answer,
    CaseStage,
    ChecklistQuestion,
    ProposedAction,
    ReviewCase,
)
from ..models.base import utcnow
from ..thai.numbers import SectionNumberError, parse_section_number
from .deadlines import record_evaluation
from .hearing_period import hearing_period, min_days
from .laws import load_law
from .permissions import Permission, can, denial
from .registry_effects import Publication, apply_publication
from .unit_of_work import Actor, UnitOfWork

JUSTIFICATION_MAX = 20_000
COMMENT_MAX = 10_000
EVIDENCE_MAX = 10_000
NEW_TEXT_MAX = 100_000
GAZETTE_REF_MAX = 300
MAX_SECTIONS = 500
QUESTIONS = frozenset(q.value for q in ChecklistQuestion)
ANSWERS = frozenset(a.value for a in Answer)
ACTIONS = frozenset(a.value for a in ProposedAction)


class TransitionRefused(LawregError):
    """A transition that may not happen now; ``code`` says why, ``field`` what is missing."""

    def __init__(self, code: str, /, field: str | None = None, **params: Any) -> None:
        super().__init__(code, **params)
        self.reason = str(self)
        self.field = field


class DecidedByVote(TransitionRefused):
    """``approve`` and ``reject`` are the committee's, taken when its recorded votes meet the
    quorum (:mod:`lawreg.services.votes`), never by one member's hand."""

    def __init__(self, name: str) -> None:
        super().__init__("case.decided_by_vote", transition=name)


@dataclass
class TransitionInput:
    """What a user supplies with a transition; which fields are required depends on it."""

    comment: str = ""
    due_on: date | None = None
    gazette_ref: str | None = None
    published_on: date | None = None
    commenced_on: date | None = None
    instrument_key: str | None = None
    instrument_title: str | None = None
    new_texts: dict[str, str] = field(default_factory=dict)


Guard = Callable[[ReviewCase], LawregError | None]
Effect = Callable[[UnitOfWork, ReviewCase, TransitionInput, date], None]


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # English message id; pages translate it
    sources: frozenset[str]
    target: str
    permission: Permission
    requires: tuple[str, ...] = ()
    guard: Guard | None = None
    effect: Effect | None = None
    # A branch applies to some cases only (keep vs. the rest): when its guard fails, pages
    # leave it out rather than explain what is missing.
    branch: bool = False
    # Taken only as the outcome of the committee's vote (lawreg.services.votes).
    by_vote: bool = False


def _checklist_complete(case: ReviewCase) -> TransitionRefused | None:
    missing = [q.value for q in ChecklistQuestion if case.answer_to(q) is None]
    return TransitionRefused("case.checklist_incomplete", missing=", ".join(missing)) if missing else None


def _needs_instrument(case: ReviewCase) -> TransitionRefused | None:
    if case.action == ProposedAction.KEEP:
        return TransitionRefused("case.keep_needs_no_drafting")
    return None


def _hearing_long_enough(case: ReviewCase, now: datetime | None = None) -> TransitionRefused | None:
    """A public hearing stays open at least ``HEARING_MIN_DAYS`` days before it may close."""
    period = hearing_period(case)
    if period is None or not period.is_open:
        return None
    days = min_days()
    earliest = period.opened_at + timedelta(days=days)
    if (now or utcnow()) < earliest:
        return TransitionRefused("hearing.too_short", days=days, opened=local_iso_minutes(period.opened_at),
                                 earliest=local_iso_minutes(earliest))
    return None


def _is_keep(case: ReviewCase) -> TransitionRefused | None:
    if case.action != ProposedAction.KEEP:
        return TransitionRefused("case.only_keep_concludes", action=case.action)
    return None


def _record_keep_evaluation(uow: UnitOfWork, case: ReviewCase, data: TransitionInput, today: date) -> None:
    """A law reviewed and kept has been evaluated: its next periodic review runs from today."""
    record_evaluation(uow, case.law.key, today, data.comment or f"review case {case.id}: keep",
                      today=today, case=case)


def _publish(uow: UnitOfWork, case: ReviewCase, data: TransitionInput, today: date) -> None:
    assert data.gazette_ref and data.published_on and data.instrument_key
    # Thai laws usually commence "the day after publication in the Government Gazette"
    # (ให้ใช้บังคับตั้งแต่วันถัดจากวันประกาศในราชกิจจานุเบกษาเป็นต้นไป).
    commenced_on = data.commenced_on or data.published_on + timedelta(days=1)
    if commenced_on < data.published_on:
        raise TransitionRefused("case.commencement_before_publication", field="commenced_on")
    texts = {link.section.number: link.new_text for link in case.sections if link.new_text}
    texts.update({canonical_number(k): clean_text(v, f"new_texts[{k}]", NEW_TEXT_MAX)
                  for k, v in data.new_texts.items() if v and v.strip()})
    publication = Publication(
        gazette_ref=data.gazette_ref.strip(),
        published_on=data.published_on,
        commenced_on=commenced_on,
        instrument_key=data.instrument_key.strip(),
        instrument_title=data.instrument_title,
        new_texts=texts,
    )
    apply_publication(uow, case, publication)
    case.gazette_ref = publication.gazette_ref
    case.published_on = publication.published_on
    case.commenced_on = commenced_on
    instrument = load_law(uow, publication.instrument_key)
    case.instrument_id = instrument.id if instrument else None


_S = CaseStage
_BEFORE_PUBLICATION = frozenset(
    {_S.DRAFT, _S.AGENCY_REVIEW, _S.CENTRAL_REVIEW, _S.PUBLIC_HEARING, _S.COMMITTEE_DECISION,
     _S.APPROVED, _S.DRAFTING, _S.CABINET, _S.PARLIAMENT}
)

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("submit", "Submit for agency review", frozenset({_S.DRAFT}), _S.AGENCY_REVIEW,
                   Permission.SUBMIT_CASE, guard=_checklist_complete),
        Transition("forward", "Forward to central review", frozenset({_S.AGENCY_REVIEW}),
                   _S.CENTRAL_REVIEW, Permission.SUBMIT_CASE, guard=_checklist_complete),
        Transition("open_hearing", "Open the public hearing", frozenset({_S.CENTRAL_REVIEW}),
                   _S.PUBLIC_HEARING, Permission.REVIEW_CASE),
        Transition("close_hearing", "Close the hearing and refer to the committee",
                   frozenset({_S.PUBLIC_HEARING}), _S.COMMITTEE_DECISION, Permission.REVIEW_CASE,
                   guard=_hearing_long_enough),
        Transition("approve", "Approve the proposal", frozenset({_S.COMMITTEE_DECISION}),
                   _S.APPROVED, Permission.DECIDE_CASE, requires=("comment",), by_vote=True),
        Transition("reject", "Reject the proposal", frozenset({_S.COMMITTEE_DECISION}),
                   _S.REJECTED, Permission.DECIDE_CASE, requires=("comment",), by_vote=True),
        Transition("start_drafting", "Start drafting the instrument", frozenset({_S.APPROVED}),
                   _S.DRAFTING, Permission.REVIEW_CASE, guard=_needs_instrument, branch=True),
        Transition("conclude", "Conclude: the law is kept", frozenset({_S.APPROVED}), _S.CLOSED,
                   Permission.REVIEW_CASE, guard=_is_keep, effect=_record_keep_evaluation,
                   branch=True),
        Transition("to_cabinet", "Submit to the cabinet", frozenset({_S.DRAFTING}), _S.CABINET,
                   Permission.REVIEW_CASE),
        Transition("to_parliament", "Submit to parliament", frozenset({_S.CABINET}), _S.PARLIAMENT,
                   Permission.REVIEW_CASE),
        Transition("publish", "Record publication in the Government Gazette",
                   frozenset({_S.CABINET, _S.PARLIAMENT}), _S.GAZETTE_PUBLISHED,
                   Permission.REVIEW_CASE,
                   requires=("gazette_ref", "published_on", "instrument_key"), effect=_publish),
        Transition("close", "Close the case", frozenset({_S.GAZETTE_PUBLISHED, _S.REJECTED}),
                   _S.CLOSED, Permission.REVIEW_CASE),
        Transition("withdraw", "Withdraw the case", _BEFORE_PUBLICATION, _S.WITHDRAWN,
                   Permission.WITHDRAW_CASE, requires=("comment",)),
    ]
}
FIELD_NAMES = {f.name for f in fields(TransitionInput)}
# The refusal code of each input a transition may require (see ``Transition.requires``).
REQUIRED_INPUT_CODES = {
    "comment": "transition.comment_required",
    "gazette_ref": "transition.gazette_ref_required",
    "published_on": "transition.published_on_required",
    "instrument_key": "transition.instrument_key_required",
}
assert all(set(t.requires) <= FIELD_NAMES for t in TRANSITIONS.values())


def canonical_number(number: str) -> str:
    try:
        return parse_section_number(number).canonical
    except SectionNumberError:
        return number


def clean_text(value: str | None, name: str, limit: int, *, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise InvalidRecord(name, "field.empty")
    if len(text) > limit:
        raise InvalidRecord(name, "field.too_long", limit=f"{limit:,}")
    return text


def refusal(actor: Actor, case: ReviewCase, name: str) -> LawregError | None:
    """Why ``actor`` may not take transition ``name`` on ``case`` now (ignoring input fields)."""
    spec = TRANSITIONS.get(name)
    if spec is None:
        return TransitionRefused("transition.unknown", transition=name)
    if case.stage not in spec.sources:
        return TransitionRefused("transition.wrong_stage", stage=case.stage, transition=name,
                                 sources=", ".join(sorted(spec.sources)))
    reason = denial(actor, spec.permission, law=case.law)
    if reason is not None:
        return reason
    if spec.by_vote:
        return DecidedByVote(name)
    return spec.guard(case) if spec.guard else None


def available_transitions(actor: Actor, case: ReviewCase) -> list[Transition]:
    """The transitions ``actor`` may take on ``case`` in its current stage, in workflow order."""
    return [t for t in TRANSITIONS.values() if refusal(actor, case, t.name) is None]


def blocked_transitions(actor: Actor, case: ReviewCase) -> list[tuple[Transition, LawregError | None]]:
    """Transitions ``actor`` could take from this stage but for a guard, with the reason
    (e.g. "the checklist is incomplete"), so a page can say what is missing."""
    return [
        (t, t.guard(case))
        for t in TRANSITIONS.values()
        if case.stage in t.sources and can(actor, t.permission, law=case.law)
        and t.guard is not None and t.guard(case) is not None
        and not t.branch
    ]
