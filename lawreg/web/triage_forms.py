"""Forms of the triage pages: the queue's filters, a decision (single or bulk) and a
manual flag.  Filters travel in the query string (no CSRF token); every POST form is a
FlaskForm, so CSRF protection covers it."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    FloatField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional, ValidationError

from ..i18n import lazy_gettext
from ..models import FlagCategory, FlagStatus
from ..services.flags.queries import TriageFilters
from .bounds import id_range, parse_int

REASON_MAX = 2000
QUOTE_MAX = 5000
NOTES_MAX = 2000
BULK_MAX = 500  # flags decided in one request

CATEGORY_LABELS = {
    FlagCategory.OUTDATED: lazy_gettext("Outdated"),
    FlagCategory.DUPLICATIVE: lazy_gettext("Duplicative"),
    FlagCategory.OBSTRUCTS_DIGITAL: lazy_gettext("Obstructs digital government"),
}
STATUS_LABELS = {
    FlagStatus.SUGGESTED: lazy_gettext("Suggested"),
    FlagStatus.CONFIRMED: lazy_gettext("Confirmed"),
    FlagStatus.DISMISSED: lazy_gettext("Dismissed"),
}


class TriageFilterForm(FlaskForm):
    class Meta:
        csrf = False

    category = SelectField(
        lazy_gettext("Category"),
        choices=[SelectChoice("", lazy_gettext("Any category")),
                 *(SelectChoice(value, label) for value, label in CATEGORY_LABELS.items())],
        validators=[Optional()],
    )
    agency = IntegerField(lazy_gettext("Agency"), validators=[Optional(), id_range()])
    rule = StringField(lazy_gettext("Screening rule"), validators=[Optional(), Length(max=80)])
    min_confidence = FloatField(
        lazy_gettext("Confidence at least (0–1)"),
        validators=[Optional(), NumberRange(min=0, max=1)],
    )
    law = StringField(lazy_gettext("Law (title or key)"), validators=[Optional(), Length(max=200)])
    status = SelectField(
        lazy_gettext("Status"),
        choices=[*(SelectChoice(value, label) for value, label in STATUS_LABELS.items()),
                 SelectChoice("any", lazy_gettext("Any status"))],
        default=FlagStatus.SUGGESTED.value,
        validators=[Optional()],
    )

    def filters(self) -> TriageFilters:
        """The service filters; a field that failed validation counts as not given."""
        def valid(field: Any) -> Any:
            return None if field.errors or field.data in ("", None) else field.data

        status = self.status.data if not self.status.errors else FlagStatus.SUGGESTED.value
        return TriageFilters(
            category=valid(self.category),
            agency_id=valid(self.agency),
            rule_id=(valid(self.rule) or "").strip() or None,
            min_confidence=valid(self.min_confidence),
            law_key=(valid(self.law) or "").strip() or None,
            status=None if status == "any" else (status or FlagStatus.SUGGESTED.value),
        )


class DecisionForm(FlaskForm):
    """Confirm or dismiss one flag, or every checked flag (``flag`` repeated)."""

    action = HiddenField(validators=[AnyOf(("confirm", "dismiss"))])
    reason = TextAreaField(
        lazy_gettext("Reason (required for a dismissal)"), validators=[Length(max=REASON_MAX)]
    )
    next = HiddenField(validators=[Length(max=2000)])

    def validate_reason(self, field: TextAreaField) -> None:
        if self.action.data == "dismiss" and not (field.data or "").strip():
            raise ValidationError(lazy_gettext("Give a reason for the dismissal."))

    @staticmethod
    def flag_ids(form_data: MultiDict[str, str]) -> list[int]:
        """The checked flags; anything that is not a flag id is ignored."""
        ids = (parse_int(value) for value in form_data.getlist("flag")[:BULK_MAX])
        return [number for number in ids if number is not None]


class ManualFlagForm(FlaskForm):
    """A person's flag on a section: the category, the quoted evidence (which must occur
    in the section's text) and notes.  ``start`` is filled by the selection script so the
    chosen occurrence is kept; without JavaScript the first occurrence counts."""

    category = SelectField(
        lazy_gettext("Category"),
        choices=[SelectChoice(value, label) for value, label in CATEGORY_LABELS.items()],
        validators=[DataRequired()],
    )
    quote = StringField(
        lazy_gettext("Evidence: the words of the section that show it"),
        validators=[DataRequired(), Length(max=QUOTE_MAX)],
    )
    start = IntegerField(validators=[Optional(), id_range()])
    notes = TextAreaField(lazy_gettext("Notes"), validators=[Length(max=NOTES_MAX)])
