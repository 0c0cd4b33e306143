"""The registry's tables; import from here so every model is registered on ``Base``."""

from .agency import Agency
from .audit import AuditEntry
from .base import Base
from .law import (
    Law,
    LawGroup,
    LawRelation,
    LawStatus,
    LawType,
    RelationKind,
    Section,
    SectionStatus,
    SectionVersion,
)

__all__ = [
    "Agency",
    "AuditEntry",
    "Base",
    "Law",
    "LawGroup",
    "LawRelation",
    "LawStatus",
    "LawType",
    "RelationKind",
    "Section",
    "SectionStatus",
    "SectionVersion",
]
