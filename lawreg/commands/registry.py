"""Commands that manage the registry itself: the schema."""

from __future__ import annotations

import click

from ..db import get_database
from ..migrate import make_revision, upgrade


@click.command("init")
def init_command() -> None:
    """Create or upgrade the database schema (safe to run again)."""
    database = get_database()
    upgrade(database.engine)
    click.echo(f"database ready: {database.engine.url.render_as_string(hide_password=True)}")


@click.group("db")
def db_group() -> None:
    """Schema migrations (for developers)."""


@db_group.command("revision")
@click.option("-m", "--message", required=True)
def revision_command(message: str) -> None:
    """Autogenerate a migration from the models against the current database."""
    make_revision(get_database().engine, message)
