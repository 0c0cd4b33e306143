"""What the printable case file and hearing report for the cabinet hold.

The case file gathers what a reader outside the registry needs to judge a proposal: the
law, the sections concerned, the screening flags with their evidence, every step of the
case with its date, the decisions (approve or reject with the committee's reasons) and the
list of attachments.  The hearing report is :class:`~lawreg.services.hearing_archive.ArchivedHearing`
for the staff: the period, the counts by moderation status and stance, the published comments
and the agency's responses.  Pages render both to PDF (:mod:`lawreg.web.case_file`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..models import CaseAttachment, CaseTransition, DecisionPoint, ReviewCase
from .attachments import case_attachments
from .cases import get_case
from .hearing_archive import ArchivedHearing, hearing_record
from .permissions import Permission, require
from .unit_of_work import UnitOfWork
from .votes import Tally, decision_points, tally

DECISIONS = ("approve", "reject")


@dataclass(frozen=True)
class CaseFile:
    case: ReviewCase
    steps: list[CaseTransition]
    decisions: list[CaseTransition]
    attachments: list[CaseAttachment]
    hearing: ArchivedHearing | None
    # Each decided referral with its recorded votes (dissent included), for the cabinet.
    votes: list[tuple[DecisionPoint, Tally]]


def case_file(uow: UnitOfWork, case_id: int) -> CaseFile:
    """The case file of a case the actor may see (:class:`NotFound` / ``PermissionDenied``)."""
    case = get_case(uow, case_id)
    steps = list(case.transitions)
    hearing = None
    if any(step.name == "open_hearing" for step in steps):
        hearing = hearing_record(uow.session, case)
    votes = [(point, tally(point)) for point in decision_points(uow.session, case.id) if point.outcome]
    return CaseFile(case=case, steps=steps,
                    decisions=[step for step in steps if step.name in DECISIONS],
                    attachments=case_attachments(uow.session, case.id), hearing=hearing, votes=votes)


@dataclass(frozen=True)
class HearingReport:
    hearing: ArchivedHearing
    by_stance: dict[str, int]  # published comments by the stance their writers chose


def hearing_report(uow: UnitOfWork, case_id: int) -> HearingReport:
    """The hearing report of a case that has had a hearing, for staff who moderate or see it."""
    case = get_case(uow, case_id)
    require(uow.actor, Permission.VIEW_CASES, law=case.law)
    hearing = hearing_record(uow.session, case)
    stances = Counter(comment.stance for comment in hearing.comments)
    return HearingReport(hearing, {stance: stances.get(stance, 0) for stance in ("support", "oppose", "neutral")})
