"""Errors raised by services and importers; the CLI, pages and API turn them into messages.

A service refusal is a stable *code* with *parameters*, e.g.
``InvalidRecord("reason", "flag.reason_required")`` or
``PermissionDenied("law.not_in_agency", law="price-act")``: services never compose sentences
for people.  :data:`MESSAGES` gives each code its English text, which is also the msgid of
its translation in ``lawreg/translations/th/LC_MESSAGES/errors.po``; the edges render it in
the reader's language (:func:`lawreg.i18n.error_message` on pages, the code plus the rendered
text in the API, the English text at the command line).  A test scans the code for every
code raised and checks it has a Thai translation.

Importer and backup errors (:class:`ImportRejected`, ``BackupError``) still carry an English
sentence: they are read by an operator at the command line, next to the file they name.
"""

from __future__ import annotations

from typing import Any

# Code -> English text (the catalogue msgid).  Parameters are ``%(name)s`` placeholders.
MESSAGES: dict[str, str] = {
    "error": "%(message)s",
    # Sign-in and permissions
    "auth.sign_in_required": "sign in first",
    "permission.role_denied": "the %(role)s role may not %(permission)s (needs %(roles)s)",
    "permission.officer_without_agency": "an officer without an agency acts for no law",
    "law.not_in_agency": "%(law)s is not a law of your agency",
    # Records and fields
    "field.empty": "is empty",
    "field.too_long": "is longer than %(limit)s characters",
    "law.not_found": "no law %(law)s",
    "demo.cases_open": "review cases are open on demo laws: %(cases)s",
    "law.status_unknown": "%(status)s is not one of %(statuses)s",
    "section.not_found": "%(law)s has no section %(section)s",
    "section.number_invalid": "%(detail)s",
    "section.duplicate": "section %(section)s appears twice (also %(other)s)",
    "section.already_repealed": "section %(section)s is already repealed",
    "section.no_text_in_force": "has no text in force to replace",
    "section.text_starts_later": "section %(section)s's current text starts %(starts)s, not before %(ends)s",
    "relation.kind_unknown": "%(kind)s is unknown",
    "instrument.unknown": "%(instrument)s is not in the registry: give its title to create it",
    "instrument.self_reference": "a law cannot repeal or amend itself",
    "amendment.text_required": "an amendment needs the new text",
    # Users and tokens
    "user.not_found": "no user %(user)s",
    "user.name_invalid": "use 2–80 letters a–z, digits, '.', '_' or '-', starting with a letter or digit",
    "user.name_taken": "%(user)s is taken",
    "user.email_invalid": "is not an e-mail address",
    "user.role_unknown": "%(role)s is not one of %(roles)s",
    "user.officer_needs_agency": "an officer needs an agency",
    "user.sign_out_own_only": "only the user can sign themself out",
    "user.password_length": "must be %(min)s–%(max)s characters long",
    "user.password_common": "is one of the most common passwords: choose another",
    "user.password_not_current": "is not your current password",
    "user.password_unchanged": "is the same as the current password",
    "user.self_demotion": "you cannot disable or demote your own account",
    "agency.not_found": "no agency named %(agency)s",
    "token.not_found": "no token %(token)s",
    "token.name_length": "must be 1 to %(max)s characters",
    "token.others_admin_only": "only an administrator manages another person's tokens",
    "token.revoke_admin_only": "only an administrator revokes another person's tokens",
    # Flags
    "flag.not_found": "no flag %(flag)s",
    "flag.none_chosen": "choose at least one flag",
    "flag.reason_required": "a dismissal needs a reason",
    "flag.decision_unknown": "%(decision)s is not confirmed or dismissed",
    "flag.category_unknown": "%(category)s is not one of %(categories)s",
    "flag.quote_required": "an evidence position needs the quoted text",
    "flag.quote_not_found": "not found in %(law)s section %(section)s",
    "flag.position_without_section": "a law-level flag has no section text to point into",
    "flag.duplicate": "the same flag has already been recorded",
    "flag.other_law": "flag %(flag)s is on %(flag_law)s, not on %(law)s",
    "flag.not_linkable": "flag %(flag)s was %(status)s: link suggested or confirmed flags",
    "flag.superseded": "flag %(flag)s is on text that has since changed",
    # Review cases
    "case.not_found": "no case %(case)s",
    "case.stale": "case %(case)s changed since version %(version)s: %(changes)s",
    "case.action_unknown": "%(action)s is not one of repeal, amend, consolidate, keep",
    "case.nothing_to_do": "%(law)s is %(status)s: there is nothing to %(action)s",
    "case.amend_needs_sections": "an amendment names the sections it amends",
    "case.too_many_sections": "more than %(max)s sections",
    "case.texts_outside_case": "texts given for sections not in the case: %(sections)s",
    "case.too_many_flags": "more than %(max)s flags",
    "case.no_new_flags": "choose at least one flag not yet linked to the case",
    "case.flags_settled": "case %(case)s is %(stage)s: its flags are settled",
    "case.checklist_settled": "the checklist of a case in stage %(stage)s is settled",
    "case.checklist_incomplete": "the checklist is incomplete: %(missing)s unanswered",
    "case.keep_needs_no_drafting": "a decision to keep the law needs no drafting: conclude the case instead",
    "case.only_keep_concludes": "a %(action)s case goes on to drafting; only a keep decision concludes here",
    "case.commencement_before_publication": "the commencement date is before the publication date",
    "checklist.question_unknown": "%(question)s is not a checklist question",
    "checklist.answer_unknown": "%(answer)s is not yes, no or unclear",
    "transition.unknown": "there is no transition %(transition)s",
    "transition.wrong_stage": "a case in stage %(stage)s cannot %(transition)s (only from %(sources)s)",
    "transition.comment_required": "%(transition)s needs comment",
    "transition.gazette_ref_required": "%(transition)s needs gazette ref",
    "transition.published_on_required": "%(transition)s needs published on",
    "transition.instrument_key_required": "%(transition)s needs instrument key",
    # Deadlines, evaluations and targets
    "deadline.before_today": "%(date)s is before today",
    "evaluation.in_future": "%(date)s is in the future",
    "target.action_unknown": "%(action)s is not repeal, amend or consolidate",
    "target.count_range": "must be a whole number from 1 to %(max)s",
    "target.due_before_start": "must be after the start date",
    "target.too_long": "must be within %(years)s years of the start date",
    "target.not_found": "no target %(target)s",
    # Public hearings
    "hearing.not_found": "no case %(case)s in public hearing",
    "hearing.closed": "case %(case)s is not in public hearing: comments are closed",
    "comment.not_found": "no comment %(comment)s",
    "comment.stance_unknown": "%(stance)s is not support, oppose or neutral",
    "comment.decision_unknown": "%(decision)s is not approved or hidden",
    # Audit log
    "audit.entry_not_found": "no audit entry %(entry)s",
    # The committee's workflow: four eyes, votes, assignments, agency targets, reminders
    "four_eyes.case": "case %(key)s needs a second person for this step: its author may not forward it or refer it to the committee",
    "four_eyes.flag": "you raised flag %(key)s yourself: a second person must confirm it",
    "case.decided_by_vote": "the committee decides by recorded vote: members cast their votes on the case page",
    "vote.not_referred": "case %(case)s is not before the committee",
    "vote.member_account_required": "a vote is cast by a committee member signed in with their own account",
    "vote.unchanged": "your vote is already recorded as it is",
    "vote.concurrent": "another vote of %(member)s on case %(case)s was recorded meanwhile: try again",
    "vote.choice_unknown": "%(choice)s is not for, against or abstain",
    "assignment.case_closed": "case %(case)s is %(stage)s: there is nothing left to assign",
    "assignment.unknown_assignee": "there is no active account %(user)s",
    "assignment.cannot_see_case": "%(user)s may not see case %(case)s, so it cannot be assigned to them",
    "agency_target.measure_unknown": "%(measure)s is not reviewed, repealed or amended",
    "agency_target.year_range": "must be a year from %(first)s to %(last)s (C.E.)",
    "reminder.already_sent": "the reminder for case %(case)s due %(due)s was sent meanwhile",
}


def english(code: str, params: dict[str, Any]) -> str:
    """The English text of ``code``; an unknown code shows as itself rather than failing."""
    template = MESSAGES.get(code)
    if template is None:
        return code
    try:
        return template % params
    except (KeyError, TypeError, ValueError):
        return template


class LawregError(Exception):
    """Base of every error lawreg reports to a user rather than as a traceback.

    ``code`` names the refusal, ``params`` its details.  Constructed with a code from
    :data:`MESSAGES` it renders through the catalogue; constructed with a sentence (importer
    and operator errors) it carries that sentence under the code ``error``.
    """

    def __init__(self, code: str = "", /, **params: Any) -> None:
        if code not in MESSAGES:
            code, params = "error", {"message": code, **params}
        self.code = code
        self.params = params
        super().__init__(english(code, params))


class NotFound(LawregError):
    pass


class InvalidRecord(LawregError):
    """A record that cannot be stored as it is; ``field`` names the offending field and
    ``reason`` is the English text without it (importer reports put the two side by side)."""

    def __init__(self, field: str, code: str, /, **params: Any) -> None:
        super().__init__(code, **params)
        self.field = field
        self.reason = str(self.args[0])
        self.args = (f"{field}: {self.reason}",)


class ImportRejected(LawregError):
    """A source record (or a whole file) an importer refused, located by file, line and field."""

    def __init__(self, file: str, line: int | None, field: str | None, reason: str) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
        super().__init__(self.location() + reason)

    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.field:
            parts.append(f"field {self.field}")
        return ", ".join(parts) + ": "


class ConcurrentEdit(LawregError):
    """Someone else changed the record since it was read; nothing was written."""


class PermissionDenied(LawregError):
    pass
