"""The service layer: every write to the registry goes through a function here."""

from __future__ import annotations

from flask import current_app

from ..db import get_database
from .unit_of_work import Actor, CommitListener, ReadOnlyWork, UnitOfWork

LISTENERS_KEY = "lawreg.commit_listeners"


def commit_listeners() -> list[CommitListener]:
    """Listeners told after each commit which laws changed (the search index registers one)."""
    return current_app.extensions.setdefault(LISTENERS_KEY, [])


def unit_of_work(actor: Actor) -> UnitOfWork:
    """A unit of work on a fresh session of the current application."""
    session = get_database().sessionmaker()
    return UnitOfWork(session, actor, commit_listeners(), close_on_exit=True)


def read_only(actor: Actor) -> ReadOnlyWork:
    """A unit of work for a page that only reads: no commit, no audit, no index sync, and a
    session that refuses to write (see :class:`ReadOnlyWork`)."""
    return ReadOnlyWork(get_database().sessionmaker(), actor)


__all__ = ["Actor", "ReadOnlyWork", "UnitOfWork", "commit_listeners", "read_only", "unit_of_work"]
