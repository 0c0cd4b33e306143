"""What a case gathers besides its workflow: attachments, the staff discussion, the agency's
responses to its hearing, the public archive of closed hearings, and the printable case file
and hearing report (PDF, WeasyPrint with Debian's Thai fonts and a static print stylesheet,
so the strict CSP needs no inline style).

Views parse the request, call one service and render; every write runs in its own unit of
work.  Staff names appear only on staff pages: the public archive signs responses with the
agency's name.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response as Redirect
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ..db import get_session
from ..errors import InvalidRecord, NotFound
from ..i18n import format_date, gettext, lazy_gettext
from ..models import AttachmentKind, ReviewCase
from ..services import UnitOfWork, read_only, unit_of_work
from ..services.attachments import (
    AttachmentDamaged,
    AttachmentRejected,
    attach,
    case_attachments,
    max_bytes,
    open_attachment,
)
from ..services.case_file import case_file, hearing_report
from ..services.discussion import NOTE_MAX, case_notes, post_note
from ..services.hearing_archive import (
    RESPONSE_MAX,
    archived_hearing,
    closed_hearings,
    hearing_record,
    may_respond,
    respond,
)
from ..services.permissions import Permission, can
from .bounds import parse_int
from .pdf_output import render_pdf
from .sessions import current_actor

bp = Blueprint("case_file", __name__)
BANGKOK = ZoneInfo("Asia/Bangkok")

KIND_LABELS = {
    AttachmentKind.DRAFT_BILL: lazy_gettext("Draft bill"),
    AttachmentKind.IMPACT_ASSESSMENT: lazy_gettext("Regulatory impact assessment"),
    AttachmentKind.CABINET_RESOLUTION: lazy_gettext("Cabinet resolution"),
    AttachmentKind.OTHER: lazy_gettext("Other document"),
}


class AttachmentForm(FlaskForm):
    kind = SelectField(lazy_gettext("Kind of document"),
                       choices=[SelectChoice(k.value, v) for k, v in KIND_LABELS.items()])
    file = FileField(lazy_gettext("File (PDF, DOCX, ODT, XLSX, PNG or JPEG)"),
                     validators=[FileRequired(lazy_gettext("Choose a file."))])


class NoteForm(FlaskForm):
    body = TextAreaField(lazy_gettext("Your note"), validators=[DataRequired(), Length(max=NOTE_MAX)])


class ResponseForm(FlaskForm):
    comment_id = HiddenField(validators=[Optional()])
    body = TextAreaField(lazy_gettext("The agency's response"),
                         validators=[DataRequired(), Length(max=RESPONSE_MAX)])


def local_time(moment: datetime | None) -> str:
    """A stored (UTC) time as the B.E. date and the time in Bangkok: "4 ธันวาคม พ.ศ. 2569 15:20"."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    local = moment.astimezone(BANGKOK)
    return f"{format_date(local.date())} {local:%H:%M}"


@bp.app_context_processor
def case_file_labels() -> dict[str, object]:
    return {"attachment_kind_labels": KIND_LABELS}


@bp.app_template_filter("local_time")
def local_time_filter(moment: datetime | None) -> str:
    return local_time(moment)


def case_page_extras(uow: UnitOfWork, case: ReviewCase) -> dict[str, Any]:
    """What the case page shows of this module: attachments, the discussion and their forms."""
    return {
        "attachments": case_attachments(uow.session, case.id),
        "may_attach": can(uow.actor, Permission.OPEN_CASE, law=case.law),
        "attachment_form": AttachmentForm(formdata=None),
        "attachment_max_mb": max_bytes() // (1024 * 1024),
        "notes": case_notes(uow.session, case.id),
        "note_form": NoteForm(formdata=None),
    }


def back_to_case(case_id: int, anchor: str) -> Redirect:
    return redirect(url_for("cases.show", case_id=case_id, _anchor=anchor))


def rejection_message(error: AttachmentRejected) -> str:
    messages = {
        "type": gettext("“%(name)s” was not attached: only PDF, Word (DOCX), OpenDocument text (ODT), "
                        "Excel (XLSX), PNG and JPEG files are accepted, and this file is none of them.",
                        name=error.file_name),
        "size": gettext("“%(name)s” was not attached: a file may be at most %(limit)s MB.",
                        name=error.file_name, limit=max_bytes() // (1024 * 1024)),
        "scan": gettext("“%(name)s” was not attached: the virus scan did not pass it.", name=error.file_name),
        "empty": gettext("“%(name)s” was not attached: the file is empty.", name=error.file_name),
    }
    return messages[error.reason]


@bp.url_value_preprocessor
def upload_limit(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """Room for the largest attachment plus the form around it (the site-wide limit is 2 MB),
    and a larger upload sent back to the case page with the limit.  Set here because URL
    preprocessors run before the CSRF check, which reads the form."""
    if endpoint != "case_file.upload":
        return
    request.max_content_length = max_bytes() + 64 * 1024
    if (request.content_length or 0) > request.max_content_length and values:
        flash(gettext("Not attached: a file may be at most %(limit)s MB.", limit=max_bytes() // (1024 * 1024)),
              "error")
        abort(back_to_case(int(values["case_id"]), "attachments"))


@bp.post("/cases/<int:case_id>/attachments")
@login_required
def upload(case_id: int) -> Redirect:
    try:
        form = AttachmentForm()
        valid = form.validate()
    except RequestEntityTooLarge:
        flash(gettext("Not attached: a file may be at most %(limit)s MB.", limit=max_bytes() // (1024 * 1024)),
              "error")
        return back_to_case(case_id, "attachments")
    if not valid:
        flash(gettext("Not attached: choose a file and its kind."), "error")
        return back_to_case(case_id, "attachments")
    upload_file = form.file.data
    try:
        with unit_of_work(current_actor()) as uow:
            stored = attach(uow, case_id, form.kind.data or "", upload_file.filename or "", upload_file.read())
            name = stored.file_name
    except NotFound:
        abort(404)
    except AttachmentRejected as error:
        flash(rejection_message(error), "error")
        return back_to_case(case_id, "attachments")
    except InvalidRecord as error:
        flash(gettext("Not done: %(reason)s", reason=str(error)), "error")
        return back_to_case(case_id, "attachments")
    flash(gettext("Attached: %(name)s.", name=name), "success")
    return back_to_case(case_id, "attachments")


@bp.get("/cases/<int:case_id>/attachments/<int:attachment_id>")
@login_required
def download(case_id: int, attachment_id: int) -> Response:
    try:
        with read_only(current_actor()) as uow:
            found = open_attachment(uow, case_id, attachment_id)
            name, content_type = found.attachment.file_name, found.attachment.content_type
    except NotFound:
        abort(404)
    except AttachmentDamaged as error:
        current_app.logger.error("attachment not served: %s", error)
        abort(500)
    response = send_file(io.BytesIO(found.data), mimetype=content_type, as_attachment=True,
                         download_name=name, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/cases/<int:case_id>/notes")
@login_required
def note(case_id: int) -> Redirect:
    form = NoteForm()
    if not form.validate():
        flash(gettext("The note was not saved: write at most %(count)s characters.", count=f"{NOTE_MAX:,}"), "error")
        return back_to_case(case_id, "discussion")
    try:
        with unit_of_work(current_actor()) as uow:
            post_note(uow, case_id, form.body.data or "")
    except NotFound:
        abort(404)
    except InvalidRecord as error:
        flash(gettext("Not done: %(reason)s", reason=str(error)), "error")
        return back_to_case(case_id, "discussion")
    flash(gettext("Note added to the discussion."), "success")
    return back_to_case(case_id, "discussion")


def case_pdf(
    case_id: int, build: Callable[[UnitOfWork, int], Any], template: str, file_name: str, name: str,
) -> Response:
    """One case's printable document: ``build`` reads it in a read-only unit of work (404 for
    an unknown case) and ``template``, given it as ``name``, is rendered to PDF with the static
    print stylesheet (fonts-thai-tlwg)."""
    with read_only(current_actor()) as uow:
        try:
            content = build(uow, case_id)
        except NotFound:
            abort(404)
        html = render_template(template, printed_at=datetime.now(BANGKOK), **{name: content})
    document = render_pdf(html, Path(current_app.static_folder or "") / "case_file.css", request.host_url)
    response = Response(document, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/cases/<int:case_id>/case-file.pdf")
@login_required
def case_file_pdf(case_id: int) -> Response:
    return case_pdf(case_id, case_file, "case_file/case_file_pdf.html", f"case-{case_id}.pdf", "record")


@bp.get("/cases/<int:case_id>/hearing-report.pdf")
@login_required
def hearing_report_pdf(case_id: int) -> Response:
    return case_pdf(case_id, hearing_report, "case_file/hearing_report_pdf.html", f"hearing-{case_id}.pdf",
                    "report")


@bp.get("/hearings/archive")
def archive() -> str:
    return render_template("case_file/archive.html", hearings=closed_hearings(get_session()))


def archived_page(case_id: int) -> tuple[str, int]:
    """The public page of a closed hearing (what ``/hearings/<id>`` shows once it closed)."""
    try:
        record = archived_hearing(get_session(), case_id)
    except NotFound:
        abort(404, description=gettext("Case %(id)s has had no public hearing.", id=case_id))
    return render_template("case_file/archived_hearing.html", record=record), 200


def render_responses(case_id: int, status: int = 200, form: ResponseForm | None = None) -> tuple[str, int]:
    with read_only(current_actor()) as uow:
        case = uow.session.get(ReviewCase, case_id)
        if case is None or not can(uow.actor, Permission.VIEW_CASES, law=case.law):
            abort(404)
        try:
            record = hearing_record(uow.session, case)
        except NotFound:
            abort(404)
        return render_template("case_file/responses.html", record=record, may_respond=may_respond(uow, case),
                               form=form or ResponseForm(formdata=None)), status


@bp.get("/hearings/<int:case_id>/responses")
@login_required
def responses(case_id: int) -> tuple[str, int]:
    return render_responses(case_id)


@bp.post("/hearings/<int:case_id>/responses")
@login_required
def write_response(case_id: int) -> Redirect | tuple[str, int]:
    form = ResponseForm()
    raw_comment = (form.comment_id.data or "").strip()
    comment_id = parse_int(raw_comment) if raw_comment else None
    if not form.validate() or (raw_comment and comment_id is None):
        flash(gettext("The response was not saved: write at most %(count)s characters.",
                      count=f"{RESPONSE_MAX:,}"), "error")
        return render_responses(case_id, 400, form)
    try:
        with unit_of_work(current_actor()) as uow:
            respond(uow, case_id, form.body.data or "", comment_id)
    except NotFound:
        abort(404)
    except InvalidRecord as error:
        flash(gettext("Not done: %(reason)s", reason=str(error)), "error")
        return render_responses(case_id, 400, form)
    flash(gettext("Response saved."), "success")
    return redirect(url_for("case_file.responses", case_id=case_id,
                            _anchor=f"comment-{comment_id}" if comment_id else "summary"))
