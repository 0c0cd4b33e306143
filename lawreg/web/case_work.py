"""The committee's and the team's work on a case: casting a vote, assigning the case, and
each person's to-do list (``/todo``).

Votes and assignments answer as every case form does (:func:`lawreg.web.cases.apply_change`):
back to the case page with a message, or the page again with the reason (400).
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import DateField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ..i18n import gettext, lazy_gettext
from ..models import DecisionOutcome, VoteChoice
from ..services import read_only
from ..services.assignments import assign_case
from ..services.case_workflow import COMMENT_MAX
from ..services.todo import todo_list
from ..services.votes import VotingRule, cast_vote
from .bounds import registry_date
from .cases import apply_change, form_errors
from .sessions import current_actor

bp = Blueprint("case_work", __name__)

CHOICE_LABELS = {
    VoteChoice.FOR: lazy_gettext("For the proposal"),
    VoteChoice.AGAINST: lazy_gettext("Against the proposal"),
    VoteChoice.ABSTAIN: lazy_gettext("Abstain"),
}
OUTCOME_LABELS = {
    DecisionOutcome.APPROVED: lazy_gettext("Approved by vote"),
    DecisionOutcome.REJECTED: lazy_gettext("Rejected by vote"),
}


class VoteForm(FlaskForm):
    choice = RadioField(lazy_gettext("Your vote"), choices=[SelectChoice(k, v) for k, v in CHOICE_LABELS.items()],
                        validators=[InputRequired()])
    reason = TextAreaField(lazy_gettext("Reason (optional; shown with the vote)"),
                           validators=[Length(max=COMMENT_MAX)])


class AssignForm(FlaskForm):
    assignee = StringField(lazy_gettext("Assign to (user name)"), validators=[DataRequired(), Length(max=80)])
    due_on = DateField(lazy_gettext("Due date (empty: the stage's due date)"),
                       validators=[Optional(), registry_date])
    note = TextAreaField(lazy_gettext("Note"), validators=[Length(max=COMMENT_MAX)])


@bp.app_context_processor
def committee_labels() -> dict[str, object]:
    return {"vote_choice_labels": CHOICE_LABELS, "outcome_labels": OUTCOME_LABELS}


@bp.post("/cases/<int:case_id>/votes")
@login_required
def vote(case_id: int) -> Response | tuple[str, int]:
    form = VoteForm()
    if not form.validate():
        return form_errors(case_id)
    rule = VotingRule.from_config(current_app.config)
    return apply_change(
        case_id,
        lambda uow: cast_vote(uow, case_id, form.choice.data or "", form.reason.data or "", rule=rule),
        gettext("Your vote is recorded."),
    )


@bp.post("/cases/<int:case_id>/assignment")
@login_required
def assign(case_id: int) -> Response | tuple[str, int]:
    form = AssignForm()
    if not form.validate():
        return form_errors(case_id)
    return apply_change(
        case_id,
        lambda uow: assign_case(uow, case_id, form.assignee.data or "", due=form.due_on.data,
                                note=form.note.data or ""),
        gettext("Case assigned."),
    )


@bp.get("/todo")
@login_required
def todo() -> str:
    with read_only(current_actor()) as uow:
        return render_template("committee/todo.html", todo=todo_list(uow))
