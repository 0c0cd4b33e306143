"""How pages name people and show moments: display names, public roles, Thai local time.

Records keep who acted as an actor string (``user:somchai``, ``cli:root``) so the audit
trail never changes when someone is renamed.  Pages never show that string:

- staff read the person's display name ("สมชาย ใจดี");
- the public reads no name of any official: the agency an officer acts for, or the role
  ("Central review unit"), and "Registry administration" for work done at the command line.

Moments are stored in UTC and shown in Bangkok time with the Buddhist-Era year in Thai
("4 ธันวาคม พ.ศ. 2569 15:04") — the ``local_datetime`` and ``local_date`` filters.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from babel.core import Locale
from babel.dates import format_date as babel_format_date
from flask import Flask, request
from flask_babel.speaklater import LazyString
from flask_login import current_user
from sqlalchemy import select

from ..db import get_session
from ..i18n import current_language, format_date, lazy_gettext
from ..local_time import as_local, local_iso
from ..models import Role, User
from ..thai.years import ce_to_be

PEOPLE_CACHE = "lawreg.people"
ROLE_LABELS: dict[str, LazyString] = {
    Role.OFFICER: lazy_gettext("Agency officer"),
    Role.REVIEWER: lazy_gettext("Central review unit"),
    Role.COMMITTEE: lazy_gettext("Reform committee"),
    Role.ADMIN: lazy_gettext("Registry administration"),
}
SYSTEM_LABEL = lazy_gettext("Registry administration")
ANONYMOUS_LABEL = lazy_gettext("Member of the public")


class Person(NamedTuple):
    display_name: str
    role: str
    agency: str | None


def people() -> dict[str, Person]:
    """Every account by its actor string, read once per request (accounts number in the
    hundreds, so one query beats one per name on a page)."""
    cache: dict[str, Person] | None = request.environ.get(PEOPLE_CACHE)
    if cache is None:
        rows = get_session().scalars(select(User))
        cache = {f"user:{user.username}": Person(user.display_name, user.role,
                                                  user.agency.name if user.agency else None)
                 for user in rows}
        request.environ[PEOPLE_CACHE] = cache
    return cache


def staff_name(actor: str | None) -> str:
    """The display name of the person behind ``actor``, for staff pages."""
    if not actor:
        return ""
    person = people().get(actor)
    if person is not None:
        return person.display_name
    if actor.startswith("cli:"):
        return str(SYSTEM_LABEL)
    if actor == "anonymous":
        return str(ANONYMOUS_LABEL)
    return actor.split(":", 1)[-1]


def public_name(actor: str | None) -> str:
    """Who acted, as the public may read it: an officer's agency or a role, never a name."""
    if not actor:
        return ""
    person = people().get(actor)
    if person is None:
        return str(ANONYMOUS_LABEL if actor == "anonymous" else SYSTEM_LABEL)
    if person.role == Role.OFFICER and person.agency:
        return person.agency
    return str(ROLE_LABELS.get(person.role, SYSTEM_LABEL))


def who(actor: str | None) -> str:
    """``actor`` as this reader may see it: a display name for staff, a role for the public."""
    signed_in = getattr(current_user, "is_authenticated", False)
    return staff_name(actor) if signed_in else public_name(actor)


# The "Staff work" menu: (endpoint, endpoint prefix marking it current, label, roles).
STAFF_MENU: tuple[tuple[str, str, LazyString, frozenset[str]], ...] = (
    ("officer.workspace", "officer.", lazy_gettext("My workspace"),
     frozenset({Role.OFFICER, Role.REVIEWER, Role.ADMIN})),
    ("triage.queue", "triage.", lazy_gettext("Flag triage"), frozenset({Role.OFFICER, Role.REVIEWER, Role.ADMIN})),
    ("committee.board", "committee.", lazy_gettext("Review board"),
     frozenset({Role.REVIEWER, Role.COMMITTEE, Role.ADMIN})),
    ("dashboard.index", "dashboard.", lazy_gettext("Dashboard"), frozenset({Role.REVIEWER, Role.COMMITTEE, Role.ADMIN})),
    ("hearing.queue", "hearing.queue", lazy_gettext("Moderation"),
     frozenset({Role.REVIEWER, Role.COMMITTEE, Role.ADMIN})),
    ("audit.index", "audit.", lazy_gettext("Audit log"), frozenset({Role.COMMITTEE, Role.ADMIN})),
    ("accounts.users", "accounts.user", lazy_gettext("Users"), frozenset({Role.ADMIN})),
)


def staff_menu() -> list[tuple[str, str, str]]:
    """The staff pages the signed-in user's role may open, as (endpoint, prefix, label)."""
    role = getattr(current_user, "role", None)
    return [(endpoint, prefix, str(label)) for endpoint, prefix, label, roles in STAFF_MENU if role in roles]


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


def local_datetime(moment: datetime | None) -> str:
    """"4 ธันวาคม พ.ศ. 2569 15:04" (Bangkok time) in Thai, "4 December 2026 15:04" in English."""
    if moment is None:
        return ""
    local = as_local(moment)
    return f"{format_date(local.date())} {local:%H:%M}"


def local_date(moment: datetime | date | None) -> str:
    """The Bangkok calendar day of ``moment``, written as :func:`format_date` does."""
    if moment is None:
        return ""
    return format_date(as_local(moment).date() if isinstance(moment, datetime) else moment)


def month_label(month: str) -> str:
    """A ``YYYY-MM`` month as readers write it: "ธ.ค. 2569" in Thai, "Dec 2026" in English;
    anything else as given."""
    try:
        first = date(int(month[:4]), int(month[5:7]), 1)
    except ValueError:
        return month
    language = current_language()
    if language == "th":
        return f"{babel_format_date(first, 'MMM', locale=Locale('th'))} {ce_to_be(first.year)}"
    return babel_format_date(first, "MMM y", locale=Locale.parse(language))


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(local_datetime=local_datetime, local_date=local_date,
                                 local_iso=local_iso)
    app.jinja_env.globals.update(who=who, staff_name=staff_name, public_name=public_name,
                                 role_label=role_label, staff_menu=staff_menu)
