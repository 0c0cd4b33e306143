"""``lawreg reminders send``: e-mail the due-date reminders (safe to run from cron often)."""

from __future__ import annotations

import smtplib
from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from ..errors import ConcurrentEdit, LawregError
from ..services import Actor, unit_of_work
from ..services.mail import MailSettings
from ..services.reminders import compose, pending_reminders, send_reminder


@click.group("reminders")
def reminders_group() -> None:
    """Due-date reminders by e-mail."""


@reminders_group.command("send")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The date to send for (default: today), YYYY-MM-DD.")
@click.option("--days-ahead", type=click.IntRange(0, 365), default=None,
              help="Remind this many days before the due date (default: REMINDER_DAYS_AHEAD).")
@with_appcontext
def send_command(today: object, days_ahead: int | None) -> None:
    """Send each reminder that is due and not yet sent: once per case and due date, to the
    person the case is assigned to.  Through MAIL_SERVER, else into MAIL_SINK as .eml files."""
    config = current_app.config
    day = today.date() if today is not None else date.today()  # type: ignore[attr-defined]
    ahead = days_ahead if days_ahead is not None else int(config["REMINDER_DAYS_AHEAD"])
    settings = MailSettings.from_config(config)
    site = str(config.get("MAIL_SITE_URL") or "").rstrip("/")
    actor = Actor.command_line()
    try:
        with unit_of_work(actor) as uow:
            pending = pending_reminders(uow, day, ahead)
    except LawregError as error:
        raise click.ClickException(str(error)) from error
    sent = failed = 0
    for reminder in pending:
        message = compose(reminder, day, f"{site}/cases/{reminder.case_id}")
        try:
            with unit_of_work(actor) as uow:
                send_reminder(uow, reminder, message, settings)
        except ConcurrentEdit:
            continue  # another run sent it meanwhile
        except (OSError, smtplib.SMTPException) as error:
            failed += 1
            click.echo(f"case {reminder.case_id}: not sent to {reminder.recipient}: {error}", err=True)
            continue
        sent += 1
        click.echo(f"case {reminder.case_id}: reminder for {reminder.due_on.isoformat()} sent to {reminder.recipient}")
    click.echo(f"{sent} reminder(s) sent, {failed} failed")
    if failed:
        raise SystemExit(1)
