"""Review cases of the regulatory guillotine, and the periodic evaluations of laws.

A :class:`ReviewCase` proposes one action (repeal, amend, consolidate, keep) on a law or on
some of its sections, answers the guillotine checklist, and moves through the stages of
:data:`lawreg.services.cases.TRANSITIONS`; each move is a :class:`CaseTransition` row, so
the case's history is a list of dated, signed steps.  ``version`` is the optimistic lock:
a form carries the version it was read at, and a stale one is refused.

Hearing comments attach to a case (a ``case_id`` foreign key) and are accepted only while
``stage`` is ``public_hearing``.  The screening flags that motivate a case are linked
through :class:`CaseFlag` (who linked which flag when); a link never changes the flag.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .account import User
from .base import Base, Timestamped, utcnow
from .flag import Flag
from .law import Law, Section


class CaseStage(enum.StrEnum):
    DRAFT = "draft"
    AGENCY_REVIEW = "agency_review"
    CENTRAL_REVIEW = "central_review"
    PUBLIC_HEARING = "public_hearing"
    COMMITTEE_DECISION = "committee_decision"
    APPROVED = "approved"
    REJECTED = "rejected"
    DRAFTING = "drafting"
    CABINET = "cabinet"
    PARLIAMENT = "parliament"
    GAZETTE_PUBLISHED = "gazette_published"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


FINAL_STAGES = frozenset({CaseStage.CLOSED, CaseStage.WITHDRAWN})


class ProposedAction(enum.StrEnum):
    REPEAL = "repeal"
    AMEND = "amend"
    CONSOLIDATE = "consolidate"
    KEEP = "keep"


class ChecklistQuestion(enum.StrEnum):
    """The guillotine questions, in the order they are asked."""

    LEGAL_BASIS = "legal_basis"
    NECESSARY = "necessary"
    PROPORTIONATE = "proportionate"
    DIGITAL_READY = "digital_ready"
    DUPLICATES = "duplicates"


class Answer(enum.StrEnum):
    YES = "yes"
    NO = "no"
    UNCLEAR = "unclear"


class ReviewCase(Timestamped, Base):
    __tablename__ = "review_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    law_id: Mapped[int] = mapped_column(ForeignKey("law.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    justification: Mapped[str] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(String(30), default=CaseStage.DRAFT, index=True)
    stage_due_on: Mapped[date | None] = mapped_column(Date, index=True)
    opened_by: Mapped[str] = mapped_column(String(200))
    opened_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # Filled when the case reaches gazette_published: the instrument that carries it out.
    gazette_ref: Mapped[str | None] = mapped_column(String(300))
    published_on: Mapped[date | None] = mapped_column(Date)
    commenced_on: Mapped[date | None] = mapped_column(Date)
    instrument_id: Mapped[int | None] = mapped_column(ForeignKey("law.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    law: Mapped[Law] = relationship(foreign_keys=[law_id], lazy="joined")
    instrument: Mapped[Law | None] = relationship(foreign_keys=[instrument_id])
    opener: Mapped[User | None] = relationship()
    sections: Mapped[list[CaseSection]] = relationship(
        back_populates="case", cascade="all, delete-orphan", lazy="selectin"
    )
    answers: Mapped[list[ChecklistAnswer]] = relationship(
        back_populates="case", cascade="all, delete-orphan", lazy="selectin"
    )
    transitions: Mapped[list[CaseTransition]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseTransition.id"
    )
    flag_links: Mapped[list[CaseFlag]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseFlag.flag_id",
        lazy="selectin",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_open(self) -> bool:
        return self.stage not in FINAL_STAGES

    def answer_to(self, question: str) -> ChecklistAnswer | None:
        return next((a for a in self.answers if a.question == question), None)

    def __repr__(self) -> str:
        return f"<ReviewCase {self.id} {self.action} {self.stage}>"


class CaseSection(Base):
    """A section the case is about; ``new_text`` is the proposed wording of an amendment."""

    __tablename__ = "case_section"
    __table_args__ = (UniqueConstraint("case_id", "section_id", name="uq_case_section_link"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("review_case.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("section.id", ondelete="CASCADE"))
    new_text: Mapped[str | None] = mapped_column(Text)

    case: Mapped[ReviewCase] = relationship(back_populates="sections")
    section: Mapped[Section] = relationship(lazy="joined")


class CaseFlag(Base):
    """A screening flag that motivates a case (many-to-many, with who linked it and when).

    The flag keeps its own status: linking records the motivation, triage stays a separate
    decision.  Flags are never deleted, so the link lasts as long as the case.
    """

    __tablename__ = "case_flag"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("review_case.id", ondelete="CASCADE"), primary_key=True
    )
    flag_id: Mapped[int] = mapped_column(
        ForeignKey("flag.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    linked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    linked_by: Mapped[str] = mapped_column(String(200))

    case: Mapped[ReviewCase] = relationship(back_populates="flag_links")
    flag: Mapped[Flag] = relationship(lazy="joined")


class ChecklistAnswer(Base):
    __tablename__ = "checklist_answer"
    __table_args__ = (UniqueConstraint("case_id", "question", name="uq_checklist_answer_question"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("review_case.id", ondelete="CASCADE"), index=True)
    question: Mapped[str] = mapped_column(String(30))
    answer: Mapped[str] = mapped_column(String(10))
    evidence: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[ReviewCase] = relationship(back_populates="answers")


class CaseTransition(Base):
    """One step of a case: who moved it from which stage to which, when, and why.

    ``case_version`` is the case's version after the step, so "what changed since version
    N" is the list of steps with ``case_version > N``.
    """

    __tablename__ = "case_transition"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("review_case.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    from_stage: Mapped[str | None] = mapped_column(String(30))
    to_stage: Mapped[str] = mapped_column(String(30))
    actor: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    comment: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    case_version: Mapped[int] = mapped_column(Integer)

    case: Mapped[ReviewCase] = relationship(back_populates="transitions")


class LawEvaluation(Base):
    """An evaluation of a law's achievement; the next periodic review falls five years on."""

    __tablename__ = "law_evaluation"

    id: Mapped[int] = mapped_column(primary_key=True)
    law_id: Mapped[int] = mapped_column(ForeignKey("law.id", ondelete="CASCADE"), index=True)
    evaluated_on: Mapped[date] = mapped_column(Date)
    evaluated_by: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("review_case.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    law: Mapped[Law] = relationship()
