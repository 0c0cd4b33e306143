"""Reading the audit trail, and keeping it append-only.

Every service writes :class:`~lawreg.models.AuditEntry` rows through ``uow.audit(...)``;
nothing may change or remove them.  :func:`install_append_only_guard` enforces that in the
ORM for every session: a flush that would update or delete an audit row, and a bulk
``UPDATE``/``DELETE`` statement on the table, raise :class:`AuditTamper` and the unit of
work rolls back.  (A database role without UPDATE/DELETE rights on ``audit_entry`` is the
matching guard for anyone connecting around the application.)

Readers (committee and administrators) filter by actor, action, entity type, entity key and
date range, page through the result, see one entry's before/after as a field-by-field diff,
and export the filtered entries as CSV or JSON lines.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, event, func, select
from sqlalchemy.orm import ORMExecuteState, Session

from ..errors import LawregError, NotFound
from ..local_time import day_end_utc, day_start_utc, local_iso
from ..models import AuditEntry
from ..paging import Page
from ..spreadsheets import csv_safe
from .permissions import Permission, require
from .unit_of_work import UnitOfWork

FILTER_MAX = 300
EXPORT_COLUMNS = ("id", "at", "actor", "action", "entity_type", "entity_key", "before", "after")


class AuditTamper(LawregError):
    """An attempt to change or delete an audit entry."""


def _refuse_changes(session: Session, _context: object, _instances: object) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditTamper(f"audit entry {obj.id} is append-only: it may not be changed or deleted")


def _refuse_bulk(state: ORMExecuteState) -> None:
    if (state.is_update or state.is_delete) and any(
        mapper.class_ is AuditEntry for mapper in state.all_mappers
    ):
        raise AuditTamper("audit entries are append-only: no UPDATE or DELETE")


def install_append_only_guard() -> None:
    """Register the guards on every :class:`Session` (idempotent)."""
    if not event.contains(Session, "before_flush", _refuse_changes):
        event.listen(Session, "before_flush", _refuse_changes)
        event.listen(Session, "do_orm_execute", _refuse_bulk)


install_append_only_guard()


@dataclass(frozen=True)
class AuditFilters:
    actor: str | None = None
    action: str | None = None
    entity_type: str | None = None
    entity_key: str | None = None
    date_from: date | None = None
    date_to: date | None = None


def _query(filters: AuditFilters) -> Select[AuditEntry]:
    query = select(AuditEntry)
    if filters.actor:
        query = query.where(AuditEntry.actor == filters.actor[:FILTER_MAX])
    if filters.action:
        # "case." matches every case action; a full name matches itself only.
        action = filters.action[:FILTER_MAX]
        if action.endswith("."):
            query = query.where(AuditEntry.action.startswith(action, autoescape=True))
        else:
            query = query.where(AuditEntry.action == action)
    if filters.entity_type:
        query = query.where(AuditEntry.entity_type == filters.entity_type[:FILTER_MAX])
    if filters.entity_key:
        query = query.where(AuditEntry.entity_key == filters.entity_key[:FILTER_MAX])
    if filters.date_from:
        query = query.where(AuditEntry.at >= day_start_utc(filters.date_from))
    if filters.date_to:
        query = query.where(AuditEntry.at < day_end_utc(filters.date_to))
    return query


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    total: int
    page: int
    pages: int


def search_entries(uow: UnitOfWork, filters: AuditFilters, page: int = 1, page_size: int = 50) -> AuditPage:
    """One page of the entries matching ``filters``, newest first (dates are Bangkok days)."""
    require(uow.actor, Permission.VIEW_AUDIT)
    query = _query(filters)
    total = uow.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    window = Page.of(page, page_size, total)
    entries = uow.session.scalars(
        query.order_by(AuditEntry.id.desc()).offset(window.offset).limit(window.size)
    )
    return AuditPage(list(entries), total, window.number, window.pages)


def facet_values(uow: UnitOfWork) -> dict[str, list[str]]:
    """The actors, actions and entity types present, for the filter form's choices."""
    require(uow.actor, Permission.VIEW_AUDIT)
    return {
        name: list(uow.session.scalars(select(column).distinct().order_by(column)))
        for name, column in (("actor", AuditEntry.actor), ("action", AuditEntry.action),
                             ("entity_type", AuditEntry.entity_type))
    }


def get_entry(uow: UnitOfWork, entry_id: int) -> AuditEntry:
    require(uow.actor, Permission.VIEW_AUDIT)
    entry = uow.session.get(AuditEntry, entry_id)
    if entry is None:
        raise NotFound("audit.entry_not_found", entry=entry_id)
    return entry


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any

    @property
    def changed(self) -> bool:
        return self.before != self.after


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[FieldChange]:
    """Field-by-field comparison of an entry's states, fields in first-seen order."""
    before, after = before or {}, after or {}
    names = list(dict.fromkeys([*before, *after]))
    return [FieldChange(name, before.get(name), after.get(name)) for name in names]


def _row(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": local_iso(entry.at),
        "actor": entry.actor,
        "action": entry.action,
        "entity_type": entry.entity_type,
        "entity_key": entry.entity_key,
        "before": entry.before,
        "after": entry.after,
    }


def export_rows(uow: UnitOfWork, filters: AuditFilters, batch: int = 1000) -> Iterator[dict[str, Any]]:
    """Every matching entry, oldest first, read in batches (exports may be large)."""
    require(uow.actor, Permission.VIEW_AUDIT)
    last_id = 0
    while True:
        rows = list(uow.session.scalars(
            _query(filters).where(AuditEntry.id > last_id).order_by(AuditEntry.id).limit(batch)
        ))
        if not rows:
            return
        for entry in rows:
            yield _row(entry)
        last_id = rows[-1].id


def _cell(value: Any) -> str:
    """A CSV cell; text a spreadsheet would run as a formula gets a leading apostrophe."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False) if value is not None else ""
    return csv_safe(text)


def to_csv(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    """CSV for spreadsheets: a UTF-8 byte-order mark first, without which Excel reads the
    Thai text as Windows-874 mojibake; times are ISO 8601 in Thai time with the offset."""
    yield "\ufeff"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow([_cell(row[name]) for name in EXPORT_COLUMNS])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def to_jsonl(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"
