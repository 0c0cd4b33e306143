"""Documents attached to a review case: the draft bill, the regulatory impact assessment,
the cabinet resolution, or anything else the committee needs to read.

The file itself lives in the instance folder (``attachments/<case id>/<stored name>``), not
in the database: the row holds what is needed to serve and trust it — the name the user gave
(made safe), the content type found by sniffing the bytes, the size and the SHA-256 the file
must still have when it is downloaded.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .account import User
from .base import Base, utcnow


class AttachmentKind(enum.StrEnum):
    DRAFT_BILL = "draft_bill"
    IMPACT_ASSESSMENT = "impact_assessment"  # regulatory impact assessment (RIA)
    CABINET_RESOLUTION = "cabinet_resolution"
    OTHER = "other"


class CaseAttachment(Base):
    __tablename__ = "case_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("review_case.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    file_name: Mapped[str] = mapped_column(String(255))
    # Random, unique name on disk: nothing a user typed ever reaches the file system.
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[str] = mapped_column(String(200))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    uploader: Mapped[User | None] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<CaseAttachment {self.id} case {self.case_id} {self.kind}>"
