"""The officer's workspace: their agency's laws and cases, and the form that opens a case."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from ..auth import current_actor
from ..i18n import gettext
from ..services import unit_of_work
from ..services.cases import agency_laws, list_cases, open_case
from ..services.deadlines import laws_due_for_review
from ..services.errors import InvalidRecord, NotFound
from ..services.permissions import Permission, require
from .case_forms import OpenCaseForm, checklist_data

bp = Blueprint("officer", __name__, url_prefix="/officer")


@bp.get("/")
@login_required
def workspace() -> str:
    actor = current_actor()
    require(actor, Permission.OPEN_CASE)
    with unit_of_work(actor) as uow:
        return render_template(
            "cases/officer.html",
            laws=agency_laws(uow),
            cases=list_cases(uow, open_only=False),
            due=laws_due_for_review(uow, date.today(), agency_id=actor.agency_id)
            if actor.agency_id is not None
            else [],
        )


@bp.route("/cases/new", methods=["GET", "POST"])
@login_required
def new_case() -> str | Response | tuple[str, int]:
    actor = current_actor()
    require(actor, Permission.OPEN_CASE)
    form = OpenCaseForm()
    if request.method == "GET" and request.args.get("law"):
        form.law.data = request.args["law"][:200]
    with unit_of_work(actor) as uow:
        suggestions = agency_laws(uow)
        if form.validate_on_submit():
            numbers = form.section_numbers()
            new_texts = {numbers[0]: form.new_text.data} if len(numbers) == 1 and form.new_text.data else {}
            try:
                case = open_case(
                    uow,
                    (form.law.data or "").strip(),
                    form.action.data or "",
                    form.justification.data or "",
                    sections=numbers,
                    checklist=checklist_data(form.checklist.form),
                    new_texts=new_texts,
                )
                case_id = case.id
            except (InvalidRecord, NotFound) as error:
                uow.rollback()
                flash(str(error), "error")
            else:
                uow.commit()
                flash(gettext("Case %(id)s opened.", id=case_id), "success")
                return redirect(url_for("cases.show", case_id=case_id))
        status = 400 if request.method == "POST" else 200
        return render_template("cases/new.html", form=form, suggestions=suggestions), status
