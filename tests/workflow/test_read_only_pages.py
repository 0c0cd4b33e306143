"""GET pages only read: every GET route of the application, walked as an anonymous
visitor, an officer and an administrator, sends no INSERT, UPDATE or DELETE to the database
and commits no unit of work (but for the audit entry of a refused request); and a read-only unit of work refuses to write."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, text

from lawreg.db import get_database
from lawreg.models import Law
from lawreg.services import Actor, read_only, unit_of_work
from lawreg.services.cases import open_case
from lawreg.services.flags.triage import add_manual_flag
from lawreg.services.unit_of_work import ReadOnlySession, UnitOfWork

from .conftest import build_registry
from .test_web import sign_in

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|CREATE|DROP|ALTER)\b", re.IGNORECASE)
SAMPLE = {"key": "price-act", "number": "25", "case_id": "1", "entry_id": "1", "id": "1",
          "fmt": "csv", "name": "by_stage", "filename": "app.css", "anything": "nothing",
          "rest": "th/act/2542/1", "username": "officer", "attachment_id": "1"}


@pytest.fixture
def filled(app):
    """The workflow registry with a case, a flag and their audit entries."""
    with app.app_context(), unit_of_work(Actor("test", role="admin")) as uow:
        registry = build_registry(uow)
        uow.actor = registry.officer
        open_case(uow, "price-act", "repeal", "ไม่จำเป็นแล้ว")
        add_manual_flag(uow, "price-act", next(iter(_categories())), section="25")
    return registry


def _categories():
    from lawreg.services.flags.screening import CATEGORIES

    return sorted(CATEGORIES)


def get_urls(app) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        url = rule.rule
        for name in rule.arguments:
            url = re.sub(rf"<(?:[a-z]+:)?{name}>", SAMPLE[name], url)
        urls.append(url)
    return urls


def test_no_get_route_writes(app, filled, monkeypatch):
    writes: list[str] = []
    commits: list[str] = []
    with app.app_context():
        engine = get_database().engine

    def record(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        if WRITE.match(statement):
            writes.append(statement.split("\n")[0][:120])

    original_commit = UnitOfWork.commit

    def counting_commit(self):  # noqa: ANN001
        commits.append(self.actor.name)
        original_commit(self)

    monkeypatch.setattr(UnitOfWork, "commit", counting_commit)
    event.listen(engine, "before_cursor_execute", record)
    clients = {"anonymous": app.test_client()}
    for username in ("officer", "admin"):
        clients[username] = app.test_client()
        assert sign_in(clients[username], username).status_code == 302
    writes.clear()
    commits.clear()
    urls = get_urls(app)
    assert len(urls) > 50 and "/cases/1" in urls and "/dashboard/" in urls
    statuses = {}
    try:
        for who, client in clients.items():
            for url in urls:
                response = client.get(url)
                assert response.status_code < 500, (who, url)
                statuses[who, url] = response.status_code
                if response.status_code == 403:
                    # A signed-in user's refusal is audited on purpose (lawreg.web.sessions), and only that.
                    assert all(w.startswith("INSERT INTO audit_entry") for w in writes), (who, url)
                    writes.clear()
                    commits.clear()
                assert (writes, commits) == ([], []), (who, url)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    # The walk reached the pages that used to render inside a write unit of work.
    for url in ("/cases/1", "/review/", "/dashboard/", "/audit/", "/audit/1", "/audit/export.csv",
                "/officer/", "/officer/cases/new", "/hearings/moderation", "/account/tokens",
                "/dashboard/tables/by_stage.csv"):
        assert statuses["admin", url] == 200, url


def test_a_read_only_unit_refuses_writes_in_the_session_and_the_database(app, filled):
    with app.app_context():
        with pytest.raises(ReadOnlySession), read_only(Actor("test", role="admin")) as work:
            work.session.add(Law(key="new-act", title="พระราชบัญญัติใหม่"))
            work.session.flush()
        with pytest.raises(ReadOnlySession), read_only(Actor("test", role="admin")) as work:
            work.audit("law.viewed", "law", "price-act")
        with read_only(Actor("test", role="admin")) as work, \
                pytest.raises(Exception, match="(?i)read.only|readonly"):
            work.session.execute(text("UPDATE law SET title = 'x'"))
        # The pooled connection was handed back able to write.
        with unit_of_work(Actor("test", role="admin")) as work:
            work.session.execute(text("UPDATE law SET title = title"))
