"""Triage of screening flags: one :func:`decide` (confirm or dismiss, one flag or many) and
flags raised by hand.

Who may act is checked before anything is written (see :mod:`lawreg.services.permissions`):
triage needs ``triage_flags`` and a manual flag ``add_flag`` (officer for their own
agency's laws, reviewer, admin).  A decision on several flags checks every flag first, so it
is all or nothing.  Every write is audited and announces the law as changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...errors import InvalidRecord, NotFound
from ...models import (
    Flag,
    FlagStatus,
    Law,
    Section,
    SectionVersion,
)
from ...models.base import utcnow
from ...thai.numbers import SectionNumberError, parse_section_number
from ..four_eyes import require_second_person_for_flag
from ..permissions import Permission, require
from ..unit_of_work import UnitOfWork
from .screening import CATEGORIES, fingerprint, text_hash


def _flags_for_triage(uow: UnitOfWork, flag_ids: Iterable[int]) -> list[Flag]:
    """The flags ``flag_ids``, each checked against the actor's right to triage its law
    before any of them changes — so a refused bulk decision writes nothing at all."""
    ids = list(dict.fromkeys(flag_ids))
    if not ids:
        raise InvalidRecord("flags", "flag.none_chosen")
    flags = {
        flag.id: flag
        for flag in uow.session.scalars(
            select(Flag).where(Flag.id.in_(ids)).options(selectinload(Flag.law))
        )
    }
    missing = [str(flag_id) for flag_id in ids if flag_id not in flags]
    if missing:
        raise NotFound("flag.not_found", flag=", ".join(missing))
    for flag_id in ids:
        require(uow.actor, Permission.TRIAGE_FLAGS, law=flags[flag_id].law)
    return [flags[flag_id] for flag_id in ids]


DECISIONS = (FlagStatus.CONFIRMED, FlagStatus.DISMISSED)


def decide(uow: UnitOfWork, flag_ids: Iterable[int], decision: str, reason: str | None = None) -> list[Flag]:
    """Confirm or dismiss flags (``decision`` is ``confirmed`` or ``dismissed``), one or many,
    in one unit of work: every flag is checked first, so either all are decided or none is.

    A dismissal needs a reason (the flag stays, as the record of the decision); confirming
    also reverses a dismissal.  Each decision records who and when, and needs
    :attr:`Permission.TRIAGE_FLAGS` on the flag's law (an officer: their agency's); a flag
    raised by hand is confirmed by someone other than the person who raised it
    (:mod:`lawreg.services.four_eyes`)."""
    if decision not in DECISIONS:
        raise InvalidRecord("decision", "flag.decision_unknown", decision=decision)
    status = FlagStatus(decision)
    reason = reason.strip() if reason and reason.strip() else None
    if status == FlagStatus.DISMISSED and reason is None:
        raise InvalidRecord("reason", "flag.reason_required")
    flags = _flags_for_triage(uow, flag_ids)
    if status == FlagStatus.CONFIRMED:
        for flag in flags:
            require_second_person_for_flag(uow, flag)
    for flag in flags:
        before = {"status": flag.status, "reason": flag.decision_reason}
        flag.status = status
        flag.decided_by = uow.actor.name
        flag.decided_by_user_id = uow.actor.user_id
        flag.decided_at = utcnow()
        flag.decision_reason = reason
        uow.audit(f"flag.{status.value}", "flag", str(flag.id), before=before,
                  after={"status": status.value, "reason": reason})
        uow.law_changed(flag.law.key)
    return flags


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
    """A flag raised by a person, suggested until a second person confirms it (see
    :mod:`lawreg.services.four_eyes`).  With ``section`` it attaches to that section's current version; a ``quote``
    must occur in that text and its offsets are recorded — at ``start`` when given (the
    reader selected that occurrence), else at its first occurrence.

    Needs :attr:`Permission.ADD_FLAG` on the law (an officer: their agency's laws)."""
    if category not in CATEGORIES:
        raise InvalidRecord("category", "flag.category_unknown", category=category, categories=", ".join(sorted(CATEGORIES)))
    law = uow.session.scalar(select(Law).where(Law.key == law_key))
    if law is None:
        raise NotFound("law.not_found", law=law_key)
    require(uow.actor, Permission.ADD_FLAG, law=law)
    if start is not None and not quote:
        raise InvalidRecord("quote", "flag.quote_required")
    version: SectionVersion | None = None
    number: str | None = None
    end: int | None = None
    if section is not None:
        try:
            number = parse_section_number(section).canonical
        except SectionNumberError as error:
            raise InvalidRecord("section", "section.number_invalid", detail=str(error)) from error
        row = uow.session.scalar(
            select(Section).where(Section.law_id == law.id, Section.number == number)
        )
        if row is None or row.current_version is None:
            raise InvalidRecord("section", "section.not_found", law=law_key, section=number)
        version = row.current_version
        if quote:
            if start is None:
                start = version.text.find(quote)
            elif version.text[start : start + len(quote)] != quote:
                start = -1
            if start == -1:
                raise InvalidRecord("quote", "flag.quote_not_found", law=law_key, section=number)
            end = start + len(quote)
    elif start is not None:
        raise InvalidRecord("start", "flag.position_without_section")
    hashed = text_hash(version.text) if version else None
    where = f"version:{version.id}" if version else f"law:{law_key}"
    print_ = fingerprint(f"manual:{uow.actor.name}:{category}", where, hashed or "", start, end,
                         quote, notes)
    if uow.session.scalar(select(Flag.id).where(Flag.fingerprint == print_)):
        raise InvalidRecord("flag", "flag.duplicate")
    flag = Flag(
        law_id=law.id, section_version_id=version.id if version else None, section_number=number,
        category=category, rule_id=None, created_by=uow.actor.name,
        created_by_user_id=uow.actor.user_id,
        evidence={"quote": quote, "start": start, "end": end}, confidence=1.0,
        status=FlagStatus.SUGGESTED, notes=notes,
        fingerprint=print_, text_hash=hashed,
    )
    uow.session.add(flag)
    uow.session.flush()
    uow.audit("flag.create", "flag", str(flag.id),
              after={"law": law_key, "section": number, "category": category, "notes": notes})
    uow.law_changed(law_key)
    return flag
