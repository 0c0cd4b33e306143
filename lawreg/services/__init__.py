"""The service layer: every write to the registry goes through a function here."""

from __future__ import annotations

from flask import current_app

from ..db import get_database
from .unit_of_work import Actor, CommitListener, UnitOfWork

LISTENERS_KEY = "lawreg.commit_listeners"


def commit_listeners() -> list[CommitListener]:
    """Listeners told after each commit which laws changed (the search index registers one)."""
    return current_app.extensions.setdefault(LISTENERS_KEY, [])


def unit_of_work(actor: Actor) -> UnitOfWork:
    """A unit of work on a fresh session of the current application."""
    session = get_database().sessionmaker()
    return UnitOfWork(session, actor, commit_listeners(), close_on_exit=True)


__all__ = ["Actor", "UnitOfWork", "commit_listeners", "unit_of_work"]
