"""The reform side, as far as the public may read it: screening flags with their evidence,
review cases once they reach the public stages, public hearings with their published
comments, and the registry's figures (the committee's dashboard for staff)."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Response, request
from sqlalchemy import ColumnElement, exists, func, select

from ..errors import NotFound
from ..models import (
    CaseStage,
    CaseTransition,
    Flag,
    FlagCategory,
    FlagStatus,
    Law,
    ReviewCase,
)
from ..services import dashboard as dashboard_service
from ..services import hearing_archive, hearings, queries
from ..services.unit_of_work import UnitOfWork
from ..web.readonly import read_session
from . import schemas, serialize
from .actor import require_token
from .http import ApiError, conditional, page_args, paged
from .spec import PAGE_PARAMS, Param, operation

# A case is public from its public hearing on; a closed case, once it went through one.
PUBLIC_STAGES = (
    CaseStage.PUBLIC_HEARING, CaseStage.COMMITTEE_DECISION, CaseStage.APPROVED,
    CaseStage.REJECTED, CaseStage.DRAFTING, CaseStage.CABINET, CaseStage.PARLIAMENT,
    CaseStage.GAZETTE_PUBLISHED,
)
ID = Param("id", "path", "the object's id", type="integer")


def public_case_condition() -> ColumnElement[bool]:
    heard = exists().where(CaseTransition.case_id == ReviewCase.id,
                           CaseTransition.to_stage == CaseStage.PUBLIC_HEARING)
    return ReviewCase.stage.in_(PUBLIC_STAGES) | ((ReviewCase.stage == CaseStage.CLOSED) & heard)


def _choice(name: str, allowed: set[str]) -> str | None:
    value = request.args.get(name, "").strip() or None
    if value is not None and value not in allowed:
        raise ApiError(400, "invalid_parameter", f"unknown {name} {value!r}", parameter=name,
                       allowed=sorted(allowed))
    return value


@operation("/flags", summary="Screening flags that still apply, with their evidence",
           response=schemas.FlagList, tag="reform", errors=(400,),
           params=(Param("law", description="a law's key"),
                   Param("category", description="outdated, duplicative or obstructs_digital"),
                   Param("status", description="suggested, confirmed or dismissed"),
                   *PAGE_PARAMS))
def list_flags() -> Response:
    category = _choice("category", {c.value for c in FlagCategory})
    status = _choice("status", {s.value for s in FlagStatus})
    law_key = request.args.get("law", "").strip() or None
    page, per_page = page_args()
    session = read_session()
    conditions: list[ColumnElement[bool]] = [Flag.superseded_at.is_(None)]
    if category:
        conditions.append(Flag.category == category)
    if status:
        conditions.append(Flag.status == status)
    if law_key:
        conditions.append(Flag.law_id.in_(select(Law.id).where(Law.key == law_key)))
    total = session.scalar(select(func.count()).select_from(Flag).where(*conditions)) or 0
    flags = session.scalars(select(Flag).where(*conditions).order_by(Flag.id)
                            .limit(per_page).offset((page - 1) * per_page))
    body = paged([serialize.flag(f) for f in flags], total, page, per_page)
    return conditional(body)


@operation("/flags/{id}", summary="One flag with its evidence", response=schemas.Flag,
           params=(ID,), tag="reform", errors=(404,))
def get_flag(id: int) -> Response:  # noqa: A002 - the path parameter's name
    found = read_session().get(Flag, id)
    if found is None or found.superseded_at is not None:
        raise ApiError(404, "flag_not_found", f"there is no flag {id}", id=id)
    return conditional(serialize.flag(found), found.updated_at)


@operation("/cases", summary="Review cases in public stages", response=schemas.CaseList,
           tag="reform", errors=(400,),
           params=(Param("stage", description="a public stage"),
                   Param("law", description="a law's key"), *PAGE_PARAMS))
def list_cases() -> Response:
    stage = _choice("stage", {s.value for s in (*PUBLIC_STAGES, CaseStage.CLOSED)})
    law_key = request.args.get("law", "").strip() or None
    page, per_page = page_args()
    session = read_session()
    conditions = [public_case_condition()]
    if stage:
        conditions.append(ReviewCase.stage == stage)
    if law_key:
        conditions.append(ReviewCase.law_id.in_(select(Law.id).where(Law.key == law_key)))
    total = session.scalar(select(func.count()).select_from(ReviewCase).where(*conditions)) or 0
    cases = session.scalars(select(ReviewCase).where(*conditions)
                            .order_by(ReviewCase.updated_at.desc(), ReviewCase.id.desc())
                            .limit(per_page).offset((page - 1) * per_page)).unique()
    return conditional(paged([serialize.case(c) for c in cases], total, page, per_page))


def public_case(case_id: int) -> ReviewCase:
    found = read_session().scalar(
        select(ReviewCase).where(ReviewCase.id == case_id, public_case_condition())
    )
    if found is None:
        raise ApiError(404, "case_not_found", f"there is no public case {case_id}", id=case_id)
    return found


@operation("/cases/{id}", summary="A review case in a public stage", response=schemas.Case,
           params=(ID,), tag="reform", errors=(404,))
def get_case(id: int) -> Response:  # noqa: A002
    found = public_case(id)
    response = conditional(serialize.case(found), found.updated_at)
    response.headers["X-Case-Version"] = str(found.version)
    return response


@operation("/hearings", summary="Cases open for public hearing, closing soonest first",
           response=schemas.HearingList, tag="reform")
def list_hearings() -> Response:
    return conditional({"items": [serialize.case(c)
                                  for c in hearings.open_hearings(read_session())]})


@operation("/hearings/closed", summary="Closed hearings, the most recently closed first",
           response=schemas.HearingList, tag="reform")
def list_closed_hearings() -> Response:
    return conditional({"items": [serialize.case(c)
                                  for c, _ in hearing_archive.closed_hearings(read_session())]})


@operation("/hearings/{id}", summary="A public hearing, open or closed, with its published "
           "comments and the agency's answers", response=schemas.Hearing, params=(ID,),
           tag="reform", errors=(404,))
def get_hearing(id: int) -> Response:  # noqa: A002
    """A closed hearing stays readable (the public archive), with what the agency answered."""
    session = read_session()
    try:
        record = hearing_archive.hearing_record(session, hearings.hearing_case(session, id))
    except NotFound:
        record = hearing_archive.archived_hearing(session, id)
    return conditional(serialize.hearing(record))


def _counts(rows: Sequence[tuple[str | None, int]]) -> list[dict[str, object]]:
    return [{"value": value or "", "count": count} for value, count in rows]


@operation("/stats", summary="Registry figures anyone may see", response=schemas.Stats,
           tag="reform")
def stats() -> Response:
    session = read_session()
    summary = queries.registry_summary(session)
    by_stage = session.execute(
        select(ReviewCase.stage, func.count()).where(public_case_condition())
        .group_by(ReviewCase.stage).order_by(ReviewCase.stage)
    ).all()
    by_category = session.execute(
        select(Flag.category, func.count())
        .where(Flag.superseded_at.is_(None), Flag.status != FlagStatus.DISMISSED)
        .group_by(Flag.category).order_by(Flag.category)
    ).all()
    return conditional({
        "laws": summary.laws,
        "sections": summary.sections,
        "laws_by_status": _counts(summary.by_status),
        "laws_by_type": _counts(summary.by_type),
        "public_cases_by_stage": _counts([(stage, count) for stage, count in by_stage]),
        "open_flags_by_category": _counts([(category, count) for category, count in by_category]),
    })


@operation("/dashboard", summary="The committee dashboard's figures (staff)",
           response=schemas.Dashboard, tag="reform", errors=(401, 403), auth=True)
def dashboard() -> Response:
    """Needs a token whose role may view the dashboard (reviewer, committee, admin)."""
    work = UnitOfWork(read_session(), require_token())
    built = dashboard_service.build(work)
    tables = [
        {"name": t.name, "title": t.title,
         "columns": [{"key": key, "title": title} for key, title in t.columns],
         "rows": [[_plain(v) for v in row] for row in t.rows]}
        for t in built.tables.values()
    ]
    return conditional({"open_cases": built.open_cases, "total_cases": built.total_cases,
                        "tables": tables})


def _plain(value: object) -> object:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
