"""The shared import runner and its report.

Policy, the same for every format:

* **File-level problems abort.**  A file that is not UTF-8 (with a hint when it looks like
  TIS-620 / Windows-874), truncated or malformed JSON (line and column), a CSV without a
  required column, a line over the size limit (default 8 MB), a "PDF" that is not one:
  :class:`ImportRejected` is raised while parsing, before anything is written.
* **Record-level problems reject the record** (missing key or title, a bad year, duplicate
  section numbers in one law, a relation to an unknown law, ...).  Each rejection names the
  file, line (or record index) and field.  By default the import is then *all or nothing*:
  everything is applied inside the transaction so the report can say what would have
  happened, and then rolled back — the database stays exactly as it was and the exit code is
  non-zero.  ``skip_invalid`` writes the valid records instead (the exit code is still
  non-zero when anything was rejected).
* **Dry run** parses and applies inside the transaction, reports, and rolls back.
* **One transaction.**  Everything an import writes — one file, or every file of a folder —
  goes through one :class:`~lawreg.services.UnitOfWork` and commits once, at the end; so the
  search index hears of the laws only when they are really stored.
* **Idempotent.**  Records are written with :func:`~lawreg.services.laws.upsert_law` (all
  laws first) and :func:`~lawreg.services.laws.apply_relations` (second pass, since
  relations name other laws by key); importing the same file again reports every law
  unchanged.

Records are checked completely *before* the first write (:mod:`importers.checks`), so a
rejection never leaves half-applied work in the session; an error the checks did not foresee
rolls the whole import back.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from tqdm import tqdm

from lawreg.errors import ImportRejected, InvalidRecord, LawregError
from lawreg.metrics import record_import
from lawreg.models import Law
from lawreg.records import LawRecord
from lawreg.services import Actor, UnitOfWork, unit_of_work
from lawreg.services.index_sync import catch_up_after_write
from lawreg.services.laws import Outcome, apply_relations, upsert_law

from .checks import check_records
from .reading import DEFAULT_MAX_LINE_BYTES
from .report import ImportReport, ImportWarning

PROGRESS_THRESHOLD = 50

__all__ = ["ImportFormat", "ImportReport", "ImportWarning", "run_import"]


@dataclass(frozen=True)
class ImportFormat:
    """One source format: how to turn a file into records, and its merge rules.

    ``parse(path, report, **options)`` returns law records and reports rejections and
    warnings; ``folder_pattern`` lets a folder stand for all its matching files;
    ``reconcile(uow, records, report)`` may read the registry and adjust records before they
    are written (reads only); ``merge_abbreviations`` keeps abbreviations already stored
    (partial sources add to them instead of replacing them).
    """

    name: str
    unit: str
    parse: Callable[..., list[LawRecord]]
    folder_pattern: str | None = None
    reconcile: Callable[[UnitOfWork, list[LawRecord], ImportReport], None] | None = None
    merge_abbreviations: bool = False
    options: tuple[str, ...] = ()


def source_files(path: Path, import_format: ImportFormat) -> list[Path]:
    """The files an import reads: the file itself, or the matching files of a folder."""
    if path.is_dir():
        if import_format.folder_pattern is None:
            raise ImportRejected(str(path), None, None, f"is a folder; {import_format.name} imports one file")
        files = sorted(p for p in path.glob(import_format.folder_pattern) if p.is_file())
        if not files:
            raise ImportRejected(
                str(path), None, None, f"has no {import_format.folder_pattern} files to import"
            )
        return files
    if not path.exists():
        raise ImportRejected(str(path), None, None, "file not found")
    return [path]


def run_import(
    import_format: ImportFormat,
    path: Path,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    actor: Actor | None = None,
    progress: bool = False,
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
    **options: Any,
) -> ImportReport:
    """Parse ``path`` and write its records in one unit of work (needs an app context)."""
    unknown = set(options) - set(import_format.options)
    if unknown:
        raise LawregError(f"{import_format.name} takes no option {', '.join(sorted(unknown))}")
    report = ImportReport(format=import_format.name, unit=import_format.unit, dry_run=dry_run)
    records: list[LawRecord] = []
    for file in source_files(Path(path), import_format):
        report.files.append(str(file))
        records.extend(import_format.parse(file, report, max_line_bytes=max_line_bytes, **options))

    uow = unit_of_work(actor or Actor.command_line())
    try:
        if import_format.reconcile is not None:
            import_format.reconcile(uow, records, report)
        valid = check_records(uow, records, report)
        if import_format.merge_abbreviations:
            merge_stored_abbreviations(uow, valid)
        write_records(uow, valid, report, progress=progress)
        if not dry_run and (report.ok or skip_invalid):
            uow.commit()
            report.committed = True
        else:
            uow.rollback()
    except (InvalidRecord, SQLAlchemyError) as error:
        uow.rollback()
        raise LawregError(f"import rolled back, nothing written: {error}") from error
    except BaseException:
        uow.rollback()
        raise
    finally:
        uow.session.close()
    if report.committed:
        report.index_error = catch_up_after_write()
    record_import(import_format.name, report.outcome, report.created, report.updated,
                  report.unchanged)
    return report


def write_records(
    uow: UnitOfWork, records: list[LawRecord], report: ImportReport, *, progress: bool
) -> None:
    """Upsert every law, then apply every law's relations.

    The progress bar (stderr, only on a terminal, only for a large import) counts a law and
    its sections, so one code of 1,869 sections moves it as much as 1,869 catalogue rows."""
    weight = {record.key: 1 + len(record.sections or []) for record in records}
    total = sum(weight.values())
    show = progress and sys.stderr.isatty() and total >= PROGRESS_THRESHOLD
    bar = tqdm(total=total, desc=report.format, unit="item", file=sys.stderr, disable=not show)
    outcomes: dict[str, Outcome] = {}
    with bar:
        for record in amendments_first(records):
            outcomes[record.key] = upsert_law(uow, record)
            bar.update(weight[record.key])
    for record in records:
        changed = bool(record.relations) and apply_relations(uow, record) is Outcome.UPDATED
        report.relations_added += changed
        if changed and outcomes[record.key] is Outcome.UNCHANGED:
            outcomes[record.key] = Outcome.UPDATED
    for outcome in outcomes.values():
        if outcome is Outcome.CREATED:
            report.created += 1
        elif outcome is Outcome.UPDATED:
            report.updated += 1
        else:
            report.unchanged += 1


def amendments_first(records: list[LawRecord]) -> list[LawRecord]:
    """Order records so a law named as ``amended_by`` in a version is written before the
    laws whose versions name it (the service looks the amending law up by key)."""
    by_key = {record.key: record for record in records}
    ordered: list[LawRecord] = []
    state: dict[str, int] = {}

    def visit(record: LawRecord) -> None:
        if state.get(record.key):
            return
        state[record.key] = 1
        for section in record.sections or []:
            for version in section.versions or []:
                target = by_key.get(version.amended_by or "")
                if target is not None and target.key != record.key:
                    visit(target)
        state[record.key] = 2
        ordered.append(record)

    for record in records:
        visit(record)
    return ordered


def merge_stored_abbreviations(uow: UnitOfWork, records: Iterable[LawRecord]) -> None:
    """Keep abbreviations other sources stored: stored ones first, then the record's new ones."""
    wanted = {record.key: record for record in records if record.abbreviations}
    if not wanted:
        return
    rows = uow.session.execute(select(Law.key, Law.abbreviations).where(Law.key.in_(wanted)))
    for key, stored in rows:
        record = wanted[key]
        merged = list(stored or [])
        merged += [item for item in record.abbreviations if item not in merged]
        record.abbreviations = merged
