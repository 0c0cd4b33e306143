"""The read-only session every API read and open-data page goes through.

It is the session of a :class:`~lawreg.services.unit_of_work.ReadOnlyWork`, the same
read-only unit of work the GET pages take, held for the whole request: a GET must never
write, whatever a query function does by mistake, so the session refuses to flush and the
database refuses writes too (SQLite ``query_only``, PostgreSQL ``READ ONLY``).
"""

from __future__ import annotations

from flask import g
from sqlalchemy.orm import Session

from ..services import read_only
from ..services.permissions import ANONYMOUS
from ..services.unit_of_work import ReadOnlySession, ReadOnlyWork

__all__ = ["ReadOnlySession", "close_read_session", "read_session"]


def read_session() -> Session:
    """The request's read-only session, opened on first use and closed on teardown."""
    work: ReadOnlyWork | None = g.get("read_work")
    if work is None:
        work = g.read_work = read_only(ANONYMOUS)
    return work.session


def close_read_session(_exc: BaseException | None = None) -> None:
    work: ReadOnlyWork | None = g.pop("read_work", None)
    if work is not None:
        work.__exit__(None, None, None)
