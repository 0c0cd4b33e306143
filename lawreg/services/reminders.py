"""Due-date reminders: one e-mail per case and due date to the person the case is assigned to.

:func:`pending_reminders` lists the open, assigned cases due within ``days_ahead`` days (or
already overdue) whose assignee has an e-mail address and whose reminder for that date has
not gone out.  :func:`send_reminder` claims the reminder by recording a
:class:`~lawreg.models.DueReminder` (unique per case and date, so two runs at once cannot
both send it), sends the message, and audits it; if sending fails the unit of work rolls back
and the next run tries again.  A new due date — the case moved on to another stage, or was
reassigned with a new date — is a new reminder.  ``lawreg reminders send`` runs this, one
unit of work per message, so running it twice sends nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..errors import ConcurrentEdit
from ..i18n import format_date, gettext
from ..models import DueReminder
from .assignments import open_assignments
from .mail import MailSettings, deliver
from .permissions import Permission, require
from .unit_of_work import UnitOfWork


@dataclass(frozen=True)
class PendingReminder:
    case_id: int
    due_on: date
    user_id: int
    recipient: str
    name: str
    law_title: str
    stage: str


def pending_reminders(uow: UnitOfWork, today: date, days_ahead: int) -> list[PendingReminder]:
    """Reminders due to go out on ``today`` (see the module doc)."""
    require(uow.actor, Permission.VIEW_CASES)
    horizon = today + timedelta(days=max(0, days_ahead))
    sent = {tuple(row) for row in uow.session.execute(select(DueReminder.case_id, DueReminder.due_on))}
    pending = []
    for item in open_assignments(uow.session):
        person = item.assignment.assignee
        if item.due_on is None or item.due_on > horizon or (item.case.id, item.due_on) in sent:
            continue
        if not person.active or not person.email:
            continue
        pending.append(PendingReminder(item.case.id, item.due_on, person.id, person.email,
                                       person.display_name, item.case.law.title, item.case.stage))
    return pending


def compose(reminder: PendingReminder, today: date, case_url: str) -> EmailMessage:
    """The reminder in the application's language (Thai by default), in plain text."""
    message = EmailMessage()
    message["To"] = reminder.recipient
    if reminder.due_on < today:
        subject = gettext("Overdue: case %(id)s was due on %(date)s", id=reminder.case_id,
                          date=format_date(reminder.due_on))
    else:
        subject = gettext("Reminder: case %(id)s is due on %(date)s", id=reminder.case_id,
                          date=format_date(reminder.due_on))
    message["Subject"] = subject
    message.set_content(gettext(
        "Dear %(name)s,\n\nCase %(id)s on %(law)s is assigned to you and is due on %(date)s.\n"
        "Open the case: %(url)s\n\nYour to-do list shows everything waiting for you.\n",
        name=reminder.name, id=reminder.case_id, law=reminder.law_title,
        date=format_date(reminder.due_on), url=case_url))
    return message


def send_reminder(uow: UnitOfWork, reminder: PendingReminder, message: EmailMessage,
                  settings: MailSettings) -> DueReminder:
    """Record, send and audit one reminder; a reminder already recorded by another run
    raises :class:`ConcurrentEdit` and nothing is sent."""
    require(uow.actor, Permission.VIEW_CASES)
    record = DueReminder(case_id=reminder.case_id, due_on=reminder.due_on, user_id=reminder.user_id,
                         recipient=reminder.recipient)
    uow.session.add(record)
    try:
        uow.session.flush()
    except IntegrityError:
        raise ConcurrentEdit("reminder.already_sent", case=reminder.case_id,
                             due=reminder.due_on.isoformat()) from None
    where = deliver(message, settings)
    uow.audit("reminder.sent", "case", str(reminder.case_id),
              after={"due_on": reminder.due_on.isoformat(), "to": reminder.recipient, "via": where})
    return record
