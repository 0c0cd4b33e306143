"""The registry's clock for people: stored times are UTC, shown and exported in Thai time.

The database keeps every moment in UTC (SQLite hands them back without a zone, PostgreSQL
with one); staff and the public read them as Asia/Bangkok time, and exports write ISO 8601
with the +07:00 offset so a spreadsheet or a program reads the same moment a page shows.
A "day" in a filter is a Bangkok day: 1 December runs from 30 November 17:00 UTC.
No Flask here, so services and exports can use it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")


def as_local(moment: datetime) -> datetime:
    """``moment`` in Bangkok time; a zone-less value is read as UTC, as it was stored."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BANGKOK)


def local_iso(moment: datetime | None) -> str | None:
    """ISO 8601 with the offset, to the second: ``2026-12-04T15:04:05+07:00``."""
    return as_local(moment).isoformat(timespec="seconds") if moment is not None else None


def day_start_utc(day: date) -> datetime:
    """The UTC moment at which the Bangkok day ``day`` begins."""
    return datetime.combine(day, time.min, BANGKOK).astimezone(UTC)


def day_end_utc(day: date) -> datetime:
    """The UTC moment at which the Bangkok day ``day`` ends (exclusive)."""
    return day_start_utc(day + timedelta(days=1))
