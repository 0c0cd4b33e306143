"""Thai legislation as works, sections and dated section versions (after Laws.Africa's Indigo).

A :class:`Law` is the work: the abstract law with a stable key.  Its :class:`Section` rows
carry the canonical numbering; the text of a section lives in :class:`SectionVersion` rows,
each valid over a date range, so an amendment adds a version and the old text stays readable.
"""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .agency import Agency
from .base import Base, Timestamped


class LawType(enum.StrEnum):
    """Types of Thai legal instrument, in order of rank; values are the Thai names."""

    CONSTITUTION = "รัฐธรรมนูญ"
    ORGANIC_ACT = "พระราชบัญญัติประกอบรัฐธรรมนูญ"
    CODE = "ประมวลกฎหมาย"
    ACT = "พระราชบัญญัติ"
    EMERGENCY_DECREE = "พระราชกำหนด"
    ROYAL_DECREE = "พระราชกฤษฎีกา"
    MINISTERIAL_REGULATION = "กฎกระทรวง"
    ANNOUNCEMENT = "ประกาศ"
    REGULATION = "ระเบียบ"
    RULE = "ข้อบังคับ"
    ORDER = "คำสั่ง"
    OTHER = "อื่น ๆ"


class LawStatus(enum.StrEnum):
    IN_FORCE = "in_force"
    PARTLY_REPEALED = "partly_repealed"
    REPEALED = "repealed"
    EXPIRED = "expired"


class SectionStatus(enum.StrEnum):
    IN_FORCE = "in_force"
    REPEALED = "repealed"


class RelationKind(enum.StrEnum):
    """How one law (or section) acts on or depends on another."""

    AMENDS = "amends"
    REPEALS = "repeals"
    ENABLED_BY = "enabled_by"
    REFERS_TO = "refers_to"


DEMO_SOURCE = "demo"  # Law.source of the fictional laws of lawreg/demo (not real law)


def is_demo(law: Law) -> bool:
    """Whether ``law`` is one of the invented demo laws, which pages and the API label."""
    return law.source == DEMO_SOURCE


class Law(Timestamped, Base):
    __tablename__ = "law"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str | None] = mapped_column(Text)
    abbreviations: Mapped[list[str]] = mapped_column(JSON, default=list)
    law_type: Mapped[str | None] = mapped_column(String(60), index=True)
    year_be: Mapped[int | None] = mapped_column(Integer, index=True)
    enacted_on: Mapped[date | None] = mapped_column(Date)
    published_on: Mapped[date | None] = mapped_column(Date)
    commenced_on: Mapped[date | None] = mapped_column(Date)
    gazette_ref: Mapped[str | None] = mapped_column(String(300))
    agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agency.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(30), default=LawStatus.IN_FORCE, index=True)
    source: Mapped[str | None] = mapped_column(String(60))
    source_id: Mapped[str | None] = mapped_column(String(200))
    source_url: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)

    agency: Mapped[Agency | None] = relationship(lazy="joined")
    group_links: Mapped[list[LawGroup]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="LawGroup.position"
    )
    subject_groups: AssociationProxy[list[str]] = association_proxy(
        "group_links", "name", creator=lambda name: LawGroup(name=name)
    )
    sections: Mapped[list[Section]] = relationship(
        back_populates="law", cascade="all, delete-orphan",
        order_by="[Section.sort_key, Section.id]",
    )
    outgoing: Mapped[list[LawRelation]] = relationship(
        foreign_keys="LawRelation.subject_law_id",
        back_populates="subject_law",
        cascade="all, delete-orphan",
    )
    # A relation cannot outlive the law it points to: the schema deletes it (ON DELETE
    # CASCADE). Left to the ORM, deleting the law would empty its object_law_id instead, and
    # fail on NOT NULL.
    incoming: Mapped[list[LawRelation]] = relationship(
        foreign_keys="LawRelation.object_law_id", back_populates="object_law", passive_deletes="all",
    )

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Law {self.key}>"


class LawGroup(Base):
    """A subject group the law is catalogued under; the catalogue lists some laws in several."""

    __tablename__ = "law_group"
    __table_args__ = (UniqueConstraint("law_id", "name", name="uq_law_group_law_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    law_id: Mapped[int] = mapped_column(ForeignKey("law.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Section(Base):
    """A numbered provision (มาตรา or ข้อ) of a law, in canonical numbering."""

    __tablename__ = "section"
    __table_args__ = (
        UniqueConstraint("law_id", "number", name="uq_section_law_number"),
        Index("ix_section_law_sort", "law_id", "sort_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    law_id: Mapped[int] = mapped_column(ForeignKey("law.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(20), default="มาตรา")
    number: Mapped[str] = mapped_column(String(40))
    sort_key: Mapped[str] = mapped_column(String(40))
    heading: Mapped[str | None] = mapped_column(Text)
    chapter_path: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(30), default=SectionStatus.IN_FORCE)

    law: Mapped[Law] = relationship(back_populates="sections")
    versions: Mapped[list[SectionVersion]] = relationship(
        back_populates="section",
        cascade="all, delete-orphan",
        order_by="SectionVersion.valid_from.nulls_first(), SectionVersion.id",
    )

    @property
    def current_version(self) -> SectionVersion | None:
        """The version in force today; when none is (repealed, or not yet in force), the
        one without an end date, else the latest.  An amendment published with a later
        commencement is not current before that day."""
        in_force = self.version_at(date.today())
        if in_force is not None:
            return in_force
        open_ended = [v for v in self.versions if v.valid_to is None]
        pool = open_ended or self.versions
        return pool[-1] if pool else None

    @property
    def text(self) -> str:
        version = self.current_version
        return version.text if version else ""

    def version_at(self, when: date) -> SectionVersion | None:
        """The version in force on ``when`` (point-in-time reading)."""
        for version in reversed(self.versions):
            starts = version.valid_from is None or version.valid_from <= when
            ends = version.valid_to is None or when < version.valid_to
            if starts and ends:
                return version
        return None

    @property
    def citation(self) -> str:
        return f"{self.label} {self.number}"


class SectionVersion(Base):
    """The text of a section as in force from ``valid_from`` until ``valid_to`` (exclusive)."""

    __tablename__ = "section_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(
        ForeignKey("section.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    amended_by_id: Mapped[int | None] = mapped_column(ForeignKey("law.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)

    section: Mapped[Section] = relationship(back_populates="versions")
    amended_by: Mapped[Law | None] = relationship(foreign_keys=[amended_by_id])


class LawRelation(Base):
    """A dated link from a subject law (or one of its sections) to an object law or section.

    "A amends B", "A repeals B", "A is enabled by B" (subordinate legislation made under an
    Act), "A refers to B".
    """

    __tablename__ = "law_relation"
    __table_args__ = (
        UniqueConstraint(
            "kind",
            "subject_law_id",
            "object_law_id",
            "subject_section_id",
            "object_section_id",
            name="uq_law_relation_link",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    subject_law_id: Mapped[int] = mapped_column(
        ForeignKey("law.id", ondelete="CASCADE"), index=True
    )
    object_law_id: Mapped[int] = mapped_column(ForeignKey("law.id", ondelete="CASCADE"), index=True)
    subject_section_id: Mapped[int | None] = mapped_column(
        ForeignKey("section.id", ondelete="CASCADE")
    )
    object_section_id: Mapped[int | None] = mapped_column(
        ForeignKey("section.id", ondelete="CASCADE")
    )
    effective_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    subject_law: Mapped[Law] = relationship(foreign_keys=[subject_law_id], back_populates="outgoing")
    object_law: Mapped[Law] = relationship(foreign_keys=[object_law_id], back_populates="incoming")
    subject_section: Mapped[Section | None] = relationship(foreign_keys=[subject_section_id])
    object_section: Mapped[Section | None] = relationship(foreign_keys=[object_section_id])
