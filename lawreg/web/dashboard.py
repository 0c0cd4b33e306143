"""The committee dashboard page, its CSV/XLSX exports, and the reform-target form."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel.speaklater import LazyString
from flask_login import login_required
from flask_wtf import FlaskForm
from markupsafe import Markup
from openpyxl import Workbook
from werkzeug.wrappers import Response as BaseResponse
from wtforms import DateField, Field, IntegerField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange

from ..errors import InvalidRecord, NotFound
from ..i18n import error_message, gettext, lazy_gettext
from ..services import read_only, unit_of_work
from ..services.dashboard import MAX_TARGET, NOTE_MAX, Table, build, set_target
from ..services.permissions import Permission, can, require
from ..spreadsheets import csv_safe
from .agency_targets import dashboard_part
from .bounds import registry_date
from .case_forms import ACTION_LABELS, STAGE_LABELS
from .charts import bar_chart, line_chart
from .display import month_label
from .labels import LAW_TYPE_LABELS
from .sessions import current_actor

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")

TITLES: dict[str, LazyString] = {
    "by_stage": lazy_gettext("Cases by stage"),
    "by_action": lazy_gettext("Cases by proposed action"),
    "by_agency": lazy_gettext("Cases by agency"),
    "by_law_type": lazy_gettext("Cases by type of law"),
    "cases_by_flag_category": lazy_gettext("Cases by flag category"),
    "flags_by_category": lazy_gettext("Open screening flags by category"),
    "opened_closed": lazy_gettext("Cases opened and closed per month"),
    "median_stage_days": lazy_gettext("Median days in each stage"),
    "overdue": lazy_gettext("Overdue cases"),
    "review_due": lazy_gettext("Laws overdue for periodic review"),
}
HEADINGS: dict[str, LazyString] = {
    "stage": lazy_gettext("Stage"), "cases": lazy_gettext("Cases"),
    "action": lazy_gettext("Proposed action"), "agency": lazy_gettext("Agency"),
    "law_type": lazy_gettext("Type of law"), "category": lazy_gettext("Category"),
    "flags": lazy_gettext("Flags"), "laws": lazy_gettext("Laws"), "month": lazy_gettext("Month"),
    "opened": lazy_gettext("Opened"), "closed": lazy_gettext("Closed"),
    "median_days": lazy_gettext("Median days"), "stays": lazy_gettext("Completed stays"),
    "case": lazy_gettext("Case"), "law": lazy_gettext("Law"), "due_on": lazy_gettext("Due"),
    "days_overdue": lazy_gettext("Days overdue"), "title": lazy_gettext("Title"),
    "last_evaluated": lazy_gettext("Last evaluated"), "ideal": lazy_gettext("Ideal remaining"),
    "remaining": lazy_gettext("Laws remaining"),
}
CATEGORY_LABELS: dict[str, LazyString] = {
    "outdated": lazy_gettext("Outdated"),
    "duplicative": lazy_gettext("Duplicative"),
    "obstructs_digital": lazy_gettext("Obstructs digital government"),
    "none": lazy_gettext("No linked flag"),
}
CODE_LABELS: dict[str, dict[str, LazyString]] = {
    "stage": STAGE_LABELS, "action": ACTION_LABELS, "law_type": LAW_TYPE_LABELS,
    "category": CATEGORY_LABELS,
}
BAR_CHARTS = ("by_stage", "by_action", "by_agency", "by_law_type", "cases_by_flag_category",
              "flags_by_category", "median_stage_days")


class TargetForm(FlaskForm):
    action = SelectField(lazy_gettext("Action"), choices=[
        SelectChoice(key, ACTION_LABELS[key]) for key in ("repeal", "amend", "consolidate")], validators=[InputRequired()])
    target_count = IntegerField(lazy_gettext("Number of laws"),
                                validators=[InputRequired(), NumberRange(min=1, max=MAX_TARGET)])
    starts_on = DateField(lazy_gettext("From"), validators=[InputRequired(), registry_date])
    due_on = DateField(lazy_gettext("By"), validators=[InputRequired(), registry_date])
    note = TextAreaField(lazy_gettext("Note"), validators=[Length(max=NOTE_MAX)])


def cell(table: Table, index: int, value: Any) -> Any:
    """A value as readers see it: codes translated, everything else as stored."""
    column = table.columns[index][0]
    if column == "month" and isinstance(value, str):
        return month_label(value)
    labels = CODE_LABELS.get(column)
    if labels is not None and isinstance(value, str):
        return str(labels.get(value, value))
    return "" if value is None else value


def title_of(table: Table) -> str:
    if table.name.startswith("burndown_"):
        return gettext("Burndown of target %(id)s", id=table.name.removeprefix("burndown_"))
    return str(TITLES.get(table.name, table.title))


def chart_for(table: Table) -> Markup | None:
    if not table.rows:
        return None
    if table.name in BAR_CHARTS:
        # The bars plot the table's first figure (flags for the flag backlog, not the laws
        # that carry them), and say which unit they count.
        unit_key, unit_text = table.columns[1]
        unit = str(HEADINGS.get(unit_key, unit_text))
        return bar_chart(title_of(table), [(str(cell(table, 0, row[0])), row[1]) for row in table.rows],
                         unit=gettext("Unit: %(unit)s", unit=unit))
    if table.name == "opened_closed" or table.name.startswith("burndown_"):
        labels = [str(cell(table, 0, row[0])) for row in table.rows]
        series = [(str(HEADINGS.get(key, heading)), [row[i] for row in table.rows])
                  for i, (key, heading) in enumerate(table.columns) if i > 0]
        return line_chart(title_of(table), labels, series)
    return None


@bp.app_context_processor
def dashboard_helpers() -> dict[str, object]:
    return {"dashboard_cell": cell, "dashboard_heading": lambda key, text: HEADINGS.get(key, text),
            "dashboard_title": title_of, "dashboard_chart": chart_for}


def render_dashboard(form: TargetForm | None = None, status: int = 200,
                     failed_target: int | None = None) -> tuple[str, int]:
    """The dashboard; a refused target form is shown open where it was sent (the new-target
    form, or target ``failed_target``'s), with its errors and what was typed."""
    actor = current_actor()
    blank = TargetForm(formdata=None)
    with read_only(actor) as uow:
        figures = build(uow)
        return render_template(
            "dashboard/index.html", dashboard=figures,
            form=form if form is not None and failed_target is None else blank,
            target_form=form if failed_target is not None else None,
            may_set_targets=can(actor, Permission.SET_TARGETS), today=date.today(),
            failed_target=failed_target,
            **dashboard_part(uow),
        ), status


@bp.get("/")
@login_required
def index() -> tuple[str, int]:
    return render_dashboard()


@bp.post("/targets")
@bp.post("/targets/<int:target_id>")
@login_required
def save_target(target_id: int | None = None) -> BaseResponse | tuple[str, int]:
    actor = current_actor()
    require(actor, Permission.SET_TARGETS)
    form = TargetForm()
    if not form.validate():
        return render_dashboard(form, 400, target_id)
    try:
        with unit_of_work(actor) as uow:
            set_target(uow, form.action.data or "", form.target_count.data or 0,
                       form.starts_on.data, form.due_on.data, form.note.data or "",
                       target_id=target_id)
    except NotFound:
        abort(404)
    except InvalidRecord as error:
        field = getattr(form, error.field, None)
        if isinstance(field, Field):
            field.errors = [*field.errors, error_message(error)]
        else:
            flash(gettext("Not done: %(reason)s", reason=error_message(error)), "error")
        return render_dashboard(form, 400, target_id)
    flash(gettext("Target saved."), "success")
    return redirect(url_for("dashboard.index"))


def _table(name: str) -> Table:
    with read_only(current_actor()) as uow:
        table = build(uow).tables.get(name)
    if table is None:
        abort(404)
    return table


def _export_row(table: Table, row: tuple[Any, ...]) -> list[Any]:
    values = [cell(table, i, value) for i, value in enumerate(row)]
    return [csv_safe(v) for v in values]


@bp.get("/tables/<name>.csv")
@login_required
def export_csv(name: str) -> Response:
    table = _table(name)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(HEADINGS.get(key, text)) for key, text in table.columns])
    writer.writerows(_export_row(table, row) for row in table.rows)
    return Response("\ufeff" + buffer.getvalue(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename={name}.csv"})


@bp.get("/tables/<name>.xlsx")
@login_required
def export_xlsx(name: str) -> Response:
    table = _table(name)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = name[:31]
    sheet.append([str(HEADINGS.get(key, text)) for key, text in table.columns])
    for row in table.rows:
        sheet.append(_export_row(table, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return Response(buffer.getvalue(),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename={name}.xlsx"})
