"""Public-hearing comments on review cases, and the reform targets the committee sets.

A :class:`HearingComment` is written by a member of the public without an account while its
case is in ``public_hearing``.  It keeps as little personal data as the hearing needs: an
optional display name and a salted hash of the sender's IP address (never the address
itself), which is what the rate limit counts.  A comment is shown publicly only once a
moderator approves it; hiding it keeps the row with who, when and why.

A :class:`ReformTarget` is the committee's goal ("repeal 50 laws by 31 December 2027")
that the dashboard's burndown measures progress against.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Timestamped, utcnow
from .review import ReviewCase


class Stance(enum.StrEnum):
    SUPPORT = "support"
    OPPOSE = "oppose"
    NEUTRAL = "neutral"


class ModerationStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    HIDDEN = "hidden"


class HearingComment(Base):
    __tablename__ = "hearing_comment"
    __table_args__ = (
        Index("ix_hearing_comment_case_status", "case_id", "status"),
        Index("ix_hearing_comment_ip_at", "ip_hash", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("review_case.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    display_name: Mapped[str | None] = mapped_column(String(100))
    stance: Mapped[str] = mapped_column(String(10))
    body: Mapped[str] = mapped_column(Text)
    # HMAC-SHA256 of the sender's address keyed with the instance secret: enough to count
    # comments per sender, useless for finding out who the sender is.
    ip_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10), default=ModerationStatus.PENDING)
    moderated_by: Mapped[str | None] = mapped_column(String(200))
    moderated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    moderation_reason: Mapped[str | None] = mapped_column(Text)

    case: Mapped[ReviewCase] = relationship()

    def __repr__(self) -> str:
        return f"<HearingComment {self.id} case {self.case_id} {self.status}>"


class ReformTarget(Timestamped, Base):
    """How many laws the committee means to repeal (or amend) by ``due_on``."""

    __tablename__ = "reform_target"

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(20))
    target_count: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    set_by: Mapped[str] = mapped_column(String(200))
