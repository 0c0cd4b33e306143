"""The review board of the central unit and the committee: open cases and what is overdue."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template
from flask_login import login_required

from ..services import read_only
from ..services.cases import cases_by_stage
from ..services.deadlines import laws_due_for_review, overdue_cases
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
    with read_only(actor) as uow:
        due = laws_due_for_review(uow, today)
        return render_template(
            "cases/board.html",
            by_stage=cases_by_stage(uow),
            overdue=overdue_cases(uow, today),
            due=due[:DUE_SHOWN],
            due_total=len(due),
            today=today,
        )
