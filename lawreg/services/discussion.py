"""The staff discussion thread of a review case.

Anyone who may see a case may write in its thread (an officer: cases on their agency's
laws); notes are plain text, at most :data:`NOTE_MAX` characters, never edited, and each is
audited.  Pages escape them like every other text.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import InvalidRecord, NotFound
from ..models import CaseNote, ReviewCase
from .permissions import Permission, require
from .unit_of_work import UnitOfWork

NOTE_MAX = 5_000


def post_note(uow: UnitOfWork, case_id: int, body: str) -> CaseNote:
    """Add a note by the acting user to the thread of ``case_id``."""
    case = uow.session.get(ReviewCase, case_id)
    if case is None:
        raise NotFound("case.not_found", case=case_id)
    require(uow.actor, Permission.VIEW_CASES, law=case.law)
    text = (body or "").replace("\x00", "").strip()
    if not text:
        raise InvalidRecord("note", "field.empty")
    if len(text) > NOTE_MAX:
        raise InvalidRecord("note", "field.too_long", limit=f"{NOTE_MAX:,}")
    note = CaseNote(case_id=case_id, author=uow.actor.name, author_id=uow.actor.user_id, body=text)
    uow.session.add(note)
    uow.session.flush()
    uow.audit("case.note", "case_note", str(note.id), after={"case": case_id, "body": text})
    return note


def case_notes(session: Session, case_id: int) -> list[CaseNote]:
    """The thread, oldest first (callers check the reader may see the case)."""
    return list(session.scalars(select(CaseNote).where(CaseNote.case_id == case_id).order_by(CaseNote.id)))
