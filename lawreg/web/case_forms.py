"""Forms of the review workflow, and the reader-facing names of stages, actions and answers.

Every form that changes a case carries ``version``, the case version it was read at, so a
change made meanwhile by someone else is reported instead of overwritten.  Length limits
repeat the service's, so an over-long field is refused at the form with a message.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    DateField,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms import Form as PlainForm
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ..i18n import lazy_gettext
from ..models import Answer, CaseStage, ChecklistQuestion, ProposedAction
from ..services.cases import (
    COMMENT_MAX,
    EVIDENCE_MAX,
    GAZETTE_REF_MAX,
    JUSTIFICATION_MAX,
    NEW_TEXT_MAX,
    TransitionInput,
)
from .bounds import bounded_id, id_range, registry_date

STAGE_LABELS: dict[str, LazyString] = {
    CaseStage.DRAFT: lazy_gettext("Draft"),
    CaseStage.AGENCY_REVIEW: lazy_gettext("Agency review"),
    CaseStage.CENTRAL_REVIEW: lazy_gettext("Central review"),
    CaseStage.PUBLIC_HEARING: lazy_gettext("Public hearing"),
    CaseStage.COMMITTEE_DECISION: lazy_gettext("Committee decision"),
    CaseStage.APPROVED: lazy_gettext("Approved"),
    CaseStage.REJECTED: lazy_gettext("Rejected"),
    CaseStage.DRAFTING: lazy_gettext("Drafting"),
    CaseStage.CABINET: lazy_gettext("Cabinet"),
    CaseStage.PARLIAMENT: lazy_gettext("Parliament"),
    CaseStage.GAZETTE_PUBLISHED: lazy_gettext("Published in the Gazette"),
    CaseStage.CLOSED: lazy_gettext("Closed"),
    CaseStage.WITHDRAWN: lazy_gettext("Withdrawn"),
}
ACTION_LABELS: dict[str, LazyString] = {
    ProposedAction.REPEAL: lazy_gettext("Repeal"),
    ProposedAction.AMEND: lazy_gettext("Amend"),
    ProposedAction.CONSOLIDATE: lazy_gettext("Consolidate"),
    ProposedAction.KEEP: lazy_gettext("Keep"),
}
QUESTION_LABELS: dict[str, LazyString] = {
    ChecklistQuestion.LEGAL_BASIS: lazy_gettext("Does the rule have a legal basis?"),
    ChecklistQuestion.NECESSARY: lazy_gettext("Is the rule still necessary?"),
    ChecklistQuestion.PROPORTIONATE: lazy_gettext("Is it proportionate and business-friendly?"),
    ChecklistQuestion.DIGITAL_READY: lazy_gettext("Is it ready for digital government?"),
    ChecklistQuestion.DUPLICATES: lazy_gettext("Does it duplicate another rule?"),
}
ANSWER_LABELS: dict[str, LazyString] = {
    Answer.YES: lazy_gettext("Yes"),
    Answer.NO: lazy_gettext("No"),
    Answer.UNCLEAR: lazy_gettext("Unclear"),
}
TRANSITION_LABELS: dict[str, LazyString] = {
    "open": lazy_gettext("Opened"),
    "checklist": lazy_gettext("Checklist answered"),
    "submit": lazy_gettext("Submit for agency review"),
    "forward": lazy_gettext("Forward to central review"),
    "open_hearing": lazy_gettext("Open the public hearing"),
    "close_hearing": lazy_gettext("Close the hearing and refer to the committee"),
    "approve": lazy_gettext("Approve the proposal"),
    "reject": lazy_gettext("Reject the proposal"),
    "start_drafting": lazy_gettext("Start drafting the instrument"),
    "conclude": lazy_gettext("Conclude: the law is kept"),
    "to_cabinet": lazy_gettext("Submit to the cabinet"),
    "to_parliament": lazy_gettext("Submit to parliament"),
    "publish": lazy_gettext("Record publication in the Government Gazette"),
    "link_flags": lazy_gettext("Screening flags linked"),
    "close": lazy_gettext("Close the case"),
    "withdraw": lazy_gettext("Withdraw the case"),
}


class ChecklistItem(PlainForm):
    answer = RadioField(
        choices=[SelectChoice("", lazy_gettext("Not answered"))]
        + [SelectChoice(value, label) for value, label in ANSWER_LABELS.items()],
        default="",
        validators=[Optional()],
    )
    evidence = TextAreaField(lazy_gettext("Evidence"), validators=[Length(max=EVIDENCE_MAX)])


class ChecklistFields(PlainForm):
    legal_basis = FormField(ChecklistItem, label=QUESTION_LABELS[ChecklistQuestion.LEGAL_BASIS])
    necessary = FormField(ChecklistItem, label=QUESTION_LABELS[ChecklistQuestion.NECESSARY])
    proportionate = FormField(ChecklistItem, label=QUESTION_LABELS[ChecklistQuestion.PROPORTIONATE])
    digital_ready = FormField(ChecklistItem, label=QUESTION_LABELS[ChecklistQuestion.DIGITAL_READY])
    duplicates = FormField(ChecklistItem, label=QUESTION_LABELS[ChecklistQuestion.DUPLICATES])


def checklist_data(fields: ChecklistFields) -> dict[str, tuple[str, str]]:
    """The form's answers as the services take them: question -> (answer, evidence)."""
    return {q.value: (getattr(fields, q.value).answer.data or "",
                      getattr(fields, q.value).evidence.data or "") for q in ChecklistQuestion}


class OpenCaseForm(FlaskForm):
    law = StringField(lazy_gettext("Law (registry key)"), validators=[DataRequired(), Length(max=200)])
    action = SelectField(lazy_gettext("Proposed action"), choices=[SelectChoice(value, label) for value, label in ACTION_LABELS.items()],
                         validators=[InputRequired()])
    sections = StringField(
        lazy_gettext("Sections (numbers separated by commas; empty for the whole law)"),
        validators=[Length(max=5000)],
    )
    justification = TextAreaField(
        lazy_gettext("Justification"), validators=[DataRequired(), Length(max=JUSTIFICATION_MAX)]
    )
    new_text = TextAreaField(
        lazy_gettext("Proposed new text (amendment of a single section)"),
        validators=[Length(max=NEW_TEXT_MAX)],
    )
    # The law's flags are offered as checkboxes; the service checks that each belongs to
    # the law (a tampered id is refused there, naming the flag), so no choice list here.
    flags = SelectMultipleField(lazy_gettext("Screening flags that motivate the case"), coerce=int,
                                validate_choice=False)
    checklist = FormField(ChecklistFields)

    def section_numbers(self) -> list[str]:
        return [part.strip() for part in (self.sections.data or "").split(",") if part.strip()]


class LinkFlagsForm(FlaskForm):
    version = IntegerField(validators=[InputRequired(), id_range()])
    flags = SelectMultipleField(coerce=bounded_id, validate_choice=False)


class ChecklistForm(FlaskForm):
    version = IntegerField(validators=[InputRequired(), id_range()])
    checklist = FormField(ChecklistFields)


class TransitionForm(FlaskForm):
    version = IntegerField(validators=[InputRequired(), id_range()])
    comment = TextAreaField(lazy_gettext("Comment or reason"), validators=[Length(max=COMMENT_MAX)])
    due_on = DateField(lazy_gettext("Due date of the next stage"), validators=[Optional(), registry_date])
    gazette_ref = StringField(lazy_gettext("Government Gazette reference"),
                              validators=[Length(max=GAZETTE_REF_MAX)])
    published_on = DateField(lazy_gettext("Publication date"), validators=[Optional(), registry_date])
    commenced_on = DateField(lazy_gettext("Commencement date (default: the day after publication)"),
                             validators=[Optional(), registry_date])
    instrument_key = StringField(lazy_gettext("Registry key of the repealing or amending instrument"),
                                 validators=[Length(max=200)])
    instrument_title = StringField(lazy_gettext("Title of the instrument (if not yet in the registry)"),
                                   validators=[Length(max=1000)])

    def to_input(self, form_data: Mapping[str, str] | MultiDict[str, str]) -> TransitionInput:
        """The service input; amended texts come as ``new_text-<section number>`` fields."""
        texts = {
            name.removeprefix("new_text-"): value[:NEW_TEXT_MAX + 1]
            for name, value in form_data.items()
            if name.startswith("new_text-")
        }
        return TransitionInput(
            comment=self.comment.data or "",
            due_on=self.due_on.data,
            gazette_ref=self.gazette_ref.data or None,
            published_on=self.published_on.data,
            commenced_on=self.commenced_on.data,
            instrument_key=self.instrument_key.data or None,
            instrument_title=self.instrument_title.data or None,
            new_texts=texts,
        )
