"""Errors raised by services and importers; the CLI, pages and API turn them into messages."""

from __future__ import annotations


class LawregError(Exception):
    """Base of every error lawreg reports to a user rather than as a traceback."""


class NotFound(LawregError):
    pass


class InvalidRecord(LawregError):
    """A record that cannot be stored as it is; ``field`` names the offending field."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class ImportRejected(LawregError):
    """A source record (or a whole file) an importer refused, located by file, line and field."""

    def __init__(self, file: str, line: int | None, field: str | None, reason: str) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
        super().__init__(self.location() + reason)

    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.field:
            parts.append(f"field {self.field}")
        return ", ".join(parts) + ": "


class ConcurrentEdit(LawregError):
    """Someone else changed the record since it was read; nothing was written."""


class PermissionDenied(LawregError):
    pass
