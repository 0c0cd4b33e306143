"""The review cases and laws an actor sees: the lists of the review board, the officer's
workspace and the to-do list (reads only; :mod:`.cases` changes cases)."""

from __future__ import annotations

from sqlalchemy import select

from ..models import FINAL_STAGES, CaseStage, Law, ReviewCase, Role
from .law_lookup import law_matching
from .permissions import Permission, require, scope
from .unit_of_work import UnitOfWork


def list_cases(uow: UnitOfWork, *, open_only: bool = True, stage: str | None = None,
               law_text: str | None = None) -> list[ReviewCase]:
    """Cases the actor may see: an officer sees their agency's, others every case; with
    ``law_text``, only cases on a law with that key or those words in its title."""
    require(uow.actor, Permission.VIEW_CASES)
    query = select(ReviewCase).join(Law, ReviewCase.law_id == Law.id).order_by(ReviewCase.id)
    query = query.where(scope(uow.actor))
    if open_only:
        query = query.where(ReviewCase.stage.not_in(list(FINAL_STAGES)))
    if stage is not None:
        query = query.where(ReviewCase.stage == stage)
    if law_text:
        query = query.where(law_matching(law_text))
    return list(uow.session.scalars(query))


def cases_by_stage(uow: UnitOfWork, law_text: str | None = None) -> dict[str, list[ReviewCase]]:
    """Open cases grouped by stage, stages in workflow order, empty stages left out."""
    grouped: dict[str, list[ReviewCase]] = {}
    for case in list_cases(uow, law_text=law_text):
        grouped.setdefault(case.stage, []).append(case)
    order = list(CaseStage)
    return dict(sorted(grouped.items(), key=lambda item: order.index(CaseStage(item[0]))))


def agency_laws(uow: UnitOfWork) -> list[Law]:
    """The laws an officer acts for (their agency's and its sub-agencies'), by title; empty
    for other roles."""
    if uow.actor.role != Role.OFFICER:
        return []
    return list(uow.session.scalars(select(Law).where(scope(uow.actor)).order_by(Law.title)))
