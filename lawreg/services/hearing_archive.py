"""The public archive of closed hearings, and the agency's responses to their comments.

A hearing never disappears: once a case has left ``public_hearing`` its hearing is still
readable by anyone, with the comments a moderator published and what the agency answered.
Staff of the law's agency (or the central review unit) write the answers through
:func:`respond`: one per published comment, and one summary response per hearing; writing
again replaces the text, and every write is audited with the text before.  Public pages show
an answer as the agency's, never with the staff member's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..errors import InvalidRecord, NotFound, PermissionDenied
from ..models import (
    CaseStage,
    CaseTransition,
    HearingComment,
    HearingResponse,
    ModerationStatus,
    ReviewCase,
)
from ..models.base import utcnow
from .hearing_period import HearingPeriod, hearing_period
from .hearings import approved_comments
from .permissions import Permission, can
from .unit_of_work import UnitOfWork

RESPONSE_MAX = 10_000


@dataclass(frozen=True)
class ArchivedHearing:
    """A hearing as the public (and the hearing report) sees it."""

    case: ReviewCase
    period: HearingPeriod
    comments: list[HearingComment]  # published (approved) comments only
    responses: dict[int, HearingResponse]  # by comment id
    summary: HearingResponse | None
    received: int  # every comment received, published or not
    by_status: dict[str, int]

    @property
    def agency_name(self) -> str | None:
        agency = self.case.law.agency
        return agency.name if agency else None


def _hearing_cases(session: Session):
    opened = select(CaseTransition.case_id).where(CaseTransition.name == "open_hearing")
    return (select(ReviewCase).where(ReviewCase.id.in_(opened))
            .options(selectinload(ReviewCase.transitions)))


def closed_hearings(session: Session) -> list[tuple[ReviewCase, HearingPeriod]]:
    """Every hearing that has closed, the most recently closed first."""
    cases = session.scalars(
        _hearing_cases(session).where(ReviewCase.stage != CaseStage.PUBLIC_HEARING))
    found = [(case, period) for case in cases if (period := hearing_period(case)) and not period.is_open]
    return sorted(found, key=lambda item: (item[1].closed_at, item[0].id), reverse=True)


def responses_of(session: Session, case_id: int) -> tuple[dict[int, HearingResponse], HearingResponse | None]:
    rows = list(session.scalars(select(HearingResponse).where(HearingResponse.case_id == case_id)))
    return ({r.comment_id: r for r in rows if r.comment_id is not None},
            next((r for r in rows if r.comment_id is None), None))


def _record(session: Session, case: ReviewCase, period: HearingPeriod) -> ArchivedHearing:
    counts = {status: int(count) for status, count in session.execute(
        select(HearingComment.status, func.count()).where(HearingComment.case_id == case.id)
        .group_by(HearingComment.status))}
    by_comment, summary = responses_of(session, case.id)
    return ArchivedHearing(
        case=case, period=period, comments=approved_comments(session, case.id),
        responses=by_comment, summary=summary, received=sum(counts.values()),
        by_status={status.value: int(counts.get(status.value, 0)) for status in ModerationStatus},
    )


def archived_hearing(session: Session, case_id: int) -> ArchivedHearing:
    """A closed hearing for the public; :class:`NotFound` if ``case_id`` never had a hearing
    or its hearing is still open (the open hearing has its own page)."""
    case = session.scalar(_hearing_cases(session).where(ReviewCase.id == case_id))
    period = hearing_period(case) if case else None
    if case is None or period is None or period.is_open:
        raise NotFound("hearing.not_closed", case=case_id)
    return _record(session, case, period)


def hearing_record(session: Session, case: ReviewCase) -> ArchivedHearing:
    """The hearing of ``case``, open or closed (for staff pages and the hearing report)."""
    period = hearing_period(case)
    if period is None:
        raise NotFound("hearing.never_held", case=case.id)
    return _record(session, case, period)


def may_respond(uow: UnitOfWork, case: ReviewCase) -> bool:
    """The law's agency (its officers) and the central review unit answer a hearing."""
    return (can(uow.actor, Permission.SUBMIT_CASE, law=case.law)
            or can(uow.actor, Permission.REVIEW_CASE, law=case.law))


def respond(uow: UnitOfWork, case_id: int, body: str, comment_id: int | None = None,
            *, now: datetime | None = None) -> HearingResponse:
    """Write (or rewrite) the agency's response to published comment ``comment_id``, or the
    summary response of the hearing when ``comment_id`` is ``None``.

    Refused (:class:`PermissionDenied`) for anyone but the law's agency and the review unit;
    :class:`InvalidRecord` for an empty or over-long text, a comment of another case or one
    not published; :class:`NotFound` for a case that never had a hearing.
    """
    case = uow.session.get(ReviewCase, case_id)
    if case is None or hearing_period(case) is None:
        raise NotFound("hearing.never_held", case=case_id)
    if not may_respond(uow, case):
        raise PermissionDenied("hearing.response_denied", law=case.law.title)
    text = (body or "").replace("\x00", "").strip()
    if not text:
        raise InvalidRecord("response", "field.empty")
    if len(text) > RESPONSE_MAX:
        raise InvalidRecord("response", "field.too_long", limit=f"{RESPONSE_MAX:,}")
    if comment_id is not None:
        comment = uow.session.get(HearingComment, comment_id)
        if comment is None or comment.case_id != case_id:
            raise InvalidRecord("comment", "hearing.comment_other_case", comment=comment_id, case=case_id)
        if comment.status != ModerationStatus.APPROVED:
            raise InvalidRecord("comment", "hearing.comment_unpublished", comment=comment_id)
        existing = uow.session.scalar(select(HearingResponse).where(HearingResponse.comment_id == comment_id))
    else:
        existing = uow.session.scalar(select(HearingResponse).where(
            HearingResponse.case_id == case_id, HearingResponse.comment_id.is_(None)))
    before = {"body": existing.body} if existing else None
    response = existing or HearingResponse(case_id=case_id, comment_id=comment_id)
    response.body = text
    response.written_by = uow.actor.name
    response.written_by_id = uow.actor.user_id
    response.responded_at = now or utcnow()
    uow.session.add(response)
    uow.session.flush()
    uow.audit("hearing.respond", "hearing_response", str(response.id), before=before,
              after={"case": case_id, "comment": comment_id, "body": text})
    return response
