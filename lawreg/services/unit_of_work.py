"""The single place where a write is committed, audited and announced to the search index.

Views, CLI commands and importers open a :class:`UnitOfWork`, call service functions with it,
and leave the block: the database transaction commits (or rolls back on an exception), the
audit entries recorded during the work commit in the same transaction, and so do the
:class:`~lawreg.models.IndexOutbox` rows naming the laws that changed: every host's search
index catches up from them (:mod:`lawreg.services.index_sync`), whatever happens to the
process after the commit.  After the commit each listener (this process's index) learns
which laws changed; a listener runs only after a successful commit, so the index never shows
what the database does not hold.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from ..models import AuditEntry, IndexOutbox

CommitListener = Callable[[set[str]], None]


@dataclass(frozen=True)
class Actor:
    """Who is acting: a user of the web app, or the operator at the command line."""

    name: str
    role: str = "admin"
    user_id: int | None = None
    agency_id: int | None = None

    @classmethod
    def command_line(cls) -> Actor:
        try:
            user = getpass.getuser()
        except OSError:
            user = "unknown"
        return cls(name=f"cli:{user}", role="admin")


class UnitOfWork:
    def __init__(
        self,
        session: Session,
        actor: Actor,
        listeners: Iterable[CommitListener] = (),
        *,
        close_on_exit: bool = False,
    ) -> None:
        self.session = session
        self.close_on_exit = close_on_exit
        self.actor = actor
        self.listeners = list(listeners)
        self.changed_laws: set[str] = set()

    def audit(
        self,
        action: str,
        entity_type: str,
        entity_key: str,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        self.session.add(
            AuditEntry(
                actor=self.actor.name,
                action=action,
                entity_type=entity_type,
                entity_key=entity_key,
                before=before,
                after=after,
            )
        )

    def law_changed(self, law_key: str) -> None:
        self.changed_laws.add(law_key)

    def commit(self) -> None:
        if self.changed_laws:
            self._write_outbox()
        self.session.commit()
        changed, self.changed_laws = self.changed_laws, set()
        if changed:
            for listener in self.listeners:
                listener(changed)

    def _write_outbox(self) -> None:
        """Record the changed laws in the transaction being committed.  On PostgreSQL the
        table lock (which readers do not wait for) makes writers take outbox ids in commit
        order, so no consumer can pass an id whose row is still uncommitted; SQLite has one
        writer at a time anyway."""
        if self.session.get_bind().dialect.name == "postgresql":
            # Every other write first, so no row lock is awaited while holding this lock.
            self.session.flush()
            self.session.execute(text("LOCK TABLE index_outbox IN SHARE ROW EXCLUSIVE MODE"))
        self.session.add_all(IndexOutbox(law_key=key) for key in sorted(self.changed_laws))
        self.session.flush()

    def rollback(self) -> None:
        self.session.rollback()
        self.changed_laws = set()

    def __enter__(self) -> UnitOfWork:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if exc_type is None:
                self.commit()
            else:
                self.rollback()
        finally:
            if self.close_on_exit:
                self.session.close()
