"""The officer's workspace: their agency's laws and cases, and the form that opens a case.

The form can come pre-filled: ``?law=<key>&sections=<numbers>`` and ``&flag=<id>`` (repeated)
as the section page links to it, or the same fields posted with ``prefill=1`` as the triage
queue's "open a case from the checked flags" does (a POST, so the CSRF token never travels in
a URL).  The form's "show the law's flags" button posts the form back with ``refresh=1``:
it is shown again with the law's flags and nothing is opened.  Flags given without a law name the
law themselves; without flags, the law's flags on the chosen sections are pre-checked.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response
from wtforms import Field

from ..errors import InvalidRecord, NotFound
from ..i18n import error_message, gettext
from ..models import Flag, Law
from ..services import UnitOfWork, read_only, unit_of_work
from ..services.case_workflow import canonical_number
from ..services.cases import (
    JUSTIFICATION_MAX,
    MAX_FLAGS,
    agency_laws,
    flag_candidates,
    list_cases,
    open_case,
)
from ..services.deadlines import laws_due_for_review
from ..services.law_lookup import LAW_TEXT_MAX
from ..services.permissions import Permission, can, require
from .bounds import parse_int
from .case_forms import OpenCaseForm, checklist_data
from .sessions import current_actor

bp = Blueprint("officer", __name__, url_prefix="/officer")


@bp.get("/")
@login_required
def workspace() -> str:
    actor = current_actor()
    require(actor, Permission.OPEN_CASE)
    law_text = request.args.get("law", "").strip()[:LAW_TEXT_MAX]
    with read_only(actor) as uow:
        return render_template(
            "cases/officer.html",
            laws=agency_laws(uow),
            law_text=law_text,
            cases=list_cases(uow, open_only=False, law_text=law_text or None),
            due=laws_due_for_review(uow, date.today(), scoped=True)
            if actor.agency_id is not None
            else [],
        )


@bp.route("/cases/new", methods=["GET", "POST"])
@login_required
def new_case() -> str | Response | tuple[str, int]:
    actor = current_actor()
    require(actor, Permission.OPEN_CASE)
    form = OpenCaseForm()
    prefilling = request.method == "POST" and bool(request.form.get("prefill"))
    showing_again = prefilling or (request.method == "POST" and bool(request.form.get("refresh")))
    with (read_only(actor) if request.method == "GET" else unit_of_work(actor)) as uow:
        if request.method == "GET" or prefilling:
            prefill(uow, form, request.values)
        suggestions = agency_laws(uow)
        if not showing_again and form.validate_on_submit():
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
                    flags=form.flags.data or [],
                )
                case_id = case.id
            except InvalidRecord as error:
                uow.rollback()
                field = getattr(form, error.field, None)
                if isinstance(field, Field):
                    field.errors = [*field.errors, error_message(error)]
                else:
                    flash(error_message(error), "error")
            except NotFound as error:
                uow.rollback()
                form.law.errors = [*form.law.errors, error_message(error)]
            else:
                uow.commit()
                flash(gettext("Case %(id)s opened.", id=case_id), "success")
                return redirect(url_for("cases.show", case_id=case_id))
        status = 400 if request.method == "POST" and not showing_again else 200
        return render_template(
            "cases/new.html", form=form, suggestions=suggestions,
            candidates=candidates(uow, (form.law.data or "").strip()),
        ), status


def candidates(uow: UnitOfWork, law_key: str) -> list[Flag]:
    """The flags the form offers: the named law's linkable flags, if the user may open a
    case on it."""
    law = uow.session.scalar(select(Law).where(Law.key == law_key)) if law_key else None
    if law is None or not can(uow.actor, Permission.OPEN_CASE, law):
        return []
    return flag_candidates(uow, law)


def prefill(uow: UnitOfWork, form: OpenCaseForm, args: MultiDict[str, str]) -> None:
    """Fill the form from the query string or the triage queue's post (see the module doc)."""
    raw_ids = (args.getlist("flag") + args.getlist("flags"))[:MAX_FLAGS]
    flag_ids = [number for number in map(parse_int, raw_ids) if number is not None]
    flags = list(uow.session.scalars(select(Flag).where(Flag.id.in_(flag_ids)))) if flag_ids else []
    law_key = args.get("law", "")[:200].strip()
    laws = {flag.law.key for flag in flags}
    if not law_key and len(laws) == 1:
        law_key = laws.pop()
    elif not law_key and laws:
        flash(gettext("The chosen flags are on several laws; a case is about one law. Choose the law."),
              "error")
    form.law.data = law_key
    numbers = args.get("sections", "")[:5000]
    if not numbers and flags:
        numbers = ", ".join(dict.fromkeys(f.section_number for f in flags
                                          if f.section_number and f.law.key == law_key))
    form.sections.data = numbers
    if args.get("action"):
        form.action.data = args["action"][:20]
    if args.get("justification"):
        form.justification.data = args["justification"][:JUSTIFICATION_MAX]
    if flags:
        form.flags.data = [flag.id for flag in flags if flag.law.key == law_key]
    elif numbers:
        chosen = {canonical_number(number) for number in form.section_numbers()}
        form.flags.data = [flag.id for flag in candidates(uow, law_key) if flag.section_number in chosen]
