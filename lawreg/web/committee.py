"""The review board of the central unit and the committee: open cases and what is overdue."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template, request
from flask_login import login_required

from ..services import read_only
from ..services.cases import cases_by_stage
from ..services.deadlines import laws_due_for_review, overdue_cases
from ..services.law_lookup import LAW_TEXT_MAX
from ..services.permissions import Permission, require
from .sessions import current_actor

bp = Blueprint("committee", __name__, url_prefix="/review")
DUE_SHOWN = 200


@bp.get("/")
@login_required
def board() -> str:
    actor = current_actor()
    require(actor, Permission.VIEW_DEADLINES)
    today = date.today()
    law_text = request.args.get("law", "").strip()[:LAW_TEXT_MAX]
    with read_only(actor) as uow:
        due = laws_due_for_review(uow, today)
        by_stage = cases_by_stage(uow, law_text or None)
        shown = {case.id for cases in by_stage.values() for case in cases}
        return render_template(
            "cases/board.html",
            by_stage=by_stage,
            law_text=law_text,
            overdue=[case for case in overdue_cases(uow, today) if case.id in shown],
            due=due[:DUE_SHOWN],
            due_total=len(due),
            today=today,
        )
