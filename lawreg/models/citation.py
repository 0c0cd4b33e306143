"""Which section's text cites which section: the "cited by" lists, kept at commit time.

A page could find the sections citing a section by scanning every text (it once did, with
``LIKE``, at about 400 ms a page on the statute book); instead each unit of work reads the
citations of the texts it changed and stores them here (:mod:`lawreg.services.citations`).
The cited section is kept as its canonical number, not as a foreign key, because a text may
cite a section the registry does not hold (yet), and a re-import replaces section rows.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class SectionCitation(Base):
    __tablename__ = "section_citation"
    __table_args__ = (Index("ix_section_citation_cited", "cited_law_id", "cited_section"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    citing_section_id: Mapped[int] = mapped_column(
        ForeignKey("section.id", ondelete="CASCADE"), index=True
    )
    cited_law_id: Mapped[int] = mapped_column(ForeignKey("law.id", ondelete="CASCADE"))
    cited_section: Mapped[str] = mapped_column(String(40))
