"""The read-only session every API read and open-data page goes through.

A GET must never write, whatever a query function does by mistake: the session refuses to
flush, and on PostgreSQL the transaction itself is declared ``READ ONLY`` so the server
refuses too.
"""

from __future__ import annotations

from typing import Any

from flask import g
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from ..db import get_database

READ_ONLY = "read_only"


class ReadOnlyViolation(RuntimeError):
    pass


def read_session() -> Session:
    """The request's read-only session, opened on first use and closed on teardown."""
    if "api_read_session" not in g:
        database = get_database()
        session = database.sessionmaker(info={READ_ONLY: True})
        if not database.is_sqlite:
            event.listen(session, "after_begin", _declare_read_only)
        g.api_read_session = session
    return g.api_read_session


def close_read_session(_exc: BaseException | None = None) -> None:
    session = g.pop("api_read_session", None)
    if session is not None:
        session.close()


def _declare_read_only(session: Session, _transaction: Any, connection: Any) -> None:
    connection.execute(text("SET TRANSACTION READ ONLY"))


@event.listens_for(Session, "before_flush")
def _refuse_flush(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get(READ_ONLY) and (session.new or session.dirty or session.deleted):
        raise ReadOnlyViolation("an API read tried to write")
