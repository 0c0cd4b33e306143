"""The registry's tables; import from here so every model is registered on ``Base``."""

from .account import LoginAttempt, Role, User
from .agency import Agency
from .attachment import AttachmentKind, CaseAttachment
from .audit import AuditEntry
from .base import Base
from .citation import SectionCitation
from .committee import (
    AgencyTarget,
    CaseAssignment,
    CommitteeVote,
    DecisionOutcome,
    DecisionPoint,
    DueReminder,
    TargetMeasure,
    VoteChoice,
)
from .discussion import CaseNote
from .flag import Flag, FlagCategory, FlagStatus, LawBurden
from .hearing import HearingComment, ModerationStatus, ReformTarget, Stance
from .hearing_response import HearingResponse
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
from .outbox import IndexOutbox
from .review import (
    FINAL_STAGES,
    Answer,
    CaseFlag,
    CaseSection,
    CaseStage,
    CaseTransition,
    ChecklistAnswer,
    ChecklistQuestion,
    LawEvaluation,
    ProposedAction,
    ReviewCase,
)
from .token import ApiToken

__all__ = [
    "ApiToken",
    "FINAL_STAGES",
    "Answer",
    "CaseFlag",
    "CaseSection",
    "CaseStage",
    "CaseTransition",
    "ChecklistAnswer",
    "ChecklistQuestion",
    "LawEvaluation",
    "LoginAttempt",
    "ProposedAction",
    "ReviewCase",
    "Role",
    "User",
    "Agency",
    "AuditEntry",
    "Base",
    "Flag",
    "HearingComment",
    "IndexOutbox",
    "ModerationStatus",
    "ReformTarget",
    "Stance",
    "FlagCategory",
    "FlagStatus",
    "LawBurden",
    "Law",
    "LawGroup",
    "LawRelation",
    "LawStatus",
    "LawType",
    "RelationKind",
    "Section",
    "SectionStatus",
    "SectionCitation",
    "SectionVersion",
    "AgencyTarget",
    "CaseAssignment",
    "CommitteeVote",
    "DecisionOutcome",
    "DecisionPoint",
    "DueReminder",
    "TargetMeasure",
    "VoteChoice",
    "AttachmentKind",
    "CaseAttachment",
    "CaseNote",
    "HearingResponse",
]
