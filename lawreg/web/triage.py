"""Triage of screening flags: the queue of suggestions, confirming or dismissing them
(singly or in bulk, with a reason), and flags raised by hand on a section.  The queue and
the section page also lead to the open-case form pre-filled with the chosen flags
(:mod:`lawreg.web.officer`).

Every page needs a signed-in user; what each user may do is decided by the flag service
(:mod:`lawreg.services.flags.triage` consults :mod:`lawreg.services.permissions`), so an officer
sees and decides only their agency's flags whatever URL they post to.  A refused decision
writes nothing.  Section text is shown with the evidence in ``<mark>``; the text pieces are
escaped one by one, so hostile text cannot inject markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from flask_login import login_required
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from ..db import get_session
from ..errors import InvalidRecord, NotFound
from ..i18n import current_language, error_message, gettext
from ..models import Flag, FlagStatus, Law, Section
from ..screening.catalogue import default_catalogue
from ..services import unit_of_work
from ..services.browse import agency_tree
from ..services.case_workflow import TransitionRefused
from ..services.flags.queries import triage_queue
from ..services.flags.triage import add_manual_flag
from ..services.flags.triage import decide as decide_flags
from ..services.permissions import Permission, can, require
from ..services.queries import find_section
from .bounds import parse_page
from .sessions import current_actor, safe_next
from .triage_forms import (
    CATEGORY_LABELS,
    REASON_MAX,
    STATUS_LABELS,
    DecisionForm,
    ManualFlagForm,
    TriageFilterForm,
)

bp = Blueprint("triage", __name__, url_prefix="/triage")


# -- helpers the templates use (the public law and section pages too) ---------------------


def rule_description(rule_id: str | None) -> str:
    """The rule's description in the reader's language; a manual flag has no rule."""
    if rule_id is None:
        return gettext("Raised by a person")
    try:
        rule = default_catalogue().rule(rule_id)
    except KeyError:  # a rule since removed from the catalogue: its id is all we know
        return rule_id
    return rule.description_th if current_language() == "th" else rule.description_en


def evidence_span(text: str, evidence: dict[str, Any]) -> tuple[int, int] | None:
    """Where the evidence is in ``text``: the stored offsets when they still point at the
    quote, else the quote's first occurrence, else ``None``."""
    quote = evidence.get("quote") or ""
    start, end = evidence.get("start"), evidence.get("end")
    if (
        isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)
        and (not quote or text[start:end] == quote)
    ):
        return start, end
    if quote and quote in text:
        found = text.find(quote)
        return found, found + len(quote)
    return None


def highlight(text: str, span: tuple[int, int] | None) -> Markup:
    """``text`` as HTML with ``span`` wrapped in ``<mark>``; each piece is escaped."""
    if span is None:
        return Markup(escape(text))
    start, end = span
    return (
        escape(text[:start])
        + Markup("<mark>")
        + escape(text[start:end])
        + Markup("</mark>")
        + escape(text[end:])
    )


def flag_text(flag: Flag) -> Markup:
    """The flagged section's text with the evidence highlighted (the quote alone for a
    law-level flag)."""
    if flag.section_version is None:
        return Markup(escape((flag.evidence or {}).get("quote") or ""))
    text = flag.section_version.text
    return highlight(text, evidence_span(text, flag.evidence or {}))


def may_add_flag(law: Law) -> bool:
    return can(current_actor(), Permission.ADD_FLAG, law)


def may_triage(law: Law) -> bool:
    return can(current_actor(), Permission.TRIAGE_FLAGS, law)


def may_open_case(law: Law | None = None) -> bool:
    """Whether the reader may open a review case (on ``law``) — the "open a case from these
    flags" actions are offered only then."""
    return can(current_actor(), Permission.OPEN_CASE, law)


@bp.record_once
def install_template_globals(state: BlueprintSetupState) -> None:
    """Globals rather than context variables, so imported macros see them too."""
    state.app.jinja_env.globals.update(
        flag_category_labels=CATEGORY_LABELS,
        flag_status_labels=STATUS_LABELS,
        rule_description=rule_description,
        flag_text=flag_text,
        may_add_flag=may_add_flag,
        may_triage=may_triage,
        may_open_case=may_open_case,
    )


# -- the queue ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefusedDecision:
    """A decision sent back to the queue it came from: which form (``"bulk"`` or a flag id),
    why, and what the person had typed and checked, so nothing they entered is lost."""

    form: str
    messages: list[str]
    reason: str
    checked: frozenset[int]


def render_queue(args: MultiDict[str, str], here: str, refused: RefusedDecision | None = None,
                 status: int = 200) -> tuple[str, int]:
    actor = current_actor()
    require(actor, Permission.TRIAGE_FLAGS)
    form = TriageFilterForm(args)
    form.validate()
    session = get_session()
    result = triage_queue(
        session, actor, form.filters(),
        page=parse_page(args.get("page")), page_size=current_app.config["PAGE_SIZE"],
    )
    kept = {name: args[name][:200] for name in form.data if args.get(name)}
    agencies = [] if actor.role == "officer" else agency_tree(session)
    return render_template(
        "triage/queue.html", form=form, result=result, args=kept, agencies=agencies,
        decision=DecisionForm(formdata=None), here=here, refused=refused,
        filters_active=sum(1 for name in kept if name != "page"),
    ), status


@bp.get("/")
@login_required
def queue() -> tuple[str, int]:
    return render_queue(request.args, request.full_path.rstrip("?"))


@bp.post("/decide")
@login_required
def decide() -> Response | tuple[str, int]:
    """Confirm or dismiss the checked flags (one flag: a single ``flag`` value).  A refused
    decision shows the queue again with the reason beside the form that was sent."""
    form = DecisionForm()
    ids = DecisionForm.flag_ids(request.form)
    back = safe_next(form.next.data) or url_for(".queue")
    origin = "bulk" if request.form.get("origin") == "bulk" else str(ids[0] if ids else "")

    def refuse(messages: list[str]) -> tuple[str, int]:
        refused = RefusedDecision(origin, messages, (form.reason.data or "")[:REASON_MAX], frozenset(ids))
        return render_queue(MultiDict(parse_qsl(urlsplit(back).query)), back, refused, 400)

    if not form.validate() or not ids:
        messages = [str(error) for errors in form.errors.values() for error in errors]
        if not ids:
            messages.append(gettext("Choose at least one flag."))
        return refuse(messages)
    reason = (form.reason.data or "").strip()
    try:
        with unit_of_work(current_actor()) as uow:
            decision = FlagStatus.CONFIRMED if form.action.data == "confirm" else FlagStatus.DISMISSED
            count = len(decide_flags(uow, ids, decision, reason))
    except NotFound:
        abort(404)
    except (InvalidRecord, TransitionRefused) as error:  # the second-person rule refuses the raiser
        return refuse([error_message(error)])
    if form.action.data == "confirm":
        flash(gettext("Confirmed %(count)s flag(s).", count=count), "success")
    else:
        flash(gettext("Dismissed %(count)s flag(s).", count=count), "success")
    return redirect(back, code=303)


# -- manual flags ---------------------------------------------------------------------------


def _section_or_404(key: str, number: str) -> tuple[Law, Section]:
    page = find_section(get_session(), key, number)
    if page is None or page.section.current_version is None:
        abort(404)
    return page.law, page.section


@bp.route("/laws/<key>/sections/<path:number>/flags", methods=["GET", "POST"])
@login_required
def manual_flag(key: str, number: str) -> Response | tuple[str, int]:
    """The form for a flag raised by hand on a section's current text (GET), and its
    submission (POST; the section page posts here too)."""
    law, section = _section_or_404(key, number)
    actor = current_actor()
    require(actor, Permission.ADD_FLAG, law=law)
    form = ManualFlagForm()
    error = None
    if form.validate_on_submit():
        try:
            with unit_of_work(actor) as uow:
                add_manual_flag(
                    uow, key, form.category.data or "", section=section.number,
                    quote=form.quote.data or "", start=form.start.data,
                    notes=(form.notes.data or "").strip() or None,
                )
        except InvalidRecord as refused:
            error = error_message(refused) if refused.field != "quote" else gettext(
                "The evidence must be words of this section's current text, copied exactly."
            )
        else:
            flash(gettext("Flag recorded."), "success")
            return redirect(url_for("public.section", key=key, number=section.number), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template(
        "triage/manual.html", form=form, law=law, section=section, error=error
    ), status

