"""The staff discussion of a review case: short dated notes by the people working on it.

A note keeps the author's user id (for the display name shown with it) and the actor name
at the time of writing (so the note stays attributable if the account is deleted).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .account import User
from .base import Base, utcnow


class CaseNote(Base):
    __tablename__ = "case_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("review_case.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    body: Mapped[str] = mapped_column(Text)

    author_user: Mapped[User | None] = relationship(lazy="joined")

    @property
    def author_name(self) -> str:
        """The author's display name, or the recorded actor name once the account is gone."""
        return self.author_user.display_name if self.author_user else self.author

    def __repr__(self) -> str:
        return f"<CaseNote {self.id} case {self.case_id}>"
