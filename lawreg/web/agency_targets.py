"""Per-agency targets on the dashboard: the progress table and the administrators' form.

The form posts to ``/dashboard/agency-targets``; the dashboard page shows the targets of
the year asked for (``?year=``, this year by default) with what each agency achieved,
counted by :mod:`lawreg.services.targets` from dated records.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange

from ..errors import InvalidRecord, NotFound
from ..i18n import gettext, lazy_gettext
from ..models import TargetMeasure
from ..services import UnitOfWork, unit_of_work
from ..services.permissions import Permission, can, require
from ..services.targets import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_TARGET,
    agencies,
    agency_progress,
    set_agency_target,
)
from .bounds import parse_int
from .sessions import current_actor

bp = Blueprint("agency_targets", __name__, url_prefix="/dashboard")

MEASURE_LABELS = {
    TargetMeasure.REVIEWED: lazy_gettext("Laws reviewed"),
    TargetMeasure.REPEALED: lazy_gettext("Laws repealed"),
    TargetMeasure.AMENDED: lazy_gettext("Laws amended"),
}


class AgencyTargetForm(FlaskForm):
    agency = SelectField(lazy_gettext("Agency"), coerce=int, validate_choice=False, validators=[InputRequired()])
    year = IntegerField(lazy_gettext("Year (C.E.)"),
                        validators=[InputRequired(), NumberRange(min=FIRST_YEAR, max=LAST_YEAR)])
    measure = SelectField(lazy_gettext("Measure"), choices=[SelectChoice(k, v) for k, v in MEASURE_LABELS.items()],
                          validators=[InputRequired()])
    target_count = IntegerField(lazy_gettext("Number of laws"),
                                validators=[InputRequired(), NumberRange(min=1, max=MAX_TARGET)])


def dashboard_part(uow: UnitOfWork) -> dict[str, Any]:
    """The dashboard template's values for the agency targets of the year asked for."""
    year = parse_int(request.args.get("year", "")) or date.today().year
    year = min(max(year, FIRST_YEAR), LAST_YEAR)
    may_set = can(uow.actor, Permission.SET_AGENCY_TARGETS)
    form = AgencyTargetForm(formdata=None, year=year)
    if may_set:
        form.agency.choices = [SelectChoice(a.id, a.name) for a in agencies(uow)]
    return {"agency_targets": agency_progress(uow, year), "agency_target_year": year,
            "agency_target_form": form, "may_set_agency_targets": may_set,
            "measure_labels": MEASURE_LABELS}


@bp.post("/agency-targets")
@login_required
def save() -> Response:
    actor = current_actor()
    require(actor, Permission.SET_AGENCY_TARGETS)
    form = AgencyTargetForm()
    year = form.year.data if form.year.data else date.today().year
    if not form.validate():
        flash(gettext("The form has errors; nothing was changed."), "error")
        return redirect(url_for("dashboard.index", year=year))
    try:
        with unit_of_work(actor) as uow:
            set_agency_target(uow, form.agency.data or 0, form.year.data or 0, form.measure.data or "",
                              form.target_count.data or 0)
    except (InvalidRecord, NotFound) as error:
        flash(gettext("Not done: %(reason)s", reason=str(error)), "error")
        return redirect(url_for("dashboard.index", year=year))
    flash(gettext("Target saved."), "success")
    return redirect(url_for("dashboard.index", year=year))
