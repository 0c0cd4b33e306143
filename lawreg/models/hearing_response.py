"""The agency's answers to a closed (or closing) public hearing.

A response answers one published comment (``comment_id`` set) or the hearing as a whole
(``comment_id`` empty: the summary response).  Responses are public in the hearing archive,
signed by the agency, never by the member of staff who wrote them (``written_by`` is for
the audit and the staff pages only).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .account import User
from .base import Base, Timestamped


class HearingResponse(Timestamped, Base):
    __tablename__ = "hearing_response"
    # One response per comment; the single summary per case (comment_id NULL) is kept
    # unique by the service, as NULLs never collide in a unique constraint.
    __table_args__ = (UniqueConstraint("comment_id", name="uq_hearing_response_comment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("review_case.id", ondelete="CASCADE"), index=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("hearing_comment.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    written_by: Mapped[str] = mapped_column(String(200))
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    responded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    writer: Mapped[User | None] = relationship(lazy="joined")

    @property
    def writer_name(self) -> str:
        """For staff pages: the writer's display name, or the recorded actor name."""
        return self.writer.display_name if self.writer else self.written_by

    def __repr__(self) -> str:
        return f"<HearingResponse {self.id} case {self.case_id} comment {self.comment_id}>"
