"""How a committee and an agency team work a case together: recorded votes, named
assignees, due-date reminders sent, and each agency's yearly targets.

A :class:`DecisionPoint` is one referral of a case to the committee (the
``close_hearing`` step that entered ``committee_decision``).  Members cast
:class:`CommitteeVote` rows on it; a vote is never changed or deleted — a member who changes
their mind casts a new vote with the next ``sequence``, and the member's current vote is the
one with the highest sequence (the unique constraint stops two concurrent votes from
claiming the same place).  When the votes meet the quorum and a majority, the decision point
records its outcome and the case moves on (:mod:`lawreg.services.votes`); the votes against
stay stored as the dissent.

A :class:`CaseAssignment` names who works a case now (the latest row; earlier ones are the
history).  A :class:`DueReminder` records that the reminder for a case's due date went out,
so ``lawreg reminders send`` sends it once.  An :class:`AgencyTarget` is a number of laws an
agency (with its departments) is to review, repeal or amend in a calendar year.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .account import User
from .agency import Agency
from .base import Base, utcnow
from .review import ReviewCase


class VoteChoice(enum.StrEnum):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


class DecisionOutcome(enum.StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"


class TargetMeasure(enum.StrEnum):
    """What an agency target counts (see :mod:`lawreg.services.targets`)."""

    REVIEWED = "reviewed"
    REPEALED = "repealed"
    AMENDED = "amended"


class DecisionPoint(Base):
    """One referral of a case to the committee, the rule it is decided by, and its outcome.

    ``quorum`` and ``majority`` are the configuration when the first vote was cast, so a later
    change of settings does not change a decision under way."""

    __tablename__ = "decision_point"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("review_case.id", ondelete="CASCADE"), index=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("case_transition.id", ondelete="CASCADE"), unique=True
    )
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    quorum: Mapped[int] = mapped_column(Integer)
    majority: Mapped[float] = mapped_column(Float)
    outcome: Mapped[str | None] = mapped_column(String(20))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    case: Mapped[ReviewCase] = relationship()
    votes: Mapped[list[CommitteeVote]] = relationship(
        back_populates="decision", order_by="CommitteeVote.id", lazy="selectin"
    )


class CommitteeVote(Base):
    """A member's vote on a decision point, as cast; immutable (see the module doc)."""

    __tablename__ = "committee_vote"
    __table_args__ = (
        UniqueConstraint("decision_id", "user_id", "sequence", name="uq_committee_vote_sequence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decision_point.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    member_name: Mapped[str] = mapped_column(String(200))
    choice: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text, default="")
    sequence: Mapped[int] = mapped_column(Integer)
    cast_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    decision: Mapped[DecisionPoint] = relationship(back_populates="votes")
    member: Mapped[User] = relationship(lazy="joined")


class CaseAssignment(Base):
    """Who works a case from ``assigned_at`` on, by when, and who said so."""

    __tablename__ = "case_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("review_case.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    assigned_by: Mapped[str] = mapped_column(String(200))
    assigned_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    assigned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    due_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[ReviewCase] = relationship(lazy="joined")
    assignee: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")


class DueReminder(Base):
    """The e-mail reminder sent for a case's due date (one per case and date)."""

    __tablename__ = "due_reminder"
    __table_args__ = (UniqueConstraint("case_id", "due_on", name="uq_due_reminder_case_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("review_case.id", ondelete="CASCADE"))
    due_on: Mapped[date] = mapped_column(Date)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    recipient: Mapped[str] = mapped_column(String(320))
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AgencyTarget(Base):
    """How many laws ``agency`` (departments included) is to ``measure`` in ``year`` (C.E.)."""

    __tablename__ = "agency_target"
    __table_args__ = (
        UniqueConstraint("agency_id", "year", "measure", name="uq_agency_target_agency_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    measure: Mapped[str] = mapped_column(String(20))
    target_count: Mapped[int] = mapped_column(Integer)
    set_by: Mapped[str] = mapped_column(String(200))
    set_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    agency: Mapped[Agency] = relationship(lazy="joined")
