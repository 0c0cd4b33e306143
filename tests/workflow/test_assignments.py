"""Assigning cases to named people, the to-do list, and due-date reminders by e-mail — sent
for real to an SMTP server started by the test, and once only per case and due date."""

from __future__ import annotations

import email
import socket
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from lawreg.errors import InvalidRecord
from lawreg.models import AuditEntry, DueReminder
from lawreg.services.assignments import assign_case, open_assignments
from lawreg.services.flags.triage import add_manual_flag
from lawreg.services.todo import todo_list

from .conftest import as_actor
from .test_cases import TODAY, open_as, walk


def test_a_case_is_assigned_to_a_person_who_may_see_it(uow, registry):
    case_id = open_as(uow, registry.officer)
    as_actor(uow, registry.officer)
    assignment = assign_case(uow, case_id, "Colleague", due=date(2026, 12, 10), note="ร่างหนังสือชี้แจง")
    uow.commit()
    assert (assignment.assignee.username, assignment.due_on) == ("colleague", date(2026, 12, 10))
    with pytest.raises(InvalidRecord) as refused:
        assign_case(uow, case_id, "other")  # an officer of another agency
    assert refused.value.code == "assignment.cannot_see_case"
    uow.rollback()
    with pytest.raises(InvalidRecord, match="no active account"):
        assign_case(uow, case_id, "nobody")
    uow.rollback()
    as_actor(uow, registry.reviewer)
    assign_case(uow, case_id, "officer")  # reassigned: the latest assignment is current
    uow.commit()
    [current] = open_assignments(uow.session)
    assert current.assignment.assignee.username == "officer"
    assert current.due_on == current.case.stage_due_on  # no date of its own: the stage's
    audit = uow.session.scalars(select(AuditEntry).where(AuditEntry.action == "case.assign")
                                .order_by(AuditEntry.id)).all()
    assert [(a.before, a.after["assignee"]) for a in audit] == [
        (None, "colleague"), ({"assignee": "colleague"}, "officer")]


def test_the_to_do_list_gathers_what_waits_for_each_person(uow, registry):
    assigned = open_as(uow, registry.officer)
    referred = open_as(uow, registry.officer)
    walk(uow, registry, referred, ["submit", "forward", "open_hearing", "close_hearing"])
    as_actor(uow, registry.officer)
    assign_case(uow, assigned, "colleague", due=TODAY - timedelta(days=2))
    add_manual_flag(uow, "price-act", "outdated", section="25")
    uow.commit()

    as_actor(uow, registry.colleague)
    mine = todo_list(uow, TODAY)
    assert [item.case.id for item in mine.assigned] == [assigned]
    assert mine.overdue(mine.assigned[0])
    assert [flag.section_number for flag in mine.flags] == ["25"]  # raised by another officer
    assert mine.votes == []
    as_actor(uow, registry.officer)
    assert todo_list(uow, TODAY).flags == []  # not their own flag
    as_actor(uow, registry.other_officer)
    assert todo_list(uow, TODAY).empty  # another agency's flag
    as_actor(uow, registry.member2)
    assert [case.id for case in todo_list(uow, TODAY).votes] == [referred]
    from lawreg.services.votes import VotingRule, cast_vote

    cast_vote(uow, referred, "abstain", rule=VotingRule())
    uow.commit()
    assert todo_list(uow, TODAY).votes == []


@pytest.fixture
def smtp_server():
    """A real SMTP server on a free loopback port (aiosmtpd), keeping what it receives."""
    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self) -> None:
            self.messages: list[email.message.Message] = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
            self.messages.append(email.message_from_bytes(envelope.content))
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


def test_reminders_are_mailed_once_per_case_and_due_date(app, uow, registry, runner, smtp_server):
    port, inbox = smtp_server
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_FROM="lawreg@dit.example",
                      MAIL_SITE_URL="https://lawreg.example")
    due_soon = open_as(uow, registry.officer)
    later = open_as(uow, registry.officer)
    as_actor(uow, registry.officer)
    assign_case(uow, due_soon, "colleague", due=TODAY + timedelta(days=2))
    assign_case(uow, later, "colleague", due=TODAY + timedelta(days=30))
    uow.commit()

    first = runner.invoke(args=["reminders", "send", "--today", TODAY.isoformat()])
    assert first.exit_code == 0, first.output
    assert "1 reminder(s) sent" in first.output
    [message] = inbox.messages
    assert message["To"] == "somying@dit.example" and message["From"] == "lawreg@dit.example"
    subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
    assert subject == f"เตือน: เรื่องที่ {due_soon} ครบกำหนดวันที่ 29 พฤศจิกายน พ.ศ. 2569"
    body = message.get_payload(decode=True).decode("utf-8")
    assert f"https://lawreg.example/cases/{due_soon}" in body and "สมหญิง ใจดี" in body

    again = runner.invoke(args=["reminders", "send", "--today", TODAY.isoformat()])
    assert "0 reminder(s) sent" in again.output and len(inbox.messages) == 1  # idempotent
    uow.session.expire_all()
    assert [(r.case_id, r.due_on) for r in uow.session.scalars(select(DueReminder))] == [
        (due_soon, TODAY + timedelta(days=2))]

    as_actor(uow, registry.officer)  # a new due date is a new reminder
    assign_case(uow, due_soon, "colleague", due=TODAY + timedelta(days=1))
    uow.commit()
    third = runner.invoke(args=["reminders", "send", "--today", TODAY.isoformat()])
    assert "1 reminder(s) sent" in third.output and len(inbox.messages) == 2


def test_without_a_server_reminders_go_to_the_development_sink(app, uow, registry, runner, tmp_path):
    app.config.update(MAIL_SERVER="", MAIL_SINK=str(tmp_path / "mail"))
    case_id = open_as(uow, registry.officer)
    as_actor(uow, registry.officer)
    assign_case(uow, case_id, "colleague", due=TODAY - timedelta(days=1))
    uow.commit()
    result = runner.invoke(args=["reminders", "send", "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    [written] = list((tmp_path / "mail").glob("*.eml"))
    message = email.message_from_bytes(written.read_bytes())
    subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
    assert subject.startswith(f"เลยกำหนด: เรื่องที่ {case_id}")
