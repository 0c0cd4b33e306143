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

from sqlalchemy import event, text
from sqlalchemy.orm import Session

from ..models import AuditEntry, IndexOutbox
from . import citations

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
        self.refusals: list[AuditEntry] = []

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

    def audit_refusal(
        self, action: str, entity_type: str, entity_key: str, after: dict[str, Any] | None = None
    ) -> None:
        """Audit a refused attempt: the entry is written with the work if it commits, and on
        its own after a rollback, so the refused change is undone but the attempt stays on
        record."""
        self.refusals.append(AuditEntry(actor=self.actor.name, action=action,
                                        entity_type=entity_type, entity_key=entity_key, after=after))

    def law_changed(self, law_key: str) -> None:
        self.changed_laws.add(law_key)

    def commit(self) -> None:
        # Laws whose sections are now cited more or less often: their index documents carry the count.
        self.changed_laws.update(citations.refresh(self.session))
        refusals, self.refusals = self.refusals, []
        self.session.add_all(refusals)
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
        citations.forget(self.session)
        self.changed_laws = set()
        refusals, self.refusals = self.refusals, []
        if refusals:
            self.session.add_all(refusals)
            self.session.commit()

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


class ReadOnlyWork(UnitOfWork):
    """A unit of work for reading only (the GET pages): it never commits, audits or announces
    changes, and its session refuses to write.

    Reads go through the same service functions as writes, so they take a unit of work; this
    one makes a read that writes by mistake fail loudly instead of being committed:
    :class:`ReadOnlySession` is raised on any flush with pending changes, and the database
    refuses writes too (SQLite ``PRAGMA query_only``, PostgreSQL ``SET TRANSACTION READ
    ONLY``), which also covers SQL sent without the ORM.  Leaving the block rolls back.
    """

    def __init__(self, session: Session, actor: Actor) -> None:
        super().__init__(session, actor, close_on_exit=True)
        self.dialect = session.get_bind().dialect.name
        self.query_only: list[Any] = []  # SQLite connections to give back able to write
        event.listen(session, "after_begin", self._refuse_writes_in_database)
        event.listen(session, "before_flush", self._refuse_flush)

    def _refuse_writes_in_database(self, session: Session, transaction: Any, connection: Any) -> None:
        if self.dialect == "sqlite":
            connection.exec_driver_sql("PRAGMA query_only = ON")
            self.query_only.append(connection.connection.driver_connection)
        elif self.dialect == "postgresql":
            connection.exec_driver_sql("SET TRANSACTION READ ONLY")

    def _refuse_flush(self, session: Session, flush_context: Any, instances: Any) -> None:
        if session.new or session.dirty or session.deleted:
            raise ReadOnlySession(
                f"a read-only unit of work may not write ({len(session.new)} new, "
                f"{len(session.dirty)} changed, {len(session.deleted)} deleted objects)"
            )

    def audit(self, *args: Any, **kwargs: Any) -> None:
        raise ReadOnlySession("a read-only unit of work records no audit entry")

    def law_changed(self, law_key: str) -> None:
        raise ReadOnlySession("a read-only unit of work changes no law")

    def commit(self) -> None:
        raise ReadOnlySession("a read-only unit of work does not commit")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        try:
            # The pragma belongs to the pooled connection: give it back able to write.
            for driver_connection in self.query_only:
                driver_connection.execute("PRAGMA query_only = OFF")
            self.session.rollback()
        finally:
            self.session.close()


class ReadOnlySession(RuntimeError):
    """Something tried to write through a :class:`ReadOnlyWork`: a bug, not a user error."""
