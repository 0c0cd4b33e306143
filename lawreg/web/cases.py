"""The case page: the case, the screening flags that motivate it, its checklist and history,
and the transitions the user may take.

A refused transition re-shows the page with the reason (400); a stale version shows what
changed since the user read the case (409) and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from ..errors import InvalidRecord, NotFound
from ..i18n import error_message, gettext
from ..models import ProposedAction
from ..services import UnitOfWork, read_only, unit_of_work
from ..services.cases import (
    StaleCase,
    TransitionRefused,
    available_transitions,
    blocked_transitions,
    flag_candidates,
    get_case,
    link_flags,
    transition,
    update_checklist,
)
from ..services.permissions import Permission, can
from .case_file import case_page_extras
from .case_forms import (
    ACTION_LABELS,
    ANSWER_LABELS,
    QUESTION_LABELS,
    STAGE_LABELS,
    TRANSITION_LABELS,
    ChecklistForm,
    LinkFlagsForm,
    TransitionForm,
    checklist_data,
)
from .case_panel import case_panel, offered
from .sessions import current_actor

bp = Blueprint("cases", __name__, url_prefix="/cases")


@bp.app_context_processor
def workflow_labels() -> dict[str, object]:
    return {
        "stage_labels": STAGE_LABELS,
        "action_labels": ACTION_LABELS,
        "question_labels": QUESTION_LABELS,
        "answer_labels": ANSWER_LABELS,
        "transition_labels": TRANSITION_LABELS,
    }


def render_case(case_id: int, status: int = 200, form: TransitionForm | None = None,
                failed: str | None = None) -> tuple[str, int]:
    actor = current_actor()
    with read_only(actor) as uow:
        try:
            case = get_case(uow, case_id)
        except NotFound:
            abort(404)
        may_link = can(actor, Permission.OPEN_CASE, law=case.law) and case.is_open
        linked = {link.flag_id for link in case.flag_links}
        more_flags = [f for f in flag_candidates(uow, case.law) if f.id not in linked] if may_link else []
        checklist_form = ChecklistForm(formdata=None)
        checklist_form.version.data = case.version
        for answer in case.answers:
            item = getattr(checklist_form.checklist.form, answer.question)
            item.answer.data, item.evidence.data = answer.answer, answer.evidence
        return render_template(
            "cases/case.html",
            case=case,
            transitions=offered(available_transitions(actor, case), uow, case),
            blocked=blocked_transitions(actor, case),
            form=form or TransitionForm(formdata=None),
            failed=failed,
            checklist_form=checklist_form,
            may_edit_checklist=can(actor, Permission.SUBMIT_CASE, law=case.law)
            and case.stage in ("draft", "agency_review"),
            is_amendment=case.action == ProposedAction.AMEND,
            more_flags=more_flags,
            **case_panel(uow, case),
            **case_page_extras(uow, case),
        ), status


@bp.get("/<int:case_id>")
@login_required
def show(case_id: int) -> tuple[str, int]:
    return render_case(case_id)


def apply_change(
    case_id: int,
    change: Callable[[UnitOfWork], object],
    done: str,
    form: TransitionForm | None = None,
    failed: str | None = None,
) -> Response | tuple[str, int]:
    """Run one change to a case in its own unit of work and answer as every case form does:
    redirect with ``done`` on success, the conflict page (409) on a stale version, the case
    page with the reason (400) on a refusal."""
    try:
        with unit_of_work(current_actor()) as uow:
            change(uow)
    except StaleCase as conflict:
        return conflict_page(conflict)
    except (TransitionRefused, InvalidRecord) as error:
        flash(gettext("Not done: %(reason)s", reason=error_message(error)), "error")
        return render_case(case_id, 400, form, failed=failed)
    except NotFound:
        abort(404)
    flash(done, "success")
    return redirect(url_for("cases.show", case_id=case_id))


def form_errors(case_id: int, form: TransitionForm | None = None,
                failed: str | None = None) -> tuple[str, int]:
    flash(gettext("The form has errors; nothing was changed."), "error")
    return render_case(case_id, 400, form, failed=failed)


@bp.post("/<int:case_id>/transitions/<name>")
@login_required
def take(case_id: int, name: str) -> Response | tuple[str, int]:
    form = TransitionForm()
    if not form.validate():
        return form_errors(case_id, form, failed=name)
    return apply_change(
        case_id,
        lambda uow: transition(uow, case_id, name, form.version.data or 0,
                               form.to_input(request.form)),
        gettext("Done: %(step)s.", step=TRANSITION_LABELS.get(name, name)),
        form,
        failed=name,
    )


@bp.post("/<int:case_id>/checklist")
@login_required
def checklist(case_id: int) -> Response | tuple[str, int]:
    form = ChecklistForm()
    if not form.validate():
        return form_errors(case_id)
    return apply_change(
        case_id,
        lambda uow: update_checklist(uow, case_id, form.version.data or 0,
                                     checklist_data(form.checklist.form)),
        gettext("Checklist saved."),
    )


@bp.post("/<int:case_id>/flags")
@login_required
def add_flags(case_id: int) -> Response | tuple[str, int]:
    """Link more of the law's flags to the case (see :func:`lawreg.services.cases.link_flags`)."""
    form = LinkFlagsForm()
    if not form.validate():
        return form_errors(case_id)
    return apply_change(
        case_id,
        lambda uow: link_flags(uow, case_id, form.version.data or 0, form.flags.data or []),
        gettext("Flags linked."),
    )


def conflict_page(conflict: StaleCase) -> tuple[str, int]:
    return render_template("cases/conflict.html", conflict=conflict), 409
