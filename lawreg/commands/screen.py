"""``lawreg screen`` (guillotine screening) and ``lawreg flags export``."""

from __future__ import annotations

import json
import os

import click
from sqlalchemy.exc import SQLAlchemyError

from ..db import get_database
from ..errors import LawregError
from ..services import Actor, unit_of_work
from ..services.flags.queries import export_flags
from ..services.flags.screening import ScreenSummary, screen


@click.command("screen")
@click.option("--all", "all_laws", is_flag=True, help="Screen every law in force.")
@click.option("--law", "law_keys", multiple=True, metavar="KEY", help="Screen this law (repeatable).")
@click.option("--dry-run", is_flag=True, help="Report what would be suggested; write nothing.")
@click.option("--processes", type=click.IntRange(min=1), default=None,
              help="Worker processes for --all (default: SCREEN_PROCS, else up to 2).")
def screen_command(all_laws: bool, law_keys: tuple[str, ...], dry_run: bool, processes: int | None) -> None:
    """Screen laws for outdated, duplicative and digital-obstructing provisions.

    Incremental: suggestions already recorded (including dismissed ones) are not made
    again unless the text has changed.
    """
    if all_laws == bool(law_keys):
        raise click.UsageError("give either --all or --law KEY")
    try:
        with unit_of_work(Actor.command_line()) as uow:
            summary = screen(
                uow, list(law_keys) if law_keys else None, dry_run=dry_run,
                processes=processes or _default_processes(),
            )
            if dry_run:
                uow.rollback()
    except LawregError as error:
        raise click.ClickException(str(error)) from None
    except SQLAlchemyError as error:
        first_line = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise click.ClickException(
            f"database error: {first_line} (has the database been created with `lawreg init`?)"
        ) from None
    click.echo(_summary_text(summary, dry_run))


def _default_processes() -> int:
    configured = os.environ.get("SCREEN_PROCS", "")
    return int(configured) if configured.isdigit() and int(configured) > 0 else min(2, os.cpu_count() or 1)


def _summary_text(summary: ScreenSummary, dry_run: bool) -> str:
    verb = "would add" if dry_run else "added"
    lines = [
        f"screened {summary.sections} sections of {summary.laws} laws: "
        f"{summary.findings} findings, {summary.duplicate_pairs} near-duplicate pairs",
        f"{verb} {summary.added} new suggestions, {summary.already_known} already recorded"
        + (f", {summary.superseded} superseded by changed text" if summary.superseded else ""),
    ]
    for category in sorted(summary.by_category):
        lines.append(
            f"  {category}: {summary.by_category[category]} found, "
            f"{summary.added_by_category.get(category, 0)} new"
        )
    return "\n".join(lines)


@click.group("flags")
def flags_group() -> None:
    """Screening flags."""


@flags_group.command("export")
@click.option("--json", "as_json", is_flag=True, required=True, help="JSON Lines, one flag a line.")
@click.option("--include-superseded", is_flag=True, help="Also flags on text changed since.")
def export_command(as_json: bool, include_superseded: bool) -> None:
    """Write every flag as JSON Lines to standard output."""
    try:
        with get_database().session() as session:
            for row in export_flags(session, include_superseded=include_superseded):
                click.echo(json.dumps(row, ensure_ascii=False))
    except SQLAlchemyError as error:
        first_line = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise click.ClickException(f"database error: {first_line}") from None
