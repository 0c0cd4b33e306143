"""Refusals of the committee workflow in the reader's language.

The services raise errors with a ``code`` and ``params`` (four-eyes, votes, assignments);
:func:`refusal_text` says them through the i18n catalogue, and falls back to the error's
own text for errors that have no code yet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..i18n import gettext

MESSAGES: dict[str, Callable[..., str]] = {
    "four_eyes.case": lambda **p: gettext(
        "Case %(key)s needs a second person for this step: its author may not forward it or "
        "refer it to the committee.", **p),
    "four_eyes.flag": lambda **p: gettext(
        "You raised flag %(key)s yourself: a second person must confirm it.", **p),
    "decided_by_vote": lambda **p: gettext(
        "The committee decides by recorded vote: members cast their votes on the case page."),
    "not_referred": lambda **p: gettext("Case %(case)s is not before the committee.", **p),
    "member_account_required": lambda **p: gettext(
        "A vote is cast by a committee member signed in with their own account."),
    "vote_unchanged": lambda **p: gettext("Your vote is already recorded as it is."),
    "unknown_assignee": lambda **p: gettext("There is no active account %(username)s.", **p),
    "assignee_cannot_see_case": lambda **p: gettext(
        "%(username)s may not see this case, so it cannot be assigned to them.", **p),
}


def refusal_text(error: Exception) -> str:
    """The reader's message for ``error``."""
    code = getattr(error, "code", None)
    params: dict[str, Any] = dict(getattr(error, "params", None) or {})
    if code == "four_eyes":
        code = f"four_eyes.{params.get('entity')}"
    message = MESSAGES.get(code) if isinstance(code, str) else None
    return message(**params) if message is not None else str(error)
