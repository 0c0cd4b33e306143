"""Public hearings: anyone may read a case in ``public_hearing`` and comment on it.

Comments come from people without accounts, so the service is the guard:

* a comment is accepted only while its case is in ``public_hearing`` (:class:`HearingClosed`);
* the sender is rate-limited by a salted hash of their address, counted from the comment
  rows themselves, so the limit holds across processes (:class:`RateLimited`), or in Redis
  when one is configured (:mod:`lawreg.services.rate_limits`);
  :data:`DEFAULT_LIMITS` are per sender (5 per 10 minutes) and per case (all senders);
* the body is limited to :data:`BODY_MAX` characters and the display name is optional;
* a new comment is ``pending``: only comments a moderator approved are shown publicly.
  Approving or hiding is audited, and hiding needs a reason.

Retention: the address hash is what the rate limit needs and nothing more; each new
comment blanks the hashes of comments older than :data:`SENDER_RETENTION_DAYS`, so after
that a comment cannot be tied to other comments of the same sender.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from flask import current_app, has_app_context
from pythainlp.corpus import thai_stopwords
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..errors import InvalidRecord, LawregError, NotFound
from ..models import CaseStage, HearingComment, ModerationStatus, ReviewCase, Stance
from ..models.base import utcnow
from ..thai.segment import segment
from .permissions import Permission, require
from .rate_limits import Bucket, rate_limit_store
from .unit_of_work import UnitOfWork

BODY_MAX = 5_000
NAME_MAX = 100
REASON_MAX = 2_000
SENDER_RETENTION_DAYS = 30
EXPIRED_HASH = "expired"
STANCES = frozenset(s.value for s in Stance)


@dataclass(frozen=True)
class RateLimits:
    """At most ``per_sender`` comments per sender and ``per_case`` per case in ``window``."""

    per_sender: int = 5
    per_case: int = 200
    window: timedelta = timedelta(minutes=10)


DEFAULT_LIMITS = RateLimits()


class HearingClosed(LawregError):
    """The case is not (or no longer) in public hearing."""


class RateLimited(LawregError):
    def __init__(self, reason: str, retry_after: datetime) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


def limits() -> RateLimits:
    """The deployment's limits: ``HEARING_RATE_LIMITS = {"per_sender": 5, ...}`` in config."""
    configured = current_app.config.get("HEARING_RATE_LIMITS", {}) if has_app_context() else {}
    window = configured.get("window_minutes")
    return RateLimits(
        per_sender=int(configured.get("per_sender", DEFAULT_LIMITS.per_sender)),
        per_case=int(configured.get("per_case", DEFAULT_LIMITS.per_case)),
        window=timedelta(minutes=int(window)) if window else DEFAULT_LIMITS.window,
    )


def sender_hash(address: str, secret: str) -> str:
    """HMAC-SHA256 of the address keyed by the instance secret (no raw address is stored)."""
    return hmac.new(secret.encode(), address.encode(), hashlib.sha256).hexdigest()


def open_hearings(session: Session) -> list[ReviewCase]:
    """Cases now in public hearing, those closing soonest first."""
    return list(
        session.scalars(
            select(ReviewCase)
            .where(ReviewCase.stage == CaseStage.PUBLIC_HEARING)
            .order_by(ReviewCase.stage_due_on, ReviewCase.id)
        )
    )


def hearing_case(session: Session, case_id: int) -> ReviewCase:
    """A case the public may read: one in public hearing (anything else is :class:`NotFound`)."""
    case = session.get(ReviewCase, case_id)
    if case is None or case.stage != CaseStage.PUBLIC_HEARING:
        raise NotFound("hearing.not_found", case=case_id)
    return case


def approved_comments(session: Session, case_id: int) -> list[HearingComment]:
    return list(
        session.scalars(
            select(HearingComment)
            .where(HearingComment.case_id == case_id, HearingComment.status == ModerationStatus.APPROVED)
            .order_by(HearingComment.id)
        )
    )


def _clean(value: str | None, name: str, limit: int, *, required: bool = False) -> str:
    text = (value or "").replace("\x00", "").strip()
    if required and not text:
        raise InvalidRecord(name, "field.empty")
    if len(text) > limit:
        raise InvalidRecord(name, "field.too_long", limit=f"{limit:,}")
    return text


def submit_comment(
    uow: UnitOfWork,
    case_id: int,
    body: str,
    stance: str,
    address: str,
    secret: str,
    *,
    display_name: str | None = None,
    now: datetime | None = None,
) -> HearingComment:
    """Store a pending comment on a case in public hearing; see the module doc for the rules."""
    now = now or utcnow()
    case = uow.session.get(ReviewCase, case_id)
    if case is None:
        raise NotFound("case.not_found", case=case_id)
    if case.stage != CaseStage.PUBLIC_HEARING:
        raise HearingClosed("hearing.closed", case=case_id)
    if stance not in STANCES:
        raise InvalidRecord("stance", "comment.stance_unknown", stance=stance)
    text = _clean(body, "body", BODY_MAX, required=True)
    name = _clean(display_name, "display_name", NAME_MAX) or None
    digest = sender_hash(address, secret)
    rules = limits()

    def stored(*where: Any) -> Callable[[datetime], int]:
        def count(since: datetime) -> int:
            recent = select(func.count()).select_from(HearingComment).where(
                HearingComment.created_at >= since, *where)
            return int(uow.session.scalar(recent) or 0)

        return count

    store = rate_limit_store()
    sender = Bucket(f"hearing:sender:{digest}", rules.per_sender, rules.window,
                    stored(HearingComment.ip_hash == digest))
    if not store.allow(sender, now):
        raise RateLimited("too many comments from this address; try again later", now + rules.window)
    hearing = Bucket(f"hearing:case:{case_id}", rules.per_case, rules.window,
                     stored(HearingComment.case_id == case_id))
    if not store.allow(hearing, now):
        raise RateLimited("this hearing is receiving too many comments; try again later", now + rules.window)
    uow.session.execute(
        update(HearingComment)
        .where(HearingComment.created_at < now - timedelta(days=SENDER_RETENTION_DAYS),
               HearingComment.ip_hash != EXPIRED_HASH)
        .values(ip_hash=EXPIRED_HASH)
    )
    comment = HearingComment(case_id=case_id, created_at=now, display_name=name, stance=stance,
                             body=text, ip_hash=digest, status=ModerationStatus.PENDING)
    uow.session.add(comment)
    uow.session.flush()
    uow.audit("hearing.comment", "hearing_comment", str(comment.id),
              after={"case": case_id, "stance": stance, "characters": len(text)})
    return comment


def moderation_queue(uow: UnitOfWork) -> list[HearingComment]:
    """Comments waiting for a decision, oldest first."""
    require(uow.actor, Permission.MODERATE_COMMENTS)
    return list(
        uow.session.scalars(
            select(HearingComment)
            .where(HearingComment.status == ModerationStatus.PENDING)
            .order_by(HearingComment.id)
        )
    )


def moderate(uow: UnitOfWork, comment_id: int, decision: str, reason: str = "") -> HearingComment:
    """Approve or hide a comment (hiding needs a reason); audited with the state before."""
    require(uow.actor, Permission.MODERATE_COMMENTS)
    if decision not in (ModerationStatus.APPROVED, ModerationStatus.HIDDEN):
        raise InvalidRecord("decision", "comment.decision_unknown", decision=decision)
    text = _clean(reason, "reason", REASON_MAX, required=decision == ModerationStatus.HIDDEN)
    comment = uow.session.get(HearingComment, comment_id)
    if comment is None:
        raise NotFound("comment.not_found", comment=comment_id)
    before = {"status": comment.status, "reason": comment.moderation_reason}
    comment.status = decision
    comment.moderation_reason = text or None
    comment.moderated_by = uow.actor.name
    comment.moderated_at = utcnow()
    uow.session.flush()
    uow.audit(f"hearing.{'approve' if decision == ModerationStatus.APPROVED else 'hide'}",
              "hearing_comment", str(comment.id), before=before,
              after={"status": comment.status, "reason": comment.moderation_reason,
                     "case": comment.case_id})
    return comment


def case_comments(uow: UnitOfWork, case_id: int) -> list[HearingComment]:
    """Every comment on a case, whatever its status (for the review unit and the committee)."""
    require(uow.actor, Permission.MODERATE_COMMENTS)
    if uow.session.get(ReviewCase, case_id) is None:
        raise NotFound("case.not_found", case=case_id)
    return list(
        uow.session.scalars(
            select(HearingComment).where(HearingComment.case_id == case_id).order_by(HearingComment.id)
        )
    )


@dataclass(frozen=True)
class CommentSummary:
    total: int
    by_status: dict[str, int]
    by_stance: dict[str, int]
    by_day: list[tuple[date, int]]
    top_words: list[tuple[str, int]]


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(thai_stopwords())


def top_words(texts: list[str], limit: int = 20) -> list[tuple[str, int]]:
    """The most frequent words of ``texts`` (lawreg's segmenter), stopwords and symbols left out."""
    counts: Counter[str] = Counter()
    stop = _stopwords()
    for text in texts:
        for word in segment(text):
            word = word.strip().lower()
            if len(word) < 2 or word in stop or not any(ch.isalpha() for ch in word):
                continue
            counts[word] += 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]


def summarise(comments: list[HearingComment]) -> CommentSummary:
    """Counts by status, by the stance commenters chose, by day (UTC), and the top words.

    Hidden comments are counted by status but left out of stance, day and word counts.
    """
    shown = [c for c in comments if c.status != ModerationStatus.HIDDEN]
    by_day = Counter(c.created_at.date() for c in shown)
    return CommentSummary(
        total=len(comments),
        by_status={s.value: sum(1 for c in comments if c.status == s) for s in ModerationStatus},
        by_stance={s.value: sum(1 for c in shown if c.stance == s) for s in Stance},
        by_day=sorted(by_day.items()),
        top_words=top_words([c.body for c in shown]),
    )
