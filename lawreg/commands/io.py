"""Commands that move laws in and out: ``lawreg import``, ``lawreg export``, ``lawreg demo``.

A problem the user can fix (a bad file, a rejected record, a database that is not set up)
is printed as a message on stderr with a non-zero exit code, never as a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

import click
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from ..db import get_database
from ..errors import LawregError
from ..models import Law
from ..services import Actor, unit_of_work
from ..services.demo_set import remove_demo_laws

# The demo data set `lawreg demo` loads; a module constant so tests can point it elsewhere.
DEMO_PATH = Path(str(files("lawreg").joinpath("demo", "laws.jsonl")))
WARNINGS_SHOWN = 20
MEGABYTE = 1024 * 1024


def import_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options every import command shares."""
    for option in reversed(
        [
            click.argument("path", type=click.Path(path_type=Path)),
            click.option("--dry-run", is_flag=True, help="Parse and check, report what would change, write nothing."),
            click.option("--skip-invalid", is_flag=True, help="Write the valid records even when some are rejected."),
            click.option("--no-progress", is_flag=True, help="No progress bar."),
            click.option("--max-line-mb", type=click.IntRange(min=1), default=8, show_default=True,
                         help="Refuse a line (record) longer than this many megabytes."),
            click.option("-v", "--verbose", is_flag=True, help="Print every warning, not only the first ones."),
        ]
    ):
        command = option(command)
    return command


def law_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """What a single-law source (text, PDF) cannot know by itself."""
    for option in reversed(
        [
            click.option("--key", required=True, help="The law's stable key, e.g. budget-procedure-act-2561."),
            click.option("--title", required=True, help="The law's full Thai title."),
            click.option("--type", "law_type", help="Type of instrument, e.g. พระราชบัญญัติ."),
            click.option("--year", type=int, help="Buddhist-Era year (default: the year in the title)."),
        ]
    ):
        command = option(command)
    return command


def run_import_command(format_name: str, path: Path, flags: dict[str, Any], **options: Any) -> None:
    """Run one import and report it: summary on stdout, problems on stderr."""
    from importers import run

    verbose = flags.pop("verbose")
    try:
        report = run(
            format_name,
            path,
            dry_run=flags["dry_run"],
            skip_invalid=flags["skip_invalid"],
            actor=Actor.command_line(),
            progress=not flags["no_progress"],
            max_line_bytes=flags["max_line_mb"] * MEGABYTE,
            **options,
        )
    except LawregError as error:
        raise click.ClickException(str(error)) from None
    except SQLAlchemyError as error:
        raise click.ClickException(database_message(error)) from None
    for note in report.notes:
        click.echo(note)
    shown = report.warnings if verbose else report.warnings[:WARNINGS_SHOWN]
    for warning in shown:
        click.echo(f"warning: {warning}", err=True)
    if len(shown) < len(report.warnings):
        click.echo(f"... and {len(report.warnings) - len(shown)} more warnings (--verbose shows all)", err=True)
    for rejected in report.error_report():
        click.echo(f"rejected: {rejected}", err=True)
    click.echo(report.summary())
    if report.exit_code:
        raise click.exceptions.Exit(report.exit_code)


def database_message(error: SQLAlchemyError) -> str:
    first_line = str(error.orig if hasattr(error, "orig") and error.orig else error).splitlines()[0]
    return f"database error: {first_line} (has the database been created with `lawreg init`?)"


@click.group("import")
def import_group() -> None:
    """Import laws from a source file (or folder); see `lawreg import FORMAT --help`."""


@import_group.command("jsonl")
@import_options
def import_jsonl(path: Path, **flags: Any) -> None:
    """Canonical JSONL, one law per line (what `lawreg export jsonl` writes)."""
    run_import_command("jsonl", path, flags)


@import_group.command("krisdika-catalog")
@import_options
def import_krisdika_catalog(path: Path, **flags: Any) -> None:
    """The Council of State's catalogue CSV (law_catalog.csv): metadata of ~850 laws."""
    run_import_command("krisdika-catalog", path, flags)


@import_group.command("krisdika-text")
@import_options
def import_krisdika_text(path: Path, **flags: Any) -> None:
    """The Council of State's consolidated texts: a folder of <sysid>.txt (or one file)."""
    run_import_command("krisdika-text", path, flags)


@import_group.command("thai-codes")
@import_options
def import_thai_codes(path: Path, **flags: Any) -> None:
    """The four codes' JSON files (a file, or a folder of *.json)."""
    run_import_command("thai-codes", path, flags)


@import_group.command("akn")
@import_options
def import_akn(path: Path, **flags: Any) -> None:
    """Akoma Ntoso XML written by lawreg (a file, or a folder of *.xml)."""
    run_import_command("akn", path, flags)


@import_group.command("thai-law-sections")
@import_options
def import_thai_law_sections(path: Path, **flags: Any) -> None:
    """Selected sections of Acts (a file, or a folder of *.json); adds missing sections only."""
    run_import_command("thai-law-sections", path, flags)


@import_group.command("text")
@import_options
@law_options
def import_text(path: Path, key: str, title: str, law_type: str | None, year: int | None, **flags: Any) -> None:
    """One law from a UTF-8 text file, cut into sections at "มาตรา N" / "ข้อ N" lines."""
    run_import_command("text", path, flags, key=key, title=title, law_type=law_type, year=year)


@import_group.command("pdf")
@import_options
@law_options
@click.option("--no-repair", is_flag=True, help="Keep the extracted text as it is (no Thai mark repair).")
def import_pdf(
    path: Path, key: str, title: str, law_type: str | None, year: int | None, no_repair: bool, **flags: Any
) -> None:
    """One law from a PDF with a text layer; Thai PDF damage is repaired unless --no-repair."""
    repair = None
    if not no_repair:
        from ..thai.repair import repair_pdf_damage

        repair = repair_pdf_damage
    run_import_command("pdf", path, flags, key=key, title=title, law_type=law_type, year=year, repair=repair)


@click.group("export")
def export_group() -> None:
    """Export the registry."""


@export_group.command("jsonl")
@click.argument("path", type=click.Path(path_type=Path, allow_dash=True))
def export_jsonl_command(path: Path) -> None:
    """Every law as canonical JSONL, ordered by key ("-" writes to standard output)."""
    from importers.export import export_jsonl

    try:
        with get_database().session() as session:
            count = export_jsonl(session, "-" if str(path) == "-" else path)
    except LawregError as error:
        raise click.ClickException(str(error)) from None
    except SQLAlchemyError as error:
        raise click.ClickException(database_message(error)) from None
    if str(path) != "-":
        click.echo(f"exported {count} laws to {path}")


@export_group.command("schema")
def export_schema_command() -> None:
    """The JSON Schema of one canonical JSONL line, as published in docs/jsonl.schema.json."""
    from importers.jsonl_schema import json_schema_text

    click.echo(json_schema_text(), nl=False)


def remove_demo() -> None:
    try:
        with unit_of_work(Actor.command_line()) as uow:
            keys = remove_demo_laws(uow)
    except LawregError as error:
        raise click.ClickException(str(error)) from None
    except SQLAlchemyError as error:
        raise click.ClickException(database_message(error)) from None
    click.echo(f"removed {len(keys)} demo laws" if keys else "the registry holds no demo law")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Load only when the registry holds no law yet.")
@click.option("--remove", is_flag=True,
              help="Remove the demo laws (and only them) instead, audited and from the search index.")
def demo_command(if_empty: bool, remove: bool) -> None:
    """Load the demo laws shipped with lawreg (safe to run again: nothing changes), or with
    --remove take them out again."""
    if remove:
        remove_demo()
        return
    try:
        if if_empty:
            with get_database().session() as session:
                count = session.scalar(select(func.count()).select_from(Law))
            if count:
                click.echo(f"the registry already holds {count} laws; demo not loaded")
                return
    except SQLAlchemyError as error:
        raise click.ClickException(database_message(error)) from None
    if not DEMO_PATH.is_file():
        raise click.ClickException(f"demo data not found at {DEMO_PATH}")
    run_import_command(
        "jsonl", DEMO_PATH,
        {"dry_run": False, "skip_invalid": False, "no_progress": True, "max_line_mb": 8, "verbose": False},
    )
