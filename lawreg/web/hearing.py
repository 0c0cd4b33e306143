"""Public hearings: the open-hearing list, the public case page with its comment form, and
the moderation pages of the review unit and the committee.

Anyone may comment without an account; the form is CSRF-protected like every other (the
token lives in the visitor's session cookie), carries a honeypot field that people never
see, and the service applies the length and rate limits.  Comments are always escaped on
output.  An over-large request is answered with a 413 page and nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required
from flask_wtf import FlaskForm
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from ..db import get_session
from ..errors import InvalidRecord, NotFound
from ..i18n import error_message, gettext, lazy_gettext, ngettext
from ..models import ModerationStatus, ReviewCase
from ..services import read_only, unit_of_work
from ..services.hearings import (
    BODY_MAX,
    NAME_MAX,
    REASON_MAX,
    HearingClosed,
    RateLimited,
    approved_comments,
    case_comments,
    hearing_case,
    moderate,
    moderation_queue,
    open_hearings,
    submit_comment,
    summarise,
)
from ..services.permissions import ANONYMOUS, Permission, require
from .bounds import parse_int
from .charts import bar_chart
from .sessions import current_actor

bp = Blueprint("hearing", __name__, url_prefix="/hearings")

STANCE_LABELS = {
    "support": lazy_gettext("I support the proposal"),
    "oppose": lazy_gettext("I oppose the proposal"),
    "neutral": lazy_gettext("Neutral / other comment"),
}
STATUS_LABELS = {
    ModerationStatus.PENDING: lazy_gettext("Waiting for moderation"),
    ModerationStatus.APPROVED: lazy_gettext("Approved"),
    ModerationStatus.HIDDEN: lazy_gettext("Hidden"),
}


class CommentForm(FlaskForm):
    display_name = StringField(lazy_gettext("Your name (optional; shown with the comment)"),
                               validators=[Length(max=NAME_MAX)])
    stance = RadioField(lazy_gettext("Your position"), choices=[SelectChoice(k, v) for k, v in STANCE_LABELS.items()],
                        validators=[InputRequired()])
    body = TextAreaField(lazy_gettext("Comment"), validators=[DataRequired(), Length(max=BODY_MAX)])
    # Honeypot: hidden from people (CSS and aria-hidden); a bot that fills it is refused.
    website = StringField(lazy_gettext("Leave this field empty"))


BULK_MAX = 200  # comments decided in one request


class ModerationForm(FlaskForm):
    decision = RadioField(choices=[SelectChoice("approved", lazy_gettext("Approve")),
                                   SelectChoice("hidden", lazy_gettext("Hide"))],
                          validators=[InputRequired()])
    reason = TextAreaField(lazy_gettext("Reason (required to hide)"), validators=[Length(max=REASON_MAX)])


@bp.app_context_processor
def hearing_labels() -> dict[str, object]:
    return {"stance_labels": STANCE_LABELS, "moderation_labels": STATUS_LABELS}


@bp.app_errorhandler(RequestEntityTooLarge)
def too_large(_error: RequestEntityTooLarge) -> tuple[str, int]:
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    return render_template(
        "errors/error.html",
        status=413,
        title=gettext("The submission is too large"),
        description=gettext(
            "Nothing was saved. A submission may be at most %(size)s kB; a hearing comment at most %(chars)s characters.",
            size=limit // 1024, chars=f"{BODY_MAX:,}"),
    ), 413


@bp.get("/")
def index() -> str:
    return render_template("hearing/index.html", cases=open_hearings(get_session()))


def render_hearing(case_id: int, form: CommentForm, status: int = 200) -> tuple[str, int]:
    session = get_session()
    try:
        case = hearing_case(session, case_id)
    except NotFound:
        abort(404, description=gettext("Case %(id)s is not in public hearing.", id=case_id))
    return render_template("hearing/case.html", case=case, form=form, body_max=BODY_MAX,
                           comments=approved_comments(session, case_id)), status


@bp.get("/<int:case_id>")
def show(case_id: int) -> tuple[str, int]:
    return render_hearing(case_id, CommentForm(formdata=None))


@bp.post("/<int:case_id>/comments")
def comment(case_id: int) -> Response | tuple[str, int]:
    form = CommentForm()
    if not form.validate():
        flash(gettext("The comment was not sent; please correct the form."), "error")
        return render_hearing(case_id, form, 400)
    if form.website.data:
        flash(gettext("The comment was not accepted."), "error")
        return render_hearing(case_id, CommentForm(formdata=None), 400)
    try:
        with unit_of_work(ANONYMOUS) as uow:
            submit_comment(uow, case_id, form.body.data or "", form.stance.data or "",
                           request.remote_addr or "unknown", current_app.config["SECRET_KEY"],
                           display_name=form.display_name.data)
    except NotFound:
        abort(404)
    except HearingClosed:
        flash(gettext("The public hearing on this case has closed; comments are no longer accepted."), "error")
        return redirect(url_for("hearing.index"))
    except RateLimited:
        flash(gettext("You have sent several comments in a short time. Please wait a few minutes and try again."), "error")
        return render_hearing(case_id, form, 429)
    except InvalidRecord as error:
        flash(gettext("Not sent: %(reason)s", reason=error_message(error)), "error")
        return render_hearing(case_id, form, 400)
    flash(gettext("Thank you. Your comment will appear once a moderator has approved it."), "success")
    return redirect(url_for("hearing.show", case_id=case_id))


@dataclass(frozen=True)
class RefusedModeration:
    """A moderation decision shown again beside the form that sent it (``"bulk"`` or a
    comment id), with the reason typed and the comments checked."""

    form: str
    messages: list[str]
    reason: str
    checked: frozenset[int]


def refused_moderation(form_name: str, form: ModerationForm, ids: list[int],
                       messages: list[str] | None = None) -> RefusedModeration:
    found = messages or [str(error) for errors in form.errors.values() for error in errors]
    return RefusedModeration(form_name, found, (form.reason.data or "")[:REASON_MAX], frozenset(ids))


def render_queue(status: int = 200, refused: RefusedModeration | None = None) -> tuple[str, int]:
    with read_only(current_actor()) as uow:
        return render_template("hearing/moderation.html", comments=moderation_queue(uow),
                               form=ModerationForm(formdata=None), refused=refused), status


@bp.get("/moderation")
@login_required
def queue() -> tuple[str, int]:
    return render_queue()


@bp.post("/comments/<int:comment_id>/moderate")
@login_required
def decide(comment_id: int) -> Response | tuple[str, int]:
    actor = current_actor()
    require(actor, Permission.MODERATE_COMMENTS)
    form = ModerationForm()
    back = request.form.get("back") == "case"
    if not form.validate():
        return render_queue(400, refused_moderation(str(comment_id), form, [comment_id]))
    try:
        with unit_of_work(actor) as uow:
            decided = moderate(uow, comment_id, form.decision.data or "", form.reason.data or "")
            case_id = decided.case_id
    except NotFound:
        abort(404)
    except InvalidRecord as error:
        return render_queue(400, refused_moderation(str(comment_id), form, [comment_id], [refusal_text(error)]))
    flash(gettext("Comment %(id)s: %(status)s.", id=comment_id, status=STATUS_LABELS[ModerationStatus(decided.status)]), "success")
    return redirect(url_for("hearing.comments", case_id=case_id) if back else url_for("hearing.queue"))


def refusal_text(error: InvalidRecord) -> str:
    if error.field == "reason":
        return gettext("Give a reason to hide a comment.")
    return gettext("Not done: %(reason)s", reason=error_message(error))


@bp.post("/moderation")
@login_required
def decide_many() -> Response | tuple[str, int]:
    """Approve or hide every checked comment with one reason, all or none."""
    actor = current_actor()
    require(actor, Permission.MODERATE_COMMENTS)
    form = ModerationForm()
    ids = [number for number in map(parse_int, request.form.getlist("comment")[:BULK_MAX]) if number is not None]
    if not form.validate() or not ids:
        refused = refused_moderation("bulk", form, ids)
        if not ids:
            refused.messages.append(gettext("Choose at least one comment."))
        return render_queue(400, refused)
    try:
        with unit_of_work(actor) as uow:
            for comment_id in ids:
                moderate(uow, comment_id, form.decision.data or "", form.reason.data or "")
    except NotFound:
        abort(404)
    except InvalidRecord as error:
        return render_queue(400, refused_moderation("bulk", form, ids, [refusal_text(error)]))
    flash(ngettext("%(num)s comment decided.", "%(num)s comments decided.", len(ids)), "success")
    return redirect(url_for("hearing.queue"))


@bp.get("/<int:case_id>/all-comments")
@login_required
def comments(case_id: int) -> str:
    with read_only(current_actor()) as uow:
        try:
            rows = case_comments(uow, case_id)
        except NotFound:
            abort(404)
        case = uow.session.get(ReviewCase, case_id)
        summary = summarise(rows)
        chart = bar_chart(gettext("Comments by stance"),
                          [(str(STANCE_LABELS[stance]), count) for stance, count in summary.by_stance.items()])
        return render_template("hearing/comments.html", case=case, comments=rows, summary=summary,
                               stance_chart=chart, form=ModerationForm(formdata=None))
