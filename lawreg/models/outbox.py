"""The index outbox: which laws changed, written in the same transaction as the change.

Every host keeps its own search index; each applies the outbox rows after its cursor to its
index and records how far it got (:mod:`lawreg.services.index_sync`).  Ids only grow
(``AUTOINCREMENT`` on SQLite, a sequence on PostgreSQL) and writers take a table lock before
adding rows, so a row with a smaller id is never committed after one with a larger id:
a consumer that has seen id N has seen every row up to N.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow

# BIGINT on PostgreSQL; on SQLite only "INTEGER PRIMARY KEY" is the rowid with AUTOINCREMENT.
OutboxId = BigInteger().with_variant(Integer(), "sqlite")


class IndexOutbox(Base):
    __tablename__ = "index_outbox"
    # Without AUTOINCREMENT SQLite reuses the largest id once that row is pruned.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(OutboxId, primary_key=True, autoincrement=True)
    law_key: Mapped[str] = mapped_column(String(300))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
