"""What an import tells its user: counts, rejections and warnings, each located."""

from __future__ import annotations

from dataclasses import dataclass, field

from lawreg.errors import ImportRejected

INDEX_BEHIND_EXIT = 3


@dataclass
class ImportWarning:
    """Something the importer decided on the user's behalf, located like a rejection."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        return ImportRejected(self.file, self.line, self.field, self.message).args[0]


@dataclass
class ImportReport:
    """What an import read, wrote (or would have written) and refused.

    ``read`` and ``rejected`` count source records in ``unit`` (lines, rows, sections);
    ``created`` / ``updated`` / ``unchanged`` count laws (a law that only gained relations
    counts as updated); ``relations_added`` counts the laws that gained relations;
    ``notes`` are a format's own reconciliation lines.
    """

    format: str
    unit: str = "records"
    files: list[str] = field(default_factory=list)
    read: int = 0
    rejected: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    relations_added: int = 0
    errors: list[ImportRejected] = field(default_factory=list)
    # Files of a folder that are not records of the format at all (a scraped error page):
    # refused with their reason without holding back the other files.
    refused: list[ImportRejected] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False
    committed: bool = False
    index_error: str | None = None  # committed, but the search index could not catch up

    def reject(self, file: str, line: int | None, field_name: str | None, reason: str) -> None:
        self.errors.append(ImportRejected(file, line, field_name, reason))
        self.rejected += 1

    def refuse(self, file: str, line: int | None, field_name: str | None, reason: str) -> None:
        self.refused.append(ImportRejected(file, line, field_name, reason))
        self.rejected += 1

    def warn(self, file: str, line: int | None, field_name: str | None, message: str) -> None:
        self.warnings.append(ImportWarning(file, line, field_name, message))

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def exit_code(self) -> int:
        """1: records or files were rejected; 3: committed, but the search index is behind."""
        if not self.ok or self.refused:
            return 1
        return INDEX_BEHIND_EXIT if self.index_error else 0

    @property
    def outcome(self) -> str:
        """One word for the metrics: committed, index_behind, dry_run or rolled_back."""
        if self.committed:
            return "index_behind" if self.index_error else "committed"
        return "dry_run" if self.dry_run else "rolled_back"

    @property
    def laws(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary(self) -> str:
        """One line a person reads first: counts and what happened to the database."""
        source = f"{len(self.files)} files" if len(self.files) != 1 else self.files[0]
        counts = (
            f"{self.format}: {self.read} {self.unit} read from {source}; "
            f"{self.laws} laws: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged; {self.rejected} rejected; {len(self.warnings)} warnings"
        )
        if self.refused:
            counts += f" ({len(self.refused)} rejected files are not laws and were left out)"
        if self.committed and self.index_error:
            outcome = (
                f"committed to the database, but the search index is behind ({self.index_error}); "
                "it catches up on the next search or `lawreg index sync`"
            )
        elif self.committed:
            outcome = "committed"
        elif self.dry_run:
            outcome = "dry run: nothing written"
        elif self.errors:
            outcome = (
                "rolled back, nothing written (all or nothing; --skip-invalid writes the valid records)"
            )
        else:
            outcome = "nothing written"
        return f"{counts}. {outcome[0].upper()}{outcome[1:]}."

    def error_report(self) -> list[str]:
        return [str(error) for error in [*self.refused, *self.errors]]
