"""Screening flags: a suggestion (or a person's finding) that a provision is outdated,
duplicative or obstructs digital government — and what triage decided about it.

A flag attaches to the text it was found in: a :class:`~lawreg.models.law.SectionVersion`
(or, for a law-level finding, to the law alone).  An amendment adds a new version, so the
old flag stays with the old text and re-screening makes a new one.  Flags are never
deleted: a dismissal is a decision with who, when and why.  ``fingerprint`` identifies a
finding (rule, target version, text and evidence) so re-screening recognises what it has
already suggested.  :class:`LawBurden` stores the burden measure per law, so browse can
sort by it.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .account import User
from .base import Base, Timestamped
from .law import Law, SectionVersion


class FlagCategory(enum.StrEnum):
    OUTDATED = "outdated"
    DUPLICATIVE = "duplicative"
    OBSTRUCTS_DIGITAL = "obstructs_digital"


class FlagStatus(enum.StrEnum):
    SUGGESTED = "suggested"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


class Flag(Timestamped, Base):
    __tablename__ = "flag"
    __table_args__ = (
        Index("ix_flag_law_status", "law_id", "status"),
        Index("ix_flag_category_status", "category", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    law_id: Mapped[int] = mapped_column(ForeignKey("law.id", ondelete="CASCADE"))
    # The text the flag was found in; None for a law-level flag.  SET NULL keeps the flag
    # (and its quoted evidence) should an import ever replace the version rows.
    section_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("section_version.id", ondelete="SET NULL"), index=True
    )
    section_number: Mapped[str | None] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(30))
    rule_id: Mapped[str | None] = mapped_column(String(80), index=True)
    created_by: Mapped[str] = mapped_column(String(200))
    created_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    other_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("section_version.id", ondelete="SET NULL")
    )
    similarity: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(20), default=FlagStatus.SUGGESTED)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    # Hash of the target text when the flag was made; a flag whose version text has since
    # been corrected in place is marked superseded (never deleted) on the next screening.
    text_hash: Mapped[str | None] = mapped_column(String(64))
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    law: Mapped[Law] = relationship()
    section_version: Mapped[SectionVersion | None] = relationship(
        foreign_keys=[section_version_id]
    )
    other_version: Mapped[SectionVersion | None] = relationship(foreign_keys=[other_version_id])
    created_by_user: Mapped[User | None] = relationship(foreign_keys=[created_by_user_id])
    decided_by_user: Mapped[User | None] = relationship(foreign_keys=[decided_by_user_id])

    def __repr__(self) -> str:
        return f"<Flag {self.category} {self.rule_id or 'manual'} {self.status}>"


class LawBurden(Base):
    """Restrictive-term counts of a law's current text (see :mod:`lawreg.screening.burden`)."""

    __tablename__ = "law_burden"

    law_id: Mapped[int] = mapped_column(ForeignKey("law.id", ondelete="CASCADE"), primary_key=True)
    restrictions: Mapped[int] = mapped_column(Integer)
    words: Mapped[int] = mapped_column(Integer)
    per_thousand_words: Mapped[float] = mapped_column(Float, index=True)
    terms: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    catalogue_version: Mapped[str] = mapped_column(String(40))
